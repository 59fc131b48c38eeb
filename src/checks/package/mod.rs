//! The package-stage checks: what only a real package, built by cargo in a temporary copy,
//! reveals. They judge what the stage saw ([`crate::stage`]): cargo's events, the `.crate`'s
//! contents and the dirty files; the stage itself decides nothing.

pub mod builds;
pub mod cargo_said;
pub mod contents;
pub mod dirty;
pub mod junk;
pub mod left_out;
pub mod packaged_tests;
pub mod published;
pub mod secrets;
pub mod semver_checks;
pub mod since;
pub mod verify;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::license::texts::LICENSE_TEXT_MISSING;
use super::portable_names::{self, CASE_COLLIDING_PATHS};
use super::{PackageContext, Sink};
use crate::model::{Finding, Location};
use crate::read::manifest::line_column;
use crate::stage::PackageOutput;
use crate::stage::parse::Kind;

/// What judging one package's stage output needs beyond the package.
pub struct StageContext<'a> {
    /// `--allow-dirty`: uncommitted changes are a warning.
    pub allow_dirty: bool,
    /// The names of the packages checked in the same run.
    pub checked_together: &'a [&'a str],
    /// The checks the manifest stage reported for this package (before levels), so the stage
    /// does not say the same again.
    pub reported: &'a BTreeSet<&'static str>,
    /// The workspace's Cargo.lock, when it has one.
    pub lockfile: Option<&'a Path>,
}

/// Judges what the package stage saw of one package; returns the findings at their default
/// levels, each said once.
pub fn check(
    ctx: &PackageContext<'_>,
    seen: &PackageOutput,
    stage: &StageContext<'_>,
) -> Vec<Finding> {
    let mut sink = Sink::new(ctx);
    judge_events(ctx, &seen.events, stage, &mut sink);
    if let Some(contents) = &seen.contents {
        judge_contents(ctx, contents, stage, &mut sink);
        if let Some(tests) = &seen.tests {
            packaged_tests::check(ctx, tests, contents, &mut sink);
        }
    }
    if let Some(run) = &seen.builds {
        builds::check(ctx, run, &mut sink);
    }
    if let Some(run) = &seen.semver {
        semver_checks::check(ctx, run, &mut sink);
    }
    dirty::check(ctx, &seen.dirty, stage.allow_dirty, &mut sink);
    let mut findings = sink.into_findings();
    let mut seen_before = BTreeSet::new();
    findings.retain(|f| seen_before.insert((f.check, f.message.clone())));
    findings
}

/// cargo's events, each to the family that judges it.
fn judge_events(
    ctx: &PackageContext<'_>,
    events: &[Kind],
    stage: &StageContext<'_>,
    sink: &mut Sink<'_>,
) {
    use cargo_said::ManifestWarning;
    let published = events
        .iter()
        .any(|e| matches!(e, Kind::AlreadyPublished { .. }));
    let mut targets = Vec::new();
    for event in events {
        match event {
            Kind::VerificationFailed { first, detail } => {
                verify::failed(ctx, first.as_ref(), detail, stage, sink)
            }
            Kind::BuildScriptModified(changes) => verify::modified_sources(ctx, changes, sink),
            Kind::ToolchainTooOld { rustc, required } => {
                verify::toolchain_too_old(ctx, rustc, required, sink)
            }
            Kind::AlreadyPublished { registry } => {
                published::already_published(ctx, registry, sink)
            }
            // Already published says it: the contents differ because the version is taken.
            Kind::PublishedDiffers { .. } if published => {}
            Kind::PublishedDiffers { package } => published::published_differs(package, sink),
            Kind::Yanked { package, registry } => {
                published::yanked(ctx, package, registry, stage.lockfile, sink)
            }
            Kind::TargetNotPackaged { kind, name, path } => {
                targets.push(left_out::LeftOut { kind, name, path })
            }
            Kind::BuildScriptNotPackaged { path } => left_out::build_script(ctx, path, sink),
            Kind::DependencyWithoutVersion { dependency } => {
                cargo_said::dependency_without_version(ctx, dependency, stage, sink)
            }
            Kind::ReadmeMissing { path } => cargo_said::missing_file("readme", path, stage, sink),
            Kind::LicenseFileMissing { path } => {
                cargo_said::missing_file("license-file", path, stage, sink)
            }
            Kind::MetadataMissing { fields } => cargo_said::metadata_missing(fields, stage, sink),
            Kind::IncludeAndExclude => {
                cargo_said::manifest_warning(ManifestWarning::IncludeAndExclude, stage, sink)
            }
            Kind::LicenseAndLicenseFile => {
                cargo_said::manifest_warning(ManifestWarning::LicenseAndLicenseFile, stage, sink)
            }
            Kind::EditionUnspecified => {
                cargo_said::manifest_warning(ManifestWarning::EditionUnspecified, stage, sink)
            }
            Kind::FileShadowed { key, path, name } => {
                cargo_said::file_shadowed(ctx, key, path, name, sink)
            }
            Kind::UnusedManifestKey { key } => {
                cargo_said::manifest_warning(ManifestWarning::UnusedKey(key), stage, sink)
            }
            Kind::Unpackageable { path, reason } => {
                cargo_said::unpackageable(ctx, path, reason, sink)
            }
            Kind::WindowsReserved { path } => contents::report_windows_reserved(ctx, path, sink),
            Kind::PublishStalled { waiting } => {
                cargo_said::publish_stalled(ctx, waiting, stage, sink)
            }
            Kind::MissingDependency { dependency } => {
                cargo_said::missing_dependency(ctx, dependency, stage, sink)
            }
            Kind::CompilerWarning(warning) => cargo_said::compiler_warning(warning, sink),
            Kind::OtherError(text) => cargo_said::relay(true, text, sink),
            Kind::OtherWarning(text) => cargo_said::relay(false, text, sink),
            Kind::Failed { status } => cargo_said::failed_silently(status, sink),
        }
    }
    left_out::targets(ctx, &targets, sink);
}

/// The `.crate`'s contents: sizes, entries, license text, README, secrets and junk.
fn judge_contents(
    ctx: &PackageContext<'_>,
    contents: &crate::stage::contents::Contents,
    stage: &StageContext<'_>,
    sink: &mut Sink<'_>,
) {
    contents::size(ctx, contents, sink);
    contents::entries(ctx, contents, sink);
    // Said in the manifest stage from the files the package would ship, it is not said again.
    if !stage.reported.contains(LICENSE_TEXT_MISSING.name) {
        contents::license_texts(ctx, contents, sink);
    }
    if !stage.reported.contains(CASE_COLLIDING_PATHS.name) {
        portable_names::report(ctx, contents.entries.iter().map(|e| e.path.as_str()), sink);
    }
    contents::readme(ctx, contents, sink);
    let mut found = Vec::new();
    let mut literals = BTreeSet::new();
    // A package whose archive cannot be read again was read once already; its text checks
    // are skipped rather than the run.
    let _ = contents.scan(&mut |entry, head| {
        found.extend(secrets::scan(entry, head));
        if entry.path.ends_with(".rs") {
            junk::string_literals(&String::from_utf8_lossy(head), &mut literals);
        }
    });
    secrets::report(ctx, &found, sink);
    let has_build_script = ctx.package.targets.iter().any(|t| {
        t.kind
            .iter()
            .any(|k| matches!(k, cargo_metadata::TargetKind::CustomBuild))
    });
    junk::report(ctx, &contents.entries, &literals, has_build_script, sink);
}

/// The manifest key that chooses the package's files: `include` when set, else `exclude` when
/// set, else git's listing (the `[package]` table stands for it).
pub fn files_chosen_by(ctx: &PackageContext<'_>) -> Chooser {
    if ctx.manifest.get(&["package", "include"]).is_some() {
        Chooser::Include
    } else if ctx.manifest.get(&["package", "exclude"]).is_some() {
        Chooser::Exclude
    } else {
        Chooser::Git
    }
}

/// What chooses a package's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chooser {
    /// `package.include`.
    Include,
    /// `package.exclude`.
    Exclude,
    /// Neither: git's tracked and not-ignored files.
    Git,
}

impl Chooser {
    /// The key to point at.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Chooser::Include => &["package", "include"],
            Chooser::Exclude => &["package", "exclude"],
            Chooser::Git => &["package"],
        }
    }

    /// How to put `files` (e.g. "`build.rs`", "their files") into the package, saying where
    /// an inherited `include` or `exclude` is written.
    pub fn package(self, ctx: &PackageContext<'_>, files: &str) -> String {
        let key = self.keys().last().copied().unwrap_or("package");
        let place = if ctx.manifest.is_inherited(&["package", key]) {
            " in `[workspace.package]`"
        } else {
            ""
        };
        match self {
            Chooser::Include => format!("add {files} to `include`{place}"),
            Chooser::Exclude => format!("remove {files} from `exclude`{place}"),
            Chooser::Git => {
                format!("commit {files}, and take them out of `.gitignore` if it ignores them")
            }
        }
    }
}

/// How to leave one packaged file out, said for the key that chooses the files.
pub fn exclude_it(ctx: &PackageContext<'_>, path: &str) -> String {
    if ctx.manifest.get(&["package", "include"]).is_some() {
        format!("narrow `include` so it does not match `{path}`")
    } else if ctx.manifest.get(&["package", "exclude"]).is_some() {
        format!("add \"/{path}\" to `exclude`")
    } else {
        format!("add `exclude = [\"/{path}\"]` to `[package]`")
    }
}

/// A place in a source file the compiler named, with the rest of that line to show when the
/// file can be read.
pub fn source_location(file: PathBuf, line: usize, column: usize) -> Location {
    let span = std::fs::metadata(&file)
        .ok()
        .filter(|m| m.len() < 1024 * 1024)
        .and_then(|_| std::fs::read_to_string(&file).ok())
        .and_then(|text| span_of_line_from(&text, line, column));
    Location {
        file,
        line,
        column,
        span,
    }
}

/// The byte range from a 1-based line and character column to the end of that line.
fn span_of_line_from(text: &str, line: usize, column: usize) -> Option<std::ops::Range<usize>> {
    let start_of_line = match line {
        0 => return None,
        1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    let rest = &text[start_of_line..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let start = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    let end = line_text.trim_end().len().max(start);
    let span = start_of_line + start..start_of_line + end;
    debug_assert_eq!(line_column(text, span.start), (line, column.max(1)));
    Some(span)
}

/// Names up to `shown` items, then how many more: "`a`, `b` and 3 more".
pub fn listed(items: &[String], shown: usize) -> String {
    if items.len() <= shown {
        return items.join(", ");
    }
    format!(
        "{} and {} more",
        items[..shown].join(", "),
        items.len() - shown
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compiler_spot_covers_the_rest_of_its_line() {
        let text = "mod a;\n    mod hidden;  \nfn f() {}\n";
        assert_eq!(span_of_line_from(text, 2, 5), Some(11..22));
        assert_eq!(&text[11..22], "mod hidden;");
        assert_eq!(span_of_line_from(text, 9, 1), None);
        assert_eq!(span_of_line_from(text, 0, 1), None);
    }

    #[test]
    fn lists_say_how_many_more() {
        let items: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(listed(&items, 3), "a, b, c");
        assert_eq!(listed(&items, 2), "a, b and 1 more");
    }
}
