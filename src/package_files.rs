//! What the checks of each package read beyond its manifest: the files it ships (with its
//! license texts), what its Rust files say, its README as crates.io renders it, and the target
//! triples rustc knows. Each is read only when a check that needs it is on, most of it while
//! cargo metadata runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cargo_metadata::Package;
use semver::VersionReq;

use crate::checks;
use crate::config::Levels;
use crate::model::{Check, Level};
use crate::read::changelog::{self, Changelog};
use crate::read::files::{self, Shipped};
use crate::read::manifest::Manifest;
use crate::read::readme_page::ReadmePage;
use crate::read::registry::published::{self, Published};
use crate::read::rustc::TargetList;
use crate::read::source::PackageSources;
use crate::read::workspace::{ReadAlong, Workspace, skip_reason};

/// The checks that read the files a package ships.
const FILE_CHECKS: &[&Check] = &[
    &checks::dead_files::DEAD_SOURCE_FILE,
    &checks::license::texts::LICENSE_TEXT_MISSING,
    &checks::portable_names::CASE_COLLIDING_PATHS,
];

/// The checks that read a package's Rust sources.
const SOURCE_CHECKS: &[&Check] = &[&checks::dead_files::DEAD_SOURCE_FILE];

/// The checks that read a package's README page.
const README_CHECKS: &[&Check] = &[
    &checks::readme_links::README_LINK_NOT_FOUND,
    &checks::readme_links::README_LINK_DROPPED,
    &checks::readme_links::REPOSITORY_NOT_ROOT,
    &checks::release_versions::README_VERSION_MISMATCH,
];

/// The check that reads a package's changelog.
const CHANGELOG_CHECK: &Check = &checks::release_versions::CHANGELOG_VERSION_MISSING;

/// The checks that read what crates.io has published of the dependencies.
const PUBLISHED_CHECKS: &[&Check] = &[
    &checks::dependency_rust::DEPENDENCY_NEEDS_NEWER_RUST,
    &checks::dependency_rust::DEPENDENCY_VERSIONS_UNKNOWN,
];

/// The check that needs rustc's target list.
const TARGET_CHECK: &Check = &checks::docs_rs::DOCS_RS_UNKNOWN_TARGET;

/// What the checks of one package read beyond its manifest.
#[derive(Debug, Default)]
pub struct PackageFiles {
    /// The files it ships.
    pub shipped: Option<Shipped>,
    /// What its Rust files say (the dead-file check).
    pub sources: Option<PackageSources>,
    /// Its README as crates.io renders it (the README link checks).
    pub readme: Option<ReadmePage>,
    /// Its changelog, or its workspace root's.
    pub changelog: Option<Changelog>,
    /// What crates.io has published of its dependencies, when it declares `rust-version`
    /// (shared by the packages of a run).
    pub published: Option<Arc<Published>>,
    /// The target triples rustc knows, when its docs.rs table names targets.
    pub target_list: Option<Arc<TargetList>>,
}

/// What to read while cargo works, by the levels of the command line: a check it allows is
/// off everywhere, so nothing is read for it.
pub fn read_along(command_line: &Levels) -> ReadAlong {
    let on = |checks: &[&Check]| checks.iter().any(|c| command_line.level(c) != Level::Allow);
    ReadAlong {
        files: on(FILE_CHECKS),
        sources: on(SOURCE_CHECKS),
        readmes: on(README_CHECKS),
        target_list: on(&[TARGET_CHECK]),
    }
}

/// Reads what the checks of each package (with its manifest and levels) need: the Rust sources
/// together, so every core parses, the README pages, each git repository read once, and the
/// dependencies' published versions, each crate once (from the network only when `online`).
pub fn read(
    workspace: &Workspace,
    packages: &[(&Package, &Manifest, &Levels)],
    online: bool,
) -> Vec<PackageFiles> {
    let wanting = |checks: &[&Check]| -> Vec<usize> {
        (0..packages.len())
            .filter(|&i| {
                checks
                    .iter()
                    .any(|c| packages[i].2.level(c) != Level::Allow)
            })
            .collect()
    };
    let of = |indices: &[usize]| -> Vec<(&Package, &Manifest)> {
        indices
            .iter()
            .map(|&i| (packages[i].0, packages[i].1))
            .collect()
    };
    let mut read: Vec<PackageFiles> = packages.iter().map(|_| PackageFiles::default()).collect();

    let listed = wanting(FILE_CHECKS);
    let shipped = workspace.shipped(&of(&listed));
    let parsed: Vec<usize> = wanting(SOURCE_CHECKS);
    let parsed_shipped: Vec<Arc<[PathBuf]>> = parsed
        .iter()
        .filter_map(|i| listed.iter().position(|l| l == i))
        .map(|at| Arc::clone(&shipped[at]))
        .collect();
    let sources = workspace.sources(&of(&parsed), &parsed_shipped);
    for (&i, files) in listed.iter().zip(shipped) {
        let (package, manifest, _) = packages[i];
        read[i].shipped = Some(shipped_with_texts(package, manifest, files));
    }
    for (&i, sources) in parsed.iter().zip(sources) {
        read[i].sources = Some(sources);
    }

    let with_readme = wanting(README_CHECKS);
    for (&i, page) in with_readme
        .iter()
        .zip(workspace.readme_pages(&of(&with_readme)))
    {
        read[i].readme = page;
    }

    let judged_msrv = wanting(PUBLISHED_CHECKS);
    let judged_msrv: Vec<usize> = judged_msrv
        .into_iter()
        .filter(|&i| packages[i].0.rust_version.is_some())
        .collect();
    if !judged_msrv.is_empty() {
        let mut wanted: HashMap<String, Vec<VersionReq>> = HashMap::new();
        for dep in judged_msrv
            .iter()
            .flat_map(|&i| &packages[i].0.dependencies)
            .filter(|dep| checks::dependency_rust::is_judged(dep))
        {
            let requirements = wanted.entry(dep.name.clone()).or_default();
            if !requirements.contains(&dep.req) {
                requirements.push(dep.req.clone());
            }
        }
        let published = Arc::new(published::look_up(&wanted, online));
        for &i in &judged_msrv {
            read[i].published = Some(Arc::clone(&published));
        }
    }

    let with_changelog = wanting(&[CHANGELOG_CHECK]);
    if !with_changelog.is_empty() {
        let dirs: Vec<&Path> = with_changelog
            .iter()
            .map(|&i| packages[i].1.path.parent().unwrap_or(Path::new(".")))
            .collect();
        for (&i, changelog) in with_changelog.iter().zip(changelogs(workspace, &dirs)) {
            read[i].changelog = changelog;
        }
    }

    for (i, (_, manifest, levels)) in packages.iter().enumerate() {
        if manifest.docs_rs_names_targets() && levels.level(TARGET_CHECK) != Level::Allow {
            read[i].target_list = workspace.target_list();
        }
    }
    read
}

/// The changelog of each package directory: its own, or for a member without one, the
/// workspace's (read once). Found in the workspace's listing when there is one.
fn changelogs(workspace: &Workspace, dirs: &[&Path]) -> Vec<Option<Changelog>> {
    let listed = workspace.changelogs();
    let find = |dir: &Path| match &listed {
        Some((root, by_dir)) if dir.starts_with(root) => by_dir.get(dir).cloned(),
        _ => changelog::find(dir),
    };
    let workspace_dir = workspace.root.path.parent().unwrap_or(Path::new("."));
    let sole_member_dir = sole_published_member(workspace);
    let mut workspace_changelog: Option<Option<Changelog>> = None;
    dirs.iter()
        .map(|&dir| match find(dir) {
            Some(file) => changelog::read(file, false),
            None if dir != workspace_dir => {
                let mut read = workspace_changelog
                    .get_or_insert_with(|| changelog::read(find(workspace_dir)?, true))
                    .clone();
                if let Some(read) = &mut read {
                    read.for_sole_member = sole_member_dir.as_deref() == Some(dir);
                }
                read
            }
            None => None,
        })
        .collect()
}

/// The directory of the only member a virtual workspace publishes, when it publishes one: the
/// root's changelog is that package's.
fn sole_published_member(workspace: &Workspace) -> Option<PathBuf> {
    if workspace.root.get(&["package"]).is_some() {
        return None;
    }
    let mut published = workspace
        .members()
        .into_iter()
        .filter(|p| skip_reason(p).is_none());
    let only = published.next()?;
    if published.next().is_some() {
        return None;
    }
    Some(only.manifest_path.parent()?.as_std_path().to_path_buf())
}

/// A package's files, with its license files: the text of each whose name does not say which
/// license it holds (`LICENSE`, `COPYING`; not `LICENSE-MIT`).
fn shipped_with_texts(package: &Package, manifest: &Manifest, files: Arc<[PathBuf]>) -> Shipped {
    let dir = manifest.path.parent().unwrap_or(Path::new("."));
    let license_file = package.license_file.as_ref().map(|f| f.as_str());
    let license_files = files
        .iter()
        .filter(|f| files::is_license_file(&files::slashed(f), license_file))
        .map(|f| {
            let path = files::slashed(f).into_owned();
            let text = checks::license::texts::named(&path)
                .is_empty()
                .then(|| {
                    files::heads(dir, std::iter::once(f))
                        .pop()
                        .map(|(_, text)| text)
                })
                .flatten();
            (path, text)
        })
        .collect();
    Shipped {
        license_files,
        files,
    }
}
