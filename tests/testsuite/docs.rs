//! The documents the code points to stay in step with it: every rule id cited in `src/` is
//! defined in `docs/rules.md`, every check that document names exists, and the README's quick
//! start shows what the binary prints. And the documents stay in step with each other: every
//! link between them leads to a file and a heading that exist.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cargo_ready::checks::{CHECKS, find_check};
use cargo_ready::read::markdown;

use crate::support::Fixture;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The rule rows of docs/rules.md: `| S18 | ... |`, by id, with their last cell.
fn rule_rows() -> Vec<(String, String)> {
    read("docs/rules.md")
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("| ")?;
            let (id, _) = rest.split_once(" |")?;
            is_rule_id(id).then(|| {
                let cells: Vec<&str> = split_cells(line);
                (id.to_string(), cells.last().unwrap_or(&"").to_string())
            })
        })
        .collect()
}

/// A table row's cells, `\|` being a pipe inside a cell.
fn split_cells(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(line[start..i].trim());
            start = i + 1;
        }
    }
    cells.into_iter().filter(|c| !c.is_empty()).collect()
}

fn is_rule_id(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('S' | 'C' | 'K' | 'D' | 'V'))
        && !chars.as_str().is_empty()
        && chars.as_str().len() <= 2
        && chars.all(|c| c.is_ascii_digit())
}

/// Every rule id the sources cite, ranges (`S1–S4`) spelled out.
fn cited_ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '–'));
            for word in words {
                match word.split_once('–') {
                    Some((from, to)) if is_rule_id(from) => {
                        let prefix = &from[..1];
                        let to = to.trim_start_matches(prefix);
                        let (Ok(a), Ok(b)) = (from[1..].parse::<u32>(), to.parse::<u32>()) else {
                            continue;
                        };
                        ids.extend((a..=b).map(|n| format!("{prefix}{n}")));
                    }
                    None if is_rule_id(word) => {
                        ids.insert(word.to_string());
                    }
                    _ => {}
                }
            }
        }
    }
    ids
}

#[test]
fn every_rule_id_cited_in_the_sources_is_defined() {
    let defined: BTreeSet<String> = rule_rows().into_iter().map(|(id, _)| id).collect();
    assert!(
        defined.contains("S1") && defined.contains("C32"),
        "{defined:?}"
    );
    let cited = cited_ids();
    assert!(cited.contains("S18"), "{cited:?}");
    let missing: Vec<&String> = cited.difference(&defined).collect();
    assert!(
        missing.is_empty(),
        "docs/rules.md has no row for {missing:?}, which src/ cites"
    );
}

#[test]
fn every_check_the_rules_name_exists_and_every_check_is_named() {
    let rules = read("docs/rules.md");
    for (id, checked_by) in rule_rows() {
        for name in checked_by.split('`').skip(1).step_by(2) {
            let snake = name.contains('_')
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if snake {
                assert!(
                    find_check(name).is_some(),
                    "{id} names `{name}`, which is no check"
                );
            }
        }
    }
    for check in CHECKS {
        assert!(
            rules.contains(&format!("`{}`", check.name)),
            "docs/rules.md never names `{}`",
            check.name
        );
    }
}

/// The project's Markdown documents, relative to the repository's root: the README, the
/// documents under `docs/`, and the others they link to.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = [
        "README.md",
        "ARCHITECTURE.md",
        "CHANGELOG.md",
        "benches/RESULTS.md",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            found.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
    found.sort();
    found
}

/// A link that leads nowhere, or a count of the links that lead somewhere.
#[derive(Debug, Default)]
struct LinkCheck {
    broken: Vec<String>,
    files: usize,
    anchors: usize,
}

/// Follows every relative link and `#fragment` of `documents` (relative to `root`): the file
/// must exist, and a fragment must be the anchor of one of the target's headings, as GitHub
/// makes them (a line fragment such as `#L12` into a file that is not Markdown aside).
fn check_links(root: &Path, documents: &[PathBuf]) -> LinkCheck {
    let mut check = LinkCheck::default();
    for document in documents {
        let text = std::fs::read_to_string(root.join(document)).unwrap();
        for link in markdown::links(&text) {
            let line = text[..link.span.start].matches('\n').count() + 1;
            let here = format!("{}:{line}: `{}`", document.display(), link.url);
            let (path, fragment) = match link.url.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.url.as_str(), None),
            };
            if !path.is_empty() && !link.is_relative() {
                continue;
            }
            let target = if path.is_empty() {
                document.clone()
            } else if let Some(from_root) = path.strip_prefix('/') {
                PathBuf::from(from_root)
            } else {
                document.parent().unwrap_or(Path::new("")).join(path)
            };
            if !root.join(&target).exists() {
                check
                    .broken
                    .push(format!("{here}: no file `{}`", target.display()));
                continue;
            }
            check.files += 1;
            let Some(fragment) = fragment else { continue };
            let markdown_target = target.extension().is_some_and(|e| e == "md");
            if !markdown_target {
                let line_fragment = fragment.split('-').all(|l| {
                    l.strip_prefix('L')
                        .is_some_and(|n| n.parse::<u32>().is_ok())
                });
                if !line_fragment {
                    check.broken.push(format!(
                        "{here}: `#{fragment}` into `{}`, which has no headings",
                        target.display()
                    ));
                }
                continue;
            }
            let target_text = std::fs::read_to_string(root.join(&target)).unwrap();
            if markdown::heading_anchors(&target_text)
                .iter()
                .any(|a| a == fragment)
            {
                check.anchors += 1;
            } else {
                check.broken.push(format!(
                    "{here}: `{}` has no heading whose anchor is `{fragment}`",
                    target.display()
                ));
            }
        }
    }
    check
}

#[test]
fn every_link_between_the_documents_leads_to_a_file_and_heading() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let documents = documents(root);
    for expected in [
        "README.md",
        "docs/guide.md",
        "docs/output.md",
        "docs/checks.md",
    ] {
        assert!(
            documents.contains(&PathBuf::from(expected)),
            "{expected} is not among {documents:?}"
        );
    }
    let check = check_links(root, &documents);
    assert!(
        check.broken.is_empty(),
        "broken links:\n{}",
        check.broken.join("\n")
    );
    assert!(check.files >= 20 && check.anchors >= 20, "{check:?}");
}

#[test]
fn a_link_to_a_missing_file_or_heading_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "\
# Top

[fine](docs/guide.md#real-heading), [fine](#top), [fine](docs/), [fine](/README.md#top),
[fine](src.rs#L3-L5), [elsewhere](https://example.org/missing.md#nowhere)

[gone](docs/missing.md) [wrong heading](docs/guide.md#nowhere)
[wrong here](#bottom) [not markdown](src.rs#main)
",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("docs/guide.md"),
        "# Guide\n\n## Real heading\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src.rs"), "fn main() {}\n").unwrap();
    let check = check_links(dir.path(), &[PathBuf::from("README.md")]);
    assert_eq!(
        check.broken,
        [
            "README.md:6: `docs/missing.md`: no file `docs/missing.md`",
            "README.md:6: `docs/guide.md#nowhere`: `docs/guide.md` has no heading whose anchor is `nowhere`",
            "README.md:7: `#bottom`: `README.md` has no heading whose anchor is `bottom`",
            "README.md:7: `src.rs#main`: `#main` into `src.rs`, which has no headings",
        ]
    );
    assert_eq!((check.files, check.anchors), (8, 3), "{check:?}");
}

/// The fixture each package of the README's quick start comes from.
const QUICK_START_FIXTURES: [(&str, &str); 2] =
    [("refused-crate", "refused"), ("warned-crate", "warnings")];

/// The README shows real runs of `cargo ready` over fixtures; their diagnostics (everything but
/// the status lines and the verdict, which the package stage adds to) are what the binary
/// prints for those fixtures today.
#[test]
fn the_readme_quick_start_shows_what_cargo_ready_prints() {
    let readme = read("README.md");
    let runs: Vec<&str> = readme
        .split("```text\n$ cargo ready\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .collect();
    assert_eq!(runs.len(), QUICK_START_FIXTURES.len(), "{runs:?}");
    let mut shown = 0;
    for run in runs {
        let (package, fixture) = QUICK_START_FIXTURES
            .iter()
            .find(|(package, _)| run.contains(&format!("Checking {package} v")))
            .unwrap_or_else(|| panic!("a quick start run of no known fixture:\n{run}"));
        let fixture = Fixture::copy(fixture);
        let printed = fixture.run(&["--no-package", "--color", "never"]).stderr;
        // A diagnostic runs from its `error[`/`warning[` line to the next blank line; status
        // lines may come before the first.
        let diagnostics = run.split("\n\n").filter_map(|chunk| {
            let start = chunk
                .lines()
                .position(|line| line.starts_with("error[") || line.starts_with("warning["))?;
            Some(chunk.lines().skip(start).collect::<Vec<_>>().join("\n"))
        });
        for diagnostic in diagnostics {
            assert!(
                printed.contains(&diagnostic),
                "the README shows, for {package}:\n{diagnostic}\n\nbut cargo-ready prints:\n{printed}"
            );
            shown += 1;
        }
    }
    assert!(shown >= 6, "{shown} diagnostics in the quick start");
}
