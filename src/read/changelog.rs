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
    /// Whether the workspace root is virtual and the member is its only published package:
    /// the root's changelog is then the member's own, whatever its headings name.
    pub for_sole_member: bool,
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
        for_sole_member: false,
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

/// The byte offset where 1-based `line` of `text` starts, if it has that many lines.
pub fn line_start(text: &str, line: usize) -> Option<usize> {
    let mut start = 0;
    for (i, piece) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return Some(start);
        }
        start += piece.len();
    }
    None
}

/// Whether a line says the changelog is no longer where releases are written up: "no longer
/// maintained", "see the GitHub releases", "see the commit log". A changelog that says so is
/// not judged.
pub fn says_no_longer_kept(line: &str) -> bool {
    let line = line.to_ascii_lowercase();
    let stopped = line.contains("no longer")
        && ["maintain", "updat", "kept", "keep", "used", "track"]
            .iter()
            .any(|w| line.contains(w));
    let elsewhere = [
        "github release",
        "releases page",
        "release page",
        "commit log",
        "commit history",
        "git log",
        "git history",
    ]
    .iter()
    .any(|w| line.contains(w))
        && [
            "see", "refer", "moved", "now", "instead", "found", "check", "look at",
        ]
        .iter()
        .any(|w| line.contains(w));
    stopped || elsewhere
}

/// A version written in `text` that looks like `version` misspelled: one that ends with its
/// `.minor.patch` under another, higher major (`signal-hook-1.3.18` for 0.3.18), or `version`
/// itself glued to a word (`release0.3.18`).
pub fn misspelled_version(text: &str, version: &semver::Version) -> Option<String> {
    let wanted = format!("{}.{}.{}", version.major, version.minor, version.patch);
    let glued = text.match_indices(&wanted).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + wanted.len()..].chars().next();
        before.is_some_and(|c| c.is_ascii_alphabetic())
            && after.is_none_or(|c| !(c.is_alphanumeric() || ".-+".contains(c)))
    });
    if glued && !names_version(text, version) {
        return Some(wanted);
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() || (at > 0 && bytes[at - 1].is_ascii_digit()) {
            at += 1;
            continue;
        }
        let len = text[at..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len() - at);
        let token = text[at..at + len].trim_end_matches('.');
        if let Ok(found) = semver::Version::parse(token)
            && found.minor == version.minor
            && found.patch == version.patch
            && found.major != version.major
            && found > *version
        {
            return Some(token.to_string());
        }
        at += len.max(1);
    }
    None
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

    #[test]
    fn wordings_of_a_changelog_no_longer_kept() {
        for line in [
            "**This changelog is no longer maintained.**",
            "Note: this file is no longer updated; see the GitHub releases.",
            "Changes are now listed on the [GitHub releases](https://example.org) page.",
            "For newer versions, see the commit log.",
            "See the git history for changes since 0.4.",
            "We no longer keep a changelog, look at the commit history instead.",
            "Please refer to the releases page for release notes.",
        ] {
            assert!(says_no_longer_kept(line), "{line}");
        }
        for line in [
            "# Changelog",
            "All notable changes to this project will be documented in this file.",
            "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.0.0/).",
            "- The `foo` method is no longer `unsafe`.",
            "- no longer panics on empty input",
        ] {
            assert!(!says_no_longer_kept(line), "{line}");
        }
    }

    #[test]
    fn versions_misspelled() {
        let v = version("0.3.18");
        assert_eq!(
            misspelled_version("signal-hook-1.3.18", &v).as_deref(),
            Some("1.3.18")
        );
        assert_eq!(
            misspelled_version("release0.3.18", &v).as_deref(),
            Some("0.3.18")
        );
        assert_eq!(misspelled_version("0.3.17", &v), None);
        assert_eq!(misspelled_version("[0.3.18] - 2024", &v), None);
        assert_eq!(
            misspelled_version("1.0.0", &version("2.0.0")),
            None,
            "an older major is the release before, not a typo"
        );
        assert_eq!(misspelled_version("0.2.18", &v), None);
        assert_eq!(
            misspelled_version("10.3.18", &v).as_deref(),
            Some("10.3.18")
        );
        assert_eq!(misspelled_version("0.3.18-rc.1", &v), None);
        assert_eq!(misspelled_version("v0.3.18", &v), None);
    }

    #[test]
    fn where_a_line_starts() {
        let text = "a\r\nbc\nd";
        assert_eq!(line_start(text, 1), Some(0));
        assert_eq!(line_start(text, 2), Some(3));
        assert_eq!(line_start(text, 3), Some(6));
        assert_eq!(line_start(text, 4), None);
    }
}
