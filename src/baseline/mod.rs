//! The release a package is compared with: the newest published, non-yanked version below the
//! one being published (or the one `--baseline` names), as the registry's index lists it, and
//! its `.crate`, from cargo's download cache, from ours under the target directory, or
//! downloaded once from the index's `dl` location and checked against the index's checksum.
//!
//! [`side`] reads what a release is (its normalized manifest and files), and [`diff`] compares
//! two of them; the checks in `checks::package::since` judge the comparison.

pub mod diff;
pub mod registry;
pub mod side;

use std::path::{Path, PathBuf};

use semver::Version;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::read::registry::index_cache::PublishedVersion;
use registry::Registry;

/// A published release a package is compared with, its `.crate` at hand: what a later step
/// (cargo-semver-checks' `check-release --baseline-root`) needs to build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The package's name.
    pub name: String,
    /// The published version.
    pub version: Version,
    /// Its `.crate`, checked against the index's checksum: in cargo's download cache, or in
    /// ours under the target directory.
    pub crate_file: PathBuf,
    /// The `.crate` unpacked (the directory holding its normalized `Cargo.toml`), when
    /// [`Baseline::unpack`] made it.
    pub unpacked: Option<PathBuf>,
}

impl Baseline {
    /// Unpacks the `.crate` under `dir` (once: a second call finds it there) and records where.
    ///
    /// The unpacked package is made a workspace of its own (an empty `[workspace]` table ends
    /// its `Cargo.toml`): `dir` is usually inside the user's workspace (the target directory),
    /// and cargo run in the package would otherwise take it for a member that is not listed.
    pub fn unpack(&mut self, dir: &Path) -> Result<&Path, Error> {
        let root = dir.join(format!("{}-{}", self.name, self.version));
        let manifest = root.join("Cargo.toml");
        if !manifest.is_file() {
            let bytes = read(&self.crate_file)?;
            let contents =
                crate::stage::contents::read(bytes, &format!("{}-{}", self.name, self.version))
                    .map_err(|source| Error::Io {
                        path: self.crate_file.clone(),
                        action: "read",
                        source,
                    })?;
            contents.unpack_into(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                action: "unpack into",
                source,
            })?;
        }
        let text = std::fs::read_to_string(&manifest).map_err(|source| Error::Io {
            path: manifest.clone(),
            action: "read",
            source,
        })?;
        if !text.lines().any(|line| line.trim() == "[workspace]") {
            write_atomically(&manifest, format!("{text}\n[workspace]\n").as_bytes())?;
        }
        Ok(self.unpacked.insert(root))
    }
}

/// What the registry says a package is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing of the package is published: there is nothing to compare.
    FirstRelease,
    /// Versions are published.
    Published {
        /// The newest published, non-yanked version (pre-releases count only when the
        /// package's version is one).
        newest: Option<Version>,
        /// The release compared with; `None` when no published version is lower.
        baseline: Option<Baseline>,
    },
    /// The comparison cannot be made, and why.
    NotRun(String),
}

/// How far a run reaches for what the registry publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The index is asked, and a missing `.crate` downloaded.
    Online,
    /// The index's answer an earlier run kept in the store is used when there is one (and
    /// lists the `--baseline` version); otherwise as [`Reach::Online`].
    KeptFirst,
    /// Only the caches are read (cargo's, and the index answers and `.crate`s an earlier run
    /// kept in the store), for this reason: "the run is offline", say.
    CachesOnly(&'static str),
}

impl Reach {
    /// Whether the registry may be asked.
    pub fn is_online(self) -> bool {
        !matches!(self, Reach::CachesOnly(_))
    }

    /// Why only the caches are read, for messages.
    pub fn why_not_online(self) -> &'static str {
        match self {
            Reach::Online | Reach::KeptFirst => "the registry could not be reached",
            Reach::CachesOnly(reason) => reason,
        }
    }
}

/// The HTTP client of a run that may go online: made when a lookup first needs it (a run
/// whose caches answer everything never builds one), then shared so that lookups reuse
/// connections.
#[derive(Debug)]
pub struct Client {
    reach: Reach,
    agent: std::sync::OnceLock<ureq::Agent>,
}

impl Client {
    /// The client of a run that reaches this far.
    pub fn new(reach: Reach) -> Client {
        Client {
            reach,
            agent: std::sync::OnceLock::new(),
        }
    }

    /// The agent, unless the run reads the caches only.
    pub fn agent(&self) -> Option<&ureq::Agent> {
        self.reach.is_online().then(|| {
            self.agent
                .get_or_init(crate::read::registry::sparse_index::client)
        })
    }
}

/// How the baselines are found.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whether the registry is asked, or only the caches read.
    pub reach: Reach,
    /// `--baseline VERSION`.
    pub wanted: Option<Version>,
    /// Where downloaded `.crate`s and the index's last answers are kept
    /// (`<stage target dir>/baselines`).
    pub store: PathBuf,
}

/// The newest published version a release of `publishing` is compared with: not yanked,
/// lower, and a pre-release only when `publishing` is one.
pub fn newest_below<'v>(
    versions: &'v [PublishedVersion],
    publishing: &Version,
) -> Option<&'v PublishedVersion> {
    versions
        .iter()
        .filter(|v| !v.yanked && v.version < *publishing && counts(&v.version, publishing))
        .max_by(|a, b| a.version.cmp(&b.version))
}

/// The newest published, non-yanked version (pre-releases only when `publishing` is one).
pub fn newest(versions: &[PublishedVersion], publishing: &Version) -> Option<Version> {
    versions
        .iter()
        .filter(|v| !v.yanked && counts(&v.version, publishing))
        .map(|v| v.version.clone())
        .max()
}

fn counts(version: &Version, publishing: &Version) -> bool {
    version.pre.is_empty() || !publishing.pre.is_empty()
}

/// The URL of a `.crate`, from the `dl` template of an index's `config.json`: the markers
/// `{crate}`, `{version}`, `{prefix}`, `{lowerprefix}` and `{sha256-checksum}` replaced, or
/// `/{crate}/{version}/download` appended when it has none (as cargo does).
pub fn download_url(dl: &str, name: &str, version: &Version, checksum: &str) -> String {
    const MARKERS: [&str; 5] = [
        "{crate}",
        "{version}",
        "{prefix}",
        "{lowerprefix}",
        "{sha256-checksum}",
    ];
    if !MARKERS.iter().any(|m| dl.contains(m)) {
        return format!("{}/{name}/{version}/download", dl.trim_end_matches('/'));
    }
    let prefix = prefix(name);
    dl.replace("{crate}", name)
        .replace("{version}", &version.to_string())
        .replace("{prefix}", &prefix)
        .replace("{lowerprefix}", &prefix.to_lowercase())
        .replace("{sha256-checksum}", checksum)
}

/// cargo's `{prefix}` of a crate name: `1`, `2`, `3/a`, or `ab/cd`.
fn prefix(name: &str) -> String {
    match name.len() {
        1 => "1".to_string(),
        2 => "2".to_string(),
        3 => format!("3/{}", &name[..1]),
        _ => format!(
            "{}/{}",
            name.get(..2).unwrap_or(name),
            name.get(2..4).unwrap_or("")
        ),
    }
}

/// The SHA-256 of `bytes`, as lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Finds the baseline of package `name` at `version` in `registry`, and its `.crate`.
///
/// A `--baseline` version that is not published, and a downloaded `.crate` whose checksum is
/// not the index's, are errors of the run; a registry that cannot be read is [`Outcome::NotRun`].
pub fn find(
    registry: &Registry,
    name: &str,
    version: &Version,
    options: &Options,
    client: &Client,
) -> Result<Outcome, Error> {
    let versions = match registry.versions(name, client, options) {
        Ok(versions) => versions,
        Err(reason) => return Ok(Outcome::NotRun(reason)),
    };
    if versions.is_empty() && options.wanted.is_none() {
        return Ok(Outcome::FirstRelease);
    }
    let newest_version = newest(&versions, version);
    let chosen = match &options.wanted {
        Some(wanted) => Some(
            versions
                .iter()
                .find(|v| v.version == *wanted)
                .ok_or_else(|| not_published(name, wanted, &versions))?,
        ),
        None => newest_below(&versions, version),
    };
    let Some(chosen) = chosen else {
        return Ok(Outcome::Published {
            newest: newest_version,
            baseline: None,
        });
    };
    let Some(checksum) = chosen.checksum.as_deref() else {
        return Ok(Outcome::NotRun(format!(
            "the index gives no checksum for {name} v{}",
            chosen.version
        )));
    };
    let crate_file = match obtain(registry, name, &chosen.version, checksum, options, client)? {
        Ok(file) => file,
        Err(reason) => return Ok(Outcome::NotRun(reason)),
    };
    Ok(Outcome::Published {
        newest: newest_version,
        baseline: Some(Baseline {
            name: name.to_string(),
            version: chosen.version.clone(),
            crate_file,
            unpacked: None,
        }),
    })
}

fn not_published(name: &str, wanted: &Version, versions: &[PublishedVersion]) -> Error {
    let mut listed: Vec<&Version> = versions.iter().map(|v| &v.version).collect();
    listed.sort();
    let shown: Vec<String> = listed.iter().rev().take(5).map(|v| v.to_string()).collect();
    let help = if shown.is_empty() {
        "nothing of it is published".to_string()
    } else {
        format!("the newest published versions are {}", shown.join(", "))
    };
    Error::Usage(format!(
        "--baseline {wanted}: {name} v{wanted} is not published\nhelp: {help}"
    ))
}

/// The `.crate` of `name` `version` with the given checksum: cargo's download cache, ours, or
/// downloaded into ours. `Ok(Err(reason))` when it cannot be had (offline, unreachable).
fn obtain(
    registry: &Registry,
    name: &str,
    version: &Version,
    checksum: &str,
    options: &Options,
    client: &Client,
) -> Result<Result<PathBuf, String>, Error> {
    let file_name = format!("{name}-{version}.crate");
    let ours = options.store.join(&file_name);
    let candidates = registry
        .download_caches()
        .into_iter()
        .map(|dir| dir.join(&file_name))
        .chain([ours.clone()]);
    for candidate in candidates {
        // A cached file of another registry of the same host, or a partial one, is passed by.
        if let Ok(bytes) = std::fs::read(&candidate)
            && sha256(&bytes) == checksum
        {
            return Ok(Ok(candidate));
        }
    }
    let Some(agent) = client.agent() else {
        return Ok(Err(format!(
            "{name} v{version} is not in cargo's download cache nor in `{}`, and {}",
            options.store.display(),
            options.reach.why_not_online(),
        )));
    };
    let bytes = match registry.download(agent, name, version, checksum) {
        Ok(bytes) => bytes,
        Err(reason) => return Ok(Err(reason)),
    };
    let actual = sha256(&bytes);
    if actual != checksum {
        return Err(Error::ChecksumMismatch {
            name: name.to_string(),
            version: version.to_string(),
            expected: checksum.to_string(),
            actual,
        });
    }
    write_atomically(&ours, &bytes)?;
    Ok(Ok(ours))
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "read",
        source,
    })
}

/// Writes `bytes` to `path` through a temporary file, so a run never finds half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        action: "write",
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    std::io::Write::write_all(&mut temp, bytes).map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(list: &[(&str, bool)]) -> Vec<PublishedVersion> {
        list.iter()
            .map(|(v, yanked)| PublishedVersion {
                version: v.parse().unwrap(),
                yanked: *yanked,
                rust_version: None,
                published: None,
                checksum: None,
            })
            .collect()
    }

    #[test]
    fn the_baseline_is_the_newest_lower_release_not_yanked() {
        let versions = published(&[
            ("0.9.0", false),
            ("1.0.0", false),
            ("1.1.0", true),
            ("1.2.0-beta.1", false),
            ("1.3.0", false),
        ]);
        for (publishing, expected) in [
            ("1.2.0", Some("1.0.0")),
            ("1.1.5", Some("1.0.0")),
            ("1.2.0-beta.2", Some("1.2.0-beta.1")),
            ("1.2.0-alpha", Some("1.0.0")),
            ("2.0.0", Some("1.3.0")),
            ("1.0.0", Some("0.9.0")),
            ("0.9.0", None),
            ("0.1.0", None),
        ] {
            let publishing: Version = publishing.parse().unwrap();
            let found = newest_below(&versions, &publishing).map(|v| v.version.to_string());
            assert_eq!(found.as_deref(), expected, "publishing {publishing}");
        }
        let release: Version = "1.2.4".parse().unwrap();
        assert_eq!(newest(&versions, &release), Some("1.3.0".parse().unwrap()));
        let pre: Version = "2.0.0-rc.1".parse().unwrap();
        let only_pre = published(&[("2.0.0-rc.0", false), ("1.0.0", true)]);
        assert_eq!(newest(&only_pre, &pre), Some("2.0.0-rc.0".parse().unwrap()));
        assert_eq!(newest(&only_pre, &release), None);
    }

    #[test]
    fn download_urls_follow_the_dl_template() {
        let v: Version = "1.2.3".parse().unwrap();
        for (dl, name, expected) in [
            (
                "https://static.crates.io/crates",
                "serde",
                "https://static.crates.io/crates/serde/1.2.3/download",
            ),
            (
                "https://x.example/api/v1/crates/",
                "serde",
                "https://x.example/api/v1/crates/serde/1.2.3/download",
            ),
            (
                "file:///dl/{crate}-{version}.crate",
                "ab",
                "file:///dl/ab-1.2.3.crate",
            ),
            (
                "https://x.example/{prefix}/{lowerprefix}/{crate}",
                "Serde_Json",
                "https://x.example/Se/rd/se/rd/Serde_Json",
            ),
            (
                "https://x.example/{prefix}/{crate}",
                "abc",
                "https://x.example/3/a/abc",
            ),
            (
                "https://x.example/{prefix}/{crate}",
                "a",
                "https://x.example/1/a",
            ),
            (
                "https://x.example/{sha256-checksum}",
                "a",
                "https://x.example/beef",
            ),
        ] {
            assert_eq!(download_url(dl, name, &v, "beef"), expected, "{dl}");
        }
    }

    #[test]
    fn a_baseline_unpacks_once_where_semver_tools_read_it() {
        let dir = tempfile::tempdir().unwrap();
        let crate_file = dir.path().join("a-1.0.0.crate");
        let bytes = crate::stage::contents::build(&[
            (
                "a-1.0.0/Cargo.toml",
                b"[package]\nname = \"a\"\nversion = \"1.0.0\"\nedition = \"2021\"\n",
            ),
            ("a-1.0.0/src/lib.rs", b"pub fn a() {}\n"),
        ]);
        std::fs::write(&crate_file, bytes).unwrap();
        let mut baseline = Baseline {
            name: "a".to_string(),
            version: Version::new(1, 0, 0),
            crate_file,
            unpacked: None,
        };
        // Inside a workspace, as the target directory usually is.
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        let into = dir.path().join("target/ready/baselines/src");
        let root = baseline.unpack(&into).unwrap().to_path_buf();
        assert_eq!(root, into.join("a-1.0.0"));
        assert_eq!(baseline.unpacked.as_deref(), Some(root.as_path()));
        assert_eq!(
            std::fs::read_to_string(root.join("src/lib.rs")).unwrap(),
            "pub fn a() {}\n"
        );
        // cargo reads it as a package of its own, not as a member the workspace left out.
        let metadata = std::process::Command::new(crate::process::cargo_program())
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--offline",
            ])
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            metadata.status.success(),
            "{}",
            String::from_utf8_lossy(&metadata.stderr)
        );
        // A second call finds it there, even without the .crate.
        std::fs::remove_file(&baseline.crate_file).unwrap();
        assert_eq!(baseline.unpack(&into).unwrap(), root);
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
