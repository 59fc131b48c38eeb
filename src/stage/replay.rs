//! The saved results of the work that runs after cargo (the builds, `--semver`): for each
//! package and kind of work, the key of its inputs (the stage's fingerprint of the package, the
//! options, the tool's version) and what it showed, in a file under the stage's target
//! directory. Unchanged work is replayed from here instead of run. Only work that ran to the end
//! is kept; anything unreadable or of another format is ignored and rewritten.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const FORMAT: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    format: u32,
    /// By package name line, then build name: the key and the result as JSON.
    packages: BTreeMap<String, BTreeMap<String, (String, serde_json::Value)>>,
}

/// The saved results, read once a run and written back at its end.
#[derive(Debug, Default)]
pub struct Cache {
    saved: Saved,
}

impl Cache {
    /// Reads `file`; a missing, unreadable or foreign file is an empty cache.
    pub fn load(file: &Path) -> Cache {
        let saved = std::fs::read(file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Saved>(&bytes).ok())
            .filter(|saved| saved.format == FORMAT)
            .unwrap_or_default();
        Cache { saved }
    }

    /// The result saved for `package`'s `build` under `key`, when there is one.
    pub fn get<T: DeserializeOwned>(&self, package: &str, build: &str, key: &str) -> Option<T> {
        let (saved_key, value) = self.saved.packages.get(package)?.get(build)?;
        (saved_key == key)
            .then(|| serde_json::from_value(value.clone()).ok())
            .flatten()
    }

    /// Saves `result` as `package`'s `build` under `key`.
    pub fn put<T: Serialize>(&mut self, package: &str, build: &str, key: String, result: &T) {
        if let Ok(value) = serde_json::to_value(result) {
            self.saved
                .packages
                .entry(package.to_string())
                .or_default()
                .insert(build.to_string(), (key, value));
        }
    }

    /// Keeps the results of the packages `keep` names (the workspace's members now).
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.saved.packages.retain(|name, _| keep(name));
    }

    /// Writes the cache to `file`; failing to is no failure of the run.
    pub fn save(mut self, file: &Path) {
        self.saved.format = FORMAT;
        if let Ok(bytes) = serde_json::to_vec(&self.saved) {
            let _ = std::fs::write(file, bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_replayed_for_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ready-builds.json");
        let mut cache = Cache::load(&file);
        cache.put("a v1.0.0", "docs", "k1".to_string(), &vec![1, 2]);
        cache.save(&file);
        let cache = Cache::load(&file);
        assert_eq!(
            cache.get::<Vec<i32>>("a v1.0.0", "docs", "k1"),
            Some(vec![1, 2])
        );
        assert_eq!(cache.get::<Vec<i32>>("a v1.0.0", "docs", "k2"), None);
        assert_eq!(cache.get::<Vec<i32>>("a v1.0.0", "msrv", "k1"), None);
        assert_eq!(cache.get::<String>("a v1.0.0", "docs", "k1"), None);
        for junk in ["", "{", r#"{"format":99,"packages":{}}"#] {
            std::fs::write(&file, junk).unwrap();
            assert_eq!(
                Cache::load(&file).get::<Vec<i32>>("a v1.0.0", "docs", "k1"),
                None
            );
        }
    }
}
