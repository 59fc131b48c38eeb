//! cargo-ready: will this crate publish to crates.io, and is it a crate people can find and trust?
//!
//! The engine behind the `cargo ready` subcommand. A run: [`cli`] parses the arguments;
//! [`read::workspace`] runs cargo metadata (without a package stage, the checks run meanwhile on
//! the workspace it described last time, and count when it describes the same); the [`stage`]
//! (cargo in a temporary copy) starts on its own thread while [`package_files`] reads what the
//! checks that are on need and [`checks`] judge each manifest; [`checks::package`] judges what the
//! stage saw; [`compare`] sets the release against its [`baseline`], the published version before
//! it; [`config`] applies the levels to the finished findings; [`report::Report`] goes to one
//! renderer. [`fix`] applies the certain suggestions of a report. Below the steps: [`read`] (what
//! they read of the world), [`process`] (cargo and git as children), and [`model`], the types all
//! of them share.

pub mod baseline;
pub mod checks;
pub mod cli;
pub mod compare;
pub mod config;
pub mod error;
pub mod fix;
pub mod model;
pub mod package_files;
pub mod paths;
pub mod process;
pub mod progress;
pub mod read;
pub mod report;
pub mod stage;
pub mod sync;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use cargo_metadata::Package;

use crate::baseline::diff::ReleaseDiff;
use crate::checks::PackageContext;
use crate::checks::package::StageContext;
use crate::checks::publish_order::PublishSet;
use crate::cli::Args;
use crate::config::Levels;
use crate::error::Error;
use crate::model::{Finding, NotRun};
use crate::package_files::PackageFiles;
use crate::progress::Progress;
use crate::read::manifest::Manifest;
use crate::read::registry::sparse_index;
use crate::read::workspace::{Selection, Workspace, skip_reason};
use crate::report::{PackageReport, Report, Sources};

/// Exit status: every selected package is ready.
pub const EXIT_READY: i32 = 0;
/// Exit status: at least one error-level finding.
pub const EXIT_NOT_READY: i32 = 1;
/// Exit status: the check could not be done (usage, manifest, cargo).
pub const EXIT_COULD_NOT_CHECK: i32 = 2;

/// Checks the selected packages and returns what was found.
pub fn run(args: &Args) -> Result<Report, Error> {
    run_with_progress(args, &progress::Silent)
}

/// [`run`], reporting progress (`Checking`, `Packaging`, `Verifying`) to `progress`.
///
/// With `--fix`, the certain suggestions of a first run are applied to the manifests, and
/// everything is checked again on the edited files.
pub fn run_with_progress(args: &Args, progress: &dyn Progress) -> Result<Report, Error> {
    let report = check(args, progress)?;
    if !args.fix {
        return Ok(report);
    }
    let fixed = fix::apply(&report, args.allow_dirty)?;
    if fixed.is_empty() {
        return Ok(report);
    }
    let mut report = check(args, progress)?;
    report.fixed = fixed;
    Ok(report)
}

/// One run over the selected packages: the package stage unless `--no-package`, with the
/// manifest checks running while cargo works, then the levels.
fn check(args: &Args, progress: &dyn Progress) -> Result<Report, Error> {
    // Allowed on the command line, what a check reads is not even read; allowed in a manifest,
    // it is read while cargo works (the manifest is not known yet) and not checked.
    let along = package_files::read_along(&Levels::from_command_line(&args.levels));
    let recorded = progress::Recorded::default();
    let ahead = checks_ahead(args)
        .then_some(|workspace: &Workspace| check_workspace(workspace, args, &recorded));
    let (workspace, checked_ahead) = Workspace::load(args.manifest_path.as_deref(), along, ahead)?;
    let report = match checked_ahead {
        Some(report) => {
            recorded.replay(progress);
            report
        }
        None => check_workspace(&workspace, args, progress),
    };
    free_in_background(workspace);
    report
}

/// Whether a run can check ahead, on the workspace cargo described last time, while cargo
/// describes it again: when it only reads. A run with a package stage starts cargo, and one
/// with `--fix` edits the manifests.
fn checks_ahead(args: &Args) -> bool {
    args.no_package && !args.fix
}

/// Checks the selected packages of a loaded workspace.
fn check_workspace(
    workspace: &Workspace,
    args: &Args,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    let online = !args.offline && !sparse_index::offline_by_environment();
    let selected = workspace.select(&Selection {
        packages: args.packages.clone(),
        workspace: args.workspace,
        exclude: args.exclude.clone(),
    })?;
    let manifests = workspace.manifests(&selected)?;
    let (slots, planned) = plan(workspace, &selected, &manifests, args, progress)?;
    let (report, read) = std::thread::scope(|scope| -> Result<_, Error> {
        // The package stage mostly waits on cargo: it starts first, and the manifest checks run
        // while it works.
        let (found, found_for_stage) = std::sync::mpsc::channel();
        let stage = start_stage(scope, workspace, &planned, args, progress, found_for_stage);
        let baselines = start_baselines(scope, workspace, &planned, args, online, found);
        let packages: Vec<_> = planned
            .iter()
            .map(|p| (p.package, p.manifest, &p.levels))
            .collect();
        let read = package_files::read(workspace, &packages, online);
        let together = PublishSet::new(planned.iter().map(|p| p.package));
        let mut checked = manifest_stage(planned, &workspace.root, &read, &together);
        let (mut not_run, output) = match stage {
            None => (
                vec![NotRun {
                    stage: "package".to_string(),
                    reason: "--no-package".to_string(),
                }],
                None,
            ),
            Some(stage) => {
                let mut output = stage
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                judge_stage(workspace, &mut checked, &output, args);
                (std::mem::take(&mut output.not_run), Some(output))
            }
        };
        if let Some(baselines) = baselines {
            let outcomes = baselines
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            not_run.extend(compare_stage(
                workspace,
                &mut checked,
                &outcomes,
                output.as_ref(),
                args.diff,
            ));
        }
        Ok((finish(workspace, slots, checked, not_run), read))
    })?;
    free_in_background((manifests, read));
    Ok(report)
}

/// Frees what a run read on another thread, while the report is rendered: for a large
/// workspace, the manifests, sources and listings take longer to free than the manifest checks
/// take to run.
fn free_in_background<T: Send + 'static>(read: T) {
    let _ = std::thread::Builder::new()
        .name("free".to_string())
        .spawn(move || drop(read));
}

/// A package to check, with its manifest and configuration.
struct Planned<'w> {
    package: &'w Package,
    manifest: &'w Manifest,
    levels: Levels,
}

/// Says which selected packages are checked and which are skipped, in order, and resolves the
/// configuration of each checked one.
fn plan<'w>(
    workspace: &'w Workspace,
    selected: &[&'w Package],
    manifests: &'w HashMap<String, Manifest>,
    args: &Args,
    progress: &dyn Progress,
) -> Result<(Vec<Slot>, Vec<Planned<'w>>), Error> {
    let root = &workspace.root;
    let mut slots = Vec::with_capacity(selected.len());
    let mut planned = Vec::new();
    let mut status = Vec::with_capacity(selected.len());
    for &package in selected {
        let title = report::package_title(
            package.name.as_str(),
            &package.version.to_string(),
            package.manifest_path.as_std_path(),
        );
        if let Some(reason) = skip_reason(package) {
            status.push(("Skipping", format!("{title}: {reason}")));
            slots.push(Slot::Skipped(PackageReport::skipped(
                package.name.to_string(),
                package.version.to_string(),
                package.manifest_path.clone().into_std_path_buf(),
                reason,
            )));
            continue;
        }
        status.push(("Checking", title));
        let manifest = manifests
            .get(package.manifest_path.as_str())
            .unwrap_or(root);
        let levels = Levels::resolve(Some(root), manifest, &args.levels);
        config_errors(&levels)?;
        slots.push(Slot::Checked(planned.len()));
        planned.push(Planned {
            package,
            manifest,
            levels,
        });
    }
    progress.statuses(&status);
    Ok((slots, planned))
}

/// Runs the manifest checks over every planned package, the packages shared out over the
/// cores (a large workspace has hundreds), keeping their order.
fn manifest_stage<'w>(
    planned: Vec<Planned<'w>>,
    root: &'w Manifest,
    read: &'w [PackageFiles],
    together: &'w PublishSet<'w>,
) -> Vec<Checked<'w>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let per_thread = planned.len().div_ceil(threads).max(8);
    let mut work: Vec<(Planned<'w>, &'w PackageFiles)> = planned.into_iter().zip(read).collect();
    let mut chunks = Vec::new();
    while work.len() > per_thread {
        let rest = work.split_off(per_thread);
        chunks.push(std::mem::replace(&mut work, rest));
    }
    chunks.push(work);
    std::thread::scope(|scope| {
        let mut chunks = chunks.into_iter();
        let first = chunks.next().unwrap_or_default();
        let others: Vec<_> = chunks
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(planned, read)| manifest_checks(planned, root, read, together))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut checked: Vec<Checked<'w>> = first
            .into_iter()
            .map(|(planned, read)| manifest_checks(planned, root, read, together))
            .collect();
        for other in others {
            checked.extend(
                other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        checked
    })
}

/// Runs the manifest checks over one package.
fn manifest_checks<'w>(
    planned: Planned<'w>,
    root: &'w Manifest,
    read: &'w PackageFiles,
    together: &'w PublishSet<'w>,
) -> Checked<'w> {
    let Planned {
        package,
        manifest,
        levels,
    } = planned;
    let ctx = PackageContext {
        package,
        manifest,
        workspace_root: Some(root),
        shipped: read.shipped.as_ref(),
        sources: read.sources.as_ref(),
        readme: read.readme.as_ref(),
        changelog: read.changelog.as_ref(),
        published: read.published.as_deref(),
        target_list: read.target_list.as_deref(),
        publishing_together: Some(together),
    };
    let findings = manifest_findings(&ctx, &levels);
    Checked {
        ctx,
        levels,
        findings,
        diff: None,
    }
}

/// Applies each package's levels to its findings and gathers the report, in workspace order,
/// with the texts of the files it quotes.
fn finish(
    workspace: &Workspace,
    slots: Vec<Slot>,
    checked: Vec<Checked<'_>>,
    not_run: Vec<NotRun>,
) -> Report {
    let root = &workspace.root;
    let mut sources = Sources::from([(root.path.clone(), Arc::clone(&root.text))]);
    let mut finished: Vec<Option<PackageReport>> = checked
        .into_iter()
        .map(
            |Checked {
                 ctx,
                 levels,
                 findings,
                 diff,
             }| {
                sources.insert(ctx.manifest.path.clone(), Arc::clone(&ctx.manifest.text));
                let package = ctx.package;
                Some(
                    PackageReport::checked(
                        package.name.to_string(),
                        package.version.to_string(),
                        package.manifest_path.clone().into_std_path_buf(),
                        levels.apply(findings),
                    )
                    .with_diff(diff),
                )
            },
        )
        .collect();
    let reports: Vec<PackageReport> = slots
        .into_iter()
        .filter_map(|slot| match slot {
            Slot::Skipped(report) => Some(report),
            Slot::Checked(index) => finished[index].take(),
        })
        .collect();
    add_finding_sources(&reports, &mut sources);
    let root_dir = workspace
        .metadata
        .workspace_root
        .clone()
        .into_std_path_buf();
    Report::new(reports, not_run, sources).with_workspace_root(root_dir)
}

/// A selected package's place in the report: skipped, or the index of its [`Checked`].
enum Slot {
    Skipped(PackageReport),
    Checked(usize),
}

/// A publishable package being checked: what checks see of it, its configuration, and its
/// findings so far, at their default levels.
struct Checked<'w> {
    ctx: PackageContext<'w>,
    levels: Levels,
    findings: Vec<Finding>,
    /// `--diff`: the comparison with the published version.
    diff: Option<ReleaseDiff>,
}

/// The manifest checks of one package, and the configuration names that match no check.
fn manifest_findings(ctx: &PackageContext<'_>, levels: &Levels) -> Vec<Finding> {
    let mut sink = checks::Sink::new(ctx);
    checks::check_manifest(ctx, &mut sink);
    checks::unknown::check(&levels.unknown, ctx.manifest, ctx.workspace_root, &mut sink);
    sink.into_findings()
}

/// Starts the package stage over the planned packages on a thread of `scope`, unless
/// `--no-package`; returns once its copy is made (the copy needs the cores more than the
/// manifest checks do, and cargo then mostly waits on the registry for a while).
fn start_stage<'scope, 'w>(
    scope: &'scope std::thread::Scope<'scope, 'w>,
    workspace: &'w Workspace,
    planned: &[Planned<'w>],
    args: &'w Args,
    progress: &'w dyn Progress,
    found: std::sync::mpsc::Receiver<Vec<baseline::Outcome>>,
) -> Option<std::thread::ScopedJoinHandle<'scope, Result<stage::StageOutput, Error>>> {
    if args.no_package {
        return None;
    }
    let store = compare::store(workspace, args.target_dir.as_deref());
    let semver_wanted: Vec<bool> = planned.iter().map(|p| semver_asked(args, p)).collect();
    let semver_baselines =
        move || compare::semver_baselines(found.recv().ok(), &semver_wanted, &store);
    let selected: Vec<stage::Selected<'w>> = planned
        .iter()
        .map(|p| stage::Selected {
            package: p.package,
            manifest: p.manifest,
            builds: builds_asked(args, &p.levels),
            semver: semver_asked(args, p),
        })
        .collect();
    let options = stage::Options {
        offline: args.offline,
        target_dir: args.target_dir.clone(),
        registry: args.registry.clone(),
        tests: args.tests,
    };
    let (copied, wait_for_copy) = std::sync::mpsc::channel::<()>();
    let stage = scope.spawn(move || {
        let copied = move || {
            let _ = copied.send(());
        };
        stage::run(
            workspace,
            &selected,
            &options,
            progress,
            copied,
            semver_baselines,
        )
    });
    // Returns when told, or when the stage ends without telling.
    let _ = wait_for_copy.recv();
    Some(stage)
}

/// Whether a package's API is compared (`--semver`, or its configuration), its check not
/// allowed.
fn semver_asked(args: &Args, p: &Planned<'_>) -> bool {
    (args.semver || p.levels.semver)
        && p.levels
            .level(&checks::package::semver_checks::SEMVER_VIOLATION)
            != model::Level::Allow
}

/// The builds from the `.crate` a package asks for, on the command line or in its
/// configuration; a build whose checks are all allowed is not run.
fn builds_asked(args: &Args, levels: &Levels) -> model::Builds {
    use checks::package::builds as checks_of;
    let asked = args.builds().or(levels.builds);
    let on = |checks: &[&model::Check]| {
        checks
            .iter()
            .any(|c| levels.level(c) != model::Level::Allow)
    };
    model::Builds {
        docs: asked.docs && on(checks_of::DOCS_CHECKS),
        msrv: asked.msrv && on(&[&checks_of::MSRV_BUILD_FAILS]),
        each_feature: asked.each_feature && on(&[&checks_of::FEATURE_BUILD_FAILS]),
    }
}

/// Judges what the package stage saw of each checked package.
fn judge_stage(
    workspace: &Workspace,
    checked: &mut [Checked<'_>],
    output: &stage::StageOutput,
    args: &Args,
) {
    let names: Vec<&str> = checked
        .iter()
        .map(|c| c.ctx.package.name.as_str())
        .collect();
    let lockfile = workspace
        .metadata
        .workspace_root
        .join("Cargo.lock")
        .into_std_path_buf();
    let lockfile = lockfile.is_file().then_some(lockfile.as_path());
    for (checked, seen) in checked.iter_mut().zip(&output.packages) {
        let reported: BTreeSet<&'static str> = checked.findings.iter().map(|f| f.check).collect();
        let stage = StageContext {
            allow_dirty: args.allow_dirty,
            checked_together: &names,
            reported: &reported,
            lockfile,
        };
        let found = checks::package::check(&checked.ctx, seen, &stage);
        checked.findings.extend(found);
    }
}

/// Starts looking up each planned package's baseline on a thread of `scope`, and sends them to
/// the stage when found, unless nothing asks for them: every release check allowed on the
/// command line, no `--diff`, no `--semver`.
fn start_baselines<'scope, 'w>(
    scope: &'scope std::thread::Scope<'scope, 'w>,
    workspace: &'w Workspace,
    planned: &[Planned<'w>],
    args: &'w Args,
    online: bool,
    found: std::sync::mpsc::Sender<Vec<baseline::Outcome>>,
) -> Option<std::thread::ScopedJoinHandle<'scope, Result<Vec<baseline::Outcome>, Error>>> {
    let command_line = Levels::from_command_line(&args.levels);
    let wanted = args.diff
        || checks::package::since::CHECKS
            .iter()
            .any(|c| command_line.level(c) != model::Level::Allow)
        || (!args.no_package && planned.iter().any(|p| semver_asked(args, p)));
    if !wanted || planned.is_empty() {
        return None;
    }
    let packages: Vec<(String, semver::Version)> = planned
        .iter()
        .map(|p| (p.package.name.to_string(), p.package.version.clone()))
        .collect();
    let options = baseline::Options {
        reach: baseline_reach(args, online),
        wanted: args.baseline.clone(),
        store: compare::store(workspace, args.target_dir.as_deref()),
    };
    Some(scope.spawn(move || {
        let registry = match &args.registry {
            Some(name) if name != "crates-io" => baseline::registry::Registry::named(
                name,
                workspace.metadata.workspace_root.as_std_path(),
            ),
            _ => Ok(baseline::registry::Registry::crates_io()),
        };
        let outcomes = compare::find_all(&packages, &registry, &options)?;
        // The stage's `--semver` waits for them; it may have ended without asking.
        let _ = found.send(outcomes.clone());
        Ok(outcomes)
    }))
}

/// How far the baseline lookup reaches. Offline, only the caches. With `--no-package`, the
/// index's answers the last online run kept: the quick run then costs little more than reading
/// the manifests, and a run with the package stage (the one before publishing) always asks the
/// registry, its lookups hidden behind cargo's work.
fn baseline_reach(args: &Args, online: bool) -> baseline::Reach {
    if !online {
        baseline::Reach::CachesOnly("the run is offline")
    } else if args.no_package {
        baseline::Reach::KeptFirst
    } else {
        baseline::Reach::Online
    }
}

/// Compares each checked package with its baseline; returns why some could not be, as one
/// stage that did not run.
fn compare_stage(
    workspace: &Workspace,
    checked: &mut [Checked<'_>],
    outcomes: &[baseline::Outcome],
    output: Option<&stage::StageOutput>,
    keep_diff: bool,
) -> Option<NotRun> {
    let mut not_compared = Vec::new();
    for (i, (checked, outcome)) in checked.iter_mut().zip(outcomes).enumerate() {
        let contents = output
            .and_then(|o| o.packages.get(i))
            .and_then(|p| p.contents.as_ref());
        let compared = compare::compare(&checked.ctx, workspace, outcome, contents);
        checked.findings.extend(compared.findings);
        not_compared.extend(compared.not_run);
        if keep_diff {
            checked.diff = compared.diff;
        }
    }
    compare::not_run(not_compared)
}

/// Reads the text of the files that findings quote (a location with a span), when small.
fn add_finding_sources(packages: &[PackageReport], sources: &mut Sources) {
    let quoted = packages.iter().flat_map(|p| &p.findings).flat_map(|f| {
        f.location
            .iter()
            .chain(f.labels.iter().map(|l| &l.location))
            .chain(f.suggestions.iter().map(|s| &s.location))
            .filter(|l| l.span.is_some())
            .map(|l| &l.file)
    });
    let files: HashSet<&PathBuf> = quoted.collect();
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
