//! The result of a run as plain data, and the renderers that turn it into text.
//!
//! [`Report`] gathers the findings per package, after levels were applied. Renderers only draw
//! what is here: they never decide whether something is a problem, and never read a manifest.

mod github;
mod gitlab;
mod human;
mod job_summary;
mod json;
mod sarif;
mod short;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::baseline::diff::ReleaseDiff;
use crate::model::{AppliedFix, Finding, NotRun, Severity};

pub use github::render_github;
pub use gitlab::render_gitlab;
pub use human::{
    Style, render_error, render_explain, render_human, render_list, render_summary, render_warning,
    status_line,
};
pub use job_summary::render_job_summary;
pub use json::render_json;
pub use sarif::render_sarif;
pub use short::render_short;

/// The version of the JSON document; bumped only on an incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// What was found in one package, or why it was not checked.
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
    /// `--diff`: what changed since the published version it was compared with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Box<ReleaseDiff>>,
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
            diff: None,
        }
    }

    /// The same, with the comparison `--diff` shows.
    pub fn with_diff(mut self, diff: Option<ReleaseDiff>) -> Self {
        self.diff = diff.map(Box::new);
        self
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
            diff: None,
        }
    }
}

/// `demo v0.1.0 (/path/to/demo)`, as cargo names a package in its status lines.
pub fn package_title(name: &str, version: &str, manifest_path: &Path) -> String {
    let dir = manifest_path.parent().unwrap_or(manifest_path);
    format!("{name} v{version} ({})", dir.display())
}

fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| {
            let place = |f: &Finding| {
                f.location
                    .as_ref()
                    .map_or((usize::MAX, 0), |l| (l.line, l.column))
            };
            place(a).cmp(&place(b))
        })
    });
}

/// The texts of the files findings point into, by path, for snippets and fixes.
pub type Sources = HashMap<PathBuf, Arc<str>>;

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
    /// What `--fix` changed before the checks ran (absent when nothing was fixed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<AppliedFix>,
    /// Texts of the files findings point into, for snippets.
    #[serde(skip)]
    pub sources: Sources,
    /// The workspace root directory, which SARIF paths are relative to, when known.
    #[serde(skip)]
    pub workspace_root: Option<PathBuf>,
}

impl Report {
    /// Builds a report and works out the overall verdict.
    pub fn new(packages: Vec<PackageReport>, not_run: Vec<NotRun>, sources: Sources) -> Self {
        let ready = packages
            .iter()
            .filter(|p| p.skipped.is_none())
            .all(|p| p.ready);
        Report {
            version: FORMAT_VERSION,
            ready,
            packages,
            not_run,
            fixed: Vec::new(),
            sources,
            workspace_root: None,
        }
    }

    /// Records the workspace root directory.
    pub fn with_workspace_root(mut self, root: PathBuf) -> Self {
        self.workspace_root = Some(root);
        self
    }
}

/// `path` relative to `base` with `/` separators, or unchanged when it is outside `base`.
pub(crate) fn relative_slash_path(path: &Path, base: &Path) -> String {
    match path.strip_prefix(base) {
        Ok(relative) => relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}
