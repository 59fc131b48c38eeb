//! `--fix`: applies the fixes that are certain to Cargo.toml, keeping its formatting and comments.
//!
//! Only rewrites that keep the author's meaning are made: license spelling and operators,
//! category case and a clearly closest slug, keyword normalisation and repeats. Anything
//! ambiguous is left for the findings' help text. For an inherited field the edit goes where
//! the value is defined, `[workspace.package]`. No file other than a Cargo.toml is written.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use toml_edit::{Array, DocumentMut, Value};

use crate::checks::{categories, keywords, license};
use crate::error::Error;
use crate::manifest::Manifest;

/// One change `--fix` made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedFix {
    /// The Cargo.toml that was edited.
    pub file: PathBuf,
    /// The key that changed, e.g. `package.license` or `workspace.package.keywords`.
    pub field: String,
    /// The value before, as TOML.
    pub from: String,
    /// The value after, as TOML.
    pub to: String,
}

/// The fields `--fix` knows how to repair.
const FIELDS: [&str; 3] = ["license", "categories", "keywords"];

/// Applies the certain fixes to the packages whose manifests are given; `workspace_root` takes
/// the fixes of inherited fields. `allow_dirty` lets it edit a Cargo.toml that has uncommitted
/// changes (or is not under git), as with `cargo fix`.
pub fn fix_manifests(
    manifests: &[&Manifest],
    workspace_root: &Manifest,
    allow_dirty: bool,
) -> Result<Vec<AppliedFix>, Error> {
    let mut targets: BTreeMap<&Path, (&Manifest, BTreeSet<Vec<&'static str>>)> = BTreeMap::new();
    for manifest in manifests {
        for field in FIELDS {
            let (target, keys) = if manifest.is_inherited(&["package", field]) {
                (workspace_root, vec!["workspace", "package", field])
            } else {
                (*manifest, vec!["package", field])
            };
            let entry = targets
                .entry(&target.path)
                .or_insert_with(|| (target, BTreeSet::new()));
            entry.1.insert(keys);
        }
    }

    let mut planned = Vec::new();
    for (file, (manifest, fields)) in targets {
        let mut doc: DocumentMut =
            manifest
                .text
                .parse()
                .map_err(|e: toml_edit::TomlError| Error::MalformedManifest {
                    path: file.to_path_buf(),
                    line: 1,
                    column: 1,
                    message: e.to_string(),
                })?;
        let mut changes = Vec::new();
        for keys in fields {
            if let Some(change) = fix_field(&mut doc, &keys) {
                changes.push(AppliedFix {
                    file: file.to_path_buf(),
                    field: keys.join("."),
                    from: change.0,
                    to: change.1,
                });
            }
        }
        if !changes.is_empty() {
            planned.push((file, doc.to_string(), changes));
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

/// Fixes one field in the document; returns the value before and after when it changed.
fn fix_field(doc: &mut DocumentMut, keys: &[&str]) -> Option<(String, String)> {
    let (last, parents) = keys.split_last()?;
    let mut table = doc.as_table_mut() as &mut dyn toml_edit::TableLike;
    for key in parents {
        table = table.get_mut(key)?.as_table_like_mut()?;
    }
    let value = table.get_mut(last)?.as_value_mut()?;
    let before = bare(value);
    let changed = match *last {
        "license" => fix_license(value),
        "categories" => fix_list(value.as_array_mut()?, fixed_category),
        "keywords" => fix_list(value.as_array_mut()?, fixed_keyword),
        _ => false,
    };
    changed.then(|| (before, bare(value)))
}

/// The value as TOML, without the comments and spacing around it.
fn bare(value: &Value) -> String {
    let mut value = value.clone();
    value.decor_mut().clear();
    value.to_string()
}

fn fix_license(value: &mut Value) -> bool {
    let Some(modern) = value.as_str().and_then(license::modern_expression) else {
        return false;
    };
    replace_keeping_decor(value, &modern);
    true
}

fn fixed_category(category: &str) -> Option<String> {
    if categories::is_known(category) {
        return None;
    }
    categories::unique_certain_category(category)
        .or_else(|| categories::closest_category(category))
        .map(str::to_string)
}

fn fixed_keyword(keyword: &str) -> Option<String> {
    let normal = keywords::normalize_keyword(keyword)?;
    (normal != keyword).then_some(normal)
}

/// Rewrites each string element that `fixed` has a certain answer for, then drops repeats
/// (compared lowercased, as crates.io stores them), keeping the first.
fn fix_list(array: &mut Array, fixed: fn(&str) -> Option<String>) -> bool {
    let mut changed = false;
    for element in array.iter_mut() {
        if let Some(new) = element.as_str().and_then(fixed) {
            replace_keeping_decor(element, &new);
            changed = true;
        }
    }
    let mut seen = BTreeSet::new();
    let mut index = 0;
    while index < array.len() {
        let repeat = array
            .get(index)
            .and_then(Value::as_str)
            .is_some_and(|s| !seen.insert(s.to_lowercase()));
        if repeat {
            array.remove(index);
            changed = true;
        } else {
            index += 1;
        }
    }
    changed
}

fn replace_keeping_decor(value: &mut Value, new: &str) {
    let decor = value.decor().clone();
    *value = Value::from(new);
    *value.decor_mut() = decor;
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

    fn fixed(text: &str, keys: &[&str]) -> (String, Option<(String, String)>) {
        let mut doc: DocumentMut = text.parse().unwrap();
        let change = fix_field(&mut doc, keys);
        (doc.to_string(), change)
    }

    #[test]
    fn license_spelling_and_operators_keep_comments() {
        let text = "[package]\nlicense = \"mit/Apache-2.0\" # dual\n";
        let (out, change) = fixed(text, &["package", "license"]);
        assert_eq!(out, "[package]\nlicense = \"MIT OR Apache-2.0\" # dual\n");
        assert_eq!(
            change,
            Some(("\"mit/Apache-2.0\"".into(), "\"MIT OR Apache-2.0\"".into()))
        );
    }

    #[test]
    fn an_ambiguous_license_is_left_alone() {
        let text = "[package]\nlicense = \"GPL-3.0\"\n";
        assert_eq!(
            fixed(text, &["package", "license"]),
            (text.to_string(), None)
        );
    }

    #[test]
    fn categories_get_their_slug_and_repeats_go() {
        let text = "[package]\ncategories = [\n  \"Games\", # fun\n  \"command-line-tools\",\n  \"games\",\n  \"cli\",\n]\n";
        let (out, change) = fixed(text, &["package", "categories"]);
        assert_eq!(
            out,
            "[package]\ncategories = [\n  \"games\", # fun\n  \"command-line-utilities\",\n  \"cli\",\n]\n"
        );
        assert!(change.is_some());
    }

    #[test]
    fn keywords_are_normalised_and_deduplicated() {
        let text = "[workspace.package]\nkeywords = [\" Command Line \", \"Parser\", \"parser\", \"ok\"]\n";
        let (out, _) = fixed(text, &["workspace", "package", "keywords"]);
        assert_eq!(
            out,
            "[workspace.package]\nkeywords = [\"command-line\", \"parser\", \"ok\"]\n"
        );
    }

    #[test]
    fn a_keyword_with_no_certain_form_is_left_alone() {
        let text = "[package]\nkeywords = [\"this-keyword-is-far-too-long\"]\n";
        assert_eq!(fixed(text, &["package", "keywords"]).1, None);
    }

    #[test]
    fn inherited_or_missing_fields_are_not_touched_in_the_member() {
        let text = "[package]\nkeywords.workspace = true\n";
        assert_eq!(
            fixed(text, &["package", "keywords"]),
            (text.to_string(), None)
        );
        assert_eq!(fixed(text, &["package", "license"]).1, None);
    }
}
