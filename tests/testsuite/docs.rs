//! The documents the code points to stay in step with it: every rule id cited in `src/` is
//! defined in `docs/rules.md`, and every check that document names exists.

use std::collections::BTreeSet;
use std::path::Path;

use cargo_ready::checks::{CHECKS, find_check};

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
