//! The repository a package is published from, as the links on its crates.io page see it:
//! where the package sits in it (`path_in_vcs`) and which paths the repository tracks.
//!
//! crates.io points a README's relative links at `<repository>/blob/HEAD/<path_in_vcs>/...`,
//! so a link works only when git tracks the file it names. Outside a git checkout (an unpacked
//! `.crate`), cargo's `.cargo_vcs_info.json` still says where the package was in its repository.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::process::git;

/// The paths a git repository tracks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// The work tree's root.
    pub root: PathBuf,
    /// Tracked files, relative to `root`, sorted.
    files: Vec<PathBuf>,
    /// Submodules, relative to `root`: their files live in other repositories.
    submodules: Vec<PathBuf>,
}

/// What a repository holds at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracked {
    /// A tracked file.
    File,
    /// A directory holding tracked files (the root included).
    Directory,
    /// A path in a submodule, which another repository tracks.
    Submodule,
    /// Nothing git tracks.
    No,
}

impl Repository {
    /// The root of the git work tree holding `dir`: the nearest directory with a `.git` (a
    /// directory, or the file a worktree or submodule has).
    pub fn root_of(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .find(|ancestor| ancestor.join(".git").exists())
            .map(Path::to_path_buf)
    }

    /// Reads what the repository at `root` tracks (its index, as `git ls-files` lists it);
    /// `None` when git cannot say.
    pub fn read(root: &Path) -> Option<Repository> {
        let args = ["ls-files", "-z", "--stage"].map(OsStr::new);
        let out = git(&args, root).ok().filter(|out| out.success)?;
        let mut files = Vec::new();
        let mut submodules = Vec::new();
        for entry in out.stdout_bytes.split(|&b| b == 0) {
            // `<mode> <object> <stage>\t<path>`
            let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let path = PathBuf::from(String::from_utf8_lossy(&entry[tab + 1..]).into_owned());
            if entry.starts_with(b"160000 ") {
                submodules.push(path);
            } else {
                files.push(path);
            }
        }
        Some(Repository::from_paths(
            root.to_path_buf(),
            files,
            submodules,
        ))
    }

    /// A repository tracking `files` and `submodules` (relative to `root`).
    pub fn from_paths(root: PathBuf, mut files: Vec<PathBuf>, submodules: Vec<PathBuf>) -> Self {
        files.sort();
        files.dedup();
        Repository {
            root,
            files,
            submodules,
        }
    }

    /// What the repository tracks at `path`, relative to its root.
    pub fn tracked(&self, path: &Path) -> Tracked {
        if path.as_os_str().is_empty() {
            return Tracked::Directory;
        }
        if self.submodules.iter().any(|s| path.starts_with(s)) {
            return Tracked::Submodule;
        }
        let at = self.files.partition_point(|f| f.as_path() < path);
        match self.files.get(at) {
            Some(file) if file == path => Tracked::File,
            Some(file) if file.starts_with(path) => Tracked::Directory,
            _ => Tracked::No,
        }
    }
}

/// Where a published package was in its repository: `path_in_vcs` from the
/// `.cargo_vcs_info.json` cargo writes into every `.crate` packaged from a git checkout.
pub fn published_path_in_vcs(package_dir: &Path) -> Option<PathBuf> {
    #[derive(Deserialize)]
    struct VcsInfo {
        #[serde(default)]
        path_in_vcs: String,
    }
    let text = std::fs::read_to_string(package_dir.join(".cargo_vcs_info.json")).ok()?;
    let info: VcsInfo = serde_json::from_str(&text).ok()?;
    Some(PathBuf::from(info.path_in_vcs))
}

/// Whether a published package came from git but its `.cargo_vcs_info.json` has no
/// `path_in_vcs` (cargo before 1.58 did not record it): where it was in its repository, and so
/// where crates.io sends its README's links, is unknown.
pub fn path_in_vcs_unrecorded(package_dir: &Path) -> bool {
    #[derive(Deserialize)]
    struct VcsInfo {
        path_in_vcs: Option<String>,
    }
    std::fs::read_to_string(package_dir.join(".cargo_vcs_info.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<VcsInfo>(&text).ok())
        .is_some_and(|info| info.path_in_vcs.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracked_files_directories_and_submodules() {
        let repository = Repository::from_paths(
            PathBuf::from("/repo"),
            [
                "README.md",
                "docs/guide.md",
                "docs/img/logo.png",
                "docsy.md",
            ]
            .map(PathBuf::from)
            .to_vec(),
            vec![PathBuf::from("vendor/lib")],
        );
        let cases = [
            ("", Tracked::Directory),
            ("README.md", Tracked::File),
            ("docs", Tracked::Directory),
            ("docs/img", Tracked::Directory),
            ("docs/img/logo.png", Tracked::File),
            ("doc", Tracked::No),
            ("docs/guide", Tracked::No),
            ("readme.md", Tracked::No),
            ("vendor/lib/README.md", Tracked::Submodule),
        ];
        for (path, tracked) in cases {
            assert_eq!(repository.tracked(Path::new(path)), tracked, "{path}");
        }
    }

    #[test]
    fn path_in_vcs_of_an_unpacked_crate() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(published_path_in_vcs(dir.path()), None);
        std::fs::write(
            dir.path().join(".cargo_vcs_info.json"),
            r#"{"git":{"sha1":"abc"},"path_in_vcs":"crates/x"}"#,
        )
        .unwrap();
        assert_eq!(
            published_path_in_vcs(dir.path()),
            Some(PathBuf::from("crates/x"))
        );
    }

    #[test]
    fn path_in_vcs_unrecorded_by_an_older_cargo() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!path_in_vcs_unrecorded(dir.path()), "no vcs info at all");
        let info = dir.path().join(".cargo_vcs_info.json");
        std::fs::write(&info, r#"{"git":{"sha1":"abc"},"path_in_vcs":""}"#).unwrap();
        assert!(!path_in_vcs_unrecorded(dir.path()));
        std::fs::write(&info, r#"{"git":{"sha1":"abc"}}"#).unwrap();
        assert!(path_in_vcs_unrecorded(dir.path()));
    }
}
