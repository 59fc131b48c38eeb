//! The verification build (C25, C26): the crate built from its own package, the build script
//! keeping out of the sources, and a toolchain new enough to try.

use std::path::{Path, PathBuf};

use super::{StageContext, source_location};
use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Level, Location, backquoted};
use crate::stage::parse::{self, CompilerError};

/// C25: the verification build of the packaged crate failed.
pub static VERIFICATION_FAILED: Check = Check {
    name: "verification_failed",
    default: Level::Deny,
    blocks_publish: true,
    summary: "the crate does not build from its own package (cargo's verification build failed)",
    explain: "`cargo publish` unpacks the `.crate` it made and builds it before uploading. The \
build can fail there even when it works in your tree, most often because a file the code needs \
(a module, an `include_str!` file, a build-script input) is left out of the package by `exclude`, \
`include` or `.gitignore`.\n\nFix: read the compiler's first error and the file it points at; \
make sure every file the build needs is packaged (`cargo package --list` shows what is), by \
changing `include`/`exclude` or committing the file.",
};

/// C26: a build script wrote into the package sources.
pub static BUILD_SCRIPT_MODIFIED_SOURCES: Check = Check {
    name: "build_script_modified_sources",
    default: Level::Deny,
    blocks_publish: true,
    summary: "a build script changed files in the package sources during the verification build",
    explain: "cargo refuses to publish when the package's source directory changed while it \
was built (\"Source directory was modified by build.rs during cargo publish\"). Build scripts may \
only write below `OUT_DIR`; sources are read-only on docs.rs as well.\n\nFix: make the build \
script write to `std::env::var(\"OUT_DIR\")` and `include!` the generated file from there.",
};

/// The toolchain is older than the package's rust-version.
pub static TOOLCHAIN_TOO_OLD: Check = Check {
    name: "toolchain_too_old",
    default: Level::Deny,
    blocks_publish: false,
    summary: "the package could not be verified: the toolchain is older than its `rust-version`",
    explain: "cargo does not build a package whose `rust-version` is newer than the running \
rustc, so the verification build did not run. This is not a defect of the crate, but the \
package was not verified.\n\nFix: run with a toolchain at least as new, e.g. `cargo +1.85 \
ready` or `rustup update`.",
};

/// The verification build failed: the compiler's first error, or cargo's reason.
pub fn failed(
    ctx: &PackageContext<'_>,
    first: Option<&CompilerError>,
    detail: &str,
    stage: &StageContext<'_>,
    sink: &mut Sink<'_>,
) {
    let Some(error) = first else {
        let reason = detail.lines().next().unwrap_or("cargo gave no reason");
        sink.report_at(
            &VERIFICATION_FAILED,
            format!("the verification build of the packaged crate failed: {reason}"),
            "run `cargo ready -v` to see cargo's whole output; if the crate builds in your tree, a file it needs is not packaged (`cargo package --list` shows what is)".to_string(),
            None,
        );
        return;
    };
    let at = error
        .spot
        .as_ref()
        .map(|spot| source_location(spot.path.clone(), spot.line, spot.column));
    let help =
        file_left_out(error, at.as_ref()).unwrap_or_else(|| unselected_siblings_help(ctx, stage));
    sink.report_at(
        &VERIFICATION_FAILED,
        format!("the packaged crate does not build: {}", error.message),
        help,
        at,
    );
}

/// A build script changed the package's sources while it was verified.
pub fn modified_sources(
    ctx: &PackageContext<'_>,
    changes: &[(String, PathBuf)],
    sink: &mut Sink<'_>,
) {
    let list = changes
        .iter()
        .map(|(what, path)| {
            let shown = path.strip_prefix(ctx.root()).unwrap_or(path);
            format!("{} `{}`", what.to_lowercase(), shown.display())
        })
        .collect::<Vec<_>>()
        .join(", ");
    sink.report(
        &BUILD_SCRIPT_MODIFIED_SOURCES,
        Target::key(&["package", "build"]),
        format!("the build script changed the package sources while it was verified: {list}"),
        "write generated files below `OUT_DIR` (`std::env::var(\"OUT_DIR\")`) and `include!` them from there; build scripts must not write into the sources".to_string(),
    );
}

/// rustc is older than the package's `rust-version`, so it could not be verified.
pub fn toolchain_too_old(
    ctx: &PackageContext<'_>,
    rustc: &str,
    required: &str,
    sink: &mut Sink<'_>,
) {
    let name = &ctx.package.name;
    sink.report(
        &TOOLCHAIN_TOO_OLD,
        Target::key(&["package", "rust-version"]),
        format!("`{name}` could not be verified with rustc {rustc}: its `rust-version` requires rustc {required}"),
        format!("this is not a defect of the crate; verify it with a newer toolchain: `cargo +{required} ready`, or `rustup update`"),
    );
}

/// The help for a compiler error about a file that exists in the tree but not in the package:
/// a module file (E0583) or a file read by `include_str!` and friends.
fn file_left_out(error: &CompilerError, at: Option<&Location>) -> Option<String> {
    let at = at?;
    let dir = at.file.parent().unwrap_or(Path::new("."));
    let missing: Option<PathBuf> = if error.code.as_deref() == Some("E0583") {
        parse::quoted(&error.message).and_then(|module| {
            [format!("{module}.rs"), format!("{module}/mod.rs")]
                .into_iter()
                .map(|f| dir.join(f))
                .chain(
                    at.file
                        .file_stem()
                        .map(|stem| dir.join(stem).join(format!("{module}.rs"))),
                )
                .find(|p| p.is_file())
        })
    } else if error.message.starts_with("couldn't read `") {
        parse::quoted(&error.message)
            .map(PathBuf::from)
            .filter(|p| p.is_file())
    } else {
        None
    };
    missing.map(|file| {
        format!(
            "`{}` exists in your tree but is not in the package (left out by `include`/`exclude` or `.gitignore`); package it, e.g. remove it from `exclude`",
            crate::paths::display_path(&file).display()
        )
    })
}

/// The help for a verification failure with no file to blame: when the package depends on
/// workspace siblings that were not checked with it, cargo verified it against the versions of
/// those siblings in the registry, not against your tree.
fn unselected_siblings_help(ctx: &PackageContext<'_>, stage: &StageContext<'_>) -> String {
    let siblings: Vec<&str> = ctx
        .package
        .dependencies
        .iter()
        .filter(|d| d.path.is_some() && d.kind != cargo_metadata::DependencyKind::Development)
        .map(|d| d.name.as_str())
        .filter(|name| !stage.checked_together.contains(name))
        .collect();
    if siblings.is_empty() {
        return "the crate builds from your tree but not from its package, so a file it needs is probably not packaged: `cargo package --list` shows what is; adjust `include`/`exclude` or commit the file".to_string();
    }
    let listed = backquoted(&siblings);
    let flags = siblings
        .iter()
        .map(|name| format!(" -p {name}"))
        .collect::<String>();
    format!(
        "the package was verified against {listed} as published in the registry, not your local copy; if it needs your local changes, bump the version of {listed} and release it too: check them together with `cargo ready -p {}{flags}`",
        ctx.package.name
    )
}
