//! The `categories` field (S21, S22), against the embedded list of crates.io slugs.

use std::sync::LazyLock;

use super::{PackageContext, Sink, Target, edit};
use crate::model::{Check, Level, backquoted};

/// S21: more than five categories.
pub static TOO_MANY_CATEGORIES: Check = Check {
    name: "too_many_categories",
    default: Level::Deny,
    blocks_publish: true,
    summary: "more than 5 categories",
    explain: "crates.io refuses more than 5 categories (\"expected at most 5 categories per \
crate\"); repeats count.\n\nFix: keep the 5 that fit best.",
};

/// S22: a slug crates.io does not know.
pub static UNKNOWN_CATEGORY: Check = Check {
    name: "unknown_category",
    default: Level::Deny,
    blocks_publish: true,
    summary: "category is not a crates.io category slug",
    explain: "Since June 2024 crates.io refuses unknown category slugs (\"The following category \
slugs are not currently supported on crates.io\"). Slugs are lowercase and match exactly; \
sub-categories are written `parent::child`. cargo does not check them.\n\nFix: use a slug from \
https://crates.io/category_slugs; cargo-ready suggests the closest.",
};

/// Policy: at least one category.
pub static MISSING_CATEGORIES: Check = Check {
    name: "missing_categories",
    default: Level::Deny,
    blocks_publish: false,
    summary: "no `categories`",
    explain: "Categories place the crate in crates.io's browsable lists. crates.io does not \
require them; cargo-ready does by default.\n\nFix: add `categories = [\"...\"]` (see \
`cargo ready --explain unknown_category`), or set `missing_categories = \"allow\"` in \
`[package.metadata.ready]`.",
};

/// The most categories crates.io accepts.
pub const MAX_CATEGORIES: usize = 5;

/// The crates.io category list: slug, a tab, the description; one category per line.
const CATEGORIES_TSV: &str = include_str!("crates-io-categories.tsv");

/// A crates.io category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    /// What goes in `categories`, e.g. `development-tools::cargo-plugins`.
    pub slug: &'static str,
    /// What crates.io says belongs there.
    pub description: &'static str,
}

static CATEGORIES: LazyLock<Vec<Category>> = LazyLock::new(|| {
    CATEGORIES_TSV
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (slug, description) = line.split_once('\t').unwrap_or((line, ""));
            Category {
                slug: slug.trim(),
                description: description.trim(),
            }
        })
        .collect()
});

/// Every category crates.io knows, in the order of the embedded list.
pub fn categories() -> &'static [Category] {
    &CATEGORIES
}

/// Whether `slug` is a crates.io category slug (exact, case-sensitive, as crates.io compares).
pub fn is_known(slug: &str) -> bool {
    categories().iter().any(|c| c.slug == slug)
}

/// The slug `category` can only mean: itself when known, the same slug written with other case
/// or separators (`Games`, `development_tools::cargo_plugins`), or the single slug whose
/// trailing segments it names (`cargo-plugins`). A `--fix` can apply it without asking.
pub fn unique_certain_category(category: &str) -> Option<&'static str> {
    if let Some(known) = exact(category) {
        return Some(known);
    }
    let normal = normalize(category);
    if let Some(known) = exact(&normal) {
        return Some(known);
    }
    let suffix = format!("::{normal}");
    let mut matches = categories().iter().filter(|c| c.slug.ends_with(&suffix));
    match (matches.next(), matches.next()) {
        (Some(only), None) => Some(only.slug),
        _ => None,
    }
}

/// The slug `category` most likely means, for a "did you mean": the certain match when there
/// is one, else a close spelling (`command-line-tools`, `visualisation`), else the one family
/// it starts (`crypto`, `web`). `None` when nothing is close or the guess would be a coin toss
/// (`cli`, `http`, `text`).
pub fn closest_category(category: &str) -> Option<&'static str> {
    if let Some(certain) = unique_certain_category(category) {
        return Some(certain);
    }
    let normal = normalize(category);
    similar_spelling(&normal).or_else(|| family_prefix(&normal))
}

/// The slug `--fix` writes instead of an unknown `category`: the certain one, else a clearly
/// closest one; `None` for a known slug or a coin toss.
fn fixed_category(category: &str) -> Option<String> {
    if is_known(category) {
        return None;
    }
    closest_category(category).map(str::to_string)
}

/// Lowercase, separators as crates.io writes them: `::` between levels (also for `/` or `:`),
/// `-` within a level (also for spaces and `_`).
fn normalize(category: &str) -> String {
    category
        .trim()
        .to_lowercase()
        .replace("::", "/")
        .replace(':', "/")
        .split('/')
        .map(|level| {
            level
                .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
                .filter(|word| !word.is_empty())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join("::")
}

fn exact(slug: &str) -> Option<&'static str> {
    categories().iter().find(|c| c.slug == slug).map(|c| c.slug)
}

fn last_level(slug: &str) -> &str {
    slug.rsplit("::").next().unwrap_or(slug)
}

/// A slug spelled almost like `normal`, compared whole and by its last level, when it stands
/// clearly above the next candidate with a different last level.
fn similar_spelling(normal: &str) -> Option<&'static str> {
    struct Scored {
        slug: &'static str,
        best: f64,
        whole: f64,
        edits: f64,
    }
    let mut scored: Vec<Scored> = categories()
        .iter()
        .map(|c| {
            let whole = strsim::jaro_winkler(normal, c.slug);
            let last = strsim::jaro_winkler(normal, last_level(c.slug));
            let edits = strsim::normalized_damerau_levenshtein(normal, c.slug).max(
                strsim::normalized_damerau_levenshtein(normal, last_level(c.slug)),
            );
            Scored {
                slug: c.slug,
                best: whole.max(last),
                whole,
                edits,
            }
        })
        .collect();
    // Equal last levels (`encoding`, `multimedia::encoding`): the one closer whole wins.
    scored.sort_by(|a, b| b.best.total_cmp(&a.best).then(b.whole.total_cmp(&a.whole)));
    let best = scored.first()?;
    let runner_up = scored
        .iter()
        .find(|s| last_level(s.slug) != last_level(best.slug))
        .map_or(0.0, |s| s.best);
    (best.best >= 0.9 && best.edits >= 0.6 && best.best - runner_up >= 0.03).then_some(best.slug)
}

/// The slug `normal` is the start of, when all such slugs are that one or below it.
fn family_prefix(normal: &str) -> Option<&'static str> {
    if normal.len() < 3 {
        return None;
    }
    let matches: Vec<&'static str> = categories()
        .iter()
        .map(|c| c.slug)
        .filter(|slug| slug.starts_with(normal) || last_level(slug).starts_with(normal))
        .collect();
    let head = *matches.iter().min_by_key(|slug| slug.len())?;
    let family = format!("{head}::");
    matches
        .iter()
        .all(|slug| *slug == head || slug.starts_with(&family))
        .then_some(head)
}

/// Runs the category checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    const CATEGORIES_KEY: &[&str] = &["package", "categories"];
    let categories = &ctx.package.categories;
    if categories.is_empty() {
        sink.report(
            &MISSING_CATEGORIES,
            Target::key(CATEGORIES_KEY),
            "no `categories`",
            Some(
                "add `categories = [\"...\"]` with up to 5 slugs from \
https://crates.io/category_slugs"
                    .to_string(),
            ),
        );
        return;
    }
    if categories.len() > MAX_CATEGORIES {
        let extra = &categories[MAX_CATEGORIES..];
        sink.report(
            &TOO_MANY_CATEGORIES,
            Target::element(CATEGORIES_KEY, MAX_CATEGORIES),
            format!(
                "{} categories, more than the {MAX_CATEGORIES} crates.io accepts: {} over the \
limit",
                categories.len(),
                backquoted(extra)
            ),
            Some(format!(
                "remove {} of them, keeping the ones that fit best",
                extra.len()
            )),
        );
    }
    let fix = categories
        .iter()
        .any(|c| !is_known(c))
        .then(|| ctx.defined_at("categories"))
        .flatten()
        .and_then(|(manifest, keys)| edit::rewrite_array(manifest, &keys, fixed_category));
    for (index, category) in categories.iter().enumerate() {
        if is_known(category) {
            continue;
        }
        let help = match closest_category(category) {
            Some(slug) => format!(
                "did you mean `{slug}`? the slugs are listed at https://crates.io/category_slugs"
            ),
            None => "use a slug from https://crates.io/category_slugs (sub-categories are \
written `parent::child`)"
                .to_string(),
        };
        let finding = sink.report(
            &UNKNOWN_CATEGORY,
            Target::element(CATEGORIES_KEY, index),
            format!("unknown category `{category}`: crates.io has no such slug"),
            Some(help),
        );
        if let Some(fix) = fix.as_ref().filter(|_| fixed_category(category).is_some()) {
            finding.suggest(fix.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{names, run};
    use serde_json::json;

    #[test]
    fn embedded_list_is_complete() {
        assert_eq!(categories().len(), 104);
        assert!(is_known("science::quantum-computing"));
        assert!(is_known("development-tools::cargo-plugins"));
        assert!(is_known("no-std::no-alloc"));
        for category in categories() {
            assert!(!category.description.is_empty(), "{}", category.slug);
            assert_eq!(normalize(category.slug), category.slug);
        }
        let mut slugs: Vec<_> = categories().iter().map(|c| c.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 104, "slugs repeat");
    }

    #[test]
    fn slugs_match_exactly() {
        for (slug, known) in [
            ("games", true),
            ("Games", false),
            ("games ", false),
            ("development-tools::cargo-plugins", true),
            ("cargo-plugins", false),
            ("command-line-utilities", true),
            ("", false),
        ] {
            assert_eq!(is_known(slug), known, "{slug:?}");
        }
    }

    #[test]
    fn certain_categories() {
        let cases: &[(&str, Option<&str>)] = &[
            ("games", Some("games")),
            ("Games", Some("games")),
            (" Games ", Some("games")),
            ("Command Line Utilities", Some("command-line-utilities")),
            (
                "development_tools::cargo_plugins",
                Some("development-tools::cargo-plugins"),
            ),
            (
                "development-tools/cargo-plugins",
                Some("development-tools::cargo-plugins"),
            ),
            (
                "Development-Tools :: Cargo-Plugins",
                Some("development-tools::cargo-plugins"),
            ),
            ("cargo-plugins", Some("development-tools::cargo-plugins")),
            (
                "bioinformatics::genomics",
                Some("science::bioinformatics::genomics"),
            ),
            ("quantum-computing", Some("science::quantum-computing")),
            // `encoding` is a category and a sub-category; alone it is the category.
            ("Encoding", Some("encoding")),
            ("protocols", Some("aerospace::protocols")),
            // Only the end of a level: not certain.
            ("space", None),
            ("command-line-tools", None),
            ("cli", None),
            ("", None),
        ];
        for (category, expected) in cases {
            assert_eq!(unique_certain_category(category), *expected, "{category:?}");
        }
    }

    #[test]
    fn closest_categories() {
        let cases: &[(&str, Option<&str>)] = &[
            ("command-line-tools", Some("command-line-utilities")),
            ("Games", Some("games")),
            ("cargo-plugins", Some("development-tools::cargo-plugins")),
            ("data-structure", Some("data-structures")),
            ("datastructures", Some("data-structures")),
            ("visualisation", Some("visualization")),
            ("algorithm", Some("algorithms")),
            ("nostd", Some("no-std")),
            ("no_std", Some("no-std")),
            ("encodings", Some("encoding")),
            ("simulations", Some("simulation")),
            ("template-engines", Some("template-engine")),
            ("date-time", Some("date-and-time")),
            ("game", Some("games")),
            ("async", Some("asynchronous")),
            ("crypto", Some("cryptography")),
            ("web", Some("web-programming")),
            ("network", Some("network-programming")),
            ("math", Some("mathematics")),
            ("parser", Some("parser-implementations")),
            ("science::quantum", Some("science::quantum-computing")),
            ("os::linux", Some("os::linux-apis")),
            // Coin tosses and strangers get no guess.
            ("cli", None),
            ("command-line", None),
            ("http", None),
            ("text", None),
            ("serialization", None),
            ("zz", None),
            ("", None),
        ];
        for (category, expected) in cases {
            assert_eq!(closest_category(category), *expected, "{category:?}");
        }
    }

    #[test]
    fn check_points_at_unknown_and_extra_categories() {
        let toml = "[package]\ncategories = [\"games\", \"command-line-tools\", \"cli\", \"wasm\", \"gui\", \"os\"]\n";
        let findings = run(toml, json!({}), check);
        assert_eq!(
            names(&findings),
            [
                "too_many_categories",
                "unknown_category",
                "unknown_category"
            ]
        );
        assert!(
            findings[0].message.contains("`os`"),
            "{}",
            findings[0].message
        );
        let line = toml.lines().nth(1).unwrap();
        let at = |needle: &str| Some((2, line.find(needle).unwrap() + 1));
        let place = |i: usize| findings[i].location.as_ref().map(|l| (l.line, l.column));
        assert_eq!(place(0), at("\"os\""));
        assert_eq!(place(1), at("\"command-line-tools\""));
        assert!(findings[1].message.contains("`command-line-tools`"));
        assert!(
            findings[1]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `command-line-utilities`?")
        );
        assert_eq!(place(2), at("\"cli\""));
        assert!(
            !findings[2]
                .help
                .as_deref()
                .unwrap()
                .contains("did you mean")
        );
    }

    #[test]
    fn check_reports_missing_categories() {
        let findings = run("[package]\nname = \"a\"\n", json!({}), check);
        assert_eq!(names(&findings), ["missing_categories"]);
        let fine = "[package]\ncategories = [\"games\", \"science::quantum-computing\"]\n";
        assert!(run(fine, json!({}), check).is_empty());
    }
}
