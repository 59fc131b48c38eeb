//! Dependencies of every kind and target (S27–S30, S32, C11, C13).
//!
//! The dependencies come from `cargo metadata`, which resolves `workspace = true` entries; the
//! manifest text says where each entry is written and whether it carries a `version`.

use cargo_metadata::cargo_platform::Platform;
use cargo_metadata::semver::VersionReq;
use cargo_metadata::{Dependency, DependencyKind};
use toml_edit::Item;

use super::name::{MAX_NAME_CHARS, NameProblem, name_problem};
use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level};
use crate::read::manifest::Manifest;
use crate::read::registry::index_cache::is_crates_io_index;

/// S30: `*` requirement.
pub static WILDCARD_DEPENDENCY: Check = Check {
    name: "wildcard_dependency",
    default: Level::Deny,
    blocks_publish: true,
    summary: "dependency with a `*` version requirement",
    explain: "crates.io refuses `*` requirements (\"wildcard (`*`) dependency constraints are not \
allowed\"), in every dependency table, dev and build included. `cargo publish --dry-run` does not \
check this. Only `*` itself is refused: `0.*` and `>=0` pass.\n\nFix: require the version you build against, e.g. `serde = \"1\"`.",
};

/// C11: path or git dependency without a version.
pub static DEPENDENCY_WITHOUT_VERSION: Check = Check {
    name: "dependency_without_version",
    default: Level::Deny,
    blocks_publish: true,
    summary: "path or git dependency without a `version`",
    explain: "cargo removes `path` and `git` from dependencies when it publishes, so each must \
also carry a `version` that exists on crates.io (\"all dependencies must have a version \
requirement specified when publishing\").\n\nFix: add `version = \"x.y\"` beside `path` or \
`git`, and publish that dependency first.",
};

/// C11 for dev-dependencies: stripped, not refused.
pub static DEV_DEPENDENCY_WITHOUT_VERSION: Check = Check {
    name: "dev_dependency_without_version",
    default: Level::Note,
    blocks_publish: false,
    summary: "path or git dev-dependency without a `version` (cargo drops it when publishing)",
    explain: "cargo drops a dev-dependency that has no `version` from the published manifest, so \
tests and examples that use it will not build from the published crate.\n\nFix: nothing is \
required; add `version` if users should be able to run the tests from the package.",
};

/// S32, C13: another registry.
pub static FOREIGN_REGISTRY_DEPENDENCY: Check = Check {
    name: "foreign_registry_dependency",
    default: Level::Deny,
    blocks_publish: true,
    summary: "dependency from a registry other than crates.io",
    explain: "crates.io refuses dependencies hosted on other registries (\"Cross-registry \
dependencies are not permitted on crates.io\").\n\nFix: publish the dependency to crates.io \
first, or depend on a crates.io crate instead.",
};

/// S27: more than 500 dependencies.
pub static TOO_MANY_DEPENDENCIES: Check = Check {
    name: "too_many_dependencies",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 500 dependencies in all tables together",
    explain: "crates.io refuses more than 500 dependencies counted over normal, dev, build and \
target-specific tables.\n\nFix: drop unused dependencies, or ask help@crates.io.",
};

/// S28, S29: dependency names and renames.
pub static INVALID_DEPENDENCY_NAME: Check = Check {
    name: "invalid_dependency_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "dependency name or rename has characters crates.io refuses",
    explain: "A dependency's package name follows the crate-name rules: it starts with an ASCII \
letter. A renamed key (`foo = { package = \"bar\" }`) may also start with `_`. Both are at most \
64 characters of ASCII letters, digits, `-` and `_`.\n\nFix: rename the key, or depend on the \
crate under the name it is published with.",
};

/// The most dependencies crates.io accepts, all tables together (S27).
pub const MAX_DEPENDENCIES: usize = 500;

/// Says what is wrong with dependency name `name`, e.g. ``dependency name `1x` starts with '1'``.
pub fn describe_name_problem(name: &str, problem: NameProblem) -> String {
    match problem {
        NameProblem::Empty => "dependency name is empty".to_string(),
        NameProblem::TooLong(length) => format!(
            "dependency name `{name}` is {length} characters long, more than {MAX_NAME_CHARS}"
        ),
        NameProblem::StartsWithDigit(c) | NameProblem::BadFirstChar(c) => {
            format!("dependency name `{name}` starts with {c:?}")
        }
        NameProblem::BadChar(c) => format!("dependency name `{name}` contains {c:?}"),
    }
}

/// Checks a dependency name as crates.io does: the crate-name grammar, where a key that
/// renames a dependency (`renamed`) may also start with `_`.
pub fn dependency_name_problem(name: &str, renamed: bool) -> Option<NameProblem> {
    name_problem(name, renamed)
}

/// Whether a requirement is the bare `*` crates.io refuses (`0.*` and `>=0` are accepted).
pub fn is_wildcard(req: &VersionReq) -> bool {
    *req == VersionReq::STAR
}

/// Whether a dependency count is over crates.io's limit.
pub fn too_many_dependencies(count: usize) -> bool {
    count > MAX_DEPENDENCIES
}

/// Whether a dependency entry as written carries a `version`, or `None` when the text does not
/// say (`workspace = true`: the version is in `[workspace.dependencies]`).
pub fn written_version(entry: &Item) -> Option<bool> {
    if entry.is_str() {
        return Some(true);
    }
    let table = entry.as_table_like()?;
    if table.get("workspace").and_then(Item::as_bool) == Some(true) {
        return None;
    }
    Some(table.contains_key("version"))
}

/// Where a dependency comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Path,
    Git,
    Registry,
}

impl Origin {
    fn of(dep: &Dependency) -> Origin {
        if dep.path.is_some() {
            Origin::Path
        } else if dep
            .source
            .as_ref()
            .is_some_and(|s| s.repr.starts_with("git+"))
        {
            Origin::Git
        } else {
            Origin::Registry
        }
    }
}

/// The table a dependency of this kind is declared in.
fn kind_table(kind: DependencyKind) -> &'static str {
    match kind {
        DependencyKind::Development => "dev-dependencies",
        DependencyKind::Build => "build-dependencies",
        _ => "dependencies",
    }
}

fn kind_label(kind: DependencyKind) -> &'static str {
    match kind {
        DependencyKind::Development => "dev-dependency",
        DependencyKind::Build => "build-dependency",
        _ => "dependency",
    }
}

/// The key path of a dependency's entry in the manifest.
///
/// A target-specific entry is looked for under the `[target]` key written like cargo's
/// rendering of the platform, then under one that parses to the same platform (the text may
/// differ in spacing), then under any target table that has the key.
pub fn entry_keys(manifest: &Manifest, dep: &Dependency) -> Option<Vec<String>> {
    let table = kind_table(dep.kind);
    let key = dep.rename.as_deref().unwrap_or(&dep.name);
    let Some(platform) = &dep.target else {
        manifest.get(&[table, key])?;
        return Some(vec![table.to_string(), key.to_string()]);
    };
    let targets = manifest.get(&["target"])?.as_table_like()?;
    let holds = |name: &str| manifest.get(&["target", name, table, key]).is_some();
    let names: Vec<&str> = targets
        .iter()
        .map(|(name, _)| name)
        .filter(|n| holds(n))
        .collect();
    let written = platform.to_string();
    let same = |name: &&&str| name.parse::<Platform>().is_ok_and(|p| p == *platform);
    let name = names
        .iter()
        .find(|name| **name == written)
        .or_else(|| names.iter().find(same))
        .or_else(|| names.first())?;
    Some(vec![
        "target".to_string(),
        name.to_string(),
        table.to_string(),
        key.to_string(),
    ])
}

/// One dependency with what the manifest says about it.
struct Entry<'a> {
    dep: &'a Dependency,
    /// The entry's key path, or the table it belongs in when it was not found.
    keys: Vec<String>,
    item: Option<&'a Item>,
    origin: Origin,
    has_version: bool,
}

impl<'a> Entry<'a> {
    fn new(manifest: &'a Manifest, dep: &'a Dependency) -> Entry<'a> {
        let keys = entry_keys(manifest, dep);
        let item = keys.as_ref().and_then(|keys| manifest.get(&strs(keys)));
        let has_version = item
            .and_then(written_version)
            .unwrap_or(!is_wildcard(&dep.req));
        Entry {
            dep,
            keys: keys.unwrap_or_else(|| vec![kind_table(dep.kind).to_string()]),
            item,
            origin: Origin::of(dep),
            has_version,
        }
    }

    /// The key the dependency is written under.
    fn key(&self) -> &str {
        self.dep.rename.as_deref().unwrap_or(&self.dep.name)
    }

    /// `` `serde` ``, or `` `foo` (package `bar`) `` for a renamed dependency.
    fn display(&self) -> String {
        match &self.dep.rename {
            Some(rename) if *rename != self.dep.name => {
                format!("`{rename}` (package `{}`)", self.dep.name)
            }
            _ => format!("`{}`", self.dep.name),
        }
    }

    /// Whether the entry is `{ workspace = true }`: its details are in the workspace root.
    fn is_inherited(&self) -> bool {
        self.item
            .is_some_and(|item| written_version(item).is_none())
    }

    /// A note for messages about an inherited entry.
    fn inherited(&self) -> &'static str {
        if self.is_inherited() {
            " (inherited from `[workspace.dependencies]`)"
        } else {
            ""
        }
    }

    /// Where a fix goes, for help about an inherited entry.
    fn fix_in(&self) -> &'static str {
        if self.is_inherited() {
            " in `[workspace.dependencies]`"
        } else {
            ""
        }
    }

    /// A path to a key inside the entry, when the entry is a table that has it.
    fn field<'k>(&'k self, key: &'k str) -> Vec<&'k str> {
        let mut keys = strs(&self.keys);
        if self
            .item
            .and_then(Item::as_table_like)
            .is_some_and(|t| t.contains_key(key))
        {
            keys.push(key);
        }
        keys
    }

    /// cargo drops a path or git dev-dependency without a version from the published manifest.
    fn stripped(&self) -> bool {
        self.dep.kind == DependencyKind::Development
            && self.origin != Origin::Registry
            && !self.has_version
    }

    /// Whether crates.io receives the requirement `*` for this dependency.
    fn wildcard(&self) -> bool {
        is_wildcard(&self.dep.req) && (self.origin == Origin::Registry || self.has_version)
    }
}

fn strs(keys: &[String]) -> Vec<&str> {
    keys.iter().map(String::as_str).collect()
}

/// The version a path dependency's own manifest declares, for the suggested fix.
fn path_dependency_version(dep: &Dependency) -> Option<String> {
    let path = dep.path.as_ref()?.join("Cargo.toml");
    let manifest = Manifest::load(path.as_std_path()).ok()?;
    manifest
        .get_str(&["package", "version"])
        .map(str::to_string)
}

/// Runs the dependency checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let entries: Vec<Entry<'_>> = ctx
        .package
        .dependencies
        .iter()
        .map(|dep| Entry::new(ctx.manifest, dep))
        .collect();
    for entry in &entries {
        check_entry(ctx, entry, sink);
    }
    let count = entries.iter().filter(|e| !e.stripped()).count();
    if too_many_dependencies(count) {
        sink.report(
            &TOO_MANY_DEPENDENCIES,
            Target::key(&["dependencies"]),
            format!(
                "the package declares {count} dependencies; crates.io accepts at most {MAX_DEPENDENCIES}"
            ),
            "remove unused dependencies (cargo-machete or cargo-udeps find them), or ask help@crates.io to raise the limit for this crate".to_string(),
        );
    }
}

fn check_entry(ctx: &PackageContext<'_>, entry: &Entry<'_>, sink: &mut Sink<'_>) {
    let dep = entry.dep;
    let label = kind_label(dep.kind);
    let name = entry.display();

    check_names(ctx.manifest, entry, sink);

    if entry.wildcard() {
        let keys = entry.field("version");
        sink.report(
            &WILDCARD_DEPENDENCY,
            Target::key(&keys),
            format!(
                "{label} {name} requires version `*`{}, which crates.io refuses",
                entry.inherited()
            ),
            format!(
                "replace `*`{} with the version you build against (Cargo.lock shows it), e.g. `{}`",
                entry.fix_in(),
                match entry.item {
                    Some(item) if item.is_str() => format!("{} = \"1.4\"", entry.key()),
                    _ => "version = \"1.4\"".to_string(),
                }
            ),
        );
    }

    if entry.origin != Origin::Registry && !entry.has_version {
        report_missing_version(ctx, entry, sink);
    }

    if let Some(registry) = dep.registry.as_deref()
        && !is_crates_io_index(registry)
    {
        let key = match entry.field("registry") {
            keys if keys.last() == Some(&"registry") => "registry",
            _ => "registry-index",
        };
        let keys = entry.field(key);
        sink.report(
            &FOREIGN_REGISTRY_DEPENDENCY,
            Target::key(&keys),
            format!(
                "{label} {name} comes from the registry `{registry}`{}, not crates.io",
                entry.inherited()
            ),
            format!(
                "publish `{}` to crates.io first and remove `{key}` from its entry{}, or depend on a crate from crates.io instead",
                dep.name,
                entry.fix_in()
            ),
        );
    }
}

/// A path or git dependency without a `version`: refused for normal and build dependencies,
/// dropped for dev-dependencies, and right for a dev-dependency that depends back on the package.
fn report_missing_version(ctx: &PackageContext<'_>, entry: &Entry<'_>, sink: &mut Sink<'_>) {
    let dep = entry.dep;
    let (label, name) = (kind_label(dep.kind), entry.display());
    let field = match entry.origin {
        Origin::Path => "path",
        _ => "git",
    };
    let keys = strs(&entry.keys);
    if dep.kind == DependencyKind::Development
        && entry.origin == Origin::Path
        && depends_back(dep, ctx.root(), &ctx.package.name)
    {
        sink.report(
            &DEV_DEPENDENCY_WITHOUT_VERSION,
            Target::key(&keys),
            format!(
                "{label} {name} has `path` but no `version`{}, which is right: `{}` depends on `{}`, so cargo drops it from the published package instead of making each wait for the other",
                entry.inherited(),
                dep.name,
                ctx.package.name
            ),
            format!(
                "keep it path-only: with a `version`, `{}` could not be published before `{}`, nor `{}` before `{}`",
                ctx.package.name, dep.name, dep.name, ctx.package.name
            ),
        );
        return;
    }
    let (check, what) = match dep.kind {
        DependencyKind::Development => (
            &DEV_DEPENDENCY_WITHOUT_VERSION,
            "cargo drops it from the published package, so tests and examples that use it will not build from there",
        ),
        _ => (
            &DEPENDENCY_WITHOUT_VERSION,
            "cargo refuses to publish it, since `path` and `git` are removed from the published manifest",
        ),
    };
    let version = match entry.origin {
        Origin::Path => path_dependency_version(dep),
        _ => None,
    };
    let suggestion = match &version {
        Some(version) => format!(
            "add `version = \"{version}\"` beside `{field}`{} (the version its Cargo.toml declares)",
            entry.fix_in()
        ),
        None => format!(
            "add `version = \"x.y\"` beside `{field}`{}, with the version of `{}` on crates.io",
            entry.fix_in(),
            dep.name
        ),
    };
    let help = match dep.kind {
        DependencyKind::Development => format!("if it should stay, {suggestion}"),
        _ => format!(
            "{suggestion}, and publish `{}` first if it is not there yet",
            dep.name
        ),
    };
    sink.report(
        check,
        Target::key(&keys),
        format!(
            "{label} {name} has `{field}` but no `version`{}: {what}",
            entry.inherited()
        ),
        help,
    );
}

/// Whether the path dependency `dep`, or a path dependency it needs to build (normal or build,
/// followed through its path dependencies), depends on the package in `package_dir`.
fn depends_back(dep: &Dependency, package_dir: &std::path::Path, package_name: &str) -> bool {
    let Some(start) = dep.path.as_ref() else {
        return false;
    };
    let target = crate::paths::normalize(package_dir);
    let mut queue = vec![start.as_std_path().to_path_buf()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(dir) = queue.pop() {
        let dir = crate::paths::normalize(&dir);
        if !seen.insert(dir.clone()) || seen.len() > 64 {
            continue;
        }
        let Ok(manifest) = Manifest::load(&dir.join("Cargo.toml")) else {
            continue;
        };
        for (name, path) in build_dependencies(&manifest) {
            let Some(path) = path else {
                if name == package_name {
                    return true;
                }
                continue;
            };
            let path = crate::paths::normalize(&dir.join(path));
            if path == target {
                return true;
            }
            queue.push(path);
        }
    }
    false
}

/// The normal and build dependencies a manifest writes (any target), as (package name, path
/// when it has one).
fn build_dependencies(manifest: &Manifest) -> Vec<(String, Option<String>)> {
    let tables = |root: &[&str]| -> Vec<Vec<String>> {
        ["dependencies", "build-dependencies"]
            .iter()
            .map(|t| {
                root.iter()
                    .map(|k| k.to_string())
                    .chain([t.to_string()])
                    .collect()
            })
            .collect()
    };
    let mut paths = tables(&[]);
    if let Some(targets) = manifest.get(&["target"]).and_then(|t| t.as_table_like()) {
        for (platform, _) in targets.iter() {
            paths.extend(tables(&["target", platform]));
        }
    }
    let mut found = Vec::new();
    for keys in paths {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let Some(table) = manifest.get(&keys).and_then(Item::as_table_like) else {
            continue;
        };
        for (key, entry) in table.iter() {
            let detail = entry.as_table_like();
            let name = detail
                .and_then(|d| d.get("package"))
                .and_then(Item::as_str)
                .unwrap_or(key);
            let path = detail.and_then(|d| d.get("path")).and_then(Item::as_str);
            found.push((name.to_string(), path.map(str::to_string)));
        }
    }
    found
}

/// A valid key for a dependency renamed to `key`: the package name when that is valid, else
/// `key` with refused characters replaced.
fn suggest_key(key: &str, package: &str) -> String {
    if dependency_name_problem(package, true).is_none() {
        return package.to_string();
    }
    let mut fixed: String = key
        .chars()
        .take(MAX_NAME_CHARS - 1)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !fixed.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        fixed.insert(0, '_');
    }
    fixed
}

fn check_names(manifest: &Manifest, entry: &Entry<'_>, sink: &mut Sink<'_>) {
    let dep = entry.dep;
    let key = entry.key();
    let renamed = dep.rename.is_some();
    let keys = strs(&entry.keys);
    let key_location = || manifest.locate_key(&keys);
    if renamed && let Some(problem) = dependency_name_problem(key, true) {
        sink.report_on(
            &INVALID_DEPENDENCY_NAME,
            &keys,
            key_location(),
            describe_name_problem(key, problem),
            format!(
                "rename the key to ASCII letters, digits, `-` and `_`, starting with a letter or `_`, e.g. `{}`",
                suggest_key(key, &dep.name)
            ),
        );
    }
    if let Some(problem) = dependency_name_problem(&dep.name, false) {
        let help = "crates.io only has crates named with up to 64 ASCII letters, digits, `-` and `_`, starting with a letter; depend on the crate under the name it is published with".to_string();
        if renamed {
            let keys = entry.field("package");
            sink.report(
                &INVALID_DEPENDENCY_NAME,
                Target::key(&keys),
                describe_name_problem(&dep.name, problem),
                help,
            );
        } else {
            sink.report_on(
                &INVALID_DEPENDENCY_NAME,
                &keys,
                key_location(),
                describe_name_problem(&dep.name, problem),
                help,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{dependency, findings, findings_in, placed};
    use serde_json::{Value, json};
    use std::path::PathBuf;

    #[test]
    fn dependency_names() {
        use NameProblem::{
            BadChar as Char, BadFirstChar as Start, Empty, StartsWithDigit, TooLong,
        };
        let longest = "a".repeat(64);
        let too_long = "a".repeat(65);
        let accented = "é".repeat(65);
        let cases: &[(&str, Option<NameProblem>, Option<NameProblem>)] = &[
            // (name, as a package name, as a renaming key)
            ("serde", None, None),
            ("a", None, None),
            ("a-b_c9", None, None),
            ("Serde", None, None),
            (&longest, None, None),
            (&too_long, Some(TooLong(65)), Some(TooLong(65))),
            (&accented, Some(TooLong(65)), Some(TooLong(65))),
            ("", Some(Empty), Some(Empty)),
            ("1x", Some(StartsWithDigit('1')), Some(StartsWithDigit('1'))),
            ("_x", Some(Start('_')), None),
            ("_", Some(Start('_')), None),
            ("-x", Some(Start('-')), Some(Start('-'))),
            ("x.y", Some(Char('.')), Some(Char('.'))),
            ("x y", Some(Char(' ')), Some(Char(' '))),
            ("é", Some(Start('é')), Some(Start('é'))),
            ("aé", Some(Char('é')), Some(Char('é'))),
            ("🦀", Some(Start('🦀')), Some(Start('🦀'))),
        ];
        for (name, package, rename) in cases {
            assert_eq!(
                dependency_name_problem(name, false),
                *package,
                "package {name:?}"
            );
            assert_eq!(
                dependency_name_problem(name, true),
                *rename,
                "rename {name:?}"
            );
        }
    }

    #[test]
    fn only_a_bare_star_is_a_wildcard() {
        for (req, wildcard) in [
            ("*", true),
            (" * ", true),
            ("0.*", false),
            ("1.*", false),
            (">=0", false),
            (">=0.0.0", false),
            ("^1", false),
        ] {
            assert_eq!(
                is_wildcard(&VersionReq::parse(req).unwrap()),
                wildcard,
                "{req}"
            );
        }
    }

    #[test]
    fn dependency_limit() {
        assert!(!too_many_dependencies(0));
        assert!(!too_many_dependencies(500));
        assert!(too_many_dependencies(501));
    }

    #[test]
    fn written_versions() {
        let m = Manifest::parse(
            PathBuf::from("/demo/Cargo.toml"),
            "[dependencies]\na = \"1\"\nb = { path = \"b\" }\nc = { path = \"c\", version = \"1\" }\n\
             d = { workspace = true }\ne = { git = \"https://example.com/e\", workspace = false }\n"
                .to_string(),
        )
        .unwrap();
        let version = |key| written_version(m.get(&["dependencies", key]).unwrap());
        assert_eq!(version("a"), Some(true));
        assert_eq!(version("b"), Some(false));
        assert_eq!(version("c"), Some(true));
        assert_eq!(version("d"), None);
        assert_eq!(version("e"), Some(false));
    }

    fn dep(name: &str, fields: Value) -> Dependency {
        serde_json::from_value(dependency(name, fields)).unwrap()
    }

    #[test]
    fn entries_are_found_in_every_table() {
        let m = Manifest::parse(
            PathBuf::from("/demo/Cargo.toml"),
            "[dev_dependencies]\na = \"1\"\n\
             [target.'cfg(any(unix,windows))'.dependencies]\nb = \"1\"\n\
             [target.'cfg(unix)'.build-dependencies]\nc = \"1\"\n\
             [target.x86_64-pc-windows-msvc.build-dependencies]\nc = \"1\"\n\
             [dependencies]\nrenamed = { package = \"real\", version = \"1\" }\n"
                .to_string(),
        )
        .unwrap();
        let cases = [
            (
                dep("a", json!({ "kind": "dev" })),
                Some("dev-dependencies.a"),
            ),
            (
                dep("b", json!({ "target": "cfg(any(unix, windows))" })),
                Some("target.cfg(any(unix,windows)).dependencies.b"),
            ),
            (
                dep(
                    "c",
                    json!({ "kind": "build", "target": "x86_64-pc-windows-msvc" }),
                ),
                Some("target.x86_64-pc-windows-msvc.build-dependencies.c"),
            ),
            (
                dep("c", json!({ "kind": "build", "target": "cfg(unix)" })),
                Some("target.cfg(unix).build-dependencies.c"),
            ),
            (
                dep("real", json!({ "rename": "renamed" })),
                Some("dependencies.renamed"),
            ),
            (dep("real", json!({})), None),
            (dep("b", json!({})), None),
        ];
        for (dep, expected) in cases {
            let found = entry_keys(&m, &dep).map(|keys| keys.join("."));
            assert_eq!(found.as_deref(), expected, "{}", dep.name);
        }
    }

    const CRATES_IO: &str = "registry+https://github.com/rust-lang/crates.io-index";

    #[test]
    fn wildcards_are_refused_where_crates_io_would_see_them() {
        let toml = "[dependencies]\n\
                    star = \"*\"\n\
                    zero = \"0.*\"\n\
                    local = { path = \"../local\", version = \"*\" }\n\
                    [dev-dependencies]\n\
                    tested = { version = \"*\" }\n\
                    [target.'cfg(unix)'.dependencies]\n\
                    unixy = \"*\"\n";
        let fields = json!({ "dependencies": [
            dependency("star", json!({ "req": "*" })),
            dependency("zero", json!({ "req": "0.*" })),
            dependency("local", json!({ "req": "*", "source": null, "path": "/local" })),
            dependency("tested", json!({ "req": "*", "kind": "dev" })),
            dependency("unixy", json!({ "req": "*", "target": "cfg(unix)" })),
        ]});
        let found = findings(check, toml, fields);
        assert_eq!(
            placed(&found),
            [
                ("wildcard_dependency", 2),
                ("wildcard_dependency", 4),
                ("wildcard_dependency", 6),
                ("wildcard_dependency", 8),
            ]
        );
        assert_eq!(
            found[0].message,
            "dependency `star` requires version `*`, which crates.io refuses"
        );
        assert_eq!(found[0].location.as_ref().unwrap().column, 8);
        assert_eq!(found[1].location.as_ref().unwrap().column, 40);
        assert_eq!(
            found[3].field.as_deref(),
            Some("target.cfg(unix).dependencies.unixy")
        );
    }

    #[test]
    fn path_and_git_dependencies_need_a_version() {
        let dir = tempfile::tempdir().unwrap();
        let local = dir.path().join("local");
        std::fs::create_dir(&local).unwrap();
        std::fs::write(
            local.join("Cargo.toml"),
            "[package]\nname = \"local\"\nversion = \"0.3.1\"\n",
        )
        .unwrap();
        let toml = "[dependencies]\n\
                    local = { path = \"local\" }\n\
                    fine = { path = \"local\", version = \"0.3\" }\n\
                    shared = { workspace = true }\n\
                    [build-dependencies]\n\
                    gen = { git = \"https://example.com/gen\" }\n\
                    [dev-dependencies]\n\
                    helper = { path = \"local\", package = \"local\" }\n";
        let path = local.to_str().unwrap();
        let fields = json!({ "dependencies": [
            dependency("local", json!({ "req": "*", "source": null, "path": path })),
            dependency("local", json!({ "rename": "fine", "req": "^0.3", "source": null, "path": path })),
            dependency("shared", json!({ "req": "*", "source": null, "path": "/elsewhere/shared" })),
            dependency("gen", json!({ "req": "*", "kind": "build", "source": "git+https://example.com/gen" })),
            dependency("local", json!({ "rename": "helper", "req": "*", "kind": "dev", "source": null, "path": path })),
        ]});
        let found = findings_in(dir.path(), check, toml, fields);
        assert_eq!(
            placed(&found),
            [
                ("dependency_without_version", 2),
                ("dependency_without_version", 4),
                ("dependency_without_version", 6),
                ("dev_dependency_without_version", 8),
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "add `version = \"0.3.1\"` beside `path` (the version its Cargo.toml declares), and publish `local` first if it is not there yet"
            )
        );
        assert!(
            found[1]
                .message
                .contains("inherited from `[workspace.dependencies]`"),
            "{}",
            found[1].message
        );
        assert!(
            found[2]
                .message
                .starts_with("build-dependency `gen` has `git` but no `version`")
        );
        assert!(
            found[3]
                .message
                .starts_with("dev-dependency `helper` (package `local`) has `path`")
        );
        assert_eq!(found[3].severity, crate::model::Severity::Note);
    }

    #[test]
    fn foreign_registries_are_refused_at_the_registry_key() {
        let toml = "[dependencies]\n\
                    ours = { version = \"1\", registry-index = \"sparse+https://my.example/index/\" }\n\
                    theirs = { version = \"1\", registry = \"crates-io\" }\n";
        let fields = json!({ "dependencies": [
            dependency("ours", json!({ "registry": "sparse+https://my.example/index/", "source": "sparse+https://my.example/index/" })),
            dependency("theirs", json!({ "registry": "https://github.com/rust-lang/crates.io-index", "source": CRATES_IO })),
        ]});
        let found = findings(check, toml, fields);
        assert_eq!(placed(&found), [("foreign_registry_dependency", 2)]);
        assert_eq!(
            found[0].field.as_deref(),
            Some("dependencies.ours.registry-index")
        );
        assert!(
            found[0]
                .message
                .contains("`sparse+https://my.example/index/`")
        );
    }

    #[test]
    fn names_and_renames() {
        let toml = "[dependencies]\n\
                    _private = { package = \"private\", version = \"1\" }\n\
                    \"1st\" = { package = \"first\", version = \"1\" }\n\
                    ok = { package = \"_bad\", version = \"1\" }\n\
                    \"x.y\" = \"1\"\n";
        let fields = json!({ "dependencies": [
            dependency("private", json!({ "rename": "_private" })),
            dependency("first", json!({ "rename": "1st" })),
            dependency("_bad", json!({ "rename": "ok" })),
            dependency("x.y", json!({})),
        ]});
        let found = findings(check, toml, fields);
        assert_eq!(
            placed(&found),
            [
                ("invalid_dependency_name", 3),
                ("invalid_dependency_name", 4),
                ("invalid_dependency_name", 5),
            ]
        );
        assert_eq!(found[0].message, "dependency name `1st` starts with '1'");
        assert!(found[0].help.as_deref().unwrap().ends_with("e.g. `first`"));
        assert_eq!(found[0].location.as_ref().unwrap().column, 1);
        assert_eq!(found[1].field.as_deref(), Some("dependencies.ok.package"));
        assert_eq!(found[2].message, "dependency name `x.y` contains '.'");
    }

    #[test]
    fn suggested_keys_are_valid() {
        assert_eq!(suggest_key("1st", "first"), "first");
        assert_eq!(suggest_key("1st", "_bad"), "_bad");
        assert_eq!(suggest_key("x.y", "é"), "x_y");
        assert_eq!(suggest_key("9lives", "é"), "_9lives");
        let long = suggest_key(&"a".repeat(80), "é");
        assert_eq!(dependency_name_problem(&long, true), None);
    }

    #[test]
    fn more_than_500_dependencies_are_refused_without_counting_stripped_ones() {
        let many = |n: usize| -> Vec<Value> {
            (0..n)
                .map(|i| dependency(&format!("d{i}"), json!({})))
                .collect()
        };
        let stripped = dependency(
            "t",
            json!({ "kind": "dev", "req": "*", "source": null, "path": "/t" }),
        );
        let toml = "[package]\nname = \"demo\"\n\n[dependencies]\n\n[dev-dependencies]\nt = { path = \"/t\" }\n";
        assert!(findings(check, toml, json!({ "dependencies": many(500) })).is_empty());
        let mut with_stripped = many(500);
        with_stripped.push(stripped);
        let found = findings(check, toml, json!({ "dependencies": with_stripped }));
        assert_eq!(placed(&found), [("dev_dependency_without_version", 7)]);
        let found = findings(check, toml, json!({ "dependencies": many(501) }));
        assert_eq!(placed(&found), [("too_many_dependencies", 4)]);
        assert!(found[0].message.contains("501"));
    }
}
