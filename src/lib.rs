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

use cargo_metadata::Package;

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
    let selected = workspace.select(&Selection {
        packages: args.packages.clone(),
        workspace: args.workspace,
        exclude: args.exclude.clone(),
    })?;
    let manifests = workspace.manifests(&selected)?;
    let manifest_of = |package: &Package| {
        manifests
            .get(package.manifest_path.as_str())
            .unwrap_or(&workspace.root)
    };
    if args.fix {
        return fix_then_check_again(args, progress, &workspace, &selected, &manifest_of);
    }

    let mut stage = ManifestStage::new(&workspace);
    for package in selected {
        stage.check(package, manifest_of(package), &args.levels)?;
    }
    let not_run = if args.no_package {
        vec![NotRun {
            stage: "package".to_string(),
            reason: "--no-package".to_string(),
        }]
    } else {
        stage.run_package_stage(args, progress)?
    };
    Ok(
        Report::new(stage.packages, not_run, stage.sources).with_workspace_root(
            workspace
                .metadata
                .workspace_root
                .clone()
                .into_std_path_buf(),
        ),
    )
}

/// The packages checked so far, what the package stage needs of each, and the manifest texts.
struct ManifestStage<'w> {
    workspace: &'w Workspace,
    packages: Vec<PackageReport>,
    publishable: Vec<(usize, &'w Package, &'w Manifest, Levels)>,
    sources: BTreeMap<PathBuf, Arc<str>>,
}

impl<'w> ManifestStage<'w> {
    fn new(workspace: &'w Workspace) -> Self {
        let root = &workspace.root;
        ManifestStage {
            workspace,
            packages: Vec::new(),
            publishable: Vec::new(),
            sources: BTreeMap::from([(root.path.clone(), Arc::clone(&root.text))]),
        }
    }

    /// Runs the manifest checks over one package, or records why it is skipped.
    fn check(
        &mut self,
        package: &'w Package,
        manifest: &'w Manifest,
        command_line: &[config::LevelSetting],
    ) -> Result<(), Error> {
        let (name, version) = (package.name.to_string(), package.version.to_string());
        let path = package.manifest_path.clone().into_std_path_buf();
        if let Some(reason) = skip_reason(package) {
            let skipped = PackageReport::skipped(name, version, path, reason);
            self.packages.push(skipped);
            return Ok(());
        }
        self.sources
            .insert(manifest.path.clone(), Arc::clone(&manifest.text));
        let root = &self.workspace.root;
        let root = (!std::ptr::eq(manifest, root)).then_some(root);
        let levels = Levels::resolve(root, manifest, command_line);
        config_errors(&levels)?;
        let mut sink = Sink::new(&levels, manifest);
        checks::check_manifest(&PackageContext { package, manifest }, &mut sink);
        checks::unknown::check(&levels, manifest, root, &mut sink);
        let findings = sink.into_findings();
        self.packages
            .push(PackageReport::checked(name, version, path, findings));
        self.publishable
            .push((self.packages.len() - 1, package, manifest, levels));
        Ok(())
    }

    /// Packages and verifies the publishable packages in a staged copy; returns what did not run.
    fn run_package_stage(
        &mut self,
        args: &Args,
        progress: &dyn stage::Progress,
    ) -> Result<Vec<NotRun>, Error> {
        let selected: Vec<stage::Selected<'_>> = self
            .publishable
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
        let outcome = stage::run(self.workspace, &selected, &options, progress)?;
        for ((index, ..), findings) in self.publishable.iter().zip(outcome.findings) {
            stage::merge(&mut self.packages[*index], findings);
        }
        add_finding_sources(&self.packages, &mut self.sources);
        Ok(outcome.not_run)
    }
}

/// `--fix`: edits the manifests of the publishable selected packages, then runs everything
/// again on the edited files and records what changed.
fn fix_then_check_again<'w>(
    args: &Args,
    progress: &dyn stage::Progress,
    workspace: &'w Workspace,
    selected: &[&'w Package],
    manifest_of: &dyn Fn(&Package) -> &'w Manifest,
) -> Result<Report, Error> {
    let publishable: Vec<&Manifest> = selected
        .iter()
        .filter(|p| skip_reason(p).is_none())
        .map(|p| manifest_of(p))
        .collect();
    let fixed = fix::fix_manifests(&publishable, &workspace.root, args.allow_dirty)?;
    let again = Args {
        fix: false,
        ..args.clone()
    };
    let mut report = run_with_progress(&again, progress)?;
    report.fixed = fixed;
    Ok(report)
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

/// cargo's home directory: `$CARGO_HOME`, else `~/.cargo`.
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
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
