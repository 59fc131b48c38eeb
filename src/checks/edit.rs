//! Edits to a manifest value, made as suggestions: the checks that know a certain fix describe
//! it here as a replacement of a span, and `--fix` applies it without knowing any field.
//!
//! A value is re-parsed on its own from the manifest's text and rewritten with `toml_edit`, so
//! the comments and layout inside an array are kept.

use std::collections::BTreeSet;

use toml_edit::{Array, Value};

use crate::model::Suggestion;
use crate::read::manifest::Manifest;

/// Replaces the string at `keys` with `text`, written as a TOML string.
pub fn replace_string(manifest: &Manifest, keys: &[&str], text: &str) -> Option<Suggestion> {
    let span = manifest.value_span(keys)?;
    manifest.get_str(keys)?;
    Some(certain(manifest, keys, span, Value::from(text).to_string()))
}

/// Rewrites each string of the array at `keys` that `fixed` has an answer for, then drops the
/// repeats (compared lowercased, as crates.io compares keywords), keeping the first. `None`
/// when nothing changes.
pub fn rewrite_array(
    manifest: &Manifest,
    keys: &[&str],
    fixed: impl Fn(&str) -> Option<String>,
) -> Option<Suggestion> {
    let span = manifest.value_span(keys)?;
    let mut value: Value = manifest.text.get(span.clone())?.parse().ok()?;
    let array = value.as_array_mut()?;
    let mut changed = false;
    for element in array.iter_mut() {
        if let Some(new) = element.as_str().and_then(&fixed) {
            replace_keeping_decor(element, &new);
            changed = true;
        }
    }
    changed |= drop_repeats(array);
    changed.then(|| certain(manifest, keys, span, value.to_string()))
}

/// Adds `entries` (those not there yet) to the end of the array at `keys`.
pub fn extend_array(manifest: &Manifest, keys: &[&str], entries: &[String]) -> Option<Suggestion> {
    let span = manifest.value_span(keys)?;
    let mut value: Value = manifest.text.get(span.clone())?.parse().ok()?;
    let array = value.as_array_mut()?;
    let present: BTreeSet<String> = array
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let mut changed = false;
    for entry in entries.iter().filter(|e| !present.contains(*e)) {
        array.push(entry.as_str());
        changed = true;
    }
    changed.then(|| certain(manifest, keys, span, value.to_string()))
}

/// Writes `key = [entries]` as a new line at the end of the table at `table`.
pub fn add_array(
    manifest: &Manifest,
    table: &[&str],
    key: &str,
    entries: &[String],
) -> Option<Suggestion> {
    let at = manifest.end_of_table(table)?;
    let array: Array = entries.iter().map(String::as_str).collect();
    let mut keys = table.to_vec();
    keys.push(key);
    Some(certain(
        manifest,
        &keys,
        at..at,
        format!("\n{key} = {array}"),
    ))
}

/// Renames the key at `keys` (the last one) to `name`, keeping its value.
pub fn rename_key(manifest: &Manifest, keys: &[&str], name: &str) -> Option<Suggestion> {
    let location = manifest.locate_key(keys);
    let span = location.span.clone()?;
    let written = manifest.text.get(span.clone())?;
    let last = keys.last()?;
    (written.trim_matches(['"', '\'']) == *last).then(|| {
        certain(
            manifest,
            keys,
            span,
            toml_edit::Key::new(name).display_repr().to_string(),
        )
    })
}

/// Removes `key` from the dependency entry at `entry`: from its inline table (`{ path = "..",
/// version = ".." }`), or its line in a `[dependencies.name]` table. `None` when the entry does
/// not have the key written in it.
pub fn remove_from_entry(manifest: &Manifest, entry: &[&str], key: &str) -> Option<Suggestion> {
    let mut keys = entry.to_vec();
    keys.push(key);
    manifest.value_span(&keys)?;
    if let Some(span) = manifest.value_span(entry) {
        let mut value: Value = manifest.text.get(span.clone())?.parse().ok()?;
        let table = value.as_inline_table_mut()?;
        table.remove(key)?;
        table.fmt();
        let written = value.to_string();
        return Some(certain(manifest, &keys, span, written.trim().to_string()));
    }
    let key_at = manifest.locate_key(&keys).span?;
    let value_end = manifest.value_span(&keys)?.end;
    let line_start = manifest.text[..key_at.start]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    let line_end = manifest.text[value_end..]
        .find('\n')
        .map_or(manifest.text.len(), |n| value_end + n + 1);
    Some(certain(
        manifest,
        &keys,
        line_start..line_end,
        String::new(),
    ))
}

fn certain(
    manifest: &Manifest,
    keys: &[&str],
    span: std::ops::Range<usize>,
    replacement: String,
) -> Suggestion {
    Suggestion {
        location: manifest.location_of(span),
        field: Some(keys.join(".")),
        replacement,
        certain: true,
    }
}

fn drop_repeats(array: &mut Array) -> bool {
    let mut seen = BTreeSet::new();
    let mut changed = false;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn manifest(text: &str) -> Manifest {
        Manifest::parse(PathBuf::from("/p/Cargo.toml"), text.to_string()).unwrap()
    }

    fn applied(text: &str, suggestion: &Suggestion) -> String {
        let span = suggestion.location.span.clone().unwrap();
        format!(
            "{}{}{}",
            &text[..span.start],
            suggestion.replacement,
            &text[span.end..]
        )
    }

    #[test]
    fn a_key_leaves_a_dependency_entry_inline_or_as_a_line() {
        let text = "[dev-dependencies]\ntracing = { path = \"../tracing\", version = \"0.1.35\", features = [\"std\"] }\n\n[dev-dependencies.log]\npath = \"../log\"\nversion = \"0.4\" # pinned\ndefault-features = false\n";
        let m = manifest(text);
        let inline = remove_from_entry(&m, &["dev-dependencies", "tracing"], "version").unwrap();
        assert_eq!(
            applied(text, &inline),
            text.replace(", version = \"0.1.35\"", "")
        );
        assert_eq!(
            inline.field.as_deref(),
            Some("dev-dependencies.tracing.version")
        );
        let table = remove_from_entry(&m, &["dev-dependencies", "log"], "version").unwrap();
        assert_eq!(
            applied(text, &table),
            text.replace("version = \"0.4\" # pinned\n", "")
        );
        assert!(remove_from_entry(&m, &["dev-dependencies", "log"], "git").is_none());
        let last = "[dev-dependencies]\nx = { path = \"../x\", version = \"1\" }\n";
        let removed_last =
            remove_from_entry(&manifest(last), &["dev-dependencies", "x"], "version");
        assert_eq!(
            applied(last, &removed_last.unwrap()),
            "[dev-dependencies]\nx = { path = \"../x\" }\n"
        );
        let plain = manifest("[dev-dependencies]\nlog = \"0.4\"\n");
        assert!(remove_from_entry(&plain, &["dev-dependencies", "log"], "version").is_none());
    }

    #[test]
    fn an_array_keeps_its_comments_and_loses_its_repeats() {
        let text = "[package]\ncategories = [\n  \"Games\", # fun\n  \"command-line-tools\",\n  \"games\",\n  \"cli\",\n]\n";
        let m = manifest(text);
        let fixed = |c: &str| match c {
            "Games" => Some("games".to_string()),
            "command-line-tools" => Some("command-line-utilities".to_string()),
            _ => None,
        };
        let suggestion = rewrite_array(&m, &["package", "categories"], fixed).unwrap();
        assert_eq!(
            applied(text, &suggestion),
            "[package]\ncategories = [\n  \"games\", # fun\n  \"command-line-utilities\",\n  \"cli\",\n]\n"
        );
        assert_eq!(suggestion.field.as_deref(), Some("package.categories"));
        assert!(suggestion.certain);
        assert!(rewrite_array(&m, &["package", "categories"], |_| None).is_some());
        let clean = manifest("[package]\nkeywords = [\"a\", \"b\"]\n");
        assert!(rewrite_array(&clean, &["package", "keywords"], |_| None).is_none());
    }

    #[test]
    fn strings_are_replaced_and_arrays_extended_or_added() {
        let text = "[package]\nlicense = \"mit\" # ours\nexclude = [\"/a\"]\n";
        let m = manifest(text);
        let license = replace_string(&m, &["package", "license"], "MIT").unwrap();
        assert_eq!(
            applied(text, &license),
            "[package]\nlicense = \"MIT\" # ours\nexclude = [\"/a\"]\n"
        );
        let more = extend_array(
            &m,
            &["package", "exclude"],
            &["/a".to_string(), "*.swp".to_string()],
        )
        .unwrap();
        assert_eq!(
            applied(text, &more),
            "[package]\nlicense = \"mit\" # ours\nexclude = [\"/a\", \"*.swp\"]\n"
        );

        let text = "[package]\nname = \"a\" # the name\n\n[dependencies]\n";
        let m = manifest(text);
        let added = add_array(&m, &["package"], "exclude", &["*~".to_string()]).unwrap();
        assert_eq!(
            applied(text, &added),
            "[package]\nname = \"a\" # the name\nexclude = [\"*~\"]\n\n[dependencies]\n"
        );
        assert_eq!(added.field.as_deref(), Some("package.exclude"));
    }
}
