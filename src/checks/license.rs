//! The `license` and `license-file` fields (S13, S14, C2, C14), parsed the way crates.io does.

use std::ops::Range;

use spdx::error::{ParseError, Reason};
use spdx::lexer::{Lexer, LexerToken, Token};
use spdx::{Expression, LicenseId, ParseMode};

use super::{Check, Level, PackageContext, Sink, Target};
use crate::report::Location;

/// S13: neither license nor license-file.
pub static MISSING_LICENSE: Check = Check {
    name: "missing_license",
    default: Level::Deny,
    blocks_publish: true,
    summary: "neither `license` nor `license-file` is set",
    explain: "crates.io refuses a crate with neither `license` nor `license-file` (\"missing or \
empty metadata fields: license\").\n\nFix: add an SPDX expression, e.g. `license = \"MIT OR \
Apache-2.0\"`, or `license-file = \"LICENSE\"` for a license SPDX does not list.",
};

/// S14: license is not an SPDX expression crates.io accepts.
pub static INVALID_LICENSE: Check = Check {
    name: "invalid_license",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`license` is not a valid SPDX expression as crates.io parses it",
    explain: "crates.io parses `license` with the spdx crate: identifiers from the SPDX list, \
case-sensitive (`MIT`, not `mit`), joined by `AND`, `OR` and `WITH`. It also accepts the legacy \
`/` for OR, `GPL-2.0+` and deprecated identifiers, but refuses imprecise names such as \
`Apache 2.0` or `GPLv3` and anything unknown.\n\nFix: write the SPDX identifier \
(https://spdx.org/licenses/), e.g. `MIT OR Apache-2.0`. For a license SPDX does not list, use \
`license-file` instead, or `LicenseRef-Name`.",
};

/// The legacy `/` separator.
pub static LEGACY_LICENSE_SEPARATOR: Check = Check {
    name: "legacy_license_separator",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`license` uses the legacy `/` separator instead of `OR`",
    explain: "crates.io still accepts `MIT/Apache-2.0`, but it is not SPDX: tools that read \
licenses strictly (cargo-deny, SBOM generators) reject it.\n\nFix: write `MIT OR Apache-2.0`.",
};

/// Deprecated SPDX identifiers.
pub static DEPRECATED_LICENSE_ID: Check = Check {
    name: "deprecated_license_id",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`license` uses a deprecated SPDX identifier (`GPL-3.0`, `LGPL-2.1+`, ...)",
    explain: "SPDX deprecated identifiers such as `GPL-3.0` (ambiguous between \"only\" and \"or \
later\"). crates.io accepts them; strict tools do not.\n\nFix: use the current identifier, e.g. \
`GPL-3.0-only` or `GPL-3.0-or-later`.",
};

/// C2: both license and license-file.
pub static LICENSE_AND_LICENSE_FILE: Check = Check {
    name: "license_and_license_file",
    default: Level::Warn,
    blocks_publish: false,
    summary: "both `license` and `license-file` are set",
    explain: "cargo warns \"only one of `license` or `license-file` is necessary\". crates.io \
records only `license`.\n\nFix: keep `license` for an SPDX license, or `license-file` alone for \
a non-standard one; ship the license text through `include` or the package's files.",
};

/// C14: license-file names a file that is not there.
pub static LICENSE_FILE_NOT_FOUND: Check = Check {
    name: "license_file_not_found",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`license-file` names a file that does not exist",
    explain: "Since Rust 1.81 cargo refuses to package a crate whose `license-file` does not \
exist (relative to the package root).\n\nFix: correct the path, or add the file.",
};

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
    OneOf(Vec<&'static str>),
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

/// The current form of a deprecated identifier, written as SPDX spells it, with an optional
/// `+` (`GPL-3.0`, `GPL-2.0+`). `None` when `id` is not a deprecated identifier.
pub fn modern_license_id(id: &str) -> Option<ModernForm> {
    let (base, plus) = split_plus(id);
    let license = spdx::license_id(base)?;
    license.is_deprecated().then(|| modern_form(license, plus))
}

fn modern_form(id: LicenseId, or_later: bool) -> ModernForm {
    if let Some((_, entry)) = RETIRED.iter().find(|(name, _)| *name == id.name) {
        return match entry {
            ModernTable::Successor(successor) => ModernForm::Successor(successor),
            ModernTable::Gnu(base, exception) => {
                let choices = gnu_pair(base)
                    .into_iter()
                    .flatten()
                    .map(|license| with_exception(license, exception))
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
        Some(pair) => ModernForm::OneOf(pair.to_vec()),
        None => ModernForm::Unknown,
    }
}

/// `BASE-only` and `BASE-or-later`, when SPDX has both.
fn gnu_pair(base: &str) -> Option<[&'static str; 2]> {
    let only = spdx::gnu_license_id(base, false)?;
    let later = spdx::gnu_license_id(base, true)?;
    Some([only.name, later.name])
}

/// The expressions `<GPL> WITH <exception>` for the retired combined identifiers.
fn with_exception(license: &'static str, exception: &'static str) -> &'static str {
    const COMBINED: &[(&str, &str, &str)] = &[
        (
            "GPL-2.0-only",
            "GCC-exception-2.0",
            "GPL-2.0-only WITH GCC-exception-2.0",
        ),
        (
            "GPL-2.0-or-later",
            "GCC-exception-2.0",
            "GPL-2.0-or-later WITH GCC-exception-2.0",
        ),
        (
            "GPL-2.0-only",
            "Autoconf-exception-2.0",
            "GPL-2.0-only WITH Autoconf-exception-2.0",
        ),
        (
            "GPL-2.0-or-later",
            "Autoconf-exception-2.0",
            "GPL-2.0-or-later WITH Autoconf-exception-2.0",
        ),
        (
            "GPL-2.0-only",
            "Bison-exception-2.2",
            "GPL-2.0-only WITH Bison-exception-2.2",
        ),
        (
            "GPL-2.0-or-later",
            "Bison-exception-2.2",
            "GPL-2.0-or-later WITH Bison-exception-2.2",
        ),
        (
            "GPL-2.0-only",
            "Classpath-exception-2.0",
            "GPL-2.0-only WITH Classpath-exception-2.0",
        ),
        (
            "GPL-2.0-or-later",
            "Classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
        ),
        (
            "GPL-2.0-only",
            "Font-exception-2.0",
            "GPL-2.0-only WITH Font-exception-2.0",
        ),
        (
            "GPL-2.0-or-later",
            "Font-exception-2.0",
            "GPL-2.0-or-later WITH Font-exception-2.0",
        ),
        (
            "GPL-3.0-only",
            "GCC-exception-3.1",
            "GPL-3.0-only WITH GCC-exception-3.1",
        ),
        (
            "GPL-3.0-or-later",
            "GCC-exception-3.1",
            "GPL-3.0-or-later WITH GCC-exception-3.1",
        ),
        (
            "GPL-3.0-only",
            "Autoconf-exception-3.0",
            "GPL-3.0-only WITH Autoconf-exception-3.0",
        ),
        (
            "GPL-3.0-or-later",
            "Autoconf-exception-3.0",
            "GPL-3.0-or-later WITH Autoconf-exception-3.0",
        ),
    ];
    COMBINED
        .iter()
        .find(|(l, e, _)| *l == license && *e == exception)
        .map_or(license, |(_, _, expression)| expression)
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

/// The one identifier a term most likely means, for a "did you mean": [`certain_license_id`]
/// (in its current form when that is not ambiguous), an informal name from spdx's table
/// (`Apache2`, `GPLv3`, `cc0`), or a near spelling. `None` when the term names a family
/// (`BSD`, `GPL`) or nothing is close; see [`suggest_license`] for the alternatives.
///
/// Only [`certain_license_id`] results are safe to apply without asking.
/// A `+` in `term` is read as crates.io reads it (`gpl-2.0+` → `GPL-2.0-or-later`), but is not
/// repeated in the answer for other licenses (`mit+` → `MIT`).
pub fn suggest_license_id(term: &str) -> Option<&'static str> {
    match suggest_license(term)? {
        LicenseSuggestion::Certain(id) | LicenseSuggestion::Likely(id) => spdx::license_id(&id)
            .map(|l| l.name)
            .or_else(|| spdx::exception_id(&id).map(|e| e.name)),
        LicenseSuggestion::OneOf(_) => None,
    }
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
                ModernForm::OneOf(choices) => {
                    LicenseSuggestion::OneOf(choices.iter().map(|c| c.to_string()).collect())
                }
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
fn with_plus(id: LicenseId, plus: bool) -> String {
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
fn imprecise_name(text: &str) -> Option<(LicenseId, usize)> {
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

/// Licenses whose terms do not ask for their text to travel with the code.
const NO_TEXT_NEEDED: &[&str] = &["CC0-1.0", "Unlicense", "0BSD", "MIT-0", "WTFPL", "CC-PDDC"];

/// Whether `expression` names a license whose text must be shipped with the code (MIT,
/// Apache-2.0, BSD, ...). Exceptions (`WITH ...`) need nothing of their own; a `LicenseRef-`
/// and an expression crates.io would refuse count as needing it.
pub fn license_needs_text(expression: &str) -> bool {
    let Ok(parsed) = Expression::parse_mode(expression, CRATES_IO_MODE) else {
        return true;
    };
    parsed.requirements().any(|requirement| {
        requirement
            .req
            .license
            .id()
            .is_none_or(|id| !NO_TEXT_NEEDED.contains(&id.name))
    })
}

/// Runs the license checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    const LICENSE: &[&str] = &["package", "license"];
    const LICENSE_FILE: &[&str] = &["package", "license-file"];
    let license = ctx.package.license.as_deref().filter(|l| !l.is_empty());
    let license_file = ctx
        .package
        .license_file
        .as_ref()
        .map(|f| f.as_str())
        .filter(|f| !f.is_empty());

    match (license, license_file) {
        (None, None) => {
            let message = match ctx.package.license.as_deref() {
                Some(_) => "`license` is empty and `license-file` is not set",
                None => "neither `license` nor `license-file` is set",
            };
            sink.report(
                &MISSING_LICENSE,
                Target::key(LICENSE),
                message,
                Some(
                    "add an SPDX expression, e.g. `license = \"MIT OR Apache-2.0\"`, or \
`license-file = \"LICENSE\"` for a license SPDX does not list"
                        .to_string(),
                ),
            );
        }
        (Some(license), Some(file)) => sink.report(
            &LICENSE_AND_LICENSE_FILE,
            Target::key(LICENSE_FILE),
            format!("both `license` `{license}` and `license-file` `{file}` are set"),
            Some(
                "remove `license-file` (the license text is still packaged when it is in the \
package directory), or remove `license` when the license is not an SPDX one"
                    .to_string(),
            ),
        ),
        _ => {}
    }

    if let Some(expression) = license {
        check_expression(ctx, sink, expression);
    }

    if let Some(file) = license_file
        && sink.enabled(&LICENSE_FILE_NOT_FOUND)
        && !ctx.root().join(file).exists()
    {
        let help = match similar_file(ctx.root(), file) {
            Some(found) => format!("did you mean `license-file = \"{found}\"`?"),
            None => "correct the path, or add the file".to_string(),
        };
        sink.report(
            &LICENSE_FILE_NOT_FOUND,
            Target::key(LICENSE_FILE),
            format!(
                "`license-file` `{file}` does not exist (relative to `{}`)",
                crate::display_path(ctx.root()).display()
            ),
            Some(help),
        );
    }
}

fn check_expression(ctx: &PackageContext<'_>, sink: &mut Sink<'_>, expression: &str) {
    if let Some(invalid) = invalid_license(expression) {
        let (span, message, help) = describe_invalid(expression, &invalid);
        let location = term_location(ctx, expression, span);
        sink.report_unplaced(
            &INVALID_LICENSE,
            Some("package.license".to_string()),
            message,
            Some(help),
            Some(location),
        );
        return;
    }

    if sink.enabled(&LEGACY_LICENSE_SEPARATOR)
        && let Some(first) = legacy_separators(expression).into_iter().next()
    {
        let modern = modern_expression(expression)
            .unwrap_or_else(|| expression.replace('/', " OR ").replace("  ", " "));
        sink.report_unplaced(
            &LEGACY_LICENSE_SEPARATOR,
            Some("package.license".to_string()),
            format!("`license` `{expression}` uses the legacy `/` separator"),
            Some(format!("write `license = \"{modern}\"`")),
            Some(term_location(ctx, expression, first)),
        );
    }

    if sink.enabled(&DEPRECATED_LICENSE_ID) {
        for deprecated in deprecated_ids(expression) {
            let id = &deprecated.id;
            let help = match &deprecated.modern {
                ModernForm::Certain(modern) => format!("write `{modern}`, its current identifier"),
                ModernForm::OneOf(choices) if choices.len() == 2 => format!(
                    "write `{}` (this version only) or `{}` (this version or any later one)",
                    choices[0], choices[1]
                ),
                ModernForm::OneOf(choices) => format!("write one of {}", or_list(choices)),
                ModernForm::Successor(successor) => format!(
                    "SPDX lists `{successor}` in its place; check that it matches the license text"
                ),
                ModernForm::Unknown => {
                    "find the current identifier at https://spdx.org/licenses/".to_string()
                }
            };
            sink.report_unplaced(
                &DEPRECATED_LICENSE_ID,
                Some("package.license".to_string()),
                format!("`license` uses the deprecated SPDX identifier `{id}`"),
                Some(help),
                Some(term_location(ctx, expression, deprecated.span)),
            );
        }
    }
}

/// The span to point at, the message and the help for an expression crates.io refuses.
fn describe_invalid(expression: &str, invalid: &InvalidLicense) -> (Range<usize>, String, String) {
    let mut span = invalid.span.clone();
    let generic = "write SPDX identifiers (https://spdx.org/licenses/) joined by `OR` (users \
choose one), `AND` (all apply) or `WITH` (an exception), e.g. `MIT OR Apache-2.0`; for a \
license SPDX does not list, use `license-file` instead";
    match &invalid.reason {
        InvalidReason::UnknownTerm => {
            let rest = &expression[span.start..];
            let (suggestion, covered) = match imprecise_name(rest) {
                Some((id, len)) if len > span.len() => {
                    let plus = rest[len..].starts_with('+');
                    (
                        Some(LicenseSuggestion::Likely(with_plus(id, plus))),
                        len + usize::from(plus),
                    )
                }
                _ => {
                    let plus = rest[span.len()..].starts_with('+');
                    let covered = span.len() + usize::from(plus);
                    (suggest_license(&rest[..covered]), covered)
                }
            };
            span.end = span.start + covered;
            let term = &expression[span.clone()];
            let case_note = match &suggestion {
                Some(LicenseSuggestion::Certain(id))
                    if id
                        .trim_end_matches('+')
                        .eq_ignore_ascii_case(term.trim_end_matches('+')) =>
                {
                    " (identifiers are case-sensitive)"
                }
                _ => "",
            };
            let message = format!(
                "invalid `license` `{expression}`: `{term}` is not an SPDX license identifier{case_note}"
            );
            let help = match suggestion {
                Some(LicenseSuggestion::Certain(id) | LicenseSuggestion::Likely(id)) => {
                    let fixed = format!(
                        "{}{id}{}",
                        &expression[..span.start],
                        &expression[span.end..]
                    );
                    if Expression::parse_mode(&fixed, CRATES_IO_MODE).is_ok() && fixed != id {
                        format!("did you mean `{id}`? write `license = \"{fixed}\"`")
                    } else {
                        format!("did you mean `{id}`?")
                    }
                }
                Some(LicenseSuggestion::OneOf(choices)) => {
                    format!(
                        "`{term}` could mean several licenses: write {}",
                        or_list(&choices)
                    )
                }
                None => format!(
                    "use an identifier from https://spdx.org/licenses/, or `license-file` for a \
license SPDX does not list (`{term}` matches none)"
                ),
            };
            (span, message, help)
        }
        InvalidReason::Empty => (
            span,
            format!("invalid `license` `{expression}`: it is blank"),
            "write an SPDX expression, e.g. `license = \"MIT OR Apache-2.0\"`".to_string(),
        ),
        InvalidReason::Syntax(reason) => {
            let at = expression.get(span.clone()).unwrap_or_default().trim();
            let place = if at.is_empty() {
                String::new()
            } else {
                format!(" at `{at}`")
            };
            (
                span,
                format!("invalid `license` `{expression}`: {reason}{place}"),
                generic.to_string(),
            )
        }
    }
}

/// "`a`", "`a` or `b`", "one of `a`, `b` or `c`".
fn or_list<S: AsRef<str>>(choices: &[S]) -> String {
    let quoted: Vec<String> = choices
        .iter()
        .map(|c| format!("`{}`", c.as_ref()))
        .collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if init.len() == 1 => format!("{} or {last}", init[0]),
        [init @ .., last] => format!("one of {} or {last}", init.join(", ")),
    }
}

/// Where a byte range of the license expression is in the manifest: the exact characters when
/// the value is written as a plain string in this manifest, else the whole value (an escaped
/// or multi-line string) or the member's key (an inherited value).
fn term_location(ctx: &PackageContext<'_>, expression: &str, range: Range<usize>) -> Location {
    const LICENSE: &[&str] = &["package", "license"];
    let whole = || ctx.manifest.locate(LICENSE, None);
    if ctx.manifest.is_inherited(LICENSE) {
        return whole();
    }
    let Some(span) = ctx.manifest.get(LICENSE).and_then(|item| item.span()) else {
        return whole();
    };
    let raw = ctx.manifest.text.get(span.clone()).unwrap_or_default();
    let plain = [('"', '"'), ('\'', '\'')].iter().any(|(open, close)| {
        raw.strip_prefix(*open)
            .and_then(|r| r.strip_suffix(*close))
            .is_some_and(|inner| inner == expression && !(*open == '"' && inner.contains('\\')))
    });
    if !plain || range.end > expression.len() {
        return whole();
    }
    let start = span.start + 1 + range.start;
    ctx.manifest.location_of(start..start + range.len())
}

/// A license file in `root` named like `missing` (`LICENSE` for `LICENSE.txt`).
fn similar_file(root: &std::path::Path, missing: &str) -> Option<String> {
    let wanted = std::path::Path::new(missing)
        .file_name()?
        .to_string_lossy()
        .to_lowercase();
    std::fs::read_dir(root)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| {
            let lower = name.to_lowercase();
            lower.starts_with("licen")
                || lower.starts_with("copying")
                || lower.starts_with("unlicense")
        })
        .map(|name| (strsim::jaro_winkler(&wanted, &name.to_lowercase()), name))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{names, run, run_in};
    use serde_json::json;

    #[test]
    fn licenses_that_need_their_text() {
        for (expression, needs) in [
            ("MIT", true),
            ("MIT OR Apache-2.0", true),
            ("MIT/Apache-2.0", true),
            ("CC0-1.0", false),
            ("Unlicense OR MIT-0", false),
            ("0BSD", false),
            ("GPL-2.0+ WITH Classpath-exception-2.0", true),
            ("CC0-1.0 WITH LLVM-exception", false),
        ] {
            assert_eq!(license_needs_text(expression), needs, "{expression}");
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

    #[test]
    fn modern_forms_of_deprecated_ids() {
        let cases: &[(&str, Option<ModernForm>)] = &[
            ("GPL-2.0+", Some(ModernForm::Certain("GPL-2.0-or-later"))),
            ("LGPL-2.1+", Some(ModernForm::Certain("LGPL-2.1-or-later"))),
            ("AGPL-3.0+", Some(ModernForm::Certain("AGPL-3.0-or-later"))),
            (
                "GPL-3.0",
                Some(ModernForm::OneOf(vec!["GPL-3.0-only", "GPL-3.0-or-later"])),
            ),
            (
                "LGPL-2.1",
                Some(ModernForm::OneOf(vec![
                    "LGPL-2.1-only",
                    "LGPL-2.1-or-later",
                ])),
            ),
            (
                "GFDL-1.3",
                Some(ModernForm::OneOf(vec![
                    "GFDL-1.3-only",
                    "GFDL-1.3-or-later",
                ])),
            ),
            (
                "GPL-2.0-with-classpath-exception",
                Some(ModernForm::OneOf(vec![
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
                Some(ModernForm::Certain(one) | ModernForm::Successor(one)) => vec![one],
                Some(ModernForm::OneOf(choices)) => {
                    assert!(choices.len() >= 2, "{}", license.name);
                    choices
                }
                Some(ModernForm::Unknown) => continue,
                None => panic!("{} is deprecated but has no modern form", license.name),
            };
            for form in forms {
                let parsed = Expression::parse_mode(form, ParseMode::STRICT);
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

    #[test]
    fn or_lists() {
        assert_eq!(or_list(&["a"]), "`a`");
        assert_eq!(or_list(&["a", "b"]), "`a` or `b`");
        assert_eq!(or_list(&["a", "b", "c"]), "one of `a`, `b` or `c`");
    }

    fn license_toml(license: &str) -> String {
        format!("[package]\nname = \"a\"\nlicense = \"{license}\"\n")
    }

    fn column_of(toml: &str, needle: &str) -> (usize, usize) {
        let line = toml.lines().position(|l| l.contains(needle)).unwrap();
        let column = toml.lines().nth(line).unwrap().find(needle).unwrap() + 1;
        (line + 1, column)
    }

    #[test]
    fn check_points_at_the_bad_term() {
        let toml = license_toml("MIT OR Apache 2.0");
        let findings = run(&toml, json!({}), check);
        assert_eq!(names(&findings), ["invalid_license"]);
        let finding = &findings[0];
        assert_eq!(finding.field.as_deref(), Some("package.license"));
        assert!(
            finding.message.contains("`Apache 2.0` is not"),
            "{}",
            finding.message
        );
        assert_eq!(
            finding.help.as_deref(),
            Some("did you mean `Apache-2.0`? write `license = \"MIT OR Apache-2.0\"`")
        );
        let location = finding.location.as_ref().unwrap();
        assert_eq!(
            (location.line, location.column),
            column_of(&toml, "Apache 2.0")
        );
        assert_eq!(location.span.as_ref().map(|s| s.len()), Some(10));

        let toml = license_toml("mit");
        let findings = run(&toml, json!({}), check);
        assert!(
            findings[0].message.contains("case-sensitive"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `MIT`?")
        );

        let findings = run(&license_toml("BSD"), json!({}), check);
        assert_eq!(
            findings[0].help.as_deref(),
            Some("`BSD` could mean several licenses: write `BSD-2-Clause` or `BSD-3-Clause`")
        );
    }

    #[test]
    fn escaped_or_inherited_values_point_at_the_whole_value() {
        let toml = "[package]\nname = \"a\"\nlicense = \"MIT OR \\u0041pache2\"\n";
        let findings = run(toml, json!({}), check);
        assert_eq!(names(&findings), ["invalid_license"]);
        let location = findings[0].location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (3, 11));

        let toml = "[package]\nname = \"a\"\nlicense.workspace = true\n";
        let findings = run(toml, json!({ "license": "MIT OR GPLv3" }), check);
        assert_eq!(names(&findings), ["invalid_license"]);
        let location = findings[0].location.as_ref().unwrap();
        assert_eq!((location.line, location.column), (3, 1));
    }

    #[test]
    fn check_warns_about_legacy_and_deprecated_forms() {
        let toml = license_toml("MIT/GPL-2.0+");
        let findings = run(&toml, json!({}), check);
        assert_eq!(
            names(&findings),
            ["legacy_license_separator", "deprecated_license_id"]
        );
        assert_eq!(
            findings[0].help.as_deref(),
            Some("write `license = \"MIT OR GPL-2.0-or-later\"`")
        );
        let location = findings[0].location.as_ref().unwrap();
        assert_eq!((location.line, location.column), column_of(&toml, "/GPL"));
        assert!(findings[1].message.contains("`GPL-2.0+`"));
        assert_eq!(
            findings[1].help.as_deref(),
            Some("write `GPL-2.0-or-later`, its current identifier")
        );

        let findings = run(&license_toml("GPL-3.0"), json!({}), check);
        assert_eq!(names(&findings), ["deprecated_license_id"]);
        assert!(
            findings[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`GPL-3.0-only` (this version only) or `GPL-3.0-or-later`")
        );
        assert!(run(&license_toml("MIT OR Apache-2.0"), json!({}), check).is_empty());
    }

    #[test]
    fn check_reports_missing_and_doubled_license() {
        let findings = run("[package]\nname = \"a\"\n", json!({}), check);
        assert_eq!(names(&findings), ["missing_license"]);
        let findings = run(&license_toml(""), json!({}), check);
        assert_eq!(names(&findings), ["missing_license"]);

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("LICENSE"), "text").unwrap();
        let toml = "[package]\nlicense = \"MIT\"\nlicense-file = \"LICENSE\"\n";
        let findings = run_in(dir.path(), toml, json!({}), check);
        assert_eq!(names(&findings), ["license_and_license_file"]);
        assert_eq!(findings[0].field.as_deref(), Some("package.license-file"));

        let toml = "[package]\nlicense-file = \"LICENSE\"\n";
        assert!(run_in(dir.path(), toml, json!({}), check).is_empty());
    }

    #[test]
    fn check_reports_a_missing_license_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("LICENSE-MIT"), "text").unwrap();
        let toml = "[package]\nlicense-file = \"LICENSE.txt\"\n";
        let findings = run_in(dir.path(), toml, json!({}), check);
        assert_eq!(names(&findings), ["license_file_not_found"]);
        assert!(findings[0].message.contains("`LICENSE.txt`"));
        assert_eq!(
            findings[0].help.as_deref(),
            Some("did you mean `license-file = \"LICENSE-MIT\"`?")
        );
        assert_eq!(findings[0].location.as_ref().map(|l| l.line), Some(2));
    }
}
