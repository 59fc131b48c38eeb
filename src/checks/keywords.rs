//! The `keywords` field (S18–S20).

use std::collections::{HashMap, HashSet};

use super::{PackageContext, Sink, Target, edit};
use crate::model::{Check, Level, backquoted};

/// S18: more than five keywords.
pub static TOO_MANY_KEYWORDS: Check = Check {
    name: "too_many_keywords",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 5 keywords",
    explain: "crates.io refuses more than 5 keywords (\"expected at most 5 keywords per \
crate\").\n\nFix: keep the 5 words people would search for.",
};

/// S19, S20: a keyword crates.io refuses.
pub static INVALID_KEYWORD: Check = Check {
    name: "invalid_keyword",
    default: Level::Deny,
    blocks_publish: true,
    summary: "keyword is empty, longer than 20 bytes, or has characters crates.io refuses",
    explain: "Each keyword must be 1 to 20 bytes, start with an ASCII letter or digit, and \
continue with ASCII letters, digits, `_`, `-` or `+`. Spaces are refused.\n\nFix: shorten it, \
and write `command-line` for `command line`.",
};

/// Keywords that repeat.
pub static DUPLICATE_KEYWORD: Check = Check {
    name: "duplicate_keyword",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the same keyword appears twice (crates.io compares them lowercased)",
    explain: "crates.io stores keywords lowercased, so `Parser` and `parser` are one keyword \
using two of the five places.\n\nFix: remove the repeat.",
};

/// Policy: at least one keyword.
pub static MISSING_KEYWORDS: Check = Check {
    name: "missing_keywords",
    default: Level::Deny,
    blocks_publish: false,
    summary: "no `keywords`",
    explain: "Keywords are how people find a crate in crates.io search. crates.io does not \
require them; cargo-ready does by default.\n\nFix: add `keywords = [\"...\"]` with up to 5 \
words, or set `missing_keywords = \"allow\"` in `[package.metadata.ready]`.",
};

/// The most keywords crates.io accepts.
pub const MAX_KEYWORDS: usize = 5;

/// The longest keyword crates.io accepts, in bytes.
pub const MAX_KEYWORD_BYTES: usize = 20;

/// Why crates.io refuses a keyword (S19, S20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordProblem {
    /// The keyword is `""`.
    Empty,
    /// Longer than 20 bytes; holds the byte length.
    TooLong(usize),
    /// The first character is not an ASCII letter or digit.
    BadFirstChar(char),
    /// A later character is not an ASCII letter, digit, `_`, `-` or `+`.
    BadChar(char),
}

/// The reason crates.io would refuse `keyword`, if any.
pub fn keyword_problem(keyword: &str) -> Option<KeywordProblem> {
    let mut chars = keyword.chars();
    let Some(first) = chars.next() else {
        return Some(KeywordProblem::Empty);
    };
    if keyword.len() > MAX_KEYWORD_BYTES {
        return Some(KeywordProblem::TooLong(keyword.len()));
    }
    if !first.is_ascii_alphanumeric() {
        return Some(KeywordProblem::BadFirstChar(first));
    }
    chars
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+')))
        .map(KeywordProblem::BadChar)
}

/// The keyword crates.io would store for `keyword` written the usual way: trimmed, lowercase,
/// spaces as `-`, other refused characters dropped. `None` when that is still not a valid
/// keyword (empty, or longer than 20 bytes).
pub fn normalize_keyword(keyword: &str) -> Option<String> {
    let mut normal = String::with_capacity(keyword.len());
    for c in keyword.trim().chars() {
        if c.is_whitespace() {
            if !normal.ends_with('-') {
                normal.push('-');
            }
        } else if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+') {
            normal.push(c.to_ascii_lowercase());
        }
    }
    let normal = normal.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    keyword_problem(normal)
        .is_none()
        .then(|| normal.to_string())
}

/// Runs the keyword checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    const KEYWORDS: &[&str] = &["package", "keywords"];
    let keywords = &ctx.package.keywords;
    if keywords.is_empty() {
        sink.report(
            &MISSING_KEYWORDS,
            Target::key(KEYWORDS),
            "no `keywords`",
            Some(
                "add `keywords = [\"...\"]` with up to 5 words people would search for".to_string(),
            ),
        );
        return;
    }
    if keywords.len() > MAX_KEYWORDS {
        let extra = &keywords[MAX_KEYWORDS..];
        sink.report(
            &TOO_MANY_KEYWORDS,
            Target::element(KEYWORDS, MAX_KEYWORDS),
            format!(
                "{} keywords, more than the {MAX_KEYWORDS} crates.io accepts: {} over the limit",
                keywords.len(),
                backquoted(extra)
            ),
            Some(format!(
                "remove {} of them, keeping the words people would search for",
                extra.len()
            )),
        );
    }
    let repeats = keywords
        .iter()
        .map(|k| k.to_lowercase())
        .collect::<HashSet<_>>()
        .len()
        < keywords.len();
    let fixable = repeats
        || keywords
            .iter()
            .any(|k| keyword_problem(k).is_some() || k.bytes().any(|b| b.is_ascii_uppercase()));
    let fix = fixable
        .then(|| ctx.defined_at("keywords"))
        .flatten()
        .and_then(|(manifest, keys)| edit::rewrite_array(manifest, &keys, fixed_keyword));
    for (index, keyword) in keywords.iter().enumerate() {
        if let Some(problem) = keyword_problem(keyword) {
            let (message, help) = describe_keyword_problem(keyword, problem);
            let finding = sink.report(
                &INVALID_KEYWORD,
                Target::element(KEYWORDS, index),
                message,
                Some(help),
            );
            if let Some(fix) = fix.as_ref().filter(|_| fixed_keyword(keyword).is_some()) {
                finding.suggest(fix.clone());
            }
        }
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (index, keyword) in keywords.iter().enumerate() {
        if keyword.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&keyword.to_lowercase()) {
            let message = if *first == keyword.as_str() {
                format!("keyword `{keyword}` appears twice")
            } else {
                format!(
                    "keyword `{keyword}` repeats `{first}` (crates.io stores keywords lowercased)"
                )
            };
            let finding = sink.report(
                &DUPLICATE_KEYWORD,
                Target::element(KEYWORDS, index),
                message,
                Some(format!("remove this `{keyword}`")),
            );
            if let Some(fix) = &fix {
                finding.suggest(fix.clone());
            }
        } else {
            seen.insert(keyword.to_lowercase(), keyword);
        }
    }
}

/// The keyword `--fix` writes instead of `keyword`, when it is certain and different.
fn fixed_keyword(keyword: &str) -> Option<String> {
    let normal = normalize_keyword(keyword)?;
    (normal != keyword).then_some(normal)
}

fn describe_keyword_problem(keyword: &str, problem: KeywordProblem) -> (String, String) {
    let suggestion = normalize_keyword(keyword).filter(|normal| normal != keyword);
    let fix = |rule: String| match &suggestion {
        Some(normal) => format!("write `{normal}`: {rule}"),
        None => rule,
    };
    match problem {
        KeywordProblem::Empty => (
            "keyword `\"\"` is empty, which crates.io refuses".to_string(),
            "remove the empty string from `keywords`".to_string(),
        ),
        KeywordProblem::TooLong(bytes) => (
            format!(
                "keyword `{keyword}` is {bytes} bytes long, more than the {MAX_KEYWORD_BYTES} \
crates.io accepts"
            ),
            fix(format!(
                "shorten it to at most {MAX_KEYWORD_BYTES} bytes, or split it into two keywords"
            )),
        ),
        KeywordProblem::BadFirstChar(c) => (
            format!("keyword `{keyword}` starts with `{c}`, which crates.io refuses"),
            fix("a keyword starts with an ASCII letter or digit".to_string()),
        ),
        KeywordProblem::BadChar(c) => (
            format!("keyword `{keyword}` contains `{c}`, which crates.io refuses"),
            fix("keywords use only ASCII letters, digits, `_`, `-` and `+`".to_string()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{names, run};
    use serde_json::json;

    #[test]
    fn keyword_rules() {
        let twenty = "a".repeat(20);
        let twenty_one = "a".repeat(21);
        let cases: &[(&str, Option<KeywordProblem>)] = &[
            ("parser", None),
            ("Parser", None),
            ("c++", None),
            ("no_std", None),
            ("3d", None),
            ("a", None),
            ("x-", None),
            (&twenty, None),
            (&twenty_one, Some(KeywordProblem::TooLong(21))),
            ("", Some(KeywordProblem::Empty)),
            ("command line", Some(KeywordProblem::BadChar(' '))),
            ("-cli", Some(KeywordProblem::BadFirstChar('-'))),
            ("_private", Some(KeywordProblem::BadFirstChar('_'))),
            ("+plus", Some(KeywordProblem::BadFirstChar('+'))),
            (" cli", Some(KeywordProblem::BadFirstChar(' '))),
            ("cli.rs", Some(KeywordProblem::BadChar('.'))),
            ("café", Some(KeywordProblem::BadChar('é'))),
            // 10 characters, 20 bytes: accepted by length, refused by character.
            ("éééééééééé", Some(KeywordProblem::BadFirstChar('é'))),
            // 11 characters, 21 bytes: refused by length first.
            ("aéééééééééé", Some(KeywordProblem::TooLong(21))),
        ];
        for (keyword, expected) in cases {
            assert_eq!(keyword_problem(keyword), *expected, "{keyword:?}");
        }
    }

    #[test]
    fn normalized_keywords() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Command Line", Some("command-line")),
            ("  command   line  ", Some("command-line")),
            ("cli.rs", Some("clirs")),
            ("-cli", Some("cli")),
            ("C++", Some("c++")),
            ("parser", Some("parser")),
            ("café", Some("caf")),
            ("", None),
            ("...", None),
            ("a very long keyword phrase", None),
        ];
        for (keyword, expected) in cases {
            assert_eq!(
                normalize_keyword(keyword).as_deref(),
                *expected,
                "{keyword:?}"
            );
        }
    }

    #[test]
    fn normalized_keywords_are_always_valid() {
        for keyword in [
            "Foo Bar",
            "+x",
            "ÄÖÜ abc",
            "a\tb",
            "x_y-z+w",
            "12345678901234567890",
        ] {
            if let Some(normal) = normalize_keyword(keyword) {
                assert_eq!(keyword_problem(&normal), None, "{keyword:?} -> {normal:?}");
            }
        }
    }

    #[test]
    fn check_points_at_bad_and_extra_keywords() {
        let toml = "[package]\nname = \"a\"\nkeywords = [\"one\", \"Command Line\", \"three\", \"four\", \"five\", \"six\"]\n";
        let findings = run(toml, json!({}), check);
        assert_eq!(names(&findings), ["too_many_keywords", "invalid_keyword"]);
        let too_many = &findings[0];
        assert!(too_many.message.contains("`six`"), "{}", too_many.message);
        let column = toml.lines().nth(2).unwrap().find("\"six\"").unwrap() + 1;
        assert_eq!(
            too_many.location.as_ref().map(|l| (l.line, l.column)),
            Some((3, column))
        );

        let invalid = &findings[1];
        assert!(invalid.message.contains("`Command Line`"));
        assert!(
            invalid
                .help
                .as_deref()
                .unwrap()
                .starts_with("write `command-line`")
        );
        let column = toml.lines().nth(2).unwrap().find("\"Command").unwrap() + 1;
        assert_eq!(
            invalid.location.as_ref().map(|l| (l.line, l.column)),
            Some((3, column))
        );
    }

    #[test]
    fn check_reports_duplicates_and_missing() {
        let findings = run(
            "[package]\nkeywords = [\"parser\", \"Parser\", \"x\", \"x\"]\n",
            json!({}),
            check,
        );
        assert_eq!(names(&findings), ["duplicate_keyword", "duplicate_keyword"]);
        assert!(findings[0].message.contains("`Parser` repeats `parser`"));
        assert!(findings[1].message.contains("`x` appears twice"));

        let findings = run("[package]\nname = \"a\"\n", json!({}), check);
        assert_eq!(names(&findings), ["missing_keywords"]);
        let findings = run("[package]\nkeywords = []\n", json!({}), check);
        assert_eq!(names(&findings), ["missing_keywords"]);

        let five = "[package]\nkeywords = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n";
        assert!(run(five, json!({}), check).is_empty());
    }

    #[test]
    fn inherited_keywords_point_at_the_member_key() {
        let findings = run(
            "[package]\nname = \"a\"\nkeywords.workspace = true\n",
            json!({ "keywords": ["ok", "not ok"] }),
            check,
        );
        assert_eq!(names(&findings), ["invalid_keyword"]);
        let location = findings[0].location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (3, 1));
    }
}
