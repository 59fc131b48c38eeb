//! Rust files the package ships that no target compiles: a `.rs` file is built only when a
//! `mod` declaration reaches it from a target's root, and rustc says nothing of the others.
//!
//! Modules are followed as rustc resolves them (the Rust Reference, "Modules" and "The `path`
//! attribute"). Where the place is not certain (a `mod` written in a macro, a `macro_rules!`
//! body expanded elsewhere, a file that does not parse) every place it could be counts as
//! reached: a false alarm costs more than a missed dead file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;
use std::path::{Path, PathBuf};

use super::{PackageContext, Sink};
use crate::model::{Check, Level, Location};
use crate::read::source::{ModDecl, SourceFacts};

/// A shipped `.rs` file no target compiles.
pub static DEAD_SOURCE_FILE: Check = Check {
    name: "dead_source_file",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a `.rs` file the package ships is never compiled: no `mod` reaches it",
    explain: "rustc compiles a file only when a `mod` declaration reaches it from a target's \
root (`src/lib.rs`, `src/main.rs`, `src/bin/*`, `tests/*`, `examples/*`, `benches/*`, the build \
script). A file nothing declares is silently ignored, yet it ships in the package: usually a \
module someone forgot to declare, or one left behind by a refactoring. `mod` lines in macros \
(`cfg_if!`), `#[path]` and `#[cfg_attr(..., path)]` alternatives, `include!`, and files the \
sources name in a string literal (trybuild's `tests/ui/*.rs`, `automod::dir!`, a `format!` path \
whose `{...}` placeholders stand for one path component each) count as reached, and so do the \
modules a `macro_rules!` declares with `mod $name;` for the identifiers its invocations pass. \
A nested package's directory is never shipped, so nothing in it is reported.\n\nFix: declare \
the module (`mod name;` in the file that owns its directory), delete the file, or leave it out \
of the package with `exclude`. The help says which fits: an empty file, a commented-out \
`// mod x;`, a file an inline `mod x { }` shadows, a standalone program (give it a `[[bin]]` \
entry), a `mod.rs` that `include` or `exclude` leaves out (the `mod` that loads it will not \
build from the package). A file other members of the workspace reach through a symlink is a \
note: it is shared.",
};

/// Reports every shipped `.rs` file that no target reaches, with the advice that fits it.
pub fn check(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    let (Some(sources), Some(files)) = (ctx.sources, ctx.shipped) else {
        return;
    };
    let dir = ctx.root();
    let shipped: BTreeSet<PathBuf> = files
        .files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .map(|f| dir.join(f))
        .collect();
    let roots: Vec<PathBuf> = ctx
        .package
        .targets
        .iter()
        .map(|t| t.src_path.clone().into_std_path_buf())
        .collect();
    // Most packages ship no Rust file but their targets' roots: nothing can be dead.
    if shipped.iter().all(|file| roots.contains(file)) {
        return;
    }
    let build_scripts: BTreeSet<PathBuf> = ctx
        .package
        .targets
        .iter()
        .filter(|t| t.kind.iter().any(|k| k.to_string() == "custom-build"))
        .map(|t| t.src_path.clone().into_std_path_buf())
        .collect();
    let reach = Reach::from(
        dir,
        roots.into_iter(),
        build_scripts,
        &shipped,
        &sources.facts,
    );
    let fixture_dirs = fixture_dirs(dir, &files.files);
    let root = ctx.workspace_root.unwrap_or(ctx.manifest);
    let include = ctx.manifest.package_strings(root, "include");
    let exclude = ctx.manifest.package_strings(root, "exclude");
    let judge = Judge {
        dir,
        reach: &reach,
        facts: &sources.facts,
        shipped: &shipped,
        include: &include,
        exclude: &exclude,
    };
    for file in &shipped {
        if reach.covers(file) || file.parent().is_some_and(|d| fixture_dirs.contains(d)) {
            continue;
        }
        let Advice {
            message,
            help,
            shared,
        } = judge.advice(file);
        let finding = sink.report_at(
            &DEAD_SOURCE_FILE,
            message,
            help,
            Some(Location::file(file.clone())),
        );
        if shared {
            finding.soften(crate::model::Severity::Note);
        }
    }
}

/// What the advice for a file no target reaches is drawn from.
struct Judge<'a> {
    dir: &'a Path,
    reach: &'a Reach<'a>,
    facts: &'a HashMap<PathBuf, SourceFacts>,
    shipped: &'a BTreeSet<PathBuf>,
    include: &'a [String],
    exclude: &'a [String],
}

/// What is said of one file no target reaches.
struct Advice {
    message: String,
    help: String,
    /// Other members compile it through a symlink: a note, not a warning.
    shared: bool,
}

impl Judge<'_> {
    fn advice(&self, file: &Path) -> Advice {
        let relative = file.strip_prefix(self.dir).unwrap_or(file).display();
        if self.facts.get(file).is_some_and(|f| f.empty) {
            return Advice {
                message: format!("`{relative}` is an empty file no `mod` declaration reaches"),
                help: "empty file: delete it, or leave it out of the package with `exclude`"
                    .to_string(),
                shared: false,
            };
        }
        let sharing = shared_with(file, self.dir, self.facts);
        if let Some(first) = sharing.first() {
            let first = self
                .dir
                .parent()
                .and_then(|workspace| first.strip_prefix(workspace).ok())
                .unwrap_or(first)
                .display()
                .to_string();
            let reach = match sharing.len() {
                1 => format!("`{first}` reaches"),
                n => format!("`{first}` and {} more reach", n - 1),
            };
            return Advice {
                message: format!(
                    "`{relative}` is not compiled by this package; it is shared: {reach} it through a symlink"
                ),
                help: "other packages of the workspace compile it; to stop shipping it here, leave it out with `exclude`".to_string(),
                shared: true,
            };
        }
        Advice {
            message: format!(
                "`{relative}` is never compiled: no `mod` declaration reaches it from a target"
            ),
            help: self.help(file),
            shared: false,
        }
    }

    /// The way out that fits why nothing reaches `file`.
    fn help(&self, file: &Path) -> String {
        let shown = |path: &Path| {
            path.strip_prefix(self.dir)
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let (module_dir, name) = module_of(file);
        let reach = self.reach;
        if let Some((owner, line)) = reach.inline_all.get(&module_dir) {
            format!(
                "it is shadowed by the inline `mod {name} {{ }}` at `{}:{line}`, so rustc never loads it: \
move the inline module's contents here and write `mod {name};`, or delete the file",
                shown(owner)
            )
        } else if let Some(why) = self.facts.get(file).and_then(|f| f.standalone) {
            format!(
                "it is a program of its own ({why}): make it a target with a `[[bin]]` (or `[[example]]`) \
entry, or leave it out of the package with `exclude`"
            )
        } else if let Some((owner, line)) = reach.commented_out(file, &name) {
            format!(
                "`{line}` in `{}` is commented out: restore it, delete the file, or leave it out of the package with `exclude`",
                shown(&owner)
            )
        } else if let Some(declaration) = reach.owner_of(file) {
            format!(
                "declare it with {declaration}, delete it, or leave it out of the package with `exclude`"
            )
        } else if let Some((declaring, module)) = file.parent().and_then(|d| reach.missing.get(d)) {
            let owner = file.parent().map(|d| d.join("mod.rs")).unwrap_or_default();
            let by = left_out_by(self.dir, self.include, self.exclude, &owner)
                .map(|pattern| format!(" by {pattern}"))
                .unwrap_or_default();
            format!(
                "`{}`, which `mod {module};` in `{}` loads, is left out of the package{by}: that `mod` \
will not build from the package; ship it, or leave this file out too",
                shown(&owner),
                shown(declaring)
            )
        } else if let Some(owner) = unshipped_owner(file, self.shipped) {
            format!(
                "`{}`, which would own its directory, is left out of the package: ship it, or leave this file out too",
                shown(&owner)
            )
        } else if file
            .strip_prefix(self.dir)
            .unwrap_or(file)
            .starts_with("tests")
        {
            "no test reaches it: declare it with a `mod` line in a test's root (`tests/<name>/main.rs`), \
give it a `[[test]]` entry, or leave it out of the package with `exclude`"
                .to_string()
        } else {
            "no module of the package owns its directory: delete it, or leave it out of the package with `exclude`".to_string()
        }
    }
}

/// The directory a module file stands for and the module's name: `dir/name.rs` and
/// `dir/name/mod.rs` both stand for `dir/name`.
fn module_of(file: &Path) -> (PathBuf, String) {
    let module = if file.file_name().is_some_and(|n| n == "mod.rs") {
        file.parent().unwrap_or(file).to_path_buf()
    } else {
        file.with_extension("")
    };
    let name = module
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    (module, name)
}

/// A file of another package read in the same run that is a symlink to `file`.
fn shared_with(
    file: &Path,
    package_dir: &Path,
    facts: &HashMap<PathBuf, SourceFacts>,
) -> Vec<PathBuf> {
    let Ok(real) = std::fs::canonicalize(file) else {
        return Vec::new();
    };
    let mut sharing: Vec<PathBuf> = facts
        .keys()
        .filter(|other| !other.starts_with(package_dir) && other.file_name() == file.file_name())
        .filter(|other| std::fs::symlink_metadata(other).is_ok_and(|m| m.is_symlink()))
        .filter(|other| std::fs::canonicalize(other).is_ok_and(|target| target == real))
        .cloned()
        .collect();
    sharing.sort();
    sharing
}

/// The `include` or `exclude` pattern that leaves `path` out of the package, quoted.
fn left_out_by(
    package_dir: &Path,
    include: &[String],
    exclude: &[String],
    path: &Path,
) -> Option<String> {
    let relative = path.strip_prefix(package_dir).unwrap_or(path);
    let matches = |pattern: &str| {
        crate::read::files::left_out(package_dir, &[], &[pattern.to_string()], relative)
    };
    include
        .iter()
        .filter_map(|p| p.strip_prefix('!').map(|bare| (p, bare)))
        .find(|(_, bare)| matches(bare))
        .map(|(p, _)| format!("`include` (`\"{p}\"`)"))
        .or_else(|| {
            exclude
                .iter()
                .find(|p| matches(p))
                .map(|p| format!("`exclude` (`\"{p}\"`)"))
        })
}

/// The module file that would own `file`'s directory (`dir/mod.rs`, or `dir.rs` beside it) when
/// it exists but the package does not ship it.
fn unshipped_owner(file: &Path, shipped: &BTreeSet<PathBuf>) -> Option<PathBuf> {
    let dir = file.parent()?;
    let beside = dir.with_extension("rs");
    [dir.join("mod.rs"), beside]
        .into_iter()
        .find(|owner| owner != file && owner.is_file() && !shipped.contains(owner))
}

/// Directories of compiler test fixtures: those holding an expected `.stderr` or `.stdout` (the
/// convention of trybuild, ui_test and compiletest), whose `.rs` files a test runner compiles.
fn fixture_dirs(package_dir: &Path, shipped: &[PathBuf]) -> BTreeSet<PathBuf> {
    shipped
        .iter()
        .filter(|f| {
            f.extension()
                .is_some_and(|e| e == "stderr" || e == "stdout")
        })
        .filter_map(|f| f.parent().map(|d| package_dir.join(d)))
        .collect()
}

/// The files reached from the roots, with the directories their `mod` lines resolve in.
struct Reach<'a> {
    package_dir: &'a Path,
    facts: &'a HashMap<PathBuf, SourceFacts>,
    shipped: &'a BTreeSet<PathBuf>,
    /// Reached files, with the directories their out-of-line modules are looked for in.
    reached: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    /// Directories where a file that did not parse may have declared modules.
    unknown: Vec<PathBuf>,
    /// Directories that inline modules stand for, with the file and the modules' names.
    inline: BTreeMap<PathBuf, (PathBuf, Vec<String>)>,
    /// Files reached through `include!`: they are part of another module, and own nothing.
    included: BTreeSet<PathBuf>,
    /// Files reached only because a string literal names them, and build scripts: neither
    /// is where a module of the package is declared.
    not_owners: BTreeSet<PathBuf>,
    /// Every inline module of a reached file, by the directory it stands for, with the file
    /// and the line it starts on.
    inline_all: BTreeMap<PathBuf, (PathBuf, usize)>,
    /// Module declarations that load no file the package has, by the directory the module
    /// would own: the declaring file and the module's name.
    missing: BTreeMap<PathBuf, (PathBuf, String)>,
}

impl<'a> Reach<'a> {
    fn from(
        package_dir: &'a Path,
        roots: impl Iterator<Item = PathBuf>,
        build_scripts: BTreeSet<PathBuf>,
        shipped: &'a BTreeSet<PathBuf>,
        facts: &'a HashMap<PathBuf, SourceFacts>,
    ) -> Reach<'a> {
        let build_scripts_kept = build_scripts.clone();
        let mut reach = Reach {
            package_dir,
            facts,
            shipped,
            reached: BTreeMap::new(),
            unknown: Vec::new(),
            inline: BTreeMap::new(),
            included: BTreeSet::new(),
            not_owners: build_scripts.clone(),
            inline_all: BTreeMap::new(),
            missing: BTreeMap::new(),
        };
        let roots: BTreeSet<PathBuf> = roots.collect();
        let mut queue: Vec<(PathBuf, BTreeSet<PathBuf>)> =
            roots.iter().map(|root| owned(root)).collect();
        // `macro_rules!` bodies declare their modules wherever they expand: every reached file.
        let mut anywhere: Vec<ModDecl> = Vec::new();
        loop {
            while let Some((file, dirs)) = queue.pop() {
                queue.extend(reach.visit(file, dirs, &mut anywhere));
            }
            let mod_macros: BTreeSet<&str> = reach
                .reached
                .keys()
                .filter_map(|file| facts.get(file))
                .flat_map(|facts| facts.mod_macros.iter().map(String::as_str))
                .collect();
            for (file, dirs) in &reach.reached {
                for decl in reach.expanded_mods(file, &mod_macros) {
                    queue.extend(
                        reach
                            .declared(file, dirs, &decl, true)
                            .into_iter()
                            .filter(|(found, dirs)| !reach.knows(found, dirs)),
                    );
                }
                for decl in &anywhere {
                    queue.extend(
                        reach
                            .declared(file, dirs, decl, true)
                            .into_iter()
                            .filter(|(found, dirs)| !reach.knows(found, dirs)),
                    );
                }
            }
            if queue.is_empty() {
                let build_scripts = &build_scripts_kept;
                reach
                    .not_owners
                    .retain(|file| build_scripts.contains(file) || !roots.contains(file));
                return reach;
            }
        }
    }

    /// The modules `file` declares by invoking a local macro whose body says `mod $name;`:
    /// each identifier passed may be one.
    fn expanded_mods(&self, file: &Path, mod_macros: &BTreeSet<&str>) -> Vec<ModDecl> {
        let Some(facts) = self.facts.get(file) else {
            return Vec::new();
        };
        facts
            .macro_calls
            .iter()
            .filter(|call| mod_macros.contains(call.name.as_str()))
            .flat_map(|call| {
                call.idents.iter().map(|name| ModDecl {
                    name: name.clone(),
                    inline: call.inline.clone(),
                    paths: Vec::new(),
                    default_too: true,
                })
            })
            .collect()
    }

    /// Whether `file` is reached already with all of `dirs`.
    fn knows(&self, file: &Path, dirs: &BTreeSet<PathBuf>) -> bool {
        self.reached
            .get(file)
            .is_some_and(|known| dirs.is_subset(known))
    }

    /// Marks `file` reached with module directories `dirs`; returns what it reaches in turn
    /// (only when this is new).
    fn visit(
        &mut self,
        file: PathBuf,
        dirs: BTreeSet<PathBuf>,
        anywhere: &mut Vec<ModDecl>,
    ) -> Vec<(PathBuf, BTreeSet<PathBuf>)> {
        let known = self.reached.entry(file.clone()).or_default();
        let new_dirs: BTreeSet<PathBuf> = dirs.difference(known).cloned().collect();
        let first_visit = known.is_empty();
        if new_dirs.is_empty() && !first_visit {
            return Vec::new();
        }
        known.extend(new_dirs);
        let dirs = known.clone();
        let facts = self.facts.get(&file);
        if facts.is_none_or(|facts| !facts.parsed) {
            // Not read (outside the package, or no thread to parse it) or not parsed: what
            // it declares is unknown, so nothing where it could declare modules is reported.
            self.unknown.extend(dirs.iter().cloned());
            self.unknown.extend(file.parent().map(Path::to_path_buf));
            return Vec::new();
        }
        let Some(facts) = facts else {
            return Vec::new();
        };
        let mut next = Vec::new();
        for (path, line) in &facts.inline_mods {
            for dir in &dirs {
                let stands_for = path.iter().fold(dir.clone(), |d, part| d.join(part));
                self.inline_all.insert(stands_for, (file.clone(), *line));
            }
        }
        for decl in &facts.mods {
            let loaded = self.declared(&file, &dirs, decl, false);
            if loaded.is_empty() && decl.paths.is_empty() {
                for dir in &dirs {
                    let module = decl.inline.iter().fold(dir.clone(), |d, part| d.join(part));
                    self.missing
                        .insert(module.join(&decl.name), (file.clone(), decl.name.clone()));
                }
            }
            next.extend(loaded);
            if !decl.inline.is_empty() {
                for dir in &dirs {
                    let inline = decl.inline.iter().fold(dir.clone(), |d, part| d.join(part));
                    self.inline
                        .insert(inline, (file.clone(), decl.inline.clone()));
                }
            }
        }
        for decl in &facts.macro_mods {
            next.extend(self.declared(&file, &dirs, decl, true));
        }
        for decl in &facts.macro_rules_mods {
            if !anywhere.contains(decl) {
                anywhere.push(decl.clone());
            }
        }
        let here = file.parent().unwrap_or(Path::new("."));
        for include in &facts.includes {
            let included = crate::paths::normalize(&here.join(include));
            self.included.insert(included.clone());
            next.push((included, dirs.clone()));
        }
        for literal in &facts.literals {
            for named in self.named_by(literal, here) {
                if !self.reached.contains_key(&named) {
                    self.not_owners.insert(named.clone());
                }
                next.push(owned(&named));
            }
        }
        next
    }

    /// The files a module declaration in `file` can load, with their module directories. A
    /// `mod` written in a macro also resolves from the file's own directory.
    fn declared(
        &self,
        file: &Path,
        dirs: &BTreeSet<PathBuf>,
        decl: &ModDecl,
        in_macro: bool,
    ) -> Vec<(PathBuf, BTreeSet<PathBuf>)> {
        let here = file.parent().unwrap_or(Path::new("."));
        let mut bases: BTreeSet<PathBuf> = dirs.clone();
        if in_macro {
            bases.insert(here.to_path_buf());
        }
        let bases: Vec<PathBuf> = bases
            .into_iter()
            .map(|base| decl.inline.iter().fold(base, |dir, part| dir.join(part)))
            .collect();
        let mut found = Vec::new();
        for path in &decl.paths {
            if decl.inline.is_empty() {
                found.push(path_loaded(&here.join(path)));
            }
            for base in &bases {
                found.push(path_loaded(&base.join(path)));
            }
        }
        if decl.default_too {
            for base in &bases {
                let file = base.join(format!("{}.rs", decl.name));
                found.push((file.clone(), non_owned(&file)));
                found.push(owned(&base.join(&decl.name).join("mod.rs")));
            }
        }
        found.retain(|(file, _)| self.facts.contains_key(file) || self.shipped.contains(file));
        found
    }

    /// The shipped `.rs` files a string literal names, read from the package root or from the
    /// directory of the file it is in: the file itself, a glob matching it, or a directory
    /// holding it.
    fn named_by(&self, literal: &str, here: &Path) -> Vec<PathBuf> {
        let literal = literal.trim_start_matches("./").trim_end_matches('/');
        if literal.is_empty() || literal.contains('\n') || literal.len() > 400 {
            return Vec::new();
        }
        let mut named = Vec::new();
        for base in [self.package_dir, here] {
            let full = crate::paths::normalize(&base.join(literal));
            let full_text = full.to_string_lossy();
            let glob = globs_sources(literal)
                .then(|| glob::Pattern::new(&full_text).ok())
                .flatten();
            if let Some(pattern) = placeholder_glob(literal) {
                let full = crate::paths::normalize(&base.join(pattern));
                if let Ok(glob) = glob::Pattern::new(&full.to_string_lossy()) {
                    let one_component = glob::MatchOptions {
                        require_literal_separator: true,
                        ..glob::MatchOptions::new()
                    };
                    // The file, or a directory holding it.
                    named.extend(
                        self.shipped
                            .iter()
                            .filter(|file| {
                                file.ancestors()
                                    .take_while(|a| a.starts_with(self.package_dir))
                                    .any(|a| glob.matches_path_with(a, one_component))
                            })
                            .cloned(),
                    );
                }
            }
            // The file itself and the files below it sort right after it.
            named.extend(
                self.shipped
                    .range::<Path, _>((Bound::Included(full.as_path()), Bound::Unbounded))
                    .take_while(|file| file.starts_with(&full))
                    .cloned(),
            );
            if let Some(glob) = glob {
                named.extend(
                    self.shipped
                        .iter()
                        .filter(|file| glob.matches_path(file) && !file.starts_with(&full))
                        .cloned(),
                );
            }
        }
        named
    }

    /// A reached file whose modules are in `file`'s directory and that comments out the
    /// declaration of `name`, with the commented line.
    fn commented_out(&self, file: &Path, name: &str) -> Option<(PathBuf, String)> {
        let (module_dir, _) = module_of(file);
        let dir = module_dir.parent()?;
        self.reached
            .iter()
            .filter(|(_, dirs)| dirs.contains(dir))
            .find_map(|(owner, _)| {
                let line = self
                    .facts
                    .get(owner)?
                    .commented_mods
                    .iter()
                    .find(|line| line.trim_end_matches(';').rsplit(' ').next() == Some(name))?;
                Some((owner.clone(), line.clone()))
            })
    }

    /// Whether a file is reached, or may be from a file that did not parse.
    fn covers(&self, file: &Path) -> bool {
        self.reached.contains_key(file) || self.unknown.iter().any(|dir| file.starts_with(dir))
    }

    /// Where `file` would be declared: `mod name;` in a reached file whose modules are in its
    /// directory, or inside the inline modules that stand for it.
    fn owner_of(&self, file: &Path) -> Option<String> {
        let (dir, name) = if file.file_name().is_some_and(|n| n == "mod.rs") {
            let module = file.parent()?;
            (
                module.parent()?,
                module.file_name()?.to_string_lossy().into_owned(),
            )
        } else {
            (
                file.parent()?,
                file.file_stem()?.to_string_lossy().into_owned(),
            )
        };
        let shown = |owner: &Path| {
            owner
                .strip_prefix(self.package_dir)
                .unwrap_or(owner)
                .display()
                .to_string()
        };
        let owner = self.reached.iter().find(|(file, dirs)| {
            dirs.contains(dir) && !self.included.contains(*file) && !self.not_owners.contains(*file)
        });
        if let Some((owner, _)) = owner {
            return Some(format!("`mod {name};` in `{}`", shown(owner)));
        }
        let (owner, modules) = self.inline.get(dir)?;
        let path = modules.join("::");
        Some(format!(
            "`mod {name};` inside `mod {path}` in `{}`",
            shown(owner)
        ))
    }
}

/// A file that owns its directory (a crate root, a `mod.rs`): its modules are beside it.
fn owned(file: &Path) -> (PathBuf, BTreeSet<PathBuf>) {
    let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
    (file.to_path_buf(), BTreeSet::from([dir]))
}

/// Any other module file `foo.rs`: its modules are in `foo/`.
fn non_owned(file: &Path) -> BTreeSet<PathBuf> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let stem = file.file_stem().unwrap_or_default();
    BTreeSet::from([dir.join(stem)])
}

/// A file loaded through `#[path]`: rustc treats it as owning its directory, and where that is
/// not certain the other reading counts too.
fn path_loaded(file: &Path) -> (PathBuf, BTreeSet<PathBuf>) {
    let file = crate::paths::normalize(file);
    let (file, mut dirs) = owned(&file);
    dirs.extend(non_owned(&file));
    (file, dirs)
}
/// Whether a string literal may be a glob of Rust files (`tests/ui/*.rs`, `tests/pass/*`):
/// a pattern ending in `.rs` or `*`, with nothing a path of sources would not hold. Format
/// strings (`{:?}`) and prose (`[in]`) are not matched against every shipped file.
fn globs_sources(literal: &str) -> bool {
    literal.contains(['*', '?', '['])
        && (literal.ends_with(".rs") || literal.ends_with('*'))
        && !literal.contains(|c: char| c.is_whitespace() || "{}:\"'<>|,;=".contains(c))
}

/// A format string shaped like a path (`tests/{directory}/pass/*.rs`) as a glob: each `{...}`
/// placeholder stands for any one path component. `None` for a literal without placeholders,
/// or one where no component is written out (`{}/{}`, `{dir}/*.rs`), which would name too much.
fn placeholder_glob(literal: &str) -> Option<String> {
    if !literal.contains('{') || literal.contains("{{") || literal.contains("}}") {
        return None;
    }
    let mut glob = String::new();
    let mut rest = literal;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        let inside = &rest[open + 1..close];
        if !inside
            .chars()
            .all(|c| c.is_alphanumeric() || "_:?.#".contains(c))
        {
            return None;
        }
        glob.push_str(&rest[..open]);
        glob.push('*');
        rest = &rest[close + 1..];
    }
    glob.push_str(rest);
    let path_shaped = glob.contains('/')
        && !glob.contains(|c: char| c.is_whitespace() || "{}:\"'<>|,;=".contains(c));
    let written_out = glob
        .split('/')
        .any(|part| !part.is_empty() && !part.contains(['*', '?', '[']) && part != "..");
    (path_shaped && written_out).then_some(glob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_placeholders_stand_for_one_path_component() {
        for (literal, glob) in [
            ("tests/{directory}/pass/*.rs", "tests/*/pass/*.rs"),
            ("tests/{}/fail", "tests/*/fail"),
            ("{root}/tests/{name}.rs", "*/tests/*.rs"),
            ("ui/{0}/{kind:?}", "ui/*/*"),
        ] {
            assert_eq!(
                placeholder_glob(literal).as_deref(),
                Some(glob),
                "{literal}"
            );
        }
        for not in [
            "tests/ui/*.rs",
            "{}/{}",
            "{dir}/*.rs",
            "{:?}",
            "value: {:?}",
            "{a,b}/tests",
            "tests/{{escaped}}/x.rs",
            "expected {expected}, got {actual}",
        ] {
            assert_eq!(placeholder_glob(not), None, "{not}");
        }
    }

    #[test]
    fn only_path_like_patterns_are_globs_of_sources() {
        for glob in [
            "tests/ui/*.rs",
            "tests/pass/*",
            "*.rs",
            "ui/**/*.rs",
            "tests/ui/[a-z]*.rs",
        ] {
            assert!(globs_sources(glob), "{glob}");
        }
        for not in [
            "{:?}",
            "value: {:?}",
            "[in] the handle",
            "tests/ui/a.rs",
            "what?",
            "a*b",
            "{a,b}/*.rs",
        ] {
            assert!(!globs_sources(not), "{not}");
        }
    }
}
