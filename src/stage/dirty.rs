//! The dirty check (C16), done against the original tree: uncommitted changes in files that
//! would be packaged. The copy is always clean, so cargo's own check there proves nothing.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::process::git;

/// One entry of `git status`: a file, or a whole untracked or ignored directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Absolute path.
    pub path: PathBuf,
    /// A directory entry (`dir/`): everything below it counts.
    pub dir: bool,
    /// The two status letters (`M `, `??`, `!!`, ...).
    pub code: String,
}

/// `git status` of the work tree holding `dir`, without taking optional locks so the index
/// of the user's repository is not rewritten.
pub fn status(dir: &Path) -> Result<Vec<Change>, Error> {
    let top = git(
        &[OsStr::new("rev-parse"), OsStr::new("--show-toplevel")],
        dir,
    )?;
    if !top.success {
        return Err(Error::Git {
            command: format!("git rev-parse --show-toplevel (in {})", dir.display()),
            stderr: top.stderr,
        });
    }
    let toplevel = PathBuf::from(top.stdout.trim_end_matches(['\n', '\r']));
    let toplevel = toplevel.as_path();
    let out = git(
        &[
            OsStr::new("--no-optional-locks"),
            OsStr::new("status"),
            OsStr::new("--porcelain=v1"),
            OsStr::new("-z"),
            OsStr::new("--untracked-files=normal"),
            OsStr::new("--ignored=matching"),
        ],
        toplevel,
    )?;
    if !out.success {
        return Err(Error::Git {
            command: format!("git status (in {})", toplevel.display()),
            stderr: out.stderr,
        });
    }
    Ok(parse_status(&out.stdout, toplevel))
}

/// Parses `git status --porcelain=v1 -z`. A rename or copy is followed by its source path,
/// which is skipped.
pub fn parse_status(text: &str, toplevel: &Path) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut fields = text.split('\0').filter(|f| !f.is_empty());
    while let Some(field) = fields.next() {
        let (Some(code), Some(path)) = (field.get(..2), field.get(3..)) else {
            continue;
        };
        if code.starts_with('R') || code.starts_with('C') {
            fields.next();
        }
        changes.push(Change {
            path: toplevel.join(path.trim_end_matches('/')),
            dir: path.ends_with('/'),
            code: code.to_string(),
        });
    }
    changes
}

/// The packaged files (absolute original paths) that have uncommitted changes.
///
/// Ignored files count only when they are packaged (with `include`, cargo does not consult
/// git), exactly as cargo treats them.
pub fn dirty_files(changes: &[Change], packaged: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirty: Vec<PathBuf> = packaged
        .iter()
        .filter(|file| {
            changes.iter().any(|c| {
                if c.dir {
                    file.starts_with(&c.path)
                } else {
                    **file == c.path
                }
            })
        })
        .cloned()
        .collect();
    dirty.sort();
    dirty.dedup();
    dirty
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_porcelain_with_renames_and_directories() {
        let text = " M src/lib.rs\0R  new.rs\0old.rs\0?? notes/\0!! secret.txt\0?? a b.txt\0";
        let changes = parse_status(text, Path::new("/r"));
        let seen: Vec<_> = changes
            .iter()
            .map(|c| (c.code.as_str(), c.path.to_str().unwrap(), c.dir))
            .collect();
        assert_eq!(
            seen,
            [
                (" M", "/r/src/lib.rs", false),
                ("R ", "/r/new.rs", false),
                ("??", "/r/notes", true),
                ("!!", "/r/secret.txt", false),
                ("??", "/r/a b.txt", false),
            ]
        );
    }

    #[test]
    fn only_packaged_files_are_dirty() {
        let changes = parse_status(
            " M src/lib.rs\0?? notes/\0?? scratch.txt\0",
            Path::new("/r"),
        );
        let packaged = [
            PathBuf::from("/r/src/lib.rs"),
            PathBuf::from("/r/notes/a.md"),
            PathBuf::from("/r/Cargo.toml"),
        ];
        assert_eq!(
            dirty_files(&changes, &packaged),
            [
                PathBuf::from("/r/notes/a.md"),
                PathBuf::from("/r/src/lib.rs")
            ]
        );
        assert!(dirty_files(&[], &packaged).is_empty());
    }
}
