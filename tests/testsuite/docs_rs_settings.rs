//! docs.rs settings as docs.rs reads them: types, features, targets, keys it ignores, a
//! proc-macro's targets, the quoted table, and the workspace table it never reads.

use serde_json::Value;

use crate::support::{Fixture, findings, git_commit_all};

/// The docs.rs findings of a package, as (check, message), in order.
fn docs_rs_findings(report: &Value, package: &str) -> Vec<(String, String)> {
    findings(report, package)
        .iter()
        .filter(|f| f["check"].as_str().unwrap().starts_with("docs_rs_"))
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(check, message)| (check.to_string(), message.to_string()))
        .collect()
}

#[test]
fn settings_docs_rs_reads_say_nothing() {
    let fixture = Fixture::copy("docs-rs");
    let (_, report) = fixture.json(&["--workspace"]);
    for package in ["docs-rs-good", "docs-rs-quoted", "docs-rs-host-macros"] {
        assert_eq!(docs_rs_findings(&report, package), [], "{package}");
    }
}

#[test]
fn what_fails_the_documentation_build_is_an_error() {
    let fixture = Fixture::copy("docs-rs");
    let (status, report) = fixture.json(&["--workspace"]);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(
        docs_rs_findings(&report, "docs-rs-broken"),
        pairs(&[
            (
                "docs_rs_unknown_feature",
                "docs.rs builds with `--features ful`, which `docs-rs-broken` does not have, so \
the documentation build fails"
            ),
            (
                "docs_rs_unknown_feature",
                "docs.rs builds with `--features serde`, which `docs-rs-broken` does not have, so \
the documentation build fails"
            ),
            (
                "docs_rs_invalid_metadata",
                "docs.rs `no-default-features` must be `true` or `false`, not a string, so docs.rs \
cannot read the table and the build fails"
            ),
            (
                "docs_rs_unknown_target",
                "docs.rs cannot build for `x86_64-unknown-linux-gun`: `rustc --print target-list` \
does not list it"
            ),
            (
                "docs_rs_invalid_metadata",
                "docs.rs `rustdoc-args` must be an array of strings, not a string, so docs.rs \
cannot read the table and the build fails"
            ),
            (
                "docs_rs_unknown_key",
                "docs.rs does not read `all_features`, and ignores it"
            ),
            (
                "docs_rs_unknown_target",
                "docs.rs cannot build for `linux`: `rustc --print target-list` does not list it; \
the documentation for `x86_64-unknown-linux-gun`, the default target, still builds"
            ),
            (
                "docs_rs_unknown_target",
                "docs.rs cannot build for `x86_64-unknown-linux`: `rustc --print target-list` \
does not list it; the documentation for `x86_64-unknown-linux-gun`, the default target, still \
builds"
            ),
            (
                "docs_rs_unknown_key",
                "docs.rs does not read `default-taget`, and ignores it"
            ),
        ])
    );
    let broken = findings(&report, "docs-rs-broken");
    let of = |check: &str, nth: usize| {
        broken
            .iter()
            .filter(|f| f["check"] == check)
            .nth(nth)
            .unwrap()
    };
    assert_eq!(
        of("docs_rs_unknown_feature", 0)["help"],
        "did you mean `full`?"
    );
    assert_eq!(
        of("docs_rs_unknown_feature", 1)["help"],
        "`serde` is an optional dependency that a `dep:serde` entry hides; name the feature that \
enables it: `serde1`"
    );
    assert_eq!(
        of("docs_rs_unknown_target", 0)["help"],
        "did you mean `x86_64-unknown-linux-gnu`?"
    );
    assert_eq!(of("docs_rs_unknown_target", 0)["severity"], "error");
    assert_eq!(
        of("docs_rs_unknown_target", 1)["severity"],
        "warning",
        "a target other than the default fails only its own documentation"
    );
    assert!(
        of("docs_rs_unknown_target", 2)["help"]
            .as_str()
            .unwrap()
            .starts_with(
                "`x86_64-unknown-linux` is the start of a triple: did you mean \
`x86_64-unknown-linux-gnu`"
            ),
        "{:#}",
        of("docs_rs_unknown_target", 2)
    );
    assert_eq!(of("docs_rs_unknown_feature", 0)["severity"], "error");
    assert_eq!(of("docs_rs_unknown_feature", 0)["blocks_publish"], false);
    assert_eq!(
        (
            &of("docs_rs_unknown_feature", 0)["location"]["line"],
            &of("docs_rs_unknown_feature", 0)["location"]["column"]
        ),
        (&Value::from(21), &Value::from(13))
    );
    // A near miss of a key gets help, and only the certain rename a fix.
    assert_eq!(
        of("docs_rs_unknown_key", 0)["suggestions"][0]["certain"],
        true
    );
    assert_eq!(
        of("docs_rs_unknown_key", 1)["help"],
        "write `default-target`"
    );
    assert!(of("docs_rs_unknown_key", 1).get("suggestions").is_none());
}

#[test]
fn the_target_check_can_be_allowed_for_a_toolchain_that_lags() {
    let fixture = Fixture::copy("docs-rs");
    let (_, report) = fixture.json(&["--workspace", "-A", "docs_rs_unknown_target"]);
    assert!(
        docs_rs_findings(&report, "docs-rs-broken")
            .iter()
            .all(|(check, _)| check != "docs_rs_unknown_target")
    );
}

#[test]
fn settings_docs_rs_ignores_are_warnings() {
    let fixture = Fixture::copy("docs-rs");
    let (_, report) = fixture.json(&["--workspace"]);
    assert_eq!(
        docs_rs_findings(&report, "docs-rs-macros"),
        pairs(&[(
            "docs_rs_ignored_setting",
            "docs.rs builds a proc-macro crate for `x86_64-unknown-linux-gnu` only, and ignores \
`targets`"
        )])
    );
    assert_eq!(
        docs_rs_findings(&report, "docs-rs-both"),
        pairs(&[(
            "docs_rs_ignored_setting",
            "docs.rs reads `[package.metadata.docs.rs]` and ignores `[package.metadata.\"docs.rs\"]`"
        )])
    );
    let inherits = findings(&report, "docs-rs-inherits");
    assert_eq!(
        docs_rs_findings(&report, "docs-rs-inherits"),
        pairs(&[(
            "docs_rs_workspace_metadata",
            "docs.rs does not read `[workspace.metadata.docs.rs]`, and `docs-rs-inherits` has no \
`[package.metadata.docs.rs]` of its own"
        )])
    );
    let file = inherits[0]["location"]["file"].as_str().unwrap();
    assert!(
        file.ends_with("Cargo.toml") && !file.contains("crates"),
        "at the workspace's table: {file}"
    );
    assert_eq!(inherits[0]["severity"], "warning");
}

#[test]
fn fix_renames_a_key_docs_rs_does_not_read() {
    let fixture = Fixture::copy("docs-rs");
    git_commit_all(fixture.path());
    let run = fixture.run(&["--no-package", "--fix", "-p", "docs-rs-broken"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let manifest =
        std::fs::read_to_string(fixture.path().join("crates/broken/Cargo.toml")).unwrap();
    assert!(manifest.contains("\nall-features = true\n"), "{manifest}");
    assert!(!manifest.contains("all_features"), "{manifest}");
    assert!(
        manifest.contains("default-taget"),
        "an uncertain rename is left alone: {manifest}"
    );
}
