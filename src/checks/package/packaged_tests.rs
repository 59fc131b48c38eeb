//! `--tests`: the package's tests, built and run from its `.crate`. A test file, fixture or
//! dev-dependency the package does not ship fails here, as it fails for every distribution
//! that builds from crates.io.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::source_location;
use crate::checks::{PackageContext, Sink};
use crate::model::{Check, Level, Location, backquoted};
use crate::read::files;
use crate::stage::contents::Contents;
use crate::stage::packaged_tests::TestRun;
use crate::stage::parse::{CompilerError, Spot};

/// The tests fail, or do not build, from the packaged crate.
pub static PACKAGED_TESTS_FAIL: Check = Check {
    name: "packaged_tests_fail",
    default: Level::Deny,
    blocks_publish: false,
    summary: "with --tests: the tests fail, or do not build, when run from the packaged crate",
    explain: "`cargo ready --tests` unpacks the `.crate` cargo made and runs `cargo test` in it \
with the package's default features, as Linux distributions and other builders from crates.io \
do. Tests that pass in your tree fail there when a test file, a fixture they read, or a \
dev-dependency (a path dev-dependency without `version` is dropped from the published \
manifest) is not in the package. crates.io accepts the crate either way.\n\nFix: ship what \
the tests need (check `include`/`exclude` and `cargo package --list`), give path \
dev-dependencies a `version`, or leave the tests out of the package with `exclude` so no one \
runs them from it.",
};

/// Reports what went wrong in the tests run from the package.
pub fn check(ctx: &PackageContext<'_>, run: &TestRun, contents: &Contents, sink: &mut Sink<'_>) {
    let shipped: BTreeSet<&str> = contents.entries.iter().map(|e| e.path.as_str()).collect();
    for error in &run.build_errors {
        let at = error.spot.as_ref().map(|spot| located(ctx, spot));
        let help = build_error_left_out(ctx, error, &shipped)
            .or_else(|| left_out_mentioned(ctx, &error.message, &shipped))
            .unwrap_or_else(|| generic_help(ctx, error.spot.as_ref(), &shipped));
        sink.report_at(
            &PACKAGED_TESTS_FAIL,
            format!(
                "the tests do not build from the packaged crate: {}",
                error.message
            ),
            help,
            at,
        );
    }
    for test in &run.failed {
        let at = test.spot.as_ref().map(|spot| located(ctx, spot));
        let help = left_out_mentioned(ctx, &test.output, &shipped)
            .unwrap_or_else(|| generic_help(ctx, test.spot.as_ref(), &shipped));
        let message = if test.message.is_empty() {
            String::new()
        } else {
            format!(": {}", test.message)
        };
        sink.report_at(
            &PACKAGED_TESTS_FAIL,
            format!(
                "test `{}` fails when run from the packaged crate{message}",
                test.name
            ),
            help,
            at,
        );
    }
    if let Some(error) = &run.cargo_error {
        sink.report_at(
            &PACKAGED_TESTS_FAIL,
            format!("`cargo test` fails in the packaged crate: {error}"),
            "a dev-dependency the published manifest lacks is the usual cause: give a path \
dev-dependency a `version` so cargo keeps it, or run `cargo ready -v` to see cargo's output"
                .to_string(),
            Some(Location::file(ctx.manifest.path.clone())),
        );
    }
}

/// A spot in the unpacked package, in the user's tree.
fn located(ctx: &PackageContext<'_>, spot: &Spot) -> Location {
    source_location(ctx.root().join(&spot.path), spot.line, spot.column)
}

/// The module file an E0583 error could not find, when the tree has it and the package not.
fn build_error_left_out(
    ctx: &PackageContext<'_>,
    error: &CompilerError,
    shipped: &BTreeSet<&str>,
) -> Option<String> {
    if error.code.as_deref() != Some("E0583") {
        return None;
    }
    let module = crate::stage::parse::quoted(&error.message)?;
    let spot = error.spot.as_ref()?;
    let dir = spot.path.parent().unwrap_or(Path::new(""));
    let candidates = [
        dir.join(format!("{module}.rs")),
        dir.join(module).join("mod.rs"),
    ];
    candidates
        .iter()
        .find(|c| ctx.root().join(c).is_file() && !shipped.contains(files::slashed(c).as_ref()))
        .map(|c| not_shipped_help(&[files::slashed(c).into_owned()]))
}

/// Paths quoted in `text` (in backticks or double quotes) that the tree has and the package
/// does not.
fn left_out_mentioned(
    ctx: &PackageContext<'_>,
    text: &str,
    shipped: &BTreeSet<&str>,
) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for quote in ['`', '"'] {
        for (i, piece) in text.split(quote).enumerate() {
            if i % 2 == 0 || piece.is_empty() || piece.len() > 300 || piece.contains('\n') {
                continue;
            }
            let path = unpacked_relative(piece);
            if path.is_empty() || path.starts_with('/') || path.contains("..") {
                continue;
            }
            let exists = ctx.root().join(&path).exists();
            let in_package = shipped.contains(path.as_str())
                || shipped.iter().any(|s| s.starts_with(&format!("{path}/")));
            if exists && !in_package && !found.contains(&path) {
                found.push(path);
            }
        }
    }
    (!found.is_empty()).then(|| not_shipped_help(&found))
}

/// A path as the test printed it, made relative to the package: an absolute path in the
/// unpacked copy keeps what follows its `NAME-VERSION` directory.
fn unpacked_relative(text: &str) -> String {
    let text = text.trim().trim_start_matches("./");
    if !text.starts_with('/') {
        return text.to_string();
    }
    let Some(at) = text.find("cargo-ready-tests-") else {
        return text.to_string();
    };
    text[at..].splitn(3, '/').nth(2).unwrap_or("").to_string()
}

/// Help when nothing names the missing piece: the files beside the failing test that the
/// package leaves out, else how to find out.
fn generic_help(ctx: &PackageContext<'_>, spot: Option<&Spot>, shipped: &BTreeSet<&str>) -> String {
    let dir = spot
        .and_then(|s| s.path.parent())
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("tests"));
    let mut left_out = Vec::new();
    collect_left_out(ctx.root(), dir, shipped, &mut left_out);
    if left_out.is_empty() {
        return "if it passes in your tree, something it needs is not in the package: compare \
with `cargo package --list`, give path dev-dependencies a `version`, or run `cargo ready -v` \
to see the test's output"
            .to_string();
    }
    left_out.truncate(5);
    not_shipped_help(&left_out)
}

/// Files under `dir` (relative to the package root) that the tree has and the package lacks.
fn collect_left_out(root: &Path, dir: &Path, shipped: &BTreeSet<&str>, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        if relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            collect_left_out(root, relative, shipped, found);
        } else if !shipped.contains(files::slashed(relative).as_ref()) {
            found.push(files::slashed(relative).into_owned());
        }
    }
}

fn not_shipped_help(paths: &[String]) -> String {
    let list = backquoted(paths);
    format!(
        "{list} {} in your tree but not in the package: ship {} (see `include`/`exclude`), or \
leave the tests that need {} out of the package with `exclude`",
        if paths.len() == 1 { "is" } else { "are" },
        if paths.len() == 1 { "it" } else { "them" },
        if paths.len() == 1 { "it" } else { "them" },
    )
}
