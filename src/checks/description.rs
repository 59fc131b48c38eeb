//! The `description` field (S11, S12).

use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level};

/// S11: description missing or empty.
pub static MISSING_DESCRIPTION: Check = Check {
    name: "missing_description",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`description` is missing or empty",
    explain: "crates.io refuses a crate without a `description` (\"missing or empty metadata \
fields: description\"). It is the line shown under the name in search results.\n\nFix: add \
`description = \"...\"` to `[package]`: one sentence saying what the crate does.",
};

/// S12: description longer than 1000 bytes.
pub static DESCRIPTION_TOO_LONG: Check = Check {
    name: "description_too_long",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`description` is longer than 1000 bytes",
    explain: "crates.io refuses a `description` longer than 1000 bytes of UTF-8 (its message \
says characters, but it counts bytes, so accented and non-Latin text reaches the limit \
sooner).\n\nFix: keep the description to a sentence or two and move the rest to the README.",
};

/// The longest description crates.io accepts, in bytes of UTF-8.
pub const MAX_DESCRIPTION_BYTES: usize = 1000;

/// Why crates.io refuses a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescriptionProblem {
    /// Not set, or set to `""`. Whitespace alone passes crates.io, so it is not this.
    Missing,
    /// Longer than 1000 bytes; holds the byte length.
    TooLong(usize),
}

/// The reason crates.io would refuse `description`, if any.
pub fn description_problem(description: Option<&str>) -> Option<DescriptionProblem> {
    match description {
        None | Some("") => Some(DescriptionProblem::Missing),
        Some(text) if text.len() > MAX_DESCRIPTION_BYTES => {
            Some(DescriptionProblem::TooLong(text.len()))
        }
        Some(_) => None,
    }
}

/// Runs the description checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    const DESCRIPTION: &[&str] = &["package", "description"];
    let description = ctx.package.description.as_deref();
    match description_problem(description) {
        Some(DescriptionProblem::Missing) => {
            let message = match description {
                Some(_) => "`description` is empty",
                None => "`description` is not set",
            };
            sink.report(
                &MISSING_DESCRIPTION,
                Target::key(DESCRIPTION),
                message,
                Some(
                    "add `description = \"...\"` to `[package]`: one sentence saying what the \
crate does"
                        .to_string(),
                ),
            );
        }
        Some(DescriptionProblem::TooLong(bytes)) => {
            let text = description.unwrap_or_default();
            let chars = text.chars().count();
            let counted = if chars <= MAX_DESCRIPTION_BYTES {
                format!(" (crates.io counts bytes: it is {chars} characters)")
            } else {
                String::new()
            };
            sink.report(
                &DESCRIPTION_TOO_LONG,
                Target::key(DESCRIPTION),
                format!(
                    "`description` is {bytes} bytes long, more than the {MAX_DESCRIPTION_BYTES} \
crates.io accepts{counted}: `{}`",
                    excerpt(text)
                ),
                Some(format!(
                    "cut {} bytes: keep it to a sentence or two and move the rest to the README",
                    bytes - MAX_DESCRIPTION_BYTES
                )),
            );
        }
        None => {}
    }
}

/// The start of a long text, to show which value is meant without repeating all of it.
fn excerpt(text: &str) -> String {
    const SHOWN: usize = 40;
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}...", &line[..end]),
        None if line.len() < text.len() => format!("{line}..."),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{names, run};
    use serde_json::json;

    #[test]
    fn description_rules() {
        let exactly = "a".repeat(1000);
        let over = "a".repeat(1001);
        // 500 two-byte characters: 1000 bytes; one more character is over.
        let accented_ok = "é".repeat(500);
        let accented_over = format!("{accented_ok}a");
        let cases: &[(Option<&str>, Option<DescriptionProblem>)] = &[
            (None, Some(DescriptionProblem::Missing)),
            (Some(""), Some(DescriptionProblem::Missing)),
            (Some("   "), None),
            (Some("Parses things"), None),
            (Some(&exactly), None),
            (Some(&over), Some(DescriptionProblem::TooLong(1001))),
            (Some(&accented_ok), None),
            (
                Some(&accented_over),
                Some(DescriptionProblem::TooLong(1001)),
            ),
        ];
        for (description, expected) in cases {
            assert_eq!(
                description_problem(*description),
                *expected,
                "{description:?}"
            );
        }
    }

    #[test]
    fn excerpts_cut_long_text_at_a_character() {
        assert_eq!(excerpt("short"), "short");
        assert_eq!(excerpt("first line\nsecond"), "first line...");
        let long = "é".repeat(50);
        assert_eq!(excerpt(&long), format!("{}...", "é".repeat(40)));
    }

    #[test]
    fn check_reports_missing_and_long_descriptions() {
        let findings = run("[package]\nname = \"a\"\n", json!({}), check);
        assert_eq!(names(&findings), ["missing_description"]);
        assert_eq!(findings[0].message, "`description` is not set");
        assert_eq!(findings[0].location.as_ref().map(|l| l.line), Some(1));

        let findings = run(
            "[package]\nname = \"a\"\ndescription = \"\"\n",
            json!({}),
            check,
        );
        assert_eq!(names(&findings), ["missing_description"]);
        assert_eq!(findings[0].location.as_ref().map(|l| l.line), Some(3));

        assert!(run("[package]\ndescription = \" \"\n", json!({}), check).is_empty());

        let long = "é".repeat(501);
        let findings = run(
            &format!("[package]\ndescription = \"{long}\"\n"),
            json!({}),
            check,
        );
        assert_eq!(names(&findings), ["description_too_long"]);
        assert!(
            findings[0].message.contains("1002 bytes"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[0].message.contains("501 characters"),
            "{}",
            findings[0].message
        );
        assert!(findings[0].help.as_deref().unwrap().contains("cut 2 bytes"));
    }

    #[test]
    fn inherited_description_is_checked_at_the_member_key() {
        let findings = run(
            "[package]\nname = \"a\"\ndescription.workspace = true\n",
            json!({ "description": "x".repeat(1001) }),
            check,
        );
        assert_eq!(names(&findings), ["description_too_long"]);
        let location = findings[0].location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (3, 1));
    }
}
