//! The version being published, as the release's readers meet it: a CHANGELOG heading that
//! names it, and README dependency lines that accept it.

use semver::{Version, VersionReq};

use super::{PackageContext, Sink};
use crate::model::{Check, Label, Level, Location, Suggestion};
use crate::read::changelog::{self, Changelog, Heading};

/// A changelog with no heading for the version being published.
pub static CHANGELOG_VERSION_MISSING: Check = Check {
    name: "changelog_version_missing",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the changelog has no heading for the version being published",
    explain: "Users read the changelog to learn what a release changed. When the package (or, \
for a workspace member without its own, the workspace root) has a CHANGELOG, CHANGES, HISTORY, \
RELEASES or NEWS file (.md, .markdown, .rst, .txt or none) whose headings name versions, one of \
them must name the version being published: `## [1.2.0] - 2024-05-01`, `## v1.2.0`, \
`name 1.2.0`, or `## 1.2` for 1.2.0. A workspace root's changelog is judged for a member only \
when its version headings name the member, or when the member is the only package a virtual \
workspace publishes. A changelog that names no version at all (\"see the GitHub releases\"), or \
that says before its first version heading that it is no longer kept or sends readers to a \
releases page or the commit log, is not judged. A heading that looks like the version misspelled \
(`name-1.3.18` for 0.3.18) is pointed at.\n\nFix: add a heading for the version with its \
changes. An `Unreleased` section with entries holds the release's changes: rename it to the \
version; `cargo ready --fix` does so for a plain `## Unreleased` or `## [Unreleased]` heading.",
};

/// A README dependency line that does not accept the version being published.
pub static README_VERSION_MISMATCH: Check = Check {
    name: "readme_version_mismatch",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the README tells users to depend on a version requirement the release does not \
meet",
    explain: "Users copy the dependency line from the README. When the README shows \
`name = \"...\"` or `name = { version = \"...\" }` in a code block, or `cargo add name@...`, and \
no such line accepts the version being published, users who copy it get an older release, or \
none. Pre-release versions are not judged: a README describes the stable release.\n\nFix: \
update the README's requirement, e.g. `name = \"1.2\"` for 1.2.0.",
};

/// Runs both checks.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let version = &ctx.package.version;
    if let Some(changelog) = ctx.changelog {
        check_changelog(ctx, changelog, version, sink);
    }
    if let Some(page) = ctx.readme
        && version.pre.is_empty()
    {
        let lines = dependency_lines(&page.text, page.markdown, &ctx.package.name);
        if !lines.is_empty() && !lines.iter().any(|l| l.requirement.matches(version)) {
            for line in lines {
                sink.report_at(
                    &README_VERSION_MISMATCH,
                    format!(
                        "the README tells users to depend on `{}`, which does not accept {version}, \
the version being published",
                        line.text
                    ),
                    format!(
                        "update the requirement to accept {version}, e.g. `{} = \"{}\"`",
                        ctx.package.name,
                        suggested_requirement(version)
                    ),
                    Some(Location::at_line(page.file.clone(), line.line, line.column)),
                );
            }
        }
    }
}

fn check_changelog(
    ctx: &PackageContext<'_>,
    changelog: &Changelog,
    version: &Version,
    sink: &mut Sink<'_>,
) {
    let headings = changelog::headings(&changelog.text, changelog.is_markdown());
    let versioned: Vec<&Heading> = headings
        .iter()
        .filter(|h| is_versioned(h, changelog::names_some_version))
        .collect();
    let Some(&topmost) = versioned.first() else {
        return;
    };
    if !speaks_for(ctx, changelog, &versioned) || no_longer_kept(&changelog.text, topmost) {
        return;
    }
    let unreleased = changelog::unreleased_with_entries(&changelog.text, &headings);
    if has_a_heading_for(version, &headings, unreleased.is_some()) {
        return;
    }
    let message = format!(
        "{} has no heading for {version}, the version being published (its topmost \
version heading is `{}`, line {})",
        file_name(changelog),
        topmost.text,
        topmost.line
    );
    if report_misspelled(changelog, &headings, version, topmost, &message, sink) {
        return;
    }
    match unreleased {
        Some(section) => report_unreleased(changelog, section, version, message, sink),
        None => {
            let heading = suggested_heading(topmost, version);
            sink.report_at(
                &CHANGELOG_VERSION_MISSING,
                message,
                format!("add a `{heading}` heading with the changes in {version}"),
                Some(Location::at_line(changelog.file.clone(), topmost.line, 1)),
            );
        }
    }
}

/// Whether the changelog speaks for this package: a package's own always; the workspace's only
/// when its headings name the member, or when the member is all a virtual workspace publishes.
fn speaks_for(ctx: &PackageContext<'_>, changelog: &Changelog, versioned: &[&Heading]) -> bool {
    let name = ctx.package.name.as_str();
    !changelog.from_workspace_root
        || changelog.for_sole_member
        || versioned.iter().any(|h| names_crate(&h.text, name))
}

/// Whether a heading covers `version`; a pre-release may be written up under its release or
/// under an `Unreleased` section with entries.
fn has_a_heading_for(version: &Version, headings: &[Heading], unreleased_entries: bool) -> bool {
    let names = |wanted: &Version| {
        headings
            .iter()
            .any(|h| is_versioned(h, |text| changelog::names_version(text, wanted)))
    };
    names(version)
        || (!version.pre.is_empty() && (unreleased_entries || names(&release_of(version))))
}

/// The release a pre-release leads to (`1.2.0` for `1.2.0-rc.1`).
fn release_of(version: &Version) -> Version {
    Version::new(version.major, version.minor, version.patch)
}

/// Reports a heading that looks like the version misspelled (`signal-hook-1.3.18` for 0.3.18);
/// whether there was one.
fn report_misspelled(
    changelog: &Changelog,
    headings: &[Heading],
    version: &Version,
    topmost: &Heading,
    message: &str,
    sink: &mut Sink<'_>,
) -> bool {
    let release = release_of(version);
    let misspelled = headings.iter().find_map(|h| {
        let found = changelog::misspelled_version(&h.text, version)?;
        is_versioned(h, changelog::names_some_version).then_some((h, found))
    });
    let Some((heading, found)) = misspelled else {
        return false;
    };
    let correction = if found == release.to_string() {
        format!("write `{found}` apart from the word before it")
    } else {
        format!("write `{release}` for `{found}`")
    };
    let finding = sink.report_at(
        &CHANGELOG_VERSION_MISSING,
        message.to_string(),
        format!(
            "`{}` (line {}) looks like {release} misspelled: {correction}",
            heading.text, heading.line
        ),
        Some(Location::at_line(changelog.file.clone(), topmost.line, 1)),
    );
    if heading.line != topmost.line {
        finding.labels.push(Label {
            location: Location::at_line(changelog.file.clone(), heading.line, 1),
            message: Some(format!("`{found}` looks like {release} misspelled")),
        });
    }
    true
}

/// Reports the `Unreleased` section with entries as the release's write-up to be renamed, with
/// a certain fix where the heading is plain.
fn report_unreleased(
    changelog: &Changelog,
    section: &Heading,
    version: &Version,
    message: String,
    sink: &mut Sink<'_>,
) {
    let release = release_of(version);
    let rename = plain_unreleased(&changelog.text, section);
    let mut help = match &rename {
        Some(rename) => format!(
            "rename `{}` to `{release}` (line {})",
            rename.word, section.line
        ),
        None => format!(
            "rename `{}` (line {}) to a heading for {version}",
            section.text, section.line
        ),
    };
    if let Some(line) = unreleased_link_definition(&changelog.text) {
        help.push_str(&format!(
            "; the `[{}]:` link at line {line} is left as it is: give `{release}` one of its own",
            rename.as_ref().map_or("Unreleased", |r| r.word)
        ));
    }
    let mut location = Location::at_line(changelog.file.clone(), section.line, 1);
    if let Some(rename) = &rename {
        location.span = Some(rename.span.clone());
        location.column = changelog.text[..rename.span.start]
            .rsplit('\n')
            .next()
            .map_or(1, |before| before.chars().count() + 1);
    }
    let finding = sink.report_at(
        &CHANGELOG_VERSION_MISSING,
        message,
        help,
        Some(location.clone()),
    );
    // A workspace's changelog names each member in its headings: a bare version would not.
    let certain = !changelog.from_workspace_root || changelog.for_sole_member;
    // A file that is not valid UTF-8 was read with replacements: its offsets are not the file's.
    let faithful = !changelog.text.contains(char::REPLACEMENT_CHARACTER);
    if rename.is_some() {
        finding.suggest(Suggestion {
            location,
            field: Some(format!("line {}", section.line)),
            replacement: release.to_string(),
            certain: certain && faithful,
        });
    }
}

/// The word of a plain `Unreleased` heading (`## Unreleased`, `## [Unreleased]`) and where it
/// is: renaming it to the version names the release and keeps the rest of the heading.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UnreleasedWord<'t> {
    /// The word as written.
    word: &'t str,
    /// Its byte range in the changelog.
    span: std::ops::Range<usize>,
}

/// The word `Unreleased` of a section heading written as nothing but it, `#` marks and perhaps
/// brackets; `None` for any other heading (`Unreleased - ReleaseDate`, setext, a version in it).
fn plain_unreleased<'t>(text: &'t str, section: &Heading) -> Option<UnreleasedWord<'t>> {
    if section.level == 0 {
        return None;
    }
    let start = changelog::line_start(text, section.line)?;
    let line = text[start..].lines().next()?;
    let bare = section
        .text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(&section.text);
    if !bare.eq_ignore_ascii_case("unreleased") {
        return None;
    }
    let at = line.find(bare)?;
    let span = start + at..start + at + bare.len();
    Some(UnreleasedWord {
        word: &text[span.clone()],
        span,
    })
}

/// The line of a link reference definition for `[Unreleased]` (`[Unreleased]: https://...`).
fn unreleased_link_definition(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .get(..13)
                .is_some_and(|head| head.eq_ignore_ascii_case("[unreleased]:"))
        })
        .map(|i| i + 1)
}

/// Whether `text` names crate `name` as a word (`regex-syntax 0.8.2`, not `regex` in it).
fn names_crate(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        let before = text[..at].chars().next_back().is_none_or(|c| !word(c));
        let mut after = text[at + name.len()..].chars();
        let after_ok = match after.next() {
            None => true,
            Some('-') => after.next().is_none_or(|c| c == 'v' || c.is_ascii_digit()),
            Some(c) => !word(c),
        };
        before && after_ok
    })
}

/// Whether the changelog, before its first versioned heading, says it is no longer kept or
/// sends readers to a releases page (`https://github.com/o/n/releases`) or the commit log: its
/// version headings are then old notes, not the log. Entries (list items) do not say it.
fn no_longer_kept(text: &str, first_versioned: &Heading) -> bool {
    text.lines()
        .take(first_versioned.line.saturating_sub(1))
        .any(|line| {
            let entry = ["- ", "* ", "+ "]
                .iter()
                .any(|m| line.trim_start().starts_with(m));
            line.contains("/releases") || (!entry && changelog::says_no_longer_kept(line))
        })
}

/// Whether a heading names a version the way `names` tells: anywhere in a marked heading, in
/// the first words of a line that only starts like one.
fn is_versioned(heading: &Heading, names: impl Fn(&str) -> bool) -> bool {
    if heading.marked {
        return names(&heading.text);
    }
    if !changelog::starts_with_version(&heading.text) {
        return false;
    }
    let start: Vec<&str> = heading.text.split_whitespace().take(3).collect();
    names(&start.join(" "))
}

fn file_name(changelog: &Changelog) -> String {
    let name = changelog
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if changelog.from_workspace_root {
        format!("the workspace's {name}")
    } else {
        name
    }
}

/// A heading for `version` in the style of `newest`: its text up to the end of its version,
/// with the new version in place.
fn suggested_heading(newest: &Heading, version: &Version) -> String {
    let text = &newest.text;
    let digits = text
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(text.len());
    let end = text[digits..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'))
        .map_or(text.len(), |at| digits + at);
    let closing = if text[end..].starts_with(']') {
        "]"
    } else {
        ""
    };
    let marks = "#".repeat(newest.level);
    let space = if marks.is_empty() { "" } else { " " };
    format!("{marks}{space}{}{version}{closing}", &text[..digits])
}

/// A requirement that accepts `version` as users write them: `1.2` for 1.2.x, `0.4` for
/// 0.4.x, `0.0.3` for 0.0.3.
fn suggested_requirement(version: &Version) -> String {
    if version.major == 0 && version.minor == 0 {
        version.to_string()
    } else if version.patch == 0 {
        format!("{}.{}", version.major, version.minor)
    } else {
        format!("{}.{}.{}", version.major, version.minor, version.patch)
    }
}

/// A README line telling users which version of the crate to depend on.
#[derive(Debug, Clone, PartialEq)]
pub struct DependencyLine {
    /// The 1-based line in the README.
    pub line: usize,
    /// The 1-based column where the line's text starts.
    pub column: usize,
    /// The line as written, trimmed.
    pub text: String,
    /// The requirement it writes.
    pub requirement: VersionReq,
}

/// The lines of a README that depend on the crate `name`: `name = "..."` or
/// `name = { version = "..." }` in a code block that is not Rust (anywhere in a plain-text
/// README), and `cargo add name@...` anywhere.
pub fn dependency_lines(text: &str, markdown: bool, name: &str) -> Vec<DependencyLine> {
    let spellings = [
        name.to_string(),
        name.replace('-', "_"),
        name.replace('_', "-"),
    ];
    let mut found = Vec::new();
    let mut fence: Option<(String, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        let in_toml = match &fence {
            Some((marker, _)) if trimmed.starts_with(marker.as_str()) => {
                fence = None;
                continue;
            }
            Some((_, rust)) => !rust,
            None => {
                if let Some(marker) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
                    let info = trimmed.trim_start_matches(marker.chars().next().unwrap_or('`'));
                    let language = info.split([',', ' ']).next().unwrap_or("").trim();
                    let rust = matches!(language, "rust" | "rs") || language.starts_with("rust");
                    fence = Some((marker.to_string(), rust));
                    continue;
                }
                !markdown
            }
        };
        let column = line.len() - line.trim_start().len() + 1;
        let requirement = in_toml
            .then(|| toml_requirement(trimmed, &spellings))
            .flatten()
            .or_else(|| cargo_add_requirement(trimmed, &spellings));
        if let Some(requirement) = requirement
            && let Ok(parsed) = VersionReq::parse(&requirement)
        {
            found.push(DependencyLine {
                line: i + 1,
                column,
                text: trimmed.to_string(),
                requirement: parsed,
            });
        }
    }
    found
}

/// The requirement of `name = "req"` or `name = { version = "req", ... }`.
fn toml_requirement(line: &str, spellings: &[String]) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    if !spellings.iter().any(|s| s == key) {
        return None;
    }
    let value = value.trim();
    if let Some(quoted) = value.strip_prefix('"') {
        return quoted.split_once('"').map(|(req, _)| req.to_string());
    }
    let table = value.strip_prefix('{')?;
    let at = table.find("version")?;
    let after = table[at + "version".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let quoted = after.trim_start().strip_prefix('"')?;
    quoted.split_once('"').map(|(req, _)| req.to_string())
}

/// The requirement of `cargo add name@req` (among other crates, flags and backticks).
fn cargo_add_requirement(line: &str, spellings: &[String]) -> Option<String> {
    let (_, rest) = line.split_once("cargo add ")?;
    rest.split(|c: char| c.is_whitespace() || c == '`')
        .take_while(|word| !matches!(*word, "&&" | ";" | "|"))
        .filter_map(|word| word.split_once('@'))
        .find(|(crate_name, _)| spellings.iter().any(|s| s == crate_name))
        .map(|(_, req)| req.trim_matches(['"', '\'']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requirements(text: &str) -> Vec<(usize, String)> {
        dependency_lines(text, true, "my-crate")
            .into_iter()
            .map(|l| (l.line, l.requirement.to_string()))
            .collect()
    }

    #[test]
    fn dependency_lines_in_code_blocks_and_cargo_add() {
        let readme = "# my-crate\n\nmy-crate = \"0.1\" outside a block is prose\n\n```toml\n\
[dependencies]\nmy-crate = \"0.3\"\nmy_crate = { version = \"0.3.1\", features = [\"x\"] }\n\
other = \"1\"\nmy-crate = { path = \"../my-crate\" }\n```\n\n```rust\nmy_crate = \"not toml\";\n```\n\n\
Or run `cargo add my-crate@0.3 --features x`.\n\n```sh\ncargo add serde my-crate@=0.3.2\n```\n";
        assert_eq!(
            requirements(readme),
            [
                (7, "^0.3".to_string()),
                (8, "^0.3.1".to_string()),
                (17, "^0.3".to_string()),
                (20, "=0.3.2".to_string()),
            ]
        );
        assert_eq!(
            dependency_lines("my-crate = \"2\"\n", false, "my-crate").len(),
            1,
            "a plain-text README has no code blocks"
        );
    }

    #[test]
    fn headings_suggested_in_the_changelogs_style() {
        let v = Version::parse("1.3.0").unwrap();
        let heading = |text: &str, level| Heading {
            line: 1,
            text: text.to_string(),
            marked: true,
            level,
        };
        assert_eq!(
            suggested_heading(&heading("[1.2.0] - 2024-05-01", 2), &v),
            "## [1.3.0]"
        );
        assert_eq!(suggested_heading(&heading("v1.2.0", 3), &v), "### v1.3.0");
        assert_eq!(
            suggested_heading(&heading("my-crate 1.2.0 (2024)", 1), &v),
            "# my-crate 1.3.0"
        );
        assert_eq!(suggested_heading(&heading("1.2.0 (2024)", 0), &v), "1.3.0");
    }

    #[test]
    fn a_crate_named_as_a_word() {
        assert!(names_crate("regex-syntax 0.8.2 (2023)", "regex-syntax"));
        assert!(names_crate(
            "signal-hook-registry-1.4.5",
            "signal-hook-registry"
        ));
        assert!(names_crate("grep-v0.3.0", "grep"));
        assert!(!names_crate("regex-syntax 0.8.2", "regex"));
        assert!(!names_crate("1.13.1 (2026-07-15)", "regex-lite"));
    }

    #[test]
    fn requirements_users_write() {
        let v = |s: &str| Version::parse(s).unwrap();
        assert_eq!(suggested_requirement(&v("1.2.0")), "1.2");
        assert_eq!(suggested_requirement(&v("0.4.2")), "0.4.2");
        assert_eq!(suggested_requirement(&v("0.0.3")), "0.0.3");
    }
}
