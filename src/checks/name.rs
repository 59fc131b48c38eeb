//! The crate name and version rules crates.io applies (S1–S5, S9).

use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level};

/// S1–S4: length and characters of the crate name.
pub static INVALID_CRATE_NAME: Check = Check {
    name: "invalid_crate_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "crate name is longer than 64 characters or has characters crates.io refuses",
    explain: "crates.io accepts a crate name of at most 64 characters that starts with an ASCII \
letter and continues with ASCII letters, digits, `-` or `_`. cargo itself accepts more (a leading \
`_`, non-ASCII letters), so `cargo publish --dry-run` passes and the upload is refused.\n\n\
Fix: rename the package (`package.name`) to fit, e.g. `my-crate`.",
};

/// S5: names crates.io keeps for itself.
pub static RESERVED_CRATE_NAME: Check = Check {
    name: "reserved_crate_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "crate name is reserved by crates.io (std, core, test, nul, com1, ...)",
    explain: "crates.io refuses names reserved for the Rust project (std, core, alloc, test, \
proc_macro, rustc, ...) and names that are device files on Windows (nul, con, prn, aux, com0-com9, \
lpt0-lpt9). The comparison ignores case and treats `-` as `_`.\n\nFix: choose another \
`package.name`.",
};

/// S9: the length of the version string.
pub static VERSION_TOO_LONG: Check = Check {
    name: "version_too_long",
    default: Level::Deny,
    blocks_publish: true,
    summary: "version is longer than 150 characters",
    explain: "crates.io refuses a version whose text is longer than 150 characters (pre-release \
and build metadata included).\n\nFix: shorten the pre-release or build-metadata part of \
`package.version`.",
};

/// The longest crate name crates.io accepts, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// The longest version crates.io accepts, in characters.
pub const MAX_VERSION_CHARS: usize = 150;

/// Names crates.io keeps for the Rust project, in canonical form (lowercase, `_` for `-`).
const RESERVED_FOR_RUST: &[&str] = &[
    "alloc",
    "arena",
    "ast",
    "builtins",
    "collections",
    "compiler_builtins",
    "compiler_rt",
    "compiletest",
    "core",
    "coretest",
    "debug",
    "driver",
    "flate",
    "fmt_macros",
    "grammar",
    "graphviz",
    "macro",
    "macros",
    "proc_macro",
    "rbml",
    "rust_installer",
    "rustbook",
    "rustc",
    "rustc_back",
    "rustc_borrowck",
    "rustc_driver",
    "rustc_llvm",
    "rustc_resolve",
    "rustc_trans",
    "rustc_typeck",
    "rustdoc",
    "rustllvm",
    "rustuv",
    "serialize",
    "std",
    "syntax",
    "test",
    "unicode",
];

/// Names of Windows device files, which crates.io refuses as crate names.
const WINDOWS_DEVICES: &[&str] = &[
    "nul", "con", "prn", "aux", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why crates.io refuses a crate name (S1–S4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    /// The name is empty.
    Empty,
    /// More than 64 characters; holds the character count.
    TooLong(usize),
    /// The first character is an ASCII digit.
    StartsWithDigit(char),
    /// The first character is not an ASCII letter.
    BadFirstChar(char),
    /// A later character is not an ASCII letter, digit, `-` or `_`.
    BadChar(char),
}

/// Why crates.io keeps a name for itself (S5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reserved {
    /// Reserved for the Rust project (`std`, `proc_macro`, ...).
    RustProject,
    /// A device file name on Windows (`nul`, `com1`, ...).
    WindowsDevice,
}

/// The first reason crates.io would refuse `name` as a crate name, checked in the order
/// crates.io checks.
pub fn crate_name_problem(name: &str) -> Option<NameProblem> {
    name_problem(name, false)
}

/// The crate-name grammar crates.io applies to crate and dependency names (S1–S4, S28): at
/// most 64 characters, an ASCII letter first, then ASCII letters, digits, `-` and `_`. A key
/// that renames a dependency may also start with `_` (`underscore_first`, S29).
pub fn name_problem(name: &str, underscore_first: bool) -> Option<NameProblem> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Some(NameProblem::Empty);
    };
    let count = name.chars().count();
    if count > MAX_NAME_CHARS {
        return Some(NameProblem::TooLong(count));
    }
    if first.is_ascii_digit() {
        return Some(NameProblem::StartsWithDigit(first));
    }
    if !(first.is_ascii_alphabetic() || (underscore_first && first == '_')) {
        return Some(NameProblem::BadFirstChar(first));
    }
    chars
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(NameProblem::BadChar)
}

/// Whether crates.io refuses `name` as reserved; it compares lowercased, with `-` as `_`.
pub fn reserved_name(name: &str) -> Option<Reserved> {
    let canonical = name.to_lowercase().replace('-', "_");
    if RESERVED_FOR_RUST.contains(&canonical.as_str()) {
        Some(Reserved::RustProject)
    } else if WINDOWS_DEVICES.contains(&canonical.as_str()) {
        Some(Reserved::WindowsDevice)
    } else {
        None
    }
}

/// A name crates.io would accept, made from `name` by dropping what it refuses: leading
/// characters that are not letters, and ASCII punctuation or spaces turned into `-`.
///
/// `None` when that would change the name's meaning too much to offer (a leading digit, a
/// non-ASCII letter) or leaves nothing valid.
pub fn suggest_crate_name(name: &str) -> Option<String> {
    if name.starts_with(|c: char| c.is_ascii_digit()) || !name.is_ascii() {
        return None;
    }
    let replaced: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = replaced
        .trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .trim_end_matches('-');
    let mut suggestion = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        if !(c == '-' && suggestion.ends_with('-')) {
            suggestion.push(c);
        }
    }
    (suggestion != name && crate_name_problem(&suggestion).is_none()).then_some(suggestion)
}

/// Runs the name and version checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    const NAME: &[&str] = &["package", "name"];
    let name = ctx.package.name.as_str();
    if let Some(problem) = crate_name_problem(name) {
        let (message, help) = describe_name_problem(name, problem);
        sink.report(&INVALID_CRATE_NAME, Target::key(NAME), message, Some(help));
    }
    if let Some(reserved) = reserved_name(name) {
        let why = match reserved {
            Reserved::RustProject => "it keeps it for the Rust project",
            Reserved::WindowsDevice => "it is a device name on Windows",
        };
        sink.report(
            &RESERVED_CRATE_NAME,
            Target::key(NAME),
            format!("crate name `{name}` is reserved by crates.io: {why}"),
            Some(format!(
                "choose another `package.name`, e.g. `{name}-rs` (crates.io ignores case and \
treats `-` as `_` when comparing)"
            )),
        );
    }
    let version = ctx.package.version.to_string();
    let count = version.chars().count();
    if count > MAX_VERSION_CHARS {
        sink.report(
            &VERSION_TOO_LONG,
            Target::key(&["package", "version"]),
            format!("version `{version}` is {count} characters long, more than the {MAX_VERSION_CHARS} crates.io accepts"),
            Some(format!(
                "shorten the pre-release or build-metadata part, e.g. `{}.{}.{}`",
                ctx.package.version.major, ctx.package.version.minor, ctx.package.version.patch
            )),
        );
    }
}

fn describe_name_problem(name: &str, problem: NameProblem) -> (String, String) {
    let suggestion = suggest_crate_name(name);
    let rename = |rule: &str| match &suggestion {
        Some(s) => format!("{rule}: rename the package, e.g. `name = \"{s}\"`"),
        None => format!("{rule}: rename the package (`package.name`)"),
    };
    match problem {
        NameProblem::Empty => (
            "crate name is empty".to_string(),
            "set `package.name`, e.g. `name = \"my-crate\"`".to_string(),
        ),
        NameProblem::TooLong(count) => (
            format!(
                "crate name `{name}` is {count} characters long, more than the {MAX_NAME_CHARS} crates.io accepts"
            ),
            format!("shorten `package.name` to at most {MAX_NAME_CHARS} characters"),
        ),
        NameProblem::StartsWithDigit(_) => (
            format!("crate name `{name}` starts with a digit, which crates.io refuses"),
            "a crate name must start with an ASCII letter: rename the package, e.g. by \
spelling the number out"
                .to_string(),
        ),
        NameProblem::BadFirstChar(c) => (
            format!("crate name `{name}` starts with `{c}`, which crates.io refuses"),
            rename("a crate name must start with an ASCII letter"),
        ),
        NameProblem::BadChar(c) => (
            format!("crate name `{name}` contains `{c}`, which crates.io refuses"),
            rename("crates.io accepts only ASCII letters, digits, `-` and `_`"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{names, run};
    use serde_json::json;

    #[test]
    fn name_rules() {
        let long_ok = format!("a{}", "b".repeat(63));
        let too_long = format!("a{}", "b".repeat(64));
        let cases: &[(&str, Option<NameProblem>)] = &[
            ("serde", None),
            ("a", None),
            ("A-b_C9", None),
            ("foo-", None),
            (&long_ok, None),
            (&too_long, Some(NameProblem::TooLong(65))),
            ("", Some(NameProblem::Empty)),
            ("1foo", Some(NameProblem::StartsWithDigit('1'))),
            ("_foo", Some(NameProblem::BadFirstChar('_'))),
            ("-foo", Some(NameProblem::BadFirstChar('-'))),
            ("éa", Some(NameProblem::BadFirstChar('é'))),
            ("café", Some(NameProblem::BadChar('é'))),
            ("foo bar", Some(NameProblem::BadChar(' '))),
            ("foo.bar", Some(NameProblem::BadChar('.'))),
            ("foo+bar", Some(NameProblem::BadChar('+'))),
        ];
        for (name, expected) in cases {
            assert_eq!(crate_name_problem(name), *expected, "{name:?}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 64 characters but more bytes: the length rule passes, the character rule fails.
        let name = format!("a{}", "é".repeat(63));
        assert_eq!(crate_name_problem(&name), Some(NameProblem::BadChar('é')));
    }

    #[test]
    fn reserved_names() {
        let cases: &[(&str, Option<Reserved>)] = &[
            ("std", Some(Reserved::RustProject)),
            ("Std", Some(Reserved::RustProject)),
            ("proc-macro", Some(Reserved::RustProject)),
            ("proc_macro", Some(Reserved::RustProject)),
            ("compiler-builtins", Some(Reserved::RustProject)),
            ("compiler_builtins", Some(Reserved::RustProject)),
            ("rust-installer", Some(Reserved::RustProject)),
            ("fmt-macros", Some(Reserved::RustProject)),
            ("Nul", Some(Reserved::WindowsDevice)),
            ("com1", Some(Reserved::WindowsDevice)),
            ("COM0", Some(Reserved::WindowsDevice)),
            ("lpt9", Some(Reserved::WindowsDevice)),
            ("con", Some(Reserved::WindowsDevice)),
            ("com10", None),
            ("stdx", None),
            ("tests", None),
            ("serde", None),
        ];
        for (name, expected) in cases {
            assert_eq!(reserved_name(name), *expected, "{name:?}");
        }
    }

    #[test]
    fn suggested_names_are_valid() {
        let cases: &[(&str, Option<&str>)] = &[
            ("_foo", Some("foo")),
            ("foo bar", Some("foo-bar")),
            ("foo.bar", Some("foo-bar")),
            ("foo . bar", Some("foo-bar")),
            ("--foo", Some("foo")),
            ("1foo", None),
            ("café", None),
            ("serde", None),
            ("___", None),
        ];
        for (name, expected) in cases {
            assert_eq!(suggest_crate_name(name).as_deref(), *expected, "{name:?}");
        }
    }

    #[test]
    fn check_reports_name_and_version() {
        let findings = run(
            "[package]\nname = \"_foo\"\nversion = \"0.1.0\"\n",
            json!({}),
            check,
        );
        assert_eq!(names(&findings), ["invalid_crate_name"]);
        let finding = &findings[0];
        assert_eq!(finding.field.as_deref(), Some("package.name"));
        assert!(finding.message.contains("`_foo`"), "{}", finding.message);
        assert!(
            finding
                .help
                .as_deref()
                .unwrap()
                .contains("`name = \"foo\"`")
        );
        assert_eq!(finding.location.as_ref().map(|l| l.line), Some(2));

        let findings = run("[package]\nname = \"Nul\"\n", json!({}), check);
        assert_eq!(names(&findings), ["reserved_crate_name"]);
        assert!(findings[0].message.contains("`Nul`"));

        let long = format!("1.0.0-{}", "a".repeat(145));
        let findings = run(
            &format!("[package]\nname = \"ok\"\nversion = \"{long}\"\n"),
            json!({}),
            check,
        );
        assert_eq!(names(&findings), ["version_too_long"]);
        assert!(findings[0].message.contains("151 characters"));
        assert!(findings[0].help.as_deref().unwrap().contains("`1.0.0`"));

        let exactly = format!("1.0.0-{}", "a".repeat(144));
        let toml = format!("[package]\nname = \"ok\"\nversion = \"{exactly}\"\n");
        assert!(run(&toml, json!({}), check).is_empty());
    }
}
