//! Human output in cargo's style: `error[check]: ...` with the lines of Cargo.toml around the
//! key and the offending value underlined (annotate-snippets, as cargo does), the finding's
//! labels, `help:` with the fix, a summary per package and the verdict.

use std::fmt::Write;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level as Tone, Origin, Renderer, Snippet};
use owo_colors::{OwoColorize, Style as Paint};

use super::{PackageReport, Report};
use crate::baseline::diff::{Change, ReleaseDiff};
use crate::checks::package::contents::human_size;
use crate::checks::{CHECKS, find_check};
use crate::model::{Finding, Level, Location, Severity};
use crate::paths::display_path;

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

// The colors of cargo's shell, which annotate-snippets' styled renderer also uses.
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
            Severity::Error => Paint::new().bright_red().bold(),
            Severity::Warning => Paint::new().yellow().bold(),
            Severity::Note => Paint::new().bright_green().bold(),
        };
        self.paint(severity.as_str(), paint)
    }

    fn status(&self, verb: &str) -> String {
        self.paint(&format!("{verb:>12}"), Paint::new().green().bold())
    }

    fn renderer(&self) -> Renderer {
        if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
    }
}

/// What `--fix` changed, one status line per edit.
fn render_fixes(out: &mut String, report: &Report, style: &Style) {
    for fix in &report.fixed {
        let change = if fix.from.is_empty() {
            format!("added `{}`", fix.to)
        } else {
            format!("{} -> {}", fix.from, fix.to)
        };
        let _ = writeln!(
            out,
            "{} {}: `{}` {change}",
            style.status("Fixed"),
            display_path(&fix.file).display(),
            fix.field,
        );
    }
}

/// The whole report for a terminal (written to stderr by the binary): each package's findings
/// and summary, the stages that did not run, and the verdict. The status lines that lead to it
/// (`Checking`, `Packaging`, ...) were printed while the run worked.
pub fn render_human(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    render_fixes(&mut out, report, style);
    let checked = report
        .packages
        .iter()
        .filter(|p| p.skipped.is_none())
        .count();
    for package in report.packages.iter().filter(|p| p.skipped.is_none()) {
        render_package(&mut out, report, package, checked > 1, style);
    }
    render_ending(&mut out, report, style);
    out
}

/// The report without its findings: a line per checked package when there are several, the
/// stages that did not run, and the verdict. Goes to stderr when the findings themselves go to stdout in a machine format.
pub fn render_summary(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    render_fixes(&mut out, report, style);
    let checked = report
        .packages
        .iter()
        .filter(|p| p.skipped.is_none())
        .count();
    if !style.quiet && checked > 1 {
        for package in report.packages.iter().filter(|p| p.skipped.is_none()) {
            summary_line(&mut out, package, style);
        }
    }
    render_ending(&mut out, report, style);
    out
}

/// A cargo-style status line: the verb right-aligned to column 12, in bold green.
pub fn status_line(verb: &str, message: &str, color: bool) -> String {
    let style = Style {
        color,
        ..Style::default()
    };
    format!("{} {message}\n", style.status(verb))
}

/// One package's findings, and its summary line when the run checked several (with one, the
/// verdict says it all). Skipped packages were said as the run went (`Skipping`).
fn render_package(
    out: &mut String,
    report: &Report,
    package: &PackageReport,
    several: bool,
    style: &Style,
) {
    for finding in &package.findings {
        if style.quiet && finding.severity != Severity::Error {
            continue;
        }
        out.push_str(&render_finding(report, finding, style));
        out.push_str("\n\n");
    }
    if let Some(diff) = &package.diff {
        render_diff(out, &package.name, diff, style);
    }
    if several && !style.quiet {
        summary_line(out, package, style);
        out.push('\n');
    }
}

/// `--diff`: the manifest keys and files that changed since the published version, one a
/// line, `+` added, `-` removed, `~` changed, with sizes.
fn render_diff(out: &mut String, name: &str, diff: &ReleaseDiff, style: &Style) {
    let _ = writeln!(
        out,
        "{} {name} v{} with v{} (published)",
        style.status("Comparing"),
        diff.version,
        diff.baseline
    );
    let _ = writeln!(
        out,
        "manifest: {} changed",
        plural(diff.manifest.len(), "key")
    );
    for key in &diff.manifest {
        let value = match (&key.from, &key.to) {
            (Some(from), Some(to)) => format!("{from} -> {to}"),
            (Some(value), None) | (None, Some(value)) => value.clone(),
            (None, None) => String::new(),
        };
        let _ = writeln!(out, "  {} {} = {value}", key.change.sign(), key.key);
    }
    let count = |change: Change| diff.files.iter().filter(|f| f.change == change).count();
    let _ = write!(
        out,
        "files: {} added, {} removed, {} changed",
        count(Change::Added),
        count(Change::Removed),
        count(Change::Changed)
    );
    if let Some(sizes) = diff.crate_size {
        let _ = write!(
            out,
            "; .crate {} -> {}",
            human_size(sizes.from),
            human_size(sizes.to)
        );
    }
    out.push('\n');
    for file in &diff.files {
        let size = match (file.from_size, file.to_size) {
            (Some(from), Some(to)) => format!("{} -> {}", human_size(from), human_size(to)),
            (Some(size), None) | (None, Some(size)) => human_size(size),
            (None, None) => String::new(),
        };
        let _ = writeln!(out, "  {} {} ({size})", file.change.sign(), file.path);
    }
    out.push('\n');
}

fn summary_line(out: &mut String, package: &PackageReport, style: &Style) {
    let verdict = if package.ready {
        style.paint("ready", Paint::new().green().bold())
    } else {
        style.paint("not ready", Paint::new().bright_red().bold())
    };
    let _ = writeln!(
        out,
        "{} {}: {verdict} ({})",
        style.status("Summary"),
        package.name,
        counts(package.findings.iter()),
    );
}

/// One finding as cargo shows a diagnostic, without a trailing newline: the finding's place
/// with its text underlined, and its labels (the table a key is in, where an inherited value
/// is written), each file as a snippet of its own. A place without a span is named, not quoted.
fn render_finding(report: &Report, finding: &Finding, style: &Style) -> String {
    let tone = match finding.severity {
        Severity::Error => Tone::ERROR,
        Severity::Warning => Tone::WARNING,
        Severity::Note => Tone::NOTE,
    };
    let title = tone.primary_title(&finding.message).id(finding.check);
    let (mut group, placed) = place(Group::with_title(title.clone()), report, finding);
    let notes = notes(finding, style);
    if placed != Placed::Quoted {
        return render_unquoted(title, finding, notes, style);
    }
    for (word, message) in notes {
        let tone = if word == "help" {
            Tone::HELP
        } else {
            Tone::NOTE
        };
        group = group.element(tone.message(message));
    }
    style.renderer().render(&[group])
}

/// A finding with no text to quote: the title, the place it names (as rustc does for a file
/// it cannot show), then the help and notes; with no place, no gutter either.
fn render_unquoted(
    title: annotate_snippets::Title<'_>,
    finding: &Finding,
    notes: Vec<(&'static str, String)>,
    style: &Style,
) -> String {
    let mut text = style.renderer().render(&[Group::with_title(title)]);
    let gutter = |text: &str| style.paint(text, Paint::new().bright_blue().bold());
    let Some(location) = &finding.location else {
        for (word, message) in notes {
            let word = style.paint(word, Paint::new().bold());
            let _ = write!(text, "\n  {} {word}: {message}", gutter("="));
        }
        return text;
    };
    let mut place = display_path(&location.file).display().to_string();
    if location.line > 0 {
        let _ = write!(place, ":{}:{}", location.line, location.column.max(1));
    }
    let _ = write!(text, "\n {} {place}", gutter("-->"));
    if !notes.is_empty() {
        let _ = write!(text, "\n  {}", gutter("|"));
    }
    for (word, message) in notes {
        let _ = write!(
            text,
            "\n  {} {}: {message}",
            gutter("="),
            style.paint(word, Paint::new().bold())
        );
    }
    text
}

/// How much of a finding [`place`] could put in snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// No place at all.
    Nowhere,
    /// Only a place to name, no text to quote.
    Named,
    /// At least one snippet of text.
    Quoted,
}

/// Adds the finding's places to `group`, a snippet per file: its own place and the labels in
/// that file.
fn place<'a>(
    mut group: Group<'a>,
    report: &'a Report,
    finding: &'a Finding,
) -> (Group<'a>, Placed) {
    let mut files: Vec<&Path> = Vec::new();
    let places = finding
        .location
        .iter()
        .chain(finding.labels.iter().map(|l| &l.location));
    for location in places {
        if !files.contains(&location.file.as_path()) {
            files.push(&location.file);
        }
    }
    let mut placed = Placed::Nowhere;
    for file in files {
        let path = display_path(file).display().to_string();
        let primary = finding.location.as_ref().filter(|l| l.file == file);
        let text = report.sources.get(file);
        let primary_span = primary.and_then(|l| snippet_span(text?, l));
        let labels: Vec<_> = finding
            .labels
            .iter()
            .filter(|l| l.location.file == file)
            .filter_map(|l| Some((snippet_span(text?, &l.location)?, l.message.as_deref())))
            .collect();
        match text {
            Some(text) if primary_span.is_some() || (primary.is_none() && !labels.is_empty()) => {
                let mut snippet = Snippet::source(&**text).path(path);
                if let Some(span) = primary_span {
                    snippet = snippet.annotation(AnnotationKind::Primary.span(span));
                }
                for (span, message) in labels {
                    snippet = snippet.annotation(match message {
                        Some(message) => AnnotationKind::Context.span(span).label(message),
                        None => AnnotationKind::Visible.span(span),
                    });
                }
                group = group.element(snippet);
                placed = Placed::Quoted;
            }
            _ => {
                let Some(location) = primary else { continue };
                let mut origin = Origin::path(path);
                if location.line > 0 {
                    origin = origin
                        .line(location.line)
                        .char_column(location.column.max(1));
                }
                group = group.element(origin);
                if placed == Placed::Nowhere {
                    placed = Placed::Named;
                }
            }
        }
    }
    (group, placed)
}

/// The help, and a note: for an error crates.io accepts (any finding with `-v`), that it is
/// cargo-ready's own check; with `-v`, for one crates.io or cargo refuses, that it does.
fn notes(finding: &Finding, style: &Style) -> Vec<(&'static str, String)> {
    let mut notes = Vec::new();
    if let Some(help) = &finding.help {
        notes.push(("help", help.clone()));
    }
    if finding.suggestions.iter().any(|s| s.certain) {
        notes.push(("help", "`cargo ready --fix` makes this change".to_string()));
    }
    let checklist = !finding.blocks_publish;
    if checklist && (finding.severity == Severity::Error || style.verbose > 0) {
        notes.push((
            "note",
            format!(
                "crates.io would accept this; it is cargo-ready's own check (`cargo ready --explain {}`)",
                finding.check
            ),
        ));
    } else if style.verbose > 0 && finding.blocks_publish {
        notes.push((
            "note",
            "crates.io or cargo refuses the publish because of this".to_string(),
        ));
    }
    notes
}

/// The byte range to underline, kept inside the text and on character boundaries so a stale or
/// hand-made location can never make the renderer panic; `None` when the location has no span
/// (it is named, not quoted).
fn snippet_span(text: &str, location: &Location) -> Option<Range<usize>> {
    let span = location.span.clone()?;
    let mut end = span.end.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut start = span.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    Some(start..end)
}

/// The stages that did not run and the verdict: the end of every human rendering.
fn render_ending(out: &mut String, report: &Report, style: &Style) {
    if !style.quiet {
        for not_run in &report.not_run {
            let _ = writeln!(
                out,
                "{}: the {} stage did not run: {}",
                style.severity(Severity::Note),
                not_run.stage,
                not_run.reason
            );
        }
    }
    render_verdict(out, report, style);
}

/// The last line: `Ready ...`, or `error: not ready to publish: ...` naming the packages that
/// are not, with the counts.
fn render_verdict(out: &mut String, report: &Report, style: &Style) {
    let checked: Vec<&PackageReport> = report
        .packages
        .iter()
        .filter(|p| p.skipped.is_none())
        .collect();
    let skipped = report.packages.len() - checked.len();
    let mut tally = counts(report.packages.iter().flat_map(|p| &p.findings));
    if skipped > 0 {
        let _ = write!(tally, "; {skipped} skipped");
    }
    if !report.not_run.is_empty() {
        let stages: Vec<&str> = report.not_run.iter().map(|n| n.stage.as_str()).collect();
        let _ = write!(tally, "; not run: {}", stages.join(", "));
    }
    if report.ready {
        let what = match checked.as_slice() {
            [only] => format!("{} v{}", only.name, only.version),
            _ => plural(checked.len(), "package"),
        };
        let _ = writeln!(out, "{} {what} ({tally})", style.status("Ready"));
        return;
    }
    let failing: Vec<&str> = checked
        .iter()
        .filter(|p| !p.ready)
        .map(|p| p.name.as_str())
        .collect();
    let what = match checked.as_slice() {
        [only] => format!("{} v{} ({tally})", only.name, only.version),
        _ => format!(
            "{} ({} of {} packages; {tally})",
            names(&failing),
            failing.len(),
            checked.len()
        ),
    };
    let _ = writeln!(
        out,
        "{}: not ready to publish: {what}",
        style.severity(Severity::Error)
    );
}

/// Up to five names, then how many more, so a large workspace keeps a readable last line.
fn names(names: &[&str]) -> String {
    const SHOWN: usize = 5;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    format!(
        "{} and {} more",
        names[..SHOWN].join(", "),
        names.len() - SHOWN
    )
}

/// `2 errors, 1 of which crates.io would refuse, 1 warning`, and the notes when there are any.
fn counts<'f>(findings: impl Iterator<Item = &'f Finding>) -> String {
    let (mut errors, mut refused, mut warnings, mut notes) = (0, 0, 0, 0);
    for finding in findings {
        match finding.severity {
            Severity::Error => {
                errors += 1;
                refused += usize::from(finding.blocks_publish);
            }
            Severity::Warning => warnings += 1,
            Severity::Note => notes += 1,
        }
    }
    let mut text = plural(errors, "error");
    let which = match (errors, refused) {
        (0, _) => String::new(),
        (1, 1) => ", which crates.io would refuse".to_string(),
        (1, 0) => ", which crates.io would accept".to_string(),
        (_, 0) => ", none of which crates.io would refuse".to_string(),
        (all, refused) if all == refused => ", all of which crates.io would refuse".to_string(),
        (_, refused) => format!(", {refused} of which crates.io would refuse"),
    };
    text.push_str(&which);
    let _ = write!(text, ", {}", plural(warnings, "warning"));
    if notes > 0 {
        let _ = write!(text, ", {}", plural(notes, "note"));
    }
    text
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
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
            "blocks publish"
        } else {
            "policy"
        };
        let _ = writeln!(
            out,
            "{:<width$}  {level}  {blocks:<14}  {}",
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

/// A warning about the run itself (not a finding), as cargo prints one.
pub fn render_warning(message: &str, color: bool) -> String {
    let style = Style {
        color,
        ..Style::default()
    };
    format!("{}: {message}\n", style.severity(Severity::Warning))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::report::Sources;

    use crate::model::NotRun;

    const TEXT: &str = "[package]\nname = \"café\"\n\n[dependencies]\nserde = \"*\"\n";

    fn location(line: usize, column: usize, span: Option<Range<usize>>) -> Location {
        Location {
            file: PathBuf::from("/p/Cargo.toml"),
            line,
            column,
            span,
        }
    }

    #[test]
    fn snippet_spans_stay_inside_the_text() {
        let cases = [
            // (line, column, span) -> span to underline
            ((2, 8, Some(17..24)), Some(17..24)),
            ((5, 9, Some(49..52)), Some(49..52)),
            // Past the end: cut at the end.
            ((5, 9, Some(49..900)), Some(49..53)),
            ((1, 1, Some(800..900)), Some(53..53)),
            // Inside `é` (bytes 21..23): widened to whole characters.
            ((2, 13, Some(22..22)), Some(21..23)),
            ((2, 8, Some(17..22)), Some(17..23)),
            // No span: nothing to quote.
            ((2, 12, None), None),
            ((0, 1, None), None),
        ];
        for ((line, column, span), expected) in cases {
            let got = snippet_span(TEXT, &location(line, column, span.clone()));
            assert_eq!(got, expected, "{line}:{column} {span:?}");
        }
    }

    fn report(findings: Vec<Finding>, sources: &[(&str, &str)]) -> Report {
        let package = PackageReport::checked(
            "p".into(),
            "1.0.0".into(),
            PathBuf::from("/p/Cargo.toml"),
            findings,
        );
        let sources = sources
            .iter()
            .map(|(path, text)| (PathBuf::from(path), Arc::<str>::from(*text)))
            .collect();
        Report::new(vec![package], Vec::new(), sources)
    }

    fn wildcard(location: Location) -> Finding {
        Finding::new(
            find_check("wildcard_dependency").unwrap(),
            "dependency `serde` has the version requirement `*`",
        )
        .on_field("dependencies.serde")
        .at(location)
    }

    #[test]
    fn a_location_without_its_text_still_names_file_line_and_column() {
        let report = report(vec![wildcard(location(5, 9, Some(49..52)))], &[]);
        let text = render_finding(&report, &report.packages[0].findings[0], &Style::default());
        assert_eq!(
            text,
            "error[wildcard_dependency]: dependency `serde` has the version requirement `*`\n \
             --> /p/Cargo.toml:5:9"
        );
        let mut helped = report.packages[0].findings[0].clone();
        helped.help = Some("require `1`".to_string());
        assert_eq!(
            render_finding(&report, &helped, &Style::default()),
            "error[wildcard_dependency]: dependency `serde` has the version requirement `*`\n \
             --> /p/Cargo.toml:5:9\n  |\n  = help: require `1`"
        );
        let mut nowhere = helped.clone();
        nowhere.location = None;
        assert_eq!(
            render_finding(&report, &nowhere, &Style::default()),
            "error[wildcard_dependency]: dependency `serde` has the version requirement `*`\n  \
             = help: require `1`"
        );
    }

    #[test]
    fn a_stale_span_does_not_panic() {
        for span in [Some(22..22), Some(50..10_000), Some(10_000..10_001), None] {
            let report = report(
                vec![wildcard(location(5, 9, span))],
                &[("/p/Cargo.toml", TEXT)],
            );
            let text = render_human(&report, &Style::default());
            assert!(text.contains("/p/Cargo.toml:"), "{text}");
        }
    }

    fn package(name: &str, severities: &[Severity], skipped: bool) -> PackageReport {
        let path = PathBuf::from(format!("/w/{name}/Cargo.toml"));
        if skipped {
            return PackageReport::skipped(
                name.into(),
                "0.1.0".into(),
                path,
                "`publish = false`".into(),
            );
        }
        let findings = severities
            .iter()
            .map(|&severity| {
                let mut finding =
                    Finding::new(find_check("missing_keywords").unwrap(), "no `keywords`");
                finding.severity = severity;
                finding
            })
            .collect();
        PackageReport::checked(name.into(), "0.1.0".into(), path, findings)
    }

    /// A package with an error crates.io refuses and an error of the checklist.
    fn refused_and_checklist() -> PackageReport {
        let refused = wildcard(location(5, 9, Some(49..52)));
        let checklist = Finding::new(find_check("missing_keywords").unwrap(), "no `keywords`");
        PackageReport::checked(
            "r".into(),
            "1.0.0".into(),
            PathBuf::from("/r/Cargo.toml"),
            vec![refused, checklist],
        )
    }

    #[test]
    fn the_verdict_names_what_is_not_ready_and_counts() {
        use Severity::{Error, Note, Warning};
        let cases = [
            (
                vec![package("a", &[Warning], false)],
                "       Ready a v0.1.0 (0 errors, 1 warning)\n",
            ),
            (
                vec![
                    package("a", &[], false),
                    package("b", &[Note], false),
                    package("c", &[], true),
                ],
                "       Ready 2 packages (0 errors, 0 warnings, 1 note; 1 skipped)\n",
            ),
            (
                vec![package("c", &[], true)],
                "       Ready 0 packages (0 errors, 0 warnings; 1 skipped)\n",
            ),
            (
                vec![package("a", &[Error, Error, Warning], false)],
                "error: not ready to publish: a v0.1.0 (2 errors, none of which crates.io would refuse, 1 warning)\n",
            ),
            (
                vec![
                    package("a", &[Error], false),
                    package("b", &[Warning], false),
                ],
                "error: not ready to publish: a (1 of 2 packages; 1 error, which crates.io would accept, 1 warning)\n",
            ),
            (
                vec![
                    package("a", &[Error], false),
                    package("b", &[Error], false),
                    package("c", &[], true),
                ],
                "error: not ready to publish: a, b (2 of 2 packages; 2 errors, none of which crates.io would refuse, 0 warnings; 1 skipped)\n",
            ),
            (
                vec![refused_and_checklist()],
                "error: not ready to publish: r v1.0.0 (2 errors, 1 of which crates.io would refuse, 0 warnings)\n",
            ),
        ];
        for (packages, expected) in cases {
            let report = Report::new(packages, Vec::new(), Sources::new());
            let quiet = Style {
                quiet: true,
                ..Style::default()
            };
            assert_eq!(render_summary(&report, &quiet), expected);
        }
    }

    #[test]
    fn stages_that_did_not_run_are_said_before_the_verdict_and_one_package_has_one_verdict() {
        let not_run = vec![NotRun {
            stage: "package".into(),
            reason: "--no-package".into(),
        }];
        let report = Report::new(vec![package("a", &[], false)], not_run, Sources::new());
        assert_eq!(
            render_summary(&report, &Style::default()),
            "note: the package stage did not run: --no-package\n       \
             Ready a v0.1.0 (0 errors, 0 warnings; not run: package)\n"
        );
        let two = vec![
            package("a", &[], false),
            package("b", &[Severity::Warning], false),
        ];
        assert_eq!(
            render_summary(
                &Report::new(two, Vec::new(), Sources::new()),
                &Style::default()
            ),
            "     Summary a: ready (0 errors, 0 warnings)\n     \
             Summary b: ready (0 errors, 1 warning)\n       \
             Ready 2 packages (0 errors, 1 warning)\n"
        );
    }
}
