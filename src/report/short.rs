//! `--message-format short`: one line per finding, `file:line:col: severity[check]: message`,
//! the form editors and `grep` understand.

use std::fmt::Write;

use super::Report;
use crate::paths::display_path;

/// Every finding on one line, files relative to the current directory where possible. A finding
/// with no place in a file names the package's Cargo.toml without line and column.
pub fn render_short(report: &Report) -> String {
    let mut out = String::new();
    for package in &report.packages {
        for finding in &package.findings {
            let place = match &finding.location {
                Some(location) if location.line == 0 => {
                    display_path(&location.file).display().to_string()
                }
                Some(location) => format!(
                    "{}:{}:{}",
                    display_path(&location.file).display(),
                    location.line,
                    location.column
                ),
                None => display_path(&package.manifest_path).display().to_string(),
            };
            let _ = writeln!(
                out,
                "{place}: {}[{}]: {}",
                finding.severity.as_str(),
                finding.check,
                one_line(&finding.message)
            );
        }
    }
    out
}

/// A message on one line, so one line stays one finding.
fn one_line(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join(" ")
}
