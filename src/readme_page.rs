//! The README as crates.io shows it on a crate's page: which file, where the `.crate` holds it,
//! the links in it, and the tree its relative links can be judged against.
//!
//! cargo copies a README from outside the package (`readme = "../README.md"`) to the package
//! root, and crates.io resolves relative links from the README's directory in the repository as
//! published: `path_in_vcs` joined with the README's place in the package.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cargo_metadata::Package;

use crate::files;
use crate::manifest::Manifest;
use crate::markdown::{self, Link};
use crate::paths;
use crate::vcs::{self, Repository};

/// The README of one package, as its crates.io page will show it.
#[derive(Debug, Clone)]
pub struct ReadmePage {
    /// The file on disk.
    pub file: PathBuf,
    /// Where the `.crate` holds it: its path in the package, or its name at the package root
    /// when it lives outside the package.
    pub in_package: PathBuf,
    /// Its text.
    pub text: Arc<str>,
    /// Whether crates.io renders it as Markdown (else as plain text, with no links).
    pub markdown: bool,
    /// The links, images and HTML URLs in it.
    pub links: Vec<Link>,
    /// What its relative links lead into; `None` when it has none.
    pub tree: Option<Tree>,
}

/// What a README's relative links lead into.
#[derive(Debug, Clone)]
pub enum Tree {
    /// The git repository holding the package: a link works when git tracks its path.
    Git {
        /// The package's directory in the repository (`""` at its root).
        path_in_vcs: PathBuf,
        /// What the repository tracks.
        repository: Arc<Repository>,
    },
    /// No git checkout (an unpacked `.crate`, a tarball): only paths in the package can be
    /// judged, by the files it has.
    Package {
        /// Where the package was in its repository, from `.cargo_vcs_info.json`.
        path_in_vcs: Option<PathBuf>,
        /// The package's files, relative to its directory, sorted.
        files: Vec<PathBuf>,
        /// The package's `include` patterns: a path they leave out may exist in the repository.
        include: Vec<String>,
        /// The package's `exclude` patterns, likewise.
        exclude: Vec<String>,
    },
}

impl ReadmePage {
    /// The README's directory in the repository as crates.io sees it, `/`-separated.
    pub fn base_dir(&self) -> String {
        let path_in_vcs = match &self.tree {
            Some(Tree::Git { path_in_vcs, .. }) => Some(path_in_vcs.as_path()),
            Some(Tree::Package { path_in_vcs, .. }) => path_in_vcs.as_deref(),
            None => None,
        };
        let path = match path_in_vcs {
            Some(dir) => dir.join(&self.in_package),
            None => self.in_package.clone(),
        };
        let dir = path.parent().unwrap_or(Path::new(""));
        dir.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The README's own directory in the repository, `/`-separated, when it is not where
    /// crates.io places it (a README from outside the package, in a git checkout).
    pub fn own_dir(&self) -> Option<String> {
        let Some(Tree::Git { repository, .. }) = &self.tree else {
            return None;
        };
        let relative = self.file.strip_prefix(&repository.root).ok()?;
        let dir = relative.parent()?;
        let own = dir
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        (own != self.base_dir()).then_some(own)
    }
}

/// The README pages of packages, each with its manifest and the workspace root's: git
/// repositories are read once, and only for a README with a relative link.
pub fn read_all(packages: &[(&Package, &Manifest)], root: &Manifest) -> Vec<Option<ReadmePage>> {
    let mut repositories: HashMap<PathBuf, Option<Arc<Repository>>> = HashMap::new();
    packages
        .iter()
        .map(|(package, manifest)| read(package, manifest, root, &mut repositories))
        .collect()
}

fn read(
    package: &Package,
    manifest: &Manifest,
    root: &Manifest,
    repositories: &mut HashMap<PathBuf, Option<Arc<Repository>>>,
) -> Option<ReadmePage> {
    let package_dir = manifest.path.parent()?;
    let readme = package.readme.as_ref()?;
    let file = paths::normalize(&package_dir.join(readme.as_std_path()));
    let text: Arc<str> = Arc::from(std::fs::read_to_string(&file).ok()?);
    let in_package = match file.strip_prefix(package_dir) {
        Ok(inside) => inside.to_path_buf(),
        Err(_) => PathBuf::from(file.file_name()?),
    };
    let markdown = markdown::is_markdown(&in_package);
    let links = if markdown {
        markdown::links(&text)
    } else {
        Vec::new()
    };
    let tree = links
        .iter()
        .any(Link::is_relative)
        .then(|| tree(package_dir, manifest, root, repositories));
    Some(ReadmePage {
        file,
        in_package,
        text,
        markdown,
        links,
        tree,
    })
}

/// The tree a package's README links lead into: its git repository, else its own files.
fn tree(
    package_dir: &Path,
    manifest: &Manifest,
    root: &Manifest,
    repositories: &mut HashMap<PathBuf, Option<Arc<Repository>>>,
) -> Tree {
    let git = Repository::root_of(package_dir).and_then(|repo_root| {
        let repository = repositories
            .entry(repo_root.clone())
            .or_insert_with(|| Repository::read(&repo_root).map(Arc::new))
            .clone()?;
        let path_in_vcs = package_dir.strip_prefix(&repo_root).ok()?.to_path_buf();
        Some(Tree::Git {
            path_in_vcs,
            repository,
        })
    });
    git.unwrap_or_else(|| Tree::Package {
        path_in_vcs: vcs::published_path_in_vcs(package_dir),
        files: files::list_quickly(package_dir).files,
        include: manifest.package_strings(root, "include"),
        exclude: manifest.package_strings(root, "exclude"),
    })
}
