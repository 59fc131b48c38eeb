//! Human output in cargo's style: status lines, `error[check]: ...` with the lines of Cargo.toml
//! around the key and the offending value underlined (annotate-snippets, as cargo does), `help:`
//! with the fix, a summary per package and the verdict.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level as Tone, Origin, Renderer, Snippet};
use owo_colors::{OwoColorize, Style as Paint};
use toml_edit::{Document, Item, Table};

use super::{Finding, Location, PackageReport, Report, Severity};
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
        let _ = writeln!(
            out,
            "{} {}: `{}` {} -> {}",
            style.status("Fixed"),
            display_path(&fix.file).display(),
            fix.field,
            fix.from,
            fix.to
        );
    }
}

/// The whole report for a terminal (written to stderr by the binary): each package's status
/// line, findings and summary, the stages that did not run, and the verdict.
pub fn render_human(report: &Report, style: &Style) -> String {
    let sources = Sources::of(report);
    let mut out = String::new();
    render_fixes(&mut out, report, style);
    for package in &report.packages {
        render_package(&mut out, report, &sources, package, style);
    }
    render_ending(&mut out, report, style);
    out
}

/// The report without its findings: a line per package, the stages that did not run, and the
/// verdict. Goes to stderr when the findings themselves go to stdout in a machine format.
pub fn render_summary(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    render_fixes(&mut out, report, style);
    if !style.quiet {
        for package in &report.packages {
            match &package.skipped {
                Some(reason) => skipped_line(&mut out, package, reason, style),
                None => summary_line(&mut out, package, style),
            }
        }
    }
    render_ending(&mut out, report, style);
    out
}

fn render_package(
    out: &mut String,
    report: &Report,
    sources: &Sources<'_>,
    package: &PackageReport,
    style: &Style,
) {
    if let Some(reason) = &package.skipped {
        if !style.quiet {
            skipped_line(out, package, reason, style);
        }
        return;
    }
    if !style.quiet {
        let _ = writeln!(out, "{} {}", style.status("Checking"), title(package));
    }
    for finding in &package.findings {
        if style.quiet && finding.severity != Severity::Error {
            continue;
        }
        out.push_str(&render_finding(report, sources, finding, style));
        out.push_str("\n\n");
    }
    if !style.quiet {
        summary_line(out, package, style);
        out.push('\n');
    }
}

/// `demo v0.1.0 (/path/to/demo)`, as cargo names a package in its status lines.
fn title(package: &PackageReport) -> String {
    let dir = package
        .manifest_path
        .parent()
        .unwrap_or(&package.manifest_path);
    format!("{} v{} ({})", package.name, package.version, dir.display())
}

fn skipped_line(out: &mut String, package: &PackageReport, reason: &str, style: &Style) {
    let _ = writeln!(
        out,
        "{} {}: {reason}",
        style.status("Skipping"),
        title(package)
    );
}

fn summary_line(out: &mut String, package: &PackageReport, style: &Style) {
    let verdict = if package.ready {
        style.paint("ready", Paint::new().green().bold())
    } else {
        style.paint("not ready", Paint::new().bright_red().bold())
    };
    let refused = package
        .findings
        .iter()
        .any(|f| f.blocks_publish && f.severity == Severity::Error);
    let _ = writeln!(
        out,
        "{} {}: {verdict} ({}{})",
        style.status("Summary"),
        package.name,
        counts(package.findings.iter()),
        if refused {
            "; cargo publish would fail"
        } else {
            ""
        }
    );
}

/// Every source file parsed once more for presentation: where its table headers are, so a
/// snippet can show which table a key is in, and where the workspace defines the values that
/// members inherit, so an inherited key's snippet can show where its value comes from.
struct Sources<'r> {
    files: BTreeMap<&'r Path, Parsed<'r>>,
    /// The workspace root's Cargo.toml, when the report knows it and has its text.
    root: Option<(&'r Path, &'r str)>,
}

struct Parsed<'r> {
    doc: Option<Document<&'r str>>,
    headers: Vec<Range<usize>>,
}

impl<'r> Sources<'r> {
    /// Parses the files findings point into, and the workspace root's when there are any: a
    /// clean run over a large workspace pays nothing for this.
    fn of(report: &'r Report) -> Self {
        let root = report
            .workspace_root
            .as_ref()
            .and_then(|dir| report.sources.get_key_value(&dir.join("Cargo.toml")))
            .map(|(path, text)| (path.as_path(), &**text));
        let mut wanted: BTreeSet<&Path> = report
            .packages
            .iter()
            .flat_map(|p| &p.findings)
            .filter_map(|f| Some(f.location.as_ref()?.file.as_path()))
            .collect();
        if !wanted.is_empty()
            && let Some((root, _)) = root
        {
            wanted.insert(root);
        }
        let files = wanted
            .into_iter()
            .filter_map(|path| {
                let (path, text) = report.sources.get_key_value(path)?;
                let doc = Document::parse(&**text).ok();
                let mut headers = Vec::new();
                if let Some(doc) = &doc {
                    collect_headers(doc.as_table(), &mut headers);
                }
                headers.sort_by_key(|span| span.start);
                Some((path.as_path(), Parsed { doc, headers }))
            })
            .collect();
        Sources { files, root }
    }

    /// The header of the table holding `span`, when it starts on an earlier line and is not
    /// `[package]`, which every package key is in and so says nothing.
    fn enclosing(&self, file: &Path, text: &str, span: &Range<usize>) -> Option<Range<usize>> {
        let header = self
            .files
            .get(file)?
            .headers
            .iter()
            .take_while(|header| header.start <= span.start)
            .last()?;
        let between = text.get(header.end.min(span.start)..span.start)?;
        let name = text.get(header.clone())?;
        (between.contains('\n') && name != "[package]").then(|| header.clone())
    }

    /// For a finding on a member key that says `workspace = true`, the workspace manifest and
    /// the span of the value it inherits (`[workspace.package]` or `[workspace.dependencies]`).
    fn inherited_from(&self, finding: &Finding) -> Option<(&'r Path, &'r str, Range<usize>)> {
        let location = finding.location.as_ref()?;
        let (root_path, root_text) = self.root?;
        if root_path == location.file {
            return None;
        }
        let (table, key) = finding.field.as_deref()?.split_once('.')?;
        let member = self.files.get(location.file.as_path())?.doc.as_ref()?;
        let item = [table.to_string(), table.replace('-', "_")]
            .iter()
            .find_map(|name| member.get(name)?.get(key))?;
        let inherits = item
            .as_table_like()
            .and_then(|t| t.get("workspace"))
            .and_then(Item::as_bool);
        if inherits != Some(true) {
            return None;
        }
        let section = match table {
            "package" => "package",
            "dependencies" | "dev-dependencies" | "build-dependencies" | "dev_dependencies"
            | "build_dependencies" => "dependencies",
            _ => return None,
        };
        let root = self.files.get(root_path)?.doc.as_ref()?;
        let value = root.get("workspace")?.get(section)?.get(key)?;
        let span = match value {
            Item::Value(value) => value.span(),
            Item::Table(table) => table.span(),
            Item::None | Item::ArrayOfTables(_) => None,
        }?;
        Some((root_path, root_text, span))
    }
}

fn collect_headers(table: &Table, spans: &mut Vec<Range<usize>>) {
    for (_, item) in table.iter() {
        match item {
            Item::Table(table) => {
                if !table.is_implicit() && !table.is_dotted() {
                    spans.extend(table.span());
                }
                collect_headers(table, spans);
            }
            Item::ArrayOfTables(tables) => {
                for table in tables.iter() {
                    spans.extend(table.span());
                    collect_headers(table, spans);
                }
            }
            Item::None | Item::Value(_) => {}
        }
    }
}

/// One finding as cargo shows a diagnostic, without a trailing newline: the key's line with the
/// value underlined, the header of its table when that is on an earlier line, and for an
/// inherited key, the workspace's value.
fn render_finding(
    report: &Report,
    sources: &Sources<'_>,
    finding: &Finding,
    style: &Style,
) -> String {
    let tone = match finding.severity {
        Severity::Error => Tone::ERROR,
        Severity::Warning => Tone::WARNING,
        Severity::Note => Tone::NOTE,
    };
    let mut group = Group::with_title(tone.primary_title(&finding.message).id(finding.check));
    if let Some(location) = &finding.location {
        let path = display_path(&location.file).display().to_string();
        let source = report.sources.get(&location.file);
        match source.and_then(|text| snippet_span(text, location).map(|span| (text, span))) {
            Some((text, span)) => {
                let mut snippet = Snippet::source(&**text).path(path);
                if let Some(header) = sources.enclosing(&location.file, text, &span) {
                    snippet = snippet.annotation(AnnotationKind::Visible.span(header));
                }
                group = group.element(snippet.annotation(AnnotationKind::Primary.span(span)));
            }
            None => {
                group = group.element(
                    Origin::path(path)
                        .line(location.line)
                        .char_column(location.column),
                );
            }
        }
        if let Some((root, text, span)) = sources.inherited_from(finding) {
            let mut snippet = Snippet::source(text).path(display_path(root).display().to_string());
            if let Some(header) = sources.enclosing(root, text, &span) {
                snippet = snippet.annotation(AnnotationKind::Visible.span(header));
            }
            group = group.element(
                snippet.annotation(
                    AnnotationKind::Context
                        .span(span)
                        .label("the value is inherited from here"),
                ),
            );
        }
    }
    if let Some(help) = &finding.help {
        group = group.element(Tone::HELP.message(help));
    }
    if style.verbose > 0 {
        let note = if finding.blocks_publish {
            "crates.io or cargo refuses the publish because of this".to_string()
        } else {
            format!(
                "a cargo-ready policy, not a crates.io rule: `cargo ready --explain {}` says why and how to relax it",
                finding.check
            )
        };
        group = group.element(Tone::NOTE.message(note));
    }
    style.renderer().render(&[group])
}

/// The byte range to underline, kept inside the text and on character boundaries so a stale or
/// hand-made location can never make the renderer panic; `None` when the location is not in
/// the text at all.
fn snippet_span(text: &str, location: &Location) -> Option<Range<usize>> {
    let span = match &location.span {
        Some(span) => span.clone(),
        None => {
            let line_start = match location.line {
                0 => return None,
                1 => 0,
                n => text.match_indices('\n').nth(n - 2)?.0 + 1,
            };
            let line = text[line_start..].split('\n').next().unwrap_or("");
            let offset = line
                .char_indices()
                .nth(location.column.saturating_sub(1))
                .map_or(line_start + line.len(), |(i, _)| line_start + i);
            offset..offset
        }
    };
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

/// `2 errors, 1 warning`, and the notes when there are any.
fn counts<'f>(findings: impl Iterator<Item = &'f Finding>) -> String {
    let (mut errors, mut warnings, mut notes) = (0, 0, 0);
    for finding in findings {
        match finding.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Note => notes += 1,
        }
    }
    let mut text = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::report::NotRun;

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
            // No span: the line and column, counted in characters, kept on the line.
            ((2, 12, None), Some(21..21)),
            ((5, 1, None), Some(41..41)),
            ((2, 99, None), Some(24..24)),
            ((6, 1, None), Some(53..53)),
            ((7, 1, None), None),
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
        Finding {
            check: "wildcard_dependency",
            severity: Severity::Error,
            blocks_publish: true,
            field: Some("dependencies.serde".into()),
            message: "dependency `serde` has the version requirement `*`".into(),
            help: None,
            location: Some(location),
        }
    }

    #[test]
    fn a_location_without_its_text_still_names_file_line_and_column() {
        let report = report(vec![wildcard(location(5, 9, Some(49..52)))], &[]);
        let text = render_finding(
            &report,
            &Sources::of(&report),
            &report.packages[0].findings[0],
            &Style::default(),
        );
        assert_eq!(
            text,
            "error[wildcard_dependency]: dependency `serde` has the version requirement `*`\n\
             --> /p/Cargo.toml:5:9"
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
            .map(|&severity| Finding {
                check: "missing_keywords",
                severity,
                blocks_publish: false,
                field: None,
                message: "no `keywords`".into(),
                help: None,
                location: None,
            })
            .collect();
        PackageReport::checked(name.into(), "0.1.0".into(), path, findings)
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
                "error: not ready to publish: a v0.1.0 (2 errors, 1 warning)\n",
            ),
            (
                vec![
                    package("a", &[Error], false),
                    package("b", &[Warning], false),
                ],
                "error: not ready to publish: a (1 of 2 packages; 1 error, 1 warning)\n",
            ),
            (
                vec![
                    package("a", &[Error], false),
                    package("b", &[Error], false),
                    package("c", &[], true),
                ],
                "error: not ready to publish: a, b (2 of 2 packages; 2 errors, 0 warnings; 1 skipped)\n",
            ),
        ];
        for (packages, expected) in cases {
            let report = Report::new(packages, Vec::new(), BTreeMap::new());
            let quiet = Style {
                quiet: true,
                ..Style::default()
            };
            assert_eq!(render_summary(&report, &quiet), expected);
        }
    }

    #[test]
    fn stages_that_did_not_run_are_said_before_the_verdict() {
        let not_run = vec![NotRun {
            stage: "package".into(),
            reason: "--no-package".into(),
        }];
        let report = Report::new(vec![package("a", &[], false)], not_run, BTreeMap::new());
        assert_eq!(
            render_summary(&report, &Style::default()),
            "     Summary a: ready (0 errors, 0 warnings)\n\
             note: the package stage did not run: --no-package\n       \
             Ready a v0.1.0 (0 errors, 0 warnings; not run: package)\n"
        );
    }
}
