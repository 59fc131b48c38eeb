//! The builds others run from the published crate (`--docs`, `--msrv`, `--each-feature`):
//! docs.rs's documentation build (D4, D7, D8), the check on the toolchain `rust-version` names
//! and the check of each feature alone, judged from what the stage saw.

use super::source_location;
use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Finding, Label, Level, Location, Severity};
use crate::stage::builds::docs_rs::DocsRun;
use crate::stage::builds::each_feature::{FeatureRun, FeatureSet};
use crate::stage::builds::msrv::MsrvRun;
use crate::stage::builds::{BuildRun, BuildsRun, Diagnostic};

/// D4, D7: docs.rs's build of the crate fails.
pub static DOCS_RS_BUILD_FAILS: Check = Check {
    name: "docs_rs_build_fails",
    default: Level::Deny,
    blocks_publish: false,
    summary: "with --docs: the documentation does not build as docs.rs builds it (nightly, its \
features, `--cfg docsrs`)",
    explain: "docs.rs documents every published version with `cargo rustdoc` on a recent \
nightly, with the features of `[package.metadata.docs.rs]`, `--cfg docsrs` and `DOCS_RS=1`, \
offline, for its default target and the targets the table lists. Code that only this build \
compiles (`#[cfg(docsrs)]` items, a feature docs.rs turns on) breaks there while every other \
build passes, and the version then has no documentation until a new release fixes it. \
`cargo ready --docs` runs the same command on the packaged crate (on nightly when installed). \
A target other than the default that fails is a warning: that target alone lacks \
documentation.\n\nFix: read the compiler's error at the place shown; build the same way with \
`RUSTDOCFLAGS=\"--cfg docsrs\" cargo +nightly doc` and the table's features.",
};

/// D8: rustdoc warns about the crate's documentation, which docs.rs caps at warnings.
pub static RUSTDOC_WARNING: Check = Check {
    name: "rustdoc_warning",
    default: Level::Warn,
    blocks_publish: false,
    summary: "with --docs: rustdoc warns about the documentation (a broken intra-doc link, an \
unclosed HTML tag, a bare URL, ...)",
    explain: "rustdoc's lints (`rustdoc::broken_intra_doc_links`, `rustdoc::invalid_html_tags`, \
`rustdoc::bare_urls`, `rustdoc::invalid_codeblock_attributes`, ...) find what renders wrong on \
docs.rs: a link that leads nowhere, HTML that swallows the text after it, a URL that is not a \
link. docs.rs caps lints at warnings, so they never fail its build, and nobody sees them. \
Lints the crate allows (`#![allow(rustdoc::bare_urls)]`) are not reported.\n\nFix: the \
message says what to write; `cargo doc` shows the same warnings.",
};

/// D7: the crate has no crate-level documentation, docs.rs's front page for it.
pub static MISSING_CRATE_DOCS: Check = Check {
    name: "missing_crate_docs",
    default: Level::Note,
    blocks_publish: false,
    summary: "with --docs: the library has no crate-level documentation (`//!` or `#![doc]`), \
so its docs.rs front page is empty",
    explain: "The front page of a crate on docs.rs is its crate-level documentation: the \
`//!` comments (or `#![doc = ...]`, often `#![doc = include_str!(\"../README.md\")]`) at the \
top of the library's root file. Without them the page lists modules and items with no word \
of what the crate is for.\n\nFix: start `src/lib.rs` with `//!` lines saying what the crate \
does, with an example.",
};

/// The crate does not build with the toolchain its `rust-version` names.
pub static MSRV_BUILD_FAILS: Check = Check {
    name: "msrv_build_fails",
    default: Level::Deny,
    blocks_publish: false,
    summary: "with --msrv: the library or binaries do not build with the Rust version \
`rust-version` declares",
    explain: "`rust-version` promises that the crate builds with that toolchain: cargo's \
resolver picks dependency versions by it, and users on it are told nothing else. \
`cargo ready --msrv` checks the library and binaries of the packaged crate with that \
toolchain (`rustup` must have it), with dependencies resolved as cargo's MSRV-aware resolver \
picks them for that version. An API, syntax or dependency newer than the declared version \
breaks the promise.\n\nFix: raise `rust-version` to the oldest version that builds it, or \
avoid what is newer (the error names it).",
};

/// A feature does not build on its own.
pub static FEATURE_BUILD_FAILS: Check = Check {
    name: "feature_build_fails",
    default: Level::Deny,
    blocks_publish: false,
    summary: "with --each-feature: the crate does not build with no default features, with a \
feature alone, or with all features",
    explain: "Users ask for exactly the features they need, often with \
`default-features = false`. A feature that only builds together with the default ones (an \
import behind the wrong `cfg`, a dependency's feature not enabled) breaks them. \
`cargo ready --each-feature` checks the packaged crate with `--no-default-features`, with \
each feature alone (`--no-default-features --features F`) and with `--all-features`, as \
`cargo hack check --each-feature` does.\n\nFix: have the feature enable what its code needs \
(`f = [\"std\", \"dep:serde\"]`), or put the code under the right `#[cfg(feature = ...)]`.",
};

/// The checks of the docs.rs build.
pub static DOCS_CHECKS: &[&Check] = &[&DOCS_RS_BUILD_FAILS, &RUSTDOC_WARNING, &MISSING_CRATE_DOCS];

/// How many compiler errors one failed build reports, each at its place.
const ERRORS_SHOWN: usize = 3;

/// Reports what the builds showed.
pub fn check(ctx: &PackageContext<'_>, run: &BuildsRun, sink: &mut Sink<'_>) {
    if let Some(docs) = &run.docs {
        check_docs(ctx, docs, sink);
    }
    if let Some(msrv) = &run.msrv {
        check_msrv(ctx, msrv, sink);
    }
    if let Some(runs) = &run.each_feature {
        check_features(ctx, runs, sink);
    }
}

fn check_docs(ctx: &PackageContext<'_>, docs: &DocsRun, sink: &mut Sink<'_>) {
    let mut warned = Vec::new();
    for target in &docs.targets {
        let run = &target.run;
        if !run.success {
            let help = format!(
                "docs.rs builds with {} and `--cfg docsrs` on {}{}",
                docs.features,
                docs.toolchain,
                if docs.nightly {
                    ""
                } else {
                    " (no nightly is installed here, docs.rs uses one)"
                }
            );
            let what = format!("the docs.rs build fails for {}", target.target);
            let failure = Failure {
                check: &DOCS_RS_BUILD_FAILS,
                what: &what,
                help: &help,
            };
            report_failure(ctx, run, &failure, sink, &mut |finding| {
                if !target.default {
                    finding.soften(Severity::Warning);
                }
            });
        }
        for warning in &run.warnings {
            let is_rustdoc = warning
                .code
                .as_deref()
                .is_some_and(|c| c.starts_with("rustdoc::"));
            let key = (&warning.file, warning.line, &warning.message);
            if !is_rustdoc || warned.contains(&key) {
                continue;
            }
            warned.push(key);
            let lint = warning.code.as_deref().unwrap_or("rustdoc");
            sink.report_at(
                &RUSTDOC_WARNING,
                format!("rustdoc: {} (`{lint}`)", warning.message),
                format!("docs.rs shows this documentation as rustdoc renders it; `#![allow({lint})]` in the crate root silences it"),
                located(ctx, warning),
            );
        }
    }
    if docs.targets.iter().any(|t| t.run.success) {
        missing_crate_docs(ctx, sink);
    }
}

/// The library's root has no crate-level documentation.
fn missing_crate_docs(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let Some(lib) = ctx
        .package
        .targets
        .iter()
        .find(|t| t.is_lib() || t.is_proc_macro())
    else {
        return;
    };
    let path = lib.src_path.as_std_path();
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    if has_crate_docs(&text) {
        return;
    }
    sink.report_at(
        &MISSING_CRATE_DOCS,
        "the library has no crate-level documentation, so its page on docs.rs says nothing of what it is for",
        "start the file with `//!` lines, or `#![doc = include_str!(\"../README.md\")]`".to_string(),
        Some(Location::at_line(path.to_path_buf(), 1, 1)),
    );
}

/// Whether a library root documents the crate: `//!`, `/*!`, or an inner `doc` attribute
/// (`#![doc = ...]`, or one under `#![cfg_attr(..., doc = ...)]`).
pub fn has_crate_docs(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|line| {
        line.starts_with("//!")
            || line.starts_with("/*!")
            || line
                .strip_prefix("#![doc")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
            || (line.starts_with("#![cfg_attr") && line.contains("doc ="))
    })
}

fn check_msrv(ctx: &PackageContext<'_>, msrv: &MsrvRun, sink: &mut Sink<'_>) {
    if msrv.run.success {
        return;
    }
    let what = format!(
        "it does not build with Rust {}, the `rust-version` it declares",
        msrv.rust_version
    );
    let help = format!(
        "checked with {} (`cargo check --lib --bins`, dependencies resolved for that version); raise `rust-version` to the oldest version that builds it, or avoid what is newer",
        msrv.toolchain
    );
    let declared = ctx
        .defined_at("rust-version")
        .map(|(manifest, keys)| manifest.locate(&keys, None));
    let failure = Failure {
        check: &MSRV_BUILD_FAILS,
        what: &what,
        help: &help,
    };
    report_failure(ctx, &msrv.run, &failure, sink, &mut |finding| {
        if let Some(declared) = &declared {
            finding.labels.push(Label {
                location: declared.clone(),
                message: Some("the `rust-version` it promises".to_string()),
            });
        }
    });
}

fn check_features(ctx: &PackageContext<'_>, runs: &[FeatureRun], sink: &mut Sink<'_>) {
    for feature_run in runs.iter().filter(|r| !r.run.success) {
        let run = &feature_run.run;
        let flags = feature_run.features.flags().join(" ");
        let first = run.errors.first();
        let reason = first
            .map(|e| e.message.clone())
            .or_else(|| run.cargo_error.clone())
            .unwrap_or_else(|| "cargo failed".to_string());
        let keys = feature_keys(ctx, &feature_run.features);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let message = match &feature_run.features {
            FeatureSet::Alone(feature) => {
                format!(
                    "the crate does not build with feature `{feature}` alone (`{flags}`): {reason}"
                )
            }
            FeatureSet::NoDefault => {
                format!(
                    "the crate does not build without its default features (`{flags}`): {reason}"
                )
            }
            FeatureSet::All => {
                format!("the crate does not build with all its features (`{flags}`): {reason}")
            }
        };
        let help = match &feature_run.features {
            FeatureSet::Alone(feature) => format!(
                "make `{feature}` enable what its code needs, or put that code under the right `#[cfg(feature = ...)]`; `cargo check {flags}` shows it"
            ),
            _ => format!("`cargo check {flags}` shows it"),
        };
        let finding = sink.report(
            &FEATURE_BUILD_FAILS,
            Target::key(&keys),
            message,
            Some(help),
        );
        if let Some(error) = first
            && let Some(at) = located(ctx, error)
        {
            finding.labels.push(Label {
                location: at,
                message: Some("the first error is here".to_string()),
            });
        }
    }
}

/// Where a feature set is declared: the feature's key in `[features]`, else the optional
/// dependency it stands for, else `[features]` (or `[package]` without one).
fn feature_keys(ctx: &PackageContext<'_>, features: &FeatureSet) -> Vec<String> {
    let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let manifest = ctx.manifest;
    match features {
        FeatureSet::Alone(feature) => {
            if manifest.get(&["features", feature]).is_some() {
                return keys(&["features", feature]);
            }
            for table in ["dependencies", "build-dependencies"] {
                if manifest.get(&[table, feature]).is_some() {
                    return keys(&[table, feature]);
                }
            }
            if let Some(targets) = manifest.get(&["target"]).and_then(|t| t.as_table_like()) {
                for (cfg, _) in targets.iter() {
                    if manifest
                        .get(&["target", cfg, "dependencies", feature])
                        .is_some()
                    {
                        return keys(&["target", cfg, "dependencies", feature]);
                    }
                }
            }
        }
        FeatureSet::NoDefault if manifest.get(&["features", "default"]).is_some() => {
            return keys(&["features", "default"]);
        }
        _ => {}
    }
    if manifest.get(&["features"]).is_some() {
        keys(&["features"])
    } else {
        keys(&["package"])
    }
}

/// Reports a failed build: its first compiler errors, each at its place, or cargo's own
/// error at the manifest. Returns the findings made.
fn report_failure(
    ctx: &PackageContext<'_>,
    run: &BuildRun,
    failure: &Failure<'_>,
    sink: &mut Sink<'_>,
    adjust: &mut dyn FnMut(&mut Finding),
) {
    let Failure { check, what, help } = *failure;
    let mut made = 0;
    for error in run.errors.iter().take(ERRORS_SHOWN) {
        let code = error
            .code
            .as_deref()
            .map(|c| format!("[{c}]"))
            .unwrap_or_default();
        let outside = error
            .file
            .as_deref()
            .filter(|f| f.is_absolute())
            .map(|f| format!(" (in a dependency: {})", f.display()))
            .unwrap_or_default();
        adjust(sink.report_at(
            check,
            format!("{what}: error{code}: {}{outside}", error.message),
            help.to_string(),
            located(ctx, error).or_else(|| Some(Location::file(ctx.manifest.path.clone()))),
        ));
        made += 1;
    }
    if made == 0 {
        let reason = run
            .cargo_error
            .clone()
            .unwrap_or_else(|| "cargo failed without saying why".to_string());
        adjust(sink.report_at(
            check,
            format!("{what}: {reason}"),
            format!("{help}; `cargo ready -v` shows cargo's output"),
            Some(Location::file(ctx.manifest.path.clone())),
        ));
    }
}

/// A failed build as its findings say it: the check, what failed, how to fix it.
struct Failure<'a> {
    check: &'static Check,
    what: &'a str,
    help: &'a str,
}

/// The place of a diagnostic in the user's tree (a dependency's file stays where it is).
fn located(ctx: &PackageContext<'_>, diagnostic: &Diagnostic) -> Option<Location> {
    let file = diagnostic.file.as_deref()?;
    let path = if file.is_absolute() {
        file.to_path_buf()
    } else {
        ctx.root().join(file)
    };
    if diagnostic.line == 0 {
        return Some(Location::file(path));
    }
    Some(source_location(path, diagnostic.line, diagnostic.column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_docs_in_any_of_their_forms() {
        for (text, has) in [
            ("//! A crate.\npub fn f() {}\n", true),
            ("/*! A crate. */\n", true),
            ("#![doc = include_str!(\"../README.md\")]\n", true),
            ("  #![doc(html_root_url = \"x\")]\n", false),
            (
                "#![cfg_attr(docsrs, doc = include_str!(\"../README.md\"))]\n",
                true,
            ),
            (
                "#![cfg_attr(docsrs, feature(doc_cfg))]\n/// An item.\npub fn f() {}\n",
                false,
            ),
            ("// a plain comment\npub fn f() {}\n", false),
            ("", false),
        ] {
            assert_eq!(has_crate_docs(text), has, "{text:?}");
        }
    }
}
