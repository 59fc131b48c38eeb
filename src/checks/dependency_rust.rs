//! The `rust-version` a crate claims, against the Rust its dependencies need: when every
//! published, non-yanked version a requirement allows declares a newer `rust-version`, no
//! build on the claimed Rust can resolve, and the claim is impossible.

use std::collections::BTreeMap;

use cargo_metadata::cargo_platform::{Cfg, CfgExpr, Platform};
use cargo_metadata::{Dependency, DependencyKind};
use semver::{Version, VersionReq};

use super::dependencies::entry_keys;
use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level, Severity};
use crate::read::registry::index_cache::{PublishedVersion, is_crates_io_index};
use crate::read::registry::published::Lookup;

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
`--offline`. When every non-yanked version the requirement allows declares a `rust-version` newer \
than the crate's, the crate cannot build on the Rust it claims (versions that declare none \
count as fitting). Users of that Rust get an error, or a resolver that falls back to older \
releases of the crate.\n\nA warning when the dependency is built by default on some target; \
a note, naming the feature, when only a feature that is not a default one builds it; nothing \
under a custom `--cfg` no target sets by itself (`cfg(loom)`) or for a target the claimed Rust \
did not ship (`wasm32-wasip2` before 1.82).\n\nFix: raise `rust-version` to the Rust the \
dependency needs, require an older release of the dependency that builds on the claimed Rust, \
or, for a feature's dependency, document the Rust that feature needs.",
};

/// A dependency the index could not tell about.
pub static DEPENDENCY_VERSIONS_UNKNOWN: Check = Check {
    name: "dependency_versions_unknown",
    default: Level::Note,
    blocks_publish: false,
    summary: "the Rust a dependency needs could not be read from the registry index",
    explain: "To judge `rust-version` against a dependency, cargo-ready reads the versions the \
index lists for it. When cargo's index cache has no entry (or none the requirement allows) and \
the run is `--offline`, or the index cannot be reached, the dependency is not judged, and one \
note per package lists such dependencies rather than guess.\n\nFix: run without `--offline`, or let cargo refresh its index \
cache (`cargo update` or a build) and run again.",
};

/// Runs both checks, when the crate declares `rust-version`.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let (Some(claimed), Some(published)) = (&ctx.package.rust_version, ctx.published) else {
        return;
    };
    let mut unknown: Vec<Unknown> = Vec::new();
    for dep in ctx
        .package
        .dependencies
        .iter()
        .filter(|d| is_judged(d) && can_be_built_on(d, claimed))
    {
        let Some(lookup) = published.get(&dep.name) else {
            continue;
        };
        let keys = entry_keys(ctx.manifest, dep).unwrap_or_else(|| vec!["dependencies".into()]);
        let written = format!(
            "`{} = \"{}\"`{}",
            dep.rename.as_deref().unwrap_or(&dep.name),
            dep.req.to_string().trim_start_matches('^'),
            match &dep.rename {
                Some(_) => format!(" (package `{}`)", dep.name),
                None => String::new(),
            }
        );
        let versions = match lookup {
            Lookup::Found { versions, .. } => versions,
            Lookup::Unavailable(why) => {
                unknown.push(Unknown {
                    keys,
                    written,
                    why: why.clone(),
                    name: dep.name.clone(),
                });
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
            unknown.push(Unknown {
                keys,
                written,
                why: format!(
                    "{where_} lists no published, non-yanked version of `{}` that `{}` allows",
                    dep.name, dep.req
                ),
                name: dep.name.clone(),
            });
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
            .filter(|v| is_a_fix(v, &dep.req, claimed))
            .map(|v| &v.version)
            .max();
        let features = enabling_features(&ctx.package.features, dep);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let raise = match fitting {
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
        };
        let help = match &features {
            None => raise,
            Some(features) => format!(
                "document that {} {} Rust {}, or {raise}",
                feature_list(features),
                if features.len() == 1 { "needs" } else { "need" },
                short(oldest)
            ),
        };
        let finding = sink.report(
            &DEPENDENCY_NEEDS_NEWER_RUST,
            Target::key(&keys),
            format!(
                "{written}{} needs Rust {}, but `rust-version` says {}: every non-yanked \
version the requirement allows declares a newer `rust-version`",
                qualifier(dep, features.as_deref()),
                short(oldest),
                short(claimed)
            ),
            help,
        );
        if features.is_some() {
            finding.soften(Severity::Note);
        }
    }
    report_unknown(unknown, sink);
}

/// A dependency the index could not tell about.
struct Unknown {
    /// Where it is written.
    keys: Vec<String>,
    /// How it is written: `` `tui = "0.29"` (package `ratatui`) ``.
    written: String,
    /// Why its versions are not known, naming its package.
    why: String,
    /// Its package.
    name: String,
}

/// One note for every dependency the index could not tell about, pointing at the first;
/// dependencies unknown for the same reason share it (`... has no entry for them`).
fn report_unknown(unknown: Vec<Unknown>, sink: &mut Sink<'_>) {
    let Some(first) = unknown.first() else {
        return;
    };
    let keys: Vec<&str> = first.keys.iter().map(String::as_str).collect();
    let message = match unknown.as_slice() {
        [one] => format!("the Rust {} needs is not known: {}", one.written, one.why),
        several => {
            let mut reasons: Vec<(String, Vec<&Unknown>)> = Vec::new();
            for u in several {
                let reason = u.why.replace(&format!("`{}`", u.name), "them");
                match reasons.iter_mut().find(|(r, _)| *r == reason) {
                    Some((_, group)) => group.push(u),
                    None => reasons.push((reason, vec![u])),
                }
            }
            let parts: Vec<String> = reasons
                .iter()
                .map(|(reason, group)| match group.as_slice() {
                    [one] => format!("{} ({})", one.written, one.why),
                    group => format!(
                        "{} ({reason})",
                        group
                            .iter()
                            .map(|u| u.written.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                })
                .collect();
            format!(
                "the Rust {} dependencies need is not known: {}",
                several.len(),
                parts.join("; ")
            )
        }
    };
    sink.report(
        &DEPENDENCY_VERSIONS_UNKNOWN,
        Target::key(&keys),
        message,
        "run without `--offline`, or let cargo refresh its index cache, to judge it".to_string(),
    );
}

/// Whether requiring `version` instead is a fix: it declares a `rust-version` the claim
/// meets, or declares none but stays within the requirement's compatible range (a release
/// that declares nothing and breaks the API proves nothing and is no drop-in).
fn is_a_fix(version: &PublishedVersion, req: &VersionReq, claimed: &Version) -> bool {
    match &version.rust_version {
        Some(needs) => needs <= claimed,
        None => compatible(req, &version.version),
    }
}

/// Whether `version` is semver-compatible with the lowest release `req` allows.
fn compatible(req: &VersionReq, version: &Version) -> bool {
    let Some(floor) = req.comparators.first() else {
        return true;
    };
    match (floor.major, floor.minor.unwrap_or(0)) {
        (0, 0) => version.major == 0 && version.minor == 0,
        (0, minor) => version.major == 0 && version.minor == minor,
        (major, _) => version.major == major,
    }
}

/// Normal and build dependencies from crates.io; dev-dependencies do not bind users, and
/// neither does one under a `cfg` no target sets by itself: `cfg(any())` (which serde uses to
/// keep `serde_derive`'s version in step without ever building it) or a custom `--cfg` such as
/// `cfg(loom)`.
pub fn is_judged(dep: &Dependency) -> bool {
    dep.kind != DependencyKind::Development
        && dep.path.is_none()
        && dep
            .source
            .as_ref()
            .is_some_and(|s| is_crates_io_index(&s.repr))
        && !matches!(&dep.target, Some(Platform::Cfg(expr)) if holds(expr, None) == Holds::Never)
}

/// Whether some target a user of Rust `claimed` can build for builds the dependency: a
/// dependency only for a target that Rust did not ship yet cannot break that user.
fn can_be_built_on(dep: &Dependency, claimed: &Version) -> bool {
    match &dep.target {
        None => true,
        Some(Platform::Name(triple)) => TARGETS_SINCE
            .iter()
            .find(|t| t.triple == triple)
            .is_none_or(|t| claimed >= &Version::new(1, t.since, 0)),
        Some(Platform::Cfg(expr)) => holds(expr, Some(claimed)) != Holds::Never,
    }
}

/// A target newer than many declared `rust-version`s, and the first Rust whose rustup ships
/// its standard library (before that, no stable Rust could build for it). Only the targets
/// crates name in their dependency tables are listed. Sources: the Rust release notes
/// (RELEASES.md) and the Rust blog.
struct TargetSince {
    /// The target triple, as `[target.<triple>.dependencies]` names it.
    triple: &'static str,
    /// The cfg key and value that single the target out.
    cfg: (&'static str, &'static str),
    /// The minor version of the first Rust 1.x that ships it.
    since: u64,
}

const TARGETS_SINCE: &[TargetSince] = &[
    // Rust 1.82: wasm32-wasip2 reaches tier 2 (blog: "The wasm32-wasip2 target has reached
    // tier 2 support", 2024-11-26); before, it was tier 3 and needed a nightly `-Zbuild-std`.
    TargetSince {
        triple: "wasm32-wasip2",
        cfg: ("target_env", "p2"),
        since: 82,
    },
    // Rust 1.78: `wasm32-wasi` is renamed `wasm32-wasip1` (RELEASES.md, 1.78.0, Compiler).
    TargetSince {
        triple: "wasm32-wasip1",
        cfg: ("target_env", "p1"),
        since: 78,
    },
];

/// The cfg names rustc and cargo set for a target by themselves; any other bare name is a
/// custom `--cfg` (`loom`, `docsrs`, `tokio_unstable`) that no build sets unasked.
const BUILTIN_NAMES: &[&str] = &[
    "unix",
    "windows",
    "test",
    "debug_assertions",
    "proc_macro",
    "panic",
    "target_thread_local",
    "overflow_checks",
    "ub_checks",
];

/// The cfg keys rustc and cargo set for a target by themselves.
const BUILTIN_KEYS: &[&str] = &[
    "target_os",
    "target_arch",
    "target_family",
    "target_env",
    "target_abi",
    "target_pointer_width",
    "target_vendor",
    "target_endian",
    "target_has_atomic",
    "target_has_atomic_load_store",
    "target_has_atomic_equal_alignment",
    "target_feature",
    "panic",
    "feature",
    "relocation_model",
    "sanitize",
    "fmt_debug",
];

/// Whether a `cfg` holds with no custom `--cfg` set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    /// On no target.
    Never,
    /// On some targets.
    Some,
    /// On every target.
    Always,
}

impl Holds {
    /// Three-valued `not`.
    fn not(self) -> Holds {
        match self {
            Holds::Never => Holds::Always,
            Holds::Some => Holds::Some,
            Holds::Always => Holds::Never,
        }
    }

    /// Three-valued `all(a, b)`.
    fn and(self, other: Holds) -> Holds {
        self.not().or(other.not()).not()
    }

    /// Three-valued `any(a, b)`.
    fn or(self, other: Holds) -> Holds {
        match (self, other) {
            (Holds::Always, _) | (_, Holds::Always) => Holds::Always,
            (Holds::Never, Holds::Never) => Holds::Never,
            _ => Holds::Some,
        }
    }
}

/// Whether `expr` holds on some target, with only the cfgs rustc and cargo set by themselves:
/// a custom name (`loom`) is unset, and with `claimed`, a target value Rust `claimed` did not
/// ship yet (`target_env = "p2"` before 1.82) is too.
fn holds(expr: &CfgExpr, claimed: Option<&Version>) -> Holds {
    match expr {
        CfgExpr::True => Holds::Always,
        CfgExpr::False => Holds::Never,
        CfgExpr::Value(Cfg::Name(name)) => {
            if BUILTIN_NAMES.contains(&name.as_str()) {
                Holds::Some
            } else {
                Holds::Never
            }
        }
        CfgExpr::Value(Cfg::KeyPair(key, value)) => {
            let too_new = claimed.is_some_and(|claimed| {
                TARGETS_SINCE.iter().any(|t| {
                    t.cfg == (key.as_str(), value.as_str())
                        && claimed < &Version::new(1, t.since, 0)
                })
            });
            if BUILTIN_KEYS.contains(&key.as_str()) && !too_new {
                Holds::Some
            } else {
                Holds::Never
            }
        }
        CfgExpr::Not(inner) => holds(inner, claimed).not(),
        CfgExpr::All(all) => all
            .iter()
            .map(|e| holds(e, claimed))
            .fold(Holds::Always, Holds::and),
        CfgExpr::Any(any) => any
            .iter()
            .map(|e| holds(e, claimed))
            .fold(Holds::Never, Holds::or),
    }
}

/// The features that build an optional dependency when the default features do not: `None`
/// when it is built by default (it is not optional, or `default` enables it, through other
/// features, `dep:` or `name/feature`); else the features that enable it themselves.
fn enabling_features(
    features: &BTreeMap<String, Vec<String>>,
    dep: &Dependency,
) -> Option<Vec<String>> {
    if !dep.optional {
        return None;
    }
    let key = dep.rename.as_deref().unwrap_or(&dep.name);
    if enables(features, "default", key) {
        return None;
    }
    let implicit = |name: &str| {
        name == key
            && features
                .get(name)
                .is_some_and(|v| v == &[format!("dep:{key}")])
    };
    let directly = |values: &Vec<String>| {
        values
            .iter()
            .any(|v| names_dependency(v, key) || implicit(v))
    };
    let mut found: Vec<String> = features
        .iter()
        .filter(|(_, values)| directly(values))
        .map(|(name, _)| name.clone())
        .collect();
    // The feature cargo makes for the dependency itself is named only when no other is.
    if found.len() > 1 {
        found.retain(|name| !implicit(name));
    }
    if found.is_empty() {
        found.push(key.to_string());
    }
    Some(found)
}

/// Whether feature `feature` (with what it enables, transitively) builds dependency `key`.
fn enables(features: &BTreeMap<String, Vec<String>>, feature: &str, key: &str) -> bool {
    let mut seen = vec![feature];
    let mut next = vec![feature];
    while let Some(name) = next.pop() {
        for value in features.get(name).into_iter().flatten() {
            if names_dependency(value, key) {
                return true;
            }
            if features.contains_key(value.as_str()) && !seen.contains(&value.as_str()) {
                seen.push(value);
                next.push(value);
            }
        }
    }
    false
}

/// Whether a feature's value builds dependency `key`: `dep:key` or `key/feature` (not the
/// weak `key?/feature`).
fn names_dependency(value: &str, key: &str) -> bool {
    value.strip_prefix("dep:") == Some(key)
        || value.split_once('/').is_some_and(|(dep, _)| dep == key)
}

/// `feature `a``, `features `a` and `b``, `features `a`, `b` and 3 more`.
fn feature_list(features: &[String]) -> String {
    let named: Vec<String> = features.iter().take(3).map(|f| format!("`{f}`")).collect();
    let mut text = match named.as_slice() {
        [one] => return format!("feature {one}"),
        [init @ .., last] if features.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ => named.join(", "),
    };
    if features.len() > 3 {
        text.push_str(&format!(" and {} more", features.len() - 3));
    }
    format!("features {text}")
}

/// Who is affected: ` (build dependency, enabled by default on Windows)`, ` (only with
/// feature `atomic`)`.
fn qualifier(dep: &Dependency, features: Option<&[String]>) -> String {
    let mut parts = Vec::new();
    if dep.kind == DependencyKind::Build {
        parts.push("build dependency".to_string());
    }
    let target = dep.target.as_ref().map(target_words);
    match (features, target) {
        (Some(features), target) => {
            let mut only = format!("only with {}", feature_list(features));
            if let Some(target) = target {
                only.push_str(&format!(", {target}"));
            }
            parts.push(only);
        }
        (None, Some(target)) if dep.optional => parts.push(format!("enabled by default {target}")),
        (None, Some(target)) => parts.push(target),
        (None, None) if dep.optional => parts.push("optional, enabled by default".to_string()),
        (None, None) => {}
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// The target in words: `on Windows`, `on `wasm32-wasip2``, `when target_os = "linux"`.
fn target_words(platform: &Platform) -> String {
    match platform {
        Platform::Name(triple) => format!("on `{triple}`"),
        Platform::Cfg(expr) => match expr {
            CfgExpr::Value(Cfg::Name(name)) if name == "windows" => "on Windows".to_string(),
            CfgExpr::Value(Cfg::Name(name)) if name == "unix" => "on Unix".to_string(),
            CfgExpr::Value(Cfg::KeyPair(key, value)) => format!("when {key} = \"{value}\""),
            CfgExpr::All(all)
                if all.iter().any(|e| matches!(e, CfgExpr::Value(Cfg::KeyPair(k, v)) if k == "target_env" && v == "p2")) =>
            {
                "on `wasm32-wasip2`".to_string()
            }
            other => format!("when `cfg({other})`"),
        },
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

    fn on(cfg: &str, claimed: &str) -> Holds {
        match cfg.parse::<Platform>().unwrap() {
            Platform::Cfg(expr) => holds(&expr, Some(&claimed.parse().unwrap())),
            Platform::Name(_) => Holds::Some,
        }
    }

    #[test]
    fn cfgs_no_target_sets_by_itself() {
        for cfg in [
            "cfg(any())",
            "cfg(not(all()))",
            "cfg(all(unix, any()))",
            "cfg(false)",
            "cfg(loom)",
            "cfg(crossbeam_loom)",
            "cfg(all(target_os = \"uefi\", getrandom_backend = \"efi_rng\"))",
            "cfg(all(target_arch = \"wasm32\", target_os = \"wasi\", target_env = \"p2\"))",
        ] {
            assert_eq!(on(cfg, "1.63.0"), Holds::Never, "{cfg}");
        }
        for (cfg, expected) in [
            ("cfg(unix)", Holds::Some),
            ("cfg(any(windows, loom))", Holds::Some),
            ("cfg(not(loom))", Holds::Always),
            ("cfg(not(any()))", Holds::Always),
            ("cfg(all())", Holds::Always),
            ("cfg(all(windows, not(loom)))", Holds::Some),
            ("cfg(target_os = \"uefi\")", Holds::Some),
            (
                "cfg(all(target_os = \"wasi\", target_env = \"p2\"))",
                Holds::Some,
            ),
        ] {
            assert_eq!(on(cfg, "1.82.0"), expected, "{cfg}");
        }
    }

    fn features(table: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        table
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn features_that_build_an_optional_dependency() {
        let dep: Dependency = serde_json::from_value(serde_json::json!({
            "name": "getrandom", "req": "^0.3", "kind": null, "optional": true,
            "uses_default_features": true, "features": [], "target": null, "rename": null,
            "registry": null, "source": null
        }))
        .unwrap();
        let js = Some(vec!["js".to_string()]);
        for (table, expected) in [
            (
                features(&[
                    ("default", &["std", "runtime-rng"]),
                    ("runtime-rng", &["getrandom"]),
                    ("getrandom", &["dep:getrandom"]),
                    ("std", &[]),
                ]),
                None,
            ),
            (
                features(&[("default", &["std"]), ("std", &["getrandom/std"])]),
                None,
            ),
            (
                features(&[
                    ("default", &["std"]),
                    ("std", &["getrandom?/std"]),
                    ("js", &["dep:getrandom"]),
                ]),
                js,
            ),
            (
                features(&[("getrandom", &["dep:getrandom"]), ("rng", &["getrandom"])]),
                Some(vec!["rng".to_string()]),
            ),
            (
                features(&[("getrandom", &["dep:getrandom"])]),
                Some(vec!["getrandom".to_string()]),
            ),
        ] {
            assert_eq!(enabling_features(&table, &dep), expected, "{table:?}");
        }
    }

    #[test]
    fn a_release_that_declares_nothing_is_a_fix_only_within_the_requirement() {
        let claimed: Version = "1.60.0".parse().unwrap();
        let version = |v: &str, rust: Option<&str>| PublishedVersion {
            version: v.parse().unwrap(),
            rust_version: rust.map(|r| r.parse().unwrap()),
            yanked: false,
            published: None,
            checksum: None,
        };
        let req: VersionReq = "0.3.1".parse().unwrap();
        assert!(!is_a_fix(&version("0.2.17", None), &req, &claimed));
        assert!(is_a_fix(&version("0.2.17", Some("1.36.0")), &req, &claimed));
        assert!(is_a_fix(&version("0.3.0", None), &req, &claimed));
        assert!(!is_a_fix(&version("0.3.0", Some("1.63.0")), &req, &claimed));
    }

    #[test]
    fn feature_lists() {
        let list =
            |names: &[&str]| feature_list(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&["atomic"]), "feature `atomic`");
        assert_eq!(list(&["a", "b"]), "features `a` and `b`");
        assert_eq!(
            list(&["a", "b", "c", "d"]),
            "features `a`, `b`, `c` and 1 more"
        );
    }
}
