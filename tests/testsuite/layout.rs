//! The layout of `src/` shows the flow: the engine's steps on top, what they read below, the
//! shared types under all. A file imports only its own layer or the ones below it, as
//! ARCHITECTURE.md draws them; this test keeps the picture and the code in agreement.

use std::path::{Path, PathBuf};

/// The layers from the top, each with the modules (top-level files or folders of `src/`) in it.
const LAYERS: [&[&str]; 12] = [
    &["main", "lib"],
    &["cli"],
    &["package_files", "compare"],
    &["fix"],
    &["report"],
    &["config"],
    &["checks"],
    &["baseline"],
    &["stage"],
    &["read"],
    &["process"],
    &["progress", "model", "error", "paths", "sync"],
];

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&module))
        .unwrap_or_else(|| {
            panic!("`{module}` is in no layer of LAYERS: place it there and in ARCHITECTURE.md")
        })
}

/// The top-level module a file of `src/` belongs to: `src/read/vcs.rs` → `read`.
fn module_of(file: &Path, src: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    Path::new(first)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file's code (its tests left out) names as `crate::module`.
fn imported_modules(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[test]
fn no_file_of_src_imports_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut upward = Vec::new();
    for file in &files {
        let own = module_of(file, &src);
        let text = std::fs::read_to_string(file).unwrap();
        for imported in imported_modules(&text) {
            if layer_of(&imported) < layer_of(&own) {
                upward.push(format!(
                    "{} imports `{imported}`",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the flow:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_layer_check_sees_an_upward_import() {
    let text = "use crate::read::manifest::Manifest;\nuse crate::checks::CHECKS;\n#[cfg(test)]\nmod tests { use crate::cli::Args; }\n";
    assert_eq!(imported_modules(text), ["read", "checks"]);
    assert!(
        layer_of("checks") < layer_of("stage"),
        "a stage file importing checks is upward"
    );
}
