//! A package's changelog: which file it is, the headings in it, and whether one names a
//! version. Markdown (`## [1.2.0] - 2024-05-01`, setext), reStructuredText (underlined titles)
//! and plain text (`1.2.0 (2024-05-01)` at the start of a line) are read alike.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The names a changelog goes by, without extension, in the order one is preferred.
const STEMS: [&str; 5] = ["changelog", "changes", "history", "releases", "news"];

/// The extensions a changelog may have (or none).
const EXTENSIONS: [&str; 4] = ["md", "markdown", "rst", "txt"];

/// A changelog read more than this is not a changelog the check can judge.
const READ_LIMIT: u64 = 8 << 20;

/// A changelog file and its text.
#[derive(Debug, Clone)]
pub struct Changelog {
    /// The file on disk.
    pub file: PathBuf,
    /// Its text, shared by the members that read the workspace's.
    pub text: Arc<str>,
    /// Whether it is the workspace root's, read for a member that has none of its own.
    pub from_workspace_root: bool,
}

impl Changelog {
    /// Whether it is Markdown (`.md`, `.markdown`), where headings are marked.
    pub fn is_markdown(&self) -> bool {
        self.file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
    }
}

/// A heading of a changelog, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The 1-based line of its text.
    pub line: usize,
    /// Its text, without `#` marks.
    pub text: String,
    /// Written as a heading (`#`, an underline), not a line that only starts with a version.
    pub marked: bool,
    /// The number of `#` of a Markdown heading written with them, else 0.
    pub level: usize,
}

/// How well a file name fits a changelog: lower is preferred (`CHANGELOG` before `CHANGES`
/// before the others, Markdown before other formats); `None` for any other name.
pub fn rank(file_name: &str) -> Option<(usize, usize)> {
    if !file_name.starts_with(['c', 'C', 'h', 'H', 'r', 'R', 'n', 'N']) {
        return None;
    }
    let name = file_name.to_ascii_lowercase();
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) => (stem, Some(extension)),
        None => (name.as_str(), None),
    };
    let rank = STEMS.iter().position(|s| *s == stem)?;
    let format = match extension {
        None => EXTENSIONS.len(),
        Some(extension) => EXTENSIONS.iter().position(|e| *e == extension)?,
    };
    Some((rank, format))
}

/// The changelog among `files` (paths of the files in one directory), if one is.
pub fn pick(files: impl IntoIterator<Item = PathBuf>) -> Option<PathBuf> {
    files
        .into_iter()
        .filter_map(|path| Some((rank(&path.file_name()?.to_string_lossy())?, path)))
        .min()
        .map(|(_, path)| path)
}

/// The changelog in `dir`, if it has one, read from the file system.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    pick(
        entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.path()),
    )
}

/// Reads a changelog file; `from_workspace_root` when it is the workspace's, read for a
/// member without its own.
pub fn read(file: PathBuf, from_workspace_root: bool) -> Option<Changelog> {
    if std::fs::metadata(&file).ok()?.len() > READ_LIMIT {
        return None;
    }
    let bytes = std::fs::read(&file).ok()?;
    Some(Changelog {
        file,
        text: String::from_utf8_lossy(&bytes).into(),
        from_workspace_root,
    })
}

/// The headings of a changelog, in order; text in fenced code blocks and HTML comments is
/// skipped. In Markdown only marked headings count; in plain text and reStructuredText, any
/// line that starts at the margin may be one (the check reads only those that begin with a
/// version).
pub fn headings(text: &str, markdown: bool) -> Vec<Heading> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if in_comment || trimmed.starts_with("<!--") {
            in_comment = !line.contains("-->");
            continue;
        }
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(marker);
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent <= 3 && trimmed.starts_with('#') {
            let text = trimmed.trim_start_matches('#');
            if text.is_empty() || text.starts_with(char::is_whitespace) {
                found.push(Heading {
                    line: i + 1,
                    text: text.trim().trim_end_matches('#').trim().to_string(),
                    marked: true,
                    level: trimmed.len() - text.len(),
                });
                continue;
            }
        }
        let underlined = lines.get(i + 1).is_some_and(|next| is_underline(next));
        let list_item = trimmed.starts_with("- ") || trimmed.starts_with("+ ");
        let at_margin = !markdown && indent == 0 && !list_item;
        if !trimmed.is_empty() && !is_underline(line) && (underlined || at_margin) {
            found.push(Heading {
                line: i + 1,
                text: trimmed.trim_end().to_string(),
                marked: underlined,
                level: 0,
            });
        }
    }
    found
}

/// A line of one punctuation character repeated, as setext and reStructuredText underline a
/// title with.
fn is_underline(line: &str) -> bool {
    let line = line.trim_end();
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    "=-~^*+#`'\"._:".contains(first) && line.len() >= 3 && chars.all(|c| c == first)
}

/// Whether `text` names `version` as a whole: `1.2.0`, `v1.2.0`, `[1.2.0]`, `name 1.2.0`, and
/// `1.2` for a `.0` release; not `1.2.01`, `11.2.0` or `1.2.0-rc.1`.
pub fn names_version(text: &str, version: &semver::Version) -> bool {
    // Build metadata (`1.1.4+spec-1.1.0`) does not make another release.
    let mut full = format!("{}.{}.{}", version.major, version.minor, version.patch);
    if !version.pre.is_empty() {
        full = format!("{full}-{}", version.pre);
    }
    if contains_token(text, &full) {
        return true;
    }
    version.patch == 0
        && version.pre.is_empty()
        && contains_token(text, &format!("{}.{}", version.major, version.minor))
}

/// Whether `token` occurs in `text` with nothing version-like around it.
fn contains_token(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let mut after = text[at + token.len()..].chars();
        let next = after.next();
        let following = after.next();
        let before_ok = match before {
            None => true,
            Some('v' | 'V') => text[..at - 1]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric()),
            Some(c) => !c.is_alphanumeric() && c != '.',
        };
        let after_ok = match next {
            None => true,
            Some('.' | '-' | '+') => following.is_none_or(|c| !c.is_alphanumeric()),
            Some(c) => !c.is_alphanumeric(),
        };
        before_ok && after_ok
    })
}

/// Whether `text` names a release: a version number (`1.2`, `0.10.3`), not a series (`0.38.x`).
pub fn names_some_version(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(3).enumerate().any(|(i, w)| {
        let starts = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'v');
        let rest = &bytes[i + 2..];
        let digits = rest
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.')
            .count();
        let after = &rest[digits..];
        let series =
            rest[..digits].ends_with(b".") && after.first().is_some_and(|b| b"xX*".contains(b));
        w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit() && starts && !series
    })
}

/// Whether a line begins like a release's heading: its first or second word is a version
/// (`1.2.0 (2024)`, `v1.2.0`, `[1.2.0]`, `Version 1.2.0`, `name 1.2.0`).
pub fn starts_with_version(text: &str) -> bool {
    text.split_whitespace().take(2).any(|word| {
        word.trim_start_matches(['*', '[', '(', '_'])
            .trim_start_matches(['v', 'V'])
            .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The `Unreleased` section, when it has entries: its heading.
pub fn unreleased_with_entries<'h>(text: &str, headings: &'h [Heading]) -> Option<&'h Heading> {
    let lines: Vec<&str> = text.lines().collect();
    headings.iter().enumerate().find_map(|(i, heading)| {
        if !heading.marked || !heading.text.to_ascii_lowercase().contains("unreleased") {
            return None;
        }
        let end = headings[i + 1..]
            .iter()
            .find(|h| h.marked && names_some_version(&h.text))
            .map_or(lines.len(), |h| h.line - 1);
        let has_entries = lines
            .get(heading.line..end)
            .unwrap_or_default()
            .iter()
            .map(|line| line.trim_start())
            .any(|line| {
                ["- ", "* ", "+ "]
                    .iter()
                    .any(|marker| line.starts_with(marker))
            });
        has_entries.then_some(heading)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> semver::Version {
        semver::Version::parse(text).unwrap()
    }

    #[test]
    fn versions_named_whole() {
        let v = version("1.2.0");
        for text in [
            "[1.2.0] - 2024-05-01",
            "v1.2.0",
            "Version 1.2.0 (2024-05-01)",
            "mycrate 1.2.0",
            "mycrate-v1.2.0",
            "1.2 (May 2024)",
            "[v1.2.0](https://example.org/compare/v1.1.0...v1.2.0)",
        ] {
            assert!(names_version(text, &v), "{text}");
        }
        for text in [
            "1.2.01",
            "11.2.0",
            "1.2.0-rc.1",
            "1.2.0.1",
            "version1.2.0",
            "1.2.5",
            "01.2.0",
        ] {
            assert!(!names_version(text, &v), "{text}");
        }
        assert!(names_version(
            "## [1.1.4] - 2026",
            &version("1.1.4+spec-1.1.0")
        ));
        let rc = version("1.0.0-rc.1");
        assert!(names_version("## 1.0.0-rc.1", &rc));
        assert!(!names_version("## 1.0", &rc));
        assert!(!names_version("## 1.0.0", &rc));
    }

    #[test]
    fn releases_not_series() {
        assert!(names_some_version("[0.2.0] - 2024"));
        assert!(names_some_version("v1.2"));
        assert!(!names_some_version("Changes from 0.38.x to 1.x"));
        assert!(!names_some_version("Python3.11 support"));
        assert!(starts_with_version("* 0.2.0: things"));
        assert!(starts_with_version("mycrate v1.2.0"));
        assert!(!starts_with_version(
            "<LICENSE-APACHE or https://www.apache.org/licenses/LICENSE-2.0>, or"
        ));
    }

    #[test]
    fn headings_in_every_format() {
        let text = "# Changelog\n\n## [Unreleased]\n\n- a fix\n\n## [0.2.0] - 2024\n\n\
```\n# not a heading\n```\n\n0.1.1 (2023)\n============\n\n0.1.0\n-----\n  1.0 indented\n";
        let all = headings(text, true);
        let found: Vec<(usize, &str, bool)> = all
            .iter()
            .map(|h| (h.line, h.text.as_str(), h.marked))
            .collect();
        assert_eq!(
            found,
            [
                (1, "Changelog", true),
                (3, "[Unreleased]", true),
                (7, "[0.2.0] - 2024", true),
                (13, "0.1.1 (2023)", true),
                (16, "0.1.0", true),
            ]
        );
        let commented = headings(
            "<!-- Apache License, Version 2.0\n2.0 or MIT -->\n# 1.0\n",
            true,
        );
        assert_eq!(commented.len(), 1);
        assert_eq!(commented[0].text, "1.0");
        let plain = headings("0.3.0\n  * fix\n\n* 0.2.0: things\n", false);
        assert_eq!(plain[0].text, "0.3.0");
        assert!(!plain[0].marked);
    }

    #[test]
    fn an_unreleased_section_counts_when_it_lists_changes() {
        let with = "## Unreleased\n\n### Fixed\n- a bug\n\n## 0.1.0\n- first\n";
        let headings_with = headings(with, true);
        assert_eq!(
            unreleased_with_entries(with, &headings_with).map(|h| h.line),
            Some(1)
        );
        let without = "## Unreleased\n\nNothing yet.\n\n## 0.1.0\n- first\n";
        assert_eq!(
            unreleased_with_entries(without, &headings(without, true)),
            None
        );
    }

    #[test]
    fn changelog_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find(dir.path()), None);
        for name in ["NEWS", "history.rst", "CHANGELOG-old.md", "changelog.html"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        assert_eq!(find(dir.path()), Some(dir.path().join("history.rst")));
        std::fs::write(dir.path().join("Changelog.txt"), "").unwrap();
        std::fs::write(dir.path().join("CHANGELOG.md"), "").unwrap();
        assert_eq!(find(dir.path()), Some(dir.path().join("CHANGELOG.md")));
    }
}
