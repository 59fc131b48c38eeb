//! cargo's stderr from `cargo package` / `cargo publish --dry-run`, turned into events.
//!
//! Pure functions over text: the stage maps the events to findings. Every error and warning
//! cargo prints becomes an event; what no specific rule recognises is kept as
//! [`Kind::OtherError`] or [`Kind::OtherWarning`], never dropped.

use std::path::{Path, PathBuf};

/// A package cargo was asked to handle, as the parser sees it.
#[derive(Debug, Clone)]
pub struct Known<'a> {
    /// Package name.
    pub name: &'a str,
    /// Package version.
    pub version: &'a str,
    /// The package's directory in the staged copy.
    pub dir: &'a Path,
}

/// A place in a source file, as the compiler printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// The path as printed: relative to the crate being compiled, or absolute.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The first error the compiler reported in a verification build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompilerError {
    /// The message line without `error[E...]: `.
    pub message: String,
    /// The error code, such as `E0583`.
    pub code: Option<String>,
    /// Where it points.
    pub spot: Option<Spot>,
}

/// What a piece of cargo's output means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The verification build failed; the compiler's first error when there was one.
    VerificationFailed {
        /// The compiler's first error.
        first: Option<CompilerError>,
        /// cargo's own explanation when the compiler said nothing.
        detail: String,
    },
    /// A build script changed the sources: (`Added`/`Changed`/`Removed`, path) pairs.
    BuildScriptModified(Vec<(String, PathBuf)>),
    /// rustc is older than the package's rust-version.
    ToolchainTooOld {
        /// The running rustc version.
        rustc: String,
        /// What the package requires.
        required: String,
    },
    /// `crate NAME@VERSION already exists on REGISTRY`.
    AlreadyPublished {
        /// Where it exists.
        registry: String,
    },
    /// `unable to verify that X is the same as when the lockfile was generated`.
    PublishedDiffers {
        /// The package cargo names (`name vX.Y.Z`).
        package: String,
    },
    /// A path or git dependency without a version.
    DependencyWithoutVersion {
        /// The dependency's name.
        dependency: String,
    },
    /// `readme` names a missing file.
    ReadmeMissing {
        /// The path as written in the manifest.
        path: String,
    },
    /// `license-file` names a missing file.
    LicenseFileMissing {
        /// The path as written in the manifest.
        path: String,
    },
    /// `manifest has no ...`.
    MetadataMissing {
        /// The fields, as cargo lists them.
        fields: String,
    },
    /// `ignoring KIND `NAME` as `PATH` is not included in the published package` (C24).
    TargetNotPackaged {
        /// `library`, `binary`, `example`, `test` or `benchmark`.
        kind: String,
        /// The target's name.
        name: String,
        /// Its source file, relative to the package.
        path: String,
    },
    /// `ignoring `package.build` entry` (C23): the build script is not packaged.
    BuildScriptNotPackaged {
        /// The build script's path, as cargo printed it.
        path: String,
    },
    /// Both `include` and `exclude` are set; cargo ignores `exclude` (C19).
    IncludeAndExclude,
    /// Both `license` and `license-file` are set (C2).
    LicenseAndLicenseFile,
    /// No `edition`, so cargo uses 2015 (C3).
    EditionUnspecified,
    /// `readme` or `license-file` names a file outside the package, but the package root holds a
    /// file of that name, which cargo packages instead.
    FileShadowed {
        /// `readme` or `license-file`.
        key: String,
        /// The path the manifest gives.
        path: String,
        /// The file name in the package root that cargo packages.
        name: String,
    },
    /// A key cargo does not know, such as `package.autobin`.
    UnusedManifestKey {
        /// The key path cargo printed, dotted.
        key: String,
    },
    /// A yanked version in the packaged lockfile.
    Yanked {
        /// `name vX.Y.Z`.
        package: String,
        /// The registry's name.
        registry: String,
    },
    /// A file name cargo refuses.
    Unpackageable {
        /// The path cargo printed.
        path: String,
        /// Why.
        reason: String,
    },
    /// A file name reserved on Windows.
    WindowsReserved {
        /// The path cargo printed.
        path: String,
    },
    /// `unable to publish a v1, b v2 and c v3 due to a timeout while waiting for published
    /// dependencies to be available`: the packages of a workspace publish left waiting.
    PublishStalled {
        /// The names of the packages cargo did not publish.
        waiting: Vec<String>,
    },
    /// A dependency cargo could not find in the registry.
    MissingDependency {
        /// The dependency's name.
        dependency: String,
    },
    /// A compiler warning from the verification build.
    CompilerWarning(CompilerError),
    /// Any other error, as cargo printed it.
    OtherError(String),
    /// cargo failed without an error message (exit status, or `a signal`).
    Failed {
        /// How it ended: `status 101`, or `a signal`.
        status: String,
    },
    /// Any other warning, as cargo printed it.
    OtherWarning(String),
}

impl Kind {
    /// Whether cargo failed on it (an error), rather than warned.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Kind::VerificationFailed { .. }
                | Kind::BuildScriptModified(_)
                | Kind::ToolchainTooOld { .. }
                | Kind::PublishedDiffers { .. }
                | Kind::DependencyWithoutVersion { .. }
                | Kind::ReadmeMissing { .. }
                | Kind::LicenseFileMissing { .. }
                | Kind::Unpackageable { .. }
                | Kind::MissingDependency { .. }
                | Kind::PublishStalled { .. }
                | Kind::OtherError(_)
                | Kind::Failed { .. }
        )
    }
}

/// One event, and the package it is about (an index into the known packages), when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Index into the `known` slice given to [`parse`].
    pub package: Option<usize>,
    /// What happened.
    pub kind: Kind,
}

/// A top-level piece of output: a status line or a diagnostic with its continuation lines.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Status {
        verb: String,
        rest: String,
    },
    Diagnostic {
        level: Level,
        head: String,
        body: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
}

/// Splits stderr into blocks. A status line is a verb right-aligned to column 12; a diagnostic
/// starts with `error` or `warning` at column 0 and runs to the next block.
fn blocks(stderr: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in stderr.lines() {
        let line = line.trim_end_matches('\r');
        if let Some((verb, rest)) = status_line(line) {
            out.push(Block::Status {
                verb: verb.to_string(),
                rest: rest.to_string(),
            });
        } else if let Some((level, head)) = diagnostic_head(line) {
            out.push(Block::Diagnostic {
                level,
                head: head.to_string(),
                body: Vec::new(),
            });
        } else if let Some(Block::Diagnostic { body, .. }) = out.last_mut() {
            body.push(line.to_string());
        }
    }
    out
}

fn status_line(line: &str) -> Option<(&str, &str)> {
    let (verb_part, rest) = (line.get(..12)?, line.get(12..)?);
    let verb = verb_part.trim_start();
    let well_formed = !verb.is_empty()
        && verb.starts_with(|c: char| c.is_ascii_uppercase())
        && verb.chars().all(|c| c.is_ascii_alphabetic())
        && rest.starts_with(' ');
    well_formed.then(|| (verb, rest.trim_start()))
}

fn diagnostic_head(line: &str) -> Option<(Level, &str)> {
    let (level, rest) = if let Some(rest) = line.strip_prefix("error") {
        (Level::Error, rest)
    } else if let Some(rest) = line.strip_prefix("warning") {
        (Level::Warning, rest)
    } else {
        return None;
    };
    (rest.starts_with(':') || rest.starts_with('[')).then_some((level, rest))
}

/// `[E0583]: file not found` → (Some("E0583"), "file not found"); `: text` → (None, "text").
fn split_code(head: &str) -> (Option<String>, String) {
    if let Some(rest) = head.strip_prefix('[')
        && let Some((code, message)) = rest.split_once("]:")
    {
        return (Some(code.to_string()), message.trim().to_string());
    }
    (None, head.trim_start_matches(':').trim().to_string())
}

/// The `--> path:line:col` line of a compiler diagnostic.
fn spot(body: &[String]) -> Option<Spot> {
    let arrow = body
        .iter()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = arrow.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let path = parts.next()?;
    Some(Spot {
        path: PathBuf::from(path),
        line,
        column,
    })
}

/// The text between the first pair of backticks after `prefix`.
fn quoted_after<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    quoted(&text[text.find(prefix)? + prefix.len()..])
}

/// The first text between backquotes, as cargo and rustc quote names and paths.
pub fn quoted(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(&text[start..start + len])
}

fn package_by_name(known: &[Known<'_>], name: &str, version: Option<&str>) -> Option<usize> {
    known
        .iter()
        .position(|k| k.name == name && version.is_none_or(|v| v == k.version))
}

fn package_by_dir(known: &[Known<'_>], path: &Path) -> Option<usize> {
    known
        .iter()
        .enumerate()
        .filter(|(_, k)| path.starts_with(k.dir))
        .max_by_key(|(_, k)| k.dir.components().count())
        .map(|(i, _)| i)
}

/// `name vX.Y.Z (...)` from a status line → the known package.
fn package_in_status(known: &[Known<'_>], rest: &str) -> Option<usize> {
    let mut words = rest.split_whitespace();
    let name = words.next()?;
    let version = words.next()?.strip_prefix('v')?;
    package_by_name(known, name, Some(version))
}

/// The packages cargo finished packaging (a `Packaged` line after their `Packaging` line), as
/// indices into `known`. A `.crate` of any other package may be missing or cut short.
pub fn packaged(stderr: &str, known: &[Known<'_>]) -> Vec<usize> {
    let mut done = Vec::new();
    let mut current = None;
    for block in blocks(stderr) {
        match block {
            Block::Status { verb, rest } if verb == "Packaging" => {
                current = package_in_status(known, &rest);
            }
            Block::Status { verb, .. } if verb == "Packaged" => {
                done.extend(current.take());
            }
            Block::Diagnostic {
                level: Level::Error,
                ..
            } => current = None,
            _ => {}
        }
    }
    done
}

/// Parses cargo's stderr into events, attributing each to a package where the output allows.
pub fn parse(stderr: &str, known: &[Known<'_>]) -> Vec<Event> {
    let mut events = Vec::new();
    // Diagnostics printed before a package's `Packaging` line (cargo's metadata warning) are
    // about that package.
    let mut pending: Vec<Kind> = Vec::new();
    let mut current: Option<usize> = None;
    let mut first_error: Option<CompilerError> = None;

    for block in blocks(stderr) {
        match block {
            Block::Status { verb, rest } => match verb.as_str() {
                "Packaging" => {
                    current = package_in_status(known, &rest).or(current);
                    for kind in pending.drain(..) {
                        events.push(Event {
                            package: current,
                            kind,
                        });
                    }
                }
                "Verifying" => {
                    current = package_in_status(known, &rest).or(current);
                    first_error = None;
                }
                "Uploading" => {
                    current = package_in_status(known, &rest).or(current);
                }
                _ => {}
            },
            Block::Diagnostic { level, head, body } => {
                let (code, message) = split_code(&head);
                let full = std::iter::once(message.as_str())
                    .chain(body.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join("\n");
                if let Some(at) = spot(&body) {
                    let error = CompilerError {
                        message: message.clone(),
                        code,
                        spot: Some(at),
                    };
                    match level {
                        Level::Error => {
                            first_error.get_or_insert(error);
                        }
                        Level::Warning => events.push(Event {
                            package: current,
                            kind: Kind::CompilerWarning(error),
                        }),
                    }
                    continue;
                }
                let Some((package, kind)) =
                    classify(level, &message, &full, known, current, &mut first_error)
                else {
                    continue;
                };
                match package {
                    Some(index) => events.push(Event {
                        package: Some(index),
                        kind,
                    }),
                    // It names the packages it left waiting: each judges it for itself.
                    None if matches!(kind, Kind::PublishStalled { .. }) => events.push(Event {
                        package: None,
                        kind,
                    }),
                    None if current.is_none() && level == Level::Warning => pending.push(kind),
                    None => events.push(Event {
                        package: current,
                        kind,
                    }),
                }
            }
        }
    }
    for kind in pending {
        events.push(Event {
            package: current,
            kind,
        });
    }
    if let Some(first) = first_error {
        // Compiler errors without cargo's closing "failed to verify" (output cut short).
        events.push(Event {
            package: current,
            kind: Kind::VerificationFailed {
                first: Some(first),
                detail: String::new(),
            },
        });
    }
    events
}

/// Where a classified diagnostic belongs: a package it names, or the one being worked on.
type Classified = (Option<usize>, Kind);

/// Classifies one cargo diagnostic (not a compiler one). Returns the package it names, when it
/// names one, and the event (`None` for lines that are expected and carry nothing).
fn classify(
    level: Level,
    message: &str,
    full: &str,
    known: &[Known<'_>],
    current: Option<usize>,
    first_error: &mut Option<CompilerError>,
) -> Option<Classified> {
    if is_expected(message) {
        return None;
    }
    if message.starts_with("failed to verify package tarball") {
        return Some((current, verification_failure(full, first_error)));
    }
    let in_current = |kind: Kind| (current, kind);
    let unattributed = |kind: Kind| (None, kind);
    let classified = toolchain_too_old(full)
        .or_else(|| published_differs(full))
        .map(in_current)
        .or_else(|| already_published(message, known, current))
        .or_else(|| dependency_without_version(full, known, current))
        .or_else(|| missing_file(message, full, known, current))
        .or_else(|| manifest_warning(message).map(unattributed))
        .or_else(|| left_out(message).map(in_current))
        .or_else(|| file_name_problem(message).map(in_current))
        .or_else(|| windows_reserved(message).map(unattributed))
        .or_else(|| publish_stalled(message).map(unattributed))
        .or_else(|| {
            quoted_after(full, "no matching package named").map(|dependency| {
                in_current(Kind::MissingDependency {
                    dependency: dependency.to_string(),
                })
            })
        });
    if classified.is_some() {
        return classified;
    }
    let text = full.trim_end().to_string();
    Some(match level {
        Level::Error => (None, Kind::OtherError(text)),
        Level::Warning => (None, Kind::OtherWarning(text)),
    })
}

/// Lines cargo always prints along the way, which say nothing of their own.
fn is_expected(message: &str) -> bool {
    message == "aborting upload due to dry run"
        || (message.starts_with('`')
            && message.contains("generated")
            && message.contains("warning"))
        || message.starts_with("could not compile `")
        || message.starts_with("build failed, waiting for other jobs")
}

/// `failed to verify package tarball`, by its cause.
fn verification_failure(full: &str, first_error: &mut Option<CompilerError>) -> Kind {
    build_script_changes(full)
        .map(Kind::BuildScriptModified)
        .or_else(|| toolchain_too_old(full))
        .or_else(|| published_differs(full))
        .unwrap_or_else(|| Kind::VerificationFailed {
            first: first_error.take(),
            detail: caused_by(full),
        })
}

/// `crate NAME@VERSION already exists on REGISTRY`.
fn already_published(
    message: &str,
    known: &[Known<'_>],
    current: Option<usize>,
) -> Option<Classified> {
    let rest = message.strip_prefix("crate ")?;
    let (id, registry) = rest.split_once(" already exists on ")?;
    let (name, version) = id.split_once('@')?;
    let registry = registry.trim().to_string();
    Some((
        package_by_name(known, name, Some(version)).or(current),
        Kind::AlreadyPublished { registry },
    ))
}

/// `all dependencies must have a version requirement specified when publishing`.
fn dependency_without_version(
    full: &str,
    known: &[Known<'_>],
    current: Option<usize>,
) -> Option<Classified> {
    if !full.contains("all dependencies must have a version") {
        return None;
    }
    let dependency = quoted_after(full, "dependency ")?;
    let package = quoted_after(full, "manifest at ")
        .and_then(|p| package_by_dir(known, Path::new(p)))
        .or(current);
    Some((
        package,
        Kind::DependencyWithoutVersion {
            dependency: dependency.to_string(),
        },
    ))
}

/// `readme`/`license-file` naming a file that does not exist.
fn missing_file(
    message: &str,
    full: &str,
    known: &[Known<'_>],
    current: Option<usize>,
) -> Option<Classified> {
    if !full.contains("does not appear to exist") {
        return None;
    }
    let (key, make): (&str, fn(String) -> Kind) = if message.starts_with("readme ") {
        ("readme", |path| Kind::ReadmeMissing { path })
    } else if message.starts_with("license-file ") {
        ("license-file", |path| Kind::LicenseFileMissing { path })
    } else {
        return None;
    };
    let path = quoted_after(message, key)?;
    let package = quoted_after(full, "relative to ")
        .and_then(|dir| package_by_dir(known, Path::new(dir)))
        .or(current);
    Some((package, make(path.to_string())))
}

/// Warnings about the manifest cargo prints while loading it or before packaging.
fn manifest_warning(message: &str) -> Option<Kind> {
    if let Some(fields) = message.strip_prefix("manifest has no ") {
        let fields = fields.lines().next().unwrap_or("").trim_end_matches('.');
        return Some(Kind::MetadataMissing {
            fields: fields.to_string(),
        });
    }
    if message.starts_with("both package.include and package.exclude are specified") {
        return Some(Kind::IncludeAndExclude);
    }
    if message.starts_with("only one of `license` or `license-file` is necessary") {
        return Some(Kind::LicenseAndLicenseFile);
    }
    if message.starts_with("`package.edition` is unspecified")
        || message.starts_with("no edition set")
    {
        return Some(Kind::EditionUnspecified);
    }
    if message
        .contains("appears to be a path outside of the package, but there is already a file named")
        && let Some((key, rest)) = message.split_once(' ')
        && let Some(path) = quoted(rest)
        && let Some(name) = quoted_after(rest, "a file named")
    {
        return Some(Kind::FileShadowed {
            key: key.to_string(),
            path: path.to_string(),
            name: name.to_string(),
        });
    }
    if let Some(key) = message.strip_prefix("unused manifest key: ") {
        return Some(Kind::UnusedManifestKey {
            key: key.lines().next().unwrap_or("").trim().to_string(),
        });
    }
    None
}

/// Targets and build scripts cargo leaves out because their files are not packaged (C23, C24).
fn left_out(message: &str) -> Option<Kind> {
    let rest = message.strip_prefix("ignoring ")?;
    if !rest.ends_with("is not included in the published package") {
        return None;
    }
    if let Some(path) = rest
        .strip_prefix("`package.build` entry ")
        .and_then(|r| quoted_after(r, ""))
    {
        return Some(Kind::BuildScriptNotPackaged {
            path: path.to_string(),
        });
    }
    let (kind, _) = rest.split_once(' ')?;
    let name = quoted_after(rest, kind)?;
    let path = quoted_after(rest, " as")?;
    Some(Kind::TargetNotPackaged {
        kind: kind.to_string(),
        name: name.to_string(),
        path: path.to_string(),
    })
}

/// Yanked dependencies and file names cargo refuses (C21, C22).
fn file_name_problem(message: &str) -> Option<Kind> {
    if message.starts_with("package `") && message.contains("is yanked in registry") {
        let package = quoted_after(message, "package").unwrap_or("").to_string();
        let registry = quoted_after(message, "registry").unwrap_or("").to_string();
        return Some(Kind::Yanked { package, registry });
    }
    if let Some(rest) = message.strip_prefix("cannot package a filename with a special character ")
    {
        let path = rest.split_once(": ").map_or(rest, |(_, p)| p).to_string();
        let reason = format!(
            "its name has the special character `{}`",
            quoted_after(rest, "").unwrap_or("?")
        );
        return Some(Kind::Unpackageable { path, reason });
    }
    let path = message.strip_prefix(
        "path does not have a unicode filename which may not unpack on all platforms: ",
    )?;
    Some(Kind::Unpackageable {
        path: path.to_string(),
        reason: "its name is not valid UTF-8".to_string(),
    })
}

/// `file X is a reserved Windows filename` (C22).
fn windows_reserved(message: &str) -> Option<Kind> {
    let path = message
        .strip_prefix("file ")?
        .strip_suffix(" is a reserved Windows filename, it will not work on Windows platforms")?;
    Some(Kind::WindowsReserved {
        path: path.to_string(),
    })
}

/// The packages cargo names in `unable to publish a v1, b v2, and c v3 due to a timeout while
/// waiting for published dependencies to be available.`
fn publish_stalled(message: &str) -> Option<Kind> {
    let list = message.strip_prefix("unable to publish ")?;
    let list = &list[..list.find(" due to a timeout while waiting for published dependencies")?];
    let waiting = list
        .split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|part| part.trim().trim_start_matches("and "))
        .filter_map(|package| package.rsplit_once(" v").map(|(name, _)| name.to_string()))
        .collect();
    Some(Kind::PublishStalled { waiting })
}

/// The text after `Caused by:`, unindented, or the message itself.
fn caused_by(full: &str) -> String {
    match full.split_once("Caused by:") {
        Some((_, rest)) => rest
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        None => full.lines().next().unwrap_or("").to_string(),
    }
}

fn build_script_changes(full: &str) -> Option<Vec<(String, PathBuf)>> {
    if !full.contains("Source directory was modified by build.rs") {
        return None;
    }
    let changes = full
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            ["Added", "Changed", "Removed"].iter().find_map(|kind| {
                l.strip_prefix(kind)
                    .and_then(|r| r.strip_prefix(':'))
                    .map(|path| (kind.to_string(), PathBuf::from(path.trim())))
            })
        })
        .collect();
    Some(changes)
}

/// Both wordings: cargo 1.95 ("rustc 1.95.0 is not supported by the following package:\n
/// NAME@V requires rustc 1.99") and older ("package `x` cannot be built because it requires
/// rustc 1.99 or newer, while the currently active rustc version is 1.80.0").
fn toolchain_too_old(full: &str) -> Option<Kind> {
    if let Some(at) = full.find(" is not supported by the following package") {
        let rustc = full[..at].rsplit("rustc ").next()?.trim().to_string();
        let required = full[at..].split("requires rustc ").nth(1)?;
        let required = required.split_whitespace().next()?.to_string();
        return Some(Kind::ToolchainTooOld { rustc, required });
    }
    if let Some(at) = full.find("cannot be built because it requires rustc ") {
        let rest = &full[at + "cannot be built because it requires rustc ".len()..];
        let required = rest.split_whitespace().next()?.to_string();
        let rustc = rest
            .split("currently active rustc version is ")
            .nth(1)?
            .split_whitespace()
            .next()?
            .trim_end_matches('.')
            .to_string();
        return Some(Kind::ToolchainTooOld { rustc, required });
    }
    None
}

fn published_differs(full: &str) -> Option<Kind> {
    let package = quoted_after(full, "unable to verify that")?;
    full.contains("is the same as when the lockfile was generated")
        .then(|| Kind::PublishedDiffers {
            package: package.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<Known<'static>> {
        vec![
            Known {
                name: "zz-exp-a",
                version: "0.1.0",
                dir: Path::new("/tmp/copy/a"),
            },
            Known {
                name: "zz-exp-b",
                version: "0.1.0",
                dir: Path::new("/tmp/copy/b"),
            },
        ]
    }

    fn kinds(stderr: &str) -> Vec<(Option<usize>, Kind)> {
        parse(stderr, &known())
            .into_iter()
            .map(|e| (e.package, e.kind))
            .collect()
    }

    #[test]
    fn excluded_module_gives_the_first_compiler_error() {
        let out = "
    Updating `fake` index
   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)
    Packaged 4 files, 1.1KiB (768B compressed)
   Verifying zz-exp-a v0.1.0 (/tmp/copy/a)
   Compiling zz-exp-a v0.1.0 (/t/package/zz-exp-a-0.1.0)
error[E0583]: file not found for module `hidden`
 --> src/lib.rs:1:1
  |
1 | mod hidden;
  | ^^^^^^^^^^^
  |
  = help: to create the module `hidden`, create file \"src/hidden.rs\" or \"src/hidden/mod.rs\"

error[E0425]: cannot find function `g`
 --> src/lib.rs:2:5

For more information about this error, try `rustc --explain E0583`.
error: could not compile `zz-exp-a` (lib) due to 1 previous error
error: failed to verify package tarball
";
        let got = kinds(out);
        assert_eq!(got.len(), 1, "{got:?}");
        let (
            package,
            Kind::VerificationFailed {
                first: Some(first), ..
            },
        ) = &got[0]
        else {
            panic!("{got:?}")
        };
        assert_eq!(*package, Some(0));
        assert_eq!(first.code.as_deref(), Some("E0583"));
        assert_eq!(first.message, "file not found for module `hidden`");
        assert_eq!(
            first.spot,
            Some(Spot {
                path: PathBuf::from("src/lib.rs"),
                line: 1,
                column: 1
            })
        );
    }

    #[test]
    fn build_script_changes_are_listed() {
        let out = "
   Packaging zz-exp-b v0.1.0 (/tmp/copy/b)
   Verifying zz-exp-b v0.1.0 (/tmp/copy/b)
   Compiling zz-exp-b v0.1.0 (/t/package/zz-exp-b-0.1.0)
    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.20s
error: failed to verify package tarball

Caused by:
  Source directory was modified by build.rs during cargo publish. Build scripts should not modify anything outside of OUT_DIR.
  Added: /t/package/zz-exp-b-0.1.0/src/generated.rs
  Changed: /t/package/zz-exp-b-0.1.0/src/lib.rs

  To proceed despite this, pass the `--no-verify` flag.
";
        assert_eq!(
            kinds(out),
            [(
                Some(1),
                Kind::BuildScriptModified(vec![
                    (
                        "Added".into(),
                        "/t/package/zz-exp-b-0.1.0/src/generated.rs".into()
                    ),
                    (
                        "Changed".into(),
                        "/t/package/zz-exp-b-0.1.0/src/lib.rs".into()
                    ),
                ])
            )]
        );
    }

    #[test]
    fn toolchain_too_old_in_both_wordings() {
        let new = "
   Verifying zz-exp-a v0.1.0 (/tmp/copy/a)
error: failed to verify package tarball

Caused by:
  rustc 1.95.0 is not supported by the following package:
    zz-exp-a@0.1.0 requires rustc 1.99
";
        let old = "error: package `zz-exp-a v0.1.0` cannot be built because it requires rustc 1.99 or newer, while the currently active rustc version is 1.80.0\n";
        let expected = Kind::ToolchainTooOld {
            rustc: "1.95.0".into(),
            required: "1.99".into(),
        };
        assert_eq!(kinds(new), [(Some(0), expected)]);
        let Kind::ToolchainTooOld { rustc, required } = &kinds(old)[0].1 else {
            panic!()
        };
        assert_eq!((rustc.as_str(), required.as_str()), ("1.80.0", "1.99"));
    }

    #[test]
    fn already_published_names_its_package_even_before_packaging() {
        let out = "
    Updating `fake` index
warning: crate zz-exp-b@0.1.0 already exists on `fake` index
   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)
   Uploading zz-exp-a v0.1.0 (/tmp/copy/a)
warning: aborting upload due to dry run
";
        assert_eq!(
            kinds(out),
            [(
                Some(1),
                Kind::AlreadyPublished {
                    registry: "`fake` index".into()
                }
            )]
        );
        let crates_io = "warning: crate zz-exp-a@0.1.0 already exists on crates.io index\n";
        assert_eq!(kinds(crates_io)[0].0, Some(0));
    }

    #[test]
    fn metadata_warning_goes_to_the_next_packaged_package() {
        let out = "
    Updating crates.io index
warning: manifest has no documentation, homepage or repository
  |
  = note: see https://doc.rust-lang.org/cargo/reference/manifest.html#package-metadata for more info
   Packaging zz-exp-b v0.1.0 (/tmp/copy/b)
";
        assert_eq!(
            kinds(out),
            [(
                Some(1),
                Kind::MetadataMissing {
                    fields: "documentation, homepage or repository".into()
                }
            )]
        );
        let old = "warning: manifest has no description, license, license-file, documentation, homepage or repository.\nSee https://doc.rust-lang.org/cargo/reference/manifest.html#package-metadata for more info.\n   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)\n";
        assert_eq!(
            kinds(old)[0].1,
            Kind::MetadataMissing {
                fields: "description, license, license-file, documentation, homepage or repository"
                    .into()
            }
        );
    }

    #[test]
    fn manifest_errors_are_attributed_by_path() {
        let readme = "error: readme `NOPE.md` does not appear to exist (relative to `/tmp/copy/b`).\nPlease update the readme setting in the manifest at `/tmp/copy/b/Cargo.toml`.\n";
        assert_eq!(
            kinds(readme),
            [(
                Some(1),
                Kind::ReadmeMissing {
                    path: "NOPE.md".into()
                }
            )]
        );
        let license =
            "error: license-file `LICENSE` does not appear to exist (relative to `/tmp/copy/a`).\n";
        assert_eq!(
            kinds(license),
            [(
                Some(0),
                Kind::LicenseFileMissing {
                    path: "LICENSE".into()
                }
            )]
        );
        let dep = "
error: failed to verify manifest at `/tmp/copy/b/Cargo.toml`

Caused by:
  all dependencies must have a version requirement specified when publishing.
  dependency `zz-bs` does not specify a version
  Note: The published dependency will use the version from crates.io,
  the `path` specification will be removed from the dependency declaration.
";
        assert_eq!(
            kinds(dep),
            [(
                Some(1),
                Kind::DependencyWithoutVersion {
                    dependency: "zz-bs".into()
                }
            )]
        );
    }

    #[test]
    fn file_name_problems() {
        let out = "
   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)
warning: file con.txt is a reserved Windows filename, it will not work on Windows platforms
error: cannot package a filename with a special character `:`: a:b
";
        assert_eq!(
            kinds(out),
            [
                (
                    Some(0),
                    Kind::WindowsReserved {
                        path: "con.txt".into()
                    }
                ),
                (
                    Some(0),
                    Kind::Unpackageable {
                        path: "a:b".into(),
                        reason: "its name has the special character `:`".into()
                    }
                ),
            ]
        );
        let utf8 = "error: path does not have a unicode filename which may not unpack on all platforms: bad\u{fffd}\n";
        assert!(
            matches!(&kinds(utf8)[0].1, Kind::Unpackageable { path, .. } if path == "bad\u{fffd}")
        );
    }

    #[test]
    fn yanked_and_published_differs() {
        let out = "
   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)
warning: package `itoa v1.0.0` in Cargo.lock is yanked in registry `crates-io`, consider updating to a version that is not yanked
";
        assert_eq!(
            kinds(out),
            [(
                Some(0),
                Kind::Yanked {
                    package: "itoa v1.0.0".into(),
                    registry: "crates-io".into()
                }
            )]
        );
        let differs = "
   Verifying zz-exp-b v0.1.0 (/tmp/copy/b)
error: failed to verify package tarball

Caused by:
  failed to get `zz-exp-a` as a dependency of package `zz-exp-b v0.1.0`

Caused by:
  unable to verify that `zz-exp-a v0.1.0` is the same as when the lockfile was generated
";
        assert_eq!(
            kinds(differs),
            [(
                Some(1),
                Kind::PublishedDiffers {
                    package: "zz-exp-a v0.1.0".into()
                }
            )]
        );
    }

    #[test]
    fn anything_else_is_kept() {
        let out = "
   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)
warning: something new to mention
warning: ignoring example `demo` as `examples/demo.rs` is not included in the published package
error: something new went wrong
";
        assert_eq!(
            kinds(out),
            [
                (
                    Some(0),
                    Kind::OtherWarning("something new to mention".into())
                ),
                (
                    Some(0),
                    Kind::TargetNotPackaged {
                        kind: "example".into(),
                        name: "demo".into(),
                        path: "examples/demo.rs".into()
                    }
                ),
                (Some(0), Kind::OtherError("something new went wrong".into())),
            ]
        );
        assert!(
            kinds("    Finished `dev` profile\nwarning: aborting upload due to dry run\n")
                .is_empty()
        );
    }

    #[test]
    fn compiler_warnings_in_verification_are_kept_with_their_place() {
        let out = "
   Verifying zz-exp-a v0.1.0 (/tmp/copy/a)
warning: unused variable: `x`
 --> src/lib.rs:3:9
  |
warning: `zz-exp-a` (lib) generated 1 warning
";
        let got = kinds(out);
        assert_eq!(got.len(), 1);
        let Kind::CompilerWarning(w) = &got[0].1 else {
            panic!("{got:?}")
        };
        assert_eq!(w.message, "unused variable: `x`");
        assert_eq!(w.spot.as_ref().map(|s| s.line), Some(3));
    }

    #[test]
    fn missing_dependency_in_registry() {
        let out = "
   Packaging zz-exp-b v0.1.0 (/tmp/copy/b)
error: failed to prepare local package for uploading

Caused by:
  no matching package named `zz-exp-a` found
  location searched: crates.io index
";
        assert_eq!(
            kinds(out),
            [(
                Some(1),
                Kind::MissingDependency {
                    dependency: "zz-exp-a".into()
                }
            )]
        );
    }

    #[test]
    fn only_finished_packages_count_as_packaged() {
        let out = "
   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)
    Packaged 5 files, 1.1KiB (842B compressed)
   Packaging zz-exp-b v0.1.0 (/tmp/copy/b)
error: failed to prepare local package for uploading
";
        assert_eq!(packaged(out, &known()), [0]);
        assert!(packaged("   Packaging zz-exp-a v0.1.0 (/x)\n", &known()).is_empty());
    }

    #[test]
    fn manifest_warnings_have_kinds_of_their_own() {
        let shadowed = "warning: readme `../README.md` appears to be a path outside of the package, but there is already a file named `README.md` in the root of the package. The archived crate will contain the copy in the root of the package. Update the readme to point to the path relative to the root of the package to remove this warning.\n   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)\n";
        assert_eq!(
            kinds(shadowed),
            [(
                Some(0),
                Kind::FileShadowed {
                    key: "readme".into(),
                    path: "../README.md".into(),
                    name: "README.md".into()
                }
            )]
        );
        let build = "   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)\nwarning: ignoring `package.build` entry `build.rs` as it is not included in the published package\n";
        assert_eq!(
            kinds(build),
            [(
                Some(0),
                Kind::BuildScriptNotPackaged {
                    path: "build.rs".into()
                }
            )]
        );
        let both = "warning: both package.include and package.exclude are specified; the exclude list will be ignored\n   Packaging zz-exp-b v0.1.0 (/tmp/copy/b)\n";
        assert_eq!(kinds(both), [(Some(1), Kind::IncludeAndExclude)]);
        let key = "warning: unused manifest key: package.autobin\n   Packaging zz-exp-a v0.1.0 (/tmp/copy/a)\n";
        assert_eq!(
            kinds(key),
            [(
                Some(0),
                Kind::UnusedManifestKey {
                    key: "package.autobin".into()
                }
            )]
        );
    }

    #[test]
    fn a_stalled_workspace_publish_names_the_packages_left_waiting() {
        let two = "   Uploading zz-exp-c v0.1.0 (/tmp/copy/c)\nwarning: aborting upload due to dry run\nerror: unable to publish zz-exp-a v0.1.0 and zz-exp-b v0.1.0 due to a timeout while waiting for published dependencies to be available.\n";
        let stalled = |names: &[&str]| Kind::PublishStalled {
            waiting: names.iter().map(|n| n.to_string()).collect(),
        };
        assert!(kinds(two).contains(&(None, stalled(&["zz-exp-a", "zz-exp-b"]))));
        // After a known package's upload, the stall still concerns every package it names.
        let after_upload = two.replace(
            "zz-exp-c v0.1.0 (/tmp/copy/c)",
            "zz-exp-a v0.1.0 (/tmp/copy/a)",
        );
        assert!(kinds(&after_upload).contains(&(None, stalled(&["zz-exp-a", "zz-exp-b"]))));
        let three = "error: unable to publish tracing v0.1.41, tracing-attributes v0.1.28, and tracing-mock v0.1.0-beta.1 due to a timeout while waiting for published dependencies to be available.\n";
        assert_eq!(
            kinds(three),
            [(
                None,
                stalled(&["tracing", "tracing-attributes", "tracing-mock"])
            )]
        );
    }

    #[test]
    fn status_lines_need_the_right_alignment() {
        assert_eq!(
            status_line("   Packaging a v1 (x)"),
            Some(("Packaging", "a v1 (x)"))
        );
        assert_eq!(
            status_line("  Downloaded itoa v1"),
            Some(("Downloaded", "itoa v1"))
        );
        assert_eq!(status_line("Caused by:"), None);
        assert_eq!(status_line("  dependency `x` does not"), None);
    }
}
