//! `--fix`: applies a report's certain suggestions to the manifests (and changelogs) they
//! edit, keeping everything else in the file as it is.
//!
//! The checks decide what is certain (a license's SPDX spelling, a category's slug, the
//! `exclude` patterns that drop junk) and describe it as a replacement of a span; this module
//! knows no field. Only Cargo.toml files and changelogs (a heading renamed) are written, each
//! at once, never half.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::error::Error;
use crate::model::{AppliedFix, Suggestion};
use crate::read::changelog;
use crate::report::Report;

/// Applies the certain suggestions of the findings in `report`. `allow_dirty` lets it edit a
/// file that has uncommitted changes (or is not under git), as with `cargo fix`.
pub fn apply(report: &Report, allow_dirty: bool) -> Result<Vec<AppliedFix>, Error> {
    let mut planned = Vec::new();
    for (file, suggestions) in certain_suggestions(report) {
        let text = match report.sources.get(file) {
            Some(text) => text.to_string(),
            None => std::fs::read_to_string(file).map_err(|source| Error::Io {
                path: file.to_path_buf(),
                action: "read",
                source,
            })?,
        };
        let (edited, changes) = edit(file, &text, &suggestions);
        if !changes.is_empty() {
            planned.push((file, edited, changes));
        }
    }
    if !allow_dirty {
        for (file, _, _) in &planned {
            refuse_if_dirty(file)?;
        }
    }
    let mut applied = Vec::new();
    for (file, text, changes) in planned {
        write_in_place(file, &text)?;
        applied.extend(changes);
    }
    Ok(applied)
}

/// The certain suggestions of every finding, by the file they edit, each once: a Cargo.toml
/// or a changelog, never another file.
fn certain_suggestions(report: &Report) -> BTreeMap<&Path, Vec<&Suggestion>> {
    let mut by_file: BTreeMap<&Path, Vec<&Suggestion>> = BTreeMap::new();
    let suggestions = report
        .packages
        .iter()
        .flat_map(|p| &p.findings)
        .flat_map(|f| &f.suggestions)
        .filter(|s| s.certain && s.location.span.is_some())
        .filter(|s| s.location.file.file_name().is_some_and(fixable));
    for suggestion in suggestions {
        let list = by_file.entry(&suggestion.location.file).or_default();
        if !list.contains(&suggestion) {
            list.push(suggestion);
        }
    }
    by_file
}

/// Whether `--fix` may write a file of this name.
fn fixable(name: &std::ffi::OsStr) -> bool {
    name == "Cargo.toml" || changelog::rank(&name.to_string_lossy()).is_some()
}

/// `text` with the suggestions applied, from the last to the first; a suggestion overlapping
/// one before it is left out, so no edit lands inside another.
fn edit(file: &Path, text: &str, suggestions: &[&Suggestion]) -> (String, Vec<AppliedFix>) {
    let mut sorted: Vec<&Suggestion> = suggestions.to_vec();
    sorted.sort_by_key(|s| s.location.span.as_ref().map(|span| (span.start, span.end)));
    let mut kept: Vec<&Suggestion> = Vec::new();
    for suggestion in sorted {
        let span = suggestion.location.span.clone().unwrap_or(0..0);
        let inside = span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        let overlaps = kept.last().is_some_and(|previous| {
            let previous = previous.location.span.clone().unwrap_or(0..0);
            span.start < previous.end || (span.start == previous.start && span.is_empty())
        });
        if inside && !overlaps {
            kept.push(suggestion);
        }
    }
    let mut edited = text.to_string();
    let mut changes = Vec::new();
    for suggestion in kept.iter().rev() {
        let span = suggestion.location.span.clone().unwrap_or(0..0);
        changes.push(AppliedFix {
            file: file.to_path_buf(),
            field: suggestion.field.clone().unwrap_or_default(),
            from: text[span.clone()].to_string(),
            to: suggestion.replacement.trim().to_string(),
        });
        edited.replace_range(span, &suggestion.replacement);
    }
    changes.reverse();
    (edited, changes)
}

/// Refuses a file with uncommitted changes, or one that git does not track at all.
fn refuse_if_dirty(file: &Path) -> Result<(), Error> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = file.file_name().unwrap_or_default();
    let status = Command::new("git")
        .arg("status")
        .arg("--porcelain")
        .arg("--")
        .arg(name)
        .current_dir(dir)
        .output();
    let reason = match status {
        Ok(out) if out.status.success() && out.stdout.is_empty() => return Ok(()),
        Ok(out) if out.status.success() => "has uncommitted changes",
        _ => "is not in a git repository",
    };
    Err(Error::Usage(format!(
        "`{}` {reason}, and --fix edits it in place\nhelp: commit or stash the changes first, or pass `--allow-dirty` to fix it anyway",
        file.display()
    )))
}

/// Replaces a file's contents without a moment where it is half written.
fn write_in_place(file: &Path, text: &str) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: file.to_path_buf(),
        action: "write",
        source,
    };
    let dir = file.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    temp.write_all(text.as_bytes()).map_err(io)?;
    if let Ok(metadata) = std::fs::metadata(file) {
        temp.as_file()
            .set_permissions(metadata.permissions())
            .map_err(io)?;
    }
    temp.persist(file).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Location;
    use std::path::PathBuf;

    fn suggestion(span: std::ops::Range<usize>, replacement: &str) -> Suggestion {
        Suggestion {
            location: Location {
                file: PathBuf::from("/p/Cargo.toml"),
                line: 1,
                column: 1,
                span: Some(span),
            },
            field: Some("package.x".to_string()),
            replacement: replacement.to_string(),
            certain: true,
        }
    }

    #[test]
    fn edits_apply_from_the_end_and_record_what_changed() {
        let text = "a = \"mit\"\nb = [\"X\"]\n";
        let one = suggestion(4..9, "\"MIT\"");
        let two = suggestion(14..19, "[\"x\"]");
        let (edited, changes) = edit(Path::new("/p/Cargo.toml"), text, &[&two, &one]);
        assert_eq!(edited, "a = \"MIT\"\nb = [\"x\"]\n");
        let seen: Vec<_> = changes
            .iter()
            .map(|c| (c.from.as_str(), c.to.as_str()))
            .collect();
        assert_eq!(seen, [("\"mit\"", "\"MIT\""), ("[\"X\"]", "[\"x\"]")]);
    }

    #[test]
    fn overlapping_and_stale_edits_are_left_out() {
        let text = "a = \"mit\"\n";
        let whole = suggestion(4..9, "\"MIT\"");
        let inside = suggestion(5..8, "GPL");
        let stale = suggestion(40..50, "x");
        let (edited, changes) = edit(Path::new("/p/Cargo.toml"), text, &[&inside, &whole, &stale]);
        assert_eq!(edited, "a = \"MIT\"\n");
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn only_manifests_and_changelogs_are_written() {
        for (name, written) in [
            ("Cargo.toml", true),
            ("CHANGELOG.md", true),
            ("CHANGES", true),
            ("README.md", false),
            ("lib.rs", false),
            ("Cargo.lock", false),
        ] {
            assert_eq!(fixable(std::ffi::OsStr::new(name)), written, "{name}");
        }
    }

    #[test]
    fn an_insertion_records_the_line_it_adds() {
        let text = "[package]\nname = \"a\"\n";
        let add = suggestion(20..20, "\nexclude = [\"*~\"]");
        let (edited, changes) = edit(Path::new("/p/Cargo.toml"), text, &[&add]);
        assert_eq!(edited, "[package]\nname = \"a\"\nexclude = [\"*~\"]\n");
        assert_eq!(changes[0].from, "");
        assert_eq!(changes[0].to, "exclude = [\"*~\"]");
    }
}
