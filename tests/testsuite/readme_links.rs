//! The README as crates.io renders it: relative links judged against the git repository, or
//! outside git against the package; links crates.io removes; a `repository` that is not the
//! root.

use serde_json::Value;

use crate::support::{Fixture, finding, findings, git_commit_all};

const LINK_CHECKS: [&str; 3] = [
    "readme_link_not_found",
    "readme_link_dropped",
    "repository_not_root",
];

/// The README link findings of a package, as (check, message).
fn link_findings(report: &Value, package: &str) -> Vec<(String, String)> {
    findings(report, package)
        .iter()
        .filter(|f| LINK_CHECKS.contains(&f["check"].as_str().unwrap()))
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn committed_fixture() -> Fixture {
    let fixture = Fixture::copy("readme-links");
    git_commit_all(fixture.path());
    std::fs::write(fixture.path().join("crates/broken/NOTES.md"), "# Notes\n").unwrap();
    fixture
}

#[test]
fn links_that_resolve_are_left_alone() {
    let fixture = committed_fixture();
    let (_, report) = fixture.json(&["--workspace"]);
    for package in [
        "links-good",
        "links-nested-groups",
        "links-absolute",
        "links-plain",
    ] {
        assert_eq!(link_findings(&report, package), [], "{package}");
    }
}

#[test]
fn a_link_to_a_path_git_does_not_track_names_where_crates_io_sends_it() {
    let fixture = committed_fixture();
    let (status, report) = fixture.json(&["--workspace"]);
    assert_eq!(status, 0, "warnings only: {report:#}");
    let base = "https://github.com/example/links";
    assert_eq!(
        link_findings(&report, "links-broken"),
        [
            format!(
                "README link `docs/guide.md` leads to {base}/blob/HEAD/crates/broken/docs/guide.md, \
but the repository has no `crates/broken/docs/guide.md`"
            ),
            format!(
                "README image `assets/logo.png` leads to {base}/raw/HEAD/crates/broken/assets/logo.png, \
but the repository has no `crates/broken/assets/logo.png`"
            ),
            format!(
                "README link `NOTES.md` leads to {base}/blob/HEAD/crates/broken/NOTES.md, but git \
does not track `crates/broken/NOTES.md`"
            ),
            format!(
                "README image `../../assets/missing.svg` leads to \
{base}/raw/HEAD/assets/missing.svg?sanitize=true, but the repository has no `assets/missing.svg`"
            ),
        ]
        .map(|message| ("readme_link_not_found".to_string(), message))
    );
    let broken = findings(&report, "links-broken");
    assert_eq!(broken[0]["severity"], "warning");
    assert!(
        broken[0]["location"]["file"]
            .as_str()
            .unwrap()
            .ends_with("crates/broken/README.md")
    );
    assert_eq!(
        (
            &broken[0]["location"]["line"],
            &broken[0]["location"]["column"]
        ),
        (&Value::from(3), &Value::from(5))
    );
    assert_eq!(
        broken[2]["help"],
        "the file is here but not committed: `git add crates/broken/NOTES.md`, or link elsewhere"
    );
}

#[test]
fn a_readme_from_outside_the_package_counts_its_links_from_the_package() {
    let fixture = committed_fixture();
    let (_, report) = fixture.json(&["--workspace"]);
    let outside = findings(&report, "links-outside");
    let messages: Vec<&str> = outside
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "README link `CONTRIBUTING.md` leads to \
https://github.com/example/links/blob/HEAD/crates/outside/CONTRIBUTING.md, but the repository \
has no `crates/outside/CONTRIBUTING.md`",
            "README link `docs/guide.md` leads to \
https://github.com/example/links/blob/HEAD/crates/outside/docs/guide.md, but the repository has \
no `crates/outside/docs/guide.md`",
            "README link `ROADMAP.md` leads to \
https://github.com/example/links/blob/HEAD/crates/outside/ROADMAP.md, but the repository has no \
`crates/outside/ROADMAP.md`",
        ]
    );
    assert_eq!(
        outside[0]["help"],
        "cargo copies the README into the package, so crates.io counts its links from \
`crates/outside/`, not from where the file lives; write the full URL instead: \
https://github.com/example/links/blob/HEAD/CONTRIBUTING.md"
    );
    assert_eq!(
        outside[2]["help"],
        "crates.io counts relative links from `crates/outside/`, but the README is also read from \
the repository's root: link with a full `https://` URL, since a changed relative path breaks it \
there"
    );
    let file = outside[0]["location"]["file"].as_str().unwrap();
    assert!(
        file.ends_with("README.md") && !file.contains("crates"),
        "the workspace's README: {file}"
    );
}

#[test]
fn relative_links_vanish_off_github_gitlab_and_bitbucket() {
    let fixture = committed_fixture();
    let (_, report) = fixture.json(&["--workspace"]);
    let elsewhere = findings(&report, "links-elsewhere");
    assert_eq!(elsewhere.len(), 1, "{report:#}");
    assert_eq!(elsewhere[0]["check"], "readme_link_dropped");
    assert_eq!(
        elsewhere[0]["message"],
        "crates.io will remove the README's 2 relative links (`docs/guide.md`, ...): \
`repository` is on codeberg.org, and crates.io rewrites links only for github.com, gitlab.com \
and bitbucket.org"
    );
    assert_eq!(elsewhere[0]["labels"][0]["message"], "removed too");
    assert_eq!(elsewhere[0]["labels"][0]["location"]["column"], 32);

    // `www.github.com` is another host to crates.io; the fix is certain.
    let www = findings(&report, "links-www");
    assert_eq!(www.len(), 1, "{report:#}");
    assert_eq!(www[0]["check"], "readme_link_dropped");
    let suggestion = &www[0]["suggestions"][0];
    assert_eq!(
        suggestion["replacement"],
        "\"https://github.com/example/links\""
    );
    assert_eq!(suggestion["certain"], true);
}

#[test]
fn a_repository_inside_the_repository_gets_its_root() {
    let fixture = committed_fixture();
    let (_, report) = fixture.json(&["--workspace"]);
    let all = findings(&report, "links-subtree");
    assert_eq!(all.len(), 2, "{report:#}");
    let of = |check: &str| all.iter().find(|f| f["check"] == check).unwrap();
    let subtree = [of("repository_not_root")];
    assert_eq!(subtree[0]["check"], "repository_not_root");
    assert_eq!(
        of("readme_link_not_found")["message"],
        "README link `NOTES.md` leads to \
https://github.com/example/links/blob/HEAD/crates/subtree/NOTES.md, but the repository has no \
`crates/subtree/NOTES.md`",
        "the link is judged where it leads once `repository` is the root"
    );
    assert_eq!(subtree[0]["field"], "package.repository");
    assert_eq!(
        subtree[0]["suggestions"][0]["replacement"],
        "\"https://github.com/example/links\""
    );

    let fixed = fixture.run(&[
        "--workspace",
        "--no-package",
        "--fix",
        "-p",
        "links-subtree",
    ]);
    assert_eq!(fixed.status, 0, "{}", fixed.stderr);
    let manifest =
        std::fs::read_to_string(fixture.path().join("crates/subtree/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("repository = \"https://github.com/example/links\"\n"),
        "{manifest}"
    );
}

#[test]
fn outside_git_only_links_into_the_package_are_judged() {
    let fixture = Fixture::copy("readme-links/crates/good");
    let dir = fixture.path();
    std::fs::remove_file(dir.join("LICENSE")).unwrap();
    std::fs::write(
        dir.join(".cargo_vcs_info.json"),
        r#"{"git":{"sha1":"0000000"},"path_in_vcs":"crates/good"}"#,
    )
    .unwrap();
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))
        .unwrap()
        .replace(".workspace = true", " = \"x\"")
        .replace("rust-version = \"x\"", "rust-version = \"1.70\"")
        .replace("version = \"x\"", "version = \"0.1.0\"")
        .replace("edition = \"x\"", "edition = \"2021\"")
        .replace("license = \"x\"", "license = \"MIT\"")
        .replace("keywords = \"x\"", "keywords = [\"fixture\"]")
        .replace("categories = \"x\"", "categories = [\"development-tools\"]")
        .replace(
            "repository = \"x\"",
            "repository = \"https://github.com/example/links\"",
        )
        + "exclude = [\"/data\"]\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(
        dir.join("README.md"),
        "# links-good, unpacked\n\n\
[ours](docs/usage.md) and [the workspace's](../../docs/guide.md) are fine;\n\
[a missing file](docs/missing.md) and [a missing license](LICENSE) are not;\n\
[a nested package](fuzz), [a file in it](fuzz/README.md) and [excluded data](data/x.csv)\n\
may be in the repository.\n",
    )
    .unwrap();
    let (_, report) = fixture.json(&[]);
    let messages: Vec<String> = link_findings(&report, "links-good")
        .into_iter()
        .map(|(_, message)| message)
        .collect();
    assert_eq!(
        messages,
        [
            "README link `docs/missing.md` leads to \
https://github.com/example/links/blob/HEAD/crates/good/docs/missing.md, but the package has no \
`docs/missing.md`",
            "README link `LICENSE` leads to \
https://github.com/example/links/blob/HEAD/crates/good/LICENSE, but the package has no `LICENSE`",
        ]
    );
    // An older cargo recorded no `path_in_vcs`: where the package sat, and so where its links
    // lead, is unknown, and a link outside its files cannot be judged.
    std::fs::write(
        dir.join(".cargo_vcs_info.json"),
        r#"{"git":{"sha1":"0000000"}}"#,
    )
    .unwrap();
    // A link given twice is named once.
    let readme = fixture.path().join("README.md");
    let twice = std::fs::read_to_string(&readme).unwrap() + "[The license again](LICENSE).\n";
    std::fs::write(&readme, twice).unwrap();
    let (_, report) = fixture.json(&[]);
    let unjudged = finding(
        &report,
        "links-good",
        "readme_link_not_found",
        "cannot be judged",
    );
    assert_eq!(unjudged["severity"], "note", "{unjudged:#}");
    assert_eq!(
        unjudged["message"],
        "README links that leave the package cannot be judged: `../../docs/guide.md`, \
`docs/missing.md`, `LICENSE`, `fuzz`, `fuzz/README.md`, `data/x.csv`; the package records no \
`path_in_vcs`, so where they lead in the repository is unknown"
    );
    assert_eq!(link_findings(&report, "links-good").len(), 1, "{report:#}");
}

#[test]
fn allowed_the_readme_checks_say_nothing() {
    let fixture = committed_fixture();
    let (_, report) = fixture.json(&[
        "--workspace",
        "-A",
        "readme_link_not_found",
        "-A",
        "readme_link_dropped",
        "-A",
        "repository_not_root",
    ]);
    for package in [
        "links-broken",
        "links-outside",
        "links-elsewhere",
        "links-subtree",
    ] {
        assert_eq!(link_findings(&report, package), [], "{package}");
    }
}

#[test]
fn a_readme_finding_points_into_the_readme_in_every_format() {
    let fixture = committed_fixture();
    let github = fixture.run(&[
        "--no-package",
        "-p",
        "links-broken",
        "--message-format",
        "github",
    ]);
    assert!(
        github
            .stdout
            .lines()
            .next()
            .is_some_and(|line| line.starts_with(
                "::warning file=crates/broken/README.md,line=3,col=5,title=readme_link_not_found"
            )),
        "{}",
        github.stdout
    );
    let short = fixture.run(&[
        "--no-package",
        "-p",
        "links-broken",
        "--message-format",
        "short",
    ]);
    assert!(
        short
            .stdout
            .contains("crates/broken/README.md:3:5: warning[readme_link_not_found]"),
        "{}",
        short.stdout
    );
    let sarif = fixture.run(&[
        "--no-package",
        "-p",
        "links-broken",
        "--message-format",
        "sarif",
    ]);
    let document: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let location = &document["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "crates/broken/README.md"
    );
    assert_eq!(location["region"]["startLine"], 3);
}
