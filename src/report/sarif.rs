//! `--message-format sarif`: one SARIF 2.1.0 document, for code scanning dashboards.
//!
//! The rules are the check registry with its explanations; the results are the findings, their
//! paths relative to the workspace root (`%SRCROOT%`), columns counted in characters.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use url::Url;

use super::Report;
use crate::checks::CHECKS;
use crate::model::{Finding, Level, Location, Severity};
use crate::read::manifest::line_column;

/// The schema the document declares.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base id relative artifact paths are resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// The report as one pretty-printed SARIF 2.1.0 document, ending in a newline. Files inside
/// `root` (the workspace root) are given relative to `%SRCROOT%`, which the document maps to
/// `root`; others by absolute `file:` URI.
pub fn render_sarif(report: &Report, root: &Path) -> String {
    let base = Url::from_directory_path(root).ok();
    let artifacts = Artifacts {
        root,
        base: base.as_ref(),
    };
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "cargo-ready",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules(),
                },
            },
            original_uri_base_ids: base.as_ref().map(|base| {
                BTreeMap::from([(
                    SRCROOT,
                    ArtifactLocation {
                        uri: base.to_string(),
                        uri_base_id: None,
                    },
                )])
            }),
            invocations: [Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications(report, &artifacts),
            }],
            column_kind: "unicodeCodePoints",
            results: results(report, &artifacts),
            properties: RunProperties {
                ready: report.ready,
            },
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("a SARIF log always serializes");
    text.push('\n');
    text
}

/// Every check, as a rule with its explanation.
fn rules() -> Vec<Rule> {
    CHECKS
        .iter()
        .map(|check| Rule {
            id: check.name,
            short_description: Text::from(check.summary),
            full_description: Text::from(check.explain),
            help: Text::from(check.explain),
            default_configuration: Configuration {
                level: level(check.default),
            },
            properties: RuleProperties {
                blocks_publish: check.blocks_publish,
            },
        })
        .collect()
}

/// Every finding, as a result at its place (or the package's Cargo.toml), with the labels
/// that carry a message as related locations.
fn results<'r>(report: &'r Report, artifacts: &Artifacts<'_>) -> Vec<SarifResult<'r>> {
    let mut results = Vec::new();
    for package in &report.packages {
        for finding in &package.findings {
            let place = match &finding.location {
                Some(location) => physical(report, location, artifacts),
                None => PhysicalLocation {
                    artifact_location: artifacts.of(&package.manifest_path),
                    region: None,
                },
            };
            let related_locations = finding
                .labels
                .iter()
                .filter_map(|label| {
                    Some(RelatedLocation {
                        message: Text {
                            text: label.message.clone()?,
                        },
                        physical_location: physical(report, &label.location, artifacts),
                    })
                })
                .collect();
            results.push(SarifResult {
                rule_id: finding.check,
                rule_index: CHECKS.iter().position(|c| c.name == finding.check),
                level: severity(finding.severity),
                message: Text {
                    text: message(finding),
                },
                locations: vec![SarifLocation {
                    physical_location: place,
                }],
                related_locations,
                properties: ResultProperties {
                    package: &package.name,
                    field: finding.field.as_deref(),
                    blocks_publish: finding.blocks_publish,
                },
            });
        }
    }
    results
}

/// The message, with the help after it.
fn message(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// What was not checked, so an empty result list never reads as "all clear".
fn notifications(report: &Report, artifacts: &Artifacts<'_>) -> Vec<Notification> {
    let skipped = report.packages.iter().filter_map(|package| {
        let reason = package.skipped.as_ref()?;
        Some(Notification {
            level: "note",
            message: Text {
                text: format!("skipped {} v{}: {reason}", package.name, package.version),
            },
            locations: vec![SarifLocation {
                physical_location: PhysicalLocation {
                    artifact_location: artifacts.of(&package.manifest_path),
                    region: None,
                },
            }],
        })
    });
    let not_run = report.not_run.iter().map(|not_run| Notification {
        level: "note",
        message: Text {
            text: format!(
                "the {} stage did not run: {}",
                not_run.stage, not_run.reason
            ),
        },
        locations: Vec::new(),
    });
    skipped.chain(not_run).collect()
}

/// A place in a file: the file, and the region when the place has a line.
fn physical(report: &Report, location: &Location, artifacts: &Artifacts<'_>) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifacts.of(&location.file),
        region: (location.line > 0).then(|| region(report, location)),
    }
}

/// How file paths become artifact locations.
struct Artifacts<'a> {
    root: &'a Path,
    base: Option<&'a Url>,
}

impl Artifacts<'_> {
    fn of(&self, file: &Path) -> ArtifactLocation {
        artifact_location(file, self.root, self.base)
    }
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Note => "note",
        Level::Allow => "none",
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A relative URI under `%SRCROOT%` for a file inside the workspace root, else a `file:` URI.
fn artifact_location(file: &Path, root: &Path, base: Option<&Url>) -> ArtifactLocation {
    let file_url = Url::from_file_path(file).ok();
    if let (true, Some(base), Some(file_url)) = (file.starts_with(root), base, &file_url)
        && let Some(relative) = base.make_relative(file_url)
    {
        return ArtifactLocation {
            uri: relative,
            uri_base_id: Some(SRCROOT),
        };
    }
    ArtifactLocation {
        uri: match file_url {
            Some(url) => url.to_string(),
            None => file.to_string_lossy().replace('\\', "/"),
        },
        uri_base_id: None,
    }
}

/// Start line and column, and the end (the column after the last character, as SARIF counts
/// it) when the span is known and not empty.
fn region(report: &Report, location: &Location) -> Region {
    let end = report
        .sources
        .get(&location.file)
        .zip(location.span.as_ref())
        .filter(|(text, span)| span.start < span.end && span.start <= text.len())
        .map(|(text, span)| line_column(text, span.end.min(text.len())));
    Region {
        start_line: location.line.max(1),
        start_column: location.column.max(1),
        end_line: end.map(|(line, _)| line),
        end_column: end.map(|(_, column)| column),
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BTreeMap<&'static str, ArtifactLocation>>,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Text<&'static str>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<T = String> {
    text: T,
}

impl From<&'static str> for Text<&'static str> {
    fn from(text: &'static str) -> Self {
        Text { text }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    blocks_publish: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    package: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    blocks_publish: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
struct RunProperties {
    ready: bool,
}

#[cfg(test)]
mod tests {
    use std::ops::Range;
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::report::Sources;

    fn uri(file: &str, root: &str) -> (String, Option<&'static str>) {
        let base = Url::from_directory_path(root).ok();
        let location = artifact_location(Path::new(file), Path::new(root), base.as_ref());
        (location.uri, location.uri_base_id)
    }

    #[test]
    fn artifacts_inside_the_root_are_relative_and_encoded() {
        assert_eq!(
            uri("/ws/Cargo.toml", "/ws"),
            ("Cargo.toml".into(), Some(SRCROOT))
        );
        assert_eq!(
            uri("/ws/my crate/Cargo.toml", "/ws"),
            ("my%20crate/Cargo.toml".into(), Some(SRCROOT))
        );
        assert_eq!(
            uri("/other/Cargo.toml", "/ws"),
            ("file:///other/Cargo.toml".into(), None)
        );
        assert_eq!(
            uri("/wsx/Cargo.toml", "/ws"),
            ("file:///wsx/Cargo.toml".into(), None)
        );
    }

    fn report_with(text: &str) -> Report {
        let sources = Sources::from([(PathBuf::from("/ws/Cargo.toml"), Arc::<str>::from(text))]);
        Report::new(Vec::new(), Vec::new(), sources)
    }

    fn location(line: usize, column: usize, span: Option<Range<usize>>) -> Location {
        Location {
            file: PathBuf::from("/ws/Cargo.toml"),
            line,
            column,
            span,
        }
    }

    fn ends(region: Region) -> (Option<usize>, Option<usize>) {
        (region.end_line, region.end_column)
    }

    #[test]
    fn region_ends_after_the_last_character() {
        let report = report_with("a = \"é\"\nb = [\n  1,\n]\n");
        assert_eq!(
            ends(region(&report, &location(1, 5, Some(4..8)))),
            (Some(1), Some(8))
        );
        assert_eq!(
            ends(region(&report, &location(2, 5, Some(13..21)))),
            (Some(4), Some(2))
        );
        // An empty span, a span past the end of the text, or no text: no end.
        assert_eq!(
            ends(region(&report, &location(1, 1, Some(0..0)))),
            (None, None)
        );
        assert_eq!(
            ends(region(&report, &location(1, 1, Some(90..99)))),
            (None, None)
        );
        assert_eq!(
            ends(region(&report_with(""), &location(1, 1, None))),
            (None, None)
        );
        // A span running past the end is cut at the end.
        assert_eq!(
            ends(region(&report, &location(4, 1, Some(20..99)))),
            (Some(5), Some(1))
        );
    }
}
