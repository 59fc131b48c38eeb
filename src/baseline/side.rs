//! What one release of a package is, as a comparison needs it: its normalized manifest's
//! features, targets, dependencies and fields, and the files it ships with their sizes. Read
//! from a `.crate` (the baseline's, or the one the package stage made), or from the package as
//! cargo metadata reports it with the files the manifest stage lists.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::io::Read;
use std::path::{Path, PathBuf};

use cargo_metadata::{DependencyKind, Package, TargetKind};
use semver::Version;
use toml_edit::{DocumentMut, Item};

use crate::stage::contents::{Contents, SCAN_LIMIT};

/// Files cargo writes into every `.crate` itself; compared through the manifest, not as files.
const WRITTEN_BY_CARGO: [&str; 4] = [
    "Cargo.toml",
    "Cargo.toml.orig",
    "Cargo.lock",
    ".cargo_vcs_info.json",
];

/// One release of a package.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Side {
    /// Its version.
    pub version: Option<Version>,
    /// Each feature with what it enables, the implicit feature of an optional dependency
    /// included (`x = ["dep:x"]`).
    pub features: BTreeMap<String, BTreeSet<String>>,
    /// The library's crate name (`lib.name`), when it has a library.
    pub lib: Option<String>,
    /// The names of its binaries.
    pub bins: BTreeSet<String>,
    /// `rust-version`, as written.
    pub rust_version: Option<String>,
    /// `license`.
    pub license: Option<String>,
    /// `edition` (2015 when unset).
    pub edition: String,
    /// `links`.
    pub links: Option<String>,
    /// Its normal and build dependencies (any target), by package name.
    pub dependencies: BTreeMap<String, Dependency>,
    /// The features each dependency is declared with (`features = [...]`), by package name.
    pub dependency_features: BTreeMap<String, BTreeSet<String>>,
    /// `readme`, as a path in the package.
    pub readme: Option<String>,
    /// `license-file`, as written.
    pub license_file: Option<String>,
    /// The files it ships (but those cargo writes itself), by `/`-separated path.
    pub files: BTreeMap<String, File>,
    /// The size of its `.crate`, when it is one.
    pub crate_size: Option<u64>,
}

/// One dependency of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The version requirement, as written (`*` when none).
    pub requirement: String,
    /// Whether it is a build dependency only.
    pub build: bool,
}

/// One shipped file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct File {
    /// Its size in bytes.
    pub size: u64,
    /// A hash of its first [`SCAN_LIMIT`] bytes, when read.
    pub hash: Option<u64>,
}

/// The release a `.crate` holds, from its normalized `Cargo.toml` and its entries.
pub fn from_crate(contents: &Contents) -> Result<Side, String> {
    let mut manifest = None;
    let mut files = BTreeMap::new();
    contents
        .scan(&mut |entry, head| {
            if entry.path == "Cargo.toml" {
                manifest = Some(String::from_utf8_lossy(head).into_owned());
            }
            if !WRITTEN_BY_CARGO.contains(&entry.path.as_str()) {
                let hash = Some(hash(head));
                files.insert(
                    entry.path.clone(),
                    File {
                        size: entry.size,
                        hash,
                    },
                );
            }
        })
        .map_err(|error| format!("the .crate could not be read: {error}"))?;
    let manifest = manifest.ok_or("the .crate has no Cargo.toml")?;
    let mut side = from_manifest_text(&manifest, files)?;
    side.crate_size = Some(contents.compressed);
    Ok(side)
}

/// The release a normalized `Cargo.toml` describes, shipping `files`.
pub fn from_manifest_text(text: &str, files: BTreeMap<String, File>) -> Result<Side, String> {
    let document: DocumentMut = text
        .parse()
        .map_err(|error| format!("its Cargo.toml is not TOML: {error}"))?;
    let root = document.as_item();
    let package = at(root, "package");
    let string = |item: &Item| item.as_str().map(str::to_string);
    let name = string(at(package, "name")).unwrap_or_default();
    let mut dependencies = BTreeMap::new();
    let mut declared = Declared::default();
    let mut tables: Vec<(&Item, bool)> = vec![
        (at(root, "dependencies"), false),
        (at(root, "build-dependencies"), true),
    ];
    if let Some(targets) = document.get("target").and_then(Item::as_table_like) {
        for (_, target) in targets.iter() {
            tables.push((at(target, "dependencies"), false));
            tables.push((at(target, "build-dependencies"), true));
        }
    }
    for (table, build) in tables {
        let Some(table) = table.as_table_like() else {
            continue;
        };
        for (key, value) in table.iter() {
            let (package_name, requirement, is_optional) = match value.as_str() {
                Some(requirement) => (key.to_string(), requirement.to_string(), false),
                None => {
                    let get = |field: &str| value.get(field).and_then(|v| v.as_str());
                    (
                        get("package").unwrap_or(key).to_string(),
                        get("version").unwrap_or("*").to_string(),
                        value
                            .get("optional")
                            .and_then(|v| v.as_bool())
                            .unwrap_or(false),
                    )
                }
            };
            let features = value
                .get("features")
                .and_then(|f| f.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            declared.add(key, &package_name, is_optional, features);
            dependencies
                .entry(package_name)
                .and_modify(|d: &mut Dependency| d.build &= build)
                .or_insert(Dependency { requirement, build });
        }
    }
    let mut features: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(table) = document.get("features").and_then(Item::as_table_like) {
        for (feature, enables) in table.iter() {
            let list = enables
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            features.insert(feature.to_string(), list);
        }
    }
    let features = declared.normalize(features);
    let lib = match document.get("lib") {
        Some(lib) => Some(string(at(lib, "name")).unwrap_or_else(|| name.replace('-', "_"))),
        None => files
            .contains_key("src/lib.rs")
            .then(|| name.replace('-', "_")),
    };
    let explicit: Vec<(String, Option<String>)> = document
        .get("bin")
        .and_then(Item::as_array_of_tables)
        .map(|bins| {
            bins.iter()
                .filter_map(|bin| {
                    let name = bin.get("name")?.as_str()?.to_string();
                    let path = bin.get("path").and_then(|p| p.as_str()).map(str::to_string);
                    Some((name, path))
                })
                .collect()
        })
        .unwrap_or_default();
    let autobins = package
        .get("autobins")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let bins = binaries(&name, &explicit, autobins, &files);
    Ok(Side {
        version: string(at(package, "version")).and_then(|v| Version::parse(&v).ok()),
        features,
        lib,
        bins,
        rust_version: string(at(package, "rust-version")).map(|v| full_version(&v)),
        license: string(at(package, "license")),
        edition: string(at(package, "edition")).unwrap_or_else(|| "2015".to_string()),
        links: string(at(package, "links")),
        dependencies,
        dependency_features: declared.features,
        readme: string(at(package, "readme")),
        license_file: string(at(package, "license-file")),
        files,
        crate_size: None,
    })
}

/// A `rust-version` as a full version (`1.70` is `1.70.0`, as cargo metadata says it), or as
/// written when it is none.
fn full_version(text: &str) -> String {
    crate::read::registry::index_cache::partial_version(text)
        .map_or_else(|| text.to_string(), |v| v.to_string())
}

/// The item at `key` of a table, or none.
fn at<'i>(item: &'i Item, key: &str) -> &'i Item {
    static NONE: Item = Item::None;
    item.get(key).unwrap_or(&NONE)
}

/// The release cargo metadata describes, shipping `files` (relative to the package directory
/// `dir`; each read to hash it).
pub fn from_package(package: &Package, dir: &Path, files: &[PathBuf]) -> Side {
    let features: BTreeMap<String, BTreeSet<String>> = package
        .features
        .iter()
        .map(|(name, enables)| (name.clone(), enables.iter().cloned().collect()))
        .collect();
    let mut dependencies = BTreeMap::new();
    let mut declared = Declared::default();
    for dep in &package.dependencies {
        let build = match dep.kind {
            DependencyKind::Development => continue,
            DependencyKind::Build => true,
            _ => false,
        };
        let key = dep.rename.as_deref().unwrap_or(&dep.name);
        declared.add(
            key,
            &dep.name,
            dep.optional,
            dep.features.iter().cloned().collect(),
        );
        dependencies
            .entry(dep.name.clone())
            .and_modify(|d: &mut Dependency| d.build &= build)
            .or_insert(Dependency {
                requirement: dep.req.to_string(),
                build,
            });
    }
    let features = declared.normalize(features);
    let lib = package
        .targets
        .iter()
        .find(|t| {
            t.kind.iter().any(|k| {
                matches!(
                    k,
                    TargetKind::Lib
                        | TargetKind::RLib
                        | TargetKind::DyLib
                        | TargetKind::CDyLib
                        | TargetKind::StaticLib
                        | TargetKind::ProcMacro
                )
            })
        })
        .map(|t| t.name.replace('-', "_"));
    let bins = package
        .targets
        .iter()
        .filter(|t| t.kind.contains(&TargetKind::Bin))
        .map(|t| t.name.clone())
        .collect();
    let mut files: BTreeMap<String, File> = files
        .iter()
        .filter_map(|file| {
            let path = crate::read::files::slashed(file).into_owned();
            if WRITTEN_BY_CARGO.contains(&path.as_str()) {
                return None;
            }
            Some((path, read_file(&dir.join(file))))
        })
        .collect();
    // cargo packages the `readme` and `license-file` whatever `include` and `exclude` say,
    // one from outside the package at its root.
    for named in [package.readme.as_ref(), package.license_file.as_ref()]
        .into_iter()
        .flatten()
    {
        let path = Path::new(named.as_str());
        let shipped_as = if crate::paths::is_inside(path) {
            Some(
                crate::read::files::slashed(path)
                    .trim_start_matches("./")
                    .to_string(),
            )
        } else {
            path.file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
        };
        let file = crate::paths::normalize(&dir.join(path));
        if let Some(shipped_as) = shipped_as
            && !files.contains_key(&shipped_as)
            && file.is_file()
        {
            files.insert(shipped_as, read_file(&file));
        }
    }
    let readme = package.readme.as_ref().map(|r| {
        let r = r.as_str().replace('\\', "/");
        if crate::paths::is_inside(Path::new(&r)) {
            r.trim_start_matches("./").to_string()
        } else {
            r.rsplit('/').next().unwrap_or(&r).to_string()
        }
    });
    Side {
        version: Some(package.version.clone()),
        features,
        lib,
        bins,
        rust_version: package.rust_version.as_ref().map(Version::to_string),
        license: package.license.clone(),
        edition: package.edition.to_string(),
        links: package.links.clone(),
        dependencies,
        dependency_features: declared.features,
        readme,
        license_file: package.license_file.as_ref().map(|f| f.to_string()),
        files,
        crate_size: None,
    }
}

/// The dependencies a manifest declares (normal and build, any target), as its features
/// name them.
#[derive(Default)]
struct Declared {
    /// The package of each dependency key (a renamed dependency's key is its new name).
    packages: BTreeMap<String, String>,
    /// The keys of the optional ones.
    optional: BTreeSet<String>,
    /// The features each dependency is declared with, by package.
    features: BTreeMap<String, BTreeSet<String>>,
}

impl Declared {
    fn add(&mut self, key: &str, package: &str, optional: bool, features: BTreeSet<String>) {
        self.packages
            .entry(key.to_string())
            .or_insert_with(|| package.to_string());
        if optional {
            self.optional.insert(key.to_string());
        }
        self.features
            .entry(package.to_string())
            .or_default()
            .extend(features);
    }

    /// The features with the implicit feature of each optional dependency no feature names as
    /// `dep:x` (cargo makes it), and each item naming a dependency by its package, so a
    /// renamed dependency or an implicit feature written out compares equal: `dep:key`, and a
    /// `key` that is an implicit feature, become `dep:package`; `key/f` and `key?/f` become
    /// `package/f` and `package?/f`.
    fn normalize(
        &self,
        mut features: BTreeMap<String, BTreeSet<String>>,
    ) -> BTreeMap<String, BTreeSet<String>> {
        let named: BTreeSet<&str> = features
            .values()
            .flatten()
            .filter_map(|e| e.strip_prefix("dep:"))
            .collect();
        let implicit: Vec<String> = self
            .optional
            .iter()
            .filter(|key| !named.contains(key.as_str()))
            .cloned()
            .collect();
        for key in implicit {
            features
                .entry(key.clone())
                .or_insert_with(|| BTreeSet::from([format!("dep:{key}")]));
        }
        let is_implicit = |name: &str| {
            self.optional.contains(name)
                && features
                    .get(name)
                    .is_none_or(|list| list.len() == 1 && list.contains(&format!("dep:{name}")))
        };
        let package = |key: &str| {
            self.packages
                .get(key)
                .map_or(key, String::as_str)
                .to_string()
        };
        let item = |item: &String| -> String {
            if let Some(key) = item.strip_prefix("dep:") {
                return format!("dep:{}", package(key));
            }
            if let Some((key, feature)) = item.split_once('/') {
                let (key, weak) = match key.strip_suffix('?') {
                    Some(key) => (key, "?"),
                    None => (key, ""),
                };
                if self.packages.contains_key(key) {
                    return format!("{}{weak}/{feature}", package(key));
                }
                return item.clone();
            }
            if is_implicit(item) {
                return format!("dep:{}", package(item));
            }
            item.clone()
        };
        features
            .iter()
            .map(|(name, list)| (name.clone(), list.iter().map(item).collect()))
            .collect()
    }
}

/// The binaries of a package: those `[[bin]]` names, and with `autobins`, `src/main.rs` and
/// `src/bin/*.rs`, `src/bin/*/main.rs` that no `[[bin]]` claims.
fn binaries(
    package: &str,
    explicit: &[(String, Option<String>)],
    autobins: bool,
    files: &BTreeMap<String, File>,
) -> BTreeSet<String> {
    let mut bins: BTreeSet<String> = explicit.iter().map(|(name, _)| name.clone()).collect();
    if !autobins {
        return bins;
    }
    let claimed: BTreeSet<&str> = explicit.iter().filter_map(|(_, p)| p.as_deref()).collect();
    for path in files.keys() {
        let name = if path == "src/main.rs" {
            Some(package)
        } else if let Some(rest) = path.strip_prefix("src/bin/") {
            rest.strip_suffix("/main.rs")
                .or_else(|| rest.strip_suffix(".rs"))
                .filter(|n| !n.contains('/'))
        } else {
            None
        };
        if let Some(name) = name
            && !claimed.contains(path.as_str())
        {
            bins.insert(name.to_string());
        }
    }
    bins
}

/// A file's size, and the hash of its first [`SCAN_LIMIT`] bytes.
fn read_file(path: &Path) -> File {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut head = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(SCAN_LIMIT as u64).read_to_end(&mut head))
        .is_ok();
    File {
        size,
        hash: read.then(|| hash(&head)),
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> BTreeMap<String, File> {
        paths
            .iter()
            .map(|p| {
                (
                    p.to_string(),
                    File {
                        size: 1,
                        hash: None,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn a_normalized_manifest_with_its_implicit_features_and_targets() {
        let text = r#"
[package]
name = "my-crate"
version = "1.2.0"
edition = "2021"
rust-version = "1.70"
license = "MIT"
links = "z"
readme = "README.md"

[features]
default = ["std"]
std = []
fast = ["dep:simd"]

[dependencies]
serde = "1.0"
simd = { version = "0.3", optional = true }
tokio-core = { package = "tokio", version = "1", optional = true }

[build-dependencies]
cc = "1"

[target.'cfg(unix)'.dependencies]
libc = { version = "0.2" }

[dev-dependencies]
proptest = "1"

[[bin]]
name = "tool"
path = "src/main.rs"
"#;
        let side = from_manifest_text(
            text,
            files(&[
                "src/lib.rs",
                "src/main.rs",
                "src/bin/other.rs",
                "src/bin/x/main.rs",
            ]),
        )
        .unwrap();
        assert_eq!(side.version, Some(Version::new(1, 2, 0)));
        let features: Vec<(&str, Vec<&str>)> = side
            .features
            .iter()
            .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            features,
            [
                ("default", vec!["std"]),
                ("fast", vec!["dep:simd"]),
                ("std", vec![]),
                ("tokio-core", vec!["dep:tokio"]),
            ]
        );
        assert_eq!(side.lib.as_deref(), Some("my_crate"));
        let bins: Vec<&str> = side.bins.iter().map(String::as_str).collect();
        assert_eq!(bins, ["other", "tool", "x"]);
        let deps: Vec<(&str, &str, bool)> = side
            .dependencies
            .iter()
            .map(|(k, d)| (k.as_str(), d.requirement.as_str(), d.build))
            .collect();
        assert_eq!(
            deps,
            [
                ("cc", "1", true),
                ("libc", "0.2", false),
                ("serde", "1.0", false),
                ("simd", "0.3", false),
                ("tokio", "1", false),
            ]
        );
        assert_eq!(side.rust_version.as_deref(), Some("1.70.0"));
        assert_eq!(side.links.as_deref(), Some("z"));
        assert_eq!(side.edition, "2021");
    }

    #[test]
    fn features_name_dependencies_by_their_package() {
        let text = r#"
[package]
name = "a"

[features]
tokio = ["tokio_01"]
std = ["tokio_01?/std", "dep:simd", "serde/std", "other"]
other = []

[dependencies]
tokio_01 = { package = "tokio", version = "0.1", optional = true, features = ["net"] }
simd = { version = "1", optional = true }
serde = { version = "1", features = ["derive"] }
"#;
        let side = from_manifest_text(text, BTreeMap::new()).unwrap();
        let features: Vec<(&str, Vec<&str>)> = side
            .features
            .iter()
            .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            features,
            [
                ("other", vec![]),
                ("std", vec!["dep:simd", "other", "serde/std", "tokio?/std"]),
                ("tokio", vec!["dep:tokio"]),
                ("tokio_01", vec!["dep:tokio"]),
            ]
        );
        let net: Vec<&str> = side.dependency_features["tokio"]
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(net, ["net"]);
    }

    #[test]
    fn targets_as_a_manifest_declares_them() {
        for (manifest, paths, lib, bins) in [
            // No [lib], no src/lib.rs: no library.
            (
                "[package]\nname = \"a-b\"\n",
                &["src/main.rs"][..],
                None,
                &["a-b"][..],
            ),
            // A renamed library.
            (
                "[package]\nname = \"a-b\"\n[lib]\nname = \"ab\"\npath = \"src/lib.rs\"\n",
                &["src/lib.rs"][..],
                Some("ab"),
                &[][..],
            ),
            // Newer cargo writes every target and turns discovery off.
            (
                "[package]\nname = \"a\"\nautobins = false\n[[bin]]\nname = \"a\"\npath = \"src/main.rs\"\n",
                &["src/main.rs", "src/bin/old.rs"][..],
                None,
                &["a"][..],
            ),
        ] {
            let side = from_manifest_text(manifest, files(paths)).unwrap();
            assert_eq!(side.lib.as_deref(), lib, "{manifest}");
            let found: Vec<&str> = side.bins.iter().map(String::as_str).collect();
            assert_eq!(found, bins, "{manifest}");
        }
        assert_eq!(
            from_manifest_text("[package]\nedition = 20", BTreeMap::new()).map(|s| s.edition),
            Ok("2015".to_string())
        );
        assert!(from_manifest_text("[package", BTreeMap::new()).is_err());
    }

    #[test]
    fn a_crate_is_read_without_the_files_cargo_writes() {
        let bytes = crate::stage::contents::build(&[
            (
                "a-1.0.0/Cargo.toml",
                b"[package]\nname = \"a\"\nversion = \"1.0.0\"\n",
            ),
            ("a-1.0.0/Cargo.toml.orig", b"[package]\n"),
            ("a-1.0.0/.cargo_vcs_info.json", b"{}"),
            ("a-1.0.0/src/lib.rs", b"pub fn a() {}\n"),
        ]);
        let size = bytes.len() as u64;
        let contents = crate::stage::contents::read(bytes, "a-1.0.0").unwrap();
        let side = from_crate(&contents).unwrap();
        let paths: Vec<&str> = side.files.keys().map(String::as_str).collect();
        assert_eq!(paths, ["src/lib.rs"]);
        assert_eq!(side.files["src/lib.rs"].size, 14);
        assert_eq!(side.crate_size, Some(size));
        assert_eq!(side.lib.as_deref(), Some("a"));
    }
}
