//! The job summary under GitHub Actions: a Markdown report appended to the file
//! `GITHUB_STEP_SUMMARY` names, shown on the run's page. The verdict per package, then a table
//! of the findings with their help.

use std::fmt::Write;

use super::{Report, relative_slash_path};
use crate::model::Severity;

/// The summary of a run, in GitHub-flavoured Markdown; paths relative to `base` (the checkout).
pub fn render_job_summary(report: &Report, base: &std::path::Path) -> String {
    let mut out = String::new();
    let verdict = if report.ready {
        "ready to publish"
    } else {
        "not ready to publish"
    };
    let _ = writeln!(out, "## cargo ready: {verdict}\n");
    let _ = writeln!(
        out,
        "| package | version | verdict | errors | warnings | notes |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|");
    for package in &report.packages {
        let count = |severity| {
            package
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .count()
        };
        let verdict = match (&package.skipped, package.ready) {
            (Some(why), _) => format!("skipped: {}", cell(why)),
            (None, true) => "ready".to_string(),
            (None, false) => "**not ready**".to_string(),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {verdict} | {} | {} | {} |",
            package.name,
            package.version,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Note)
        );
    }
    let findings: Vec<_> = report
        .packages
        .iter()
        .flat_map(|p| p.findings.iter().map(move |f| (p, f)))
        .collect();
    if !findings.is_empty() {
        let _ = writeln!(out, "\n| severity | check | package | place | message |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for (package, finding) in findings {
            let place = match &finding.location {
                Some(location) if location.line > 0 => format!(
                    "`{}:{}`",
                    relative_slash_path(&location.file, base),
                    location.line
                ),
                Some(location) => format!("`{}`", relative_slash_path(&location.file, base)),
                None => format!("`{}`", relative_slash_path(&package.manifest_path, base)),
            };
            let mut message = cell(&finding.message);
            if let Some(help) = &finding.help {
                let _ = write!(message, "<br>help: {}", cell(help));
            }
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}` | {place} | {message} |",
                finding.severity.as_str(),
                finding.check,
                package.name
            );
        }
    }
    if !report.not_run.is_empty() {
        out.push('\n');
        for stage in &report.not_run {
            let _ = writeln!(
                out,
                "- `{}` did not run: {}",
                stage.stage,
                cell(&stage.reason)
            );
        }
    }
    out.push('\n');
    out
}

/// Text made safe for one table cell: no line breaks, no column separators, no HTML.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_to_one_cell() {
        assert_eq!(cell("a | b\nc <d>"), "a \\| b c &lt;d&gt;");
    }
}
