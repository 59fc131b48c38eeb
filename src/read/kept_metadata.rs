//! The workspace's last `cargo metadata --no-deps` document, kept under its target directory
//! (`target/ready/metadata.json`) with a fingerprint of the manifests it was made from. A run
//! whose manifests have not changed can check the kept document's workspace while cargo works
//! out the current one; cargo's document decides: the check counts only when it is the same,
//! byte for byte.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::read::manifest::Manifest;

/// The kept document's file, under the directory of cargo-ready's own files in the target
/// directory.
const FILE: &str = "metadata.json";

/// Where a workspace's document is kept, and the fingerprint of its manifests now.
#[derive(Debug)]
pub struct KeptMetadata {
    file: PathBuf,
    fingerprint: String,
}

impl KeptMetadata {
    /// Where the document of the workspace of `manifest_path` is kept (its target directory is
    /// not known before cargo says, so it is guessed), with the fingerprint of
    /// the `manifests` read (by path).
    pub fn locate(manifest_path: &Path, manifests: &HashMap<String, Manifest>) -> KeptMetadata {
        KeptMetadata {
            file: likely_target_directory(manifest_path)
                .join("ready")
                .join(FILE),
            fingerprint: fingerprint(manifests),
        }
    }

    /// The kept document, when it was made by this version of cargo-ready from manifests with
    /// this fingerprint.
    pub fn read(&self) -> Option<String> {
        let kept = std::fs::read_to_string(&self.file).ok()?;
        let (header, document) = kept.split_once('\n')?;
        (header == self.header()).then(|| document.to_string())
    }

    /// Keeps `document` for the next run, when the target directory cargo reported is the one
    /// this run guessed and exists (nothing is created outside it). Keeping is best effort: a
    /// document that cannot be written is made again next time.
    pub fn keep(&self, document: &str, target_directory: &Path) {
        let ready = target_directory.join("ready");
        if self.file != ready.join(FILE) || !target_directory.is_dir() {
            return;
        }
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&ready)?;
            let mut temp = tempfile::NamedTempFile::new_in(&ready)?;
            writeln!(temp, "{}", self.header())?;
            temp.write_all(document.as_bytes())?;
            temp.persist(&self.file)?;
            Ok(())
        };
        let _ = write();
    }

    fn header(&self) -> String {
        format!(
            "cargo-ready {} manifests {}",
            env!("CARGO_PKG_VERSION"),
            self.fingerprint
        )
    }
}

/// The target directory cargo will most likely report: `CARGO_TARGET_DIR` (or
/// `CARGO_BUILD_TARGET_DIR`), else `target` beside the nearest manifest up from
/// `manifest_path` that declares `[workspace]`, else beside `manifest_path`. A
/// `build.target-dir` in `.cargo/config.toml` is not read: then the guess is wrong, and nothing
/// is kept.
fn likely_target_directory(manifest_path: &Path) -> PathBuf {
    let from_environment = ["CARGO_TARGET_DIR", "CARGO_BUILD_TARGET_DIR"]
        .into_iter()
        .filter_map(std::env::var_os)
        .find(|dir| !dir.is_empty())
        .and_then(|dir| std::path::absolute(dir).ok());
    from_environment.unwrap_or_else(|| target_beside_workspace(manifest_path))
}

/// `target` beside the nearest manifest up from `manifest_path` that has a `[workspace]` table
/// (or one of its subtables), else beside `manifest_path`.
fn target_beside_workspace(manifest_path: &Path) -> PathBuf {
    let package_dir = manifest_path.parent().unwrap_or(Path::new("."));
    package_dir
        .ancestors()
        .find(|dir| declares_workspace(&dir.join("Cargo.toml")))
        .unwrap_or(package_dir)
        .join("target")
}

fn declares_workspace(manifest: &Path) -> bool {
    std::fs::read_to_string(manifest).is_ok_and(|text| {
        text.lines()
            .map(str::trim_start)
            .any(|line| line.starts_with("[workspace]") || line.starts_with("[workspace."))
    })
}

/// A hash of every manifest's path and text, in path order.
fn fingerprint(manifests: &HashMap<String, Manifest>) -> String {
    let mut paths: Vec<&String> = manifests.keys().collect();
    paths.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for path in paths {
        hasher.write(path.as_bytes());
        hasher.write_u8(0);
        hasher.write(manifests[path].text.as_bytes());
        hasher.write_u8(0);
    }
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifests(texts: &[(&str, &str)]) -> HashMap<String, Manifest> {
        texts
            .iter()
            .map(|(path, text)| {
                let manifest = Manifest::parse(PathBuf::from(path), text.to_string()).unwrap();
                (path.to_string(), manifest)
            })
            .collect()
    }

    #[test]
    fn fingerprint_follows_every_manifest_text_not_the_order_read() {
        let a = "[package]\nname = \"a\"\n";
        let b = "[package]\nname = \"b\"\n";
        let both = fingerprint(&manifests(&[
            ("/w/a/Cargo.toml", a),
            ("/w/b/Cargo.toml", b),
        ]));
        let reversed = fingerprint(&manifests(&[
            ("/w/b/Cargo.toml", b),
            ("/w/a/Cargo.toml", a),
        ]));
        assert_eq!(both, reversed);
        let edited = fingerprint(&manifests(&[
            ("/w/a/Cargo.toml", a),
            ("/w/b/Cargo.toml", "[package]\nname = \"c\"\n"),
        ]));
        assert_ne!(both, edited);
        let fewer = fingerprint(&manifests(&[("/w/a/Cargo.toml", a)]));
        assert_ne!(both, fewer);
    }

    #[test]
    fn target_directory_is_beside_the_workspace_root_or_the_package() {
        let dir = tempfile::tempdir().unwrap();
        let alone = dir.path().join("alone/Cargo.toml");
        std::fs::create_dir_all(alone.parent().unwrap()).unwrap();
        std::fs::write(&alone, "[package]\nname = \"alone\"\n").unwrap();
        assert_eq!(
            target_beside_workspace(&alone),
            dir.path().join("alone/target")
        );
        std::fs::write(dir.path().join("Cargo.toml"), "# [workspace]\n[package]\n").unwrap();
        assert_eq!(
            target_beside_workspace(&alone),
            dir.path().join("alone/target")
        );
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[workspace.package]\nversion = \"1.0.0\"\n",
        )
        .unwrap();
        assert_eq!(target_beside_workspace(&alone), dir.path().join("target"));
    }

    #[test]
    fn keeps_and_reads_back_only_for_the_same_manifests_and_target_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        std::fs::create_dir_all(root.join("member")).unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"member\"]\n",
        )
        .unwrap();
        let member = root.join("member/Cargo.toml");
        std::fs::write(&member, "[package]\nname = \"m\"\n").unwrap();
        let target = root.join("target");
        assert_eq!(target_beside_workspace(&member), target);
        let texts = [(member.to_str().unwrap(), "[package]\nname = \"m\"\n")];
        let kept = KeptMetadata {
            file: target.join("ready").join(FILE),
            fingerprint: fingerprint(&manifests(&texts)),
        };
        // No target directory yet: nothing is created.
        kept.keep("{\"packages\":[]}", &target);
        assert!(!target.exists());
        std::fs::create_dir(&target).unwrap();
        // Another target directory than the one guessed: not kept.
        kept.keep("{\"packages\":[]}", &dir.path().join("elsewhere"));
        assert_eq!(kept.read(), None);
        kept.keep("{\"packages\":[]}", &target);
        assert_eq!(kept.read().as_deref(), Some("{\"packages\":[]}"));
        assert!(target.join("ready").join(FILE).is_file());
        let edited = [(member.to_str().unwrap(), "[package]\nname = \"n\"\n")];
        let after_edit = KeptMetadata {
            fingerprint: fingerprint(&manifests(&edited)),
            ..kept
        };
        assert_eq!(after_edit.read(), None);
    }
}
