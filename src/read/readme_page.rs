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

use crate::paths;
use crate::read::files;
use crate::read::manifest::Manifest;
use crate::read::markdown::{self, Link};
use crate::read::vcs::{self, Repository};

/// The files cargo looks for, in order, when `readme` is not set (C15).
pub const DEFAULT_README_FILES: [&str; 3] = ["README.md", "README.txt", "README"];

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
    pub links: Arc<[Link]>,
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
        /// Whether it came from git without a recorded `path_in_vcs` (an older cargo): links
        /// that leave its files cannot be judged.
        place_unknown: bool,
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

/// READMEs and git repositories read so far, by path: most while cargo metadata runs, the rest
/// when a page needs them. Each file and each repository is read once.
#[derive(Debug, Default)]
pub struct ReadAhead {
    /// README files, `None` when unreadable.
    readmes: HashMap<PathBuf, Option<ReadmeText>>,
    /// Git repositories by work-tree root, `None` when git cannot list them.
    repositories: HashMap<PathBuf, Option<Arc<Repository>>>,
}

impl ReadAhead {
    /// Reads the README files a package's manifest can mean: its `readme` (or the workspace's,
    /// when inherited from `root`), or the files cargo looks for without one.
    pub fn read_for(&mut self, manifest: &Manifest, root: Option<&Manifest>) {
        let Some(package_dir) = manifest.path.parent() else {
            return;
        };
        let (setting, base) = if manifest.is_inherited(&["package", "readme"]) {
            let Some(root) = root else { return };
            let root_dir = root.path.parent().unwrap_or(Path::new("."));
            (root.get(&["workspace", "package", "readme"]), root_dir)
        } else {
            (manifest.get(&["package", "readme"]), package_dir)
        };
        let candidates: Vec<PathBuf> = match setting {
            Some(item) if item.as_bool() == Some(false) => Vec::new(),
            Some(item) if item.as_bool() == Some(true) => vec![base.join("README.md")],
            Some(item) => item.as_str().map(|p| base.join(p)).into_iter().collect(),
            None => DEFAULT_README_FILES
                .iter()
                .map(|name| package_dir.join(name))
                .collect(),
        };
        // cargo packages the first README it finds: the ones after it are never read.
        for file in candidates {
            if self.readme(&paths::normalize(&file)).is_some() {
                break;
            }
        }
    }

    /// Reads the git repository holding `dir` when a README read so far has a relative link,
    /// which is when a page will need it.
    pub fn read_repository_if_needed(&mut self, dir: &Path) {
        let needed = self
            .readmes
            .values()
            .flatten()
            .any(|readme| readme.links.iter().any(Link::is_relative));
        if needed && let Some(root) = Repository::root_of(dir) {
            self.repository(&root);
        }
    }

    /// A README's text and links (none unless crates.io renders it as Markdown).
    fn readme(&mut self, file: &Path) -> Option<ReadmeText> {
        self.readmes
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(file).ok()?;
                let links = if markdown::is_markdown(file) {
                    markdown::links(&text)
                } else {
                    Vec::new()
                };
                Some(ReadmeText {
                    text: Arc::from(text),
                    links: Arc::from(links),
                })
            })
            .clone()
    }

    /// What the git repository at `root` tracks.
    fn repository(&mut self, root: &Path) -> Option<Arc<Repository>> {
        self.repositories
            .entry(root.to_path_buf())
            .or_insert_with(|| Repository::read(root).map(Arc::new))
            .clone()
    }
}

/// A README file's text and the links crates.io renders in it.
#[derive(Debug, Clone)]
struct ReadmeText {
    text: Arc<str>,
    /// None unless crates.io renders the file as Markdown.
    links: Arc<[Link]>,
}

/// The README pages of packages, each with its manifest and the workspace root's, from what was
/// read ahead and what is read now.
pub fn read_all(
    packages: &[(&Package, &Manifest)],
    root: &Manifest,
    ahead: &mut ReadAhead,
) -> Vec<Option<ReadmePage>> {
    packages
        .iter()
        .map(|(package, manifest)| read(package, manifest, root, ahead))
        .collect()
}

fn read(
    package: &Package,
    manifest: &Manifest,
    root: &Manifest,
    ahead: &mut ReadAhead,
) -> Option<ReadmePage> {
    let package_dir = manifest.path.parent()?;
    let readme = package.readme.as_ref()?;
    let file = paths::normalize(&package_dir.join(readme.as_std_path()));
    let ReadmeText { text, links } = ahead.readme(&file)?;
    let in_package = match file.strip_prefix(package_dir) {
        Ok(inside) => inside.to_path_buf(),
        Err(_) => PathBuf::from(file.file_name()?),
    };
    let markdown = markdown::is_markdown(&in_package);
    let tree = links
        .iter()
        .any(Link::is_relative)
        .then(|| tree(package_dir, manifest, root, ahead));
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
fn tree(package_dir: &Path, manifest: &Manifest, root: &Manifest, ahead: &mut ReadAhead) -> Tree {
    let git = Repository::root_of(package_dir).and_then(|repo_root| {
        let repository = ahead.repository(&repo_root)?;
        let path_in_vcs = package_dir.strip_prefix(&repo_root).ok()?.to_path_buf();
        Some(Tree::Git {
            path_in_vcs,
            repository,
        })
    });
    git.unwrap_or_else(|| Tree::Package {
        path_in_vcs: vcs::published_path_in_vcs(package_dir),
        place_unknown: vcs::path_in_vcs_unrecorded(package_dir),
        files: files::list_quickly(package_dir).files,
        include: manifest.package_strings(root, "include"),
        exclude: manifest.package_strings(root, "exclude"),
    })
}
