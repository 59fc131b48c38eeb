//! What crates.io has published of each dependency: from cargo's index cache first, from the
//! sparse index when the cache cannot answer and the run may go online. Each crate is looked up
//! once per run, all of them in parallel.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use semver::VersionReq;

use crate::read::registry::index_cache::{self, PublishedVersion};
use crate::read::registry::sparse_index;

/// At most this many index lookups run at once: each keeps its connection for the next, and
/// a few reused connections beat many new ones (measured: 30 unpublished names took 0.55 s
/// with 4, 5.2 s with 12 or 32, where new connections queue behind a proxy).
const LOOKUPS_AT_ONCE: usize = 4;

/// What is known of one crate's published versions.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// Its versions, and where they were read.
    Found {
        /// Every published version, yanked ones included.
        versions: Arc<[PublishedVersion]>,
        /// Whether they came from cargo's index cache (else from the sparse index).
        cached: bool,
    },
    /// Nothing could be read: why.
    Unavailable(String),
}

/// The published versions of the dependencies a run asked about, by crate name.
#[derive(Debug, Default)]
pub struct Published {
    by_name: HashMap<String, Lookup>,
}

impl Published {
    /// What is known of crate `name`, when it was asked about.
    pub fn get(&self, name: &str) -> Option<&Lookup> {
        self.by_name.get(name)
    }
}

/// Looks up each crate (with the requirements it is depended on by), in parallel. The cache
/// answers when it holds a version each requirement allows; otherwise, when `online`, the
/// sparse index is asked.
pub fn look_up(wanted: &HashMap<String, Vec<VersionReq>>, online: bool) -> Published {
    let names: Vec<(&String, &Vec<VersionReq>)> = wanted.iter().collect();
    let next = AtomicUsize::new(0);
    let base = sparse_index::index_url();
    let agent = online.then(sparse_index::client);
    let workers = names.len().min(LOOKUPS_AT_ONCE);
    let found: Vec<(String, Lookup)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((name, requirements)) = names.get(i) else {
                            break;
                        };
                        let lookup = look_up_one(name, requirements, agent.as_ref(), &base);
                        done.push((name.to_string(), lookup));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    Published {
        by_name: found.into_iter().collect(),
    }
}

fn look_up_one(
    name: &str,
    requirements: &[VersionReq],
    agent: Option<&ureq::Agent>,
    base: &str,
) -> Lookup {
    let cached = index_cache::cached_versions(name);
    let answers = |versions: &[PublishedVersion]| {
        requirements
            .iter()
            .all(|req| versions.iter().any(|v| req.matches(&v.version)))
    };
    if let Some(versions) = &cached
        && (answers(versions) || agent.is_none())
    {
        return Lookup::Found {
            versions: versions.clone().into(),
            cached: true,
        };
    }
    let Some(agent) = agent else {
        return Lookup::Unavailable(format!(
            "cargo's index cache has no entry for `{name}`, and the run is offline"
        ));
    };
    match sparse_index::fetch(agent, base, name) {
        Ok(versions) if !versions.is_empty() => Lookup::Found {
            versions: versions.into(),
            cached: false,
        },
        Ok(_) => Lookup::Unavailable(format!("the index lists no version of `{name}`")),
        Err(error) => match cached {
            Some(versions) => Lookup::Found {
                versions: versions.into(),
                cached: true,
            },
            None => Lookup::Unavailable(format!(
                "cargo's index cache has no entry for `{name}`, and the index could not be read \
({error})"
            )),
        },
    }
}
