//! `--semver`: the package's public API compared with its baseline (the version users have
//! now) by cargo-semver-checks, run as it is. It runs `cargo semver-checks check-release` in
//! the stage's temporary copy, with the stage's target directory (so its rustdoc builds are
//! reused by the next run), and reads what it prints into [`SemverRun`], with every path made
//! relative to the package (the current side) or to the baseline's package. The stage decides
//! nothing: `checks::package::semver_checks` judges the lints against the version bump.
//!
//! cargo-semver-checks has no machine-readable output (0.51 prints text only), so the text is
//! parsed: each `--- failure ID: NAME ---` (or `--- warning`) block on stdout, with its
//! description, its `ref:` and `impl:` links and its `Failed in:` items; with `-v`, each lint's
//! `FAIL [..] major ID` line on stderr gives the bump the lint requires.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Component, Path, PathBuf};

use semver::Version;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::process;
use crate::progress::Progress;

/// The command that installs cargo-semver-checks, for the reason a run could not use it.
pub const INSTALL: &str = "cargo install --locked cargo-semver-checks";

/// What a package's release is compared with: the published version the release checks
/// compare with too, its `.crate` checked against the index and unpacked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The version compared with.
    pub version: Version,
    /// Its unpacked source (`--baseline-root`).
    pub root: PathBuf,
}

/// What each selected package's API is compared with, in the order of the selection: its
/// baseline, `Ok(None)` when nothing before it is published, or why it is unknown.
pub type Baselines = Vec<Result<Option<Baseline>, String>>;

/// What cargo-semver-checks said of one package that it could check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SemverRun {
    /// The baseline version it compared with.
    pub baseline: String,
    /// The lints that failed, and those it only warns about, in the order it printed them.
    pub lints: Vec<FailedLint>,
}

/// One lint that found something.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedLint {
    /// Its id (`function_missing`).
    pub id: String,
    /// Its name as the tool prints it (`pub fn removed or renamed`).
    pub name: String,
    /// What it says is broken.
    pub description: String,
    /// The reference link (the Cargo book's SemVer chapter, mostly), when it has one.
    pub reference: Option<String>,
    /// The lint's own definition.
    pub implementation: Option<String>,
    /// Whether the tool printed it as a warning (its lint level is `warn`), not a failure.
    pub warning: bool,
    /// The release it requires, when `-v` said.
    pub requires: Option<Bump>,
    /// Where it found it, one per line of `Failed in:`.
    pub items: Vec<LintItem>,
}

/// A release that a change requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Bump {
    /// A new minor version.
    Minor,
    /// A new major version.
    Major,
}

/// One item a lint found, as the tool describes it, with the places it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintItem {
    /// The description, with the places it names made relative (`function a::f, previously
    /// in file src/lib.rs:7`).
    pub text: String,
    /// The places, in order.
    pub spots: Vec<ItemSpot>,
}

/// A `file:line` an item names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSpot {
    /// Whether it is in the release being checked or in the baseline.
    pub side: Side,
    /// Relative to that package's root.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
}

/// Which source a place is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// The release being checked: the user's tree.
    Current,
    /// The baseline: gone from the user's tree, or moved.
    Baseline,
}

/// How a run's paths are told apart: the package's directory in the copy, and where the
/// baseline's source is (its root, or the directory named `NAME-VERSION` the registry unpacks
/// it into).
pub struct Roots<'a> {
    /// The package's directory in the temporary copy.
    pub current: &'a Path,
    /// `--baseline-root`, when given.
    pub baseline: Option<&'a Path>,
    /// `NAME-VERSION` of the baseline.
    pub baseline_dir_name: String,
}

/// The version line of the installed cargo-semver-checks (`cargo-semver-checks 0.51.0`), or
/// why there is none.
pub fn tool_version(cwd: &Path) -> Result<Result<String, String>, Error> {
    let args = [OsStr::new("semver-checks"), OsStr::new("--version")];
    let output = process::run(&process::cargo_program(), &args, cwd, &[], &mut |_| {})?;
    let line = output
        .stdout
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if output.success && line.starts_with("cargo-semver-checks") {
        return Ok(Ok(line));
    }
    Ok(Err(format!(
        "cargo-semver-checks is not installed (`cargo semver-checks --version` failed); \
install it with `{INSTALL}`"
    )))
}

/// Runs `cargo semver-checks check-release` for package `name` (in `roots.current`, the copy)
/// against `baseline`, with `target` as the target directory, and reads what it said. The
/// inner `Err` is the tool's own failure, with its reason: no fault of the package.
pub fn run(
    name: &str,
    roots: &Roots<'_>,
    baseline: &Baseline,
    target: &Path,
    offline: bool,
    show: &dyn Fn(&str) -> String,
    progress: &dyn Progress,
) -> Result<Result<SemverRun, String>, Error> {
    let mut args: Vec<OsString> = vec![
        "semver-checks".into(),
        "check-release".into(),
        "--manifest-path".into(),
        roots.current.join("Cargo.toml").into(),
        "--package".into(),
        name.into(),
        "--color".into(),
        "never".into(),
        "-v".into(),
    ];
    args.push("--baseline-root".into());
    args.push(baseline.root.as_os_str().into());
    let mut env: Vec<(&str, Option<&OsStr>)> = process::GIT_ENV.to_vec();
    env.extend([
        ("CARGO_TARGET_DIR", Some(target.as_os_str())),
        ("CARGO_TERM_COLOR", Some(OsStr::new("never"))),
        ("CARGO_TERM_PROGRESS_WHEN", Some(OsStr::new("never"))),
        ("RUST_BACKTRACE", Some(OsStr::new("0"))),
    ]);
    if offline {
        env.push(("CARGO_NET_OFFLINE", Some(OsStr::new("true"))));
    }
    let args_ref: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
    let output = process::run(
        &process::cargo_program(),
        &args_ref,
        roots.current,
        &env,
        &mut |line| progress.cargo_line(&show(line)),
    )?;
    for line in output.stdout.lines() {
        progress.cargo_line(&show(line));
    }
    let lints = parse(&output.stdout, &output.stderr, roots);
    let judged = output.stderr.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("Summary ") || l.starts_with("Checked [")
    });
    if !output.success && (lints.is_empty() || !judged) {
        return Ok(Err(failure_reason(&output.stderr, show)));
    }
    Ok(Ok(SemverRun {
        baseline: baseline.version.to_string(),
        lints,
    }))
}

/// The tool's own error: its last `error` line (its conclusion), with the first one (the
/// cause) when they differ.
fn failure_reason(stderr: &str, show: &dyn Fn(&str) -> String) -> String {
    let errors: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("error"))
        .collect();
    let reason = match (errors.first(), errors.last()) {
        (Some(first), Some(last)) if first != last => format!("{last} (first: {first})"),
        (Some(only), _) => only.to_string(),
        _ => stderr
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("it printed nothing")
            .to_string(),
    };
    format!("cargo-semver-checks could not check it: {}", show(&reason))
}

/// Reads the lints out of what `cargo semver-checks check-release -v` printed.
pub fn parse(stdout: &str, stderr: &str, roots: &Roots<'_>) -> Vec<FailedLint> {
    let requires = required_bumps(stderr);
    let mut lints: Vec<FailedLint> = Vec::new();
    let mut section = Section::None;
    for line in stdout.lines() {
        if let Some((warning, id, name)) = lint_header(line) {
            lints.push(FailedLint {
                requires: requires.get(id).copied(),
                id: id.to_string(),
                name: name.to_string(),
                warning,
                ..FailedLint::default()
            });
            section = Section::Header;
            continue;
        }
        let Some(lint) = lints.last_mut() else {
            continue;
        };
        let trimmed = line.trim();
        match trimmed {
            "Description:" => {
                section = Section::Description;
                continue;
            }
            "Failed in:" => {
                section = Section::Items;
                continue;
            }
            _ => {}
        }
        if let Some(link) = trimmed.strip_prefix("ref:") {
            lint.reference = Some(link.trim().to_string());
            section = Section::Links;
            continue;
        }
        if let Some(link) = trimmed.strip_prefix("impl:") {
            lint.implementation = Some(link.trim().to_string());
            section = Section::Links;
            continue;
        }
        match section {
            Section::Description if !trimmed.is_empty() => {
                if !lint.description.is_empty() {
                    lint.description.push(' ');
                }
                lint.description.push_str(trimmed);
            }
            Section::Items if line.starts_with("  ") && !trimmed.is_empty() => {
                lint.items.push(item(trimmed, roots));
            }
            // A lint without a template prints each result as pretty JSON: one item per object.
            Section::Items if line.starts_with('{') => lint.items.push(LintItem {
                text: "{".to_string(),
                spots: Vec::new(),
            }),
            Section::Items if !trimmed.is_empty() => {
                if let Some(last) = lint.items.last_mut() {
                    last.text.push(' ');
                    last.text.push_str(trimmed);
                }
            }
            _ => {}
        }
    }
    lints
}

#[derive(Clone, Copy)]
enum Section {
    None,
    Header,
    Description,
    Links,
    Items,
}

/// `--- failure ID: NAME ---` or `--- warning ID: NAME ---`: whether a warning, the id, the
/// name.
fn lint_header(line: &str) -> Option<(bool, &str, &str)> {
    let inner = line.trim().strip_prefix("--- ")?.strip_suffix(" ---")?;
    let (warning, rest) = if let Some(rest) = inner.strip_prefix("failure ") {
        (false, rest)
    } else {
        (true, inner.strip_prefix("warning ")?)
    };
    let (id, name) = rest.split_once(": ")?;
    Some((warning, id.trim(), name.trim()))
}

/// The bump each lint requires, from `-v`'s lines: `FAIL [   0.001s]       major        ID`.
fn required_bumps(stderr: &str) -> BTreeMap<&str, Bump> {
    stderr
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            if !matches!(words.next()?, "FAIL" | "WARN") {
                return None;
            }
            let mut words = words.skip_while(|w| !w.ends_with("s]"));
            words.next()?;
            let bump = match words.next()? {
                "major" => Bump::Major,
                "minor" => Bump::Minor,
                _ => return None,
            };
            Some((words.next()?, bump))
        })
        .collect()
}

/// One `Failed in:` line: the places it names, made relative to their package.
fn item(text: &str, roots: &Roots<'_>) -> LintItem {
    let mut shown = String::with_capacity(text.len());
    let mut spots = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            shown.push(' ');
        }
        let core = word.trim_end_matches([',', ';', ')']);
        let tail = &word[core.len()..];
        match spot(core, roots) {
            Some(found) => {
                shown.push_str(&format!(
                    "{}:{}{tail}",
                    crate::read::files::slashed(&found.path),
                    found.line
                ));
                spots.push(found);
            }
            None => shown.push_str(word),
        }
    }
    LintItem { text: shown, spots }
}

/// `PATH:LINE` as a place in the current or baseline package, when it is one.
fn spot(word: &str, roots: &Roots<'_>) -> Option<ItemSpot> {
    let (path, line) = word.rsplit_once(':')?;
    let line: usize = line.parse().ok()?;
    if !path.ends_with(".rs") {
        return None;
    }
    let path = Path::new(path);
    let (side, relative) = if let Ok(rest) = path.strip_prefix(roots.current) {
        (Side::Current, rest.to_path_buf())
    } else if let Some(rest) = roots.baseline.and_then(|b| path.strip_prefix(b).ok()) {
        (Side::Baseline, rest.to_path_buf())
    } else if let Some(rest) = after_component(path, &roots.baseline_dir_name) {
        (Side::Baseline, rest)
    } else if path.is_relative() {
        (Side::Current, path.to_path_buf())
    } else {
        return None;
    };
    Some(ItemSpot {
        side,
        path: relative,
        line,
    })
}

/// What follows the directory named `name` in `path`.
fn after_component(path: &Path, name: &str) -> Option<PathBuf> {
    let mut components = path.components();
    components.find(|c| matches!(c, Component::Normal(n) if *n == OsStr::new(name)))?;
    let rest: PathBuf = components.collect();
    (!rest.as_os_str().is_empty()).then_some(rest)
}

/// The file under the stage's target directory that keeps each package's last comparison.
pub const CACHE_FILE: &str = "ready-semver.json";

/// The name each package's comparison is kept under in [`CACHE_FILE`].
pub const REPLAYED_AS: &str = "semver";

/// What a comparison depends on, as one key: the package stage's inputs for the package (its
/// files, the toolchain, the environment, ...), the baseline and the tool's version.
pub fn cache_key(inputs: &super::fresh::Inputs, baseline: &Baseline, tool: &str) -> String {
    let inputs = serde_json::to_string(inputs).unwrap_or_default();
    let root = baseline.root.to_string_lossy();
    super::fresh::hash(format!("{inputs}\n{}\n{root}\n{tool}", baseline.version).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::replay::Cache;

    /// What cargo-semver-checks 0.51.0 printed (`tests/data/semver-checks/README.md`).
    fn recorded(name: &str) -> (String, String) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/semver-checks");
        let read = |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
        (read("stdout"), read("stderr"))
    }

    fn roots_of(current: &'static str, baseline: &'static str, version: &str) -> Roots<'static> {
        Roots {
            current: Path::new(current),
            baseline: Some(Path::new(baseline)),
            baseline_dir_name: format!("semdemo-{version}"),
        }
    }

    fn roots() -> Roots<'static> {
        Roots {
            current: Path::new("/tmp/cargo-ready-RECORDED/w/semdemo"),
            baseline: Some(Path::new("/tmp/semrec/base")),
            baseline_dir_name: "semdemo-0.1.0".to_string(),
        }
    }

    #[test]
    fn recorded_failures_are_read_with_their_ids_links_bumps_and_places() {
        let (stdout, stderr) = recorded("failures");
        let lints = parse(
            &stdout,
            &stderr,
            &roots_of("/tmp/semrec/cur", "/tmp/semrec/base", "0.1.0"),
        );
        let ids: Vec<&str> = lints.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "constructible_struct_adds_field",
                "enum_variant_added",
                "function_missing"
            ]
        );
        let missing = &lints[2];
        assert_eq!(missing.name, "pub fn removed or renamed");
        assert!(!missing.warning);
        assert_eq!(missing.requires, Some(Bump::Major));
        assert_eq!(
            missing.description,
            "A publicly-visible function cannot be imported by its prior path. A `pub use` may \
have been removed, or the function itself may have been renamed or removed entirely."
        );
        assert_eq!(
            missing.reference.as_deref(),
            Some("https://doc.rust-lang.org/cargo/reference/semver.html#item-remove")
        );
        assert_eq!(
            missing.implementation.as_deref(),
            Some(
                "https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/function_missing.ron"
            )
        );
        assert_eq!(
            missing.items,
            [LintItem {
                text: "function semdemo::removed, previously in file src/lib.rs:7".to_string(),
                spots: vec![ItemSpot {
                    side: Side::Baseline,
                    path: PathBuf::from("src/lib.rs"),
                    line: 7,
                }],
            }]
        );
        let added = &lints[1];
        assert_eq!(added.items[0].text, "variant Shape:Square in src/lib.rs:11");
        assert_eq!(added.items[0].spots[0].side, Side::Current);
        assert_eq!(added.items[0].spots[0].line, 11);
    }

    #[test]
    fn a_patch_release_runs_the_minor_lints_too() {
        let (stdout, stderr) = recorded("patch");
        let lints = parse(
            &stdout,
            &stderr,
            &roots_of("/tmp/semrec/cur1", "/tmp/semrec/base1", "1.0.0"),
        );
        let bumps: Vec<(&str, Option<Bump>)> =
            lints.iter().map(|l| (l.id.as_str(), l.requires)).collect();
        assert_eq!(
            bumps,
            [
                ("constructible_struct_adds_field", Some(Bump::Major)),
                ("enum_variant_added", Some(Bump::Major)),
                ("function_missing", Some(Bump::Major)),
                ("type_marked_deprecated", Some(Bump::Minor)),
            ]
        );
        assert_eq!(lints[3].items[0].text, "Struct Old in src/lib.rs:16");
    }

    #[test]
    fn an_unchanged_api_has_no_lints_and_a_failure_has_its_reason() {
        let roots = roots_of("/tmp/semrec/base", "/tmp/semrec/base", "0.1.0");
        let (stdout, stderr) = recorded("unchanged");
        assert!(parse(&stdout, &stderr, &roots).is_empty());
        let (stdout, stderr) = recorded("broken");
        assert!(parse(&stdout, &stderr, &roots).is_empty());
        assert_eq!(
            failure_reason(&stderr, &|s| s
                .replace("/tmp/semrec/broken", "/home/me/semdemo")),
            "cargo-semver-checks could not check it: error: aborting due to failure to build \
rustdoc for crate semdemo v0.1.1 (first: error[E0425]: cannot find type `MissingType` in this scope)"
        );
    }

    #[test]
    fn places_are_told_apart_by_their_package() {
        let roots = roots();
        let at = |word: &str| spot(word, &roots).map(|s| (s.side, s.path, s.line));
        assert_eq!(
            at("/tmp/cargo-ready-RECORDED/w/semdemo/src/a.rs:3"),
            Some((Side::Current, PathBuf::from("src/a.rs"), 3))
        );
        assert_eq!(
            at("/home/u/.cargo/registry/src/index.crates.io-x/semdemo-0.1.0/src/b.rs:9"),
            Some((Side::Baseline, PathBuf::from("src/b.rs"), 9))
        );
        assert_eq!(
            at("src/c.rs:1"),
            Some((Side::Current, PathBuf::from("src/c.rs"), 1))
        );
        assert_eq!(at("/elsewhere/src/d.rs:1"), None);
        assert_eq!(at("semdemo::f"), None);
        assert_eq!(at("Cargo.toml:4"), None);
        let listed = item(
            "Foo::bar in [ /tmp/semrec/base/src/x.rs:4 , /tmp/cargo-ready-RECORDED/w/semdemo/src/y.rs:8 ]",
            &roots,
        );
        assert_eq!(listed.text, "Foo::bar in [ src/x.rs:4 , src/y.rs:8 ]");
        assert_eq!(listed.spots.len(), 2);
    }

    #[test]
    fn headers_and_bumps() {
        assert_eq!(
            lint_header("--- failure function_missing: pub fn removed or renamed ---"),
            Some((false, "function_missing", "pub fn removed or renamed"))
        );
        assert_eq!(
            lint_header("--- warning type_marked_deprecated: #[deprecated] added on type ---"),
            Some((
                true,
                "type_marked_deprecated",
                "#[deprecated] added on type"
            ))
        );
        assert_eq!(lint_header("--- something else ---"), None);
        let bumps = required_bumps(
            "        PASS [   0.001s]        major         auto_trait_impl_removed\n        FAIL [   0.002s]        major         function_missing\n        WARN [   0.000s]        minor         type_marked_deprecated\n",
        );
        assert_eq!(bumps.get("function_missing"), Some(&Bump::Major));
        assert_eq!(bumps.get("type_marked_deprecated"), Some(&Bump::Minor));
        assert_eq!(bumps.get("auto_trait_impl_removed"), None);
    }

    #[test]
    fn a_failure_without_error_lines_gives_its_last_line() {
        assert_eq!(
            failure_reason("  Building x\n  something went wrong\n\n", &|s| s
                .to_string()),
            "cargo-semver-checks could not check it: something went wrong"
        );
    }

    #[test]
    fn a_saved_comparison_is_replayed_for_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CACHE_FILE);
        let baseline = Baseline {
            version: Version::new(0, 1, 0),
            root: PathBuf::from("/baselines/src/a-0.1.0"),
        };
        let inputs = super::super::fresh::Inputs::default();
        let key = cache_key(&inputs, &baseline, "cargo-semver-checks 0.51.0");
        let run = SemverRun {
            baseline: "0.1.0".to_string(),
            lints: vec![FailedLint {
                id: "function_missing".to_string(),
                ..FailedLint::default()
            }],
        };
        let mut cache = Cache::load(&file);
        cache.put("a v0.1.1", REPLAYED_AS, key.clone(), &run);
        cache.put("gone v1.0.0", REPLAYED_AS, key.clone(), &run);
        cache.retain(|name| name == "a v0.1.1");
        cache.save(&file);
        let cache = Cache::load(&file);
        let get = |name: &str, key: &str| cache.get::<SemverRun>(name, REPLAYED_AS, key);
        assert_eq!(get("a v0.1.1", &key), Some(run.clone()));
        assert_eq!(get("gone v1.0.0", &key), None);
        let newer_tool = cache_key(&inputs, &baseline, "cargo-semver-checks 0.52.0");
        assert_eq!(get("a v0.1.1", &newer_tool), None);
        let other_baseline = Baseline {
            version: Version::new(0, 0, 9),
            root: PathBuf::from("/baselines/src/a-0.0.9"),
        };
        let other = cache_key(&inputs, &other_baseline, "cargo-semver-checks 0.51.0");
        assert_eq!(get("a v0.1.1", &other), None);
        std::fs::write(&file, "{").unwrap();
        assert_eq!(
            Cache::load(&file).get::<SemverRun>("a v0.1.1", REPLAYED_AS, &key),
            None
        );
    }
}
