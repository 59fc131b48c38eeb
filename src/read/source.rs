//! A Rust source file as far as cargo-ready reads it, parsed with `syn`: the modules it declares
//! (with their `#[path]` alternatives and the inline modules around them), the `mod` lines in
//! macro invocations and `macro_rules!` bodies, the files it `include!`s, and its string
//! literals. What it means for the package is judged by the checks.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use proc_macro2::{TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::visit::Visit;

use crate::sync::lock;

/// The largest file parsed; a larger one (generated tables) is left to the compiler.
const LARGEST: u64 = 4 * 1024 * 1024;

/// The stack of a parsing thread: syn recurses once per level of nesting, and real code nests
/// deeply (long method chains, generated match arms). Reserved, not used, until needed.
pub const PARSER_STACK: usize = 256 * 1024 * 1024;

/// What the Rust sources of one package say.
#[derive(Debug, Clone)]
pub struct PackageSources {
    /// What each Rust file parsed says, by absolute path: every file of the package (shipped,
    /// or a target's root), and those of the other packages read in the same run.
    pub facts: Arc<HashMap<PathBuf, SourceFacts>>,
}

/// Rust files to parse, shared by the threads that parse them, each file once.
#[derive(Debug, Default)]
pub struct ParseQueue {
    todo: Mutex<Todo>,
    done: Mutex<HashMap<PathBuf, SourceFacts>>,
    /// Set when the workers should leave what is waiting for [`ParseQueue::finish`].
    paused: AtomicBool,
}

/// The files waiting, and every file ever queued (so none is queued twice).
#[derive(Debug, Default)]
struct Todo {
    waiting: Vec<PathBuf>,
    queued: HashSet<PathBuf>,
}

impl ParseQueue {
    /// Adds files to parse; one already parsed or waiting is not added again.
    pub fn push(&self, files: impl IntoIterator<Item = PathBuf>) {
        let mut todo = lock(&self.todo);
        for file in files {
            if todo.queued.insert(file.clone()) {
                todo.waiting.push(file);
            }
        }
    }

    /// Parses files on a thread of its own, with a stack deep enough for any nesting syn
    /// recurses into, until none is left; start as many as there are cores.
    pub fn spawn_worker<'scope>(&'scope self, scope: &'scope std::thread::Scope<'scope, '_>) {
        let worker = std::thread::Builder::new()
            .name("cargo-ready-parse".to_string())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || self.work());
        // Without a thread the files wait for another worker; unread, they count as unknown.
        drop(worker);
    }

    /// Parses files on the calling thread, which must have a [`PARSER_STACK`], until none is
    /// left.
    pub fn work(&self) {
        while !self.paused.load(Ordering::Relaxed) {
            let Some(file) = lock(&self.todo).waiting.pop() else {
                return;
            };
            let facts = read_file(&file);
            lock(&self.done).insert(file, facts);
        }
    }

    /// Makes the workers stop after the file each is parsing; what waits is parsed by
    /// [`ParseQueue::finish`].
    pub fn pause(&self) {
        self.paused.store(true, Ordering::Relaxed);
    }

    /// Moves what is queued and parsed so far into a queue of its own, leaving this one empty.
    /// Call it when no worker is parsing.
    pub fn take(&self) -> ParseQueue {
        ParseQueue {
            todo: Mutex::new(std::mem::take(&mut *lock(&self.todo))),
            done: Mutex::new(std::mem::take(&mut *lock(&self.done))),
            paused: AtomicBool::new(false),
        }
    }

    /// Parses what is left on every core, and hands over everything parsed.
    pub fn finish(self) -> HashMap<PathBuf, SourceFacts> {
        self.paused.store(false, Ordering::Relaxed);
        let waiting = lock(&self.todo).waiting.len();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = cores.min(waiting);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                self.spawn_worker(scope);
            }
        });
        self.done.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

/// Reads and parses one file; one that cannot be read, is too large or does not parse says
/// nothing.
pub fn read_file(path: &Path) -> SourceFacts {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= LARGEST);
    match small.then(|| std::fs::read_to_string(path).ok()).flatten() {
        Some(text) => read(&text),
        None => SourceFacts::default(),
    }
}

/// What one source file says about other files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFacts {
    /// Whether the file parsed; one that did not says nothing else.
    pub parsed: bool,
    /// Out-of-line `mod name;` declarations, wherever they are.
    pub mods: Vec<ModDecl>,
    /// `mod name;` written inside a macro invocation (`cfg_if! { mod unix; }`).
    pub macro_mods: Vec<ModDecl>,
    /// `mod name;` written inside a `macro_rules!` body: declared wherever the macro expands.
    pub macro_rules_mods: Vec<ModDecl>,
    /// The local `macro_rules!` macros whose body declares `mod $name;`: the invocation names
    /// the module.
    pub mod_macros: Vec<String>,
    /// Invocations of macros named by one identifier (`platforms! { ... }`), with the
    /// identifiers passed: what a `mod $name;` in the macro's body can declare.
    pub macro_calls: Vec<MacroCall>,
    /// Every inline module (`mod name { ... }`), as the directories it and the inline modules
    /// around it stand for, outermost first, with the line it starts on.
    pub inline_mods: Vec<(Vec<String>, usize)>,
    /// Commented-out module declarations, as written (`// mod transducer;`).
    pub commented_mods: Vec<String>,
    /// Whether the file holds nothing but whitespace.
    pub empty: bool,
    /// What makes the file a program of its own: `fn main`, a shebang, or cargo-script front
    /// matter.
    pub standalone: Option<&'static str>,
    /// The paths given to `include!`.
    pub includes: Vec<String>,
    /// Every string literal, in code, attributes and macro invocations.
    pub literals: Vec<String>,
}

/// An invocation of a macro named by one identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroCall {
    /// The macro's name.
    pub name: String,
    /// The inline modules around the invocation, as in [`ModDecl::inline`].
    pub inline: Vec<String>,
    /// Every identifier passed, at any depth, sorted, each once.
    pub idents: Vec<String>,
}

/// Macros of the standard library, whose invocations declare no module.
const STD_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "format",
    "format_args",
    "write",
    "writeln",
    "print",
    "println",
    "eprint",
    "eprintln",
    "panic",
    "vec",
    "matches",
    "unreachable",
    "todo",
    "unimplemented",
    "concat",
    "stringify",
    "include",
    "include_str",
    "include_bytes",
    "env",
    "option_env",
    "cfg",
    "dbg",
    "line",
    "file",
    "column",
    "module_path",
    "compile_error",
    "thread_local",
];

/// An out-of-line module declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModDecl {
    /// The module's name.
    pub name: String,
    /// The inline modules around it, outermost first, each as the directory it stands for (its
    /// `#[path]`, else its name).
    pub inline: Vec<String>,
    /// The files `#[path = "..."]` and every `#[cfg_attr(..., path = "...")]` name.
    pub paths: Vec<String>,
    /// Whether the default file (`name.rs` or `name/mod.rs`) can be the one loaded: there is no
    /// plain `#[path]`, only `cfg_attr` alternatives or none.
    pub default_too: bool,
}

/// Reads a source file's text. A file that does not parse is left to the compiler.
pub fn read(text: &str) -> SourceFacts {
    let standalone = if text.starts_with("---") {
        Some("cargo-script front matter")
    } else if text.starts_with("#!") && !text.starts_with("#![") {
        Some("a shebang")
    } else {
        None
    };
    let Ok(file) = syn::parse_file(text) else {
        return SourceFacts {
            standalone,
            ..SourceFacts::default()
        };
    };
    let has_main = file
        .items
        .iter()
        .any(|item| matches!(item, syn::Item::Fn(f) if f.sig.ident == "main"));
    let mut reader = Reader {
        facts: SourceFacts {
            parsed: true,
            empty: text.trim().is_empty(),
            standalone: standalone.or(has_main.then_some("`fn main`")),
            commented_mods: commented_mods(text),
            ..SourceFacts::default()
        },
        inline: Vec::new(),
        text,
        cursor: Cursor::default(),
    };
    reader.visit_file(&file);
    reader.facts
}

/// The lines that are a commented-out `mod name;` (`// mod transducer;`, `//pub mod x;`).
fn commented_mods(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| line.starts_with("//") && line.ends_with(';'))
        .filter(|line| {
            let code = line.trim_start_matches('/').trim();
            let code = code.strip_prefix("pub ").unwrap_or(code);
            code.strip_prefix("mod ")
                .and_then(|rest| rest.strip_suffix(';'))
                .is_some_and(|name| {
                    let name = name.trim();
                    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                })
        })
        .map(str::to_string)
        .collect()
}

/// Where the reader is in the text, for the lines of inline modules: they come in source
/// order, so each search starts where the last one ended and the text is read once.
#[derive(Default)]
struct Cursor {
    offset: usize,
    line: usize,
}

impl Cursor {
    /// The line (from 1) of the next `mod name {` in `text`, or 0 when it is not written so.
    fn inline_line(&mut self, text: &str, name: &str) -> usize {
        let opening = format!("mod {name}");
        let mut from = self.offset;
        while let Some(found) = text[from..].find(&opening) {
            let at = from + found;
            let after = at + opening.len();
            if text[after..].trim_start().starts_with('{') {
                self.line += text[self.offset..after].matches('\n').count();
                self.offset = after;
                return self.line + 1;
            }
            from = after;
        }
        0
    }
}

struct Reader<'t> {
    facts: SourceFacts,
    inline: Vec<String>,
    text: &'t str,
    cursor: Cursor,
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        for attr in &item.attrs {
            self.visit_attribute(attr);
        }
        let (paths, plain_path) = path_attributes(&item.attrs);
        let name = item.ident.unraw().to_string();
        match &item.content {
            None => self.facts.mods.push(ModDecl {
                name,
                inline: self.inline.clone(),
                paths,
                default_too: !plain_path,
            }),
            Some((_, items)) => {
                let line = self.cursor.inline_line(self.text, &name);
                let dir = paths
                    .into_iter()
                    .next()
                    .filter(|_| plain_path)
                    .unwrap_or(name);
                self.inline.push(dir);
                self.facts.inline_mods.push((self.inline.clone(), line));
                for item in items {
                    self.visit_item(item);
                }
                self.inline.pop();
            }
        }
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        if item.mac.path.is_ident("macro_rules") {
            if let Some(name) = &item.ident
                && declares_named_mod(item.mac.tokens.clone())
            {
                self.facts.mod_macros.push(name.unraw().to_string());
            }
            self.facts
                .macro_rules_mods
                .extend(mods_in(item.mac.tokens.clone()));
            literals_in(item.mac.tokens.clone(), &mut self.facts.literals);
            return;
        }
        // Only a macro in item position can expand to a module declaration the crate sees.
        if let Some(name) = item.mac.path.get_ident()
            && !STD_MACROS.contains(&name.to_string().as_str())
        {
            let mut idents = Vec::new();
            idents_in(item.mac.tokens.clone(), &mut idents);
            idents.sort_unstable();
            idents.dedup();
            if !idents.is_empty() {
                self.facts.macro_calls.push(MacroCall {
                    name: name.unraw().to_string(),
                    inline: self.inline.clone(),
                    idents,
                });
            }
        }
        syn::visit::visit_item_macro(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let tokens = mac.tokens.clone();
        if mac.path.is_ident("include")
            && let Some(path) = first_literal(tokens.clone())
        {
            self.facts.includes.push(path);
        }
        for mut decl in mods_in(tokens.clone()) {
            let mut inline = self.inline.clone();
            inline.append(&mut decl.inline);
            decl.inline = inline;
            self.facts.macro_mods.push(decl);
        }
        literals_in(tokens, &mut self.facts.literals);
        syn::visit::visit_macro(self, mac);
    }

    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        self.facts.literals.push(lit.value());
    }
}

/// The files a module's `#[path]` and `#[cfg_attr(..., path = ...)]` attributes name, and
/// whether a plain `#[path]` is among them (then the default file is never loaded).
fn path_attributes(attrs: &[syn::Attribute]) -> (Vec<String>, bool) {
    let mut paths = Vec::new();
    let mut plain = false;
    for attr in attrs {
        if attr.path().is_ident("path")
            && let syn::Meta::NameValue(pair) = &attr.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(value),
                ..
            }) = &pair.value
        {
            paths.push(value.value());
            plain = true;
        }
        if attr.path().is_ident("cfg_attr")
            && let syn::Meta::List(list) = &attr.meta
        {
            paths.extend(cfg_attr_paths(list.tokens.clone()));
        }
    }
    (paths, plain)
}

/// The `path = "..."` alternatives of a `cfg_attr(predicate, path = "...", ...)`.
fn cfg_attr_paths(tokens: TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens
        .windows(3)
        .filter_map(|w| match w {
            [
                TokenTree::Ident(ident),
                TokenTree::Punct(eq),
                TokenTree::Literal(lit),
            ] if ident == "path" && eq.as_char() == '=' => string_value(lit),
            _ => None,
        })
        .collect()
}

/// `mod name;` sequences in a token stream, at any depth of brackets; a `#[path = "..."]`
/// right before one is its path. Braced `mod name { ... }` inside count as inline modules.
fn mods_in(tokens: TokenStream) -> Vec<ModDecl> {
    let mut found = Vec::new();
    collect_mods(tokens, &[], &mut found);
    found
}

fn collect_mods(tokens: TokenStream, inline: &[String], found: &mut Vec<ModDecl>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        if let (TokenTree::Ident(keyword), Some(TokenTree::Ident(name))) =
            (&tokens[i], tokens.get(i + 1))
            && keyword == "mod"
        {
            let name = name.unraw().to_string();
            match tokens.get(i + 2) {
                Some(TokenTree::Punct(semi)) if semi.as_char() == ';' => {
                    let path = path_before(&tokens[..i]);
                    found.push(ModDecl {
                        name,
                        inline: inline.to_vec(),
                        default_too: path.is_none(),
                        paths: path.into_iter().collect(),
                    });
                    i += 3;
                    continue;
                }
                Some(TokenTree::Group(body))
                    if body.delimiter() == proc_macro2::Delimiter::Brace =>
                {
                    let mut nested = inline.to_vec();
                    nested.push(name);
                    collect_mods(body.stream(), &nested, found);
                    i += 3;
                    continue;
                }
                _ => {}
            }
        }
        if let TokenTree::Group(group) = &tokens[i] {
            collect_mods(group.stream(), inline, found);
        }
        i += 1;
    }
}

/// The path of a `#[path = "..."]` attribute ending right before a `mod` (visibility and
/// `unsafe` may stand between them).
fn path_before(tokens: &[TokenTree]) -> Option<String> {
    let mut end = tokens.len();
    while end > 0 {
        match &tokens[end - 1] {
            TokenTree::Ident(word) if word == "pub" || word == "unsafe" => end -= 1,
            TokenTree::Group(group) if group.delimiter() == proc_macro2::Delimiter::Parenthesis => {
                end -= 1
            }
            _ => break,
        }
    }
    let [.., TokenTree::Punct(pound), TokenTree::Group(attr)] = &tokens[..end] else {
        return None;
    };
    if pound.as_char() != '#' {
        return None;
    }
    let inner: Vec<TokenTree> = attr.stream().into_iter().collect();
    match inner.as_slice() {
        [
            TokenTree::Ident(ident),
            TokenTree::Punct(eq),
            TokenTree::Literal(lit),
        ] if ident == "path" && eq.as_char() == '=' => string_value(lit),
        _ => None,
    }
}

/// Whether a `macro_rules!` body declares a module named by a metavariable: `mod $name;`.
fn declares_named_mod(tokens: TokenStream) -> bool {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens.windows(4).any(|w| {
        matches!(w, [
            TokenTree::Ident(keyword),
            TokenTree::Punct(dollar),
            TokenTree::Ident(_),
            TokenTree::Punct(semi),
        ] if keyword == "mod" && dollar.as_char() == '$' && semi.as_char() == ';')
    }) || tokens.iter().any(|token| match token {
        TokenTree::Group(group) => declares_named_mod(group.stream()),
        _ => false,
    })
}

/// The identifiers of a token stream, at any depth.
fn idents_in(tokens: TokenStream, into: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => into.push(ident.unraw().to_string()),
            TokenTree::Group(group) => idents_in(group.stream(), into),
            TokenTree::Literal(_) | TokenTree::Punct(_) => {}
        }
    }
}

/// The string literals of a token stream, at any depth.
fn literals_in(tokens: TokenStream, into: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Literal(lit) => into.extend(string_value(&lit)),
            TokenTree::Group(group) => literals_in(group.stream(), into),
            TokenTree::Ident(_) | TokenTree::Punct(_) => {}
        }
    }
}

/// The first string literal of a token stream.
fn first_literal(tokens: TokenStream) -> Option<String> {
    let mut found = Vec::new();
    literals_in(tokens, &mut found);
    found.into_iter().next()
}

/// The value of a string literal token (`"a"`, `r#"a"#`), or `None` for any other literal.
fn string_value(lit: &proc_macro2::Literal) -> Option<String> {
    match syn::Lit::new(lit.clone()) {
        syn::Lit::Str(value) => Some(value.value()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(name: &str, inline: &[&str], paths: &[&str], default_too: bool) -> ModDecl {
        ModDecl {
            name: name.to_string(),
            inline: inline.iter().map(|s| s.to_string()).collect(),
            paths: paths.iter().map(|s| s.to_string()).collect(),
            default_too,
        }
    }

    #[test]
    fn module_declarations_with_their_paths_and_inline_parents() {
        let facts = read(
            r#"
            mod plain;
            mod r#as;
            #[cfg(unix)] pub(crate) mod gated;
            #[path = "sys/windows.rs"] mod windows;
            #[cfg_attr(unix, path = "sys/unix.rs")]
            #[cfg_attr(windows, path = "sys/win.rs")]
            mod sys;
            mod outer {
                mod inner;
                #[path = "renamed"] mod dir { mod deep; }
            }
            mod inline_only { fn f() {} }
            fn f() { #[path = "in_fn.rs"] mod in_fn; }
            "#,
        );
        assert!(facts.parsed);
        assert_eq!(
            facts.mods,
            [
                decl("plain", &[], &[], true),
                decl("as", &[], &[], true),
                decl("gated", &[], &[], true),
                decl("windows", &[], &["sys/windows.rs"], false),
                decl("sys", &[], &["sys/unix.rs", "sys/win.rs"], true),
                decl("inner", &["outer"], &[], true),
                decl("deep", &["outer", "renamed"], &[], true),
                decl("in_fn", &[], &["in_fn.rs"], false),
            ]
        );
    }

    #[test]
    fn macros_declare_modules_and_name_files() {
        let facts = read(
            r##"
            cfg_if::cfg_if! {
                if #[cfg(unix)] { mod unix; mod r#ref; pub use unix::*; }
                else { #[path = "other.rs"] mod fallback; }
            }
            macro_rules! crate_root { () => { mod lib_impl; mod private { mod hidden; } }; }
            mod nested { cfg_io_source! { mod stateless; } }
            include!("generated.rs");
            #[doc = include_str!("../README.md")]
            struct S;
            fn t() { trybuild::TestCases::new().pass("tests/ui/*.rs"); automod::dir!("tests/regression"); let r = r#"raw"#; }
            "##,
        );
        assert_eq!(
            facts.macro_mods,
            [
                decl("unix", &[], &[], true),
                decl("ref", &[], &[], true),
                decl("fallback", &[], &["other.rs"], false),
                decl("stateless", &["nested"], &[], true),
            ]
        );
        assert_eq!(
            facts.macro_rules_mods,
            [
                decl("lib_impl", &[], &[], true),
                decl("hidden", &["private"], &[], true)
            ]
        );
        assert_eq!(facts.includes, ["generated.rs"]);
        for literal in [
            "../README.md",
            "tests/ui/*.rs",
            "tests/regression",
            "raw",
            "generated.rs",
        ] {
            assert!(
                facts.literals.iter().any(|l| l == literal),
                "{literal}: {:?}",
                facts.literals
            );
        }
    }

    #[test]
    fn macros_that_declare_the_module_their_invocation_names() {
        let facts = read(
            r#"
            macro_rules! platforms {
                ($($os:literal => $module:ident),*) => { $( #[cfg(target_os = $os)] mod $module; )* };
            }
            macro_rules! plain { () => { mod fixed; }; }
            platforms! { "macos" => linux_macos, "freebsd" => bsd }
            mod inner { platforms! { "linux" => r#linux } }
            fn f() { println!("{}", not_a_module); }
            "#,
        );
        assert_eq!(facts.mod_macros, ["platforms"]);
        assert_eq!(
            facts.macro_calls,
            [
                MacroCall {
                    name: "platforms".to_string(),
                    inline: Vec::new(),
                    idents: vec!["bsd".to_string(), "linux_macos".to_string()],
                },
                MacroCall {
                    name: "platforms".to_string(),
                    inline: vec!["inner".to_string()],
                    idents: vec!["linux".to_string()],
                },
            ]
        );
    }

    #[test]
    fn what_tells_a_file_apart() {
        let facts = read(
            "// mod transducer;\n//pub mod old;\n// see mod docs;\nmod io {\n    mod io {}\n}\nmod other {}\n",
        );
        assert_eq!(
            facts.commented_mods,
            ["// mod transducer;", "//pub mod old;"]
        );
        let io = || "io".to_string();
        assert_eq!(
            facts.inline_mods,
            [
                (vec![io()], 4),
                (vec![io(), io()], 5),
                (vec!["other".to_string()], 7)
            ]
        );
        assert!(!facts.empty && facts.standalone.is_none());
        assert!(read(" \n\n").empty);
        assert_eq!(read("fn main() {}").standalone, Some("`fn main`"));
        assert_eq!(
            read("#!/usr/bin/env rust-script\nfn f() {}").standalone,
            Some("a shebang")
        );
        assert_eq!(read("#![allow(x)]\nfn f() {}").standalone, None);
        assert_eq!(
            read("---\n[dependencies]\n---\nfn main() {}").standalone,
            Some("cargo-script front matter")
        );
    }

    #[test]
    fn a_file_that_does_not_parse_says_nothing() {
        let facts = read("mod a; fn {");
        assert_eq!(facts, SourceFacts::default());
        assert!(!facts.parsed);
    }
}
