//! docs.rs settings as docs.rs reads them (D1): `[package.metadata.docs.rs]`, else the quoted
//! `[package.metadata."docs.rs"]`, with kebab-case keys.
//!
//! docs.rs (`crates/lib/metadata/lib.rs`) deserialises the table with serde: an unknown key is
//! silently ignored, a value of the wrong type fails the whole table and so the build. The
//! features go to `cargo rustdoc --features`, which refuses one the package does not have, and
//! each target is installed and built, so a triple rustc does not know fails too. A proc-macro
//! crate is built for the host only, whatever the table says.

use std::collections::BTreeSet;

use cargo_metadata::TargetKind;
use toml_edit::Item;

use super::{PackageContext, Sink, Target, edit};
use crate::model::{Check, Level, Severity};
use crate::read::manifest::DOCS_RS_TARGET_KEYS;

/// A value of the wrong type: docs.rs cannot read the table.
pub static DOCS_RS_INVALID_METADATA: Check = Check {
    name: "docs_rs_invalid_metadata",
    default: Level::Deny,
    blocks_publish: false,
    summary: "a docs.rs setting has the wrong type, so docs.rs cannot read the table and the \
documentation build fails",
    explain: "docs.rs reads `[package.metadata.docs.rs]` with serde: `features`, `targets`, \
`additional-targets`, `rustc-args`, `rustdoc-args` and `cargo-args` are arrays of strings, \
`all-features` and `no-default-features` are true or false, `default-target` is a string. One \
value of another type fails the whole table, and the build with it: the crate's documentation \
page says the build failed. crates.io accepts the crate all the same.\n\nFix: write the value \
with its type, e.g. `features = [\"full\"]`.",
};

/// A feature docs.rs would ask for that the package does not have.
pub static DOCS_RS_UNKNOWN_FEATURE: Check = Check {
    name: "docs_rs_unknown_feature",
    default: Level::Deny,
    blocks_publish: false,
    summary: "docs.rs `features` names a feature the package does not have, so the documentation \
build fails",
    explain: "docs.rs passes `features` to `cargo rustdoc --features`, which refuses a feature \
the package does not have: the build fails and the crate has no documentation. A feature is one \
in `[features]`, an optional dependency (unless a `dep:` entry hides it), or `dep/feature` for \
a dependency.\n\nFix: name an existing feature, or remove the entry.",
};

/// A target triple rustc does not know.
pub static DOCS_RS_UNKNOWN_TARGET: Check = Check {
    name: "docs_rs_unknown_target",
    default: Level::Deny,
    blocks_publish: false,
    summary: "a docs.rs target is not a target triple rustc knows, so the documentation build \
fails",
    explain: "docs.rs installs and builds each of `targets`, `additional-targets` and \
`default-target`; a triple rustc does not know (`rustc --print target-list`) fails the build. \
cargo-ready asks the local rustc; docs.rs uses a recent nightly, so a target newer than the \
local toolchain is reported too: allow the check for such a crate. A triple cut short \
(`x86_64-unknown-linux`) is named with the triples it starts. Only the default target's failure \
(`default-target`, else the first of `targets`, else `x86_64-unknown-linux-gnu`) leaves the \
crate without documentation: another target's is a warning.\n\nFix: correct the triple, \
e.g. `x86_64-unknown-linux-gnu`.",
};

/// A key docs.rs does not read.
pub static DOCS_RS_UNKNOWN_KEY: Check = Check {
    name: "docs_rs_unknown_key",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a docs.rs setting docs.rs does not read (e.g. `all_features` for `all-features`)",
    explain: "docs.rs reads kebab-case keys only: `features`, `all-features`, \
`no-default-features`, `default-target`, `targets`, `additional-targets`, `rustc-args`, \
`rustdoc-args` and `cargo-args`. Any other key is silently ignored, so `all_features = true` \
builds the documentation without the features it names.\n\nFix: use the key docs.rs reads; \
`cargo ready --fix` renames a snake_case or capitalised key.",
};

/// A docs.rs setting docs.rs ignores for this package.
pub static DOCS_RS_IGNORED_SETTING: Check = Check {
    name: "docs_rs_ignored_setting",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a docs.rs setting docs.rs ignores: targets of a proc-macro crate, or a quoted \
table beside the plain one",
    explain: "docs.rs builds a proc-macro crate for the host only and ignores `targets`, \
`additional-targets` and `default-target`. With both `[package.metadata.docs.rs]` and \
`[package.metadata.\"docs.rs\"]`, it reads the first and ignores the second.\n\nFix: remove the \
setting docs.rs ignores, or merge the two tables.",
};

/// `[workspace.metadata.docs.rs]` that a member relies on.
pub static DOCS_RS_WORKSPACE_METADATA: Check = Check {
    name: "docs_rs_workspace_metadata",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`[workspace.metadata.docs.rs]` is set, but docs.rs reads only the package's own \
table",
    explain: "docs.rs reads `[package.metadata.docs.rs]` of the crate it builds; a \
`[workspace.metadata.docs.rs]` table in the workspace's Cargo.toml is not inherited, so a \
member without its own table is documented with docs.rs's defaults.\n\nFix: copy the table into \
each member's Cargo.toml as `[package.metadata.docs.rs]`.",
};

/// The docs.rs checks.
pub static CHECKS: &[&Check] = &[
    &DOCS_RS_INVALID_METADATA,
    &DOCS_RS_UNKNOWN_FEATURE,
    &DOCS_RS_UNKNOWN_TARGET,
    &DOCS_RS_UNKNOWN_KEY,
    &DOCS_RS_IGNORED_SETTING,
    &DOCS_RS_WORKSPACE_METADATA,
];

/// The type docs.rs reads a key as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// A string.
    Str,
    /// An array of strings.
    Strings,
}

/// The keys docs.rs reads, with their types (`proc-macro` too, which `[lib]` overrides).
pub const KEYS: [(&str, Kind); 10] = [
    ("features", Kind::Strings),
    ("all-features", Kind::Bool),
    ("no-default-features", Kind::Bool),
    ("default-target", Kind::Str),
    ("targets", Kind::Strings),
    ("additional-targets", Kind::Strings),
    ("rustc-args", Kind::Strings),
    ("rustdoc-args", Kind::Strings),
    ("cargo-args", Kind::Strings),
    ("proc-macro", Kind::Bool),
];

/// What is wrong with the type of a value docs.rs reads as `kind`; `None` when it is right.
pub fn type_problem(item: &Item, kind: Kind) -> Option<String> {
    let right = match kind {
        Kind::Bool => item.as_bool().is_some(),
        Kind::Str => item.as_str().is_some(),
        Kind::Strings => item
            .as_array()
            .is_some_and(|array| array.iter().all(|v| v.as_str().is_some())),
    };
    if right {
        return None;
    }
    let expected = match kind {
        Kind::Bool => "`true` or `false`",
        Kind::Str => "a string",
        Kind::Strings => "an array of strings",
    };
    let found = match item {
        Item::Value(value) => match value {
            toml_edit::Value::String(_) => "a string",
            toml_edit::Value::Integer(_) => "a number",
            toml_edit::Value::Float(_) => "a number",
            toml_edit::Value::Boolean(_) => "a boolean",
            toml_edit::Value::Datetime(_) => "a date",
            toml_edit::Value::Array(_) => "an array with a value that is not a string",
            toml_edit::Value::InlineTable(_) => "a table",
        },
        _ => "a table",
    };
    Some(format!("must be {expected}, not {found}"))
}

/// The key docs.rs reads that an unknown `key` most likely means, and whether that is certain
/// (the same words in snake_case or capitals).
pub fn intended_key(key: &str) -> Option<(&'static str, bool)> {
    let normal = key.trim().to_ascii_lowercase().replace('_', "-");
    if let Some((known, _)) = KEYS.iter().find(|(known, _)| *known == normal) {
        return Some((known, true));
    }
    KEYS.iter()
        .map(|(known, _)| (*known, strsim::levenshtein(known, &normal)))
        .filter(|(_, distance)| *distance <= 2)
        .min_by_key(|(_, distance)| *distance)
        .map(|(known, _)| (known, false))
}

/// The features a package can be built with, as `cargo rustdoc --features` takes them.
pub struct Features<'p> {
    package: &'p str,
    features: BTreeSet<&'p str>,
    dependencies: BTreeSet<&'p str>,
    /// Optional dependencies a `dep:` entry hides, with the features that enable them.
    hidden: Vec<(&'p str, Vec<&'p str>)>,
}

impl<'p> Features<'p> {
    /// The features of `package`, as cargo metadata reports them (optional dependencies'
    /// implicit features included).
    pub fn of(package: &'p cargo_metadata::Package) -> Self {
        let features: BTreeSet<&str> = package.features.keys().map(String::as_str).collect();
        let dependencies: BTreeSet<&str> = package
            .dependencies
            .iter()
            .map(|d| d.rename.as_deref().unwrap_or(&d.name))
            .collect();
        let hidden = package
            .dependencies
            .iter()
            .filter(|d| d.optional)
            .map(|d| d.rename.as_deref().unwrap_or(&d.name))
            .filter(|name| !features.contains(name))
            .map(|name| {
                let enabling = package
                    .features
                    .iter()
                    .filter(|(_, enables)| {
                        enables.iter().any(|e| {
                            e.strip_prefix("dep:") == Some(name)
                                || e.split_once('/')
                                    .is_some_and(|(dep, _)| dep.trim_end_matches('?') == name)
                        })
                    })
                    .map(|(feature, _)| feature.as_str())
                    .collect();
                (name, enabling)
            })
            .collect();
        Features {
            package: package.name.as_str(),
            features,
            dependencies,
            hidden,
        }
    }

    /// Whether `--features` accepts `token`: a feature, `default`, `dep/feature` for a
    /// dependency or `package/feature`, or `dep:name` for a dependency.
    pub fn accepts(&self, token: &str) -> bool {
        if token == "default" || self.features.contains(token) {
            return true;
        }
        if let Some(name) = token.strip_prefix("dep:") {
            return self.dependencies.contains(name);
        }
        match token.split_once('/') {
            Some((owner, feature)) if owner == self.package => {
                self.features.contains(feature) || feature == "default"
            }
            Some((dep, _)) => self.dependencies.contains(dep.trim_end_matches('?')),
            None => false,
        }
    }

    /// How to name what `token` was meant to enable: the features enabling a hidden optional
    /// dependency, else the closest feature.
    fn help(&self, token: &str) -> String {
        if let Some((name, enabling)) = self.hidden.iter().find(|(name, _)| *name == token) {
            return match enabling.as_slice() {
                [] => format!(
                    "`{name}` is an optional dependency that a `dep:{name}` entry hides, and no \
feature enables it; remove it from docs.rs `features`"
                ),
                features => format!(
                    "`{name}` is an optional dependency that a `dep:{name}` entry hides; name the \
feature that enables it: {}",
                    quoted_list(features)
                ),
            };
        }
        let closest = self
            .features
            .iter()
            .map(|f| (*f, strsim::levenshtein(f, token)))
            .filter(|(_, distance)| *distance <= 2)
            .min_by_key(|(_, distance)| *distance);
        match closest {
            Some((feature, _)) => format!("did you mean `{feature}`?"),
            None if self.features.is_empty() => {
                "the package has no features; remove the entry".to_string()
            }
            None => format!(
                "the package's features are {}",
                quoted_list(&self.features.iter().copied().collect::<Vec<_>>())
            ),
        }
    }
}

fn quoted_list(items: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut list: Vec<String> = items.iter().take(SHOWN).map(|i| format!("`{i}`")).collect();
    if items.len() > SHOWN {
        list.push(format!("and {} more", items.len() - SHOWN));
    }
    list.join(", ")
}

/// Runs the docs.rs checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let Some(table_keys) = ctx.manifest.docs_rs_table("package") else {
        workspace_table(ctx, sink);
        return;
    };
    if table_keys.len() == 4
        && let Some(quoted) = ctx.manifest.get(&["package", "metadata", "docs.rs"])
        && quoted.is_table_like()
    {
        sink.report(
            &DOCS_RS_IGNORED_SETTING,
            Target::key(&["package", "metadata", "docs.rs"]),
            "docs.rs reads `[package.metadata.docs.rs]` and ignores `[package.metadata.\"docs.rs\"]`",
            Some("merge the quoted table into `[package.metadata.docs.rs]`".to_string()),
        );
    }
    let Some(table) = ctx.manifest.get(&table_keys).and_then(Item::as_table_like) else {
        return;
    };
    let proc_macro = ctx
        .package
        .targets
        .iter()
        .any(|t| t.kind.contains(&TargetKind::ProcMacro));
    let features = Features::of(ctx.package);
    for (key, item) in table.iter() {
        let mut keys = table_keys.clone();
        keys.push(key);
        let Some((_, kind)) = KEYS.iter().find(|(known, _)| *known == key) else {
            unknown_key(ctx, sink, &keys, key, table);
            continue;
        };
        if let Some(problem) = type_problem(item, *kind) {
            sink.report(
                &DOCS_RS_INVALID_METADATA,
                Target::key(&keys),
                format!(
                    "docs.rs `{key}` {problem}, so docs.rs cannot read the table and the build fails"
                ),
                Some(format!("write `{}`", example(key, *kind))),
            );
            continue;
        }
        if key == "features" {
            unknown_features(sink, &keys, item, &features);
        }
        if DOCS_RS_TARGET_KEYS.contains(&key) {
            if proc_macro {
                // A proc-macro is built for docs.rs's host: asking for that one changes nothing.
                let asks_elsewhere = triples(item).iter().any(|(_, t)| *t != DOCS_RS_HOST);
                if asks_elsewhere {
                    sink.report(
                        &DOCS_RS_IGNORED_SETTING,
                        Target::key(&keys),
                        format!(
                            "docs.rs builds a proc-macro crate for `{DOCS_RS_HOST}` only, and \
ignores `{key}`"
                        ),
                        Some(format!("remove `{key}`")),
                    );
                }
            } else if let Some(list) = ctx.target_list {
                // docs.rs lands on `default-target`, else the first of `targets`, else its host.
                let default_target = table
                    .get("default-target")
                    .and_then(Item::as_str)
                    .or_else(|| {
                        table
                            .get("targets")
                            .and_then(|t| triples(t).first()?.1.into())
                    })
                    .unwrap_or(DOCS_RS_HOST);
                unknown_targets(sink, &keys, item, list, default_target);
            }
        }
    }
}

/// An example of a right value for `key`.
fn example(key: &str, kind: Kind) -> String {
    match (key, kind) {
        (_, Kind::Bool) => format!("{key} = true"),
        (_, Kind::Str) => format!("{key} = \"x86_64-unknown-linux-gnu\""),
        ("features", _) => "features = [\"full\"]".to_string(),
        ("targets" | "additional-targets", _) => {
            format!("{key} = [\"x86_64-unknown-linux-gnu\"]")
        }
        _ => format!("{key} = [\"--cfg\", \"docsrs\"]"),
    }
}

fn unknown_key(
    ctx: &PackageContext<'_>,
    sink: &mut Sink<'_>,
    keys: &[&str],
    key: &str,
    table: &dyn toml_edit::TableLike,
) {
    let location = ctx.manifest.locate_key(keys);
    let (help, rename) = match intended_key(key) {
        Some((intended, certain)) => {
            let taken = table.contains_key(intended);
            let help = if taken {
                format!("docs.rs reads `{intended}`, which is set too; remove `{key}`")
            } else {
                format!("write `{intended}`")
            };
            (help, (certain && !taken).then_some(intended))
        }
        None => (
            format!(
                "docs.rs reads only {}; remove `{key}`",
                quoted_list(&KEYS[..9].iter().map(|(k, _)| *k).collect::<Vec<_>>())
            ),
            None,
        ),
    };
    let finding = sink.report_on(
        &DOCS_RS_UNKNOWN_KEY,
        keys,
        location,
        format!("docs.rs does not read `{key}`, and ignores it"),
        Some(help),
    );
    if let Some(intended) = rename
        && let Some(suggestion) = edit::rename_key(ctx.manifest, keys, intended)
    {
        finding.suggest(suggestion);
    }
}

fn unknown_features(sink: &mut Sink<'_>, keys: &[&str], item: &Item, features: &Features<'_>) {
    let Some(array) = item.as_array() else {
        return;
    };
    for (index, value) in array.iter().enumerate() {
        let Some(entry) = value.as_str() else {
            continue;
        };
        // docs.rs joins the entries with spaces, and cargo splits on spaces and commas.
        for token in entry
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
        {
            if features.accepts(token) {
                continue;
            }
            sink.report(
                &DOCS_RS_UNKNOWN_FEATURE,
                Target::element(keys, index),
                format!(
                    "docs.rs builds with `--features {token}`, which `{}` does not have, so the \
documentation build fails",
                    features.package
                ),
                Some(features.help(token)),
            );
        }
    }
}

/// Reports the triples of `item` rustc does not know. A triple other than `default_target`
/// (docs.rs's landing page) fails only its own documentation, so it is a warning; the default
/// target's failure leaves the crate without documentation.
fn unknown_targets(
    sink: &mut Sink<'_>,
    keys: &[&str],
    item: &Item,
    list: &crate::read::rustc::TargetList,
    default_target: &str,
) {
    for (index, triple) in triples(item) {
        if list.knows(triple) {
            continue;
        }
        // A target newer than the local rustc is not listed either: only a near miss of a
        // known triple, or something that is not shaped like one, is surely wrong.
        let closest = list
            .triples
            .iter()
            .map(|t| (t, strsim::levenshtein(t, triple)))
            .filter(|(_, distance)| *distance <= 2)
            .min_by_key(|(_, distance)| *distance);
        let completions = truncated_triple(triple, &list.triples);
        let help = match closest {
            Some((known, _)) => format!("did you mean `{known}`?"),
            None if !completions.is_empty() => format!(
                "`{triple}` is the start of a triple: did you mean {}?",
                quoted_list(&completions)
            ),
            None if !shaped_like_a_triple(triple) => {
                "name a target triple from `rustc --print target-list`, such as \
`x86_64-unknown-linux-gnu`"
                    .to_string()
            }
            None => continue,
        };
        let target = match index {
            Some(index) => Target::element(keys, index),
            None => Target::key(keys),
        };
        let only_its_own = keys.last() != Some(&"default-target") && triple != default_target;
        let finding = sink.report(
            &DOCS_RS_UNKNOWN_TARGET,
            target,
            format!(
                "docs.rs cannot build for `{triple}`: `rustc --print target-list` does not list it"
            ),
            Some(help),
        );
        if only_its_own {
            finding.message.push_str(&format!(
                "; the documentation for `{default_target}`, the default target, still builds"
            ));
            finding.soften(Severity::Warning);
        }
    }
}

/// The known triples `triple` is the start of, up to a `-` (`x86_64-unknown-linux` of
/// `x86_64-unknown-linux-gnu`): a triple cut short.
fn truncated_triple<'t>(triple: &str, known: &'t BTreeSet<String>) -> Vec<&'t str> {
    known
        .iter()
        .filter(|k| {
            k.strip_prefix(triple)
                .is_some_and(|rest| rest.starts_with('-'))
        })
        .map(String::as_str)
        .take(4)
        .collect()
}

/// The target docs.rs builds a proc-macro crate for, and lands on by default.
const DOCS_RS_HOST: &str = "x86_64-unknown-linux-gnu";

/// The target triples a docs.rs value names, with their index in an array.
fn triples(item: &Item) -> Vec<(Option<usize>, &str)> {
    match item.as_array() {
        Some(array) => array
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((Some(i), v.as_str()?)))
            .collect(),
        None => item.as_str().map(|s| (None, s)).into_iter().collect(),
    }
}

/// Whether `triple` looks like `arch-vendor-os[-env]` (or `arch-os`, as `wasm32-wasip1`): lowercase
/// letters, digits, `_` and `.` between dashes.
pub fn shaped_like_a_triple(triple: &str) -> bool {
    let parts: Vec<&str> = triple.split('-').collect();
    parts.len() >= 2
        && parts.iter().all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.'))
        })
}

/// `[workspace.metadata.docs.rs]`, which docs.rs does not read, for a package without its own.
fn workspace_table(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let root = ctx.workspace_root.unwrap_or(ctx.manifest);
    let Some(keys) = root.docs_rs_table("workspace") else {
        return;
    };
    let empty = root
        .get(&keys)
        .and_then(Item::as_table_like)
        .is_none_or(|t| t.is_empty());
    if empty {
        return;
    }
    let header = if keys.len() == 4 {
        "[workspace.metadata.docs.rs]"
    } else {
        "[workspace.metadata.\"docs.rs\"]"
    };
    sink.report_on(
        &DOCS_RS_WORKSPACE_METADATA,
        &keys,
        root.locate(&keys, None),
        format!(
            "docs.rs does not read `{header}`, and `{}` has no `[package.metadata.docs.rs]` of \
its own",
            ctx.package.name
        ),
        Some(
            "copy the settings into the package's Cargo.toml as `[package.metadata.docs.rs]`"
                .to_string(),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{dependency, package};
    use serde_json::json;
    use std::path::Path;

    fn item(toml: &str) -> Item {
        let doc: toml_edit::DocumentMut = format!("v = {toml}").parse().unwrap();
        doc["v"].clone()
    }

    #[test]
    fn types_as_docs_rs_reads_them() {
        let cases = [
            ("true", Kind::Bool, None),
            (
                "\"yes\"",
                Kind::Bool,
                Some("must be `true` or `false`, not a string"),
            ),
            ("\"x86_64-unknown-linux-gnu\"", Kind::Str, None),
            (
                "[\"a\"]",
                Kind::Str,
                Some("must be a string, not an array with a value that is not a string"),
            ),
            ("[\"a\", \"b\"]", Kind::Strings, None),
            ("[]", Kind::Strings, None),
            (
                "\"a b\"",
                Kind::Strings,
                Some("must be an array of strings, not a string"),
            ),
            (
                "[\"a\", 1]",
                Kind::Strings,
                Some("must be an array of strings, not an array with a value that is not a string"),
            ),
            (
                "{ a = 1 }",
                Kind::Strings,
                Some("must be an array of strings, not a table"),
            ),
            (
                "3",
                Kind::Bool,
                Some("must be `true` or `false`, not a number"),
            ),
        ];
        for (toml, kind, problem) in cases {
            assert_eq!(
                type_problem(&item(toml), kind).as_deref(),
                problem,
                "{toml}"
            );
        }
    }

    #[test]
    fn the_key_meant() {
        assert_eq!(intended_key("all_features"), Some(("all-features", true)));
        assert_eq!(intended_key("Rustdoc_Args"), Some(("rustdoc-args", true)));
        assert_eq!(
            intended_key("default-taget"),
            Some(("default-target", false))
        );
        assert_eq!(intended_key("feature"), Some(("features", false)));
        assert_eq!(intended_key("rust-toolchain"), None);
    }

    #[test]
    fn features_cargo_rustdoc_accepts() {
        let package = package(
            Path::new("/demo/Cargo.toml"),
            json!({
                "name": "demo",
                "features": {"std": [], "tls": ["dep:rustls"], "serde": ["dep:serde"]},
                "dependencies": [
                    dependency("serde", json!({"optional": true})),
                    dependency("rustls", json!({"optional": true})),
                    dependency("flate2", json!({"rename": "flate"})),
                ],
            }),
        );
        let features = Features::of(&package);
        for token in [
            "std",
            "tls",
            "serde",
            "default",
            "flate/zlib",
            "serde?/derive",
            "demo/std",
            "dep:rustls",
        ] {
            assert!(features.accepts(token), "{token}");
        }
        for token in ["rustls", "flate2/zlib", "demo/nope", "dep:nope", "nope"] {
            assert!(!features.accepts(token), "{token}");
        }
        assert_eq!(
            features.help("rustls"),
            "`rustls` is an optional dependency that a `dep:rustls` entry hides; name the feature \
that enables it: `tls`"
        );
        assert_eq!(features.help("sdt"), "did you mean `std`?");
    }

    #[test]
    fn triples_cut_short() {
        let known: BTreeSet<String> = [
            "x86_64-unknown-linux-gnu",
            "x86_64-unknown-linux-musl",
            "x86_64-unknown-linux-gnux32",
            "aarch64-apple-darwin",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            truncated_triple("x86_64-unknown-linux", &known),
            [
                "x86_64-unknown-linux-gnu",
                "x86_64-unknown-linux-gnux32",
                "x86_64-unknown-linux-musl"
            ]
        );
        assert!(truncated_triple("x86_64-unknown-lin", &known).is_empty());
        assert!(truncated_triple("aarch64-apple-darwin", &known).is_empty());
    }

    #[test]
    fn triples_by_shape() {
        for triple in [
            "x86_64-unknown-linux-gnu",
            "wasm32-wasip1",
            "thumbv7em-none-eabihf",
            "aarch64-unknown-nto-qnx710_iosock",
        ] {
            assert!(shaped_like_a_triple(triple), "{triple}");
        }
        for triple in [
            "linux",
            "x86_64",
            "X86_64-unknown-linux-gnu",
            "x86_64--linux",
            "x86_64 linux",
        ] {
            assert!(!shaped_like_a_triple(triple), "{triple}");
        }
    }
}
