//! Which packages the stage packages again and which it replays: each selected package's
//! inputs (its files and those of the siblings its path dependencies point at, which cargo
//! packages with it), compared with the saved results; a stale package is packaged again with
//! those siblings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cargo_metadata::Package;

use super::{Options, Selected, fresh};
use crate::paths::normalize;
use crate::progress::Progress;
use crate::read::manifest::Manifest;
use crate::read::workspace::Workspace;

/// Which selected packages are replayed from which saved run, which are packaged again, and
/// why.
pub(super) struct Plan {
    /// Fresh packages (indices into the selection), by the saved run that speaks of them.
    pub(super) replayed: BTreeMap<usize, Vec<usize>>,
    /// The packages to package again: the stale ones and the siblings they are packaged with.
    pub(super) rerun: Vec<usize>,
    /// Why, each reason once.
    reasons: Vec<String>,
}

impl Plan {
    pub(super) fn new(
        selected: &[Selected<'_>],
        dependencies: &[Vec<usize>],
        fingerprints: Option<&[fresh::Inputs]>,
        cache: &fresh::Cache,
        package_dir: &Path,
    ) -> Plan {
        let verdicts: Vec<fresh::Verdict> = selected
            .iter()
            .enumerate()
            .map(|(i, s)| match fingerprints {
                Some(fingerprints) => cache.look(
                    &name_line(s.package),
                    &fingerprints[i],
                    super::crate_path(s, package_dir).as_deref(),
                ),
                None => fresh::Verdict::Stale(vec![
                    "--registry: only crates.io runs are reused".to_string(),
                ]),
            })
            .collect();
        let mut reasons: Vec<String> = Vec::new();
        let mut stale = Vec::new();
        for (i, verdict) in verdicts.iter().enumerate() {
            if let fresh::Verdict::Stale(why) = verdict {
                stale.push(i);
                for reason in why {
                    if !reasons.contains(reason) {
                        reasons.push(reason.clone());
                    }
                }
            }
        }
        let rerun = with_dependencies(&stale, dependencies);
        let mut replayed: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, verdict) in verdicts.iter().enumerate() {
            if let fresh::Verdict::Fresh(run) = verdict
                && !rerun.contains(&i)
            {
                replayed.entry(*run).or_default().push(i);
            }
        }
        Plan {
            replayed,
            rerun: rerun.into_iter().collect(),
            reasons,
        }
    }

    /// The packages replayed, in the selection's order.
    pub(super) fn fresh(&self) -> Vec<usize> {
        let mut fresh: Vec<usize> = self.replayed.values().flatten().copied().collect();
        fresh.sort_unstable();
        fresh
    }

    /// Says it as cargo does: `Fresh` for each package replayed; with `-v`, `Dirty` and why.
    pub(super) fn report(&self, selected: &[Selected<'_>], progress: &dyn Progress) {
        for i in self.fresh() {
            progress.status("Fresh", &name_line(selected[i].package));
        }
        for reason in &self.reasons {
            progress.cargo_line(&format!("       Dirty {reason}"));
        }
    }
}

/// For each selected package, the selected packages its path dependencies point at: cargo
/// packages those with it and verifies it against them.
pub(super) fn path_dependencies(selected: &[Selected<'_>]) -> Vec<Vec<usize>> {
    let dirs: Vec<PathBuf> = selected.iter().map(|s| normalize(s.dir())).collect();
    selected
        .iter()
        .map(|s| {
            let mut found: Vec<usize> = s
                .package
                .dependencies
                .iter()
                .filter_map(|dep| {
                    let path = normalize(dep.path.as_ref()?.as_std_path());
                    dirs.iter().position(|dir| *dir == path)
                })
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        })
        .collect()
}

/// `start` and every package it reaches through `dependencies`.
fn with_dependencies(start: &[usize], dependencies: &[Vec<usize>]) -> BTreeSet<usize> {
    let mut reached = BTreeSet::new();
    let mut next: Vec<usize> = start.to_vec();
    while let Some(i) = next.pop() {
        if reached.insert(i) {
            next.extend(&dependencies[i]);
        }
    }
    reached
}

/// A package as cargo names it in its status lines: `name vVERSION`.
pub(super) fn name_line(package: &Package) -> String {
    format!("{} v{}", package.name, package.version)
}

/// What the stage copies from outside the workspace root.
pub(super) struct Outside<'a> {
    pub(super) listings: &'a [crate::read::files::Listing],
    pub(super) loose: &'a [PathBuf],
}

/// The inputs of each selected package's stage: the files it and the siblings packaged with it
/// ship, and what every package shares.
pub(super) fn stage_inputs(
    workspace: &Workspace,
    selected: &[Selected<'_>],
    dependencies: &[Vec<usize>],
    outside: &Outside<'_>,
    target: &Path,
    options: &Options,
) -> Vec<fresh::Inputs> {
    let ws_root = workspace.metadata.workspace_root.as_std_path();
    let pairs: Vec<(&Package, &Manifest)> =
        selected.iter().map(|s| (s.package, s.manifest)).collect();
    let shipped = workspace.shipped(&pairs);
    let names: Vec<String> = selected.iter().map(|s| name_line(s.package)).collect();
    let packages: Vec<(String, &Path, &[PathBuf])> = selected
        .iter()
        .zip(&names)
        .zip(&shipped)
        .map(|((s, name), files)| (name.clone(), s.dir(), &files[..]))
        .collect();
    let mut files = vec![ws_root.join("Cargo.toml"), ws_root.join("Cargo.lock")];
    files.extend(
        outside
            .listings
            .iter()
            .flat_map(|l| l.files.iter().map(|f| l.root.join(f))),
    );
    files.extend(outside.loose.iter().cloned());
    let flags = format!(
        "offline={} tests={} target={}",
        options.offline,
        options.tests,
        target.display(),
    );
    // The toolchain is asked while the packages' files are read.
    let (shared, files_of) = std::thread::scope(|scope| {
        let shared = scope.spawn(|| fresh::shared_inputs(ws_root, &flags, &files));
        let files_of = fresh::shipped_hashes(&packages);
        let shared = shared
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (shared, files_of)
    });
    (0..selected.len())
        .map(|i| fresh::Inputs {
            shared: shared.clone(),
            packages: with_dependencies(&[i], dependencies)
                .into_iter()
                .filter_map(|j| {
                    let name = &names[j];
                    Some((name.clone(), files_of.get(name)?.clone()))
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_package_brings_the_siblings_it_depends_on() {
        // 0 ← 1 ← 2 (2 depends on 1, 1 on 0); 3 alone.
        let dependencies = vec![vec![], vec![0], vec![1], vec![]];
        let all = |start: &[usize]| -> Vec<usize> {
            with_dependencies(start, &dependencies)
                .into_iter()
                .collect()
        };
        assert_eq!(all(&[2]), [0, 1, 2]);
        assert_eq!(all(&[1]), [0, 1]);
        assert_eq!(all(&[0]), [0]);
        assert_eq!(all(&[3]), [3]);
        assert_eq!(all(&[3, 1]), [0, 1, 3]);
        assert_eq!(all(&[]), Vec::<usize>::new());
    }

    #[test]
    fn a_dependency_cycle_ends() {
        let dependencies = vec![vec![1], vec![0]];
        assert_eq!(with_dependencies(&[0], &dependencies).len(), 2);
    }
}
