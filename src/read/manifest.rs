//! One Cargo.toml as text, parsed with spans, so findings can point at the exact key.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use toml_edit::{Document, Item, TableLike};

use crate::error::Error;
use crate::model::Location;

/// The docs.rs settings that name target triples.
pub const DOCS_RS_TARGET_KEYS: [&str; 3] = ["targets", "additional-targets", "default-target"];

/// A parsed Cargo.toml that remembers where every key and value is.
#[derive(Debug)]
pub struct Manifest {
    /// Absolute path of the file.
    pub path: PathBuf,
    /// The file's text.
    pub text: Arc<str>,
    doc: Document<String>,
    /// The spans of the `[table]` and `[[array]]` headers, found once asked.
    headers: OnceLock<Vec<Range<usize>>>,
}

impl Manifest {
    /// Reads and parses a manifest; a missing, non-UTF-8 or malformed file is an [`Error`].
    pub fn load(path: &Path) -> Result<Manifest, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            action: "read",
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        Manifest::parse(path.to_path_buf(), text)
    }

    /// Parses manifest text that was read elsewhere.
    pub fn parse(path: PathBuf, text: String) -> Result<Manifest, Error> {
        let doc = Document::parse(text.clone()).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_column(&text, span.start));
            Error::MalformedManifest {
                path: path.clone(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        Ok(Manifest {
            path,
            text: Arc::from(text),
            doc,
            headers: OnceLock::new(),
        })
    }

    /// The item at a key path, trying `_` for `-` in each key as cargo does for legacy names.
    pub fn get(&self, keys: &[&str]) -> Option<&Item> {
        let mut item = self.doc.as_item();
        for key in keys {
            let (_, next) = key_value(item.as_table_like()?, key)?;
            item = next;
        }
        Some(item)
    }

    /// The string value at a key path, when it is one.
    pub fn get_str(&self, keys: &[&str]) -> Option<&str> {
        self.get(keys)?.as_str()
    }

    /// The strings of the array at a key path (none when it is missing or not an array).
    pub fn string_array(&self, keys: &[&str]) -> Vec<String> {
        self.get(keys)
            .and_then(Item::as_array)
            .map(|array| {
                array
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The strings of a `[package]` array such as `include`, read from `[workspace.package]` of
    /// `root` when the package inherits it.
    pub fn package_strings(&self, root: &Manifest, key: &str) -> Vec<String> {
        if self.is_inherited(&["package", key]) {
            root.string_array(&["workspace", "package", key])
        } else {
            self.string_array(&["package", key])
        }
    }

    /// Where docs.rs reads its settings under `section` (`package`, or `workspace` for the
    /// table it does not read): `[section.metadata.docs.rs]`, else the quoted
    /// `[section.metadata."docs.rs"]`; `None` when neither is a table.
    pub fn docs_rs_table<'s>(&self, section: &'s str) -> Option<Vec<&'s str>> {
        let plain = vec![section, "metadata", "docs", "rs"];
        let quoted = vec![section, "metadata", "docs.rs"];
        [plain, quoted]
            .into_iter()
            .find(|keys| self.get(keys).is_some_and(Item::is_table_like))
    }

    /// Whether the package's docs.rs table names target triples (`targets`,
    /// `additional-targets` or `default-target`).
    pub fn docs_rs_names_targets(&self) -> bool {
        self.docs_rs_table("package").is_some_and(|mut keys| {
            DOCS_RS_TARGET_KEYS.iter().any(|key| {
                keys.push(key);
                let named = self.get(&keys).is_some();
                keys.pop();
                named
            })
        })
    }

    /// Whether the value at a key path is inherited from the workspace (`key.workspace = true`).
    pub fn is_inherited(&self, keys: &[&str]) -> bool {
        self.get(keys)
            .and_then(Item::as_table_like)
            .and_then(|t| t.get("workspace"))
            .and_then(Item::as_bool)
            == Some(true)
    }

    /// Points at the value of a key path (or one array element of it).
    ///
    /// When the key is missing, it points at the deepest table that exists, so a missing
    /// `package.description` points at `[package]`.
    pub fn locate(&self, keys: &[&str], element: Option<usize>) -> Location {
        let span = self.span_of(keys, element).unwrap_or(0..0);
        self.location_of(span)
    }

    /// Points at a key itself rather than its value (for configuration entries).
    pub fn locate_key(&self, keys: &[&str]) -> Location {
        let (last, parents) = keys.split_last().unwrap_or((&"", &[]));
        let span = self
            .get(parents)
            .and_then(Item::as_table_like)
            .and_then(|table| key_value(table, last))
            .and_then(|(span, _)| span)
            .or_else(|| self.span_of(parents, None))
            .unwrap_or(0..0);
        self.location_of(span)
    }

    /// The byte range of the value at a key path, when the key is written with a value (not a
    /// table, and not missing).
    pub fn value_span(&self, keys: &[&str]) -> Option<Range<usize>> {
        value_span(self.get(keys)?)
    }

    /// The header of the table holding `span`, when it starts on an earlier line and is not
    /// `[package]`, which every package key is in and so says nothing.
    pub fn enclosing_header(&self, span: &Range<usize>) -> Option<Range<usize>> {
        let headers = self.headers.get_or_init(|| {
            let mut headers = Vec::new();
            collect_headers(self.doc.as_table(), &mut headers);
            headers
        });
        let header = headers
            .iter()
            .filter(|header| header.start <= span.start)
            .max_by_key(|header| header.start)
            .cloned()?;
        let between = self.text.get(header.end.min(span.start)..span.start)?;
        let name = self.text.get(header.clone())?;
        (between.contains('\n') && name != "[package]").then_some(header)
    }

    /// Where a new line can be written at the end of the table at `keys`: the end of the line
    /// holding its last value (or its header, when it has none). `None` when the table is not
    /// written as a `[table]` of its own.
    pub fn end_of_table(&self, keys: &[&str]) -> Option<usize> {
        let Item::Table(table) = self.get(keys)? else {
            return None;
        };
        if table.is_implicit() || table.is_dotted() {
            return None;
        }
        let header = table.span()?;
        let last_value = table
            .iter()
            .filter_map(|(_, item)| match item {
                Item::Value(value) => value.span(),
                _ => None,
            })
            .map(|span| span.end)
            .max();
        let after = last_value.unwrap_or(header.end).max(header.end);
        Some(
            self.text[after..]
                .find('\n')
                .map_or(self.text.len(), |newline| after + newline),
        )
    }

    /// A location for a byte range of this file.
    pub fn location_of(&self, span: Range<usize>) -> Location {
        let (line, column) = line_column(&self.text, span.start);
        Location {
            file: self.path.clone(),
            line,
            column,
            span: Some(span),
        }
    }

    fn span_of(&self, keys: &[&str], element: Option<usize>) -> Option<Range<usize>> {
        let mut item = self.doc.as_item();
        let mut best: Option<Range<usize>> = None;
        for (depth, key) in keys.iter().enumerate() {
            let Some(table) = item.as_table_like() else {
                break;
            };
            let Some((key_span, next)) = key_value(table, key) else {
                break;
            };
            let last = depth + 1 == keys.len();
            best = if last {
                element_span(next, element)
                    .or_else(|| value_span(next))
                    .or_else(|| header_span(next))
                    .or(key_span)
                    .or(best)
            } else {
                header_span(next).or(key_span).or(best)
            };
            item = next;
        }
        best
    }
}

fn key_value<'t>(table: &'t dyn TableLike, key: &str) -> Option<(Option<Range<usize>>, &'t Item)> {
    let found = table.get_key_value(key).or_else(|| {
        key.contains('-')
            .then(|| table.get_key_value(&key.replace('-', "_")))
            .flatten()
    })?;
    Some((found.0.span(), found.1))
}

fn element_span(item: &Item, element: Option<usize>) -> Option<Range<usize>> {
    item.as_array()?.get(element?)?.span()
}

fn value_span(item: &Item) -> Option<Range<usize>> {
    match item {
        Item::Value(value) => value.span(),
        _ => None,
    }
}

fn collect_headers(table: &toml_edit::Table, spans: &mut Vec<Range<usize>>) {
    for (_, item) in table.iter() {
        match item {
            Item::Table(table) => {
                if !table.is_implicit() && !table.is_dotted() {
                    spans.extend(table.span());
                }
                collect_headers(table, spans);
            }
            Item::ArrayOfTables(tables) => {
                for table in tables.iter() {
                    spans.extend(table.span());
                    collect_headers(table, spans);
                }
            }
            Item::None | Item::Value(_) => {}
        }
    }
}

fn header_span(item: &Item) -> Option<Range<usize>> {
    match item {
        Item::Table(table) if !table.is_implicit() && !table.is_dotted() => table.span(),
        _ => None,
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(text: &str) -> Manifest {
        Manifest::parse(PathBuf::from("/x/Cargo.toml"), text.to_string()).unwrap()
    }

    #[test]
    fn locates_value_element_and_missing_key() {
        let m = manifest(
            "[package]\nname = \"a\"\nkeywords = [\"one\", \"two\"]\n\n[dependencies]\nserde = \"*\"\n",
        );
        let kw = m.locate(&["package", "keywords"], Some(1));
        assert_eq!((kw.line, kw.column), (3, 20));
        let whole = m.locate(&["package", "keywords"], None);
        assert_eq!((whole.line, whole.column), (3, 12));
        let missing = m.locate(&["package", "description"], None);
        assert_eq!((missing.line, missing.column), (1, 1));
        let dep = m.locate(&["dependencies", "serde"], None);
        assert_eq!((dep.line, dep.column), (6, 9));
    }

    #[test]
    fn inherited_key_points_at_member_key() {
        let m = manifest("[package]\nname = \"a\"\nkeywords.workspace = true\n");
        assert!(m.is_inherited(&["package", "keywords"]));
        let loc = m.locate(&["package", "keywords"], None);
        assert_eq!((loc.line, loc.column), (3, 1));
    }

    #[test]
    fn legacy_underscore_table_names_are_found() {
        let m = manifest("[package]\nname = \"a\"\n[dev_dependencies]\nx = \"1\"\n");
        assert!(m.get(&["dev-dependencies", "x"]).is_some());
    }

    #[test]
    fn malformed_toml_names_line_and_column() {
        let err = Manifest::parse(
            PathBuf::from("/x/Cargo.toml"),
            "[package\nname = 1\n".into(),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/x/Cargo.toml:1:"), "{text}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_column("é = 1\nab", 7), (2, 1));
        assert_eq!(line_column("aé b", 4), (1, 4));
    }
}
