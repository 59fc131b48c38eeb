//! Human output in cargo's style: status lines, `error[check]: ...` with the manifest line, a
//! per-package summary and the verdict.

use std::fmt::Write;

use owo_colors::{OwoColorize, Style as Paint};

use super::{Finding, PackageReport, Report, Severity};
use crate::checks::{CHECKS, Level, find_check};
use crate::display_path;

/// How human output looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Use ANSI colors.
    pub color: bool,
    /// Only errors and the verdict.
    pub quiet: bool,
    /// Extra detail.
    pub verbose: u8,
}

impl Style {
    fn paint(&self, text: &str, paint: Paint) -> String {
        if self.color {
            text.style(paint).to_string()
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity) -> String {
        let paint = match severity {
            Severity::Error => Paint::new().red().bold(),
            Severity::Warning => Paint::new().yellow().bold(),
            Severity::Note => Paint::new().cyan().bold(),
        };
        self.paint(severity.as_str(), paint)
    }

    fn status(&self, verb: &str) -> String {
        self.paint(&format!("{verb:>12}"), Paint::new().green().bold())
    }

    fn gutter(&self, text: &str) -> String {
        self.paint(text, Paint::new().blue().bold())
    }
}

/// The whole report for a terminal (written to stderr by the binary).
pub fn render_human(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    for package in &report.packages {
        render_package(&mut out, report, package, style);
    }
    for not_run in &report.not_run {
        if !style.quiet {
            let _ = writeln!(
                out,
                "{}: the {} stage did not run: {}",
                style.severity(Severity::Note),
                not_run.stage,
                not_run.reason
            );
        }
    }
    render_verdict(&mut out, report, style);
    out
}

fn render_package(out: &mut String, report: &Report, package: &PackageReport, style: &Style) {
    let manifest_dir = package
        .manifest_path
        .parent()
        .map(display_path)
        .unwrap_or_default();
    let title = format!(
        "{} v{} ({})",
        package.name,
        package.version,
        manifest_dir.display()
    );
    if let Some(reason) = &package.skipped {
        if !style.quiet {
            let _ = writeln!(out, "{} {title}: {reason}", style.status("Skipping"));
        }
        return;
    }
    if !style.quiet {
        let _ = writeln!(out, "{} {title}", style.status("Checking"));
    }
    for finding in &package.findings {
        if style.quiet && finding.severity != Severity::Error {
            continue;
        }
        render_finding(out, report, finding, style);
    }
    if !style.quiet {
        let (errors, warnings) = (
            package.count(Severity::Error),
            package.count(Severity::Warning),
        );
        let verdict = if package.ready {
            style.paint("ready", Paint::new().green().bold())
        } else {
            style.paint("not ready", Paint::new().red().bold())
        };
        let _ = writeln!(
            out,
            "{} {}: {verdict} ({})\n",
            style.status("Summary"),
            package.name,
            counts(errors, warnings)
        );
    }
}

fn render_finding(out: &mut String, report: &Report, finding: &Finding, style: &Style) {
    let head = format!("{}[{}]", style.severity(finding.severity), finding.check);
    let _ = writeln!(
        out,
        "{head}: {}",
        style.paint(&finding.message, Paint::new().bold())
    );
    if let Some(location) = &finding.location {
        let line_text = report
            .sources
            .get(&location.file)
            .and_then(|text| text.lines().nth(location.line - 1))
            .map(str::to_string);
        let number = location.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}",
            style.gutter("-->"),
            display_path(&location.file).display(),
            location.line,
            location.column
        );
        if let Some(line_text) = line_text {
            let width = location
                .span
                .as_ref()
                .and_then(|span| report.sources.get(&location.file).map(|t| (t, span)))
                .map(|(text, span)| {
                    let end = span.end.min(text.len());
                    let start = span.start.min(end);
                    text.get(start..end)
                        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1))
                })
                .unwrap_or(1);
            let marker_paint = match finding.severity {
                Severity::Error => Paint::new().red().bold(),
                Severity::Warning => Paint::new().yellow().bold(),
                Severity::Note => Paint::new().cyan().bold(),
            };
            let _ = writeln!(out, "{pad} {}", style.gutter("|"));
            let _ = writeln!(
                out,
                "{} {} {line_text}",
                style.gutter(&number),
                style.gutter("|")
            );
            let _ = writeln!(
                out,
                "{pad} {} {}{}",
                style.gutter("|"),
                " ".repeat(location.column - 1),
                style.paint(&"^".repeat(width), marker_paint)
            );
        }
    }
    if let Some(help) = &finding.help {
        let _ = writeln!(
            out,
            "  {} {}: {help}",
            style.gutter("="),
            style.paint("help", Paint::new().bold())
        );
    }
    if finding.blocks_publish && style.verbose > 0 {
        let _ = writeln!(
            out,
            "  {} note: crates.io or cargo would refuse the publish",
            style.gutter("=")
        );
    }
    out.push('\n');
}

fn render_verdict(out: &mut String, report: &Report, style: &Style) {
    let checked = report
        .packages
        .iter()
        .filter(|p| p.skipped.is_none())
        .count();
    let skipped = report.packages.len() - checked;
    let mut tally = format!(
        "{} {} checked",
        checked,
        if checked == 1 { "package" } else { "packages" }
    );
    if skipped > 0 {
        let _ = write!(tally, ", {skipped} skipped");
    }
    let _ = write!(
        tally,
        ", {}",
        counts(
            report.count(Severity::Error),
            report.count(Severity::Warning)
        )
    );
    if report.ready {
        let _ = writeln!(out, "{} {tally}", style.status("Ready"));
    } else {
        let _ = writeln!(
            out,
            "{}: not ready to publish: {tally}",
            style.severity(Severity::Error)
        );
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// `--list`: every check with its default level, whether it blocks the publish, and summary.
pub fn render_list(color: bool) -> String {
    let style = Style {
        color,
        ..Style::default()
    };
    let width = CHECKS.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for check in CHECKS {
        let level = match check.default {
            Level::Deny => style.paint("deny ", Paint::new().red()),
            Level::Warn => style.paint("warn ", Paint::new().yellow()),
            Level::Note => style.paint("note ", Paint::new().cyan()),
            Level::Allow => "allow".to_string(),
        };
        let blocks = if check.blocks_publish {
            "crates.io refuses"
        } else {
            "policy"
        };
        let _ = writeln!(
            out,
            "{:<width$}  {level}  {blocks:<17}  {}",
            check.name, check.summary
        );
    }
    out
}

/// `--explain CHECK`, or `None` when there is no such check.
pub fn render_explain(name: &str, color: bool) -> Option<String> {
    let check = find_check(name)?;
    let style = Style {
        color,
        ..Style::default()
    };
    Some(format!(
        "{}\n\ndefault level: {}\nblocks publish: {}\n\n{}\n",
        style.paint(check.name, Paint::new().bold()),
        check.default.as_str(),
        if check.blocks_publish {
            "yes (crates.io or cargo refuses the publish)"
        } else {
            "no (cargo-ready policy)"
        },
        check.explain
    ))
}

/// An error that stopped the run, in cargo's `error: ...` form.
pub fn render_error(message: &str, color: bool) -> String {
    let style = Style {
        color,
        ..Style::default()
    };
    format!("{}: {message}\n", style.severity(Severity::Error))
}
