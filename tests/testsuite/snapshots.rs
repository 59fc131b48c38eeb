//! Snapshots of every output format, from the real binary over fixture crates.
//!
//! `SNAPSHOTS=overwrite cargo test --test testsuite snapshots::` rewrites them after an intended change.
//! `[..]` stands for the temporary directory the fixture is copied into.

use crate::support::{Fixture, sarif_validator, schema_errors};
use serde_json::Value;
use snapbox::{assert_data_eq, str};

fn output(fixture: &Fixture, format: &str) -> (i32, String, String) {
    let run = fixture.run(&[
        "--no-package",
        "--color",
        "never",
        "--message-format",
        format,
    ]);
    (run.status, run.stdout, run.stderr)
}

#[test]
fn human_over_the_refused_fixture() {
    let fixture = Fixture::copy("refused");
    let (status, stdout, stderr) = output(&fixture, "human");
    assert_eq!(status, 1);
    assert_eq!(stdout, "");
    assert_data_eq!(
        stderr,
        str![[r#"
    Checking refused-crate v0.1.0 ([..])
error[missing_description]: `description` is not set
 --> Cargo.toml:1:1
  |
1 | [package]
  | ^^^^^^^^^
  |
  = help: add `description = "..."` to `[package]`: one sentence saying what the crate does

error[invalid_license]: invalid `license` `mit`: `mit` is not an SPDX license identifier (identifiers are case-sensitive)
 --> Cargo.toml:6:12
  |
6 | license = "mit"
  |            ^^^
  |
  = help: did you mean `MIT`?
  = help: `cargo ready --fix` makes this change

error[invalid_url]: `documentation` `docs.rs/refused-crate` does not begin with `http://` or `https://`
 --> Cargo.toml:9:17
  |
9 | documentation = "docs.rs/refused-crate"
  |                 ^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: write `documentation = "https://docs.rs/refused-crate"`, or remove the key

error[invalid_keyword]: keyword `Command Line` contains ` `, which crates.io refuses
  --> Cargo.toml:10:24
   |
10 | keywords = ["parsing", "Command Line", "this-keyword-is-too-long", "a", "b", "c"]
   |                        ^^^^^^^^^^^^^^
   |
   = help: write `command-line`: keywords use only ASCII letters, digits, `_`, `-` and `+`
   = help: `cargo ready --fix` makes this change

error[invalid_keyword]: keyword `this-keyword-is-too-long` is 24 bytes long, more than the 20 crates.io accepts
  --> Cargo.toml:10:40
   |
10 | keywords = ["parsing", "Command Line", "this-keyword-is-too-long", "a", "b", "c"]
   |                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
   = help: shorten it to at most 20 bytes, or split it into two keywords

error[too_many_keywords]: 6 keywords, more than the 5 crates.io accepts: `c` over the limit
  --> Cargo.toml:10:78
   |
10 | keywords = ["parsing", "Command Line", "this-keyword-is-too-long", "a", "b", "c"]
   |                                                                              ^^^
   |
   = help: remove 1 of them, keeping the words people would search for

error[unknown_category]: unknown category `command-line-tools`: crates.io has no such slug
  --> Cargo.toml:11:15
   |
11 | categories = ["command-line-tools", "Games"]
   |               ^^^^^^^^^^^^^^^^^^^^
   |
   = help: did you mean `command-line-utilities`? the slugs are listed at https://crates.io/category_slugs
   = help: `cargo ready --fix` makes this change

error[unknown_category]: unknown category `Games`: crates.io has no such slug
  --> Cargo.toml:11:37
   |
11 | categories = ["command-line-tools", "Games"]
   |                                     ^^^^^^^
   |
   = help: did you mean `games`? the slugs are listed at https://crates.io/category_slugs
   = help: `cargo ready --fix` makes this change

error[dependency_without_version]: dependency `local` has `path` but no `version`: cargo refuses to publish it, since `path` and `git` are removed from the published manifest
  --> Cargo.toml:14:9
   |
13 | [dependencies]
14 | local = { path = "local" }
   |         ^^^^^^^^^^^^^^^^^^
   |
   = help: add `version = "0.1.0"` beside `path` (the version its Cargo.toml declares), and publish `local` first if it is not there yet

warning[redundant_homepage]: `homepage` `https://github.com/example/refused-crate` is the same as `repository`
 --> Cargo.toml:8:12
  |
8 | homepage = "https://github.com/example/refused-crate"
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  |
  = help: remove `homepage`, or point it at a project site other than the repository

note[dev_dependency_without_version]: dev-dependency `helper` has `path` but no `version`: cargo drops it from the published package, so tests and examples that use it will not build from there
  --> Cargo.toml:17:10
   |
16 | [dev-dependencies]
17 | helper = { path = "helper" }
   |          ^^^^^^^^^^^^^^^^^^^
   |
   = help: if it should stay, add `version = "0.1.0"` beside `path` (the version its Cargo.toml declares)

note: the package stage did not run: --no-package
note: the comparison stage did not run: refused-crate: cargo's index cache has no entry for `refused-crate`, and the index could not be read (http://127.0.0.1:9/re/fu/refused-crate: io: Connection refused (os error 111))
error: not ready to publish: refused-crate v0.1.0 (9 errors, all of which crates.io would refuse, 1 warning, 1 note; not run: package, comparison)

"#]]
    );
}

#[test]
fn human_over_an_inherited_workspace_field() {
    let fixture = Fixture::copy("workspace");
    let (status, _, stderr) = output(&fixture, "human");
    assert_eq!(status, 1);
    assert_data_eq!(
        stderr,
        str![[r#"
    Checking ws-app v0.3.0 ([..]/crates/app)
    Checking core-lib v0.3.0 ([..]/crates/core-lib)
    Skipping ws-internal v0.0.0 ([..]/crates/internal): `publish = false` in Cargo.toml
    Skipping ws-private v0.1.0 ([..]/crates/private-registry): `publish` lists only `my-company`, not crates-io
error[invalid_keyword]: keyword `with space` contains ` `, which crates.io refuses
  --> crates/app/Cargo.toml:9:1
   |
 9 | keywords.workspace = true
   | ^^^^^^^^
   |
  ::: Cargo.toml:11:12
   |
 5 | [workspace.package]
...
11 | keywords = ["workspace", "with space"]
   |            --------------------------- the value is inherited from here
   |
   = help: write `with-space`: keywords use only ASCII letters, digits, `_`, `-` and `+`
   = help: `cargo ready --fix` makes this change

     Summary ws-app: not ready (1 error, which crates.io would refuse, 0 warnings)

     Summary core-lib: ready (0 errors, 0 warnings)

note: the package stage did not run: --no-package
note: the comparison stage did not run: 2 packages; ws-app: cargo's index cache has no entry for `ws-app`, and the index could not be read (http://127.0.0.1:9/ws/-a/ws-app: io: Connection refused (os error 111)); core-lib: cargo's index cache has no entry for `core-lib`, and the index could not be read (http://127.0.0.1:9/co/re/core-lib: io: Connection refused (os error 111))
error: not ready to publish: ws-app (1 of 2 packages; 1 error, which crates.io would refuse, 0 warnings; 2 skipped; not run: package, comparison)

"#]]
    );
}

#[test]
fn short_over_the_refused_fixture() {
    let fixture = Fixture::copy("refused");
    let (status, stdout, stderr) = output(&fixture, "short");
    assert_eq!(status, 1);
    assert_eq!(
        stderr,
        "    Checking refused-crate v0.1.0 ([..])\n"
            .replace("[..]", &fixture.path().display().to_string())
    );
    assert_data_eq!(
        stdout,
        str![[r#"
Cargo.toml:1:1: error[missing_description]: `description` is not set
Cargo.toml:6:12: error[invalid_license]: invalid `license` `mit`: `mit` is not an SPDX license identifier (identifiers are case-sensitive)
Cargo.toml:9:17: error[invalid_url]: `documentation` `docs.rs/refused-crate` does not begin with `http://` or `https://`
Cargo.toml:10:24: error[invalid_keyword]: keyword `Command Line` contains ` `, which crates.io refuses
Cargo.toml:10:40: error[invalid_keyword]: keyword `this-keyword-is-too-long` is 24 bytes long, more than the 20 crates.io accepts
Cargo.toml:10:78: error[too_many_keywords]: 6 keywords, more than the 5 crates.io accepts: `c` over the limit
Cargo.toml:11:15: error[unknown_category]: unknown category `command-line-tools`: crates.io has no such slug
Cargo.toml:11:37: error[unknown_category]: unknown category `Games`: crates.io has no such slug
Cargo.toml:14:9: error[dependency_without_version]: dependency `local` has `path` but no `version`: cargo refuses to publish it, since `path` and `git` are removed from the published manifest
Cargo.toml:8:12: warning[redundant_homepage]: `homepage` `https://github.com/example/refused-crate` is the same as `repository`
Cargo.toml:17:10: note[dev_dependency_without_version]: dev-dependency `helper` has `path` but no `version`: cargo drops it from the published package, so tests and examples that use it will not build from there

"#]]
    );
}

#[test]
fn github_over_the_refused_fixture() {
    let fixture = Fixture::copy("refused");
    let (status, stdout, stderr) = output(&fixture, "github");
    assert_eq!(status, 1);
    assert_data_eq!(
        stdout,
        str![[r#"
::error file=Cargo.toml,line=1,col=1,title=missing_description (refused-crate)::`description` is not set%0Ahelp: add `description = "..."` to `[package]`: one sentence saying what the crate does
::error file=Cargo.toml,line=6,col=12,title=invalid_license (refused-crate)::invalid `license` `mit`: `mit` is not an SPDX license identifier (identifiers are case-sensitive)%0Ahelp: did you mean `MIT`?
::error file=Cargo.toml,line=9,col=17,title=invalid_url (refused-crate)::`documentation` `docs.rs/refused-crate` does not begin with `http://` or `https://`%0Ahelp: write `documentation = "https://docs.rs/refused-crate"`, or remove the key
::error file=Cargo.toml,line=10,col=24,title=invalid_keyword (refused-crate)::keyword `Command Line` contains ` `, which crates.io refuses%0Ahelp: write `command-line`: keywords use only ASCII letters, digits, `_`, `-` and `+`
::error file=Cargo.toml,line=10,col=40,title=invalid_keyword (refused-crate)::keyword `this-keyword-is-too-long` is 24 bytes long, more than the 20 crates.io accepts%0Ahelp: shorten it to at most 20 bytes, or split it into two keywords
::error file=Cargo.toml,line=10,col=78,title=too_many_keywords (refused-crate)::6 keywords, more than the 5 crates.io accepts: `c` over the limit%0Ahelp: remove 1 of them, keeping the words people would search for
::error file=Cargo.toml,line=11,col=15,title=unknown_category (refused-crate)::unknown category `command-line-tools`: crates.io has no such slug%0Ahelp: did you mean `command-line-utilities`? the slugs are listed at https://crates.io/category_slugs
::error file=Cargo.toml,line=11,col=37,title=unknown_category (refused-crate)::unknown category `Games`: crates.io has no such slug%0Ahelp: did you mean `games`? the slugs are listed at https://crates.io/category_slugs
::error file=Cargo.toml,line=14,col=9,title=dependency_without_version (refused-crate)::dependency `local` has `path` but no `version`: cargo refuses to publish it, since `path` and `git` are removed from the published manifest%0Ahelp: add `version = "0.1.0"` beside `path` (the version its Cargo.toml declares), and publish `local` first if it is not there yet
::warning file=Cargo.toml,line=8,col=12,title=redundant_homepage (refused-crate)::`homepage` `https://github.com/example/refused-crate` is the same as `repository`%0Ahelp: remove `homepage`, or point it at a project site other than the repository
::notice file=Cargo.toml,line=17,col=10,title=dev_dependency_without_version (refused-crate)::dev-dependency `helper` has `path` but no `version`: cargo drops it from the published package, so tests and examples that use it will not build from there%0Ahelp: if it should stay, add `version = "0.1.0"` beside `path` (the version its Cargo.toml declares)

"#]]
    );
    assert_data_eq!(
        stderr,
        str![[r#"
    Checking refused-crate v0.1.0 ([..])
note: the package stage did not run: --no-package
note: the comparison stage did not run: refused-crate: cargo's index cache has no entry for `refused-crate`, and the index could not be read (http://127.0.0.1:9/re/fu/refused-crate: io: Connection refused (os error 111))
error: not ready to publish: refused-crate v0.1.0 (9 errors, all of which crates.io would refuse, 1 warning, 1 note; not run: package, comparison)

"#]]
    );
}

#[test]
fn sarif_over_the_refused_fixture_is_valid_and_stable() {
    let fixture = Fixture::copy("refused");
    let (status, stdout, _) = output(&fixture, "sarif");
    assert_eq!(status, 1);
    let document: Value = serde_json::from_str(&stdout).unwrap();

    let errors = schema_errors(&sarif_validator(), &document);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));

    let results: Vec<String> = document["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let place = &r["locations"][0]["physicalLocation"];
            format!(
                "{} {} {}:{}:{}",
                r["level"].as_str().unwrap(),
                r["ruleId"].as_str().unwrap(),
                place["artifactLocation"]["uri"].as_str().unwrap(),
                place["region"]["startLine"],
                place["region"]["startColumn"],
            )
        })
        .collect();
    assert_data_eq!(
        results.join("\n") + "\n",
        str![[r#"
error missing_description Cargo.toml:1:1
error invalid_license Cargo.toml:6:12
error invalid_url Cargo.toml:9:17
error invalid_keyword Cargo.toml:10:24
error invalid_keyword Cargo.toml:10:40
error too_many_keywords Cargo.toml:10:78
error unknown_category Cargo.toml:11:15
error unknown_category Cargo.toml:11:37
error dependency_without_version Cargo.toml:14:9
warning redundant_homepage Cargo.toml:8:12
note dev_dependency_without_version Cargo.toml:17:10

"#]]
    );
}
