//! What the registry says now of packages replayed from a saved run: a version published
//! since, a locked dependency yanked since. The index is asked once per crate, all at once.

use std::collections::{BTreeSet, HashMap};

use semver::VersionReq;

use super::{PackageOutput, Selected, contents, parse};
use crate::read::registry::published::{self, Lookup, Published};

/// The index's word on the selected packages' own names, asked on another thread as the stage
/// starts (a fresh run needs it, and its request is the slowest part of one).
pub(super) fn ask_about_own_names(selected: &[Selected<'_>]) -> std::thread::JoinHandle<Published> {
    let wanted: HashMap<String, Vec<VersionReq>> = selected
        .iter()
        .filter_map(|s| {
            let exact = VersionReq::parse(&format!("={}", s.package.version)).ok()?;
            Some((s.package.name.to_string(), vec![exact]))
        })
        .collect();
    std::thread::spawn(move || published::look_up(&wanted, true))
}

/// For the packages replayed from a saved run (`fresh`), asks the registry again what may
/// have changed since, every crate at once: whether each version was published meanwhile
/// (`own`: cargo's index cache, else the sparse index), and which crates of each packaged
/// Cargo.lock are yanked now (cargo's index cache, which cargo refreshes whenever it
/// resolves, else the sparse index).
pub(super) fn recheck_registry(
    selected: &[Selected<'_>],
    packages: &mut [PackageOutput],
    fresh: &[usize],
    own: Published,
) {
    let exact = |version: &str| VersionReq::parse(&format!("={version}")).ok();
    let locked: Vec<Vec<(String, String)>> = fresh
        .iter()
        .map(|&i| {
            packages[i]
                .contents
                .as_ref()
                .map(locked_from_crates_io)
                .unwrap_or_default()
        })
        .collect();
    let mut wanted: HashMap<String, Vec<VersionReq>> = HashMap::new();
    // The packages checked together (unpublished siblings among them) were asked already.
    let checked: BTreeSet<&str> = selected.iter().map(|s| s.package.name.as_str()).collect();
    for (name, version) in locked.iter().flatten().cloned() {
        if checked.contains(name.as_str()) {
            continue;
        }
        if let Some(req) = exact(&version) {
            wanted.entry(name).or_default().push(req);
        }
    }
    let published = published::look_up(&wanted, true);
    let find = |name: &str, version: &str| match published.get(name).or_else(|| own.get(name)) {
        Some(Lookup::Found { versions, .. }) => Some(
            versions
                .iter()
                .find(|v| v.version.to_string() == version)
                .cloned(),
        ),
        _ => None,
    };
    for (&i, locked) in fresh.iter().zip(&locked) {
        let package = selected[i].package;
        let is_published =
            find(&package.name, &package.version.to_string()).is_some_and(|v| v.is_some());
        let yanked: Vec<(String, Option<bool>)> = locked
            .iter()
            .map(|(name, version)| {
                let now = find(name, version).map(|v| v.is_some_and(|v| v.yanked));
                (format!("{name} v{version}"), now)
            })
            .collect();
        registry_now(&mut packages[i].events, is_published, &yanked);
    }
}

/// Replaces what a saved run said of the registry with what it says now: whether the package's
/// version is published (cargo refuses such a run, so a saved one never says it), and, for each
/// crate its Cargo.lock pins (`name vVERSION`), whether it is yanked, when the registry answered;
/// where it did not, the saved word stands.
fn registry_now(events: &mut Vec<parse::Kind>, published: bool, locked: &[(String, Option<bool>)]) {
    events.retain(|e| match e {
        parse::Kind::AlreadyPublished { .. } => false,
        parse::Kind::Yanked { package, .. } => locked
            .iter()
            .any(|(name, now)| name == package && now.is_none()),
        _ => true,
    });
    if published {
        events.push(parse::Kind::AlreadyPublished {
            registry: "crates.io index".to_string(),
        });
    }
    for (name, now) in locked {
        if *now == Some(true) {
            events.push(parse::Kind::Yanked {
                package: name.clone(),
                registry: "crates-io".to_string(),
            });
        }
    }
}

/// The crates.io packages a packaged Cargo.lock pins, as (name, version).
fn locked_from_crates_io(contents: &contents::Contents) -> Vec<(String, String)> {
    let mut lock = String::new();
    let _ = contents.scan(&mut |entry, head| {
        if entry.path == "Cargo.lock" {
            lock = String::from_utf8_lossy(head).into_owned();
        }
    });
    let Ok(document) = lock.parse::<toml_edit::DocumentMut>() else {
        return Vec::new();
    };
    let Some(packages) = document.get("package").and_then(|p| p.as_array_of_tables()) else {
        return Vec::new();
    };
    packages
        .iter()
        .filter(|p| {
            p.get("source")
                .and_then(|s| s.as_str())
                .is_some_and(crate::read::registry::index_cache::is_crates_io_index)
        })
        .filter_map(|p| {
            Some((
                p.get("name")?.as_str()?.to_string(),
                p.get("version")?.as_str()?.to_string(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parse::Kind;

    fn yanked(package: &str) -> Kind {
        Kind::Yanked {
            package: package.to_string(),
            registry: "crates-io".to_string(),
        }
    }

    fn published() -> Kind {
        Kind::AlreadyPublished {
            registry: "crates.io index".to_string(),
        }
    }

    #[test]
    fn the_registry_word_now_replaces_the_saved_one() {
        let saved = || vec![Kind::OtherWarning("kept".into()), yanked("old v1.0.0")];
        // Published since, and the yanked crate taken back.
        let mut events = saved();
        registry_now(
            &mut events,
            true,
            &[
                ("old v1.0.0".into(), Some(false)),
                ("new v2.0.0".into(), Some(true)),
            ],
        );
        assert_eq!(
            events,
            [
                Kind::OtherWarning("kept".into()),
                published(),
                yanked("new v2.0.0")
            ]
        );
        // The registry did not answer: the saved word stands.
        let mut events = saved();
        registry_now(&mut events, false, &[("old v1.0.0".into(), None)]);
        assert_eq!(events, saved());
        // Nothing published, nothing yanked.
        let mut events = vec![published(), yanked("old v1.0.0")];
        registry_now(&mut events, false, &[("old v1.0.0".into(), Some(false))]);
        assert!(events.is_empty(), "{events:?}");
    }
}
