//! The manifest checks: the registry of every check, and the pass that runs them over a package.
//!
//! Each family lives in its own file with small pure validators and a `check` function that
//! turns what they find into findings through a [`Sink`]. Checks never print.

pub mod categories;
pub mod dependencies;
pub mod description;
pub mod features;
pub mod keywords;
pub mod license;
pub mod name;
pub mod package;
pub mod readme;
pub mod registry;
#[cfg(test)]
pub(crate) mod test_support;
pub mod toolchain;
pub mod unknown;
pub mod urls;

use std::path::Path;

use cargo_metadata::Package;

use crate::config::Levels;
use crate::manifest::Manifest;
use crate::report::{Finding, Location, Severity};

pub use registry::{CHECKS, find_check};

/// How a check is configured: off, or reported with a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The check does not run.
    Allow,
    /// Reported as a note.
    Note,
    /// Reported as a warning.
    Warn,
    /// Reported as an error: the package is not ready.
    Deny,
}

impl Level {
    /// The severity a finding at this level gets, or `None` when the check is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Note => Some(Severity::Note),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }

    /// The word used in configuration and in `--list`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// Parses a configuration word.
    pub fn parse(word: &str) -> Option<Level> {
        match word {
            "allow" => Some(Level::Allow),
            "note" => Some(Level::Note),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }
}

/// The static description of one check.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// snake_case, stable: the configuration key and the JSON id.
    pub name: &'static str,
    /// The level when nothing configures it.
    pub default: Level,
    /// True when crates.io or cargo would refuse the publish.
    pub blocks_publish: bool,
    /// One line, for `--list` and the README table.
    pub summary: &'static str,
    /// What it checks, why it matters, how to fix (for `--explain`).
    pub explain: &'static str,
}

/// What a manifest check sees of one package.
pub struct PackageContext<'a> {
    /// The package as `cargo metadata` reports it (inherited fields resolved).
    pub package: &'a Package,
    /// The package's own Cargo.toml, with spans.
    pub manifest: &'a Manifest,
}

impl PackageContext<'_> {
    /// The directory holding the package's Cargo.toml.
    pub fn root(&self) -> &Path {
        self.manifest.path.parent().unwrap_or(Path::new("."))
    }
}

/// Where a finding points in the manifest: a key path, optionally narrowed to an array element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'k> {
    /// Keys from the document root, such as `["package", "keywords"]`.
    pub keys: &'k [&'k str],
    /// An index into the array at `keys`, to point at one element.
    pub element: Option<usize>,
}

impl<'k> Target<'k> {
    /// The value of a key.
    pub fn key(keys: &'k [&'k str]) -> Self {
        Target {
            keys,
            element: None,
        }
    }

    /// One element of an array value.
    pub fn element(keys: &'k [&'k str], index: usize) -> Self {
        Target {
            keys,
            element: Some(index),
        }
    }
}

/// Collects findings for one package, applying the resolved levels.
pub struct Sink<'a> {
    levels: &'a Levels,
    manifest: &'a Manifest,
    findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    /// A sink for one package's manifest.
    pub fn new(levels: &'a Levels, manifest: &'a Manifest) -> Self {
        Sink {
            levels,
            manifest,
            findings: Vec::new(),
        }
    }

    /// Whether a check is on; an allowed check is not run at all.
    pub fn enabled(&self, check: &Check) -> bool {
        self.levels.level(check) != Level::Allow
    }

    /// Reports a problem found by `check` at `target` in the manifest.
    pub fn report(
        &mut self,
        check: &'static Check,
        target: Target<'_>,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) {
        let location = self.manifest.locate(target.keys, target.element);
        self.push(
            check,
            Some(target.keys.join(".")),
            message.into(),
            help.into(),
            Some(location),
        );
    }

    /// Reports a problem that has no place in the manifest.
    pub fn report_unplaced(
        &mut self,
        check: &'static Check,
        field: Option<String>,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
        location: Option<Location>,
    ) {
        self.push(check, field, message.into(), help.into(), location);
    }

    fn push(
        &mut self,
        check: &'static Check,
        field: Option<String>,
        message: String,
        help: Option<String>,
        location: Option<Location>,
    ) {
        let Some(severity) = self.levels.level(check).severity() else {
            return;
        };
        self.findings.push(Finding {
            check: check.name,
            severity,
            blocks_publish: check.blocks_publish,
            field,
            message,
            help,
            location,
        });
    }

    /// The findings collected so far.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Runs every manifest check over one package.
pub fn check_manifest(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    name::check(ctx, sink);
    description::check(ctx, sink);
    license::check(ctx, sink);
    urls::check(ctx, sink);
    keywords::check(ctx, sink);
    categories::check(ctx, sink);
    readme::check(ctx, sink);
    toolchain::check(ctx, sink);
    features::check(ctx, sink);
    dependencies::check(ctx, sink);
}
