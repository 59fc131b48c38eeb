//! Uncommitted changes in packaged files (C16), read from the user's tree: the staged copy is
//! always clean, so cargo's own check there proves nothing.

use std::path::PathBuf;

use crate::checks::{PackageContext, Sink};
use crate::model::{Check, Level, Location, Severity};

/// C16: uncommitted changes in files that would be packaged.
pub static DIRTY_FILES: Check = Check {
    name: "dirty_files",
    default: Level::Deny,
    blocks_publish: true,
    summary: "files that would be packaged have uncommitted changes (git)",
    explain: "cargo refuses to package a crate whose packaged files differ from the git commit \
(\"files in the working directory contain changes that were not yet committed into git\"), so \
that the published crate matches a commit. With `--allow-dirty` it is a warning, as cargo \
packages the working tree then.\n\nFix: commit (or stash) the changes, or pass `--allow-dirty`.",
};

/// How many dirty files a message names before saying how many more.
const SHOWN: usize = 10;

/// Packaged files with uncommitted changes; a warning with `--allow-dirty`.
pub fn check(ctx: &PackageContext<'_>, dirty: &[PathBuf], allow_dirty: bool, sink: &mut Sink<'_>) {
    let Some(first) = dirty.first() else {
        return;
    };
    let root = ctx.workspace_root.unwrap_or(ctx.manifest).path.parent();
    let named: Vec<String> = dirty
        .iter()
        .map(|f| {
            let relative = root.and_then(|r| f.strip_prefix(r).ok()).unwrap_or(f);
            format!("`{}`", relative.display())
        })
        .collect();
    let finding = sink.report_at(
        &DIRTY_FILES,
        format!(
            "{} file(s) that would be packaged have uncommitted changes: {}",
            dirty.len(),
            super::listed(&named, SHOWN)
        ),
        "commit or stash the changes so the package matches a commit, or pass `--allow-dirty` to package the working tree as it is".to_string(),
        Some(Location::file(first.clone())),
    );
    if allow_dirty {
        finding.soften(Severity::Warning);
    }
}
