//! What cargo's local copy of the crates.io index says about versions already published.
//!
//! Read only and offline: cargo keeps one file per crate under
//! `$CARGO_HOME/registry/index/<index>/.cache/`, holding one JSON line per published version.
//! Used where crates.io applies a limit that it can raise for a single crate, so an earlier
//! accepted version tells that the limit was raised.

use std::path::{Path, PathBuf};

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
    let relative = index_path(name)?;
    let file = index_caches()
        .into_iter()
        .map(|cache| cache.join(&relative))
        .find(|path| path.is_file())?;
    let bytes = std::fs::read(file).ok()?;
    Some(parse_cache(&bytes)).filter(|found| found.versions > 0)
}

/// Reads the entries of one cache file: a binary header, then NUL-separated version strings and
/// JSON lines.
fn parse_cache(bytes: &[u8]) -> PublishedFeatures {
    let mut found = PublishedFeatures::default();
    for entry in bytes
        .split(|b| *b == 0)
        .filter(|e| e.first() == Some(&b'{'))
    {
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
fn index_path(name: &str) -> Option<PathBuf> {
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
    let Some(home) = crate::paths::cargo_home() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(home.join("registry/index")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("index.crates.io-") || n.starts_with("github.com-"))
        })
        .map(|p| p.join(".cache"))
        .collect()
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
