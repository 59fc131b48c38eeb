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

/// The longest a function of `src/` may be, in lines (STYLE.md): a longer one is split into
/// named steps.
const LONGEST_FUNCTION: usize = 120;

/// Each function (free, in an `impl` or with a body in a trait) of a parsed file, with its
/// first line and its length in lines.
struct FunctionLengths(Vec<(String, usize, usize)>);

impl<'ast> syn::visit::Visit<'ast> for FunctionLengths {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.record(&item.sig, &item.block);
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.record(&item.sig, &item.block);
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(block) = &item.default {
            self.record(&item.sig, block);
        }
        syn::visit::visit_trait_item_fn(self, item);
    }
}

impl FunctionLengths {
    fn record(&mut self, signature: &syn::Signature, body: &syn::Block) {
        let first = signature.fn_token.span.start().line;
        let last = body.brace_token.span.close().end().line;
        self.0
            .push((signature.ident.to_string(), first, last - first + 1));
    }

    fn of(text: &str) -> Vec<(String, usize, usize)> {
        let file = syn::parse_file(text).expect("parses");
        let mut lengths = FunctionLengths(Vec::new());
        syn::visit::Visit::visit_file(&mut lengths, &file);
        lengths.0
    }
}

#[test]
fn no_function_of_src_is_over_120_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (name, line, length) in FunctionLengths::of(&text) {
            if length > LONGEST_FUNCTION {
                let shown = file.strip_prefix(&src).unwrap().display().to_string();
                long.push(format!("src/{shown}:{line} `{name}`: {length} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {LONGEST_FUNCTION} lines (split them into named steps):\n{}",
        long.join("\n")
    );
}

#[test]
fn function_lengths_are_counted_from_signature_to_closing_brace() {
    let body = "    let x = 1;\n".repeat(3);
    let text = format!(
        "fn free() {{\n{body}}}\nstruct S;\nimpl S {{\n    fn method(&self) {{}}\n}}\n\
trait T {{\n    fn required();\n    fn provided() {{\n        let _ = 1;\n    }}\n}}\n"
    );
    let lengths = FunctionLengths::of(&text);
    assert_eq!(
        lengths,
        [
            ("free".to_string(), 1, 5),
            ("method".to_string(), 8, 1),
            ("provided".to_string(), 12, 3),
        ]
    );
}
