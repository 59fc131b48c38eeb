//! The files a release ships, judged as the systems that unpack it see them: a text for each
//! license of the expression, and paths that collide where names ignore case.

use serde_json::Value;

use crate::support::{Fixture, checks, findings};

/// The findings of one check for a package, as messages, in order.
fn messages(report: &Value, package: &str, check: &str) -> Vec<String> {
    findings(report, package)
        .iter()
        .filter(|f| f["check"] == check)
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_license_of_the_expression_needs_a_shipped_text() {
    let fixture = Fixture::copy("license-texts");
    let (status, report) = fixture.json(&["--workspace"]);
    assert_eq!(status, 0, "warnings only: {report:#}");
    for quiet in [
        "texts-named",
        "texts-by-words",
        "texts-reuse",
        "texts-custom",
        "texts-public-domain",
    ] {
        assert_eq!(
            messages(&report, quiet, "license_text_missing"),
            Vec::<String>::new(),
            "{quiet}"
        );
    }
    assert_eq!(
        messages(&report, "texts-one-of-two", "license_text_missing"),
        [
            "`license` `MIT OR Apache-2.0` names Apache-2.0, but no packaged license file carries \
its text (the package has `LICENSE`)"
        ]
    );
    for missing in ["texts-none", "texts-excluded"] {
        assert_eq!(
            messages(&report, missing, "license_text_missing"),
            [
                "the license `MIT` requires its text to be shipped, but the package has no \
LICENSE*, COPYING* or license file"
            ],
            "{missing}"
        );
    }
    let one = findings(&report, "texts-one-of-two")
        .iter()
        .find(|f| f["check"] == "license_text_missing")
        .unwrap();
    assert_eq!(one["severity"], "warning");
    assert_eq!(one["field"], "package.license");
    assert!(
        one["help"].as_str().unwrap().contains("LICENSE-APACHE"),
        "{one}"
    );
}

#[test]
fn license_text_missing_takes_levels_like_every_check() {
    let fixture = Fixture::copy("license-texts");
    let (status, report) = fixture.json(&["-p", "texts-none", "-D", "license_text_missing"]);
    assert_eq!(status, 1, "{report:#}");
    let (status, report) = fixture.json(&["-p", "texts-none", "-A", "license_text_missing"]);
    assert_eq!(status, 0);
    assert!(!checks(&report, "texts-none").contains(&"license_text_missing".to_string()));
}

/// Whether the file system under `dir` tells names apart by case (macOS and Windows do not).
fn case_sensitive(dir: &std::path::Path) -> bool {
    std::fs::write(dir.join("case-probe"), "").unwrap();
    let sensitive = !dir.join("CASE-PROBE").exists();
    std::fs::remove_file(dir.join("case-probe")).unwrap();
    sensitive
}

#[test]
fn paths_equal_but_for_case_are_named_both() {
    let fixture = Fixture::copy("good");
    let dir = fixture.path();
    if !case_sensitive(dir) {
        return;
    }
    std::fs::create_dir_all(dir.join("data/Parser")).unwrap();
    std::fs::write(dir.join("data/notes.txt"), "a").unwrap();
    std::fs::write(dir.join("data/NOTES.txt"), "b").unwrap();
    std::fs::write(dir.join("data/parser"), "a file").unwrap();
    std::fs::write(dir.join("data/Parser/one.txt"), "1").unwrap();
    std::fs::write(dir.join("data/Parser/two.txt"), "2").unwrap();
    let (status, report) = fixture.json(&[]);
    assert_eq!(status, 0, "a warning: {report:#}");
    let mut found = messages(&report, "good-crate", "case_colliding_paths");
    found.sort();
    assert_eq!(
        found,
        [
            "`data/NOTES.txt` and `data/notes.txt` differ only in case: on macOS and Windows they \
are one name, and unpacking the crate there keeps only one of them",
            "`data/Parser` and `data/parser` differ only in case: on macOS and Windows they are \
one name, and unpacking the crate there keeps only one of them",
        ]
    );
    let finding = findings(&report, "good-crate")
        .iter()
        .find(|f| f["check"] == "case_colliding_paths")
        .unwrap();
    assert_eq!(finding["severity"], "warning");
    assert!(
        finding["location"]["file"]
            .as_str()
            .unwrap()
            .contains("data/")
    );
}

#[test]
fn excluded_look_alikes_do_not_collide() {
    let fixture = Fixture::copy("good");
    let dir = fixture.path();
    if !case_sensitive(dir) {
        return;
    }
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/notes.txt"), "a").unwrap();
    std::fs::write(dir.join("data/NOTES.txt"), "b").unwrap();
    let manifest = std::fs::read_to_string(fixture.manifest()).unwrap();
    let manifest = manifest.replacen(
        "[package]\n",
        "[package]\nexclude = [\"/data/NOTES.txt\"]\n",
        1,
    );
    std::fs::write(fixture.manifest(), manifest).unwrap();
    let (_, report) = fixture.json(&[]);
    assert_eq!(
        messages(&report, "good-crate", "case_colliding_paths"),
        Vec::<String>::new()
    );
}
