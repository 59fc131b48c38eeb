//! The workspace as cargo sees it (`cargo metadata --no-deps`), the manifests' text, and which
//! packages a run checks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cargo_metadata::{Metadata, MetadataCommand, Package};

use crate::error::Error;
use crate::manifest::Manifest;

/// `-p`, `--workspace` and `--exclude`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Package specs given with `-p` (`name` or `name@version`).
    pub packages: Vec<String>,
    /// `--workspace`.
    pub workspace: bool,
    /// `--exclude` specs.
    pub exclude: Vec<String>,
}

/// The loaded workspace.
pub struct Workspace {
    /// What `cargo metadata --no-deps` reported.
    pub metadata: Metadata,
    /// The manifest cargo-ready was pointed at (given, or found from the current directory).
    pub manifest_path: PathBuf,
    /// The workspace root's Cargo.toml.
    pub root: Manifest,
}

/// Why a selected package is not checked.
pub fn skip_reason(package: &Package) -> Option<String> {
    match package.publish.as_deref() {
        None => None,
        Some([]) => Some("`publish = false` in Cargo.toml".to_string()),
        Some(registries) if registries.iter().any(|r| r == "crates-io") => None,
        Some(registries) => Some(format!(
            "`publish` lists only {}, not crates-io",
            registries
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

impl Workspace {
    /// Finds the manifest, runs `cargo metadata --no-deps` and reads the root manifest.
    pub fn load(manifest_path: Option<&Path>) -> Result<Workspace, Error> {
        let manifest_path = match manifest_path {
            Some(path) => checked_manifest_path(path)?,
            None => find_manifest()?,
        };
        let metadata = MetadataCommand::new()
            .manifest_path(&manifest_path)
            .no_deps()
            .exec()
            .map_err(|e| metadata_error(e, &manifest_path))?;
        let root_path = metadata
            .workspace_root
            .join("Cargo.toml")
            .into_std_path_buf();
        let root = Manifest::load(&root_path)?;
        Ok(Workspace {
            metadata,
            manifest_path,
            root,
        })
    }

    /// The workspace members, in cargo's order.
    pub fn members(&self) -> Vec<&Package> {
        self.metadata.workspace_packages()
    }

    /// The packages a run checks, in workspace order.
    ///
    /// With no selection: the package whose manifest was given or found, or at a virtual
    /// workspace root, the default members.
    pub fn select(&self, selection: &Selection) -> Result<Vec<&Package>, Error> {
        let members = self.members();
        let unknown = |spec: &str| Error::UnknownPackage {
            spec: spec.to_string(),
            members: members.iter().map(|p| p.name.to_string()).collect(),
        };
        for spec in selection.packages.iter().chain(&selection.exclude) {
            if !members.iter().any(|p| matches_spec(p, spec)) {
                return Err(unknown(spec));
            }
        }
        let chosen: Vec<&Package> = if selection.workspace {
            members
                .iter()
                .copied()
                .filter(|p| !selection.exclude.iter().any(|s| matches_spec(p, s)))
                .collect()
        } else if !selection.packages.is_empty() {
            members
                .iter()
                .copied()
                .filter(|p| selection.packages.iter().any(|s| matches_spec(p, s)))
                .collect()
        } else if let Some(package) = members
            .iter()
            .copied()
            .find(|p| p.manifest_path.as_std_path() == self.manifest_path)
        {
            vec![package]
        } else {
            let defaults: Vec<_> = self.metadata.workspace_default_packages();
            if defaults.is_empty() {
                members
            } else {
                defaults
            }
        };
        Ok(chosen)
    }

    /// Reads every selected package's manifest (the root one is reused).
    pub fn manifests(&self, packages: &[&Package]) -> Result<BTreeMap<PathBuf, Manifest>, Error> {
        let mut manifests = BTreeMap::new();
        for package in packages {
            let path = package.manifest_path.as_std_path();
            if path == self.root.path || manifests.contains_key(path) {
                continue;
            }
            manifests.insert(path.to_path_buf(), Manifest::load(path)?);
        }
        Ok(manifests)
    }
}

fn matches_spec(package: &Package, spec: &str) -> bool {
    match spec.split_once('@') {
        Some((name, version)) => {
            package.name.as_str() == name && package.version.to_string() == version
        }
        None => package.name.as_str() == spec,
    }
}

fn checked_manifest_path(path: &Path) -> Result<PathBuf, Error> {
    let problem = |problem| Error::ManifestPath {
        path: path.to_path_buf(),
        problem,
    };
    if path.is_dir() {
        return Err(problem("is a directory, not a Cargo.toml file"));
    }
    if !path.exists() {
        return Err(problem("does not exist"));
    }
    if path.file_name().is_none_or(|n| n != "Cargo.toml") {
        return Err(problem("is not a file named Cargo.toml"));
    }
    std::path::absolute(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "resolve",
        source,
    })
}

fn find_manifest() -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        action: "read the current directory",
        source,
    })?;
    cwd.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|candidate| candidate.is_file())
        .ok_or(Error::NoManifest { cwd })
}

fn metadata_error(error: cargo_metadata::Error, manifest_path: &Path) -> Error {
    let command = format!(
        "cargo metadata --no-deps --manifest-path {}",
        manifest_path.display()
    );
    match error {
        cargo_metadata::Error::CargoMetadata { stderr } => Error::Cargo { command, stderr },
        cargo_metadata::Error::Io(source) => Error::CargoNotFound {
            program: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()),
            source,
        },
        other => Error::Cargo {
            command,
            stderr: other.to_string(),
        },
    }
}
