//! The `rust-version` a crate claims, against the Rust its dependencies need: when every
//! published, non-yanked version a requirement allows declares a newer `rust-version`, no
//! build on the claimed Rust can resolve, and the claim is impossible.

use cargo_metadata::cargo_platform::{CfgExpr, Platform};
use cargo_metadata::{Dependency, DependencyKind};
use semver::Version;

use super::dependencies::entry_keys;
use super::{PackageContext, Sink, Target};
use crate::index_cache::{PublishedVersion, is_crates_io_index};
use crate::model::{Check, Level};
use crate::published::Lookup;

/// A dependency requirement whose every allowed version needs a newer Rust than the crate
/// claims.
pub static DEPENDENCY_NEEDS_NEWER_RUST: Check = Check {
    name: "dependency_needs_newer_rust",
    default: Level::Warn,
    blocks_publish: false,
    summary: "every version a dependency's requirement allows needs a newer Rust than \
`rust-version`",
    explain: "When the crate declares `rust-version`, each normal and build dependency from \
crates.io (optional and target-specific ones included) is looked up in the registry index: \
cargo's index cache first, the sparse index when the cache cannot answer and the run is not \
`--offline`. When every published, non-yanked version the requirement allows declares a \
`rust-version` newer than the crate's, the crate cannot build on the Rust it claims (versions \
that declare none count as fitting). Users of that Rust get an error, or a resolver that \
falls back to older releases of the crate.\n\nFix: raise `rust-version` to the Rust the \
dependency needs, or require an older release of the dependency that builds on the claimed \
Rust.",
};

/// A dependency the index could not tell about.
pub static DEPENDENCY_VERSIONS_UNKNOWN: Check = Check {
    name: "dependency_versions_unknown",
    default: Level::Note,
    blocks_publish: false,
    summary: "the Rust a dependency needs could not be read from the registry index",
    explain: "To judge `rust-version` against a dependency, cargo-ready reads the versions the \
index lists for it. When cargo's index cache has no entry (or none the requirement allows) and \
the run is `--offline`, or the index cannot be reached, the dependency is not judged, and this \
note says so rather than guess.\n\nFix: run without `--offline`, or let cargo refresh its index \
cache (`cargo update` or a build) and run again.",
};

/// Runs both checks, when the crate declares `rust-version`.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let (Some(claimed), Some(published)) = (&ctx.package.rust_version, ctx.published) else {
        return;
    };
    for dep in ctx.package.dependencies.iter().filter(|d| is_judged(d)) {
        let Some(lookup) = published.get(&dep.name) else {
            continue;
        };
        let keys = entry_keys(ctx.manifest, dep).unwrap_or_else(|| vec!["dependencies".into()]);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let written = format!(
            "{} = \"{}\"",
            dep.rename.as_deref().unwrap_or(&dep.name),
            dep.req.to_string().trim_start_matches('^')
        );
        let versions = match lookup {
            Lookup::Found { versions, .. } => versions,
            Lookup::Unavailable(why) => {
                sink.report(
                    &DEPENDENCY_VERSIONS_UNKNOWN,
                    Target::key(&keys),
                    format!("the Rust `{written}` needs is not known: {why}"),
                    "run without `--offline`, or let cargo refresh its index cache, to judge it"
                        .to_string(),
                );
                continue;
            }
        };
        let allowed: Vec<&PublishedVersion> = versions
            .iter()
            .filter(|v| !v.yanked && dep.req.matches(&v.version))
            .collect();
        if allowed.is_empty() {
            let where_ = match lookup {
                Lookup::Found { cached: true, .. } => "cargo's index cache",
                _ => "the index",
            };
            sink.report(
                &DEPENDENCY_VERSIONS_UNKNOWN,
                Target::key(&keys),
                format!(
                    "the Rust `{written}` needs is not known: {where_} lists no published, \
non-yanked version that `{}` allows",
                    dep.req
                ),
                "run without `--offline`, or let cargo refresh its index cache, to judge it"
                    .to_string(),
            );
            continue;
        }
        let fits = |v: &&PublishedVersion| v.rust_version.as_ref().is_none_or(|r| r <= claimed);
        if allowed.iter().any(fits) {
            continue;
        }
        let Some(oldest) = allowed.iter().filter_map(|v| v.rust_version.as_ref()).min() else {
            continue;
        };
        let fitting = versions
            .iter()
            .filter(|v| !v.yanked && v.version.pre.is_empty())
            .filter(fits)
            .map(|v| &v.version)
            .max();
        sink.report(
            &DEPENDENCY_NEEDS_NEWER_RUST,
            Target::key(&keys),
            format!(
                "`{written}`{} needs Rust {}, but `rust-version` says {}: every published \
version the requirement allows declares a newer `rust-version`",
                qualifier(dep),
                short(oldest),
                short(claimed)
            ),
            match fitting {
                Some(fitting) => format!(
                    "raise `rust-version` to {}, or require a release of `{}` that builds on {} \
(the newest is {fitting})",
                    short(oldest),
                    dep.name,
                    short(claimed)
                ),
                None => format!(
                    "raise `rust-version` to {}: no release of `{}` declares {} or older",
                    short(oldest),
                    dep.name,
                    short(claimed)
                ),
            },
        );
    }
}

/// Normal and build dependencies from crates.io; dev-dependencies do not bind users, and
/// neither does one under a `cfg` no target has (`cfg(any())`, which serde uses to keep
/// `serde_derive`'s version in step without ever building it).
pub fn is_judged(dep: &Dependency) -> bool {
    dep.kind != DependencyKind::Development
        && dep.path.is_none()
        && dep
            .source
            .as_ref()
            .is_some_and(|s| is_crates_io_index(&s.repr))
        && !matches!(&dep.target, Some(Platform::Cfg(expr)) if never_holds(expr))
}

/// Whether a `cfg` expression is false on every target: `any()`, `false`, `not(all())`, and
/// what is built of them.
fn never_holds(expr: &CfgExpr) -> bool {
    match expr {
        CfgExpr::False => true,
        CfgExpr::Any(any) => any.iter().all(never_holds),
        CfgExpr::All(all) => all.iter().any(never_holds),
        CfgExpr::Not(inner) => always_holds(inner),
        CfgExpr::True | CfgExpr::Value(_) => false,
    }
}

/// Whether a `cfg` expression is true on every target: `all()`, `true`, `not(any())`.
fn always_holds(expr: &CfgExpr) -> bool {
    match expr {
        CfgExpr::True => true,
        CfgExpr::All(all) => all.iter().all(always_holds),
        CfgExpr::Any(any) => any.iter().any(always_holds),
        CfgExpr::Not(inner) => never_holds(inner),
        CfgExpr::False | CfgExpr::Value(_) => false,
    }
}

/// What limits when the dependency is used: ` (optional, build, on `cfg(windows)`)`.
fn qualifier(dep: &Dependency) -> String {
    let mut parts = Vec::new();
    if dep.optional {
        parts.push("optional".to_string());
    }
    if dep.kind == DependencyKind::Build {
        parts.push("build dependency".to_string());
    }
    if let Some(target) = &dep.target {
        parts.push(format!("on `{target}`"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// `1.74` for 1.74.0, `1.74.1` otherwise.
fn short(version: &Version) -> String {
    if version.patch == 0 {
        format!("{}.{}", version.major, version.minor)
    } else {
        version.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(cfg: &str) -> bool {
        match cfg.parse::<Platform>().unwrap() {
            Platform::Cfg(expr) => never_holds(&expr),
            Platform::Name(_) => false,
        }
    }

    #[test]
    fn cfgs_no_target_has() {
        for cfg in [
            "cfg(any())",
            "cfg(not(all()))",
            "cfg(all(unix, any()))",
            "cfg(false)",
        ] {
            assert!(never(cfg), "{cfg}");
        }
        for cfg in [
            "cfg(unix)",
            "cfg(any(unix, windows))",
            "cfg(not(any()))",
            "cfg(all())",
        ] {
            assert!(!never(cfg), "{cfg}");
        }
    }
}
