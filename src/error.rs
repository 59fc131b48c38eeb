//! Why a run could not check anything: exit status 2 for every variant but an interrupt
//! (Ctrl-C, SIGTERM), which exits with 130 as shells expect.
//!
//! A problem with the user's crate is a finding, never an [`Error`].

use std::fmt;
use std::path::PathBuf;

/// A failure that stops cargo-ready from checking (exit status 2; 130 for [`Error::Interrupted`]).
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done (`read`, `copy`, ...).
        action: &'static str,
        /// The cause.
        source: std::io::Error,
    },
    /// A file that must be text is not UTF-8.
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A Cargo.toml is not valid TOML.
    MalformedManifest {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// `--manifest-path` names something that is not a Cargo.toml file.
    ManifestPath {
        /// The path given.
        path: PathBuf,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// No Cargo.toml in the current directory or any parent.
    NoManifest {
        /// Where the search started.
        cwd: PathBuf,
    },
    /// cargo could not be started.
    CargoNotFound {
        /// The program that was tried.
        program: String,
        /// The cause.
        source: std::io::Error,
    },
    /// `cargo metadata` or another cargo command failed before anything could be checked.
    Cargo {
        /// The command that failed.
        command: String,
        /// What cargo said.
        stderr: String,
    },
    /// A git command failed (in the user's tree or the temporary copy).
    Git {
        /// The command that failed, and where.
        command: String,
        /// What git said.
        stderr: String,
    },
    /// A package named with `-p` or `--exclude` is not in the workspace.
    UnknownPackage {
        /// The spec given.
        spec: String,
        /// The workspace members, for the help line.
        members: Vec<String>,
    },
    /// The command line does not make sense.
    Usage(String),
    /// A downloaded `.crate` is not the one the registry's index describes.
    ChecksumMismatch {
        /// The crate.
        name: String,
        /// Its version.
        version: String,
        /// The SHA-256 the index gives.
        expected: String,
        /// The SHA-256 of what was downloaded.
        actual: String,
    },
    /// Ctrl-C or SIGTERM stopped the run (exit status 130).
    Interrupted,
    /// `[package.metadata.ready]` or `[workspace.metadata.ready]` is malformed.
    Config {
        /// The manifest holding the table.
        path: PathBuf,
        /// The key at fault.
        key: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                path,
                action,
                source,
            } => write!(f, "could not {action} `{}`: {source}", path.display()),
            Error::NotUtf8 { path, offset } => write!(
                f,
                "`{}` is not valid UTF-8 (first bad byte at offset {offset})\nhelp: save the file as UTF-8",
                path.display()
            ),
            Error::MalformedManifest {
                path,
                line,
                column,
                message,
            } => write!(
                f,
                "could not parse `{}`\n --> {}:{line}:{column}\n{message}\nhelp: fix the TOML syntax at that line",
                path.display(),
                path.display()
            ),
            Error::ManifestPath { path, problem } => write!(
                f,
                "the manifest path `{}` {problem}\nhelp: pass the path of a Cargo.toml file, e.g. `--manifest-path path/to/Cargo.toml`",
                path.display()
            ),
            Error::NoManifest { cwd } => write!(
                f,
                "could not find `Cargo.toml` in `{}` or any parent directory\nhelp: run `cargo ready` inside a crate, or pass `--manifest-path`",
                cwd.display()
            ),
            Error::CargoNotFound { program, source } => write!(
                f,
                "could not run `{program}`: {source}\nhelp: install Rust with rustup, or set `CARGO` to the cargo executable"
            ),
            Error::Cargo { command, stderr } => {
                let said = stderr.trim();
                let said = said.strip_prefix("error: ").unwrap_or(said);
                write!(f, "cargo failed: {said}\nnote: while running `{command}`")
            }
            Error::Git { command, stderr } => {
                let said = stderr.trim();
                let said = said.strip_prefix("fatal: ").unwrap_or(said);
                write!(f, "git failed: {said}\nnote: while running `{command}`")
            }
            Error::UnknownPackage { spec, members } => write!(
                f,
                "package `{spec}` is not a member of the workspace\nhelp: members are: {}",
                members.join(", ")
            ),
            Error::Usage(message) => f.write_str(message),
            Error::ChecksumMismatch {
                name,
                version,
                expected,
                actual,
            } => write!(
                f,
                "the downloaded {name} v{version} does not match the registry's checksum: \
expected sha256 {expected}, got {actual}\nhelp: the registry, or something between it and this \
machine, served other bytes than it published; nothing was compared"
            ),
            Error::Interrupted => f.write_str("interrupted"),
            Error::Config { path, key, message } => {
                write!(f, "invalid `{key}` in `{}`: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } | Error::CargoNotFound { source, .. } => Some(source),
            _ => None,
        }
    }
}
