//! `rust-version` against the Rust each dependency's allowed versions need, read from cargo's
//! index cache and, when the cache cannot answer and the run may go online, the sparse index.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Fixture, command, findings};

fn index_files() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sparse-index")
}

/// A `CARGO_HOME` whose crates.io index cache holds every fixture index file but `not-cached`,
/// in cargo's cache format.
fn cargo_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let cache = home
        .path()
        .join("registry/index/index.crates.io-1949cf8c6b5b557f/.cache");
    for prefix in [
        "ne/ed/needs-new",
        "fi/ts/fits-old",
        "ya/nk/yanked-fit",
        "wi/nd/windows-only",
        "de/v-/dev-only",
    ] {
        let text = std::fs::read_to_string(index_files().join(prefix)).unwrap();
        let mut bytes = vec![3u8, 2, 0, 0, 0];
        bytes.extend_from_slice(b"etag\0");
        for line in text.lines() {
            let version: Value = serde_json::from_str(line).unwrap();
            bytes.extend_from_slice(version["vers"].as_str().unwrap().as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(0);
        }
        let path = cache.join(prefix);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    home
}

/// Serves the fixture index over HTTP on a free port; returns its address.
fn serve_index() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
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
                .trim_start_matches('/');
            let mut stream = &stream;
            let response = match std::fs::read(index_files().join(path)) {
                Ok(body) if !path.is_empty() && !path.contains("..") => {
                    let mut response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    response.extend_from_slice(&body);
                    response
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    address
}

fn run(fixture: &Fixture, home: &Path, index: Option<&str>, args: &[&str]) -> (i32, Value) {
    let mut cmd = command(
        fixture.path(),
        &["--message-format", "json", "--no-package"],
    );
    cmd.args(args)
        .env("CARGO_HOME", home)
        .env_remove("CARGO_NET_OFFLINE");
    if let Some(index) = index {
        cmd.env("CARGO_READY_SPARSE_INDEX", index);
    }
    let output = cmd.output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&output.stdout));
    });
    (output.status.code().unwrap(), report)
}

/// The (check, severity, message) of the package's rust-version findings, in order.
fn rust_findings(report: &Value) -> Vec<(String, String, String)> {
    findings(report, "msrv-claims")
        .iter()
        .filter(|f| f["check"].as_str().unwrap().starts_with("dependency_"))
        .filter(|f| {
            f["check"] == "dependency_needs_newer_rust"
                || f["check"] == "dependency_versions_unknown"
        })
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn warning(message: &str) -> (String, String, String) {
    (
        "dependency_needs_newer_rust".to_string(),
        "warning".to_string(),
        message.to_string(),
    )
}

const NEEDS_NEW: &str = "`needs-new = \"2\"` needs Rust 1.80, but `rust-version` says 1.70: every \
non-yanked version the requirement allows declares a newer `rust-version`";
const RENAMED: &str = "`renamed = \"2.1\"` (package `needs-new`) needs Rust 1.82.1, but `rust-version` says 1.70: every \
non-yanked version the requirement allows declares a newer `rust-version`";
const YANKED: &str = "`yanked-fit = \"3\"` needs Rust 1.75, but `rust-version` says 1.70: every \
non-yanked version the requirement allows declares a newer `rust-version`";
const WINDOWS: &str = "`windows-only = \"1\"` (enabled by default on Windows) needs Rust 1.75, but \
`rust-version` says 1.70: every non-yanked version the requirement allows declares a newer \
`rust-version`";
const BUILD: &str = "`needs-new = \"2.0\"` (build dependency) needs Rust 1.80, but `rust-version` \
says 1.70: every non-yanked version the requirement allows declares a newer `rust-version`";

/// Built only with a feature that is not a default one: a note naming it.
const LATE: &str = "`late = \"2\"` (package `needs-new`) (only with feature `atomic`) needs Rust \
1.80, but `rust-version` says 1.70: every non-yanked version the requirement allows declares a \
newer `rust-version`";

#[test]
fn offline_the_cache_answers_and_a_missing_entry_is_a_note() {
    let fixture = Fixture::copy("msrv");
    let home = cargo_home();
    let (status, report) = run(&fixture, home.path(), None, &["--offline"]);
    assert_eq!(status, 0, "warnings and notes only: {report:#}");
    let mut found = rust_findings(&report);
    found.sort();
    let mut expected = vec![
        warning(NEEDS_NEW),
        warning(RENAMED),
        warning(YANKED),
        warning(WINDOWS),
        warning(BUILD),
        (
            "dependency_needs_newer_rust".to_string(),
            "note".to_string(),
            LATE.to_string(),
        ),
        (
            "dependency_versions_unknown".to_string(),
            "note".to_string(),
            "the Rust 2 dependencies need is not known: `also-missing = \"1\"`, `not-cached = \"1\"` \
(cargo's index cache has no entry for them, and the run is offline)"
                .to_string(),
        ),
    ];
    expected.sort();
    assert_eq!(found, expected);
    let needs_new = findings(&report, "msrv-claims")
        .iter()
        .find(|f| f["message"] == NEEDS_NEW)
        .unwrap();
    assert_eq!(needs_new["field"], "dependencies.needs-new");
    assert_eq!(
        needs_new["help"],
        "raise `rust-version` to 1.80, or require a release of `needs-new` that builds on 1.70 \
(the newest is 1.0.0)"
    );
    let late = findings(&report, "msrv-claims")
        .iter()
        .find(|f| f["message"] == LATE)
        .unwrap();
    assert_eq!(
        late["help"],
        "document that feature `atomic` needs Rust 1.80, or raise `rust-version` to 1.80, or \
require a release of `needs-new` that builds on 1.70 (the newest is 1.0.0)"
    );
}

#[test]
fn online_the_sparse_index_answers_what_the_cache_cannot() {
    let fixture = Fixture::copy("msrv");
    let home = cargo_home();
    let index = serve_index();
    let (_, report) = run(&fixture, home.path(), Some(&index), &[]);
    let found = rust_findings(&report);
    assert!(
        found.contains(&warning(
            "`not-cached = \"1\"` needs Rust 1.99, but `rust-version` says 1.70: every non-yanked \
version the requirement allows declares a newer `rust-version`"
        )),
        "{found:#?}"
    );
    assert!(
        !found.iter().any(|f| f.0 == "dependency_versions_unknown"),
        "{found:#?}"
    );
}

#[test]
fn an_unreachable_index_is_a_note_not_a_guess() {
    let fixture = Fixture::copy("msrv");
    let home = cargo_home();
    let (_, report) = run(&fixture, home.path(), None, &[]);
    let notes: Vec<String> = rust_findings(&report)
        .into_iter()
        .filter(|f| f.0 == "dependency_versions_unknown")
        .map(|f| f.2)
        .collect();
    assert_eq!(notes.len(), 1, "one note for the package: {notes:?}");
    assert!(
        notes[0].starts_with(
            "the Rust 2 dependencies need is not known: `also-missing = \"1\"` (cargo's index \
cache has no entry for `also-missing`, and the index could not be read"
        ),
        "{notes:?}"
    );
    assert!(
        notes[0].contains(
            "`not-cached = \"1\"` (cargo's index cache has no entry for \
`not-cached`, and the index could not be read"
        ),
        "{notes:?}"
    );
}

#[test]
fn without_rust_version_nothing_is_looked_up() {
    let fixture = Fixture::copy("msrv");
    let manifest = std::fs::read_to_string(fixture.manifest()).unwrap();
    std::fs::write(
        fixture.manifest(),
        manifest.replace("rust-version = \"1.70\"\n", ""),
    )
    .unwrap();
    let home = cargo_home();
    let (_, report) = run(&fixture, home.path(), None, &["--offline"]);
    assert_eq!(rust_findings(&report), []);
}
