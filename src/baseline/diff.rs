//! The comparison of two releases as data, for `--diff` and the JSON output: each manifest key
//! and each file added, removed or changed, with sizes.

use serde::Serialize;

use super::side::Side;

/// What changed from the baseline to this release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseDiff {
    /// The baseline's version.
    pub baseline: String,
    /// The version being published.
    pub version: String,
    /// Manifest keys added, removed or changed (`features.std`, `dependencies.serde`, ...).
    pub manifest: Vec<KeyChange>,
    /// Files added, removed or changed (cargo's own `Cargo.toml`, `Cargo.lock`, ... left out).
    pub files: Vec<FileChange>,
    /// The `.crate`'s size in the baseline and now, when both are `.crate`s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crate_size: Option<Sizes>,
}

/// How something changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Only in this release.
    Added,
    /// Only in the baseline.
    Removed,
    /// In both, different.
    Changed,
}

impl Change {
    /// The sign `--diff` prints: `+`, `-` or `~`.
    pub fn sign(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        }
    }

    fn of<T: PartialEq>(from: Option<&T>, to: Option<&T>) -> Option<Change> {
        match (from, to) {
            (None, Some(_)) => Some(Change::Added),
            (Some(_), None) => Some(Change::Removed),
            (Some(a), Some(b)) if a != b => Some(Change::Changed),
            _ => None,
        }
    }
}

/// One manifest key that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyChange {
    /// The key, dotted.
    pub key: String,
    /// How.
    pub change: Change,
    /// Its value in the baseline.
    pub from: Option<String>,
    /// Its value now.
    pub to: Option<String>,
}

/// One file that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Its path in the package.
    pub path: String,
    /// How.
    pub change: Change,
    /// Its size in the baseline.
    pub from_size: Option<u64>,
    /// Its size now.
    pub to_size: Option<u64>,
}

/// A size before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sizes {
    /// In the baseline.
    pub from: u64,
    /// Now.
    pub to: u64,
}

/// Compares the baseline `from` with this release `to`.
pub fn compare(from: &Side, to: &Side) -> ReleaseDiff {
    let mut manifest = Vec::new();
    let mut key = |key: String, a: Option<String>, b: Option<String>| {
        if let Some(change) = Change::of(a.as_ref(), b.as_ref()) {
            manifest.push(KeyChange {
                key,
                change,
                from: a,
                to: b,
            });
        }
    };
    let version = |side: &Side| side.version.as_ref().map(ToString::to_string);
    key("package.version".into(), version(from), version(to));
    for (name, a, b) in [
        ("rust-version", &from.rust_version, &to.rust_version),
        ("license", &from.license, &to.license),
        ("links", &from.links, &to.links),
        ("readme", &from.readme, &to.readme),
        ("license-file", &from.license_file, &to.license_file),
    ] {
        key(format!("package.{name}"), a.clone(), b.clone());
    }
    key(
        "package.edition".into(),
        Some(from.edition.clone()),
        Some(to.edition.clone()),
    );
    key("lib.name".into(), from.lib.clone(), to.lib.clone());
    for name in from.bins.union(&to.bins) {
        let shown = |side: &Side| side.bins.contains(name).then(|| name.clone());
        key(format!("bin.{name}"), shown(from), shown(to));
    }
    let features = from.features.keys().chain(to.features.keys());
    let features: std::collections::BTreeSet<&String> = features.collect();
    for name in features {
        let shown = |side: &Side| {
            side.features.get(name).map(|list| {
                let items: Vec<String> = list.iter().map(|i| format!("\"{i}\"")).collect();
                format!("[{}]", items.join(", "))
            })
        };
        key(format!("features.{name}"), shown(from), shown(to));
    }
    let dependencies = from.dependencies.keys().chain(to.dependencies.keys());
    let dependencies: std::collections::BTreeSet<&String> = dependencies.collect();
    for name in dependencies {
        if let (Some(a), Some(b)) = (from.dependencies.get(name), to.dependencies.get(name))
            && a.build == b.build
            && same_requirement(&a.requirement, &b.requirement)
        {
            continue;
        }
        let shown = |side: &Side| {
            side.dependencies.get(name).map(|d| {
                if d.build {
                    format!("{} (build)", d.requirement)
                } else {
                    d.requirement.clone()
                }
            })
        };
        key(format!("dependencies.{name}"), shown(from), shown(to));
    }
    let mut files = Vec::new();
    let paths: std::collections::BTreeSet<&String> =
        from.files.keys().chain(to.files.keys()).collect();
    for path in paths {
        let (a, b) = (from.files.get(path), to.files.get(path));
        let change = match (a, b) {
            (Some(a), Some(b)) => {
                let differ =
                    a.size != b.size || (a.hash.is_some() && b.hash.is_some() && a.hash != b.hash);
                if !differ {
                    continue;
                }
                Change::Changed
            }
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (None, None) => continue,
        };
        files.push(FileChange {
            path: path.clone(),
            change,
            from_size: a.map(|f| f.size),
            to_size: b.map(|f| f.size),
        });
    }
    let crate_size = from
        .crate_size
        .zip(to.crate_size)
        .map(|(from, to)| Sizes { from, to });
    ReleaseDiff {
        baseline: version(from).unwrap_or_default(),
        version: version(to).unwrap_or_default(),
        manifest,
        files,
        crate_size,
    }
}

/// Whether two requirements accept the same versions as written (`1.0` and `^1.0` do).
fn same_requirement(a: &str, b: &str) -> bool {
    match (semver::VersionReq::parse(a), semver::VersionReq::parse(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::side::{Dependency, File};

    #[test]
    fn keys_and_files_added_removed_and_changed() {
        let mut from = Side {
            version: Some("1.0.0".parse().unwrap()),
            edition: "2021".into(),
            ..Side::default()
        };
        from.features.insert("a".into(), ["x".to_string()].into());
        from.features.insert("gone".into(), Default::default());
        from.dependencies.insert(
            "serde".into(),
            Dependency {
                requirement: "1".into(),
                build: false,
            },
        );
        from.files.insert(
            "src/lib.rs".into(),
            File {
                size: 10,
                hash: Some(1),
            },
        );
        from.files.insert(
            "same.txt".into(),
            File {
                size: 3,
                hash: Some(7),
            },
        );
        from.files.insert(
            "old.txt".into(),
            File {
                size: 3,
                hash: None,
            },
        );
        from.crate_size = Some(100);
        let mut to = from.clone();
        to.version = Some("1.1.0".parse().unwrap());
        to.features.remove("gone");
        to.features
            .insert("a".into(), ["x".to_string(), "y".to_string()].into());
        to.dependencies.insert(
            "cc".into(),
            Dependency {
                requirement: "1".into(),
                build: true,
            },
        );
        to.files.insert(
            "src/lib.rs".into(),
            File {
                size: 10,
                hash: Some(2),
            },
        );
        to.files.remove("old.txt");
        to.files.insert(
            "new.txt".into(),
            File {
                size: 5,
                hash: None,
            },
        );
        to.crate_size = Some(150);
        let diff = compare(&from, &to);
        let keys: Vec<(&str, Change, Option<&str>, Option<&str>)> = diff
            .manifest
            .iter()
            .map(|k| (k.key.as_str(), k.change, k.from.as_deref(), k.to.as_deref()))
            .collect();
        assert_eq!(
            keys,
            [
                (
                    "package.version",
                    Change::Changed,
                    Some("1.0.0"),
                    Some("1.1.0")
                ),
                (
                    "features.a",
                    Change::Changed,
                    Some("[\"x\"]"),
                    Some("[\"x\", \"y\"]")
                ),
                ("features.gone", Change::Removed, Some("[]"), None),
                ("dependencies.cc", Change::Added, None, Some("1 (build)")),
            ]
        );
        let files: Vec<(&str, Change)> = diff
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.change))
            .collect();
        assert_eq!(
            files,
            [
                ("new.txt", Change::Added),
                ("old.txt", Change::Removed),
                ("src/lib.rs", Change::Changed),
            ]
        );
        assert_eq!(diff.crate_size, Some(Sizes { from: 100, to: 150 }));
        assert!(compare(&from, &from).files.is_empty());
        assert!(same_requirement("1.0", "^1.0"));
        assert!(!same_requirement("1.0", "~1.0"));
        assert!(!same_requirement("1", "2"));
    }
}
