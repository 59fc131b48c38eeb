//! The renderers over a report built by hand: human (plain), short, github and sarif output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cargo_ready::checks::{CHECKS, Sink, Target, find_check};
use cargo_ready::model::{Finding, Level, Location, NotRun, Severity};
use cargo_ready::read::manifest::Manifest;
use cargo_ready::report::{self, PackageReport, Report, Sources, Style};
use serde_json::Value;
use snapbox::prelude::*;
use snapbox::{assert_data_eq, str};

use crate::support::{sarif_validator, schema_errors};

const DEMO_TOML: &str = r#"[package]
name = "demo"
version = "0.1.0"
edition = "2021"
license = "MIT/Apache-2.0"
keywords = ["café", "Command Line"]
categories = ["command-line-tools"]

[dependencies]
log = "0.4"
serde = "*"
"#;

const TOOL_TOML: &str = r#"[package]
name = "tool"
version = "1.2.0"
edition = "2024"
keywords = [
    "cli", "tool", "terminal",
    "shell", "command", "utility",
]

[dev-dependencies]
demo = { path = "../demo" }
"#;

fn manifest(path: &str, text: &str) -> Manifest {
    Manifest::parse(PathBuf::from(path), text.to_string()).unwrap()
}

/// A finding made as the checks make them: placed at a key of `manifest` through a [`Sink`],
/// which adds its labels (the table header, the inherited value in `root`).
#[allow(clippy::too_many_arguments)]
fn placed(
    manifest: &Manifest,
    root: Option<&Manifest>,
    check: &'static str,
    severity: Severity,
    message: &str,
    help: Option<&str>,
    keys: &[&str],
    element: Option<usize>,
) -> Finding {
    let mut sink = Sink::for_manifest(manifest, root);
    let target = Target { keys, element };
    let finding = sink.report(
        find_check(check).unwrap(),
        target,
        message,
        help.map(str::to_string),
    );
    finding.severity = severity;
    finding.clone()
}

/// A finding with no place.
fn unplaced(check: &'static str, severity: Severity, message: &str, help: Option<&str>) -> Finding {
    let mut finding = Finding::new(find_check(check).unwrap(), message);
    finding.severity = severity;
    finding.help = help.map(str::to_string);
    finding
}

/// A workspace at `/ws`: `demo` with errors and a warning, `tool` ready with a note, and
/// `internal` skipped.
fn workspace_report() -> Report {
    let demo = manifest("/ws/crates/demo/Cargo.toml", DEMO_TOML);
    let tool = manifest("/ws/crates/tool/Cargo.toml", TOOL_TOML);
    let demo_findings = vec![
        placed(
            &demo,
            None,
            "unknown_category",
            Severity::Error,
            "`command-line-tools` is not a crates.io category",
            Some("did you mean `command-line-utilities`?"),
            &["package", "categories"],
            Some(0),
        ),
        placed(
            &demo,
            None,
            "invalid_keyword",
            Severity::Error,
            "keyword `café` has a non-ASCII character, which crates.io does not allow",
            Some("write `cafe`"),
            &["package", "keywords"],
            Some(0),
        ),
        placed(
            &demo,
            None,
            "invalid_keyword",
            Severity::Error,
            "keyword `Command Line` has a space, which crates.io does not allow",
            Some("write `command-line`"),
            &["package", "keywords"],
            Some(1),
        ),
        placed(
            &demo,
            None,
            "wildcard_dependency",
            Severity::Error,
            "dependency `serde` has the version requirement `*`, which crates.io refuses",
            Some("require the version you build with, such as `serde = \"1\"`"),
            &["dependencies", "serde"],
            None,
        ),
        placed(
            &demo,
            None,
            "missing_repository",
            Severity::Error,
            "no `repository` in `[package]`",
            Some("add `repository = \"https://...\"` with the URL of the source"),
            &["package", "repository"],
            None,
        ),
        placed(
            &demo,
            None,
            "legacy_license_separator",
            Severity::Warning,
            "license `MIT/Apache-2.0` uses `/`, a deprecated way to write OR",
            Some("write `license = \"MIT OR Apache-2.0\"`"),
            &["package", "license"],
            None,
        ),
        unplaced(
            "unknown_check",
            Severity::Warning,
            "unknown check `unknown-categroy`",
            Some("did you mean `unknown_category`? `cargo ready --list` shows every check"),
        ),
    ];
    let tool_findings = vec![
        placed(
            &tool,
            None,
            "too_many_keywords",
            Severity::Error,
            "6 keywords, and crates.io takes at most 5",
            Some("keep the 5 that describe the crate best"),
            &["package", "keywords"],
            None,
        ),
        placed(
            &tool,
            None,
            "dev_dependency_without_version",
            Severity::Note,
            "dev-dependency `demo` has a path and no version; cargo drops it from the published crate",
            Some("add `version = \"0.1.0\"` to keep it when publishing"),
            &["dev-dependencies", "demo"],
            None,
        ),
    ];
    let packages = vec![
        PackageReport::checked(
            "demo".into(),
            "0.1.0".into(),
            demo.path.clone(),
            demo_findings,
        ),
        PackageReport::checked(
            "tool".into(),
            "1.2.0".into(),
            tool.path.clone(),
            tool_findings,
        ),
        PackageReport::skipped(
            "internal".into(),
            "0.0.0".into(),
            PathBuf::from("/ws/crates/internal/Cargo.toml"),
            "`publish = false` in Cargo.toml".into(),
        ),
    ];
    let sources = Sources::from([
        (demo.path.clone(), Arc::clone(&demo.text)),
        (tool.path.clone(), Arc::clone(&tool.text)),
    ]);
    let not_run = vec![NotRun {
        stage: "package".into(),
        reason: "--no-package".into(),
    }];
    Report::new(packages, not_run, sources).with_workspace_root(PathBuf::from("/ws"))
}

/// One package with one finding in the manifest and one without a place, for the SARIF
/// snapshot (whose rules, from the registry, are checked apart).
fn small_report() -> Report {
    let demo = manifest("/ws/Cargo.toml", DEMO_TOML);
    let findings = vec![
        placed(
            &demo,
            None,
            "unknown_category",
            Severity::Error,
            "`command-line-tools` is not a crates.io category",
            Some("did you mean `command-line-utilities`?"),
            &["package", "categories"],
            Some(0),
        ),
        unplaced(
            "unknown_check",
            Severity::Warning,
            "unknown check `unknown-categroy`",
            None,
        ),
    ];
    let packages = vec![
        PackageReport::checked("demo".into(), "0.1.0".into(), demo.path.clone(), findings),
        PackageReport::skipped(
            "internal".into(),
            "0.0.0".into(),
            PathBuf::from("/ws/internal/Cargo.toml"),
            "`publish = false` in Cargo.toml".into(),
        ),
    ];
    let sources = Sources::from([(demo.path.clone(), Arc::clone(&demo.text))]);
    let not_run = vec![NotRun {
        stage: "package".into(),
        reason: "--no-package".into(),
    }];
    Report::new(packages, not_run, sources).with_workspace_root(PathBuf::from("/ws"))
}

fn ready_report() -> Report {
    let tool = manifest("/ws/Cargo.toml", TOOL_TOML);
    let findings = vec![placed(
        &tool,
        None,
        "missing_rust_version",
        Severity::Warning,
        "no `rust-version` in `[package]`",
        Some("add `rust-version = \"1.85\"`, the oldest Rust that builds edition 2024"),
        &["package", "rust-version"],
        None,
    )];
    let packages = vec![PackageReport::checked(
        "tool".into(),
        "1.2.0".into(),
        tool.path.clone(),
        findings,
    )];
    let sources = Sources::from([(tool.path.clone(), Arc::clone(&tool.text))]);
    Report::new(packages, Vec::new(), sources).with_workspace_root(PathBuf::from("/ws"))
}

const ROOT_TOML: &str = r#"[workspace]
members = ["crates/*"]

[workspace.package]
keywords = ["cli", "with space"]

[workspace.dependencies]
serde = "*"
"#;

const MEMBER_TOML: &str = r#"[package]
name = "member"
version = "0.2.0"
keywords.workspace = true

[dependencies]
serde = { workspace = true }
"#;

/// A member that inherits a bad keyword and a wildcard requirement from the workspace.
fn inherited_report() -> Report {
    let root = manifest("/ws/Cargo.toml", ROOT_TOML);
    let member = manifest("/ws/crates/member/Cargo.toml", MEMBER_TOML);
    let findings = vec![
        placed(
            &member,
            Some(&root),
            "invalid_keyword",
            Severity::Error,
            "keyword `with space` has a space, which crates.io does not allow",
            Some("write `with-space` in `[workspace.package]`"),
            &["package", "keywords"],
            Some(1),
        ),
        placed(
            &member,
            Some(&root),
            "wildcard_dependency",
            Severity::Error,
            "dependency `serde` has the version requirement `*`, which crates.io refuses",
            Some("require the version you build with in `[workspace.dependencies]`"),
            &["dependencies", "serde"],
            None,
        ),
    ];
    let packages = vec![PackageReport::checked(
        "member".into(),
        "0.2.0".into(),
        member.path.clone(),
        findings,
    )];
    let sources = Sources::from([
        (root.path.clone(), Arc::clone(&root.text)),
        (member.path.clone(), Arc::clone(&member.text)),
    ]);
    Report::new(packages, Vec::new(), sources).with_workspace_root(PathBuf::from("/ws"))
}

#[test]
fn human_shows_where_an_inherited_value_comes_from() {
    let style = Style {
        quiet: true,
        ..plain()
    };
    let text = report::render_human(&inherited_report(), &style);
    assert_data_eq!(text, str![[r#"
error[invalid_keyword]: keyword `with space` has a space, which crates.io does not allow
 --> /ws/crates/member/Cargo.toml:4:1
  |
4 | keywords.workspace = true
  | ^^^^^^^^
  |
 ::: /ws/Cargo.toml:5:12
  |
4 | [workspace.package]
5 | keywords = ["cli", "with space"]
  |            --------------------- the value is inherited from here
  |
  = help: write `with-space` in `[workspace.package]`

error[wildcard_dependency]: dependency `serde` has the version requirement `*`, which crates.io refuses
 --> /ws/crates/member/Cargo.toml:7:9
  |
6 | [dependencies]
7 | serde = { workspace = true }
  |         ^^^^^^^^^^^^^^^^^^^^
  |
 ::: /ws/Cargo.toml:8:9
  |
7 | [workspace.dependencies]
8 | serde = "*"
  |         --- the value is inherited from here
  |
  = help: require the version you build with in `[workspace.dependencies]`

error: not ready to publish: member v0.2.0 (2 errors, all of which crates.io would refuse, 0 warnings)

"#]].raw());
}

fn plain() -> Style {
    Style {
        color: false,
        quiet: false,
        verbose: 0,
    }
}

#[test]
fn human_shows_snippets_help_summaries_and_verdict() {
    let text = report::render_human(&workspace_report(), &plain());
    assert_data_eq!(text, str![[r#"
error[missing_repository]: no `repository` in `[package]`
 --> /ws/crates/demo/Cargo.toml:1:1
  |
1 | [package]
  | ^^^^^^^^^
  |
  = help: add `repository = "https://..."` with the URL of the source
  = note: crates.io would accept this; it is cargo-ready's own check (`cargo ready --explain missing_repository`)

error[invalid_keyword]: keyword `café` has a non-ASCII character, which crates.io does not allow
 --> /ws/crates/demo/Cargo.toml:6:13
  |
6 | keywords = ["café", "Command Line"]
  |             ^^^^^^
  |
  = help: write `cafe`

error[invalid_keyword]: keyword `Command Line` has a space, which crates.io does not allow
 --> /ws/crates/demo/Cargo.toml:6:21
  |
6 | keywords = ["café", "Command Line"]
  |                     ^^^^^^^^^^^^^^
  |
  = help: write `command-line`

error[unknown_category]: `command-line-tools` is not a crates.io category
 --> /ws/crates/demo/Cargo.toml:7:15
  |
7 | categories = ["command-line-tools"]
  |               ^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `command-line-utilities`?

error[wildcard_dependency]: dependency `serde` has the version requirement `*`, which crates.io refuses
  --> /ws/crates/demo/Cargo.toml:11:9
   |
 9 | [dependencies]
10 | log = "0.4"
11 | serde = "*"
   |         ^^^
   |
   = help: require the version you build with, such as `serde = "1"`

warning[legacy_license_separator]: license `MIT/Apache-2.0` uses `/`, a deprecated way to write OR
 --> /ws/crates/demo/Cargo.toml:5:11
  |
5 | license = "MIT/Apache-2.0"
  |           ^^^^^^^^^^^^^^^^
  |
  = help: write `license = "MIT OR Apache-2.0"`

warning[unknown_check]: unknown check `unknown-categroy`
  = help: did you mean `unknown_category`? `cargo ready --list` shows every check

     Summary demo: not ready (5 errors, 4 of which crates.io would refuse, 2 warnings)

error[too_many_keywords]: 6 keywords, and crates.io takes at most 5
 --> /ws/crates/tool/Cargo.toml:5:12
  |
5 |   keywords = [
  |  ____________^
6 | |     "cli", "tool", "terminal",
7 | |     "shell", "command", "utility",
8 | | ]
  | |_^
  |
  = help: keep the 5 that describe the crate best

note[dev_dependency_without_version]: dev-dependency `demo` has a path and no version; cargo drops it from the published crate
  --> /ws/crates/tool/Cargo.toml:11:8
   |
10 | [dev-dependencies]
11 | demo = { path = "../demo" }
   |        ^^^^^^^^^^^^^^^^^^^^
   |
   = help: add `version = "0.1.0"` to keep it when publishing

     Summary tool: not ready (1 error, which crates.io would refuse, 0 warnings, 1 note)

note: the package stage did not run: --no-package
error: not ready to publish: demo, tool (2 of 2 packages; 6 errors, 5 of which crates.io would refuse, 2 warnings, 1 note; 1 skipped; not run: package)

"#]].raw());
}

#[test]
fn human_verdict_when_ready() {
    let text = report::render_human(&ready_report(), &plain());
    assert_data_eq!(
        text,
        str![[r#"
warning[missing_rust_version]: no `rust-version` in `[package]`
 --> /ws/Cargo.toml:1:1
  |
1 | [package]
  | ^^^^^^^^^
  |
  = help: add `rust-version = "1.85"`, the oldest Rust that builds edition 2024

       Ready tool v1.2.0 (0 errors, 1 warning)

"#]]
        .raw()
    );
}

#[test]
fn human_quiet_keeps_errors_and_verdict() {
    let style = Style {
        quiet: true,
        ..plain()
    };
    let text = report::render_human(&small_report(), &style);
    assert_data_eq!(
        text,
        str![[r#"
error[unknown_category]: `command-line-tools` is not a crates.io category
 --> /ws/Cargo.toml:7:15
  |
7 | categories = ["command-line-tools"]
  |               ^^^^^^^^^^^^^^^^^^^^
  |
  = help: did you mean `command-line-utilities`?

error: not ready to publish: demo v0.1.0 (1 error, which crates.io would refuse, 1 warning; 1 skipped; not run: package)

"#]]
        .raw()
    );
}

#[test]
fn human_verbose_says_whether_crates_io_refuses() {
    let style = Style {
        verbose: 1,
        ..plain()
    };
    let text = report::render_human(&ready_report(), &style);
    assert_data_eq!(
        text,
        str![[r#"
warning[missing_rust_version]: no `rust-version` in `[package]`
 --> /ws/Cargo.toml:1:1
  |
1 | [package]
  | ^^^^^^^^^
  |
  = help: add `rust-version = "1.85"`, the oldest Rust that builds edition 2024
  = note: crates.io would accept this; it is cargo-ready's own check (`cargo ready --explain missing_rust_version`)

       Ready tool v1.2.0 (0 errors, 1 warning)

"#]]
        .raw()
    );
}

#[test]
fn human_colors_only_when_asked() {
    let report = workspace_report();
    let colored = report::render_human(
        &report,
        &Style {
            color: true,
            ..plain()
        },
    );
    let plain_text = report::render_human(&report, &plain());
    assert!(
        colored.contains("\u{1b}["),
        "no ANSI escape in colored output"
    );
    assert!(
        !plain_text.contains('\u{1b}'),
        "ANSI escape in plain output"
    );
}

#[test]
fn summary_has_no_findings() {
    let text = report::render_summary(&workspace_report(), &plain());
    assert_data_eq!(
        text,
        str![[r#"
     Summary demo: not ready (5 errors, 4 of which crates.io would refuse, 2 warnings)
     Summary tool: not ready (1 error, which crates.io would refuse, 0 warnings, 1 note)
note: the package stage did not run: --no-package
error: not ready to publish: demo, tool (2 of 2 packages; 6 errors, 5 of which crates.io would refuse, 2 warnings, 1 note; 1 skipped; not run: package)

"#]]
        .raw()
    );
}

#[test]
fn short_is_one_line_per_finding() {
    let text = report::render_short(&workspace_report());
    assert_data_eq!(text, str![[r#"
/ws/crates/demo/Cargo.toml:1:1: error[missing_repository]: no `repository` in `[package]`
/ws/crates/demo/Cargo.toml:6:13: error[invalid_keyword]: keyword `café` has a non-ASCII character, which crates.io does not allow
/ws/crates/demo/Cargo.toml:6:21: error[invalid_keyword]: keyword `Command Line` has a space, which crates.io does not allow
/ws/crates/demo/Cargo.toml:7:15: error[unknown_category]: `command-line-tools` is not a crates.io category
/ws/crates/demo/Cargo.toml:11:9: error[wildcard_dependency]: dependency `serde` has the version requirement `*`, which crates.io refuses
/ws/crates/demo/Cargo.toml:5:11: warning[legacy_license_separator]: license `MIT/Apache-2.0` uses `/`, a deprecated way to write OR
/ws/crates/demo/Cargo.toml: warning[unknown_check]: unknown check `unknown-categroy`
/ws/crates/tool/Cargo.toml:5:12: error[too_many_keywords]: 6 keywords, and crates.io takes at most 5
/ws/crates/tool/Cargo.toml:11:8: note[dev_dependency_without_version]: dev-dependency `demo` has a path and no version; cargo drops it from the published crate

"#]].raw());
}

#[test]
fn short_paths_are_relative_to_the_current_directory() {
    let cwd = std::env::current_dir().unwrap();
    let demo = Manifest::parse(cwd.join("Cargo.toml"), DEMO_TOML.to_string()).unwrap();
    let finding = placed(
        &demo,
        None,
        "wildcard_dependency",
        Severity::Error,
        "dependency `serde` has the version requirement `*`, which crates.io refuses",
        None,
        &["dependencies", "serde"],
        None,
    );
    let package = PackageReport::checked(
        "demo".into(),
        "0.1.0".into(),
        demo.path.clone(),
        vec![finding],
    );
    let report = Report::new(vec![package], Vec::new(), Sources::new());
    assert_data_eq!(
        report::render_short(&report),
        str![[r#"
Cargo.toml:11:9: error[wildcard_dependency]: dependency `serde` has the version requirement `*`, which crates.io refuses

"#]].raw()
    );
}

#[test]
fn github_annotates_the_lines_of_cargo_toml() {
    let text = report::render_github(&workspace_report(), Path::new("/ws"));
    assert_data_eq!(text, str![[r#"
::error file=crates/demo/Cargo.toml,line=1,col=1,title=missing_repository (demo)::no `repository` in `[package]`%0Ahelp: add `repository = "https://..."` with the URL of the source
::error file=crates/demo/Cargo.toml,line=6,col=13,title=invalid_keyword (demo)::keyword `café` has a non-ASCII character, which crates.io does not allow%0Ahelp: write `cafe`
::error file=crates/demo/Cargo.toml,line=6,col=21,title=invalid_keyword (demo)::keyword `Command Line` has a space, which crates.io does not allow%0Ahelp: write `command-line`
::error file=crates/demo/Cargo.toml,line=7,col=15,title=unknown_category (demo)::`command-line-tools` is not a crates.io category%0Ahelp: did you mean `command-line-utilities`?
::error file=crates/demo/Cargo.toml,line=11,col=9,title=wildcard_dependency (demo)::dependency `serde` has the version requirement `*`, which crates.io refuses%0Ahelp: require the version you build with, such as `serde = "1"`
::warning file=crates/demo/Cargo.toml,line=5,col=11,title=legacy_license_separator (demo)::license `MIT/Apache-2.0` uses `/`, a deprecated way to write OR%0Ahelp: write `license = "MIT OR Apache-2.0"`
::warning file=crates/demo/Cargo.toml,title=unknown_check (demo)::unknown check `unknown-categroy`%0Ahelp: did you mean `unknown_category`? `cargo ready --list` shows every check
::error file=crates/tool/Cargo.toml,line=5,col=12,title=too_many_keywords (tool)::6 keywords, and crates.io takes at most 5%0Ahelp: keep the 5 that describe the crate best
::notice file=crates/tool/Cargo.toml,line=11,col=8,title=dev_dependency_without_version (tool)::dev-dependency `demo` has a path and no version; cargo drops it from the published crate%0Ahelp: add `version = "0.1.0"` to keep it when publishing

"#]].raw());
}

#[test]
fn github_escapes_data_and_properties() {
    let weird = PathBuf::from("/repo/we,ird:dir/Cargo.toml");
    let finding = Finding::new(
        find_check("invalid_url").unwrap(),
        "`homepage` is 100% wrong: `ftp://x,y`\r\nsecond line",
    )
    .on_field("package.homepage")
    .with_help("write `https://x`, with a scheme")
    .at(Location::at_line(weird.clone(), 3, 12));
    let package = PackageReport::checked("a,b".into(), "1.0.0".into(), weird, vec![finding]);
    let report = Report::new(vec![package], Vec::new(), Sources::new());
    assert_eq!(
        report::render_github(&report, Path::new("/repo")),
        "::error file=we%2Cird%3Adir/Cargo.toml,line=3,col=12,title=invalid_url (a%2Cb)::\
`homepage` is 100%25 wrong: `ftp://x,y`%0D%0Asecond line%0Ahelp: write `https://x`, with a scheme\n"
    );
}

#[test]
fn github_paths_outside_the_base_stay_absolute() {
    let text = report::render_github(&small_report(), Path::new("/elsewhere"));
    assert_data_eq!(text, str![[r#"
::error file=/ws/Cargo.toml,line=7,col=15,title=unknown_category (demo)::`command-line-tools` is not a crates.io category%0Ahelp: did you mean `command-line-utilities`?
::warning file=/ws/Cargo.toml,title=unknown_check (demo)::unknown check `unknown-categroy`

"#]].raw());
}

/// The SARIF text with the registry's rules elided (each is checked against the registry here)
/// and the version replaced, so the snapshot shows the rest as it is written.
fn sarif_without_rules(report: &Report) -> String {
    let text = report::render_sarif(report, Path::new("/ws"));
    let document: Value = serde_json::from_str(&text).unwrap();
    let driver = &document["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), CHECKS.len());
    for (rule, check) in rules.iter().zip(CHECKS) {
        assert_eq!(rule["id"], check.name);
        assert_eq!(rule["shortDescription"]["text"], check.summary);
        assert_eq!(rule["fullDescription"]["text"], check.explain);
        assert_eq!(rule["help"]["text"], check.explain);
        assert_eq!(rule["properties"]["blocks_publish"], check.blocks_publish);
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        let expected = match check.default {
            Level::Allow => "none",
            Level::Note => "note",
            Level::Warn => "warning",
            Level::Deny => "error",
        };
        assert_eq!(level, expected, "{}", check.name);
    }
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    let open = "\"rules\": [\n";
    let start = text.find(open).unwrap() + open.len();
    let indent = text[..start - open.len()].rsplit('\n').next().unwrap();
    let close = format!("\n{indent}]");
    let end = start + text[start..].find(&close).unwrap();
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    let text = format!("{}{indent}  ...{}", &text[..start], &text[end..]).replacen(
        &version,
        "\"version\": \"[VERSION]\"",
        1,
    );
    // Indexes follow the registry's order, checked by `sarif_results_point_into_the_workspace`.
    text.lines()
        .map(|line| match line.split_once("\"ruleIndex\": ") {
            Some((indent, index)) => {
                let comma = if index.ends_with(',') { "," } else { "" };
                format!("{indent}\"ruleIndex\": [INDEX]{comma}\n")
            }
            None => format!("{line}\n"),
        })
        .collect()
}

#[test]
fn sarif_document() {
    assert_data_eq!(sarif_without_rules(&small_report()), str![[r#"
{
  "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "cargo-ready",
          "version": "[VERSION]",
          "informationUri": "https://github.com/cargo-ready/cargo-ready",
          "rules": [
            ...
          ]
        }
      },
      "originalUriBaseIds": {
        "%SRCROOT%": {
          "uri": "file:///ws/"
        }
      },
      "invocations": [
        {
          "executionSuccessful": true,
          "toolExecutionNotifications": [
            {
              "level": "note",
              "message": {
                "text": "skipped internal v0.0.0: `publish = false` in Cargo.toml"
              },
              "locations": [
                {
                  "physicalLocation": {
                    "artifactLocation": {
                      "uri": "internal/Cargo.toml",
                      "uriBaseId": "%SRCROOT%"
                    }
                  }
                }
              ]
            },
            {
              "level": "note",
              "message": {
                "text": "the package stage did not run: --no-package"
              }
            }
          ]
        }
      ],
      "columnKind": "unicodeCodePoints",
      "results": [
        {
          "ruleId": "unknown_category",
          "ruleIndex": [INDEX],
          "level": "error",
          "message": {
            "text": "`command-line-tools` is not a crates.io category\nhelp: did you mean `command-line-utilities`?"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "Cargo.toml",
                  "uriBaseId": "%SRCROOT%"
                },
                "region": {
                  "startLine": 7,
                  "startColumn": 15,
                  "endLine": 7,
                  "endColumn": 35
                }
              }
            }
          ],
          "properties": {
            "package": "demo",
            "field": "package.categories",
            "blocks_publish": true
          }
        },
        {
          "ruleId": "unknown_check",
          "ruleIndex": [INDEX],
          "level": "warning",
          "message": {
            "text": "unknown check `unknown-categroy`"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "Cargo.toml",
                  "uriBaseId": "%SRCROOT%"
                }
              }
            }
          ],
          "properties": {
            "package": "demo",
            "blocks_publish": false
          }
        }
      ],
      "properties": {
        "ready": false
      }
    }
  ]
}

"#]].raw());
}

#[test]
fn sarif_results_point_into_the_workspace() {
    let document: Value =
        serde_json::from_str(&report::render_sarif(&workspace_report(), Path::new("/ws"))).unwrap();
    let results = document["runs"][0]["results"].as_array().unwrap();
    let places: Vec<String> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let region = &location["region"];
            format!(
                "{} {} {}:{}-{}:{} {}",
                r["ruleId"].as_str().unwrap(),
                location["artifactLocation"]["uri"].as_str().unwrap(),
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
                r["level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_data_eq!(
        places.join("\n"),
        str![[r#"
missing_repository crates/demo/Cargo.toml 1:1-1:10 error
invalid_keyword crates/demo/Cargo.toml 6:13-6:19 error
invalid_keyword crates/demo/Cargo.toml 6:21-6:35 error
unknown_category crates/demo/Cargo.toml 7:15-7:35 error
wildcard_dependency crates/demo/Cargo.toml 11:9-11:12 error
legacy_license_separator crates/demo/Cargo.toml 5:11-5:27 warning
unknown_check crates/demo/Cargo.toml null:null-null:null warning
too_many_keywords crates/tool/Cargo.toml 5:12-8:2 error
dev_dependency_without_version crates/tool/Cargo.toml 11:8-11:28 note
"#]]
        .raw()
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(CHECKS[index].name, result["ruleId"]);
    }
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema() {
    let validator = sarif_validator();
    for report in [workspace_report(), small_report(), ready_report()] {
        for root in ["/ws", "/elsewhere"] {
            let document: Value =
                serde_json::from_str(&report::render_sarif(&report, Path::new(root))).unwrap();
            let errors = schema_errors(&validator, &document);
            assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
        }
    }
}

#[test]
fn the_schema_check_catches_a_broken_document() {
    let validator = sarif_validator();
    let document: Value =
        serde_json::from_str(&report::render_sarif(&small_report(), Path::new("/ws"))).unwrap();
    let mut no_driver_name = document.clone();
    no_driver_name["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    assert!(!schema_errors(&validator, &no_driver_name).is_empty());
    let mut bad_level = document;
    bad_level["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_errors(&validator, &bad_level).is_empty());
}
