//! The order `cargo publish --workspace` uploads the packages of one publish in (C27): each
//! after the packages of the same publish it depends on, a dev-dependency included when it
//! carries a `version` (cargo keeps it in the published manifest, so the registry must have
//! it first). A dev-dependency that closes a cycle there stops the publish half-way.

use std::collections::{BTreeMap, VecDeque};

use cargo_metadata::semver::VersionReq;
use cargo_metadata::{Dependency, DependencyKind, Package};

use super::dependencies::entry_keys;
use super::{PackageContext, Sink, Target, edit};
use crate::model::{Check, Level};

/// C27: a dev-dependency with `version` on a package of the same publish that depends back.
pub static DEV_DEPENDENCY_CYCLE: Check = Check {
    name: "dev_dependency_cycle",
    default: Level::Deny,
    blocks_publish: true,
    summary: "a dev-dependency with `version` on a sibling that depends back: `cargo publish --workspace` stops half-way",
    explain: "`cargo publish --workspace` uploads each package after the packages of the same \
publish it depends on, and a dev-dependency with a `version` counts: cargo keeps it in the \
published manifest, so the registry must have it first. When that sibling depends (directly or \
through others) on the package, neither can go first: cargo uploads the rest, then stops with \
\"unable to publish ... due to a timeout while waiting for published dependencies to be \
available\", leaving the workspace half-published (cargo issues #4242 and #16682).\n\nFix: \
remove `version` from the dev-dependency. cargo then drops it from the published manifest \
(tests that use it do not build from the `.crate`, as `dev_dependency_without_version` notes), \
and the order has no cycle.",
};

/// The packages a run checks together, which `cargo publish --workspace` publishes together,
/// by name.
pub struct PublishSet<'a> {
    packages: BTreeMap<&'a str, &'a Package>,
}

/// One step of the publish order: `package` waits for `dependency` to be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait<'a> {
    /// The package that waits.
    pub package: &'a str,
    /// The dependency that makes it wait.
    pub dependency: &'a Dependency,
}

impl<'a> PublishSet<'a> {
    /// The set of `packages`, published together.
    pub fn new(packages: impl IntoIterator<Item = &'a Package>) -> PublishSet<'a> {
        PublishSet {
            packages: packages.into_iter().map(|p| (p.name.as_str(), p)).collect(),
        }
    }

    /// The dependencies of `package` on packages of the set that cargo publishes first:
    /// normal and build path dependencies, and path dev-dependencies that carry a `version`.
    pub fn waits_of(&self, package: &'a Package) -> impl Iterator<Item = Wait<'a>> + '_ {
        package
            .dependencies
            .iter()
            .filter(|dep| dep.path.is_some() && self.packages.contains_key(dep.name.as_str()))
            .filter(|dep| dep.kind != DependencyKind::Development || has_version(dep))
            .map(move |dependency| Wait {
                package: package.name.as_str(),
                dependency,
            })
    }

    /// The shortest chain of waits from `from` to `to`, when `from` waits for `to` at all.
    pub fn chain(&self, from: &str, to: &str) -> Option<Vec<Wait<'a>>> {
        let mut came_by: BTreeMap<&str, Wait<'a>> = BTreeMap::new();
        let mut queue = VecDeque::from([from]);
        while let Some(name) = queue.pop_front() {
            let Some(package) = self.packages.get(name) else {
                continue;
            };
            for wait in self.waits_of(package) {
                let next = wait.dependency.name.as_str();
                if next == from || came_by.contains_key(next) {
                    continue;
                }
                came_by.insert(next, wait);
                if next == to {
                    return Some(unwind(&came_by, from, to));
                }
                queue.push_back(next);
            }
        }
        None
    }
}

impl PublishSet<'_> {
    /// A cycle `package` is on, closed by a dev-dependency with `version`: the package holding
    /// that dev-dependency, its name, and the cycle spelled out.
    pub fn dev_cycle_through(&self, package: &str) -> Option<(String, String, String)> {
        self.packages.values().find_map(|holder| {
            self.waits_of(holder)
                .filter(|wait| wait.dependency.kind == DependencyKind::Development)
                .find_map(|wait| {
                    let dev = wait.dependency;
                    let back = self.chain(&dev.name, &holder.name)?;
                    let on_it =
                        holder.name == package || back.iter().any(|w| w.dependency.name == package);
                    on_it.then(|| {
                        (
                            holder.name.to_string(),
                            dev.name.clone(),
                            spell_cycle(&holder.name, dev, &back),
                        )
                    })
                })
        })
    }
}

/// The waits that lead from `from` to `to`, read back from how each package was reached.
fn unwind<'a>(came_by: &BTreeMap<&str, Wait<'a>>, from: &str, to: &str) -> Vec<Wait<'a>> {
    let mut chain = Vec::new();
    let mut at = to;
    while at != from {
        let Some(wait) = came_by.get(at) else {
            break;
        };
        chain.push(wait.clone());
        at = wait.package;
    }
    chain.reverse();
    chain
}

/// Whether a dependency carries a `version` (a path dependency without one has `*`).
fn has_version(dep: &Dependency) -> bool {
    dep.req != VersionReq::STAR
}

/// `a → b (dev) → a`, the cycle a dev-dependency closes, as the help spells it.
pub fn spell_cycle(package: &str, dev: &Dependency, back: &[Wait<'_>]) -> String {
    let mut text = format!("`{package}` → `{}` (dev-dependency)", dev.name);
    for wait in back {
        let kind = match wait.dependency.kind {
            DependencyKind::Build => " (build-dependency)",
            DependencyKind::Development => " (dev-dependency)",
            _ => "",
        };
        text.push_str(&format!(" → `{}`{kind}", wait.dependency.name));
    }
    text
}

/// Reports each dev-dependency with `version` that closes a cycle in the publish order of the
/// packages checked together.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let Some(set) = ctx.publishing_together else {
        return;
    };
    let name = ctx.package.name.as_str();
    for wait in set.waits_of(ctx.package) {
        let dev = wait.dependency;
        if dev.kind != DependencyKind::Development {
            continue;
        }
        let Some(back) = set.chain(&dev.name, name) else {
            continue;
        };
        let Some(keys) = entry_keys(ctx.manifest, dev) else {
            continue;
        };
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let inherited = ctx.manifest.is_inherited(&keys);
        let cycle = spell_cycle(name, dev, &back);
        let fix = if inherited {
            format!(
                "write `{}` as `{{ path = \"...\" }}` without `version` here instead of `workspace = true` (the `version` in `[workspace.dependencies]` serves the others)",
                keys.last().unwrap_or(&"")
            )
        } else {
            "remove `version` from this dev-dependency".to_string()
        };
        let finding = sink.report(
            &DEV_DEPENDENCY_CYCLE,
            Target::key(&keys),
            format!(
                "dev-dependency `{}` has a `version`, so `cargo publish --workspace` waits for it before `{name}`, while it depends on `{name}`: {cycle}",
                dev.name
            ),
            format!(
                "{fix}: cargo then drops it from the published manifest and the publish order has no cycle; as it is, cargo uploads the other packages and stops before these, half-published"
            ),
        );
        if !inherited && let Some(edit) = edit::remove_from_entry(ctx.manifest, &keys, "version") {
            finding.suggest(edit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A package named `name` with path dependencies `(name, kind, version)`.
    fn package(name: &str, deps: &[(&str, &str, Option<&str>)]) -> Package {
        let dependencies: Vec<serde_json::Value> = deps
            .iter()
            .map(|(dep, kind, version)| {
                json!({
                    "name": dep, "source": null, "req": version.map_or("*".to_string(), |v| format!("^{v}")),
                    "kind": if *kind == "normal" { serde_json::Value::Null } else { json!(kind) },
                    "optional": false, "uses_default_features": true, "features": [],
                    "target": null, "rename": null, "registry": null,
                    "path": format!("/ws/{dep}"),
                })
            })
            .collect();
        serde_json::from_value(json!({
            "name": name, "version": "0.1.0", "id": format!("path+file:///ws/{name}#0.1.0"),
            "license": null, "license_file": null, "description": null, "source": null,
            "dependencies": dependencies, "targets": [], "features": {},
            "manifest_path": format!("/ws/{name}/Cargo.toml"), "metadata": null, "publish": null,
            "authors": [], "categories": [], "keywords": [], "readme": null, "repository": null,
            "homepage": null, "documentation": null, "edition": "2021", "links": null,
            "default_run": null, "rust_version": null
        }))
        .unwrap()
    }

    #[test]
    fn a_versioned_dev_dependency_on_a_dependent_closes_a_cycle() {
        let tracing = package(
            "tracing",
            &[
                ("tracing-core", "normal", Some("0.1")),
                ("tracing-attributes", "normal", Some("0.1")),
            ],
        );
        let attributes = package("tracing-attributes", &[("tracing", "dev", Some("0.1.35"))]);
        let core = package("tracing-core", &[("tracing", "dev", None)]);
        let set = PublishSet::new([&tracing, &attributes, &core]);

        let back = set.chain("tracing", "tracing-attributes").unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(
            spell_cycle("tracing-attributes", &attributes.dependencies[0], &back),
            "`tracing-attributes` → `tracing` (dev-dependency) → `tracing-attributes`"
        );
        // Without `version`, cargo drops the dev-dependency: no wait, no cycle.
        assert_eq!(set.waits_of(&core).count(), 0);
        assert!(set.chain("tracing", "tracing-core").is_some());
        assert!(set.chain("tracing-core", "tracing").is_none());
    }

    #[test]
    fn a_cycle_through_several_packages_is_spelled_out_and_outsiders_do_not_count() {
        let a = package("a", &[("b", "normal", Some("1"))]);
        let b = package("b", &[("c", "build", Some("1"))]);
        let c = package(
            "c",
            &[("a", "dev", Some("1")), ("outside", "normal", Some("1"))],
        );
        let set = PublishSet::new([&a, &b, &c]);
        let back = set.chain("a", "c").unwrap();
        assert_eq!(
            spell_cycle("c", &c.dependencies[0], &back),
            "`c` → `a` (dev-dependency) → `b` → `c` (build-dependency)"
        );
        let (holder, dev, cycle) = set.dev_cycle_through("b").unwrap();
        assert_eq!((holder.as_str(), dev.as_str()), ("c", "a"));
        assert!(cycle.starts_with("`c` → `a`"), "{cycle}");
        // Published alone, `a` is taken from the registry: nothing waits.
        let alone = PublishSet::new([&c]);
        assert!(alone.chain("a", "c").is_none());
        assert!(alone.dev_cycle_through("c").is_none());
        assert_eq!(alone.waits_of(&c).count(), 0);
    }
}
