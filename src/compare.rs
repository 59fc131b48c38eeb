//! The release comparison step: finds each checked package's baseline in the registry (while
//! the package stage runs), reads the baseline's `.crate` and this release (the `.crate` the
//! stage made, or with `--no-package` the manifest and the files it ships), compares them
//! ([`baseline::diff`]) and hands the facts to the checks (`checks::package::since`); it also
//! unpacks the baselines `--semver` hands to cargo-semver-checks.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use semver::Version;

use crate::baseline::registry::Registry;
use crate::baseline::side::{self, Side};
use crate::baseline::{self, Outcome, diff::ReleaseDiff};
use crate::checks::package::since::{self, Facts};
use crate::checks::{PackageContext, Sink};
use crate::error::Error;
use crate::model::{Finding, NotRun};
use crate::read::workspace::Workspace;
use crate::stage::contents::Contents;

/// How many registries requests run at once.
const AT_ONCE: usize = 8;

/// The name of the stage in `not_run`.
pub const STAGE: &str = "comparison";

/// Finds the baseline of each package (name and version), several at once. `registry` is the
/// registry to read, or why none can be.
pub fn find_all(
    packages: &[(String, Version)],
    registry: &Result<Registry, String>,
    options: &baseline::Options,
) -> Result<Vec<Outcome>, Error> {
    let registry = match registry {
        Ok(registry) => registry,
        Err(reason) => {
            return Ok(packages
                .iter()
                .map(|_| Outcome::NotRun(reason.clone()))
                .collect());
        }
    };
    let client = baseline::Client::new(options.reach);
    let next = AtomicUsize::new(0);
    let workers = packages.len().clamp(1, AT_ONCE);
    let mut found: Vec<(usize, Result<Outcome, Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((name, version)) = packages.get(i) else {
                            break;
                        };
                        let outcome = baseline::find(registry, name, version, options, &client);
                        done.push((i, outcome));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    // Each index was taken by exactly one worker, so sorting puts them back in order.
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, outcome)| outcome).collect()
}

/// What `--semver` compares each package with, from the baselines the lookup `found` (`None`:
/// it did not run): the same release the release checks compare with, its `.crate` unpacked
/// under the store for the packages whose API is compared.
pub fn semver_baselines(
    found: Option<Vec<Outcome>>,
    wanted: &[bool],
    store: &Path,
) -> crate::stage::semver_checks::Baselines {
    let Some(outcomes) = found else {
        return Vec::new();
    };
    outcomes
        .into_iter()
        .zip(wanted)
        .map(|(outcome, &wanted)| match outcome {
            _ if !wanted => Ok(None),
            Outcome::FirstRelease | Outcome::Published { baseline: None, .. } => Ok(None),
            Outcome::NotRun(reason) => Err(reason),
            Outcome::Published {
                baseline: Some(mut found),
                ..
            } => {
                let root = found
                    .unpack(&store.join("src"))
                    .map_err(|error| error.to_string())?
                    .to_path_buf();
                Ok(Some(crate::stage::semver_checks::Baseline {
                    version: found.version,
                    root,
                }))
            }
        })
        .collect()
}

/// What comparing one package gave: findings at their default levels, the comparison for
/// `--diff`, and why it could not be made.
#[derive(Debug, Default)]
pub struct Compared {
    /// The findings.
    pub findings: Vec<Finding>,
    /// The comparison.
    pub diff: Option<ReleaseDiff>,
    /// Why there is no comparison: the package's name, and the reason.
    pub not_run: Option<(String, String)>,
}

/// The packages not compared, with why, as one stage that did not run (a workspace whose
/// registry cannot be reached would otherwise say it once per member).
pub fn not_run(packages: Vec<(String, String)>) -> Option<NotRun> {
    const SHOWN: usize = 3;
    let reason = match packages.as_slice() {
        [] => return None,
        [(name, reason)] => format!("{name}: {reason}"),
        several => {
            let shown: Vec<String> = several
                .iter()
                .take(SHOWN)
                .map(|(name, reason)| format!("{name}: {reason}"))
                .collect();
            let more = several.len().saturating_sub(SHOWN);
            let rest = if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            };
            format!("{} packages; {}{rest}", several.len(), shown.join("; "))
        }
    };
    Some(NotRun {
        stage: STAGE.to_string(),
        reason,
    })
}

/// Compares the package of `ctx` with what `outcome` found: this release is `contents` (the
/// `.crate` the stage made) when there is one, else the manifest and the files it ships.
pub fn compare(
    ctx: &PackageContext<'_>,
    workspace: &Workspace,
    outcome: &Outcome,
    contents: Option<&Contents>,
) -> Compared {
    let mut compared = Compared::default();
    let mut sink = Sink::new(ctx);
    let not_run = |reason: String| (ctx.package.name.to_string(), reason);
    match outcome {
        Outcome::NotRun(reason) => compared.not_run = Some(not_run(reason.clone())),
        Outcome::FirstRelease => since::check(ctx, &Facts::FirstRelease, &mut sink),
        Outcome::Published {
            newest,
            baseline: None,
        } => since::check(
            ctx,
            &Facts::NothingLower {
                newest: newest.as_ref(),
            },
            &mut sink,
        ),
        Outcome::Published {
            newest,
            baseline: Some(baseline),
        } => match sides(ctx, workspace, baseline, contents) {
            Ok((before, now)) => {
                let diff = baseline::diff::compare(&before, &now);
                since::check(
                    ctx,
                    &Facts::Compared {
                        newest: newest.as_ref(),
                        baseline: &before,
                        current: &now,
                        diff: &diff,
                    },
                    &mut sink,
                );
                compared.diff = Some(diff);
            }
            Err(reason) => compared.not_run = Some(not_run(reason)),
        },
    }
    compared.findings = sink.into_findings();
    compared
}

/// The baseline and this release, read.
fn sides(
    ctx: &PackageContext<'_>,
    workspace: &Workspace,
    baseline: &baseline::Baseline,
    contents: Option<&Contents>,
) -> Result<(Side, Side), String> {
    let bytes = std::fs::read(&baseline.crate_file)
        .map_err(|e| format!("{}: {e}", baseline.crate_file.display()))?;
    let prefix = format!("{}-{}", baseline.name, baseline.version);
    let read = crate::stage::contents::read(bytes, &prefix)
        .map_err(|e| format!("{}: {e}", baseline.crate_file.display()))?;
    let before =
        side::from_crate(&read).map_err(|e| format!("{}: {e}", baseline.crate_file.display()))?;
    let now = match contents {
        Some(contents) => side::from_crate(contents)?,
        None => {
            let dir = ctx.root().to_path_buf();
            let files: Vec<PathBuf> = match ctx.shipped {
                Some(shipped) => shipped.files.to_vec(),
                None => workspace
                    .shipped(&[(ctx.package, ctx.manifest)])
                    .into_iter()
                    .flat_map(|files| files.to_vec())
                    .collect(),
            };
            side::from_package(ctx.package, &dir, &files)
        }
    };
    Ok((before, now))
}

/// Where downloaded baselines are kept: `baselines` in the package stage's target directory.
pub fn store(workspace: &Workspace, target_dir: Option<&Path>) -> PathBuf {
    let stage_target = match target_dir {
        Some(dir) => std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
        None => workspace
            .metadata
            .target_directory
            .as_std_path()
            .join("ready"),
    };
    stage_target.join("baselines")
}
