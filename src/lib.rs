//! cargo-ready: will this crate publish to crates.io, and is it a crate people can find and trust?
//!
//! The engine behind the `cargo ready` subcommand. Data flows one way:
//! [`cli`] → [`workspace`] (cargo metadata and manifests) → [`checks`] → [`report`] → renderer.

pub mod checks;
pub mod cli;
pub mod config;
pub mod error;
pub mod fix;
pub mod index_cache;
pub mod manifest;
pub mod report;
pub mod stage;
pub mod workspace;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::checks::{PackageContext, Sink};
use crate::cli::Args;
use crate::config::Levels;
use crate::error::Error;
use crate::manifest::Manifest;
use crate::report::{NotRun, PackageReport, Report};
use crate::workspace::{Selection, Workspace, skip_reason};

/// Exit status: every selected package is ready.
pub const EXIT_READY: i32 = 0;
/// Exit status: at least one error-level finding.
pub const EXIT_NOT_READY: i32 = 1;
/// Exit status: the check could not be done (usage, manifest, cargo).
pub const EXIT_COULD_NOT_CHECK: i32 = 2;

/// Checks the selected packages and returns what was found.
pub fn run(args: &Args) -> Result<Report, Error> {
    run_with_progress(args, &stage::Silent)
}

/// [`run`], reporting the package stage's progress to `progress`.
pub fn run_with_progress(args: &Args, progress: &dyn stage::Progress) -> Result<Report, Error> {
    let workspace = Workspace::load(args.manifest_path.as_deref())?;
    let selection = Selection {
        packages: args.packages.clone(),
        workspace: args.workspace,
        exclude: args.exclude.clone(),
    };
    let selected = workspace.select(&selection)?;
    let manifests = workspace.manifests(&selected)?;
    if args.fix {
        let publishable: Vec<_> = selected
            .iter()
            .copied()
            .filter(|p| skip_reason(p).is_none())
            .collect();
        let by_path = publishable
            .iter()
            .map(|p| {
                let path = p.manifest_path.as_std_path();
                (
                    path.to_path_buf(),
                    manifests.get(path).unwrap_or(&workspace.root),
                )
            })
            .collect();
        let fixes = fix::fix_packages(&publishable, &by_path, &workspace.root, args.allow_dirty)?;
        let recheck = Args {
            fix: false,
            ..args.clone()
        };
        let mut report = run_with_progress(&recheck, progress)?;
        report.fixed = fixes;
        return Ok(report);
    }
    let mut sources = BTreeMap::new();
    sources.insert(
        workspace.root.path.clone(),
        Arc::clone(&workspace.root.text),
    );

    let mut packages = Vec::with_capacity(selected.len());
    let mut staged = Vec::new();
    for package in selected {
        let path = package.manifest_path.as_std_path();
        let manifest = manifests.get(path).unwrap_or(&workspace.root);
        let (name, version) = (package.name.to_string(), package.version.to_string());
        if let Some(reason) = skip_reason(package) {
            packages.push(PackageReport::skipped(
                name,
                version,
                path.to_path_buf(),
                reason,
            ));
            continue;
        }
        sources.insert(manifest.path.clone(), Arc::clone(&manifest.text));
        let root = (!std::ptr::eq(manifest, &workspace.root)).then_some(&workspace.root);
        let levels = Levels::resolve(root, manifest, &args.levels);
        config_errors(&levels)?;
        let mut sink = Sink::new(&levels, manifest);
        checks::check_manifest(&PackageContext { package, manifest }, &mut sink);
        report_unknown_checks(&levels, manifest, root, &mut sink);
        packages.push(PackageReport::checked(
            name,
            version,
            path.to_path_buf(),
            sink.into_findings(),
        ));
        staged.push((packages.len() - 1, package, manifest, levels));
    }

    let mut not_run = Vec::new();
    if args.no_package {
        not_run.push(NotRun {
            stage: "package".to_string(),
            reason: "--no-package".to_string(),
        });
    } else {
        let selected: Vec<stage::Selected<'_>> = staged
            .iter()
            .map(|(_, package, manifest, levels)| stage::Selected {
                package,
                manifest,
                levels,
            })
            .collect();
        let options = stage::Options {
            offline: args.offline,
            allow_dirty: args.allow_dirty,
            target_dir: args.target_dir.clone(),
            registry: args.registry.clone(),
        };
        let outcome = stage::run(&workspace, &selected, &options, progress)?;
        for ((index, ..), findings) in staged.iter().zip(outcome.findings) {
            stage::merge(&mut packages[*index], findings);
        }
        not_run.extend(outcome.not_run);
        add_finding_sources(&packages, &mut sources);
    }
    Ok(Report::new(packages, not_run, sources).with_workspace_root(
        workspace
            .metadata
            .workspace_root
            .clone()
            .into_std_path_buf(),
    ))
}

/// Reads the text of source files that findings point into (for snippets), when small.
fn add_finding_sources(packages: &[PackageReport], sources: &mut BTreeMap<PathBuf, Arc<str>>) {
    let files: Vec<&PathBuf> = packages
        .iter()
        .flat_map(|p| &p.findings)
        .filter_map(|f| f.location.as_ref().map(|l| &l.file))
        .collect();
    for file in files {
        if sources.contains_key(file) {
            continue;
        }
        let small = std::fs::metadata(file).is_ok_and(|m| m.len() < 1024 * 1024);
        if let Some(text) = small.then(|| std::fs::read_to_string(file).ok()).flatten() {
            sources.insert(file.clone(), Arc::from(text));
        }
    }
}

fn config_errors(levels: &Levels) -> Result<(), Error> {
    match levels.problems.first() {
        Some(problem) => Err(Error::Config {
            path: problem.path.clone(),
            key: problem.keys.join("."),
            message: problem.message.clone(),
        }),
        None => Ok(()),
    }
}

fn report_unknown_checks(
    levels: &Levels,
    manifest: &Manifest,
    root: Option<&Manifest>,
    sink: &mut Sink<'_>,
) {
    for unknown in &levels.unknown {
        let suggestion = checks::CHECKS
            .iter()
            .map(|c| {
                (
                    strsim::jaro_winkler(c.name, &unknown.name.replace('-', "_")),
                    c.name,
                )
            })
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| {
                format!("did you mean `{name}`? `cargo ready --list` shows every check")
            })
            .unwrap_or_else(|| "`cargo ready --list` shows every check".to_string());
        let message = format!("unknown check `{}`", unknown.name);
        let (field, location) = match &unknown.origin {
            Some((path, keys)) => {
                let source = [Some(manifest), root]
                    .into_iter()
                    .flatten()
                    .find(|m| &m.path == path);
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                (Some(keys.join(".")), source.map(|m| m.locate_key(&keys)))
            }
            None => (None, None),
        };
        sink.report_unplaced(
            &checks::registry::UNKNOWN_CHECK,
            field,
            message,
            Some(suggestion),
            location,
        );
    }
}

/// The path cargo-ready shows for a file: relative to the current directory when inside it.
pub fn display_path(path: &std::path::Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(PathBuf::from))
        .unwrap_or_else(|| path.to_path_buf());
    if relative.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        relative
    }
}
