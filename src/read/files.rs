//! Which files cargo sees in a tree, and which of them a package ships.
//!
//! cargo lists a package's files differently inside and outside git (docs/rules.md, C19): in a
//! git work tree, the tracked files and the untracked ones git does not ignore; outside, a walk
//! of the directory that leaves out dot files. `include` and `exclude` then choose among them,
//! with `.gitignore` syntax; nested packages and the root `target/` never go in. The package
//! stage copies a tree's listing; the manifest stage reads the files a package ships.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::Error;
use crate::process::git;

/// The files one package ships, and the text of those a check reads.
#[derive(Debug, Clone, Default)]
pub struct Shipped {
    /// The files, relative to the package directory.
    pub files: Arc<[PathBuf]>,
    /// The license files, each as its path in the package (`/`-separated) and, when its name
    /// does not say which license it holds, up to its first [`HEAD_LIMIT`] bytes.
    pub license_files: Vec<(String, Option<String>)>,
}

/// How much of a file is read to tell what it holds.
pub const HEAD_LIMIT: u64 = 64 * 1024;

/// Whether `path` (relative to the package) is a license file: `LICENSE*`, `LICENCE*`,
/// `COPYING*`, `UNLICENSE*` at the package root or one level down, anything under `LICENSES/`
/// or `license/`,
/// or the `license-file`.
pub fn is_license_file(path: &str, license_file: Option<&str>) -> bool {
    let separators = |c: char| c == '/' || c == '\\';
    let name = path.rsplit(separators).next().unwrap_or(path);
    let depth = path.matches(separators).count();
    let starts = |text: &str, prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let is_license_file = license_file.is_some_and(|f| {
        let f = f.replace('\\', "/");
        let path = path.replace('\\', "/");
        path == f.trim_start_matches("./") || f.rsplit('/').next() == Some(path.as_str())
    });
    let first = path.split(separators).next().unwrap_or(path);
    is_license_file
        || (depth >= 1
            && ["licenses", "licences", "license", "licence"]
                .iter()
                .any(|dir| first.eq_ignore_ascii_case(dir)))
        || (depth <= 1
            && !name.ends_with(".rs")
            && ["license", "licence", "copying", "unlicense"]
                .iter()
                .any(|prefix| starts(name, prefix)))
}

/// A relative path with `/` between its names, as a package's paths are written; borrowed
/// where the platform already writes it so.
pub fn slashed(path: &Path) -> Cow<'_, str> {
    match path.to_str() {
        Some(text) if std::path::MAIN_SEPARATOR == '/' => Cow::Borrowed(text),
        _ => Cow::Owned(
            path.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        ),
    }
}

/// The first [`HEAD_LIMIT`] bytes of each of `files` (relative to `dir`) that can be read, as
/// text, with its path `/`-separated.
pub fn heads<'f>(dir: &Path, files: impl Iterator<Item = &'f PathBuf>) -> Vec<(String, String)> {
    files
        .filter_map(|file| {
            let mut head = Vec::new();
            fs::File::open(dir.join(file))
                .and_then(|f| f.take(HEAD_LIMIT).read_to_end(&mut head))
                .ok()?;
            Some((
                slashed(file).into_owned(),
                String::from_utf8_lossy(&head).into_owned(),
            ))
        })
        .collect()
}

/// The files of a directory tree as cargo sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The directory listed.
    pub root: PathBuf,
    /// Whether cargo uses git for it: in a git work tree, with Cargo.toml not ignored.
    pub git: bool,
    /// Files, relative to `root`.
    pub files: Vec<PathBuf>,
}

const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn", ".jj", ".pijul", "_darcs", ".fossil"];

/// Lists the files of `root` the way cargo would see them, leaving out anything under
/// `skip` (target directories).
pub fn list(root: &Path, skip: &[PathBuf]) -> Result<Listing, Error> {
    // One git call decides: outside a work tree it fails, and an ignored Cargo.toml is not
    // listed (cargo then walks the filesystem too).
    let from_git = git_files(root)?.filter(|files| {
        !root.join("Cargo.toml").exists() || files.iter().any(|f| f.as_os_str() == "Cargo.toml")
    });
    let git = from_git.is_some();
    let files = match from_git {
        Some(files) => files,
        None => walk(root)?,
    };
    let skip: Vec<&Path> = skip
        .iter()
        .filter_map(|s| s.strip_prefix(root).ok())
        .chain([Path::new("target")])
        .collect();
    let mut files: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !skip.iter().any(|s| f.starts_with(s)))
        .collect();
    files.sort();
    Ok(Listing {
        root: root.to_path_buf(),
        git,
        files,
    })
}

/// Tracked and untracked-but-not-ignored files, or `None` outside a git work tree (or
/// without git: cargo has git built in, but the filesystem walk is then the closest).
fn git_files(dir: &Path) -> Result<Option<Vec<PathBuf>>, Error> {
    let out = match git(
        &[
            OsStr::new("ls-files"),
            OsStr::new("-z"),
            OsStr::new("--cached"),
            OsStr::new("--others"),
            OsStr::new("--exclude-standard"),
        ],
        dir,
    ) {
        Ok(out) => out,
        Err(Error::Io { action: "run", .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    if !out.success {
        return Ok(None);
    }
    let mut files = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for raw in out
        .stdout_bytes
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
    {
        let relative = path_from_bytes(raw);
        if !seen.insert(relative.clone()) {
            continue;
        }
        let full = dir.join(&relative);
        let Ok(meta) = fs::symlink_metadata(&full) else {
            // Deleted but still tracked: not in the working tree, so not packaged.
            continue;
        };
        if meta.is_dir() {
            // A submodule: its own repository, listed the same way.
            if full.join(".git").exists() {
                let inner = git_files(&full)?.unwrap_or_default();
                files.extend(inner.into_iter().map(|f| relative.join(f)));
            }
            continue;
        }
        files.push(relative);
    }
    Ok(Some(files))
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

fn walk(root: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let dir = root.join(&relative);
        let entries = fs::read_dir(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            action: "read the directory",
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Io {
                path: dir.clone(),
                action: "read the directory",
                source,
            })?;
            let name = entry.file_name();
            let path = relative.join(&name);
            let kind = entry.file_type().map_err(|source| Error::Io {
                path: entry.path(),
                action: "inspect",
                source,
            })?;
            if kind.is_dir() {
                let skip = VCS_DIRS.iter().any(|v| name == *v)
                    || (relative.as_os_str().is_empty() && name == "target");
                if !skip {
                    stack.push(path);
                }
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The files of `root` as cargo would see them, read in-process (no `git` child): inside a git
/// work tree, the files `.gitignore` and git's excludes leave in; outside, every file but VCS
/// directories. It differs from [`list`] only for files git tracks although they are ignored,
/// which are left out here; the manifest stage uses it where a missed file costs a finding, not
/// a false alarm.
pub fn list_quickly(root: &Path) -> Listing {
    let git = root.ancestors().any(|dir| dir.join(".git").exists());
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .hidden(false)
        .parents(git)
        .ignore(false)
        .git_ignore(git)
        .git_global(git)
        .git_exclude(git)
        .require_git(true)
        .filter_entry(|entry| {
            let name = entry.file_name();
            let root_target = entry.depth() == 1 && name == "target";
            !root_target && !VCS_DIRS.iter().any(|vcs| name == *vcs)
        })
        .build()
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|t| !t.is_dir()))
        .filter_map(|entry| entry.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    Listing {
        root: root.to_path_buf(),
        git,
        files,
    }
}

/// The files of one package that cargo puts in its `.crate`, relative to the package directory,
/// chosen from `listing` (which must cover the package directory) by `include`/`exclude`.
/// `Cargo.toml` is always in.
pub fn package_files(
    listing: &Listing,
    package_dir: &Path,
    include: &[String],
    exclude: &[String],
) -> Vec<PathBuf> {
    let Ok(base) = package_dir.strip_prefix(&listing.root) else {
        return Vec::new();
    };
    // The listing is sorted, so the package's files are one run of it.
    let start = listing.files.partition_point(|f| f.as_path() < base);
    let under: Vec<&Path> = listing.files[start..]
        .iter()
        .map_while(|f| f.strip_prefix(base).ok())
        .collect();
    let nested: BTreeSet<&Path> = under
        .iter()
        .filter(|f| f.file_name() == Some(OsStr::new("Cargo.toml")))
        .filter_map(|f| f.parent())
        .filter(|dir| !dir.as_os_str().is_empty())
        .collect();
    let include = matcher(package_dir, include);
    let exclude = matcher(package_dir, exclude);
    under
        .into_iter()
        .filter(|f| !f.starts_with("target") && !f.ancestors().any(|a| nested.contains(a)))
        // Outside git, cargo's own walk leaves out dot files unless `include` names them.
        .filter(|f| listing.git || include.is_some() || !is_hidden(f))
        .filter(|f| match &include {
            Some(include) => {
                *f == Path::new("Cargo.toml")
                    || include.matched_path_or_any_parents(f, false).is_ignore()
            }
            None => exclude
                .as_ref()
                .is_none_or(|exclude| !exclude.matched_path_or_any_parents(f, false).is_ignore()),
        })
        .map(Path::to_path_buf)
        .collect()
}

/// Whether `include` or `exclude` leave `path` (relative to the package directory) out of the
/// package, were it there.
pub fn left_out(package_dir: &Path, include: &[String], exclude: &[String], path: &Path) -> bool {
    let matched = |patterns: &[String]| {
        matcher(package_dir, patterns)
            .is_some_and(|m| m.matched_path_or_any_parents(path, false).is_ignore())
    };
    if include.is_empty() {
        matched(exclude)
    } else {
        !matched(include)
    }
}

fn is_hidden(path: &Path) -> bool {
    path.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// `include` or `exclude` patterns as cargo reads them: `.gitignore` lines rooted at the package.
fn matcher(package_dir: &Path, patterns: &[String]) -> Option<Gitignore> {
    if patterns.is_empty() {
        return None;
    }
    let mut builder = GitignoreBuilder::new(package_dir);
    for pattern in patterns {
        let _ = builder.add_line(None, pattern);
    }
    builder.build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_skips_target_and_vcs_but_keeps_dot_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "Cargo.toml",
            "src/lib.rs",
            ".hidden",
            "target/debug/x",
            ".hg/store",
            "sub/target/y",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let files = walk(root).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(
            names,
            [".hidden", "Cargo.toml", "src/lib.rs", "sub/target/y"]
        );
    }

    fn listing(files: &[&str]) -> Listing {
        Listing {
            root: PathBuf::from("/w"),
            git: true,
            files: files.iter().map(PathBuf::from).collect(),
        }
    }

    fn names(files: Vec<PathBuf>) -> Vec<String> {
        files.iter().map(|f| f.display().to_string()).collect()
    }

    #[test]
    fn a_package_ships_its_files_less_nested_packages_target_and_exclude() {
        let listing = listing(&[
            "Cargo.toml",
            "a/Cargo.toml",
            "a/src/lib.rs",
            "a/src/old.rs",
            "a/notes/todo.md",
            "a/nested/Cargo.toml",
            "a/nested/src/lib.rs",
            "a/target/x",
            "b/src/lib.rs",
        ]);
        let dir = Path::new("/w/a");
        assert_eq!(
            names(package_files(
                &listing,
                dir,
                &[],
                &["/notes".into(), "old.rs".into()]
            )),
            ["Cargo.toml", "src/lib.rs"]
        );
        assert_eq!(
            names(package_files(
                &listing,
                dir,
                &["/src".into()],
                &["old.rs".into()]
            )),
            ["Cargo.toml", "src/lib.rs", "src/old.rs"]
        );
        assert_eq!(
            names(package_files(&listing, Path::new("/w"), &[], &[])),
            ["Cargo.toml", "b/src/lib.rs"]
        );
    }
}
