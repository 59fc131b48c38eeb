//! The `[features]` table (S23–S26).
//!
//! Read from Cargo.toml as written: `cargo metadata` adds an implicit feature for each
//! optional dependency, which the published manifest does not declare and crates.io does not
//! count.

use toml_edit::Item;
use unicode_ident::{is_xid_continue, is_xid_start};

use super::dependencies::{dependency_name_problem, describe_name_problem};
use super::name::NameProblem;
use crate::read::registry::index_cache;

use super::{PackageContext, Sink, Target};
use crate::model::{Check, Level};

/// S23: more than 300 features.
pub static TOO_MANY_FEATURES: Check = Check {
    name: "too_many_features",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 300 features",
    explain: "crates.io refuses a crate declaring more than 300 features (unless the limit was \
raised for that crate).\n\nFix: merge features, or ask help@crates.io for a higher limit.",
};

/// S24: a feature enabling more than 300 things.
pub static FEATURE_TOO_LARGE: Check = Check {
    name: "feature_too_large",
    default: Level::Deny,
    blocks_publish: true,
    summary: "one feature enables more than 300 features or dependencies",
    explain: "crates.io refuses a feature whose list has more than 300 entries.\n\nFix: group \
the entries into intermediate features.",
};

/// S23, S24 for a crate whose limit crates.io raised.
pub static RAISED_FEATURE_LIMIT: Check = Check {
    name: "raised_feature_limit",
    default: Level::Warn,
    blocks_publish: false,
    summary: "over 300 features, as earlier versions crates.io accepted (its limit was raised)",
    explain: "crates.io refuses more than 300 features, or a feature enabling more than 300 \
entries, unless it raised the limit for the crate on request. When cargo's local copy of the \
crates.io index shows an earlier version over the limit, the limit was raised, so cargo-ready \
warns instead of failing: it cannot see the raised value.\n\nFix: nothing, when the raised \
limit covers this version; otherwise ask help@crates.io before publishing.",
};

/// S25, S26: feature names and values.
pub static INVALID_FEATURE_NAME: Check = Check {
    name: "invalid_feature_name",
    default: Level::Deny,
    blocks_publish: true,
    summary: "feature name, or a name in a feature's list, has characters crates.io refuses",
    explain: "A feature name must start with a Unicode XID start character, `_` or a digit, and \
continue with XID characters, `+`, `-` or `.`. In a feature's list, `dep:NAME`, `DEP/FEAT` and \
`DEP?/FEAT` must name valid dependency and feature names.\n\nFix: rename the feature, e.g. \
`serde-support` to `serde`.",
};

/// The most features crates.io accepts, and the most entries in one feature's list (S23, S24).
pub const MAX_FEATURES: usize = 300;

/// What is wrong with a feature name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureNameProblem {
    /// The name is empty.
    Empty,
    /// The first character is not a Unicode XID start character, `_` or an ASCII digit.
    Start(char),
    /// A later character is not a Unicode XID continue character, `+`, `-` or `.`.
    Char(char),
}

impl FeatureNameProblem {
    /// Says what is wrong with the feature name `name`.
    pub fn describe(self, name: &str) -> String {
        match self {
            FeatureNameProblem::Empty => "feature name is empty".to_string(),
            FeatureNameProblem::Start(c) => format!("feature name `{name}` starts with {c:?}"),
            FeatureNameProblem::Char(c) => format!("feature name `{name}` contains {c:?}"),
        }
    }
}

/// Checks a feature name as crates.io does: a Unicode XID start character, `_` or an ASCII
/// digit, then XID continue characters, `+`, `-` or `.`.
pub fn feature_name_problem(name: &str) -> Option<FeatureNameProblem> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Some(FeatureNameProblem::Empty);
    };
    if !(is_xid_start(first) || first == '_' || first.is_ascii_digit()) {
        return Some(FeatureNameProblem::Start(first));
    }
    chars
        .find(|c| !(is_xid_continue(*c) || matches!(c, '+' | '-' | '.')))
        .map(FeatureNameProblem::Char)
}

/// What is wrong with one entry of a feature's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeatureValueProblem<'a> {
    /// The dependency named by `dep:NAME`, `DEP/FEAT` or `DEP?/FEAT`.
    Dependency(&'a str, NameProblem),
    /// The feature named by the entry, or by `FEAT` in `DEP/FEAT`.
    Feature(&'a str, FeatureNameProblem),
}

impl FeatureValueProblem<'_> {
    /// Says what is wrong with the part of the entry at fault.
    pub fn describe(&self) -> String {
        match self {
            FeatureValueProblem::Dependency(name, problem) => describe_name_problem(name, *problem),
            FeatureValueProblem::Feature(name, problem) => problem.describe(name),
        }
    }
}

/// Checks one entry of a feature's list as crates.io does: `DEP/FEAT` and `DEP?/FEAT` name a
/// dependency and one of its features, `dep:NAME` a dependency, anything else a feature.
/// Dependency names here are keys in the dependency tables, which may start with `_`.
pub fn feature_value_problem(value: &str) -> Option<FeatureValueProblem<'_>> {
    let dependency = |name| {
        dependency_name_problem(name, true).map(|p| FeatureValueProblem::Dependency(name, p))
    };
    let feature = |name| feature_name_problem(name).map(|p| FeatureValueProblem::Feature(name, p));
    if let Some((dep, feat)) = value.split_once('/') {
        dependency(dep.strip_suffix('?').unwrap_or(dep)).or_else(|| feature(feat))
    } else if let Some((_, dep)) = value.split_once("dep:") {
        dependency(dep)
    } else {
        feature(value)
    }
}

/// A feature name crates.io accepts close to `name`: refused characters become `-`.
fn suggest_feature_name(name: &str) -> Option<String> {
    let fixed: String = name
        .chars()
        .map(|c| {
            if is_xid_continue(c) || matches!(c, '+' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let fixed =
        fixed.trim_start_matches(|c: char| !(is_xid_start(c) || c == '_' || c.is_ascii_digit()));
    let fixed = fixed.trim_end_matches('-');
    (feature_name_problem(fixed).is_none() && fixed != name).then(|| fixed.to_string())
}

/// Runs the feature checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let Some(features) = ctx
        .manifest
        .get(&["features"])
        .and_then(Item::as_table_like)
    else {
        return;
    };
    let count = features.len();
    let longest = features
        .iter()
        .filter_map(|(_, list)| list.as_array().map(|a| a.len()))
        .max()
        .unwrap_or(0);
    let raised = (count > MAX_FEATURES || longest > MAX_FEATURES)
        .then(|| index_cache::published_features(&ctx.package.name))
        .flatten()
        .filter(|p| p.most_features > MAX_FEATURES || p.longest_feature > MAX_FEATURES);
    if let Some(published) = raised {
        sink.report(
            &RAISED_FEATURE_LIMIT,
            Target::key(&["features"]),
            format!(
                "the package declares {count} features, the longest enabling {longest}; crates.io's default limit is {MAX_FEATURES}, and it accepted {} features, the longest enabling {}, for an earlier version",
                published.most_features, published.longest_feature
            ),
            "crates.io raised the limit for this crate; make sure the raised limit covers this version, or ask help@crates.io".to_string(),
        );
    } else if count > MAX_FEATURES {
        sink.report(
            &TOO_MANY_FEATURES,
            Target::key(&["features"]),
            format!(
                "the package declares {count} features; crates.io accepts at most {MAX_FEATURES}"
            ),
            "merge or remove features, or ask help@crates.io to raise the limit for this crate"
                .to_string(),
        );
    }
    for (name, value) in features.iter() {
        let keys = ["features", name];
        if let Some(problem) = feature_name_problem(name) {
            let help = match suggest_feature_name(name) {
                Some(fixed) => format!("rename the feature, e.g. to `{fixed}`"),
                None => "rename the feature: it may contain Unicode letters and digits, `_`, `+`, `-` and `.`, and start with a letter, a digit or `_`".to_string(),
            };
            sink.report_on(
                &INVALID_FEATURE_NAME,
                &keys,
                ctx.manifest.locate_key(&keys),
                problem.describe(name),
                help,
            );
        }
        let Some(list) = value.as_array() else {
            continue;
        };
        if list.len() > MAX_FEATURES && raised.is_none() {
            sink.report_on(
                &FEATURE_TOO_LARGE,
                &keys,
                ctx.manifest.locate_key(&keys),
                format!(
                    "feature `{name}` enables {} features or dependencies; crates.io accepts at most {MAX_FEATURES}",
                    list.len()
                ),
                format!("split the list into intermediate features (e.g. `{name}-a`, `{name}-b`) and enable those from `{name}`"),
            );
        }
        for (index, entry) in list.iter().enumerate() {
            let Some(text) = entry.as_str() else {
                continue;
            };
            let Some(problem) = feature_value_problem(text) else {
                continue;
            };
            let help = match &problem {
                FeatureValueProblem::Dependency(..) => "name the dependency by its key in the dependency tables: ASCII letters, digits, `-` and `_`, starting with a letter or `_`".to_string(),
                FeatureValueProblem::Feature(feature, _) => match suggest_feature_name(feature) {
                    Some(fixed) => format!("name the feature as it is declared, e.g. `{fixed}`"),
                    None => "name a feature as it is declared: Unicode letters and digits, `_`, `+`, `-` and `.`".to_string(),
                },
            };
            sink.report(
                &INVALID_FEATURE_NAME,
                Target::element(&keys, index),
                format!("`{text}` in feature `{name}`: {}", problem.describe()),
                help,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{findings, placed};
    use serde_json::json;
    use std::fmt::Write;

    #[test]
    fn feature_names() {
        use FeatureNameProblem::{Char, Empty, Start};
        let cases = [
            ("serde", None),
            ("1foo", None),
            ("32-column-tables", None),
            ("_foo-_+.1", None),
            ("c++20", None),
            ("bar.web", None),
            ("größe", None),
            ("日本", None),
            ("", Some(Empty)),
            ("-foo", Some(Start('-'))),
            ("+foo", Some(Start('+'))),
            (".foo", Some(Start('.'))),
            ("?bar", Some(Start('?'))),
            ("🦀", Some(Start('🦀'))),
            ("foo?bar", Some(Char('?'))),
            ("foo bar", Some(Char(' '))),
            ("foo/bar", Some(Char('/'))),
            ("dep:foo", Some(Char(':'))),
            ("foo🦀", Some(Char('🦀'))),
        ];
        for (name, expected) in cases {
            assert_eq!(feature_name_problem(name), expected, "{name:?}");
        }
    }

    #[test]
    fn feature_values() {
        use FeatureNameProblem as F;
        use FeatureValueProblem::{Dependency, Feature};
        use NameProblem as N;
        let cases = [
            ("foo", None),
            ("1foo", None),
            ("dep:foo", None),
            ("dep:_foo", None),
            ("foo/bar", None),
            ("foo?/bar", None),
            ("a/a", None),
            ("krate/c++20", None),
            ("foo/bar.web", None),
            ("_private?/std", None),
            ("", Some(Feature("", F::Empty))),
            ("/", Some(Dependency("", N::Empty))),
            ("foo/", Some(Feature("", F::Empty))),
            ("%/%", Some(Dependency("%", N::BadFirstChar('%')))),
            ("c++20/wow", Some(Dependency("c++20", N::BadChar('+')))),
            ("dep:foo?/bar", Some(Dependency("dep:foo", N::BadChar(':')))),
            ("foo/?bar", Some(Feature("?bar", F::Start('?')))),
            ("foo??/bar", Some(Dependency("foo?", N::BadChar('?')))),
            ("foo?bar", Some(Feature("foo?bar", F::Char('?')))),
            (
                "dep:0foo",
                Some(Dependency("0foo", N::StartsWithDigit('0'))),
            ),
            ("dep:", Some(Dependency("", N::Empty))),
            (
                "0foo?/bar.web",
                Some(Dependency("0foo", N::StartsWithDigit('0'))),
            ),
            ("foo/bar/baz", Some(Feature("bar/baz", F::Char('/')))),
            ("std feature", Some(Feature("std feature", F::Char(' ')))),
        ];
        for (value, expected) in cases {
            assert_eq!(feature_value_problem(value), expected, "{value:?}");
        }
    }

    #[test]
    fn suggested_names_are_valid() {
        assert_eq!(
            suggest_feature_name("serde support").as_deref(),
            Some("serde-support")
        );
        assert_eq!(suggest_feature_name("-std").as_deref(), Some("std"));
        assert_eq!(suggest_feature_name("foo?").as_deref(), Some("foo"));
        assert_eq!(suggest_feature_name("dep:foo").as_deref(), Some("dep-foo"));
        assert_eq!(suggest_feature_name("🦀"), None);
        assert_eq!(suggest_feature_name(""), None);
    }

    fn features_toml(features: usize, entries: usize) -> String {
        let mut toml = String::from("[package]\nname = \"demo\"\n\n[features]\n");
        for i in 0..features {
            writeln!(toml, "f{i} = []").unwrap();
        }
        let list: Vec<String> = (0..entries).map(|i| format!("\"f{i}\"")).collect();
        writeln!(toml, "big = [{}]", list.join(", ")).unwrap();
        toml
    }

    #[test]
    fn up_to_300_features_and_entries_are_accepted() {
        // 299 + `big` = 300 features; `big` lists 300 entries.
        assert!(findings(check, &features_toml(299, 300), json!({})).is_empty());
    }

    #[test]
    fn the_301st_feature_or_entry_is_refused() {
        let found = findings(check, &features_toml(300, 10), json!({}));
        assert_eq!(placed(&found), [("too_many_features", 4)]);
        assert!(
            found[0].message.contains("301 features"),
            "{}",
            found[0].message
        );

        let found = findings(check, &features_toml(299, 301), json!({}));
        assert_eq!(placed(&found), [("feature_too_large", 304)]);
        assert_eq!(found[0].field.as_deref(), Some("features.big"));
        assert_eq!(found[0].location.as_ref().unwrap().column, 1);
        assert!(
            found[0].message.contains("`big` enables 301"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn implicit_features_from_metadata_are_not_counted() {
        let implicit: serde_json::Map<String, serde_json::Value> = (0..400)
            .map(|i| (format!("opt{i}"), json!([format!("dep:opt{i}")])))
            .collect();
        let found = findings(
            check,
            &features_toml(10, 10),
            json!({ "features": implicit }),
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn invalid_names_point_at_the_key_and_the_element() {
        let toml = "[features]\n\
                    default = [\"std\", \"serde support\", \"dep:_priv\", \"tokio?/rt multi\"]\n\
                    std = []\n\
                    \"serde support\" = []\n";
        let found = findings(check, toml, json!({}));
        assert_eq!(
            placed(&found),
            [
                ("invalid_feature_name", 2),
                ("invalid_feature_name", 2),
                ("invalid_feature_name", 4),
            ]
        );
        assert_eq!(
            found[0].message,
            "`serde support` in feature `default`: feature name `serde support` contains ' '"
        );
        assert_eq!(found[0].location.as_ref().unwrap().column, 19);
        assert_eq!(
            found[1].message,
            "`tokio?/rt multi` in feature `default`: feature name `rt multi` contains ' '"
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some("name the feature as it is declared, e.g. `rt-multi`")
        );
        assert_eq!(
            found[2].message,
            "feature name `serde support` contains ' '"
        );
        assert_eq!(
            found[2].help.as_deref(),
            Some("rename the feature, e.g. to `serde-support`")
        );
        assert_eq!(found[2].location.as_ref().unwrap().column, 1);
    }
}
