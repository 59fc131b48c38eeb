//! What cargo's local copy of the crates.io index says about versions already published.
//!
//! Read only and offline: cargo keeps one file per crate under
//! `$CARGO_HOME/registry/index/<index>/.cache/`, holding one JSON line per published version.
//! Used where crates.io applies a limit that it can raise for a single crate, so an earlier
//! accepted version tells that the limit was raised, and for the Rust each published version
//! of a dependency needs.

use std::path::{Path, PathBuf};

use semver::Version;
use serde::Deserialize;

/// One published version of a crate, as the index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedVersion {
    /// Its version.
    pub version: Version,
    /// Whether it was yanked.
    pub yanked: bool,
    /// The `rust-version` it declares, completed to three parts (`1.74` is 1.74.0).
    pub rust_version: Option<Version>,
    /// When it was published (RFC 3339, `2023-11-22T19:09:03Z`), when the index says.
    pub published: Option<String>,
    /// The SHA-256 of its `.crate`, as lowercase hex, when the index says.
    pub checksum: Option<String>,
}

/// The fields of an index line the version list reads.
#[derive(Deserialize)]
struct IndexLine {
    vers: String,
    #[serde(default)]
    yanked: bool,
    #[serde(default)]
    rust_version: Option<String>,
    #[serde(default)]
    pubtime: Option<String>,
    #[serde(default)]
    cksum: Option<String>,
}

/// The index URLs that mean crates.io.
const CRATES_IO_INDEXES: [&str; 2] = [
    "https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

/// Whether a registry index URL, as `cargo metadata` reports it or a Cargo.lock `source`
/// writes it, is crates.io's (git or sparse).
pub fn is_crates_io_index(url: &str) -> bool {
    let url = url.strip_prefix("registry+").unwrap_or(url);
    CRATES_IO_INDEXES
        .iter()
        .any(|index| index.trim_end_matches('/') == url.trim_end_matches('/'))
}

/// The published versions of crate `name` in cargo's index cache, `None` when the cache does
/// not have the crate.
pub fn cached_versions(name: &str) -> Option<Vec<PublishedVersion>> {
    let bytes = read_cached(name)?;
    let versions: Vec<PublishedVersion> = entries(&bytes).filter_map(published_version).collect();
    Some(versions).filter(|v| !v.is_empty())
}

/// The published versions in an index file as the sparse index serves it: one JSON line each.
pub fn parse_index_file(text: &[u8]) -> Vec<PublishedVersion> {
    text.split(|b| *b == b'\n')
        .filter(|line| line.first() == Some(&b'{'))
        .filter_map(published_version)
        .collect()
}

fn published_version(line: &[u8]) -> Option<PublishedVersion> {
    let line: IndexLine = serde_json::from_slice(line).ok()?;
    Some(PublishedVersion {
        version: Version::parse(&line.vers).ok()?,
        yanked: line.yanked,
        rust_version: line.rust_version.as_deref().and_then(partial_version),
        published: line.pubtime,
        checksum: line.cksum.map(|sum| sum.to_ascii_lowercase()),
    })
}

/// `1.74` or `1.74.1` as a full version; `None` for anything else.
pub fn partial_version(text: &str) -> Option<Version> {
    let mut parts = text.trim().split('.');
    let mut next = || -> Option<Option<u64>> {
        match parts.next() {
            None => Some(None),
            Some(part) => part.parse().ok().map(Some),
        }
    };
    let major = next()??;
    let minor = next()?.unwrap_or(0);
    let patch = next()?.unwrap_or(0);
    if parts.next().is_some() {
        return None;
    }
    Some(Version::new(major, minor, patch))
}

/// The published versions of crate `name` in cargo's index cache of the registry whose cache
/// directories start with `prefix` (`index.crates.io-`, or a registry's host followed by `-`).
pub fn cached_versions_in(prefix: &str, name: &str) -> Option<Vec<PublishedVersion>> {
    let relative = index_path(name)?;
    let file = cache_dirs(prefix)
        .into_iter()
        .map(|cache| cache.join(&relative))
        .find(|path| path.is_file())?;
    let bytes = std::fs::read(file).ok()?;
    let versions: Vec<PublishedVersion> = entries(&bytes).filter_map(published_version).collect();
    Some(versions).filter(|v| !v.is_empty())
}

/// The bytes of the crate's cache file, from the first index cache that has it.
fn read_cached(name: &str) -> Option<Vec<u8>> {
    let relative = index_path(name)?;
    let file = index_caches()
        .into_iter()
        .map(|cache| cache.join(&relative))
        .find(|path| path.is_file())?;
    std::fs::read(file).ok()
}

/// The JSON entries of one cache file: a binary header, then NUL-separated version strings and
/// JSON lines.
fn entries(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes
        .split(|b| *b == 0)
        .filter(|e| e.first() == Some(&b'{'))
}

/// The largest feature tables crates.io accepted for earlier versions of one crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PublishedFeatures {
    /// The most features one published version declared.
    pub most_features: usize,
    /// The longest list one feature of a published version had.
    pub longest_feature: usize,
    /// How many published versions were read.
    pub versions: usize,
}

/// Published feature sizes of crate `name`, when cargo's index cache has the crate.
pub fn published_features(name: &str) -> Option<PublishedFeatures> {
    let bytes = read_cached(name)?;
    Some(parse_cache(&bytes)).filter(|found| found.versions > 0)
}

/// The feature sizes of the versions in one cache file.
fn parse_cache(bytes: &[u8]) -> PublishedFeatures {
    let mut found = PublishedFeatures::default();
    for entry in entries(bytes) {
        let Ok(version) = serde_json::from_slice::<serde_json::Value>(entry) else {
            continue;
        };
        let tables =
            ["features", "features2"].map(|key| version.get(key).and_then(|f| f.as_object()));
        let count: usize = tables.iter().flatten().map(|t| t.len()).sum();
        let longest = tables
            .iter()
            .flatten()
            .flat_map(|t| t.values())
            .filter_map(|list| list.as_array().map(Vec::len))
            .max()
            .unwrap_or(0);
        found.most_features = found.most_features.max(count);
        found.longest_feature = found.longest_feature.max(longest);
        found.versions += 1;
    }
    found
}

/// cargo's layout of index files: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd...`, lowercased.
pub fn index_path(name: &str) -> Option<PathBuf> {
    let name = name.to_lowercase();
    let path = match name.len() {
        0 => return None,
        1 => Path::new("1").join(&name),
        2 => Path::new("2").join(&name),
        3 => Path::new("3").join(&name[..1]).join(&name),
        _ => Path::new(name.get(..2)?).join(name.get(2..4)?).join(&name),
    };
    Some(path)
}

fn index_caches() -> Vec<PathBuf> {
    let mut caches = cache_dirs("index.crates.io-");
    caches.extend(cache_dirs("github.com-"));
    caches
}

/// cargo's index caches (`registry/index/<dir>/.cache`) of the directories starting with
/// `prefix`.
fn cache_dirs(prefix: &str) -> Vec<PathBuf> {
    registry_dirs("index", prefix)
        .into_iter()
        .map(|p| p.join(".cache"))
        .collect()
}

/// The directories of `$CARGO_HOME/registry/<kind>/` (`index`, `cache`, `src`) whose names
/// start with `prefix`: one per registry cargo has used, named after its host.
pub fn registry_dirs(kind: &str, prefix: &str) -> Vec<PathBuf> {
    let Some(home) = crate::paths::cargo_home() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(home.join("registry").join(kind)) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    dirs.sort();
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_follow_cargo_layout() {
        assert_eq!(index_path("a").unwrap(), Path::new("1/a"));
        assert_eq!(index_path("ab").unwrap(), Path::new("2/ab"));
        assert_eq!(index_path("abc").unwrap(), Path::new("3/a/abc"));
        assert_eq!(index_path("Web-Sys").unwrap(), Path::new("we/b-/web-sys"));
        assert!(index_path("").is_none());
    }

    #[test]
    fn crates_io_indexes() {
        for url in [
            "https://github.com/rust-lang/crates.io-index",
            "registry+https://github.com/rust-lang/crates.io-index",
            "sparse+https://index.crates.io/",
            "sparse+https://index.crates.io",
        ] {
            assert!(is_crates_io_index(url), "{url}");
        }
        for url in [
            "sparse+https://my.example/index/",
            "https://github.com/rust-lang/crates.io-index-mirror",
            "https://index.crates.io/",
            "",
        ] {
            assert!(!is_crates_io_index(url), "{url}");
        }
    }

    #[test]
    fn versions_with_the_rust_they_need() {
        let file = br#"{"name":"x","vers":"1.0.0","deps":[],"yanked":false}
{"name":"x","vers":"1.1.0","deps":[],"yanked":true,"rust_version":"1.70"}
{"name":"x","vers":"1.2.0","deps":[{"name":"y"}],"rust_version":"1.74.1","cksum":"ABC"}
not json
"#;
        let versions = parse_index_file(file);
        let summary: Vec<(String, bool, Option<String>)> = versions
            .iter()
            .map(|v| {
                (
                    v.version.to_string(),
                    v.yanked,
                    v.rust_version.as_ref().map(Version::to_string),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("1.0.0".to_string(), false, None),
                ("1.1.0".to_string(), true, Some("1.70.0".to_string())),
                ("1.2.0".to_string(), false, Some("1.74.1".to_string())),
            ]
        );
        let sums: Vec<Option<&str>> = versions.iter().map(|v| v.checksum.as_deref()).collect();
        assert_eq!(sums, [None, None, Some("abc")]);
        assert_eq!(partial_version("1"), Some(Version::new(1, 0, 0)));
        assert_eq!(partial_version("1.x"), None);
        assert_eq!(partial_version("1.2.3.4"), None);
    }

    #[test]
    fn cache_entries_are_counted_over_both_feature_tables() {
        let mut bytes = vec![3, 2, 0, 0, 0];
        bytes.extend_from_slice(b"etag\x000.1.0\x00");
        bytes.extend_from_slice(br#"{"name":"x","vers":"0.1.0","features":{"a":[],"b":["a"]}}"#);
        bytes.extend_from_slice(b"\x000.2.0\x00");
        bytes.extend_from_slice(
            br#"{"name":"x","vers":"0.2.0","features":{"a":[]},"features2":{"c":["dep:y","a","a"]}}"#,
        );
        bytes.push(0);
        let found = parse_cache(&bytes);
        assert_eq!(
            found,
            PublishedFeatures {
                most_features: 2,
                longest_feature: 3,
                versions: 2
            }
        );
    }
}
