//! SPDX evaluation of `license` as crates.io does it (S14): whether crates.io accepts an
//! expression, where it fails, what a refused term most likely stands for, the current forms of
//! deprecated identifiers, and the rewrite that is certain enough for `--fix`.

use std::ops::Range;

use spdx::error::{ParseError, Reason};
use spdx::lexer::{Lexer, LexerToken, Token};
use spdx::{Expression, LicenseId, ParseMode};

/// How crates.io parses `license` (S14): the legacy `/`, `GPL-2.0+` and deprecated identifiers
/// pass; imprecise names (`Apache 2.0`), unknown terms and wrong case (`mit`) do not.
pub const CRATES_IO_MODE: ParseMode = ParseMode {
    allow_slash_as_or_operator: true,
    allow_imprecise_license_names: false,
    allow_postfix_plus_on_gpl: true,
    allow_deprecated: true,
    allow_unknown: false,
};

/// Like [`CRATES_IO_MODE`], but keeping unknown terms as tokens so they can be rewritten.
const REWRITE_MODE: ParseMode = ParseMode {
    allow_unknown: true,
    ..CRATES_IO_MODE
};

/// Why crates.io refuses a `license` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidLicense {
    /// The byte range of the part at fault, in the expression.
    pub span: Range<usize>,
    /// What is wrong there.
    pub reason: InvalidReason,
}

/// The kind of fault in a `license` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidReason {
    /// A term that is no SPDX license or exception identifier (wrong case counts).
    UnknownTerm,
    /// Nothing but whitespace.
    Empty,
    /// A syntax problem, in the spdx crate's words (`unclosed parens`, `expected one of ...`).
    Syntax(String),
}

/// What a term crates.io does not know most likely stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenseSuggestion {
    /// It can only mean this: the same identifier in other case (`mit`), or a deprecated one
    /// in its current form (`gpl-2.0+`). Safe to apply without asking.
    Certain(String),
    /// Probably this: a common informal name (`Apache 2.0`, `GPLv3`) or a near spelling.
    Likely(String),
    /// One of these; the author has to choose (`BSD`, `GPL-3.0`).
    OneOf(Vec<String>),
}

/// The current form of a deprecated SPDX identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModernForm {
    /// The same license under its current identifier (`GPL-2.0+` → `GPL-2.0-or-later`).
    /// Safe to apply without asking.
    Certain(&'static str),
    /// The identifier was ambiguous; these are the current readings (`GPL-3.0` →
    /// `GPL-3.0-only` or `GPL-3.0-or-later`).
    OneOf(Vec<String>),
    /// SPDX retired it in favour of this identifier or expression; worth checking first.
    Successor(&'static str),
    /// No replacement is known here.
    Unknown,
}

/// A deprecated identifier found in a valid expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeprecatedId {
    /// The byte range of the identifier (with a following `+`) in the expression.
    pub span: Range<usize>,
    /// The identifier as SPDX spells it, with the `+` when one follows.
    pub id: String,
    /// What to write instead.
    pub modern: ModernForm,
}

/// Families whose bare name could mean several licenses: no single guess is offered.
const FAMILIES: &[(&str, &[&str])] = &[
    ("bsd", &["BSD-2-Clause", "BSD-3-Clause"]),
    (
        "gpl",
        &[
            "GPL-2.0-only",
            "GPL-2.0-or-later",
            "GPL-3.0-only",
            "GPL-3.0-or-later",
        ],
    ),
    (
        "lgpl",
        &[
            "LGPL-2.1-only",
            "LGPL-2.1-or-later",
            "LGPL-3.0-only",
            "LGPL-3.0-or-later",
        ],
    ),
    ("agpl", &["AGPL-3.0-only", "AGPL-3.0-or-later"]),
    ("mpl", &["MPL-2.0", "MPL-1.1"]),
];

/// Corrections to spdx's imprecise-name table, which maps `gnu gpl v2` to GPL-3.0.
const IMPRECISE_FIXES: &[(&str, &str)] = &[("gnu gpl v2", "GPL-2.0-only")];

/// Deprecated identifiers that are not a GNU license with an `-only`/`-or-later` pair.
const RETIRED: &[(&str, ModernTable)] = &[
    (
        "BSD-2-Clause-FreeBSD",
        ModernTable::Successor("BSD-2-Clause-Views"),
    ),
    (
        "BSD-2-Clause-NetBSD",
        ModernTable::Successor("BSD-2-Clause"),
    ),
    ("StandardML-NJ", ModernTable::Successor("SMLNJ")),
    ("bzip2-1.0.5", ModernTable::Successor("bzip2-1.0.6")),
    ("Nunit", ModernTable::Successor("zlib-acknowledgement")),
    (
        "eCos-2.0",
        ModernTable::Successor("GPL-2.0-or-later WITH eCos-exception-2.0"),
    ),
    (
        "wxWindows",
        ModernTable::Successor("GPL-2.0-or-later WITH WxWindows-exception-3.1"),
    ),
    (
        "GPL-2.0-with-GCC-exception",
        ModernTable::Gnu("GPL-2.0", "GCC-exception-2.0"),
    ),
    (
        "GPL-2.0-with-autoconf-exception",
        ModernTable::Gnu("GPL-2.0", "Autoconf-exception-2.0"),
    ),
    (
        "GPL-2.0-with-bison-exception",
        ModernTable::Gnu("GPL-2.0", "Bison-exception-2.2"),
    ),
    (
        "GPL-2.0-with-classpath-exception",
        ModernTable::Gnu("GPL-2.0", "Classpath-exception-2.0"),
    ),
    (
        "GPL-2.0-with-font-exception",
        ModernTable::Gnu("GPL-2.0", "Font-exception-2.0"),
    ),
    (
        "GPL-3.0-with-GCC-exception",
        ModernTable::Gnu("GPL-3.0", "GCC-exception-3.1"),
    ),
    (
        "GPL-3.0-with-autoconf-exception",
        ModernTable::Gnu("GPL-3.0", "Autoconf-exception-3.0"),
    ),
];

enum ModernTable {
    Successor(&'static str),
    /// A GPL with an exception folded into the identifier: base and exception.
    Gnu(&'static str, &'static str),
}

/// Why crates.io would refuse `license`, parsing it exactly as crates.io does.
pub fn invalid_license(expression: &str) -> Option<InvalidLicense> {
    let error = Expression::parse_mode(expression, CRATES_IO_MODE).err()?;
    Some(classify(expression, error))
}

fn classify(expression: &str, error: ParseError) -> InvalidLicense {
    let reason = match error.reason {
        Reason::UnknownTerm | Reason::UnknownLicense | Reason::UnknownException => {
            InvalidReason::UnknownTerm
        }
        Reason::Empty => InvalidReason::Empty,
        other => InvalidReason::Syntax(other.to_string()),
    };
    let mut span = error.span;
    span.end = span.end.min(expression.len());
    InvalidLicense { span, reason }
}

/// The byte ranges of every legacy `/` separator in a valid expression.
pub fn legacy_separators(expression: &str) -> Vec<Range<usize>> {
    tokens(expression, CRATES_IO_MODE)
        .unwrap_or_default()
        .into_iter()
        .filter(|t| is_slash(expression, t))
        .map(|t| t.span)
        .collect()
}

/// The deprecated identifiers in a valid expression, with their current forms.
pub fn deprecated_ids(expression: &str) -> Vec<DeprecatedId> {
    let tokens = tokens(expression, CRATES_IO_MODE).unwrap_or_default();
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.token {
            Token::Spdx(id) if id.is_deprecated() => {
                let plus = plus_after(&tokens, i);
                let end = plus.as_ref().map_or(token.span.end, |p| p.end);
                found.push(DeprecatedId {
                    span: token.span.start..end,
                    id: format!("{}{}", id.name, if plus.is_some() { "+" } else { "" }),
                    modern: modern_form(id, plus.is_some()),
                });
            }
            Token::Exception(exception) if exception.is_deprecated() => {
                found.push(DeprecatedId {
                    span: token.span.clone(),
                    id: exception.name.to_string(),
                    modern: ModernForm::Unknown,
                });
            }
            _ => {}
        }
    }
    found
}

fn modern_form(id: LicenseId, or_later: bool) -> ModernForm {
    if let Some((_, entry)) = RETIRED.iter().find(|(name, _)| *name == id.name) {
        return match entry {
            ModernTable::Successor(successor) => ModernForm::Successor(successor),
            ModernTable::Gnu(base, exception) => {
                let choices = gnu_pair(base)
                    .into_iter()
                    .flatten()
                    .map(|license| format!("{license} WITH {exception}"))
                    .collect();
                ModernForm::OneOf(choices)
            }
        };
    }
    if !id.is_gnu() {
        return ModernForm::Unknown;
    }
    if or_later {
        return spdx::gnu_license_id(id.name, true).map_or(ModernForm::Unknown, |modern| {
            ModernForm::Certain(modern.name)
        });
    }
    match gnu_pair(id.name) {
        Some(pair) => ModernForm::OneOf(pair.map(str::to_string).to_vec()),
        None => ModernForm::Unknown,
    }
}

/// `BASE-only` and `BASE-or-later`, when SPDX has both.
fn gnu_pair(base: &str) -> Option<[&'static str; 2]> {
    let only = spdx::gnu_license_id(base, false)?;
    let later = spdx::gnu_license_id(base, true)?;
    Some([only.name, later.name])
}

/// The identifier a term that crates.io refuses can only mean: a license or exception
/// identifier in other case (`mit` → `MIT`, `apache-2.0` → `Apache-2.0`) when exactly one
/// matches, kept deprecated or not. A `--fix` can apply it without asking.
pub fn certain_license_id(term: &str) -> Option<&'static str> {
    if let Some(id) = spdx::license_id(term).filter(|_| !term.ends_with('+')) {
        return Some(id.name);
    }
    case_insensitive_license(term)
        .map(|id| id.name)
        .or_else(|| case_insensitive_exception(term))
}

/// What a term crates.io refuses most likely stands for. The term may end in `+` and may be
/// an informal phrase (`Apache 2.0`, `GPL v3`).
pub fn suggest_license(term: &str) -> Option<LicenseSuggestion> {
    let term = term.trim();
    let (base, plus) = split_plus(term);
    if let Some(id) = case_insensitive_license(base).or_else(|| spdx::license_id(base)) {
        return Some(match id.is_deprecated() {
            true => match modern_form(id, plus) {
                ModernForm::Certain(modern) => LicenseSuggestion::Certain(modern.to_string()),
                ModernForm::OneOf(choices) => LicenseSuggestion::OneOf(choices),
                ModernForm::Successor(_) | ModernForm::Unknown => {
                    LicenseSuggestion::Certain(with_plus(id, plus))
                }
            },
            false => LicenseSuggestion::Certain(with_plus(id, plus)),
        });
    }
    if let Some(exception) = case_insensitive_exception(base) {
        return Some(LicenseSuggestion::Certain(exception.to_string()));
    }
    let lower = base.to_lowercase();
    if let Some((_, choices)) = FAMILIES.iter().find(|(family, _)| *family == lower) {
        // `GPL+` still leaves the version open, but not "only".
        let choices = choices
            .iter()
            .filter(|c| !(plus && c.ends_with("-only")))
            .map(|c| c.to_string())
            .collect();
        return Some(LicenseSuggestion::OneOf(choices));
    }
    if let Some((id, len)) = imprecise_name(base)
        && len == base.len()
    {
        return Some(LicenseSuggestion::Likely(with_plus(id, plus)));
    }
    near_spelling(base).map(|id| LicenseSuggestion::Likely(with_plus(id, plus)))
}

/// `id` followed by `+`, as crates.io reads it: GNU licenses take `-or-later` instead.
pub(super) fn with_plus(id: LicenseId, plus: bool) -> String {
    if !plus {
        return id.name.to_string();
    }
    if id.is_gnu() {
        let base = id.name.strip_suffix("-only").unwrap_or(id.name);
        if let Some(later) = spdx::gnu_license_id(base, true) {
            return later.name.to_string();
        }
    }
    format!("{}+", id.name)
}

fn split_plus(term: &str) -> (&str, bool) {
    match term.strip_suffix('+') {
        Some(base) => (base, true),
        None => (term, false),
    }
}

/// The only license identifier equal to `term` ignoring ASCII case.
fn case_insensitive_license(term: &str) -> Option<LicenseId> {
    let mut matches = spdx::identifiers::LICENSES
        .iter()
        .filter(|l| !l.name.ends_with('+') && l.name.eq_ignore_ascii_case(term));
    match (matches.next(), matches.next()) {
        (Some(only), None) => spdx::license_id(only.name),
        _ => None,
    }
}

/// The only exception identifier equal to `term` ignoring ASCII case.
fn case_insensitive_exception(term: &str) -> Option<&'static str> {
    let mut matches = spdx::identifiers::EXCEPTIONS
        .iter()
        .filter(|e| e.name.eq_ignore_ascii_case(term));
    match (matches.next(), matches.next()) {
        (Some(only), None) => Some(only.name),
        _ => None,
    }
}

/// The longest informal license name from spdx's table that starts `text` and ends at a
/// word boundary, with the byte length it covers. Family names (`bsd`, `gpl`) are left out:
/// they do not say which license.
pub(super) fn imprecise_name(text: &str) -> Option<(LicenseId, usize)> {
    let fixes = IMPRECISE_FIXES.iter();
    let table = spdx::identifiers::IMPRECISE_NAMES
        .iter()
        .filter(|(name, _)| !IMPRECISE_FIXES.iter().any(|(fixed, _)| fixed == name));
    fixes
        .chain(table)
        .filter(|(name, _)| !FAMILIES.iter().any(|(family, _)| family == name))
        .filter(|(name, _)| {
            text.get(..name.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(name))
                && text[name.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || matches!(c, '/' | ')' | '+'))
        })
        .max_by_key(|(name, _)| name.len())
        .and_then(|(name, id)| Some((spdx::license_id(id)?, name.len())))
}

/// A current license identifier spelled almost like `term`, when one stands out.
fn near_spelling(term: &str) -> Option<LicenseId> {
    let lower = term.to_lowercase();
    let mut scored: Vec<(f64, &'static str)> = spdx::identifiers::LICENSES
        .iter()
        .filter(|l| l.flags & spdx::flags::IS_DEPRECATED == 0)
        .map(|l| {
            let score = strsim::normalized_damerau_levenshtein(&lower, &l.name.to_lowercase());
            (score, l.name)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best, name) = *scored.first()?;
    let runner_up = scored.get(1).map_or(0.0, |s| s.0);
    (best >= 0.8 && best - runner_up >= 0.05)
        .then(|| spdx::license_id(name))
        .flatten()
}

/// `expression` with every certain rewrite applied: the legacy `/` as `OR`, operators in
/// upper case, identifiers in their SPDX case when only one matches ([`certain_license_id`]),
/// and deprecated identifiers whose current form is [`ModernForm::Certain`]
/// (`GPL-2.0+` → `GPL-2.0-or-later`). Ambiguous ones (`GPL-3.0`) are left as they are.
///
/// Every rewrite keeps the meaning, so a `--fix` can apply the result without asking.
/// `None` when nothing changes, or when crates.io would still refuse the result.
pub fn modern_expression(expression: &str) -> Option<String> {
    let tokens = tokens(expression, REWRITE_MODE)?;
    let mut out = String::with_capacity(expression.len() + 8);
    let mut copied = 0;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let start = token.span.start;
        let mut end = token.span.end;
        let replacement: Option<String> = match &token.token {
            Token::Or if is_slash(expression, token) => {
                out.push_str(&expression[copied..start]);
                copied = end;
                if !out.is_empty() && !out.ends_with(char::is_whitespace) {
                    out.push(' ');
                }
                out.push_str("OR");
                if !expression[end..].is_empty()
                    && !expression[end..].starts_with(char::is_whitespace)
                {
                    out.push(' ');
                }
                i += 1;
                continue;
            }
            Token::Or => Some("OR".to_string()),
            Token::And => Some("AND".to_string()),
            Token::With => Some("WITH".to_string()),
            Token::Spdx(id) => {
                let plus = plus_after(&tokens, i);
                match modern_form(*id, plus.is_some()) {
                    ModernForm::Certain(modern) if id.is_deprecated() => {
                        if let Some(plus) = plus {
                            end = plus.end;
                            i += 1;
                        }
                        Some(modern.to_string())
                    }
                    _ => None,
                }
            }
            Token::Unknown(term) => {
                let id = certain_license_id(term)?;
                match spdx::license_id(id) {
                    Some(license) if license.is_deprecated() => {
                        let plus = plus_after(&tokens, i);
                        match modern_form(license, plus.is_some()) {
                            ModernForm::Certain(modern) => {
                                if let Some(plus) = plus {
                                    end = plus.end;
                                    i += 1;
                                }
                                Some(modern.to_string())
                            }
                            _ => Some(id.to_string()),
                        }
                    }
                    _ => Some(id.to_string()),
                }
            }
            _ => None,
        };
        if let Some(replacement) = replacement {
            out.push_str(&expression[copied..start]);
            out.push_str(&replacement);
            copied = end;
        }
        i += 1;
    }
    out.push_str(&expression[copied..]);
    (out != expression && Expression::parse_mode(&out, CRATES_IO_MODE).is_ok()).then_some(out)
}

fn tokens(expression: &str, mode: ParseMode) -> Option<Vec<LexerToken<'_>>> {
    Lexer::new_mode(expression, mode)
        .collect::<Result<Vec<_>, _>>()
        .ok()
}

fn is_slash(expression: &str, token: &LexerToken<'_>) -> bool {
    token.token == Token::Or && expression.get(token.span.clone()) == Some("/")
}

/// The span of a `+` written right after token `i`.
fn plus_after(tokens: &[LexerToken<'_>], i: usize) -> Option<Range<usize>> {
    let next = tokens.get(i + 1)?;
    (next.token == Token::Plus && next.span.start == tokens[i].span.end).then(|| next.span.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The current form of a deprecated identifier written as SPDX spells it, with an optional
    /// `+`; `None` when it is not a deprecated identifier.
    fn modern_license_id(id: &str) -> Option<ModernForm> {
        let (base, plus) = split_plus(id);
        let license = spdx::license_id(base)?;
        license.is_deprecated().then(|| modern_form(license, plus))
    }

    /// The one identifier [`suggest_license`] offers for `term`, when it offers one.
    fn suggest_license_id(term: &str) -> Option<&'static str> {
        match suggest_license(term)? {
            LicenseSuggestion::Certain(id) | LicenseSuggestion::Likely(id) => spdx::license_id(&id)
                .map(|l| l.name)
                .or_else(|| spdx::exception_id(&id).map(|e| e.name)),
            LicenseSuggestion::OneOf(_) => None,
        }
    }

    #[test]
    fn crates_io_accepts_and_refuses() {
        let accepted = [
            "MIT",
            "MIT OR Apache-2.0",
            "MIT/Apache-2.0",
            "MIT / Apache-2.0",
            "MIT OR Apache-2.0 WITH LLVM-exception",
            "MIT or Apache-2.0",
            "(MIT OR Apache-2.0) AND Unicode-3.0",
            "GPL-3.0+",
            "GPL-2.0",
            "GPL-3.0-or-later",
            "LGPL-2.1-only+",
            "Apache-2.0+",
            "LicenseRef-Foo",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "Apache-2.0 WITH LLVM-exception",
        ];
        for expression in accepted {
            assert_eq!(invalid_license(expression), None, "{expression:?}");
        }
        let refused: &[(&str, Range<usize>, InvalidReason)] = &[
            ("mit", 0..3, InvalidReason::UnknownTerm),
            ("Apache 2.0", 0..6, InvalidReason::UnknownTerm),
            ("Apache2", 0..7, InvalidReason::UnknownTerm),
            ("MIT OR GPLv3", 7..12, InvalidReason::UnknownTerm),
            ("BSD", 0..3, InvalidReason::UnknownTerm),
            ("Foo-License", 0..11, InvalidReason::UnknownTerm),
            ("   ", 0..3, InvalidReason::Empty),
        ];
        for (expression, span, reason) in refused {
            let invalid = invalid_license(expression).unwrap_or_else(|| panic!("{expression:?}"));
            assert_eq!(&invalid.reason, reason, "{expression:?}");
            assert_eq!(&invalid.span, span, "{expression:?}");
        }
        for expression in [
            "MIT Apache-2.0",
            "MIT,Apache-2.0",
            "(MIT",
            "MIT)",
            "MIT OR",
            "GPL-3.0-or-later+",
        ] {
            assert!(
                matches!(
                    invalid_license(expression),
                    Some(InvalidLicense {
                        reason: InvalidReason::Syntax(_),
                        ..
                    })
                ),
                "{expression:?}: {:?}",
                invalid_license(expression)
            );
        }
    }

    #[test]
    fn suggested_ids() {
        let cases: &[(&str, Option<&str>)] = &[
            ("mit", Some("MIT")),
            ("Mit", Some("MIT")),
            ("apache-2.0", Some("Apache-2.0")),
            ("Apache2", Some("Apache-2.0")),
            ("apache", Some("Apache-2.0")),
            ("GPLv3", Some("GPL-3.0-only")),
            ("gplv2", Some("GPL-2.0-only")),
            ("cc0", Some("CC0-1.0")),
            ("bsd3", Some("BSD-3-Clause")),
            ("zlib", Some("Zlib")),
            ("llvm-exception", Some("LLVM-exception")),
            ("Apahce-2.0", Some("Apache-2.0")),
            ("gpl-2.0+", Some("GPL-2.0-or-later")),
            ("BSD", None),
            ("gpl", None),
            ("gpl-3.0", None),
            ("Proprietary", None),
            ("xyz", None),
        ];
        for (term, expected) in cases {
            assert_eq!(suggest_license_id(term), *expected, "{term:?}");
        }
    }

    #[test]
    fn certain_ids_are_case_fixes_only() {
        let cases: &[(&str, Option<&str>)] = &[
            ("mit", Some("MIT")),
            ("MIT", Some("MIT")),
            ("APACHE-2.0", Some("Apache-2.0")),
            ("gpl-3.0", Some("GPL-3.0")),
            ("llvm-exception", Some("LLVM-exception")),
            ("Apache2", None),
            ("GPLv3", None),
            ("Apahce-2.0", None),
            ("BSD", None),
        ];
        for (term, expected) in cases {
            assert_eq!(certain_license_id(term), *expected, "{term:?}");
        }
    }

    #[test]
    fn family_names_offer_choices() {
        let Some(LicenseSuggestion::OneOf(choices)) = suggest_license("BSD") else {
            panic!("{:?}", suggest_license("BSD"));
        };
        assert_eq!(choices, ["BSD-2-Clause", "BSD-3-Clause"]);
        let Some(LicenseSuggestion::OneOf(choices)) = suggest_license("gpl-3.0") else {
            panic!("{:?}", suggest_license("gpl-3.0"));
        };
        assert_eq!(choices, ["GPL-3.0-only", "GPL-3.0-or-later"]);
        let Some(LicenseSuggestion::OneOf(choices)) = suggest_license("GPL+") else {
            panic!("{:?}", suggest_license("GPL+"));
        };
        assert_eq!(choices, ["GPL-2.0-or-later", "GPL-3.0-or-later"]);
        assert_eq!(
            suggest_license("Apache 2.0"),
            Some(LicenseSuggestion::Likely("Apache-2.0".into()))
        );
        assert_eq!(
            suggest_license("gnu gpl v2"),
            Some(LicenseSuggestion::Likely("GPL-2.0-only".into()))
        );
        assert_eq!(
            suggest_license("mit"),
            Some(LicenseSuggestion::Certain("MIT".into()))
        );
    }

    fn one_of(choices: &[&str]) -> ModernForm {
        ModernForm::OneOf(choices.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn modern_forms_of_deprecated_ids() {
        let cases: &[(&str, Option<ModernForm>)] = &[
            ("GPL-2.0+", Some(ModernForm::Certain("GPL-2.0-or-later"))),
            ("LGPL-2.1+", Some(ModernForm::Certain("LGPL-2.1-or-later"))),
            ("AGPL-3.0+", Some(ModernForm::Certain("AGPL-3.0-or-later"))),
            (
                "GPL-3.0",
                Some(one_of(&["GPL-3.0-only", "GPL-3.0-or-later"])),
            ),
            (
                "LGPL-2.1",
                Some(one_of(&["LGPL-2.1-only", "LGPL-2.1-or-later"])),
            ),
            (
                "GFDL-1.3",
                Some(one_of(&["GFDL-1.3-only", "GFDL-1.3-or-later"])),
            ),
            (
                "GPL-2.0-with-classpath-exception",
                Some(one_of(&[
                    "GPL-2.0-only WITH Classpath-exception-2.0",
                    "GPL-2.0-or-later WITH Classpath-exception-2.0",
                ])),
            ),
            ("StandardML-NJ", Some(ModernForm::Successor("SMLNJ"))),
            ("Net-SNMP", Some(ModernForm::Unknown)),
            ("MIT", None),
            ("GPL-3.0-only", None),
            ("nonsense", None),
        ];
        for (id, expected) in cases {
            assert_eq!(modern_license_id(id), *expected, "{id:?}");
        }
    }

    #[test]
    fn every_deprecated_license_has_a_checked_modern_form() {
        for license in spdx::identifiers::LICENSES {
            if license.flags & spdx::flags::IS_DEPRECATED == 0 {
                continue;
            }
            let forms = match modern_license_id(license.name) {
                Some(ModernForm::Certain(one) | ModernForm::Successor(one)) => {
                    vec![one.to_string()]
                }
                Some(ModernForm::OneOf(choices)) => {
                    assert!(choices.len() >= 2, "{}", license.name);
                    choices
                }
                Some(ModernForm::Unknown) => continue,
                None => panic!("{} is deprecated but has no modern form", license.name),
            };
            for form in forms {
                let parsed = Expression::parse_mode(&form, ParseMode::STRICT);
                assert!(parsed.is_ok(), "{} -> {form}: {parsed:?}", license.name);
            }
        }
        // Only the identifiers no replacement is known for are left without one.
        let unknown: Vec<_> = spdx::identifiers::LICENSES
            .iter()
            .filter(|l| modern_license_id(l.name) == Some(ModernForm::Unknown))
            .map(|l| l.name)
            .collect();
        assert_eq!(unknown, ["Net-SNMP"]);
    }

    #[test]
    fn modern_expressions() {
        let cases: &[(&str, Option<&str>)] = &[
            ("MIT/Apache-2.0", Some("MIT OR Apache-2.0")),
            ("MIT / Apache-2.0", Some("MIT OR Apache-2.0")),
            ("(MIT/Apache-2.0)", Some("(MIT OR Apache-2.0)")),
            ("MIT/Apache-2.0/Zlib", Some("MIT OR Apache-2.0 OR Zlib")),
            ("mit or apache-2.0", Some("MIT OR Apache-2.0")),
            ("GPL-2.0+", Some("GPL-2.0-or-later")),
            ("gpl-2.0+ OR MIT", Some("GPL-2.0-or-later OR MIT")),
            ("MIT/GPL-3.0", Some("MIT OR GPL-3.0")),
            (
                "Apache-2.0 with llvm-exception",
                Some("Apache-2.0 WITH LLVM-exception"),
            ),
            ("MIT OR Apache-2.0", None),
            ("GPL-3.0", None),
            ("Apache 2.0", None),
            ("BSD", None),
            ("MIT, Apache-2.0", None),
        ];
        for (expression, expected) in cases {
            assert_eq!(
                modern_expression(expression).as_deref(),
                *expected,
                "{expression:?}"
            );
        }
    }

    #[test]
    fn separators_and_deprecated_ids_in_valid_expressions() {
        assert_eq!(legacy_separators("MIT/Apache-2.0 / Zlib"), [3..4, 15..16]);
        assert!(legacy_separators("MIT OR Apache-2.0").is_empty());
        let found = deprecated_ids("MIT OR GPL-2.0+ OR LGPL-2.1");
        let ids: Vec<_> = found
            .iter()
            .map(|d| (d.id.as_str(), d.span.clone()))
            .collect();
        assert_eq!(ids, [("GPL-2.0+", 7..15), ("LGPL-2.1", 19..27)]);
        assert!(deprecated_ids("GPL-3.0-or-later").is_empty());
    }
}
