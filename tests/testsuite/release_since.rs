//! The release against the last one, end to end: earlier versions of the fixture `since`
//! published to the local registry the package-stage tests make (each `.crate` written here,
//! its manifest standing for the normalized one cargo writes), and the fixture, changed per
//! case, compared with them. Look-alikes that must stay quiet sit beside each case.

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use crate::package_stage::{Run, Sandbox};
use crate::support::git;

const NAME: &str = "ready-since";

/// Every check of the comparison.
const RELEASE_CHECKS: [&str; 16] = [
    "first_release",
    "version_not_newest",
    "feature_removed",
    "feature_changed",
    "lib_renamed",
    "bin_removed",
    "rust_version_raised",
    "license_changed",
    "edition_changed",
    "links_changed",
    "dependencies_changed",
    "dependency_major_changed",
    "contents_changed",
    "crate_grew",
    "large_file_added",
    "packaged_file_dropped",
];

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/package/since"
    ))
}

/// The fixture's manifest at `version`, each `(text, replacement)` of `edits` applied.
fn manifest(version: &str, edits: &[(&str, &str)]) -> String {
    let mut text = fs::read_to_string(fixture().join("Cargo.toml")).unwrap();
    text = text.replace("version = \"1.1.0\"", &format!("version = \"{version}\""));
    for (from, to) in edits {
        assert!(
            text.contains(from),
            "the fixture's manifest has no {from:?}"
        );
        text = text.replace(from, to);
    }
    text
}

/// A `.crate` of `version` of the fixture with `manifest` as its Cargo.toml, its files but
/// those `leave_out` names, and the `extra` files.
fn crate_bytes(
    version: &str,
    manifest: &str,
    leave_out: &[&str],
    extra: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("Cargo.toml".to_string(), manifest.as_bytes().to_vec())];
    for path in ["src/lib.rs", "src/main.rs", "README.md", "LICENSE"] {
        if !leave_out.contains(&path) {
            files.push((path.to_string(), fs::read(fixture().join(path)).unwrap()));
        }
    }
    for (path, bytes) in extra {
        files.push((path.to_string(), bytes.to_vec()));
    }
    crate::support::crate_archive(&format!("{NAME}-{version}"), &files)
}

/// Publishes `version` of the fixture ([`crate_bytes`]) to the local registry; returns the
/// `.crate`'s checksum.
fn publish(
    sandbox: &Sandbox,
    version: &str,
    manifest: &str,
    leave_out: &[&str],
    extra: &[(&str, &[u8])],
) -> String {
    let bytes = crate_bytes(version, manifest, leave_out, extra);
    sandbox.publish(NAME, version, false, Some(&bytes))
}

/// Publishes an index entry for `version` without a `.crate` to download (yanked or not).
fn list_only(sandbox: &Sandbox, version: &str, yanked: bool) {
    sandbox.publish(NAME, version, yanked, None);
}

/// Rewrites the crate under test's manifest (`version` and `edits`), adds `files`, and commits.
fn change_current(
    sandbox: &Sandbox,
    version: &str,
    edits: &[(&str, &str)],
    files: &[(&str, &[u8])],
) {
    fs::write(sandbox.krate.join("Cargo.toml"), manifest(version, edits)).unwrap();
    for (path, bytes) in files {
        let path = sandbox.krate.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    git(&sandbox.krate, &["add", "-A"]);
    git(
        &sandbox.krate,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "change",
        ],
    );
}

/// The comparison's findings: check, severity and message.
fn release_findings(run: &Run) -> Vec<(String, String, String)> {
    run.findings(NAME)
        .into_iter()
        .filter(|f| RELEASE_CHECKS.contains(&f["check"].as_str().unwrap()))
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The one finding of `check` whose message contains `needle`, as (severity, message).
fn one(run: &Run, check: &str, needle: &str) -> (String, String) {
    let found: Vec<(String, String)> = release_findings(run)
        .into_iter()
        .filter(|(c, _, m)| c == check && m.contains(needle))
        .map(|(_, s, m)| (s, m))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {check} finding with {needle:?}: {:#?}",
        release_findings(run)
    );
    found.into_iter().next().unwrap()
}

fn comparison_not_run(run: &Run) -> Option<String> {
    run.json["not_run"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["stage"] == "comparison")
        .map(|n| n["reason"].as_str().unwrap().to_string())
}

/// Pseudo-random bytes that gzip cannot shrink.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn a_first_release_is_one_note() {
    let sandbox = Sandbox::new("since", true);
    let run = sandbox.run(&["--no-package"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let found = release_findings(&run);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (severity, message) = one(&run, "first_release", "nothing to compare");
    assert_eq!(severity, "note", "{message}");
    assert_eq!(comparison_not_run(&run), None);
}

#[test]
fn an_unchanged_package_stays_quiet() {
    let sandbox = Sandbox::new("since", true);
    publish(&sandbox, "1.0.0", &manifest("1.0.0", &[]), &[], &[]);
    let run = sandbox.run(&["--no-package"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        release_findings(&run),
        Vec::<(String, String, String)>::new()
    );
    assert_eq!(comparison_not_run(&run), None, "{:#}", run.json);
    // Without --diff, the comparison is no part of the JSON.
    let package = &run.json["packages"][0];
    assert!(package.get("diff").is_none(), "{package:#}");
}

#[test]
fn features_removed_in_a_minor_release_are_errors_and_quiet_in_a_major_one() {
    let sandbox = Sandbox::new("since", true);
    let baseline = manifest(
        "1.0.0",
        &[
            ("default = [\"std\"]", "default = [\"std\", \"extra\"]"),
            (
                "extra = [\"std\"]",
                "extra = [\"std\", \"old\"]\nold = []\n_private = []\nunstable-api = []",
            ),
        ],
    );
    publish(&sandbox, "1.0.0", &baseline, &[], &[]);
    let run = sandbox.run(&["--no-package"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let (severity, _) = one(&run, "feature_removed", "feature `old` is gone");
    assert_eq!(severity, "error");
    let (severity, message) = one(
        &run,
        "feature_removed",
        "`extra` is no longer enabled by default",
    );
    assert_eq!(severity, "error");
    assert!(message.contains("1.0.0 → 1.1.0"), "{message}");
    let (severity, message) = one(
        &run,
        "feature_changed",
        "feature `extra` no longer enables `old`",
    );
    assert_eq!(severity, "warning", "{message}");
    let said: Vec<String> = release_findings(&run).into_iter().map(|f| f.2).collect();
    assert!(
        !said
            .iter()
            .any(|m| m.contains("_private") || m.contains("unstable-api")),
        "features named as private are not public: {said:#?}"
    );
    // The feature at its key in the manifest.
    let finding = run.finding(NAME, "feature_changed");
    assert_eq!(finding["field"], "features.extra", "{finding:#}");

    // Levels apply as to every check: from the command line and from the manifest.
    let run = sandbox.run(&[
        "--no-package",
        "-W",
        "feature_removed",
        "-A",
        "feature_changed",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (severity, _) = one(&run, "feature_removed", "feature `old` is gone");
    assert_eq!(severity, "warning");
    assert!(
        release_findings(&run)
            .iter()
            .all(|f| f.0 != "feature_changed")
    );
    change_current(
        &sandbox,
        "1.1.0",
        &[(
            "[features]",
            "[package.metadata.ready]\nfeature_removed = \"allow\"\n\n[features]",
        )],
        &[],
    );
    let run = sandbox.run(&["--no-package"]);
    assert!(
        release_findings(&run)
            .iter()
            .all(|f| f.0 != "feature_removed")
    );

    // Look-alike: the same removals in 2.0.0, a breaking release, say nothing.
    change_current(&sandbox, "2.0.0", &[], &[]);
    let run = sandbox.run(&["--no-package"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let checks: Vec<String> = release_findings(&run).into_iter().map(|f| f.0).collect();
    assert!(
        !checks
            .iter()
            .any(|c| c == "feature_removed" || c == "feature_changed"),
        "{checks:?}"
    );
}

#[test]
fn an_optional_dependency_whose_feature_becomes_dep_syntax_loses_the_feature() {
    let sandbox = Sandbox::new("since", true);
    let baseline = manifest(
        "1.0.0",
        &[(
            "[dependencies]\n",
            "[dependencies]\nlibc = { version = \"0.2\", optional = true }\n",
        )],
    );
    publish(&sandbox, "1.0.0", &baseline, &[], &[]);
    change_current(
        &sandbox,
        "1.1.0",
        &[
            (
                "extra = [\"std\"]",
                "extra = [\"std\"]\nsys = [\"dep:libc\"]",
            ),
            (
                "[dependencies]\n",
                "[dependencies]\nlibc = { version = \"0.2\", optional = true }\n",
            ),
        ],
        &[],
    );
    let run = sandbox.run(&["--no-package"]);
    let (severity, message) = one(&run, "feature_removed", "`libc`");
    assert_eq!(severity, "error");
    assert!(message.contains("optional dependency"), "{message}");
}

#[test]
fn a_renamed_library_and_a_removed_binary_unless_the_release_is_breaking() {
    let sandbox = Sandbox::new("since", true);
    let baseline = manifest(
        "1.0.0",
        &[(
            "[features]",
            "[lib]\nname = \"old_name\"\npath = \"src/lib.rs\"\n\n[[bin]]\nname = \"old-tool\"\npath = \"src/bin/old-tool.rs\"\n\n[features]",
        )],
    );
    publish(
        &sandbox,
        "1.0.0",
        &baseline,
        &[],
        &[("src/bin/old-tool.rs", b"fn main() {}\n")],
    );
    let run = sandbox.run(&["--no-package"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let (severity, message) = one(&run, "lib_renamed", "`ready_since`, was `old_name`");
    assert_eq!(severity, "error", "{message}");
    let (severity, message) = one(&run, "bin_removed", "binary `old-tool` is gone");
    assert_eq!(severity, "warning", "{message}");
    // The fixture's own binary is there in both: not reported.
    assert!(!message.contains("`ready-since` is gone"));
    assert_eq!(
        release_findings(&run)
            .iter()
            .filter(|f| f.0 == "bin_removed")
            .count(),
        1
    );

    // Look-alike: a bin removed (and the lib renamed) in 2.0.0.
    change_current(&sandbox, "2.0.0", &[], &[]);
    let run = sandbox.run(&["--no-package"]);
    let checks: Vec<String> = release_findings(&run).into_iter().map(|f| f.0).collect();
    assert!(
        !checks
            .iter()
            .any(|c| c == "lib_renamed" || c == "bin_removed"),
        "{checks:?}"
    );
}

#[test]
fn fields_and_dependencies_that_changed() {
    let sandbox = Sandbox::new("since", true);
    let baseline = manifest(
        "1.0.0",
        &[
            (
                "rust-version = \"1.70\"",
                "rust-version = \"1.60\"\nlinks = \"since\"",
            ),
            ("license = \"MIT\"", "license = \"Apache-2.0\""),
            ("edition = \"2021\"", "edition = \"2018\""),
            (
                "[dependencies]\n",
                "[dependencies]\nserde = \"0.9\"\ngone = \"1\"\n\n[build-dependencies]\ncc = \"1.0\"\n",
            ),
        ],
    );
    publish(&sandbox, "1.0.0", &baseline, &[], &[]);
    change_current(
        &sandbox,
        "1.1.0",
        &[(
            "[dependencies]\n",
            "[dependencies]\nserde = \"1.0\"\nnewdep = \"1\"\n\n[build-dependencies]\ncc = \"^1.0\"\n",
        )],
        &[],
    );
    let run = sandbox.run(&["--no-package"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let (severity, message) = one(&run, "rust_version_raised", "from 1.60.0 to 1.70.0");
    assert_eq!(severity, "note", "a minor release: {message}");
    let (severity, _) = one(&run, "license_changed", "`MIT`, was `Apache-2.0`");
    assert_eq!(severity, "warning");
    let (severity, _) = one(&run, "edition_changed", "2021, was 2018");
    assert_eq!(severity, "note");
    let (severity, _) = one(&run, "links_changed", "`since`");
    assert_eq!(severity, "warning");
    let (_, message) = one(
        &run,
        "dependencies_changed",
        "added `newdep`; removed `gone`",
    );
    assert!(
        !message.contains("cc"),
        "an unchanged requirement written otherwise: {message}"
    );
    let (severity, message) = one(
        &run,
        "dependency_major_changed",
        "`serde` moved to a new major",
    );
    assert_eq!(severity, "note", "{message}");
    assert_eq!(
        release_findings(&run)
            .iter()
            .filter(|f| f.0 == "dependency_major_changed")
            .count(),
        1
    );

    // The same rust-version in a patch release is a warning.
    let sandbox = Sandbox::new("since", true);
    publish(
        &sandbox,
        "1.1.0",
        &manifest(
            "1.1.0",
            &[("rust-version = \"1.70\"", "rust-version = \"1.60\"")],
        ),
        &[],
        &[],
    );
    change_current(&sandbox, "1.1.1", &[], &[]);
    let run = sandbox.run(&["--no-package"]);
    let (severity, message) = one(
        &run,
        "rust_version_raised",
        "in a patch release (1.1.0 → 1.1.1)",
    );
    assert_eq!(severity, "warning", "{message}");
}

#[test]
fn a_large_new_file_and_a_readme_and_license_left_out() {
    let sandbox = Sandbox::new("since", true);
    publish(&sandbox, "1.0.0", &manifest("1.0.0", &[]), &[], &[]);
    change_current(
        &sandbox,
        "1.1.0",
        // cargo packages the `readme` whatever `exclude` says; `readme = false` drops it.
        &[(
            "readme = \"README.md\"",
            "readme = false\nexclude = [\"/README.md\", \"/LICENSE\"]",
        )],
        &[
            ("data/big.bin", &noise(1_200_000)),
            ("src/extra.rs", b"// more\n"),
        ],
    );
    let run = sandbox.run(&["--no-package"]);
    let (severity, message) = one(&run, "large_file_added", "`data/big.bin` (1.1 MiB)");
    assert_eq!(severity, "warning", "{message}");
    let (severity, message) = one(
        &run,
        "contents_changed",
        "files: 2 added, 2 removed, 0 changed",
    );
    assert_eq!(severity, "note");
    assert!(
        message.contains("largest added: data/big.bin (1.1 MiB), src/extra.rs (8 B)"),
        "{message}"
    );
    let (severity, _) = one(
        &run,
        "packaged_file_dropped",
        "the license file `LICENSE` of 1.0.0",
    );
    assert_eq!(severity, "warning");
    one(
        &run,
        "packaged_file_dropped",
        "the README `README.md` of 1.0.0",
    );

    // Look-alikes: the license text renamed, not dropped; the README excluded while `readme`
    // names it, which cargo packages anyway.
    let sandbox = Sandbox::new("since", true);
    publish(&sandbox, "1.0.0", &manifest("1.0.0", &[]), &[], &[]);
    fs::rename(
        sandbox.krate.join("LICENSE"),
        sandbox.krate.join("LICENSE.txt"),
    )
    .unwrap();
    change_current(
        &sandbox,
        "1.1.0",
        &[(
            "readme = \"README.md\"",
            "readme = \"README.md\"\nexclude = [\"/README.md\"]",
        )],
        &[],
    );
    let run = sandbox.run(&["--no-package"]);
    let checks: Vec<String> = release_findings(&run).into_iter().map(|f| f.0).collect();
    assert_eq!(checks, ["contents_changed"]);
}

#[test]
fn a_version_below_the_newest_warns_and_yanked_versions_are_no_baseline() {
    let sandbox = Sandbox::new("since", true);
    publish(&sandbox, "1.0.0", &manifest("1.0.0", &[]), &[], &[]);
    list_only(&sandbox, "1.0.5", true);
    list_only(&sandbox, "1.3.0", false);
    let run = sandbox.run(&["--no-package", "--diff"]);
    let (severity, message) = one(
        &run,
        "version_not_newest",
        "version 1.1.0 is below the newest published version, 1.3.0",
    );
    assert_eq!(severity, "warning", "{message}");
    let diff = &run.json["packages"][0]["diff"];
    assert_eq!(
        diff["baseline"], "1.0.0",
        "the yanked 1.0.5 is passed by: {diff:#}"
    );
    assert_eq!(diff["version"], "1.1.0");
    assert_eq!(
        diff["manifest"][0],
        serde_json::json!({"key": "package.version", "change": "changed", "from": "1.0.0", "to": "1.1.0"})
    );
    assert_eq!(diff["files"], Value::Array(Vec::new()));
}

#[test]
fn diff_prints_the_comparison_and_puts_it_in_the_json() {
    let sandbox = Sandbox::new("since", true);
    publish(
        &sandbox,
        "1.0.0",
        &manifest(
            "1.0.0",
            &[("extra = [\"std\"]", "extra = [\"std\"]\nold = []")],
        ),
        &[],
        &[("src/gone.rs", b"// gone\n")],
    );
    change_current(&sandbox, "2.0.0", &[], &[("src/new.rs", b"// new file\n")]);
    fs::write(
        sandbox.krate.join("src/lib.rs"),
        "//! Changed.\npub fn answer() -> u32 {\n    43\n}\n",
    )
    .unwrap();
    git(
        &sandbox.krate,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qam",
            "lib",
        ],
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cargo-ready"))
        .args([
            "ready",
            "--registry",
            "fake",
            "--no-package",
            "--diff",
            "--color",
            "never",
        ])
        .arg("--target-dir")
        .arg(&sandbox.target)
        .current_dir(&sandbox.krate)
        .env("CARGO_HOME", &sandbox.home)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in [
        "   Comparing ready-since v2.0.0 with v1.0.0 (published)",
        "  ~ package.version = 1.0.0 -> 2.0.0",
        "  - features.old = []",
        "files: 1 added, 1 removed, 1 changed",
        "  + src/new.rs (12 B)",
        "  - src/gone.rs (8 B)",
        "  ~ src/lib.rs (115 B -> 47 B)",
    ] {
        assert!(
            stderr.lines().any(|l| l == line),
            "no line {line:?} in:\n{stderr}"
        );
    }
    let run = sandbox.run(&["--no-package", "--diff"]);
    let files = &run.json["packages"][0]["diff"]["files"];
    assert_eq!(
        files[0],
        serde_json::json!({"path": "src/gone.rs", "change": "removed", "from_size": 8, "to_size": null})
    );
}

#[test]
fn baseline_picks_another_version_and_refuses_one_not_published() {
    let sandbox = Sandbox::new("since", true);
    publish(
        &sandbox,
        "0.9.0",
        &manifest(
            "0.9.0",
            &[("extra = [\"std\"]", "extra = [\"std\"]\nold = []")],
        ),
        &[],
        &[],
    );
    publish(&sandbox, "1.0.0", &manifest("1.0.0", &[]), &[], &[]);
    let run = sandbox.run(&["--no-package", "--diff", "--baseline", "0.9.0"]);
    assert_eq!(run.json["packages"][0]["diff"]["baseline"], "0.9.0");
    // 0.9.0 → 1.1.0 is breaking: the removed feature is not reported.
    assert!(
        release_findings(&run)
            .iter()
            .all(|f| f.0 != "feature_removed")
    );

    let out = sandbox
        .command(&["--no-package", "--baseline", "0.5.0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--baseline 0.5.0: ready-since v0.5.0 is not published"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the newest published versions are 1.0.0, 0.9.0"),
        "{stderr}"
    );
}

#[test]
fn a_download_whose_checksum_differs_stops_the_run() {
    let sandbox = Sandbox::new("since", true);
    let cksum = publish(&sandbox, "1.0.0", &manifest("1.0.0", &[]), &[], &[]);
    let served = sandbox.dl.join("ready-since-1.0.0.crate");
    let mut bytes = fs::read(&served).unwrap();
    bytes.extend_from_slice(b"tampered");
    fs::write(&served, bytes).unwrap();
    let out = sandbox.command(&["--no-package"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "the downloaded ready-since v1.0.0 does not match the registry's checksum: expected sha256 {cksum}, got "
        )),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "no report: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        !sandbox
            .target
            .join("baselines/ready-since-1.0.0.crate")
            .exists()
    );
}

#[test]
fn offline_without_a_cached_baseline_is_not_run_and_a_kept_one_compares() {
    let sandbox = Sandbox::new("since", true);
    publish(
        &sandbox,
        "1.0.0",
        &manifest(
            "1.0.0",
            &[("extra = [\"std\"]", "extra = [\"std\"]\nold = []")],
        ),
        &[],
        &[],
    );
    let run = sandbox.run(&["--no-package", "--offline"]);
    let reason = comparison_not_run(&run).expect("the comparison did not run");
    assert!(
        reason.contains("ready-since v1.0.0 is not in cargo's download cache nor in")
            && reason.ends_with("and the run is offline"),
        "{reason}"
    );
    assert!(release_findings(&run).is_empty());
    assert_eq!(run.code, Some(0));

    // Online, it is downloaded once and kept under the target directory...
    let run = sandbox.run(&["--no-package"]);
    one(&run, "feature_removed", "feature `old` is gone");
    let kept = sandbox.target.join("baselines/ready-since-1.0.0.crate");
    assert!(kept.is_file());
    // ...so later runs, offline and with the registry's copy gone, compare.
    fs::remove_file(sandbox.dl.join("ready-since-1.0.0.crate")).unwrap();
    let run = sandbox.run(&["--no-package", "--offline"]);
    assert_eq!(comparison_not_run(&run), None, "{:#}", run.json);
    one(&run, "feature_removed", "feature `old` is gone");
}

#[test]
fn the_package_stage_compares_its_crate_and_a_fresh_run_does_too() {
    // crates.io, offline: the baseline from cargo's caches; the stage replays a fresh run
    // (which it does for crates.io only).
    let sandbox = Sandbox::new("since", true);
    let bytes = crate_bytes("1.0.0", &manifest("1.0.0", &[]), &[], &[]);
    crate::support::in_cargo_caches(&sandbox.home, NAME, &[("1.0.0", Some(&bytes))]);
    change_current(
        &sandbox,
        "1.1.0",
        &[],
        &[("data/big.bin", &noise(1_300_000))],
    );
    for pass in ["first", "fresh"] {
        let output = bare(&sandbox).args(["--offline", "-v"]).output().unwrap();
        let run = Run::from(output);
        assert_eq!(
            run.stderr.contains("Fresh ready-since v1.1.0"),
            pass == "fresh",
            "{pass}: {}",
            run.stderr
        );
        let (severity, message) = one(&run, "crate_grew", "more than twice the");
        assert_eq!(severity, "warning", "{pass}: {message}");
        one(&run, "large_file_added", "`data/big.bin`");
        one(
            &run,
            "contents_changed",
            "files: 1 added, 0 removed, 0 changed",
        );
        assert_eq!(comparison_not_run(&run), None, "{pass}: {:#}", run.json);
    }
    // Found in cargo's download cache, it is not copied.
    assert!(!sandbox.target.join("baselines").exists());
}

/// The binary in the crate under test with the sandbox's cargo home and target directory,
/// JSON out, no registry named, crates.io's index unreachable unless the caller says another.
fn bare(sandbox: &Sandbox) -> std::process::Command {
    let mut command = crate::support::sandboxed(&sandbox.krate, &sandbox.home, &sandbox.tmp);
    command.arg("--target-dir").arg(&sandbox.target);
    command
}

/// Serves the files under `dir` over HTTP on a free port (404 for anything else); returns its
/// address, and the count of the requests it has answered.
fn serve(dir: std::path::PathBuf) -> (String, Arc<AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&requests);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                    break;
                }
            }
            let path = request
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/')
                .to_string();
            let body = (!path.contains(".."))
                .then(|| fs::read(dir.join(&path)).ok())
                .flatten();
            let response = match body {
                Some(body) => {
                    let mut response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    response.extend_from_slice(&body);
                    response
                }
                None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = (&stream).write_all(&response);
        }
    });
    (address, requests)
}

/// Version 1.0.0 of the fixture with a feature `old` the current one lacks: its `.crate` and
/// the `.crate`'s checksum.
fn with_old_feature() -> (Vec<u8>, String) {
    let bytes = crate_bytes(
        "1.0.0",
        &manifest(
            "1.0.0",
            &[("extra = [\"std\"]", "extra = [\"std\"]\nold = []")],
        ),
        &[],
        &[],
    );
    let cksum = crate::support::sha256_hex(&bytes);
    (bytes, cksum)
}

/// Writes `bytes` at `path`, making its directory.
fn put(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

#[test]
fn crates_io_is_read_through_its_sparse_index_and_downloads() {
    // A stand-in for crates.io: the sparse index and config.json, and `dl` without markers,
    // so the `.crate` is at `{dl}/{crate}/{version}/download`.
    let served = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::new("since", true);
    let (bytes, cksum) = with_old_feature();
    let index = served.path().join("re/ad").join(NAME);
    put(
        &index,
        format!(
            "{}\n",
            crate::support::index_entry(NAME, "1.0.0", &cksum, false)
        )
        .as_bytes(),
    );
    let download = served
        .path()
        .join("api/v1/crates")
        .join(NAME)
        .join("1.0.0/download");
    put(&download, &bytes);
    let (address, requests) = serve(served.path().to_path_buf());
    fs::write(
        served.path().join("config.json"),
        format!("{{\"dl\":\"{address}api/v1/crates\",\"api\":\"{address}\"}}"),
    )
    .unwrap();
    let run = || {
        let output = bare(&sandbox)
            .arg("--no-package")
            .env("CARGO_READY_SPARSE_INDEX", &address)
            .output()
            .unwrap();
        Run::from(output)
    };
    let found = run();
    one(&found, "feature_removed", "feature `old` is gone");
    assert!(
        sandbox
            .target
            .join("baselines/ready-since-1.0.0.crate")
            .is_file()
    );

    // The index's answer is kept: a later --no-package run asks the registry nothing, and
    // compares with what the last online lookup found, even once the index has changed.
    let asked = requests.load(Ordering::SeqCst);
    fs::remove_file(&index).unwrap();
    let warm = run();
    one(&warm, "feature_removed", "feature `old` is gone");
    assert_eq!(requests.load(Ordering::SeqCst), asked);

    // Without a kept answer, a name the index does not have (404) is a first release, and
    // that answer is kept too.
    fs::remove_dir_all(sandbox.target.join("baselines/index")).unwrap();
    let first = run();
    one(&first, "first_release", "nothing to compare");
    let asked = requests.load(Ordering::SeqCst);
    let again = run();
    one(&again, "first_release", "nothing to compare");
    assert_eq!(requests.load(Ordering::SeqCst), asked);
}

#[test]
fn a_named_sparse_registry_is_read_through_its_index() {
    let served = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::new("since", true);
    let (bytes, cksum) = with_old_feature();
    let index = served.path().join("index/re/ad").join(NAME);
    put(
        &index,
        format!(
            "{}\n",
            crate::support::index_entry(NAME, "1.0.0", &cksum, false)
        )
        .as_bytes(),
    );
    // `dl` with markers: `{prefix}` and the checksum.
    let download = served
        .path()
        .join("files/re/ad")
        .join(format!("{NAME}-1.0.0-{cksum}"));
    put(&download, &bytes);
    let (address, _) = serve(served.path().to_path_buf());
    fs::write(
        served.path().join("index/config.json"),
        format!(
            "{{\"dl\":\"{address}files/{{prefix}}/{{crate}}-{{version}}-{{sha256-checksum}}\"}}"
        ),
    )
    .unwrap();
    let output = bare(&sandbox)
        .args(["--no-package", "--registry", "mine"])
        .env(
            "CARGO_REGISTRIES_MINE_INDEX",
            format!("sparse+{address}index/"),
        )
        .output()
        .unwrap();
    let run = Run::from(output);
    one(&run, "feature_removed", "feature `old` is gone");

    // A registry cargo's configuration does not name: not compared, and said why.
    let run = Run::from(
        bare(&sandbox)
            .args(["--no-package", "--registry", "nowhere"])
            .output()
            .unwrap(),
    );
    let reason = comparison_not_run(&run).expect("not compared");
    assert!(
        reason.contains("cargo's configuration gives no index for the registry `nowhere`"),
        "{reason}"
    );
}

#[test]
fn each_member_of_a_workspace_is_compared_with_its_own_baseline() {
    let sandbox = Sandbox::new("workspace-sibling", true);
    let root = sandbox.krate.join("Cargo.toml");
    let text = fs::read_to_string(&root).unwrap();
    fs::write(
        &root,
        text.replace("version = \"0.1.0\"", "version = \"0.1.1\""),
    )
    .unwrap();
    git(&sandbox.krate, &["commit", "-qam", "0.1.1"]);
    // ready-sibling-core 0.1.0 had a feature that 0.1.1 drops; the app was never published.
    let manifest = "[package]\nname = \"ready-sibling-core\"\nversion = \"0.1.0\"\nedition = \"2021\"\nlicense = \"MIT\"\n\n[features]\ngone = []\n";
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(gz);
    for (path, bytes) in [
        ("ready-sibling-core-0.1.0/Cargo.toml", manifest.as_bytes()),
        (
            "ready-sibling-core-0.1.0/src/lib.rs",
            b"pub fn core() {}\n".as_slice(),
        ),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, path, bytes).unwrap();
    }
    let bytes = builder.into_inner().unwrap().finish().unwrap();
    sandbox.publish("ready-sibling-core", "0.1.0", false, Some(&bytes));

    let run = sandbox.run(&["--workspace", "--no-package"]);
    let checks_of = |name: &str| -> Vec<String> {
        run.findings(name)
            .into_iter()
            .filter(|f| RELEASE_CHECKS.contains(&f["check"].as_str().unwrap()))
            .map(|f| {
                format!(
                    "{}: {}",
                    f["check"].as_str().unwrap(),
                    f["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    let core = checks_of("ready-sibling-core");
    assert!(
        core.iter()
            .any(|c| c.starts_with("feature_removed: feature `gone` is gone")),
        "{core:#?}"
    );
    let app = checks_of("ready-sibling-app");
    assert_eq!(app.len(), 1, "{app:#?}");
    assert!(app[0].starts_with("first_release: "), "{app:#?}");
    assert_eq!(comparison_not_run(&run), None);
}
