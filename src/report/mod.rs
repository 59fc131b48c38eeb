//! The result of a run as plain data, and the renderers that turn it into text.
//!
//! Checks and the package stage produce [`Finding`]s; [`Report`] gathers them per package.
//! Renderers only format what is here: they never decide whether something is a problem.

mod human;
mod json;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

pub use human::{Style, render_error, render_explain, render_human, render_list};
pub use json::render_json;

/// The version of the JSON document; bumped only on an incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// How serious a finding is, after levels were resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: nothing to fix.
    Note,
    /// Worth fixing; does not make the package not ready.
    Warning,
    /// Makes the package not ready.
    Error,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where in a file a finding points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Absolute path of the file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte range of the highlighted text, for renderers that show a snippet.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

/// One problem (or remark) about one package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable name of the check that produced it.
    pub check: &'static str,
    /// Error, warning or note.
    pub severity: Severity,
    /// Whether crates.io or cargo would refuse the publish because of it.
    pub blocks_publish: bool,
    /// The manifest key it is about (`package.categories`), when there is one.
    pub field: Option<String>,
    /// What is wrong, with the offending value.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where it is, when it can be pointed at.
    pub location: Option<Location>,
}

/// Why a package was not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageReport {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Absolute path of its Cargo.toml.
    pub manifest_path: PathBuf,
    /// True when no finding has error severity and the package was not skipped.
    pub ready: bool,
    /// Why the package was skipped, or `None` when it was checked.
    pub skipped: Option<String>,
    /// Everything found, errors first.
    pub findings: Vec<Finding>,
}

impl PackageReport {
    /// A package that was checked, with what was found.
    pub fn checked(
        name: String,
        version: String,
        manifest_path: PathBuf,
        mut findings: Vec<Finding>,
    ) -> Self {
        sort_findings(&mut findings);
        let ready = !findings.iter().any(|f| f.severity == Severity::Error);
        PackageReport {
            name,
            version,
            manifest_path,
            ready,
            skipped: None,
            findings,
        }
    }

    /// A package that was not checked, and why.
    pub fn skipped(name: String, version: String, manifest_path: PathBuf, reason: String) -> Self {
        PackageReport {
            name,
            version,
            manifest_path,
            ready: false,
            skipped: Some(reason),
            findings: Vec::new(),
        }
    }

    /// Adds findings from a later stage and recomputes readiness.
    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.findings.extend(findings);
        sort_findings(&mut self.findings);
        self.ready =
            self.skipped.is_none() && !self.findings.iter().any(|f| f.severity == Severity::Error);
    }

    /// Counts findings of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| {
            let line = |f: &Finding| f.location.as_ref().map_or(usize::MAX, |l| l.line);
            line(a).cmp(&line(b))
        })
    });
}

/// A stage that did not run, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRun {
    /// The stage's name (`package`, `publish-dry-run`).
    pub stage: String,
    /// Why it did not run.
    pub reason: String,
}

/// Everything one run of cargo-ready found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// True when every selected package that was checked is ready.
    pub ready: bool,
    /// One entry per selected package, in workspace order.
    pub packages: Vec<PackageReport>,
    /// Stages that did not run.
    pub not_run: Vec<NotRun>,
    /// Texts of the files findings point into, for snippets.
    #[serde(skip)]
    pub sources: BTreeMap<PathBuf, Arc<str>>,
}

impl Report {
    /// Builds a report and works out the overall verdict.
    pub fn new(
        packages: Vec<PackageReport>,
        not_run: Vec<NotRun>,
        sources: BTreeMap<PathBuf, Arc<str>>,
    ) -> Self {
        let mut report = Report {
            version: FORMAT_VERSION,
            ready: false,
            packages,
            not_run,
            sources,
        };
        report.refresh_verdict();
        report
    }

    /// Recomputes [`Report::ready`] after packages changed.
    pub fn refresh_verdict(&mut self) {
        self.ready = self
            .packages
            .iter()
            .filter(|p| p.skipped.is_none())
            .all(|p| p.ready);
    }

    /// Counts findings of one severity over all packages.
    pub fn count(&self, severity: Severity) -> usize {
        self.packages.iter().map(|p| p.count(severity)).sum()
    }
}
