//! The staged copy: the workspace copied into a temporary directory so cargo can package and
//! build it without writing into the user's tree.
//!
//! cargo picks a package's files differently inside and outside git (docs/rules.md, "Packaging
//! in a temporary copy"). In git, the copy gets exactly the files cargo would see
//! (tracked, plus untracked files that are not ignored) and becomes a git repository with all of
//! them committed, so `.gitignore`, dot files and nested packages behave as in the original.
//! Outside git, the tree is copied whole except `target/` and VCS directories, and cargo's
//! filesystem walk does the rest. Modification times are kept so the persistent target
//! directory stays fresh between runs.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::error::Error;
use crate::paths::normalize;
use crate::process::{TempDirGuard, check_interrupt, git};
use crate::read::files::Listing;

/// The copy. Dropping it removes the temporary directory.
pub struct Staged {
    // Field order matters: the guard unregisters before the directory goes.
    _guard: TempDirGuard,
    _dir: TempDir,
    /// Where the copy is, and what it is a copy of.
    pub paths: CopyPaths,
}

impl std::ops::Deref for Staged {
    type Target = CopyPaths;

    fn deref(&self) -> &CopyPaths {
        &self.paths
    }
}

/// Where a copy was made and of what: enough to map what cargo printed there back to the
/// user's tree, also after the copy is gone (a fresh run replays a saved run's output).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CopyPaths {
    base: PathBuf,
    original_base: PathBuf,
    /// The copy of the workspace root.
    pub root: PathBuf,
}

impl CopyPaths {
    /// Where an original path lives in the copy (for paths below the copied base).
    pub fn copy_of(&self, original: &Path) -> PathBuf {
        match original.strip_prefix(&self.original_base) {
            Ok(rest) => self.base.join(rest).components().collect(),
            Err(_) => original.to_path_buf(),
        }
    }

    /// A text cargo printed in the copy, with the copy's root replaced by the workspace root.
    pub fn rewrite(&self, text: &str) -> String {
        match self.original_of(&self.root) {
            Some(original) => {
                text.replace(&*self.root.to_string_lossy(), &original.to_string_lossy())
            }
            None => text.to_string(),
        }
    }

    /// The original path of a path in the copy, when it is in the copy.
    pub fn original_of(&self, copy: &Path) -> Option<PathBuf> {
        copy.strip_prefix(&self.base)
            .ok()
            .map(|rest| self.original_base.join(rest).components().collect())
    }
}

/// Extra files copied into the workspace copy but left untracked and ignored there: they
/// change how cargo runs (config, the lockfile to start from) without being packaged unless
/// cargo packages them anyway (it always writes a Cargo.lock). A toolchain file keeps rustup
/// choosing the same rustc in the copy.
const EXTRAS: &[&str] = &[
    "Cargo.lock",
    ".cargo/config.toml",
    ".cargo/config",
    "rust-toolchain.toml",
    "rust-toolchain",
];

/// Copies the workspace (and the listings of any directories outside it, such as path
/// dependencies or a readme above the workspace) into a new temporary directory.
pub fn stage(
    workspace: &Listing,
    outside: &[Listing],
    loose_files: &[PathBuf],
) -> Result<Staged, Error> {
    let mut base = workspace.root.clone();
    for dir in outside
        .iter()
        .map(|l| l.root.as_path())
        .chain(loose_files.iter().filter_map(|f| f.parent()))
    {
        base = common_ancestor(&base, dir);
    }
    let dir = tempfile::Builder::new()
        .prefix("cargo-ready-")
        .tempdir()
        .map_err(|source| Error::Io {
            path: std::env::temp_dir(),
            action: "create a temporary directory in",
            source,
        })?;
    let guard = TempDirGuard::register(dir.path());
    let copy_base = dir.path().join("w");
    let staged = Staged {
        _guard: guard,
        paths: CopyPaths {
            root: copy_base
                .join(workspace.root.strip_prefix(&base).unwrap_or(Path::new("")))
                .components()
                .collect(),
            base: copy_base,
            original_base: base,
        },
        _dir: dir,
    };

    let copies: Vec<(PathBuf, PathBuf)> = std::iter::once(workspace)
        .chain(outside)
        .flat_map(|listing| listing.files.iter().map(|file| listing.root.join(file)))
        .map(|from| {
            let to = staged.copy_of(&from);
            (from, to)
        })
        .collect();
    copy_all(&copies, &staged.original_base)?;
    for file in loose_files {
        let to = staged.copy_of(file);
        if !to.exists() {
            copy_file(file, &to, &staged.original_base)?;
        }
    }
    let mut extras = Vec::new();
    for extra in EXTRAS {
        let from = workspace.root.join(extra);
        let to = staged.root.join(extra);
        if from.is_file() && !to.exists() {
            copy_file(&from, &to, &staged.original_base)?;
            extras.push(*extra);
        }
    }
    if workspace.git {
        commit_all(&staged.root, &workspace.files, &extras)?;
    }
    Ok(staged)
}

/// Copies every (from, to) pair, on every core: creating many small files is the copy's cost,
/// and the kernel does it for two threads as readily as for one.
fn copy_all(copies: &[(PathBuf, PathBuf)], base: &Path) -> Result<(), Error> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let chunk = copies.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = copies
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> Result<(), Error> {
                    for (from, to) in part {
                        check_interrupt()?;
                        copy_file(from, to, base)?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for (x, y) in a.components().zip(b.components()) {
        if x != y {
            break;
        }
        out.push(x);
    }
    out
}

fn io_error<'p>(path: &'p Path, action: &'static str) -> impl FnOnce(std::io::Error) -> Error + 'p {
    move |source| Error::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// Copies one file, keeping symlinks as symlinks, permissions and the modification time.
/// A relative link that leaves the copied tree is made absolute, so it still reaches the same
/// file from the copy (cargo packages what a link points at).
fn copy_file(from: &Path, to: &Path, base: &Path) -> Result<(), Error> {
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(io_error(parent, "create"))?;
    }
    let meta = fs::symlink_metadata(from).map_err(io_error(from, "read"))?;
    if meta.file_type().is_symlink() {
        let mut target = fs::read_link(from).map_err(io_error(from, "read the link"))?;
        let resolved = normalize(&from.parent().unwrap_or(base).join(&target));
        if target.is_relative()
            && !resolved.starts_with(base)
            && let Ok(absolute) = fs::canonicalize(from)
        {
            target = absolute;
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, to).map_err(io_error(to, "create the link"))?;
        #[cfg(not(unix))]
        {
            let _ = target;
            fs::copy(from, to).map_err(io_error(from, "copy"))?;
        }
        return Ok(());
    }
    fs::copy(from, to).map_err(io_error(from, "copy"))?;
    if let Ok(modified) = meta.modified() {
        let file = fs::OpenOptions::new()
            .write(true)
            .open(to)
            .map_err(io_error(to, "open"))?;
        file.set_modified(modified)
            .map_err(io_error(to, "set the time of"))?;
    }
    Ok(())
}

/// Makes the copy a git repository with every listed file committed, and the extras ignored.
fn commit_all(root: &Path, files: &[PathBuf], extras: &[&str]) -> Result<(), Error> {
    let run = |args: &[&OsStr]| -> Result<String, Error> {
        let mut full: Vec<&OsStr> = [
            "-c",
            "init.defaultBranch=main",
            "-c",
            "maintenance.auto=false",
            "-c",
            "gc.auto=0",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
            "-c",
            "core.autocrlf=false",
            "-c",
            "user.name=cargo-ready",
            "-c",
            "user.email=cargo-ready@localhost",
        ]
        .into_iter()
        .map(OsStr::new)
        .collect();
        full.extend(args);
        let out = git(&full, root)?;
        if out.success {
            Ok(out.stdout.trim().to_string())
        } else {
            Err(Error::Git {
                command: format!(
                    "git {} (in the temporary copy {})",
                    args.first()
                        .map(|a| a.to_string_lossy())
                        .unwrap_or_default(),
                    root.display()
                ),
                stderr: out.stderr,
            })
        }
    };
    let words = |words: &[&'static str]| -> Vec<&'static OsStr> {
        words.iter().map(|w| OsStr::new(*w)).collect()
    };
    // No template: nothing to copy, and no sample hooks.
    run(&words(&["init", "-q", "--template="]))?;
    // The files go into the index by their hashes only: cargo reads the index and compares
    // the tree with it, and never the file contents git would otherwise store a second time
    // (on a large repository that write was most of the copy's cost). In batches, to keep
    // each command line short.
    for batch in files.chunks(1000) {
        let mut args = words(&["update-index", "--add", "--info-only", "--"]);
        args.extend(batch.iter().map(|f| f.as_os_str()));
        run(&args)?;
    }
    let tree = run(&words(&["write-tree", "--missing-ok"]))?;
    let tree = OsStr::new(&tree);
    let mut commit = words(&["commit-tree", "-m", "cargo-ready staged copy"]);
    commit.push(tree);
    let commit = run(&commit)?;
    let mut update = words(&["update-ref", "HEAD"]);
    update.push(OsStr::new(&commit));
    run(&update)?;
    if !extras.is_empty() {
        let exclude = root.join(".git").join("info").join("exclude");
        if let Some(parent) = exclude.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent, "create"))?;
        }
        let lines: String = extras.iter().map(|e| format!("/{e}\n")).collect();
        fs::write(&exclude, lines).map_err(io_error(&exclude, "write"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_ancestor_of_paths() {
        assert_eq!(
            common_ancestor(Path::new("/a/b/c"), Path::new("/a/b/d/e")),
            Path::new("/a/b")
        );
        assert_eq!(
            common_ancestor(Path::new("/a/b"), Path::new("/a/b")),
            Path::new("/a/b")
        );
    }

    #[test]
    fn the_copy_root_maps_back_to_the_workspace_root_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(root.join("Cargo.toml"), "[package]\n").unwrap();
        fs::write(root.join("src/lib.rs"), "").unwrap();
        let listing = crate::read::files::list(&root, &[]).unwrap();
        let staged = stage(&listing, &[], &[]).unwrap();
        assert!(staged.root.join("Cargo.toml").is_file());
        assert!(!staged.root.to_string_lossy().ends_with('/'));
        assert_eq!(staged.original_of(&staged.root).unwrap(), root);
        assert_eq!(staged.copy_of(&root), staged.root);
        let printed = format!("Packaging ws v0.1.0 ({})", staged.root.display());
        assert_eq!(
            staged.rewrite(&printed),
            format!("Packaging ws v0.1.0 ({})", root.display())
        );
    }
}
