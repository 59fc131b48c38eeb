//! The `license` and `license-file` fields (S13, S14, C2, C14): the checks, their messages and
//! suggestions. Whether crates.io accepts an expression is decided in [`spdx`].

pub mod spdx;
pub mod texts;

use std::ops::Range;

use ::spdx::Expression;

use self::spdx::{
    CRATES_IO_MODE, InvalidLicense, InvalidReason, LicenseSuggestion, ModernForm, deprecated_ids,
    imprecise_name, invalid_license, legacy_separators, modern_expression, suggest_license,
    with_plus,
};
use super::{PackageContext, Sink, Target, edit};
use crate::model::{Check, Level, Location};

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
        (Some(license), Some(file)) => {
            sink.report(
                &LICENSE_AND_LICENSE_FILE,
                Target::key(LICENSE_FILE),
                format!("both `license` `{license}` and `license-file` `{file}` are set"),
                Some(
                    "remove `license-file` (the license text is still packaged when it is in the \
package directory), or remove `license` when the license is not an SPDX one"
                        .to_string(),
                ),
            );
        }
        _ => {}
    }

    if let Some(expression) = license {
        check_expression(ctx, sink, expression);
    }

    if let Some(file) = license_file
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
                crate::paths::display_path(ctx.root()).display()
            ),
            Some(help),
        );
    }
}

/// Whether crates.io takes `expression` as it is, with nothing to modernise: most packages of a
/// workspace share one expression, which is parsed once per thread.
fn is_clean(expression: &str) -> bool {
    thread_local! {
        static CLEAN: std::cell::RefCell<std::collections::HashMap<String, bool>> =
            std::cell::RefCell::default();
    }
    CLEAN.with_borrow_mut(|clean| {
        if let Some(known) = clean.get(expression) {
            return *known;
        }
        let verdict = invalid_license(expression).is_none()
            && legacy_separators(expression).is_empty()
            && deprecated_ids(expression).is_empty();
        clean.insert(expression.to_string(), verdict);
        verdict
    })
}

fn check_expression(ctx: &PackageContext<'_>, sink: &mut Sink<'_>, expression: &str) {
    const LICENSE: &[&str] = &["package", "license"];
    if is_clean(expression) {
        return;
    }
    let fix = modern_expression(expression).and_then(|modern| {
        let (manifest, keys) = ctx.defined_at("license")?;
        Some((edit::replace_string(manifest, &keys, &modern)?, modern))
    });
    if let Some(invalid) = invalid_license(expression) {
        let (span, message, help) = describe_invalid(expression, &invalid);
        let location = term_location(ctx, expression, span);
        let finding = sink.report_on(&INVALID_LICENSE, LICENSE, location, message, help);
        if let Some((suggestion, _)) = fix {
            finding.suggest(suggestion);
        }
        return;
    }

    if let Some(first) = legacy_separators(expression).into_iter().next() {
        let modern = fix.as_ref().map_or_else(
            || expression.replace('/', " OR ").replace("  ", " "),
            |(_, modern)| modern.clone(),
        );
        let location = term_location(ctx, expression, first);
        let finding = sink.report_on(
            &LEGACY_LICENSE_SEPARATOR,
            LICENSE,
            location,
            format!("`license` `{expression}` uses the legacy `/` separator"),
            format!("write `license = \"{modern}\"`"),
        );
        if let Some((suggestion, _)) = &fix {
            finding.suggest(suggestion.clone());
        }
    }

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
        let location = term_location(ctx, expression, deprecated.span.clone());
        let finding = sink.report_on(
            &DEPRECATED_LICENSE_ID,
            LICENSE,
            location,
            format!("`license` uses the deprecated SPDX identifier `{id}`"),
            help,
        );
        let fixed_here = |(_, modern): &&(_, String)| {
            deprecated_ids(modern).iter().all(|d| d.id != deprecated.id)
        };
        if let Some((suggestion, _)) = fix.as_ref().filter(fixed_here) {
            finding.suggest(suggestion.clone());
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
