//! `--each-feature` (cargo-hack's word): `cargo check` of the packaged crate with
//! `--no-default-features`, then each feature alone (`--no-default-features --features F`,
//! optional dependencies' features included), then `--all-features`, one after another in
//! one target directory, on the current toolchain. Every set is checked, whatever failed
//! before; with more than [`PROGRESS_ABOVE`] sets, each says `Checking feature 12/57`.

use serde::{Deserialize, Serialize};

use super::toolchains::Toolchains;
use super::{BuildRun, Command, Package};
use crate::error::Error;
use crate::stage::replay::Cache;

/// Above this many features, each check says how far it got.
pub const PROGRESS_ABOVE: usize = 40;

/// A set of features one check builds with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeatureSet {
    /// `--no-default-features`.
    NoDefault,
    /// `--no-default-features --features F`.
    Alone(String),
    /// `--all-features`.
    All,
}

impl FeatureSet {
    /// The flags that ask cargo for it.
    pub fn flags(&self) -> Vec<String> {
        match self {
            FeatureSet::NoDefault => vec!["--no-default-features".into()],
            FeatureSet::Alone(feature) => vec![
                "--no-default-features".into(),
                "--features".into(),
                feature.clone(),
            ],
            FeatureSet::All => vec!["--all-features".into()],
        }
    }
}

/// One feature set's check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureRun {
    /// The features it built with.
    pub features: FeatureSet,
    /// What cargo showed.
    pub run: BuildRun,
}

/// The sets to check for a package with `features` (cargo metadata's, `default` included):
/// none, each but `default` alone, all. A package without features has nothing to vary.
pub fn feature_sets(features: &[&str]) -> Vec<FeatureSet> {
    let alone: Vec<FeatureSet> = features
        .iter()
        .filter(|f| **f != "default")
        .map(|f| FeatureSet::Alone(f.to_string()))
        .collect();
    if features.is_empty() {
        return Vec::new();
    }
    std::iter::once(FeatureSet::NoDefault)
        .chain(alone)
        .chain(std::iter::once(FeatureSet::All))
        .collect()
}

/// Checks each feature set of `package`, or replays the checks; `Ok(Err(why))` when they
/// cannot run.
pub(super) fn run(
    package: &mut Package<'_>,
    toolchains: &mut Toolchains,
    cache: &mut Cache,
) -> Result<Result<Vec<FeatureRun>, String>, Error> {
    let pkg = package.selected.package;
    let features: Vec<&str> = pkg.features.keys().map(String::as_str).collect();
    let sets = feature_sets(&features);
    if sets.is_empty() {
        // Nothing to vary: the verification build checked the one way it builds.
        return Ok(Ok(Vec::new()));
    }
    let version = toolchains.version(None);
    let key = package.key(&format!("each-feature\n{version}\n{sets:?}"));
    if let Some(saved) = key
        .as_deref()
        .and_then(|k| cache.get::<Vec<FeatureRun>>(package.name, "each-feature", k))
    {
        package
            .progress
            .status("Fresh", &format!("{} (each feature)", package.name));
        return Ok(Ok(saved));
    }
    let target_dir = package.place.target.to_string_lossy().into_owned();
    let total = sets.len();
    package.progress.status(
        "Checking",
        &format!("{} with each feature ({total} feature sets)", package.name),
    );
    let mut runs = Vec::with_capacity(total);
    for (n, features) in sets.into_iter().enumerate() {
        if total > PROGRESS_ABOVE {
            package
                .progress
                .status("Checking", &format!("feature {}/{total}", n + 1));
        }
        let mut args = vec!["check".to_string()];
        args.extend(features.flags());
        args.extend([
            "--message-format".into(),
            "json".into(),
            "--target-dir".into(),
        ]);
        args.push(target_dir.clone());
        if package.place.offline {
            args.push("--offline".into());
        }
        let ran = package.cargo(&Command {
            program: crate::process::cargo_program(),
            args,
            env: vec![("CARGO_BUILD_BUILD_DIR", Some(&target_dir))],
        })?;
        if let Some(reason) = ran.not_run {
            return Ok(Err(reason));
        }
        runs.push(FeatureRun {
            features,
            run: ran.run,
        });
    }
    if let Some(key) = key {
        cache.put(package.name, "each-feature", key, &runs);
    }
    Ok(Ok(runs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_each_alone_then_all() {
        assert_eq!(
            feature_sets(&["default", "serde", "std"]),
            [
                FeatureSet::NoDefault,
                FeatureSet::Alone("serde".into()),
                FeatureSet::Alone("std".into()),
                FeatureSet::All
            ]
        );
        assert_eq!(
            feature_sets(&["default"]),
            [FeatureSet::NoDefault, FeatureSet::All]
        );
        assert!(feature_sets(&[]).is_empty());
        assert_eq!(
            FeatureSet::Alone("x".into()).flags(),
            ["--no-default-features", "--features", "x"]
        );
    }
}
