//! Where a registry keeps its index and its `.crate`s: crates.io (cargo's caches, then the
//! sparse index), or the registry `--registry` names in cargo's configuration
//! (`registries.NAME.index`, or `CARGO_REGISTRIES_NAME_INDEX`): a sparse index over HTTP, a git
//! index on this machine (`file://`), or a remote git index, read from cargo's cache only.

use std::path::{Path, PathBuf};

use semver::Version;

use crate::read::registry::index_cache::{self, PublishedVersion};
use crate::read::registry::sparse_index;

/// One registry's index and download caches.
#[derive(Debug, Clone)]
pub struct Registry {
    index: Index,
    /// The start of the names of cargo's directories for this registry under
    /// `$CARGO_HOME/registry/{index,cache}/`: its host, then `-`.
    cache_prefixes: Vec<String>,
    /// The directory of the store that keeps this index's last answers: its host.
    remembered_as: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Index {
    /// A sparse index at this base URL (ending in `/`).
    Sparse(String),
    /// A git index on this machine.
    Local(PathBuf),
    /// A git index elsewhere: only cargo's cache of it is read.
    Remote(String),
}

impl Registry {
    /// crates.io: its sparse index (or `CARGO_READY_SPARSE_INDEX`) and cargo's caches of it.
    pub fn crates_io() -> Registry {
        let url = sparse_index::index_url();
        Registry {
            remembered_as: host_of(&url),
            index: Index::Sparse(url),
            cache_prefixes: vec!["index.crates.io-".to_string(), "github.com-".to_string()],
        }
    }

    /// The registry cargo's configuration, as seen from `dir`, calls `name`.
    pub fn named(name: &str, dir: &Path) -> Result<Registry, String> {
        let url = configured_index(name, dir).ok_or_else(|| {
            format!(
                "cargo's configuration gives no index for the registry `{name}` \
(`registries.{name}.index`)"
            )
        })?;
        Ok(Registry::at(&url))
    }

    /// The registry whose index is at `url`, as cargo's configuration writes it.
    fn at(url: &str) -> Registry {
        let (index, host) = if let Some(rest) = url.strip_prefix("sparse+") {
            let base = if rest.ends_with('/') {
                rest.to_string()
            } else {
                format!("{rest}/")
            };
            (Index::Sparse(base), host_of(rest))
        } else if let Some(path) = url::Url::parse(url)
            .ok()
            .filter(|u| u.scheme() == "file")
            .and_then(|u| u.to_file_path().ok())
        {
            (Index::Local(path), String::new())
        } else {
            (Index::Remote(url.to_string()), host_of(url))
        };
        Registry {
            index,
            cache_prefixes: vec![format!("{host}-")],
            remembered_as: host,
        }
    }

    /// The published versions of `name`: an empty list when the index has no such crate.
    /// When the run is online, a sparse index is asked and its answer kept
    /// in the store, unless [`Reach::KeptFirst`](super::Reach::KeptFirst) finds a kept one;
    /// otherwise, or when it cannot be reached, the caches answer: cargo's index cache, or the
    /// answer an earlier run kept, whichever lists more versions (an index only adds versions,
    /// so the longer list is the newer).
    pub fn versions(
        &self,
        name: &str,
        client: &super::Client,
        options: &super::Options,
    ) -> Result<Vec<PublishedVersion>, String> {
        let path = index_cache::index_path(name).ok_or("an empty name")?;
        let remembered = options
            .store
            .join("index")
            .join(&self.remembered_as)
            .join(&path);
        let kept = || {
            std::fs::read(&remembered)
                .ok()
                .map(|text| index_cache::parse_index_file(&text))
        };
        let lists_wanted = |versions: &[PublishedVersion]| {
            options
                .wanted
                .as_ref()
                .is_none_or(|wanted| versions.iter().any(|v| v.version == *wanted))
        };
        if options.reach == super::Reach::KeptFirst
            && let Some(versions) = kept().filter(|v| lists_wanted(v))
        {
            return Ok(versions);
        }
        let cached = || {
            let in_cargo = self
                .cache_prefixes
                .iter()
                .find_map(|prefix| index_cache::cached_versions_in(prefix, name));
            match (in_cargo, kept()) {
                (Some(in_cargo), Some(kept)) if kept.len() > in_cargo.len() => Some(kept),
                (in_cargo, kept) => in_cargo.or(kept),
            }
        };
        let agent = client.agent();
        match (&self.index, agent) {
            (Index::Sparse(base), Some(agent)) => {
                let url = format!("{base}{}", crate::read::files::slashed(&path));
                match sparse_index::get(agent, &url) {
                    Ok(body) => {
                        let body = body.unwrap_or_default();
                        // Keeping the answer only saves a later run without the registry a
                        // miss: a failure to write it changes nothing of this run.
                        let _ = super::write_atomically(&remembered, &body);
                        Ok(index_cache::parse_index_file(&body))
                    }
                    Err(error) => cached().ok_or_else(|| {
                        format!(
                            "cargo's index cache has no entry for `{name}`, and the index could \
not be read ({error})"
                        )
                    }),
                }
            }
            (Index::Local(dir), _) => Ok(read_local(dir, &path)?
                .map(|text| index_cache::parse_index_file(&text))
                .unwrap_or_default()),
            (Index::Sparse(_) | Index::Remote(_), _) => cached().ok_or_else(|| {
                if agent.is_none() {
                    format!(
                        "cargo's index cache has no entry for `{name}`, and {}",
                        options.reach.why_not_online()
                    )
                } else {
                    format!(
                        "cargo's index cache has no entry for `{name}` (run `cargo update` \
with this registry to fill it)"
                    )
                }
            }),
        }
    }

    /// cargo's download caches of this registry (`$CARGO_HOME/registry/cache/<dir>`).
    pub fn download_caches(&self) -> Vec<PathBuf> {
        self.cache_prefixes
            .iter()
            .flat_map(|prefix| index_cache::registry_dirs("cache", prefix))
            .collect()
    }

    /// Downloads the `.crate` of `name` `version` from the index's `dl` location.
    pub fn download(
        &self,
        agent: &ureq::Agent,
        name: &str,
        version: &Version,
        checksum: &str,
    ) -> Result<Vec<u8>, String> {
        let dl = self.dl(agent)?;
        let url = super::download_url(&dl, name, version, checksum);
        if let Some(path) = url::Url::parse(&url)
            .ok()
            .filter(|u| u.scheme() == "file")
            .and_then(|u| u.to_file_path().ok())
        {
            return std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()));
        }
        sparse_index::get(agent, &url)?.ok_or_else(|| format!("{url}: no such file"))
    }

    /// The `dl` template of the index's `config.json`.
    fn dl(&self, agent: &ureq::Agent) -> Result<String, String> {
        let text = match &self.index {
            Index::Sparse(base) => {
                let url = format!("{base}config.json");
                sparse_index::get(agent, &url)?.ok_or_else(|| format!("{url}: no such file"))?
            }
            Index::Local(dir) => read_local(dir, Path::new("config.json"))?
                .ok_or_else(|| format!("{} has no config.json", dir.display()))?,
            Index::Remote(url) => {
                return Err(format!(
                    "the git index {url} is read from cargo's cache only, which keeps no \
download location"
                ));
            }
        };
        dl_of(&text)
    }
}

/// The `dl` field of an index's `config.json`.
fn dl_of(text: &[u8]) -> Result<String, String> {
    let config: serde_json::Value = serde_json::from_slice(text)
        .map_err(|error| format!("the index's config.json is not JSON: {error}"))?;
    config["dl"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "the index's config.json has no `dl`".to_string())
}

/// A file of a git index on this machine, as its HEAD commit holds it (the work tree when it
/// is no git repository); `None` when it has no such file.
fn read_local(dir: &Path, path: &Path) -> Result<Option<Vec<u8>>, String> {
    let slashed = crate::read::files::slashed(path);
    let spec = format!("HEAD:{slashed}");
    let shown = crate::process::git(&["show".as_ref(), spec.as_ref()], dir);
    match shown {
        Ok(output) if output.success => Ok(Some(output.stdout_bytes)),
        Ok(_) if dir.join(".git").exists() || dir.join("HEAD").is_file() => Ok(None),
        _ => match std::fs::read(dir.join(path)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(format!("{}: {error}", dir.join(path).display())),
        },
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

/// The index URL cargo's configuration gives registry `name`: `CARGO_REGISTRIES_NAME_INDEX`,
/// else `registries.NAME.index` in the nearest `.cargo/config.toml` above `dir`, else in
/// `$CARGO_HOME`'s.
fn configured_index(name: &str, dir: &Path) -> Option<String> {
    let variable = format!(
        "CARGO_REGISTRIES_{}_INDEX",
        name.to_uppercase().replace('-', "_")
    );
    if let Ok(url) = std::env::var(variable) {
        return Some(url);
    }
    let mut dirs: Vec<PathBuf> = dir.ancestors().map(|d| d.join(".cargo")).collect();
    dirs.extend(crate::paths::cargo_home());
    dirs.iter()
        .flat_map(|d| [d.join("config.toml"), d.join("config")])
        .filter_map(|file| std::fs::read_to_string(file).ok())
        .find_map(|text| index_in_config(&text, name))
}

fn index_in_config(text: &str, name: &str) -> Option<String> {
    let document: toml_edit::DocumentMut = text.parse().ok()?;
    document
        .get("registries")?
        .get(name)?
        .get("index")?
        .as_str()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::{Client, Options, Reach};
    use std::io::{Read, Write};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A sparse index on 127.0.0.1 answering every request with the entries of `versions`
    /// (read each time from the shared string); returns its URL and its count of requests.
    fn index_serving(versions: Arc<std::sync::Mutex<String>>) -> (String, Arc<AtomicUsize>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("sparse+http://{}/", listener.local_addr().unwrap());
        let asked = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&asked);
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                counted.fetch_add(1, Ordering::SeqCst);
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let body = versions.lock().unwrap().clone();
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        (url, asked)
    }

    fn entry(version: &str) -> String {
        format!(
            "{{\"name\":\"ready-kept\",\"vers\":\"{version}\",\"deps\":[],\"cksum\":\"00\",\
\"features\":{{}},\"yanked\":false}}\n"
        )
    }

    #[test]
    fn an_online_run_keeps_the_index_answer_that_later_runs_read_without_asking() {
        let store = tempfile::tempdir().unwrap();
        let listed = Arc::new(std::sync::Mutex::new(entry("1.0.0")));
        let (url, asked) = index_serving(Arc::clone(&listed));
        let registry = Registry::at(&url);
        let versions = |reach: Reach| -> Vec<String> {
            let options = Options {
                reach,
                wanted: None,
                store: store.path().to_path_buf(),
            };
            registry
                .versions("ready-kept", &Client::new(reach), &options)
                .unwrap()
                .iter()
                .map(|v| v.version.to_string())
                .collect()
        };
        assert_eq!(versions(Reach::Online), ["1.0.0"]);
        assert_eq!(asked.load(Ordering::SeqCst), 1);

        // 1.1.0 is published: a run that keeps to what it knows does not see it...
        listed.lock().unwrap().push_str(&entry("1.1.0"));
        assert_eq!(versions(Reach::KeptFirst), ["1.0.0"]);
        assert_eq!(versions(Reach::CachesOnly("offline")), ["1.0.0"]);
        assert_eq!(asked.load(Ordering::SeqCst), 1);
        // ...until an online run asks again and keeps the newer answer.
        assert_eq!(versions(Reach::Online), ["1.0.0", "1.1.0"]);
        assert_eq!(asked.load(Ordering::SeqCst), 2);
        assert_eq!(versions(Reach::KeptFirst), ["1.0.0", "1.1.0"]);
        assert_eq!(asked.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn registries_by_their_index_url() {
        for (url, index, prefix) in [
            (
                "sparse+https://my.example/index",
                Index::Sparse("https://my.example/index/".to_string()),
                "my.example-",
            ),
            (
                "file:///srv/index",
                Index::Local(PathBuf::from("/srv/index")),
                "-",
            ),
            (
                "https://git.example/index.git",
                Index::Remote("https://git.example/index.git".to_string()),
                "git.example-",
            ),
        ] {
            let registry = Registry::at(url);
            assert_eq!(registry.index, index, "{url}");
            assert_eq!(registry.cache_prefixes, [prefix], "{url}");
        }
    }

    #[test]
    fn the_index_of_a_named_registry_in_a_config_file() {
        let text = "[registries.fake]\nindex = \"file:///x\"\n[registries.other]\nindex = \"y\"\n";
        assert_eq!(index_in_config(text, "fake").as_deref(), Some("file:///x"));
        assert_eq!(index_in_config(text, "other").as_deref(), Some("y"));
        assert_eq!(index_in_config(text, "none"), None);
        assert_eq!(index_in_config("not toml [", "fake"), None);
    }

    #[test]
    fn the_dl_template_of_a_config_json() {
        assert_eq!(
            dl_of(br#"{"dl":"https://static.crates.io/crates","api":"https://crates.io"}"#),
            Ok("https://static.crates.io/crates".to_string())
        );
        assert!(dl_of(br#"{"api":"x"}"#).is_err());
        assert!(dl_of(b"<html>").is_err());
    }
}
