//! The package stage: the temporary copy and the cargo runs.
//!
//! The workspace is copied into a temporary directory ([`copy`]), cargo packages, verifies and
//! dry-runs the publish there with a persistent target directory (run by [`crate::process`]), its output is
//! parsed into typed events with the user's paths ([`parse`]), the `.crate` files it made are
//! read ([`contents`]), and the original tree is checked for uncommitted changes in packaged
//! files ([`dirty`]). A package whose inputs are unchanged since its last good run is not
//! packaged again (`plan`, [`fresh`]): that run's output is replayed, and what the registry
//! says now is asked again (`registry_now`). What that shows is judged by the package checks
//! (`checks::package`); the stage decides nothing. The user's tree is never written.

pub mod builds;
pub mod contents;
pub mod copy;
pub mod dirty;
pub mod fresh;
pub mod packaged_tests;
pub mod parse;
mod plan;
mod registry_now;
mod replay;
pub mod semver_checks;

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use cargo_metadata::Package;

use crate::error::Error;
use crate::model::{Builds, NotRun};
use crate::paths::normalize;
use crate::process;
use crate::progress::Progress;
use crate::read::manifest::Manifest;
use crate::read::registry::published::Published;
use crate::read::workspace::Workspace;

/// How the stage runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Never touch the network: `cargo package --offline`, no publish dry run.
    pub offline: bool,
    /// The target directory for the builds; default `<workspace target dir>/ready`.
    pub target_dir: Option<PathBuf>,
    /// The registry to check against, instead of crates.io.
    pub registry: Option<String>,
    /// `--tests`: build and run each package's tests from its `.crate`.
    pub tests: bool,
}

/// One package the stage packages.
#[derive(Clone, Copy)]
pub struct Selected<'a> {
    /// The package as cargo metadata reports it.
    pub package: &'a Package,
    /// Its manifest.
    pub manifest: &'a Manifest,
    /// The builds from its `.crate` it asks for (`--docs`, `--msrv`, `--each-feature`).
    pub builds: Builds,
    /// `--semver` (or `semver = true`): compare its API with its baseline.
    pub semver: bool,
}

impl Selected<'_> {
    fn dir(&self) -> &Path {
        self.manifest.path.parent().unwrap_or(Path::new("."))
    }
}

/// What the stage saw of one package, with every path in the user's tree.
#[derive(Debug, Default)]
pub struct PackageOutput {
    /// What cargo said about it, in order.
    pub events: Vec<parse::Kind>,
    /// The `.crate` cargo made, when it made one.
    pub contents: Option<contents::Contents>,
    /// Packaged files with uncommitted changes (absolute paths); empty outside git.
    pub dirty: Vec<PathBuf>,
    /// `--tests`: what its tests did, built from the `.crate`.
    pub tests: Option<packaged_tests::TestRun>,
    /// `--docs`, `--msrv`, `--each-feature`: what those builds showed.
    pub builds: Option<builds::BuildsRun>,
    /// `--semver`: what cargo-semver-checks said of its API.
    pub semver: Option<semver_checks::SemverRun>,
}

/// What the stage saw.
#[derive(Debug, Default)]
pub struct StageOutput {
    /// Per selected package, in the order given.
    pub packages: Vec<PackageOutput>,
    /// Parts of the stage that did not run.
    pub not_run: Vec<NotRun>,
}

/// Runs the stage for `selected` packages of `workspace`. `copied` is called once the stage no
/// longer needs the cores to itself: its copy is made, or none is needed (cargo then mostly
/// waits on the registry for a while, and other work can run).
///
/// `semver_baselines` gives what `--semver` compares each package with; it is called (and may
/// wait for the lookup) only when a package asks for the comparison.
pub fn run(
    workspace: &Workspace,
    selected: &[Selected<'_>],
    options: &Options,
    progress: &dyn Progress,
    copied: impl FnOnce(),
    semver_baselines: impl FnOnce() -> semver_checks::Baselines,
) -> Result<StageOutput, Error> {
    if selected.is_empty() {
        return Ok(StageOutput::default());
    }
    let ws_root = workspace.metadata.workspace_root.as_std_path();
    let user_target = workspace.metadata.target_directory.as_std_path();
    let target = target_dir(user_target, options)?;
    let own_names = (!options.offline && options.registry.is_none())
        .then(|| registry_now::ask_about_own_names(selected));
    let listing = crate::read::files::list(ws_root, &[user_target.to_path_buf(), target.clone()])?;
    let (outside, loose) = outside_inputs(workspace, selected, ws_root)?;
    let package_dir = target.join("package");
    let where_ = Where {
        ws_root,
        target: &target,
        package_dir: &package_dir,
    };

    // A package whose inputs did not change since its last success is not packaged again.
    let dependencies = plan::path_dependencies(selected);
    let cache_file = target.join(fresh::CACHE_FILE);
    let cache = fresh::Cache::load(&cache_file);
    let outside_inputs = plan::Outside {
        listings: &outside,
        loose: &loose,
    };
    let fingerprints = options.registry.is_none().then(|| {
        plan::stage_inputs(
            workspace,
            selected,
            &dependencies,
            &outside_inputs,
            &target,
            options,
        )
    });
    let plan = plan::Plan::new(
        selected,
        &dependencies,
        fingerprints.as_deref(),
        &cache,
        &package_dir,
    );
    plan.report(selected, progress);

    let mut sorted = Sorted::new(selected, &package_dir);
    for (&run, indices) in &plan.replayed {
        let (output, copy) = cache.replay(run);
        sorted.take(&output, &copy, indices);
    }
    let rerun: Vec<Selected<'_>> = plan.rerun.iter().map(|&i| selected[i]).collect();
    let mut ran = if rerun.is_empty() {
        // Nothing to copy: other work may start now.
        drop(copied);
        None
    } else {
        let copy = copy::stage(&listing, &outside, &loose)?;
        copied();
        let (output, changes) =
            package_in_copy(&copy, &rerun, &listing, &where_, options, progress)?;
        let run = Rerun {
            selected,
            indices: &plan.rerun,
            copy: &copy.paths,
            output: &output,
            package_dir: &package_dir,
        };
        remember(cache, &cache_file, workspace, fingerprints.as_deref(), &run);
        sorted.take(&output, &copy.paths, &plan.rerun);
        Some(Ran {
            copy,
            output,
            changes,
        })
    };

    let (mut packages, packaged) = (sorted.packages, sorted.packaged);
    let unread = read_crates(selected, &mut packages, &packaged, &package_dir)?;
    let changes = recheck_and_read_status(
        selected,
        &mut packages,
        own_names.map(|own| (own, plan.fresh())),
        ran.as_mut().map(|ran| ran.changes.take()),
        &listing,
        ws_root,
    )?;
    if let Some(changes) = &changes {
        mark_dirty(selected, &mut packages, changes, &listing);
    }
    let mut not_run = stages_not_run(
        ran.as_ref().map(|ran| (&rerun[..], &ran.output)),
        &unread,
        options,
    );
    let after = After {
        workspace,
        selected,
        fingerprints: fingerprints.as_deref(),
        target: &target,
        options,
        progress,
    };
    if selected.iter().any(|s| s.semver) {
        let copy = ran.as_ref().map(|ran| &ran.copy);
        let make_copy = || copy::stage(&listing, &outside, &loose);
        not_run.extend(after.compare_apis(&mut packages, copy, make_copy, semver_baselines)?);
    }
    drop(ran);
    not_run.extend(after.build_from_crates(&mut packages)?);
    // An interrupt that came after cargo finished still ends the run as interrupted.
    process::check_interrupt()?;
    Ok(StageOutput { packages, not_run })
}

/// Each package's share of what cargo said, in runs replayed or made now.
struct Sorted<'a, 's> {
    selected: &'a [Selected<'s>],
    package_dir: &'a Path,
    packages: Vec<PackageOutput>,
    /// The packages whose `.crate` cargo made (indices into the selection).
    packaged: BTreeSet<usize>,
}

impl<'a, 's> Sorted<'a, 's> {
    fn new(selected: &'a [Selected<'s>], package_dir: &'a Path) -> Self {
        Sorted {
            selected,
            package_dir,
            packages: selected.iter().map(|_| PackageOutput::default()).collect(),
            packaged: BTreeSet::new(),
        }
    }

    /// Gives the packages at `indices` their events from one cargo run in `copy`.
    fn take(&mut self, output: &process::Output, copy: &copy::CopyPaths, indices: &[usize]) {
        let subset: Vec<Selected<'_>> = indices.iter().map(|&i| self.selected[i]).collect();
        let mapper = PathMapper {
            staged: copy,
            package_dir: self.package_dir,
            selected: &subset,
        };
        let (outputs, made) = events_per_package(output, &subset, &mapper);
        for (&i, out) in indices.iter().zip(outputs) {
            self.packages[i] = out;
        }
        self.packaged.extend(made.into_iter().map(|k| indices[k]));
    }
}

/// Asks the registry again about the replayed (`fresh`) packages, with the answer `own`
/// started at the beginning, and returns the user's tree's uncommitted changes: those the run
/// read (`ran`), or, when nothing ran, read now while the registry answers.
fn recheck_and_read_status(
    selected: &[Selected<'_>],
    packages: &mut [PackageOutput],
    own_and_fresh: Option<(std::thread::JoinHandle<Published>, Vec<usize>)>,
    ran: Option<Option<Vec<dirty::Change>>>,
    listing: &crate::read::files::Listing,
    ws_root: &Path,
) -> Result<Option<Vec<dirty::Change>>, Error> {
    let recheck = |packages: &mut [PackageOutput]| {
        if let Some((own, fresh)) = own_and_fresh.filter(|(_, fresh)| !fresh.is_empty())
            && let Ok(own) = own.join()
        {
            registry_now::recheck_registry(selected, packages, &fresh, own);
        }
    };
    match ran {
        Some(changes) => {
            recheck(packages);
            Ok(changes)
        }
        None => std::thread::scope(|scope| {
            let status = scope.spawn(|| listing.git.then(|| dirty::status(ws_root)).transpose());
            recheck(packages);
            status
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }),
    }
}

/// The packages cargo packaged again, with what it said and the fingerprints they had.
struct Rerun<'r, 's> {
    selected: &'r [Selected<'s>],
    indices: &'r [usize],
    copy: &'r copy::CopyPaths,
    output: &'r process::Output,
    package_dir: &'r Path,
}

/// Keeps a run's output for the packages it packaged, so an unchanged next run replays it;
/// packages no longer in the workspace are forgotten. Without fingerprints (`--registry`),
/// nothing is kept.
fn remember(
    mut cache: fresh::Cache,
    cache_file: &Path,
    workspace: &Workspace,
    fingerprints: Option<&[fresh::Inputs]>,
    run: &Rerun<'_, '_>,
) {
    let Some(fingerprints) = fingerprints else {
        return;
    };
    let results = run
        .indices
        .iter()
        .map(|&i| {
            let s = &run.selected[i];
            let name = plan::name_line(s.package);
            (
                name,
                fingerprints[i].clone(),
                crate_path(s, run.package_dir),
            )
        })
        .collect();
    cache.record(run.copy, run.output, results);
    let members: BTreeSet<String> = workspace
        .members()
        .into_iter()
        .map(plan::name_line)
        .collect();
    cache.retain(|name| members.contains(name));
    cache.save(cache_file);
}

/// Reads the `.crate` of each package cargo made; returns the names of the packages that have
/// none to read.
fn read_crates(
    selected: &[Selected<'_>],
    packages: &mut [PackageOutput],
    packaged: &BTreeSet<usize>,
    package_dir: &Path,
) -> Result<Vec<String>, Error> {
    let mut unread = Vec::new();
    for (i, (s, out)) in selected.iter().zip(packages).enumerate() {
        if packaged.contains(&i) {
            out.contents = read_crate(s, package_dir)?;
        }
        if out.contents.is_none() {
            unread.push(s.package.name.to_string());
        }
    }
    Ok(unread)
}

/// Marks in each package the files it ships that have uncommitted `changes`.
fn mark_dirty(
    selected: &[Selected<'_>],
    packages: &mut [PackageOutput],
    changes: &[dirty::Change],
    listing: &crate::read::files::Listing,
) {
    for (s, out) in selected.iter().zip(packages) {
        let packaged = packaged_originals(s, out.contents.as_ref(), listing);
        out.dirty = dirty::dirty_files(changes, &packaged);
    }
}

/// What runs on the packages once cargo is done: `--semver`, and the builds from each
/// `.crate`.
struct After<'a, 's> {
    workspace: &'a Workspace,
    selected: &'a [Selected<'s>],
    fingerprints: Option<&'a [fresh::Inputs]>,
    target: &'a Path,
    options: &'a Options,
    progress: &'a dyn Progress,
}

impl After<'_, '_> {
    /// `--semver`: cargo-semver-checks in the stage's `copy`, or one made now.
    fn compare_apis(
        &self,
        packages: &mut [PackageOutput],
        copy: Option<&copy::Staged>,
        make_copy: impl FnOnce() -> Result<copy::Staged, Error>,
        baselines: impl FnOnce() -> semver_checks::Baselines,
    ) -> Result<Vec<NotRun>, Error> {
        let semver = SemverStage {
            workspace: self.workspace,
            fingerprints: self.fingerprints,
            target: self.target,
            options: self.options,
            progress: self.progress,
        };
        semver.run(self.selected, packages, copy, make_copy, baselines)
    }

    /// The builds from each package's `.crate`: its tests with `--tests`, then `--docs`,
    /// `--msrv` and `--each-feature`; says which could not run.
    fn build_from_crates(&self, packages: &mut [PackageOutput]) -> Result<Vec<NotRun>, Error> {
        let mut not_run = Vec::new();
        if self.options.tests {
            not_run.extend(run_tests(
                self.selected,
                packages,
                self.target,
                self.options,
                self.progress,
            )?);
        }
        let place = builds::Place {
            target: self.target,
            offline: self.options.offline,
            fingerprints: self.fingerprints,
        };
        not_run.extend(builds::run(
            self.workspace,
            self.selected,
            packages,
            &place,
            self.progress,
        )?);
        Ok(not_run)
    }
}

/// The stage's target directory: `--target-dir`, or `ready` in the workspace's.
fn target_dir(user_target: &Path, options: &Options) -> Result<PathBuf, Error> {
    match &options.target_dir {
        Some(dir) => std::path::absolute(dir).map_err(|source| Error::Io {
            path: dir.clone(),
            action: "resolve",
            source,
        }),
        None => Ok(user_target.join("ready")),
    }
}

/// A cargo run over the packages packaged again: its copy (removed when this is dropped),
/// what cargo said, and the tree's uncommitted changes read meanwhile.
struct Ran {
    copy: copy::Staged,
    output: process::Output,
    changes: Option<Vec<dirty::Change>>,
}

/// Where the stage works: the workspace, its target directory and cargo's package directory.
struct Where<'a> {
    ws_root: &'a Path,
    target: &'a Path,
    package_dir: &'a Path,
}

/// Runs cargo in the copy, after clearing the `.crate` files of an earlier run; the dirty
/// check reads the original tree meanwhile.
fn package_in_copy(
    copy: &copy::Staged,
    selected: &[Selected<'_>],
    listing: &crate::read::files::Listing,
    where_: &Where<'_>,
    options: &Options,
    progress: &dyn Progress,
) -> Result<(process::Output, Option<Vec<dirty::Change>>), Error> {
    for s in selected {
        let file = crate_file_name(s.package);
        let _ = std::fs::remove_file(where_.package_dir.join(&file));
        let _ = std::fs::remove_file(where_.package_dir.join("tmp-crate").join(&file));
    }
    let (output, changes) = std::thread::scope(|scope| {
        let status = scope.spawn(|| {
            listing
                .git
                .then(|| dirty::status(where_.ws_root))
                .transpose()
        });
        let output = run_cargo(copy, selected, where_.target, options, progress);
        let changes = status
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (output, changes)
    });
    Ok((output?, changes?))
}

/// Whether cargo built the package (its verification did not fail).
fn built(out: &PackageOutput) -> bool {
    !out.events.iter().any(|e| {
        matches!(
            e,
            parse::Kind::VerificationFailed { .. }
                | parse::Kind::ToolchainTooOld { .. }
                | parse::Kind::Failed { .. }
        )
    })
}

/// `--semver`: what the API comparison needs of the stage.
struct SemverStage<'a> {
    workspace: &'a Workspace,
    fingerprints: Option<&'a [fresh::Inputs]>,
    target: &'a Path,
    options: &'a Options,
    progress: &'a dyn Progress,
}

/// The copy a comparison runs in: the stage's, or one made the first time it is needed (the
/// stage was replayed).
struct Copies<'c, F> {
    given: Option<&'c copy::Staged>,
    made: Option<copy::Staged>,
    make: Option<F>,
}

impl<F: FnOnce() -> Result<copy::Staged, Error>> Copies<'_, F> {
    fn get(&mut self) -> Result<&copy::Staged, Error> {
        if let Some(given) = self.given {
            return Ok(given);
        }
        if self.made.is_none() {
            let make = self.make.take().expect("a copy is made once");
            self.made = Some(make()?);
        }
        Ok(self.made.as_ref().expect("made above"))
    }
}

impl SemverStage<'_> {
    /// Runs cargo-semver-checks for each package that asks for it and was built, in `copy` (or
    /// in a copy made now, when the stage was replayed), against its entry in `baselines`,
    /// unless an earlier run with the same inputs, baseline and tool version said it already;
    /// says why for each it could not.
    fn run(
        &self,
        selected: &[Selected<'_>],
        packages: &mut [PackageOutput],
        copy: Option<&copy::Staged>,
        make_copy: impl FnOnce() -> Result<copy::Staged, Error>,
        baselines: impl FnOnce() -> semver_checks::Baselines,
    ) -> Result<Vec<NotRun>, Error> {
        let not_run = |name: &str, why: &str| NotRun {
            stage: "semver".to_string(),
            reason: format!("the API of {name} was not compared: {why}"),
        };
        let wanted: Vec<usize> = (0..selected.len())
            .filter(|&i| selected[i].semver)
            .collect();
        let ws_root = self.workspace.metadata.workspace_root.as_std_path();
        let tool = match semver_checks::tool_version(ws_root)? {
            Ok(tool) => tool,
            Err(why) => return Ok(vec![not_run(&listed_names(selected, &wanted), &why)]),
        };
        let cache_file = self.target.join(semver_checks::CACHE_FILE);
        let mut cache = replay::Cache::load(&cache_file);
        let mut copies = Copies {
            given: copy,
            made: None,
            make: Some(make_copy),
        };
        let baselines = baselines();
        let mut reasons = Vec::new();
        for i in wanted {
            let s = &selected[i];
            let baseline = baselines
                .get(i)
                .cloned()
                .unwrap_or_else(|| Err("the baseline lookup did not run".to_string()));
            let compared = match comparable(s, &packages[i], baseline) {
                Ok(baseline) => self.compare(i, s, &baseline, &tool, &mut cache, &mut copies)?,
                Err(why) => Err(why),
            };
            match compared {
                Ok(run) => packages[i].semver = Some(run),
                Err(why) => reasons.push(not_run(&s.package.name, &why)),
            }
        }
        let members: BTreeSet<String> = self
            .workspace
            .members()
            .into_iter()
            .map(plan::name_line)
            .collect();
        cache.retain(|name| members.contains(name));
        cache.save(&cache_file);
        Ok(reasons)
    }

    /// The comparison of package `i` with `baseline`, replayed or run; the inner `Err` says why
    /// there is none.
    fn compare(
        &self,
        i: usize,
        s: &Selected<'_>,
        baseline: &semver_checks::Baseline,
        tool: &str,
        cache: &mut replay::Cache,
        copies: &mut Copies<'_, impl FnOnce() -> Result<copy::Staged, Error>>,
    ) -> Result<Result<semver_checks::SemverRun, String>, Error> {
        let name = plan::name_line(s.package);
        let key = self
            .fingerprints
            .map(|f| semver_checks::cache_key(&f[i], baseline, tool));
        let replayed_as = semver_checks::REPLAYED_AS;
        if let Some(saved) = key
            .as_deref()
            .and_then(|k| cache.get::<semver_checks::SemverRun>(&name, replayed_as, k))
        {
            let against = format!("{name} (API against v{})", baseline.version);
            self.progress.status("Fresh", &against);
            return Ok(Ok(saved));
        }
        let copy = copies.get()?;
        self.progress.status(
            "Comparing",
            &format!("{name} with v{} (cargo-semver-checks)", baseline.version),
        );
        let current = copy.copy_of(s.dir());
        let roots = semver_checks::Roots {
            current: &current,
            baseline: Some(&baseline.root),
            baseline_dir_name: format!("{}-{}", s.package.name, baseline.version),
        };
        let show = |line: &str| copy.rewrite(line);
        let run = semver_checks::run(
            &s.package.name,
            &roots,
            baseline,
            self.target,
            self.options.offline,
            &show,
            self.progress,
        )?;
        if let (Ok(run), Some(key)) = (&run, key) {
            cache.put(&name, replayed_as, key, run);
        }
        Ok(run)
    }
}

/// The baseline package `s` is compared with, when it can be: it was made and built, and a
/// version before it is published and at hand.
fn comparable(
    s: &Selected<'_>,
    out: &PackageOutput,
    baseline: Result<Option<semver_checks::Baseline>, String>,
) -> Result<semver_checks::Baseline, String> {
    if out.contents.is_none() || !built(out) {
        return Err("the package was not made, or did not build".to_string());
    }
    match baseline {
        Ok(Some(baseline)) => Ok(baseline),
        Ok(None) => Err(format!(
            "no version before {} is published to compare with",
            s.package.version
        )),
        Err(why) => Err(format!("its baseline is unknown: {why}")),
    }
}

/// The names of the packages at `indices`, for one reason said of all of them.
fn listed_names(selected: &[Selected<'_>], indices: &[usize]) -> String {
    indices
        .iter()
        .map(|&i| selected[i].package.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `--tests`: runs the tests of each package that was packaged and built; says why for each
/// whose tests could not run.
fn run_tests(
    selected: &[Selected<'_>],
    packages: &mut [PackageOutput],
    target: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Vec<NotRun>, Error> {
    let mut untested = Vec::new();
    let mut not_run = |name: &str, why: &str| {
        untested.push(NotRun {
            stage: "tests".to_string(),
            reason: format!("the tests of {name} did not run: {why}"),
        })
    };
    for (s, out) in selected.iter().zip(packages.iter_mut()) {
        let built = built(out);
        match &out.contents {
            Some(contents) if built => {
                let name = plan::name_line(s.package);
                progress.status("Testing", &name);
                let run = packaged_tests::run(contents, target, options.offline, progress)?;
                if let Some(reason) = &run.not_run {
                    not_run(&s.package.name, reason);
                    continue;
                }
                progress.status(
                    "Tested",
                    &format!("{name}: {} passed, {} failed", run.passed, run.failed.len()),
                );
                out.tests = Some(run);
            }
            _ => not_run(
                &s.package.name,
                "the package was not made, or did not build",
            ),
        }
    }
    Ok(untested)
}

/// The `.crate` cargo made for `s`, when the target directory still holds it.
fn crate_path(s: &Selected<'_>, package_dir: &Path) -> Option<PathBuf> {
    let file = crate_file_name(s.package);
    [
        package_dir.join(&file),
        package_dir.join("tmp-crate").join(&file),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// Maps paths cargo printed (in the copy, or in the unpacked package under the target
/// directory) back to the user's tree.
struct PathMapper<'a> {
    staged: &'a copy::CopyPaths,
    package_dir: &'a Path,
    selected: &'a [Selected<'a>],
}

impl PathMapper<'_> {
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

    /// An event of package `index` with the copy's paths replaced by the user's.
    fn event(&self, index: usize, kind: parse::Kind) -> parse::Kind {
        use parse::Kind;
        let spot = |mut error: parse::CompilerError| {
            if let Some(spot) = &mut error.spot {
                spot.path = self.original(index, &spot.path);
            }
            error
        };
        match kind {
            Kind::VerificationFailed { first, detail } => Kind::VerificationFailed {
                first: first.map(spot),
                detail: self.staged.rewrite(&detail),
            },
            Kind::CompilerWarning(warning) => Kind::CompilerWarning(spot(warning)),
            Kind::BuildScriptModified(changes) => Kind::BuildScriptModified(
                changes
                    .into_iter()
                    .map(|(what, path)| (what, self.original(index, &path)))
                    .collect(),
            ),
            Kind::OtherError(text) => Kind::OtherError(self.staged.rewrite(&text)),
            Kind::OtherWarning(text) => Kind::OtherWarning(self.staged.rewrite(&text)),
            other => other,
        }
    }
}

/// Sorts cargo's events to the packages they are about (an event naming none goes to every
/// package), with paths in the user's tree; also returns the indices of the packages cargo
/// finished packaging.
fn events_per_package(
    output: &process::Output,
    selected: &[Selected<'_>],
    mapper: &PathMapper<'_>,
) -> (Vec<PackageOutput>, Vec<usize>) {
    let copy_dirs: Vec<PathBuf> = selected
        .iter()
        .map(|s| mapper.staged.copy_of(s.dir()))
        .collect();
    let versions: Vec<String> = selected
        .iter()
        .map(|s| s.package.version.to_string())
        .collect();
    let known: Vec<parse::Known<'_>> = selected
        .iter()
        .zip(copy_dirs.iter().zip(&versions))
        .map(|(s, (dir, version))| parse::Known {
            name: s.package.name.as_str(),
            version,
            dir,
        })
        .collect();
    let mut packages: Vec<PackageOutput> =
        selected.iter().map(|_| PackageOutput::default()).collect();
    let mut events = parse::parse(&output.stderr, &known);
    if !output.success && !events.iter().any(|e| e.kind.is_error()) {
        let status = output
            .code
            .map_or("a signal".to_string(), |c| format!("status {c}"));
        events.push(parse::Event {
            package: None,
            kind: parse::Kind::Failed { status },
        });
    }
    for event in events {
        let targets: Vec<usize> = match event.package {
            Some(i) => vec![i],
            None => (0..selected.len()).collect(),
        };
        for i in targets {
            let kind = mapper.event(i, event.kind.clone());
            packages[i].events.push(kind);
        }
    }
    (packages, parse::packaged(&output.stderr, &known))
}

/// Reads the `.crate` cargo made for a package, when it made one.
fn read_crate(s: &Selected<'_>, package_dir: &Path) -> Result<Option<contents::Contents>, Error> {
    let Some(path) = crate_path(s, package_dir) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|source| Error::Io {
        path: path.clone(),
        action: "read",
        source,
    })?;
    let prefix = format!("{}-{}", s.package.name, s.package.version);
    contents::read(bytes, &prefix)
        .map(Some)
        .map_err(|source| Error::Io {
            path,
            action: "read the package",
            source,
        })
}

/// What part of the stage did not run: the contents of packages cargo made no `.crate` for,
/// the verification of packages after cargo stopped (in the run over `ran`'s packages, when
/// cargo ran), the dry run when offline.
fn stages_not_run(
    ran: Option<(&[Selected<'_>], &process::Output)>,
    unread: &[String],
    options: &Options,
) -> Vec<NotRun> {
    let mut not_run = Vec::new();
    if !unread.is_empty() {
        not_run.push(NotRun {
            stage: "package-contents".to_string(),
            reason: format!(
                "cargo made no .crate for {}, so its contents (size, secrets, junk, license text) were not checked",
                unread.join(", ")
            ),
        });
    }
    if let Some((selected, output)) = ran.filter(|(_, output)| !output.success) {
        let unverified: Vec<&str> = selected
            .iter()
            .filter(|s| {
                !output.stderr.contains(&format!(
                    "Verifying {} v{}",
                    s.package.name, s.package.version
                ))
            })
            .map(|s| s.package.name.as_str())
            .collect();
        if !unverified.is_empty() && unverified.len() < selected.len() {
            not_run.push(NotRun {
                stage: "verify".to_string(),
                reason: format!(
                    "cargo stopped at an earlier failure before verifying {}",
                    unverified.join(", ")
                ),
            });
        }
    }
    if options.offline {
        not_run.push(NotRun {
            stage: "publish-dry-run".to_string(),
            reason: "--offline: `cargo publish --dry-run` and the already-published check need the registry, so the package stage was partial".to_string(),
        });
    }
    not_run
}

fn crate_file_name(package: &Package) -> String {
    format!("{}-{}.crate", package.name, package.version)
}

/// Directories and files outside the workspace root that the packages need: path
/// dependencies outside it, and readme or license files above it.
fn outside_inputs(
    workspace: &Workspace,
    selected: &[Selected<'_>],
    ws_root: &Path,
) -> Result<(Vec<crate::read::files::Listing>, Vec<PathBuf>), Error> {
    let mut dirs = BTreeSet::new();
    for package in workspace.members() {
        for dep in &package.dependencies {
            if let Some(path) = &dep.path {
                let path = path.as_std_path();
                if !path.starts_with(ws_root) {
                    dirs.insert(path.to_path_buf());
                }
            }
        }
    }
    let mut listings = Vec::new();
    for dir in dirs {
        if dir.is_dir() {
            listings.push(crate::read::files::list(&dir, &[dir.join("target")])?);
        }
    }
    let mut loose = Vec::new();
    for s in selected {
        let fields = [s.package.readme.as_ref(), s.package.license_file.as_ref()];
        for field in fields.into_iter().flatten() {
            let file = s.dir().join(field.as_std_path());
            let file = std::path::absolute(&file).unwrap_or(file);
            let normal = normalize(&file);
            if !normal.starts_with(ws_root) && normal.is_file() {
                loose.push(normal);
            }
        }
    }
    Ok((listings, loose))
}

fn run_cargo(
    staged: &copy::Staged,
    selected: &[Selected<'_>],
    target: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<process::Output, Error> {
    let mut args: Vec<OsString> = if options.offline {
        vec!["package".into(), "--offline".into()]
    } else {
        vec!["publish".into(), "--dry-run".into()]
    };
    args.push("--allow-dirty".into());
    for config in ancestor_configs(staged) {
        args.push("--config".into());
        args.push(config.into());
    }
    args.push("--manifest-path".into());
    args.push(staged.root.join("Cargo.toml").into());
    args.push("--target-dir".into());
    args.push(target.into());
    for s in selected {
        args.push("-p".into());
        args.push(format!("{}@{}", s.package.name, s.package.version).into());
    }
    if let Some(registry) = &options.registry {
        args.push("--registry".into());
        args.push(registry.into());
    }
    let target_os = target.as_os_str().to_os_string();
    let env: Vec<(&str, Option<&OsStr>)> = process::GIT_ENV
        .iter()
        .copied()
        .chain([
            ("CARGO_TERM_COLOR", Some(OsStr::new("never"))),
            ("CARGO_TERM_PROGRESS_WHEN", Some(OsStr::new("never"))),
            ("CARGO_TERM_QUIET", Some(OsStr::new("false"))),
            ("CARGO_TERM_VERBOSE", Some(OsStr::new("false"))),
            ("CARGO_BUILD_BUILD_DIR", Some(target_os.as_os_str())),
        ])
        .collect();
    let args_ref: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    process::run(
        &process::cargo_program(),
        &args_ref,
        &staged.root,
        &env,
        &mut |line| {
            progress.cargo_line(&staged.rewrite(line));
            let trimmed = line.trim_start();
            for verb in ["Packaging", "Verifying"] {
                if let Some(rest) = trimmed.strip_prefix(verb).and_then(|r| r.strip_prefix(' ')) {
                    progress.status(verb, &staged.rewrite(rest));
                }
            }
        },
    )
}

/// `.cargo/config.toml` files above the workspace root, which cargo would read in the original
/// tree but cannot find from the copy (the workspace root's own is copied). `$CARGO_HOME`'s
/// is read either way.
fn ancestor_configs(staged: &copy::Staged) -> Vec<PathBuf> {
    let Some(original) = staged.original_of(&staged.root) else {
        return Vec::new();
    };
    let home = crate::paths::cargo_home();
    let mut found = Vec::new();
    for dir in original.ancestors().skip(1) {
        let cargo_dir = dir.join(".cargo");
        if home.as_ref() == Some(&cargo_dir) {
            continue;
        }
        if let Some(file) = ["config.toml", "config"]
            .iter()
            .map(|f| cargo_dir.join(f))
            .find(|f| f.is_file())
        {
            found.push(file);
        }
    }
    // Nearer files take precedence in cargo; among `--config` files, later ones win.
    found.reverse();
    found
}

/// The original paths of the files in the package, for the dirty check. Files cargo writes
/// itself (`Cargo.toml`, `Cargo.lock`, `.cargo_vcs_info.json`) are left out, except that
/// `Cargo.toml.orig` stands for the original Cargo.toml. Without a package (cargo failed
/// before writing one) every listed file below the package directory counts.
fn packaged_originals(
    s: &Selected<'_>,
    contents: Option<&contents::Contents>,
    listing: &crate::read::files::Listing,
) -> Vec<PathBuf> {
    let dir = s.dir();
    match contents {
        Some(contents) => contents
            .entries
            .iter()
            .filter_map(|e| match e.path.as_str() {
                "Cargo.toml" | "Cargo.lock" | ".cargo_vcs_info.json" => None,
                "Cargo.toml.orig" => Some(s.manifest.path.clone()),
                path => {
                    let inside = dir.join(path);
                    if inside.exists() {
                        return Some(inside);
                    }
                    // readme or license-file copied from outside the package
                    [s.package.readme.as_ref(), s.package.license_file.as_ref()]
                        .into_iter()
                        .flatten()
                        .map(|f| normalize(&dir.join(f.as_std_path())))
                        .find(|f| f.file_name().is_some_and(|n| n == OsStr::new(path)))
                }
            })
            .collect(),
        None => listing
            .files
            .iter()
            .map(|f| listing.root.join(f))
            .filter(|f| f.starts_with(dir) && f.file_name().is_none_or(|n| n != "Cargo.lock"))
            .collect(),
    }
}
