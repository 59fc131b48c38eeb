//! Build output, editor and OS files in the package, unless the package's own sources name
//! them (a test reading `test.json~` is testing backup files, not shipping one by accident).

use std::collections::BTreeSet;

use super::secrets::is_test_or_source;
use crate::checks::{PackageContext, Sink, Target, edit};
use crate::model::{Check, Level};
use crate::stage::contents::Entry;

/// Build output, editor and OS files.
pub static JUNK_FILE: Check = Check {
    name: "junk_file",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the package holds build output, editor or OS files",
    explain: "Object files, libraries, executables, `target/` directories, editor backups and \
swap files, `.DS_Store`, `Thumbs.db` and core dumps make the crate larger and are of no use to \
its users. A file that the package's sources name in a string literal (its path, its name, a \
glob or a directory holding it) is test data, not junk.\n\nFix: extend `exclude` in \
`[package]` with the patterns cargo-ready prints (`cargo ready --fix` does it).",
};

/// Why a file is junk, and the `exclude` pattern that would drop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Junk {
    /// The file.
    pub path: String,
    /// What it is.
    pub what: &'static str,
    /// An `exclude` pattern that drops it (and its kin).
    pub pattern: String,
}

/// How many junk files a message names before saying how many more.
const SHOWN: usize = 8;

/// One finding for the junk in a package, with the `exclude` patterns that drop it as a
/// certain suggestion; files the sources name are left alone.
pub fn report(
    ctx: &PackageContext<'_>,
    entries: &[Entry],
    literals: &BTreeSet<String>,
    has_build_script: bool,
    sink: &mut Sink<'_>,
) {
    let used: Vec<&str> = entries
        .iter()
        .map(|e| e.path.as_str())
        .filter(|path| named_in_sources(path, literals))
        .collect();
    let junk: Vec<Junk> = entries
        .iter()
        .filter(|e| !used.contains(&e.path.as_str()))
        .filter_map(|e| junk(e, entries, has_build_script))
        .map(|mut j| {
            if used.iter().any(|path| excludes(&j.pattern, path)) {
                j.pattern = format!("/{}", j.path);
            }
            j
        })
        .collect();
    if junk.is_empty() {
        return;
    }
    let named: Vec<String> = junk
        .iter()
        .map(|j| format!("`{}` ({})", j.path, j.what))
        .collect();
    let patterns: Vec<String> = junk
        .iter()
        .map(|j| j.pattern.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let listed = patterns
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let included = ctx.manifest.get(&["package", "include"]).is_some();
    let exclude = ctx.defined_at("exclude");
    let written = exclude
        .as_ref()
        .is_some_and(|(m, keys)| m.get(keys).is_some());
    let (help, suggestion) = if included {
        (
            "`include` is set, so `exclude` is ignored: narrow the `include` patterns so these files are not matched".to_string(),
            None,
        )
    } else if written {
        let (manifest, keys) = exclude.expect("written");
        (
            format!("extend `exclude` with {listed}"),
            edit::extend_array(manifest, &keys, &patterns),
        )
    } else {
        (
            format!("add to `[package]`: `exclude = [{listed}]`"),
            edit::add_array(ctx.manifest, &["package"], "exclude", &patterns),
        )
    };
    let finding = sink.report(
        &JUNK_FILE,
        Target::key(&["package", "exclude"]),
        format!(
            "the package holds {} file(s) users do not need: {}",
            junk.len(),
            super::listed(&named, SHOWN)
        ),
        help,
    );
    if let Some(suggestion) = suggestion {
        finding.suggest(suggestion);
    }
}

/// The string literals of Rust source text: the contents of `"..."` and raw `r#"..."#`
/// strings, escapes left as written.
pub fn string_literals(source: &str, into: &mut BTreeSet<String>) {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                match source[open + 1..].find(&close) {
                    Some(len) => {
                        into.insert(source[open + 1..open + 1 + len].to_string());
                        i = open + 1 + len + close.len();
                    }
                    None => break,
                }
            }
            b'"' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end] != b'"' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                if let Some(text) = source.get(start..end.min(bytes.len())) {
                    into.insert(text.to_string());
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
}

/// Whether a string literal names the packaged file `path`: its path, its name, a glob
/// matching it, or a directory (written with a `/`) holding it.
pub fn named_in_sources(path: &str, literals: &BTreeSet<String>) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    literals.iter().any(|literal| {
        let literal = literal.trim_start_matches("./");
        if literal.is_empty() {
            return false;
        }
        literal == path
            || literal == name
            || path.ends_with(&format!("/{literal}"))
            || (literal.contains('*')
                && glob::Pattern::new(literal).is_ok_and(|glob| {
                    glob.matches(path) || path.split('/').any(|_| glob.matches(name))
                }))
            || (literal.contains('/')
                && path.starts_with(&format!("{}/", literal.trim_end_matches('/'))))
    })
}

/// Whether a packaged path is under a test or fixture directory (`tests/`, `syntax-tests/`,
/// `fixtures/`, ...).
fn in_test_dir(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let dirs = lower.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    dirs.split('/')
        .any(|d| d.contains("test") || d.contains("fixture") || d == "testdata")
}

/// Whether an `exclude` pattern as cargo-ready writes them (`*.ext`, `*~`, `NAME`,
/// `/path`, `/dir/`) leaves out `path`.
fn excludes(pattern: &str, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    match pattern.strip_prefix('/') {
        Some(rooted) if rooted.ends_with('/') => path.starts_with(rooted),
        Some(rooted) => path == rooted,
        None => glob::Pattern::new(pattern).is_ok_and(|glob| glob.matches(name)),
    }
}

const BUILD_EXTENSIONS: &[&str] = &[
    "o", "obj", "a", "lib", "so", "dylib", "dll", "exe", "pdb", "rlib", "rmeta", "ilk", "exp",
];

/// Whether an entry is build output, an editor or OS file, or a core dump.
///
/// Prebuilt objects and libraries are not junk in a package with a build script (it may link
/// them, as `-sys` and `windows_*` crates do) nor in test data; backup-named files in test
/// directories are what the tests read.
pub fn junk(entry: &Entry, all: &[Entry], has_build_script: bool) -> Option<Junk> {
    let file = File::of(entry);
    let (what, pattern) = junk_directory(&file, all)
        .or_else(|| os_file(&file))
        .or_else(|| editor_file(&file))
        .or_else(|| core_dump(&file, entry))
        .or_else(|| build_output(&file, entry, has_build_script))?;
    Some(Junk {
        path: entry.path.clone(),
        what,
        pattern,
    })
}

/// A packaged path taken apart the ways the junk rules look at it.
struct File<'e> {
    path: &'e str,
    name: &'e str,
    lower: String,
    /// The extension, when the name has one (`.env` has none, `.env.bak` has `bak`).
    ext: Option<String>,
}

impl<'e> File<'e> {
    fn of(entry: &'e Entry) -> File<'e> {
        let path = entry.path.as_str();
        let name = path.rsplit('/').next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        let ext = lower
            .rsplit_once('.')
            .map(|(_, e)| e.to_string())
            .filter(|_| !lower.starts_with('.') || lower.matches('.').count() > 1);
        File {
            path,
            name,
            lower,
            ext,
        }
    }
}

type Found = (&'static str, String);

/// A `target` directory holding build output (not a module named `target`), or an editor's
/// or OS's directory.
fn junk_directory(file: &File<'_>, all: &[Entry]) -> Option<Found> {
    let dirs = file.path.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    let mut prefix = String::new();
    for component in dirs.split('/').filter(|c| !c.is_empty()) {
        prefix.push_str(component);
        prefix.push('/');
        if component == "target" && holds_build_output(all, &prefix) {
            return Some(("a build output directory", format!("/{prefix}")));
        }
        if matches!(component, ".idea" | ".vscode" | "__MACOSX") {
            return Some(("an editor or OS directory", format!("/{prefix}")));
        }
    }
    None
}

fn holds_build_output(all: &[Entry], prefix: &str) -> bool {
    all.iter().any(|e| {
        e.path.strip_prefix(prefix).is_some_and(|rest| {
            rest.starts_with("debug/")
                || rest.starts_with("release/")
                || rest == "CACHEDIR.TAG"
                || rest == ".rustc_info.json"
        })
    })
}

fn os_file(file: &File<'_>) -> Option<Found> {
    let os = matches!(
        file.lower.as_str(),
        ".ds_store" | "thumbs.db" | "desktop.ini"
    ) || file.name.starts_with("._");
    os.then(|| ("an operating-system file", file.name.to_string()))
}

/// Editor swap files, and backups and patch leftovers outside test directories.
fn editor_file(file: &File<'_>) -> Option<Found> {
    let test_data = in_test_dir(file.path);
    let lower = &file.lower;
    if lower.ends_with(".swp") || lower.ends_with(".swo") {
        let ext = file.ext.as_deref().unwrap_or("swp");
        return Some(("an editor backup or swap file", format!("*.{ext}")));
    }
    if lower.ends_with('~') && !test_data {
        return Some(("an editor backup or swap file", "*~".to_string()));
    }
    if file.name.starts_with(".#") || (file.name.starts_with('#') && file.name.ends_with('#')) {
        return Some(("an editor backup or swap file", format!("/{}", file.path)));
    }
    match file.ext.as_deref() {
        Some(e @ ("orig" | "rej" | "bak")) if file.path != "Cargo.toml.orig" && !test_data => {
            Some(("a leftover backup or patch file", format!("*.{e}")))
        }
        _ => None,
    }
}

fn core_dump(file: &File<'_>, entry: &Entry) -> Option<Found> {
    let lower = &file.lower;
    let named = lower == "core"
        || lower
            .strip_prefix("core.")
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        || lower.starts_with("vgcore.");
    (named && is_elf(entry)).then(|| ("a core dump", format!("/{}", file.path)))
}

/// Object files, libraries and executables nothing in the package is meant to use.
fn build_output(file: &File<'_>, entry: &Entry, has_build_script: bool) -> Option<Found> {
    if has_build_script || is_test_or_source(file.path) {
        return None;
    }
    if let Some(e) = file.ext.as_deref().filter(|e| BUILD_EXTENSIONS.contains(e)) {
        return Some((
            "build output (object file, library or executable)",
            format!("*.{e}"),
        ));
    }
    let macho = [
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ]
    .iter()
    .any(|m| entry.magic.starts_with(*m));
    let executable = is_elf(entry) || macho || entry.magic.starts_with(b"MZ\x90\x00");
    executable.then(|| ("a compiled executable", format!("/{}", file.path)))
}

fn is_elf(entry: &Entry) -> bool {
    entry.magic.starts_with(b"\x7fELF")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, magic: &[u8]) -> Entry {
        Entry::file(path, magic)
    }

    #[test]
    fn junk_files_and_their_patterns() {
        let all = [
            entry("examples/demo/target/debug/demo", b"\x7fELF"),
            entry("src/target/mod.rs", b"//"),
        ];
        let cases: &[(Entry, Option<&str>)] = &[
            (all[0].clone(), Some("/examples/demo/target/")),
            (all[1].clone(), None),
            (entry("build/foo.o", b"\x7fELF"), Some("*.o")),
            (entry(".DS_Store", b"\0\0"), Some(".DS_Store")),
            (entry("src/lib.rs.swp", b"b0VIM"), Some("*.swp")),
            (entry("src/lib.rs~", b"fn"), Some("*~")),
            (entry("core", b"\x7fELF"), Some("/core")),
            (entry("src/core", b"pub"), None),
            (entry("tool", b"\x7fELF\x02"), Some("/tool")),
            (entry("Cargo.toml.orig", b"[package]"), None),
            (entry("src/lib.rs.orig", b"fn"), Some("*.orig")),
            (entry(".idea/workspace.xml", b"<?xml"), Some("/.idea/")),
            (entry("README.md", b"# x"), None),
        ];
        for (e, pattern) in cases {
            assert_eq!(
                junk(e, &all, false).map(|j| j.pattern).as_deref(),
                *pattern,
                "{}",
                e.path
            );
        }
        // Prebuilt libraries a build script may link, and test binaries, are intended.
        let lib = entry("lib/libfoo.a", b"!<arch>");
        assert!(junk(&lib, &all, true).is_none());
        assert!(junk(&lib, &all, false).is_some());
        assert!(junk(&entry("tests/plugin.dll", b"MZ\x90\x00"), &all, false).is_none());
        assert!(junk(&entry(".DS_Store", b""), &all, true).is_some());
    }

    #[test]
    fn string_literals_are_read_from_rust_source() {
        let source = r##"
            let a = "test.json~"; // a "comment" quote
            let b = r#"raw "inner""#;
            let c = '"';
            let d = "esc\"aped";
            fn r() {}
        "##;
        let mut found = BTreeSet::new();
        string_literals(source, &mut found);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(
            found,
            ["comment", "esc\\\"aped", "raw \"inner\"", "test.json~"]
        );
    }

    #[test]
    fn files_named_in_sources_are_not_junk() {
        let literals: BTreeSet<String> = [
            "test.json~",
            "tests/ui/*.rs",
            "tests/regression/",
            "./data/dump.bak",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (path, named) in [
            ("tests/examples/test.json~", true),
            ("tests/ui/x.rs", true),
            ("tests/regression/old.orig", true),
            ("data/dump.bak", true),
            ("src/lib.rs~", false),
            ("notes.bak", false),
        ] {
            assert_eq!(named_in_sources(path, &literals), named, "{path}");
        }
        assert!(excludes("*~", "tests/examples/test.json~"));
        assert!(excludes("/target/", "target/debug/x"));
        assert!(!excludes("/a.bak", "b/a.bak"));
    }
}
