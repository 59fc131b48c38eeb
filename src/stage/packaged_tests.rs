//! `--tests`: the package's tests built and run from its `.crate`, as a distribution building
//! from crates.io runs them. The `.crate` is unpacked outside any workspace (in the system's
//! temporary directory, at a place fixed per target directory and package, so a second run
//! finds cargo's build fresh) and `cargo test` runs there with the stage's target directory,
//! which already holds the verify build. The unpacked copy is removed when the run ends, or
//! is interrupted.

use std::ffi::{OsStr, OsString};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::contents::Contents;
use super::parse::{CompilerError, Spot};
use crate::error::Error;
use crate::process::{self, TempDirGuard};
use crate::progress::Progress;

/// What `cargo test` in the unpacked package showed, with paths relative to the package.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestRun {
    /// Compiler errors building the tests (or what they need), in order.
    pub build_errors: Vec<CompilerError>,
    /// Tests that failed, in order.
    pub failed: Vec<FailedTest>,
    /// How many tests passed.
    pub passed: usize,
    /// cargo's own error when it failed before any test ran and no compiler error says why
    /// (a dev-dependency that cannot be resolved, say).
    pub cargo_error: Option<String>,
    /// Why the tests could not run at all, for no fault of the package: a dependency cargo
    /// could not fetch (offline, or the network failed).
    pub not_run: Option<String>,
}

/// A test that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedTest {
    /// Its name as the harness printed it (`parse::reads_fixture`, `src/lib.rs - f (line 3)`).
    pub name: String,
    /// The panic message's first line, or the output's.
    pub message: String,
    /// Where it panicked, relative to the package.
    pub spot: Option<Spot>,
    /// Everything it printed.
    pub output: String,
}

/// Unpacks `contents` and runs `cargo test` (default features, every test, no fail-fast) in it
/// with `target` as the target directory.
pub fn run(
    contents: &Contents,
    target: &Path,
    offline: bool,
    progress: &dyn Progress,
) -> Result<TestRun, Error> {
    let place = unpack_place(target, contents.prefix());
    if place.exists() {
        let _ = std::fs::remove_dir_all(&place);
    }
    std::fs::create_dir_all(&place).map_err(|source| Error::Io {
        path: place.clone(),
        action: "create",
        source,
    })?;
    let _guard = TempDirGuard::register(&place);
    let removal = RemoveOnDrop(&place);
    let root = contents.unpack_into(&place).map_err(|source| Error::Io {
        path: place.clone(),
        action: "unpack the package into",
        source,
    })?;
    let mut args: Vec<OsString> = vec![
        "test".into(),
        "--no-fail-fast".into(),
        "--message-format".into(),
        "json".into(),
        "--manifest-path".into(),
        root.join("Cargo.toml").into(),
        "--target-dir".into(),
        target.into(),
    ];
    if offline {
        args.push("--offline".into());
    }
    let env: Vec<(&str, Option<&OsStr>)> = vec![
        ("CARGO_TERM_COLOR", Some(OsStr::new("never"))),
        ("CARGO_TERM_PROGRESS_WHEN", Some(OsStr::new("never"))),
        ("CARGO_TERM_QUIET", Some(OsStr::new("false"))),
        ("RUST_BACKTRACE", Some(OsStr::new("0"))),
        ("CARGO_BUILD_BUILD_DIR", Some(target.as_os_str())),
    ];
    let args_ref: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    let output = process::run(
        &process::cargo_program(),
        &args_ref,
        &root,
        &env,
        &mut |line| {
            progress.cargo_line(line);
            let trimmed = line.trim_start();
            for verb in ["Compiling", "Running", "Doc-tests"] {
                if let Some(rest) = trimmed.strip_prefix(verb).and_then(|r| r.strip_prefix(' ')) {
                    progress.status(verb, rest);
                }
            }
        },
    )?;
    let mut run = parse(&output.stdout, &root);
    if !output.success && run.build_errors.is_empty() && run.failed.is_empty() {
        let error = first_error(&output.stderr, &root);
        if is_fetch_failure(&output.stderr, offline) {
            run.not_run = Some(format!(
                "cargo could not fetch what the tests need ({error}){}",
                if offline {
                    "; run without --offline"
                } else {
                    ""
                }
            ));
        } else {
            run.cargo_error = Some(error);
        }
    }
    drop(removal);
    Ok(run)
}

/// Where a package is unpacked for its tests: fixed for a target directory and package, so
/// cargo's fingerprints (which include the path) match the next run's.
fn unpack_place(target: &Path, prefix: &str) -> PathBuf {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    target.hash(&mut hasher);
    prefix.hash(&mut hasher);
    std::env::temp_dir().join(format!("cargo-ready-tests-{:016x}", hasher.finish()))
}

/// Removes a directory when dropped, on every way out.
struct RemoveOnDrop<'a>(&'a Path);

impl Drop for RemoveOnDrop<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.0);
    }
}

/// One line of cargo's JSON messages, as far as the tests read it.
#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Diagnostic {
    message: String,
    level: String,
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    column_start: usize,
    is_primary: bool,
}

/// Reads cargo's stdout: its JSON messages, and the test harness's text between them. Paths
/// under `root` become relative to it.
pub fn parse(stdout: &str, root: &Path) -> TestRun {
    let mut run = TestRun::default();
    let mut lines = stdout.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with('{') {
            if let Some(error) = compiler_error(line, root) {
                run.build_errors.push(error);
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some(name) = rest.strip_suffix(" ... FAILED") {
                run.failed.push(FailedTest {
                    name: name.to_string(),
                    message: String::new(),
                    spot: None,
                    output: String::new(),
                });
            } else if rest.ends_with(" ... ok") {
                run.passed += 1;
            }
            continue;
        }
        let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        else {
            continue;
        };
        let mut output = String::new();
        while let Some(next) = lines.peek() {
            if next.starts_with("---- ") || *next == "failures:" || next.starts_with('{') {
                break;
            }
            output.push_str(next);
            output.push('\n');
            lines.next();
        }
        if let Some(test) = run
            .failed
            .iter_mut()
            .find(|t| t.name == name && t.output.is_empty())
        {
            let (message, spot) = panic_of(&output, root);
            test.message = message;
            test.spot = spot;
            test.output = output.trim_end().to_string();
        }
    }
    run
}

/// A compiler error from one JSON line, when it is one.
fn compiler_error(line: &str, root: &Path) -> Option<CompilerError> {
    let message: Message = serde_json::from_str(line).ok()?;
    if message.reason != "compiler-message" {
        return None;
    }
    let diagnostic = message.message?;
    if diagnostic.level != "error" || diagnostic.message.starts_with("aborting due to") {
        return None;
    }
    let spot = diagnostic
        .spans
        .iter()
        .find(|s| s.is_primary)
        .map(|s| Spot {
            path: relative(Path::new(&s.file_name), root),
            line: s.line_start,
            column: s.column_start,
        });
    Some(CompilerError {
        message: diagnostic.message,
        code: diagnostic.code.map(|c| c.code),
        spot,
    })
}

/// The panic message of a test's output, with where it panicked: `thread 'x' panicked at
/// tests/it.rs:5:10:` (newer Rust adds the thread's id: `thread 'x' (42) panicked at`) and the
/// line after it.
fn panic_of(output: &str, root: &Path) -> (String, Option<Spot>) {
    let mut lines = output.lines();
    while let Some(line) = lines.next() {
        let Some(at) = line
            .strip_prefix("thread '")
            .and_then(|rest| rest.split_once(" panicked at "))
            .map(|(_, at)| at.trim_end_matches(':'))
        else {
            continue;
        };
        let spot = spot_of(at, root);
        let message = lines.next().unwrap_or("").trim().to_string();
        return (message, spot);
    }
    let first = output.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    (first.trim().to_string(), None)
}

/// `path:line:column` as a spot.
fn spot_of(text: &str, root: &Path) -> Option<Spot> {
    let mut parts = text.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let path = parts.next()?;
    Some(Spot {
        path: relative(Path::new(path), root),
        line,
        column,
    })
}

fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Whether cargo failed fetching dependencies, not over the package: a download that failed,
/// or, offline, a crate its cache does not hold.
pub(super) fn is_fetch_failure(stderr: &str, offline: bool) -> bool {
    let fetch = [
        "failed to download",
        "failed to get `",
        "failed to query replaced source",
    ];
    let missing_offline = [
        "no matching package named",
        "offline",
        "failed to select a version",
    ];
    stderr.lines().any(|line| {
        let line = line.trim_start();
        fetch.iter().any(|f| line.contains(f))
            || (offline && missing_offline.iter().any(|f| line.contains(f)))
    })
}

/// cargo's first `error:` line, with the unpacked path shortened.
pub(super) fn first_error(stderr: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    stderr
        .lines()
        .skip_while(|l| !l.starts_with("error"))
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .replace(&format!("{root}/"), "")
        .replace(root.as_ref(), ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_with_their_panics_and_compiler_errors() {
        let root = Path::new("/tmp/x/demo-0.1.0");
        let stdout = r#"{"reason":"compiler-artifact","package_id":"demo"}
{"reason":"compiler-message","message":{"message":"couldn't read `/tmp/x/demo-0.1.0/tests/data/input.txt`: No such file or directory (os error 2)","level":"error","code":null,"spans":[{"file_name":"tests/io.rs","line_start":3,"column_start":20,"is_primary":true}]}}
{"reason":"compiler-message","message":{"message":"aborting due to 1 previous error","level":"error","code":null,"spans":[]}}

running 3 tests
test parse::works ... ok
test reads_fixture ... FAILED
test loads ... FAILED

failures:

---- reads_fixture stdout ----

thread 'reads_fixture' (7) panicked at /tmp/x/demo-0.1.0/tests/it.rs:9:47:
called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: "No such file or directory" }
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- loads stdout ----
no panic here

failures:
    reads_fixture
    loads

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
"#;
        let run = parse(stdout, root);
        assert_eq!(run.passed, 1);
        assert_eq!(run.build_errors.len(), 1);
        assert_eq!(
            run.build_errors[0].spot.as_ref().unwrap().path,
            Path::new("tests/io.rs")
        );
        assert_eq!(run.failed.len(), 2);
        let first = &run.failed[0];
        assert_eq!(first.name, "reads_fixture");
        assert!(
            first.message.starts_with("called `Result::unwrap()`"),
            "{first:?}"
        );
        assert_eq!(
            first.spot,
            Some(Spot {
                path: PathBuf::from("tests/it.rs"),
                line: 9,
                column: 47
            })
        );
        assert_eq!(run.failed[1].message, "no panic here");
    }

    #[test]
    fn fetch_failures_are_no_fault_of_the_package() {
        let download = "error: failed to download `anes v0.1.6`\n\nCaused by:\n  attempting to make an HTTP request, but --offline was specified\n";
        assert!(is_fetch_failure(download, true));
        assert!(is_fetch_failure(download, false));
        let unpublished =
            "error: no matching package named `helper` found\nlocation searched: crates.io index\n";
        assert!(is_fetch_failure(unpublished, true));
        assert!(!is_fetch_failure(unpublished, false));
    }

    #[test]
    fn cargo_errors_lose_the_unpacked_path() {
        let root = Path::new("/tmp/x/demo-0.1.0");
        let stderr = "   Updating index\nerror: failed to load manifest for dependency `helper`\n\nCaused by:\n  /tmp/x/demo-0.1.0/../helper/Cargo.toml missing\n";
        assert_eq!(
            first_error(stderr, root),
            "error: failed to load manifest for dependency `helper`"
        );
    }
}
