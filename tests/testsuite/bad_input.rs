//! Input cargo-ready cannot check: a clear message naming the file, and exit status 2.

use crate::support::{Fixture, run_in};

#[test]
fn a_manifest_path_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--manifest-path", "nowhere/Cargo.toml"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("nowhere/Cargo.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn a_manifest_path_that_is_a_directory() {
    let fixture = Fixture::copy("good");
    let dir = fixture.path().to_str().unwrap().to_string();
    let run = fixture.run(&["--manifest-path", &dir]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
}

#[test]
fn no_manifest_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--no-package"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("could not find `Cargo.toml`"),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_toml_names_the_file_and_line() {
    let fixture = Fixture::copy("good");
    std::fs::write(
        fixture.manifest(),
        "[package]\nname = \"x\"\nversion = \"0.1.0\nedition = \"2021\"\n",
    )
    .unwrap();
    let run = fixture.run(&["--no-package"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("Cargo.toml"), "{}", run.stderr);
    assert!(run.stderr.contains(":3:"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_manifest_that_is_not_utf8() {
    let fixture = Fixture::copy("good");
    let mut bytes = std::fs::read(fixture.manifest()).unwrap();
    bytes.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(fixture.manifest(), bytes).unwrap();
    let run = fixture.run(&["--no-package"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("Cargo.toml"), "{}", run.stderr);
    assert!(
        run.stderr.to_lowercase().contains("utf-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_manifest_cargo_refuses() {
    let fixture = Fixture::copy("good");
    let text = std::fs::read_to_string(fixture.manifest()).unwrap();
    std::fs::write(
        fixture.manifest(),
        text.replace("edition = \"2021\"", "edition = \"2027\""),
    )
    .unwrap();
    let run = fixture.run(&["--no-package", "--message-format", "json"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "nothing on stdout when nothing was checked"
    );
    assert!(run.stderr.contains("edition"), "{}", run.stderr);
}

#[test]
fn cargo_that_cannot_be_started() {
    let fixture = Fixture::copy("good");
    let mut command = crate::support::command(fixture.path(), &["--no-package"]);
    command.env("CARGO", "/nonexistent/cargo");
    let run = crate::support::finish(command.output().unwrap());
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("/nonexistent/cargo"), "{}", run.stderr);
}

#[test]
fn unknown_options_are_usage_errors() {
    let fixture = Fixture::copy("good");
    let run = fixture.run(&["--no-such-flag"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--no-such-flag"), "{}", run.stderr);
    let run = fixture.run(&["--message-format", "xml"]);
    assert_eq!(run.status, 2);
}
