//! The builds others run from the published crate, after the verification build: docs.rs's
//! documentation build (`--docs`, [`docs_rs`]), `cargo check` with the toolchain the declared
//! `rust-version` names (`--msrv`, [`msrv`]) and with each feature alone (`--each-feature`,
//! [`each_feature`]). Each package's `.crate` is unpacked once outside any workspace (as
//! `--tests` does, at a place fixed per target directory and package so cargo's builds stay
//! fresh), cargo runs there with `--message-format json` in its own process group, and what
//! the compiler said is kept with paths relative to the package. A build whose inputs, options
//! and toolchain are unchanged since its last complete run is replayed from
//! [`super::replay`]. The
//! unpacked copy is removed when the builds end, or are interrupted.

pub mod docs_rs;
pub mod each_feature;
pub mod msrv;
pub mod toolchains;

use std::ffi::{OsStr, OsString};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::contents::Contents;
use super::replay::Cache;
use super::{PackageOutput, Selected, fresh, packaged_tests, plan};
use crate::error::Error;
use crate::model::NotRun;
use crate::process::{self as cargo, TempDirGuard};
use crate::progress::Progress;
use crate::read::workspace::Workspace;

/// What the compiler (or rustdoc) said about one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The message's first line, without `error[E...]: `.
    pub message: String,
    /// The error code or lint name (`E0425`, `rustdoc::broken_intra_doc_links`).
    pub code: Option<String>,
    /// The file its primary span is in: relative to the package, or absolute outside it (a
    /// dependency's source).
    pub file: Option<PathBuf>,
    /// 1-based line of the primary span.
    pub line: usize,
    /// 1-based column of the primary span.
    pub column: usize,
}

/// What one cargo run in the unpacked package showed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildRun {
    /// cargo exited with status 0.
    pub success: bool,
    /// The compiler's errors, in order (the first few).
    pub errors: Vec<Diagnostic>,
    /// The package's own warnings, in order.
    pub warnings: Vec<Diagnostic>,
    /// cargo's own error, when it failed and no compiler error says why.
    pub cargo_error: Option<String>,
}

/// The builds one package asked for, as they ran (or were replayed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildsRun {
    /// `--docs`.
    pub docs: Option<docs_rs::DocsRun>,
    /// `--msrv`.
    pub msrv: Option<msrv::MsrvRun>,
    /// `--each-feature`, one run per feature set.
    pub each_feature: Option<Vec<each_feature::FeatureRun>>,
}

/// Where the builds run and what they may use.
pub struct Place<'a> {
    /// The stage's target directory.
    pub target: &'a Path,
    /// `--offline`.
    pub offline: bool,
    /// Each selected package's stage inputs, when the stage fingerprinted them (not with
    /// `--registry`): a build is replayed only when they are unchanged.
    pub fingerprints: Option<&'a [fresh::Inputs]>,
}

/// Runs the builds each selected package asks for, when the package was made and built; says
/// why for each build that could not run.
pub fn run(
    workspace: &Workspace,
    selected: &[Selected<'_>],
    packages: &mut [PackageOutput],
    place: &Place<'_>,
    progress: &dyn Progress,
) -> Result<Vec<NotRun>, Error> {
    let mut not_run = Vec::new();
    if !selected.iter().any(|s| s.builds.any()) {
        return Ok(not_run);
    }
    // A member the registry does not have yet is published with the package
    // (`cargo publish --workspace`): a build that cannot find it did not run.
    let members: Vec<String> = workspace
        .members()
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    let cache_file = place.target.join(CACHE_FILE);
    let mut saved = Cache::load(&cache_file);
    let mut toolchains = toolchains::Toolchains::default();
    for (i, (s, out)) in selected.iter().zip(packages.iter_mut()).enumerate() {
        if !s.builds.any() {
            continue;
        }
        let name = plan::name_line(s.package);
        let built = super::built(out);
        let contents = match &out.contents {
            Some(contents) if built => contents,
            _ => {
                for stage in asked(s) {
                    not_run.push(NotRun {
                        stage: stage.to_string(),
                        reason: format!(
                            "{name}: the package was not made, or did not build, so the {stage} build did not run"
                        ),
                    });
                }
                continue;
            }
        };
        let mut package = Package {
            members: &members,
            selected: s,
            name: &name,
            contents,
            place,
            fingerprint: place.fingerprints.map(|f| &f[i]),
            unpacked: None,
            progress,
        };
        let mut run = BuildsRun::default();
        let mut why = |stage: &str, reason: String| {
            not_run.push(NotRun {
                stage: stage.to_string(),
                reason: format!("{name}: {reason}"),
            })
        };
        if s.builds.docs {
            match docs_rs::run(&mut package, &mut toolchains, &mut saved)? {
                Ok(docs) => {
                    for skipped in &docs.skipped {
                        why("docs", format!("the docs.rs build for {skipped}"));
                    }
                    run.docs = Some(docs);
                }
                Err(reason) => why("docs", reason),
            }
        }
        if s.builds.each_feature {
            match each_feature::run(&mut package, &mut toolchains, &mut saved)? {
                Ok(runs) => run.each_feature = Some(runs),
                Err(reason) => why("each-feature", reason),
            }
        }
        // Last: it sets the packaged Cargo.lock aside for one resolved for the old toolchain.
        if s.builds.msrv {
            match msrv::run(&mut package, &mut toolchains, &mut saved)? {
                Ok(msrv) => run.msrv = Some(msrv),
                Err(reason) => why("msrv", reason),
            }
        }
        drop(package);
        out.builds = Some(run);
    }
    if let Some(note) = toolchains.fallback_note() {
        progress.status("Note", &note);
    }
    saved.save(&cache_file);
    cargo::check_interrupt()?;
    Ok(not_run)
}

/// The builds a package asks for, by their stage names.
fn asked(s: &Selected<'_>) -> Vec<&'static str> {
    [
        (s.builds.docs, "docs"),
        (s.builds.msrv, "msrv"),
        (s.builds.each_feature, "each-feature"),
    ]
    .into_iter()
    .filter_map(|(on, stage)| on.then_some(stage))
    .collect()
}

/// One package whose builds run: its `.crate`, unpacked on first need.
pub(crate) struct Package<'a> {
    members: &'a [String],
    selected: &'a Selected<'a>,
    name: &'a str,
    contents: &'a Contents,
    place: &'a Place<'a>,
    fingerprint: Option<&'a fresh::Inputs>,
    unpacked: Option<Unpacked>,
    progress: &'a dyn Progress,
}

impl Package<'_> {
    /// The unpacked package's root, unpacking it the first time.
    fn root(&mut self) -> Result<PathBuf, Error> {
        if let Some(unpacked) = &self.unpacked {
            return Ok(unpacked.root.clone());
        }
        let dir = unpack_place(self.place.target, self.contents.prefix());
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            action: "create",
            source,
        })?;
        let guard = TempDirGuard::register(&dir);
        let root = match self.contents.unpack_into(&dir) {
            Ok(root) => root,
            Err(source) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(Error::Io {
                    path: dir,
                    action: "unpack the package into",
                    source,
                });
            }
        };
        self.unpacked = Some(Unpacked {
            root: root.clone(),
            dir,
            _guard: guard,
        });
        Ok(root)
    }

    /// The key a build's saved result is kept under: the package's stage inputs with what
    /// the build adds (its kind, options and toolchain); `None` when the stage has none.
    fn key(&self, build: &str) -> Option<String> {
        let inputs = serde_json::to_string(self.fingerprint?).ok()?;
        Some(fresh::hash(format!("{inputs}\n{build}").as_bytes()))
    }

    /// Runs cargo with `args` in the unpacked package, its JSON messages read; `-v` shows
    /// its output with the user's paths.
    fn cargo(&mut self, command: &Command<'_>) -> Result<Ran, Error> {
        let root = self.root()?;
        let user_dir = self.selected.dir().to_path_buf();
        let show =
            |line: &str| line.replace(&root.display().to_string(), &user_dir.display().to_string());
        let mut args: Vec<OsString> = command.args.iter().map(OsString::from).collect();
        args.push("--manifest-path".into());
        args.push(root.join("Cargo.toml").into());
        let mut env: Vec<(&str, Option<&OsStr>)> = vec![
            ("CARGO_TERM_COLOR", Some(OsStr::new("never"))),
            ("CARGO_TERM_PROGRESS_WHEN", Some(OsStr::new("never"))),
            ("CARGO_TERM_QUIET", Some(OsStr::new("false"))),
        ];
        env.extend(command.env.iter().map(|(k, v)| (*k, v.map(OsStr::new))));
        let args_ref: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
        let progress = self.progress;
        progress.cargo_line(&show(&format!(
            "     Running `{}{}`",
            command
                .env
                .iter()
                .filter_map(|(k, v)| v.map(|v| format!("{k}={} ", shell_word(v))))
                .collect::<String>(),
            std::iter::once(&command.program)
                .chain(&args)
                .map(|a| shell_word(&a.to_string_lossy()))
                .collect::<Vec<_>>()
                .join(" ")
        )));
        let output = cargo::run(&command.program, &args_ref, &root, &env, &mut |line| {
            progress.cargo_line(&show(line))
        })?;
        let mut run = read_messages(&output.stdout, &root, &mut |rendered| {
            for line in rendered.trim_end().lines() {
                progress.cargo_line(&show(line));
            }
        });
        run.success = output.success;
        let failed_silently = !output.success && run.errors.is_empty();
        let not_run = if !failed_silently {
            None
        } else if let Some(changed) = checksum_changed(&output.stderr) {
            Some(format!(
                "the packaged Cargo.lock records another checksum for `{changed}` than the registry has (it was published from other sources)"
            ))
        } else if let Some(member) = unpublished_member(&output.stderr, self.members) {
            Some(format!(
                "it depends on `{member}` of the workspace, which the registry does not have yet; it builds once that is published"
            ))
        } else if packaged_tests::is_fetch_failure(&output.stderr, self.place.offline) {
            let error = packaged_tests::first_error(&output.stderr, &root);
            let hint = if self.place.offline {
                "; run without --offline"
            } else {
                ""
            };
            Some(format!(
                "cargo could not fetch what it needs ({error}){hint}"
            ))
        } else {
            run.cargo_error = Some(packaged_tests::first_error(&output.stderr, &root));
            None
        };
        Ok(Ran { run, not_run })
    }
}

/// A cargo command for [`Package::cargo`]: the program (cargo, or rustup running a toolchain's
/// cargo), its arguments before `--manifest-path`, and what it adds to the environment.
pub(crate) struct Command<'a> {
    program: OsString,
    args: Vec<String>,
    env: Vec<(&'a str, Option<&'a str>)>,
}

/// A cargo run: what it showed, or why the build could not run for no fault of the package
/// (a dependency cargo could not fetch, a workspace member not published yet).
struct Ran {
    run: BuildRun,
    not_run: Option<String>,
}

/// The unpacked package: removed, and forgotten by the interrupt handler, when dropped.
struct Unpacked {
    root: PathBuf,
    dir: PathBuf,
    _guard: TempDirGuard,
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where a package is unpacked for its builds: fixed for a target directory and package, so
/// cargo's fingerprints (which include the path) match the next run's.
fn unpack_place(target: &Path, prefix: &str) -> PathBuf {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    target.hash(&mut hasher);
    prefix.hash(&mut hasher);
    std::env::temp_dir().join(format!("cargo-ready-builds-{:016x}", hasher.finish()))
}

/// How many of the compiler's errors are kept: the first says what is wrong, a few more help.
/// The file the builds' results are saved in, under the stage's target directory.
pub const CACHE_FILE: &str = "ready-builds.json";

const ERRORS_KEPT: usize = 5;

/// One line of cargo's JSON messages, as far as the builds read it.
#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    manifest_path: Option<PathBuf>,
    #[serde(default)]
    message: Option<CompilerMessage>,
}

#[derive(Deserialize)]
struct CompilerMessage {
    message: String,
    level: String,
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    spans: Vec<Span>,
    #[serde(default)]
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    column_start: usize,
    is_primary: bool,
}

/// Reads cargo's JSON messages: every error (a dependency's too, since it stops the build), and
/// the warnings about the package at `root` itself. Paths under `root` become relative to it.
/// `show` gets each diagnostic as the compiler rendered it.
pub fn read_messages(stdout: &str, root: &Path, show: &mut dyn FnMut(&str)) -> BuildRun {
    let own_manifest = root.join("Cargo.toml");
    let mut run = BuildRun::default();
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        if message.reason != "compiler-message" {
            continue;
        }
        let Some(diagnostic) = message.message else {
            continue;
        };
        if let Some(rendered) = &diagnostic.rendered {
            show(rendered);
        }
        let own = message.manifest_path.as_deref() == Some(own_manifest.as_path());
        let primary = diagnostic.spans.iter().find(|s| s.is_primary);
        let kept = Diagnostic {
            code: diagnostic.code.map(|c| c.code),
            file: primary.map(|s| relative(Path::new(&s.file_name), root)),
            line: primary.map_or(0, |s| s.line_start),
            column: primary.map_or(0, |s| s.column_start),
            message: diagnostic.message,
        };
        match diagnostic.level.as_str() {
            "error" if kept.message.starts_with("aborting due to") => {}
            "error" if run.errors.len() < ERRORS_KEPT => run.errors.push(kept),
            "warning" if own && !kept.message.contains("warning emitted") => {
                run.warnings.push(kept)
            }
            _ => {}
        }
    }
    run
}

/// The package whose checksum in the lock file is not the registry's (`checksum for `x v1.0.0`
/// changed between lock files`): a sibling packaged here at a version published with other
/// contents.
fn checksum_changed(stderr: &str) -> Option<&str> {
    let rest = &stderr[stderr.find("checksum for `")? + "checksum for `".len()..];
    let (package, after) = rest.split_once('`')?;
    after
        .trim_start()
        .starts_with("changed between lock files")
        .then_some(package)
}

/// The workspace member cargo could not find in the registry, when that is why it failed.
fn unpublished_member<'m>(stderr: &str, members: &'m [String]) -> Option<&'m str> {
    let quoted_after = |marker: &str| -> Option<&str> {
        let rest = &stderr[stderr.find(marker)? + marker.len()..];
        let rest = &rest[rest.find('`')? + 1..];
        rest.split(['`', ' ']).next()
    };
    let named = quoted_after("no matching package named")
        .or_else(|| quoted_after("failed to select a version for the requirement"))?;
    members.iter().map(String::as_str).find(|m| *m == named)
}

/// `word` as a shell reads it back: quoted when it holds anything but plain characters.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=+:,@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_the_registry_lacks_is_named() {
        let members = ["core-x".to_string(), "app".to_string()];
        let missing = "error: no matching package named `core-x` found\nlocation searched: crates.io index\nrequired by package `app v0.1.0`\n";
        assert_eq!(unpublished_member(missing, &members), Some("core-x"));
        let newer = "error: failed to select a version for the requirement `core-x = \"^0.2.0\"`\ncandidate versions found which didn't match: 0.1.0\n";
        assert_eq!(unpublished_member(newer, &members), Some("core-x"));
        let foreign = "error: no matching package named `serde_derive2` found\n";
        assert_eq!(unpublished_member(foreign, &members), None);
    }

    #[test]
    fn a_checksum_the_registry_does_not_have_is_named() {
        let stderr = "error: checksum for `tracing-core v0.1.36` changed between lock files\n\nthis could be indicative of either a source also being available\n";
        assert_eq!(checksum_changed(stderr), Some("tracing-core v0.1.36"));
        assert_eq!(checksum_changed("error: could not compile `x`\n"), None);
    }

    #[test]
    fn commands_are_shown_as_a_shell_reads_them() {
        assert_eq!(shell_word("--lib"), "--lib");
        assert_eq!(
            shell_word("build.rustdocflags=[\"--cfg\", \"docsrs\"]"),
            "'build.rustdocflags=[\"--cfg\", \"docsrs\"]'"
        );
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn errors_of_any_package_and_warnings_of_the_package_itself() {
        let root = Path::new("/tmp/b/demo-0.1.0");
        let stdout = r#"{"reason":"compiler-artifact","package_id":"dep"}
{"reason":"compiler-message","manifest_path":"/reg/dep-1.0.0/Cargo.toml","message":{"rendered":"warning: unused\n","message":"unused variable: `x`","level":"warning","code":{"code":"unused_variables"},"spans":[{"file_name":"/reg/dep-1.0.0/src/lib.rs","line_start":3,"column_start":9,"is_primary":true}]}}
{"reason":"compiler-message","manifest_path":"/tmp/b/demo-0.1.0/Cargo.toml","message":{"rendered":"warning: unresolved link to `Nope`\n","message":"unresolved link to `Nope`","level":"warning","code":{"code":"rustdoc::broken_intra_doc_links"},"spans":[{"file_name":"src/lib.rs","line_start":4,"column_start":12,"is_primary":true}]}}
{"reason":"compiler-message","manifest_path":"/tmp/b/demo-0.1.0/Cargo.toml","message":{"rendered":"error[E0412]\n","message":"cannot find type `Missing` in this scope","level":"error","code":{"code":"E0412"},"spans":[{"file_name":"/tmp/b/demo-0.1.0/src/docs.rs","line_start":7,"column_start":20,"is_primary":false},{"file_name":"/tmp/b/demo-0.1.0/src/docs.rs","line_start":8,"column_start":21,"is_primary":true}]}}
{"reason":"compiler-message","manifest_path":"/tmp/b/demo-0.1.0/Cargo.toml","message":{"rendered":"error: aborting\n","message":"aborting due to 1 previous error","level":"error","code":null,"spans":[]}}
{"reason":"compiler-message","manifest_path":"/tmp/b/demo-0.1.0/Cargo.toml","message":{"rendered":"warning: 1 warning emitted\n","message":"1 warning emitted","level":"warning","code":null,"spans":[]}}
not json
"#;
        let mut shown = Vec::new();
        let run = read_messages(stdout, root, &mut |r| shown.push(r.to_string()));
        assert_eq!(shown.len(), 5);
        assert_eq!(run.warnings.len(), 1, "{:?}", run.warnings);
        assert_eq!(
            run.warnings[0].code.as_deref(),
            Some("rustdoc::broken_intra_doc_links")
        );
        assert_eq!(
            run.warnings[0].file.as_deref(),
            Some(Path::new("src/lib.rs"))
        );
        assert_eq!(run.errors.len(), 1);
        let error = &run.errors[0];
        assert_eq!(error.file.as_deref(), Some(Path::new("src/docs.rs")));
        assert_eq!((error.line, error.column), (8, 21));
        assert_eq!(error.code.as_deref(), Some("E0412"));
    }
}
