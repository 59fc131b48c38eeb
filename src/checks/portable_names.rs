//! Names that break on other systems: two shipped paths that differ only in case are one file
//! on macOS and Windows, where names ignore case, so unpacking the crate there loses one.
//! (Names Windows reserves are `windows_reserved_name`, from cargo's own warning.)

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{PackageContext, Sink};
use crate::model::{Check, Level, Location};
use crate::read::files;

/// Two shipped paths equal but for case.
pub static CASE_COLLIDING_PATHS: Check = Check {
    name: "case_colliding_paths",
    default: Level::Warn,
    blocks_publish: false,
    summary: "two packaged paths differ only in case, so they collide on macOS and Windows",
    explain: "macOS and Windows compare file names without case by default: `README.md` and \
`readme.md`, or a file `src/Parser.rs` and a directory `src/parser/`, are the same name there. \
crates.io accepts the crate; unpacking it on those systems keeps one of the two, and a build \
or a test that needs the other breaks.\n\nFix: rename one of them, or leave one out of the \
package with `exclude`.",
};

/// Pairs of paths (`/`-separated, relative to the package) that name the same file or
/// directory when case is ignored, each pair once, in order.
pub fn collisions<'p>(paths: impl IntoIterator<Item = &'p str>) -> Vec<(String, String)> {
    let paths: Vec<&str> = paths.into_iter().collect();
    if !any_collision(&paths) {
        return Vec::new();
    }
    // Every file and every directory above one, by its name without case.
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in paths {
        let mut prefix = String::new();
        for (i, component) in path.split('/').enumerate() {
            if i > 0 {
                prefix.push('/');
            }
            prefix.push_str(component);
            let spellings = names.entry(prefix.to_lowercase()).or_default();
            if !spellings.contains(&prefix) {
                spellings.push(prefix.clone());
            }
        }
    }
    let mut found = Vec::new();
    for spellings in names.values() {
        for (i, first) in spellings.iter().enumerate() {
            for second in &spellings[i + 1..] {
                // A collision of two directories is reported once, not for each file below.
                let parents_collide = parent(first)
                    .zip(parent(second))
                    .is_some_and(|(a, b)| a != b && a.to_lowercase() == b.to_lowercase());
                if !parents_collide {
                    found.push((first.clone(), second.clone()));
                }
            }
        }
    }
    found
}

/// Whether any two of the paths, or the directories above them, are equal but for case: as
/// many distinct names without case as with it, counted without a copy per directory.
fn any_collision(paths: &[&str]) -> bool {
    let lowered: Vec<String> = paths.iter().map(|p| p.to_lowercase()).collect();
    let distinct = |paths: &mut dyn Iterator<Item = &str>| {
        let mut all: Vec<&str> = paths.flat_map(prefixes).collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    };
    distinct(&mut paths.iter().copied()) != distinct(&mut lowered.iter().map(String::as_str))
}

/// A path and every directory above it: `a/b/c`, then `a` and `a/b`.
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(|(at, _)| &path[..at])
        .chain(std::iter::once(path))
}

fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('/').map(|(parent, _)| parent)
}

/// Reports each pair of colliding paths among `paths` (relative to the package).
pub fn report<'p>(
    ctx: &PackageContext<'_>,
    paths: impl IntoIterator<Item = &'p str>,
    sink: &mut Sink<'_>,
) {
    for (first, second) in collisions(paths) {
        sink.report_at(
            &CASE_COLLIDING_PATHS,
            format!(
                "`{first}` and `{second}` differ only in case: on macOS and Windows they are one \
name, and unpacking the crate there keeps only one of them"
            ),
            "rename one of them, or leave one out of the package with `exclude`".to_string(),
            Some(Location::file(ctx.root().join(&second))),
        );
    }
}

/// Runs the check over the files the package would ship, in the manifest stage.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let Some(shipped) = ctx.shipped else {
        return;
    };
    let paths: Vec<Cow<'_, str>> = shipped.files.iter().map(|f| files::slashed(f)).collect();
    report(ctx, paths.iter().map(|p| p.as_ref()), sink);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_differ_only_in_case() {
        let found = collisions([
            "README.md",
            "readme.md",
            "src/lib.rs",
            "src/Parser.rs",
            "src/parser.rs",
            "Docs/a.md",
            "docs/a.md",
            "docs/b.md",
            "src/Util",
            "src/util/mod.rs",
            "ß.txt",
            "ss.txt",
        ]);
        assert_eq!(
            found,
            [
                ("Docs".to_string(), "docs".to_string()),
                ("README.md".to_string(), "readme.md".to_string()),
                ("src/Parser.rs".to_string(), "src/parser.rs".to_string()),
                ("src/Util".to_string(), "src/util".to_string()),
            ]
        );
        assert!(collisions(["a/b.rs", "a/c.rs", "A.md"]).is_empty());
    }
}
