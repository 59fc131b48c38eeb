//! Turns what the package stage saw into findings: cargo's events (with the copy's paths
//! mapped back to the user's tree), the `.crate`'s contents, and the dirty files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Selected, contents, copy, parse};
use crate::checks::package as checks;
use crate::checks::{Sink, Target, dependencies, license, readme};
use crate::report::Location;

/// Maps paths cargo printed (in the copy, or in the unpacked package under the target
/// directory) back to the user's tree.
pub(super) struct PathMapper<'a> {
    pub(super) staged: &'a copy::Staged,
    pub(super) package_dir: &'a Path,
    pub(super) selected: &'a [Selected<'a>],
}

impl PathMapper<'_> {
    /// A text cargo printed, with paths of the copy replaced by the user's.
    fn rewrite(&self, text: &str) -> String {
        self.staged.rewrite(text)
    }

    /// A path the compiler printed while verifying package `index`.
    fn original(&self, index: usize, path: &Path) -> PathBuf {
        let s = &self.selected[index];
        if path.is_relative() {
            return s.dir().join(path);
        }
        let unpacked = self
            .package_dir
            .join(format!("{}-{}", s.package.name, s.package.version));
        if let Ok(rest) = path.strip_prefix(&unpacked) {
            return s.dir().join(rest);
        }
        self.staged
            .original_of(path)
            .unwrap_or_else(|| path.to_path_buf())
    }
}

fn location(file: PathBuf, line: usize, column: usize) -> Location {
    Location {
        file,
        line,
        column,
        span: None,
    }
}

/// Turns one parsed event into a finding; returns whether it is an error cargo failed on.
pub(super) fn report_event(
    kind: &parse::Kind,
    index: usize,
    selected: &[Selected<'_>],
    mapper: &PathMapper<'_>,
    sink: &mut Sink<'_>,
) -> bool {
    use parse::Kind;
    let s = &selected[index];
    let name = s.package.name.as_str();
    match kind {
        Kind::VerificationFailed { first, detail } => {
            let (message, at, help) = match first {
                Some(error) => {
                    let at = error.spot.as_ref().map(|spot| {
                        location(mapper.original(index, &spot.path), spot.line, spot.column)
                    });
                    let help = verification_help(error, at.as_ref())
                        .unwrap_or_else(|| unselected_siblings_help(s, selected));
                    (format!("the packaged crate does not build: {}", error.message), at, help)
                }
                None => (
                    format!(
                        "the verification build of the packaged crate failed: {}",
                        mapper.rewrite(detail.lines().next().unwrap_or("cargo gave no reason"))
                    ),
                    None,
                    "run `cargo ready -v` to see cargo's whole output; if the crate builds in your tree, a file it needs is not packaged (`cargo package --list` shows what is)".to_string(),
                ),
            };
            sink.report_unplaced(&checks::VERIFICATION_FAILED, None, message, Some(help), at);
            true
        }
        Kind::BuildScriptModified(changes) => {
            let list = changes
                .iter()
                .map(|(what, path)| {
                    let original = mapper.original(index, path);
                    let shown = original.strip_prefix(s.dir()).unwrap_or(&original);
                    format!("{} `{}`", what.to_lowercase(), shown.display())
                })
                .collect::<Vec<_>>()
                .join(", ");
            sink.report(
                &checks::BUILD_SCRIPT_MODIFIED_SOURCES,
                Target::key(&["package", "build"]),
                format!("the build script changed the package sources while it was verified: {list}"),
                Some("write generated files below `OUT_DIR` (`std::env::var(\"OUT_DIR\")`) and `include!` them from there; build scripts must not write into the sources".to_string()),
            );
            true
        }
        Kind::ToolchainTooOld { rustc, required } => {
            sink.report(
                &checks::TOOLCHAIN_TOO_OLD,
                Target::key(&["package", "rust-version"]),
                format!("`{name}` could not be verified with rustc {rustc}: its `rust-version` requires rustc {required}"),
                Some(format!("this is not a defect of the crate; verify it with a newer toolchain: `cargo +{required} ready`, or `rustup update`")),
            );
            true
        }
        Kind::AlreadyPublished { registry } => {
            sink.report(
                &checks::ALREADY_PUBLISHED,
                Target::key(&["package", "version"]),
                format!("`{name}@{}` is already published on {registry}", s.package.version),
                Some("a version can be published only once: bump `package.version`, or leave this package out of the release".to_string()),
            );
            false
        }
        Kind::PublishedDiffers { package } => {
            sink.report(
                &checks::VERSION_ALREADY_PUBLISHED_DIFFERS,
                Target::key(&["package", "version"]),
                format!("`{package}` is already published with different contents, so it cannot be verified or published again at this version"),
                Some(format!("bump the version of `{}` and of the packages that depend on it", package.split(' ').next().unwrap_or(package))),
            );
            true
        }
        Kind::DependencyWithoutVersion { dependency } => {
            let table = ["dependencies", "build-dependencies"]
                .into_iter()
                .find(|t| s.manifest.get(&[t, dependency]).is_some())
                .unwrap_or("dependencies");
            sink.report(
                &dependencies::DEPENDENCY_WITHOUT_VERSION,
                Target::key(&[table, dependency]),
                format!("dependency `{dependency}` has no `version`, so cargo cannot publish it"),
                Some(format!("add `version = \"x.y\"` to `{dependency}` beside its `path` or `git`, and publish `{dependency}` first")),
            );
            true
        }
        Kind::ReadmeMissing { path } => {
            sink.report(
                &readme::README_NOT_FOUND,
                Target::key(&["package", "readme"]),
                format!("readme `{path}` does not exist"),
                Some("correct the path, add the file, or set `readme = false`".to_string()),
            );
            true
        }
        Kind::LicenseFileMissing { path } => {
            sink.report(
                &license::LICENSE_FILE_NOT_FOUND,
                Target::key(&["package", "license-file"]),
                format!("license-file `{path}` does not exist"),
                Some("correct the path, or add the file".to_string()),
            );
            true
        }
        Kind::MetadataMissing { fields } => {
            sink.report(
                &checks::CARGO_METADATA_WARNING,
                Target::key(&["package"]),
                format!("cargo warns that the manifest has no {fields}"),
                Some(format!("add {fields} to `[package]`")),
            );
            false
        }
        Kind::TargetNotPackaged { kind, name, path } => {
            let auto = match kind.as_str() {
                "test" => Some("autotests"),
                "example" => Some("autoexamples"),
                "benchmark" => Some("autobenches"),
                "binary" => Some("autobins"),
                _ => None,
            };
            let help = match auto {
                Some(auto) => format!(
                    "cargo drops the {kind} from the published manifest; to silence this, stop excluding `{path}`, or set `{auto} = false` in `[package]`"
                ),
                None => format!(
                    "stop excluding `{path}`: the {kind} is not usable from the published package"
                ),
            };
            sink.report_unplaced(
                &checks::TARGET_NOT_PACKAGED,
                None,
                format!("{kind} `{name}` is left out: its source `{path}` is not in the package"),
                Some(help),
                None,
            );
            false
        }
        Kind::Yanked { package, registry } => {
            let dep = package.split(' ').next().unwrap_or(package);
            sink.report_unplaced(
                &checks::YANKED_DEPENDENCY,
                None,
                format!("the package's Cargo.lock uses `{package}`, which is yanked in registry `{registry}`"),
                Some(format!("run `cargo update -p {dep}` to move to a version that is not yanked")),
                None,
            );
            false
        }
        Kind::Unpackageable { path, reason } => {
            sink.report_unplaced(
                &checks::UNPACKAGEABLE_FILE,
                None,
                format!("cargo cannot package `{path}`: {reason}"),
                Some(format!(
                    "rename the file, or leave it out with `exclude = [\"/{path}\"]`"
                )),
                None,
            );
            true
        }
        Kind::WindowsReserved { path } => {
            report_windows_reserved(path, sink);
            false
        }
        Kind::MissingDependency { dependency } => {
            let sibling = selected
                .iter()
                .all(|o| o.package.name.as_str() != dependency)
                && s.package
                    .dependencies
                    .iter()
                    .any(|d| &d.name == dependency && d.path.is_some());
            let help = if sibling {
                format!(
                    "`{dependency}` is a path dependency that is not published yet: check both together (`cargo ready -p {dependency} -p {name}`, or `--workspace`) and publish `{dependency}` first"
                )
            } else {
                format!("publish `{dependency}` first, or correct the dependency's name")
            };
            sink.report_unplaced(
                &checks::CARGO_ERROR,
                None,
                format!("dependency `{dependency}` is not in the registry, so the package cannot be built from it"),
                Some(help),
                None,
            );
            true
        }
        Kind::CompilerWarning(warning) => {
            let at = warning
                .spot
                .as_ref()
                .map(|spot| location(mapper.original(index, &spot.path), spot.line, spot.column));
            sink.report_unplaced(
                &checks::CARGO_WARNING,
                None,
                format!("the verification build warns: {}", warning.message),
                Some("fix the warning, or run `cargo build` in your tree for the compiler's full message".to_string()),
                at,
            );
            false
        }
        Kind::OtherError(text) => {
            relay(&checks::CARGO_ERROR, text, mapper, sink);
            true
        }
        Kind::OtherWarning(text) => {
            relay(&checks::CARGO_WARNING, text, mapper, sink);
            false
        }
    }
}

/// Phrases of cargo's network errors.
const NETWORK_FAILURES: &[&str] = &[
    "Could not resolve host",
    "spurious network error",
    "failed to download",
    "Unable to update registry",
    "failed to query replaced source registry",
    "Couldn't connect to server",
];

/// Reports what cargo said that no check recognises: its first line as the message, the rest
/// (the `Caused by:` chain) as help, with paths of the copy replaced by the user's.
fn relay(
    check: &'static crate::checks::Check,
    text: &str,
    mapper: &PathMapper<'_>,
    sink: &mut Sink<'_>,
) {
    let text = mapper.rewrite(text);
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let rest: Vec<&str> = rest
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "Caused by:")
        .collect();
    let help = if text.contains("to select a single package") || text.contains("package-workspace")
    {
        // cargo before 1.90 cannot package or publish several packages in one run (C27).
        "this cargo is older than 1.90 and cannot check several packages in one run: use a newer toolchain (`cargo +1.90 ready`), or check one package at a time with `-p NAME`".to_string()
    } else if NETWORK_FAILURES.iter().any(|n| text.contains(n)) {
        format!(
            "{}\ncargo could not reach the registry: check the connection, or run `cargo ready --offline` (the publish dry run is then skipped)",
            rest.join("\n")
        )
    } else if rest.is_empty() {
        "run `cargo ready -v` to see cargo's whole output".to_string()
    } else {
        rest.join("\n")
    };
    sink.report_unplaced(check, None, format!("cargo: {first}"), Some(help), None);
}

/// The help for a compiler error in the packaged crate: when the error is about a file that
/// exists in the tree, say it is not packaged.
/// The help for a verification failure with no file to blame: when the package depends on
/// workspace siblings that were not checked with it, cargo verified it against the versions of
/// those siblings in the registry, not against your tree.
fn unselected_siblings_help(s: &Selected<'_>, selected: &[Selected<'_>]) -> String {
    let siblings: Vec<&str> = s
        .package
        .dependencies
        .iter()
        .filter(|d| d.path.is_some() && d.kind != cargo_metadata::DependencyKind::Development)
        .map(|d| d.name.as_str())
        .filter(|name| selected.iter().all(|o| o.package.name.as_str() != *name))
        .collect();
    if siblings.is_empty() {
        return "the crate builds from your tree but not from its package, so a file it needs is probably not packaged: `cargo package --list` shows what is; adjust `include`/`exclude` or commit the file".to_string();
    }
    let listed = siblings
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let flags = siblings
        .iter()
        .map(|name| format!(" -p {name}"))
        .collect::<String>();
    format!(
        "the package was verified against {listed} as published in the registry, not your local copy; if it needs your local changes, bump the version of {listed} and release it too: check them together with `cargo ready -p {}{flags}`",
        s.package.name
    )
}

/// The help for a verification failure that names the file left out of the package, when the
/// compiler's error points at one.
fn verification_help(error: &parse::CompilerError, at: Option<&Location>) -> Option<String> {
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
            crate::display_path(&file).display()
        )
    })
}

fn report_windows_reserved(path: &str, sink: &mut Sink<'_>) {
    sink.report_unplaced(
        &checks::WINDOWS_RESERVED_NAME,
        None,
        format!(
            "`{path}` is a reserved file name on Windows, so the crate cannot be unpacked there"
        ),
        Some(format!(
            "rename the file, or leave it out with `exclude = [\"/{path}\"]`"
        )),
        None,
    );
}

fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else if bytes >= 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

pub(super) fn check_contents(contents: &contents::Contents, s: &Selected<'_>, sink: &mut Sink<'_>) {
    let largest = contents::largest(contents, 5)
        .into_iter()
        .map(|(path, size)| format!("`{path}` ({})", human_size(size)))
        .collect::<Vec<_>>()
        .join(", ");
    let exclude_largest = contents::largest(contents, 3)
        .into_iter()
        .map(|(path, _)| format!("\"/{path}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if contents.compressed > contents::MAX_COMPRESSED || contents.unpacked > contents::MAX_UNPACKED
    {
        let what = if contents.compressed > contents::MAX_COMPRESSED {
            format!(
                "the package is {} bytes compressed ({}); crates.io accepts at most 10485760 bytes",
                contents.compressed,
                human_size(contents.compressed)
            )
        } else {
            format!(
                "the package is {} unpacked; crates.io accepts at most 512 MiB",
                human_size(contents.unpacked)
            )
        };
        sink.report_unplaced(
            &checks::CRATE_TOO_LARGE,
            None,
            what,
            Some(format!("the largest files are {largest}; leave out what users do not need, e.g. `exclude = [{exclude_largest}]` (crates.io raises the limit for a crate only on request to help@crates.io)")),
            None,
        );
    } else if contents.compressed > contents::LARGE_COMPRESSED {
        sink.report_unplaced(
            &checks::CRATE_LARGE,
            None,
            format!("the package is {} compressed (over 5 MiB)", human_size(contents.compressed)),
            Some(format!("the largest files are {largest}; leave out what users do not need, e.g. `exclude = [{exclude_largest}]`")),
            None,
        );
    }

    let has_build_script = s.package.targets.iter().any(|t| {
        t.kind
            .iter()
            .any(|k| matches!(k, cargo_metadata::TargetKind::CustomBuild))
    });
    let mut junk = Vec::new();
    for entry in &contents.entries {
        let original = s.dir().join(&entry.path);
        for (line, what) in &entry.secrets {
            sink.report_unplaced(
                &checks::SECRET_FILE,
                None,
                format!("`{}` in the package looks like {what}", entry.path),
                Some(secret_help(&entry.path)),
                line.map(|l| location(original.clone(), l, 1)),
            );
        }
        if entry.is_key_file_secret() {
            sink.report_unplaced(
                &checks::SECRET_FILE,
                None,
                format!(
                    "`{}` in the package looks like a private key file",
                    entry.path
                ),
                Some(secret_help(&entry.path)),
                None,
            );
        }
        if let Some(reason) = entry.invalid {
            sink.report_unplaced(
                &checks::INVALID_PACKAGE_PATH,
                None,
                format!("`{}` cannot be published: {reason}", entry.path),
                Some("crates.io accepts only regular files with UTF-8 names inside the package: replace a link by the file, or rename or exclude it".to_string()),
                None,
            );
        }
        if contents::windows_reserved(&entry.path) {
            report_windows_reserved(&entry.path, sink);
        }
        if let Some(j) = contents::junk(entry, &contents.entries, has_build_script) {
            junk.push(j);
        }
    }
    if !junk.is_empty() {
        let shown: Vec<String> = junk
            .iter()
            .take(8)
            .map(|j| format!("`{}` ({})", j.path, j.what))
            .collect();
        let more = if junk.len() > 8 {
            format!(" and {} more", junk.len() - 8)
        } else {
            String::new()
        };
        let patterns = junk
            .iter()
            .map(|j| format!("\"{}\"", j.pattern))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join(", ");
        let help = if s.manifest.get(&["package", "include"]).is_none() {
            format!("add to `[package]`: `exclude = [{patterns}]`")
        } else {
            "`include` is set, so `exclude` is ignored: narrow the `include` patterns so these files are not matched".to_string()
        };
        sink.report(
            &checks::JUNK_FILE,
            Target::key(&["package", "exclude"]),
            format!(
                "the package holds {} file(s) users do not need: {}{more}",
                junk.len(),
                shown.join(", ")
            ),
            Some(help),
        );
    }

    if let Some(license) = &s.package.license
        && license::license_needs_text(license)
        && !contents::has_license_text(
            contents,
            s.package.license_file.as_ref().map(|f| f.as_str()),
        )
    {
        sink.report(
            &checks::LICENSE_TEXT_MISSING,
            Target::key(&["package", "license"]),
            format!("the license `{license}` requires its text to be shipped, but the package has no LICENSE*, COPYING* or license file"),
            Some("add the license text beside Cargo.toml (e.g. LICENSE-MIT, LICENSE-APACHE) and make sure `include`/`exclude` keep it".to_string()),
        );
    }

    if let Some(readme) = &s.package.readme {
        let readme = readme.as_str().replace('\\', "/");
        let expected = if copy::is_inside(Path::new(&readme)) {
            readme.trim_start_matches("./").to_string()
        } else {
            readme.rsplit('/').next().unwrap_or(&readme).to_string()
        };
        if !contents.entries.iter().any(|e| e.path == expected) {
            sink.report(
                &checks::README_NOT_PACKAGED,
                Target::key(&["package", "readme"]),
                format!("the README `{readme}` is not in the package"),
                Some(if s.manifest.get(&["package", "include"]).is_none() {
                    format!("remove `{expected}` from `exclude` (or commit it) so the package carries it")
                } else {
                    format!("add \"{expected}\" to `include`")
                }),
            );
        }
    }
}

fn secret_help(path: &str) -> String {
    format!(
        "a published crate is public forever: leave the file out (`exclude = [\"/{path}\"]`) and revoke the secret if it was ever pushed; a key meant to be public (test data) can be allowed with `secret_file = \"allow\"` in `[package.metadata.ready]`"
    )
}

pub(super) fn report_dirty(dirty: &[PathBuf], ws_root: &Path, sink: &mut Sink<'_>) {
    if dirty.is_empty() {
        return;
    }
    let shown: Vec<String> = dirty
        .iter()
        .take(10)
        .map(|f| format!("`{}`", f.strip_prefix(ws_root).unwrap_or(f).display()))
        .collect();
    let more = if dirty.len() > 10 {
        format!(" and {} more", dirty.len() - 10)
    } else {
        String::new()
    };
    sink.report_unplaced(
        &checks::DIRTY_FILES,
        None,
        format!(
            "{} file(s) that would be packaged have uncommitted changes: {}{more}",
            dirty.len(),
            shown.join(", ")
        ),
        Some("commit or stash the changes so the package matches a commit, or pass `--allow-dirty` to package the working tree as it is".to_string()),
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_cargo() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(11 * 1024 * 1024), "11.0 MiB");
    }
}
