//! `--message-format gitlab`: a GitLab Code Quality report, so findings show in the merge
//! request widget (`artifacts: reports: codequality:`). One JSON array; a ready crate with no
//! finding gives `[]`.

use serde::Serialize;

use super::{Report, relative_slash_path};
use crate::model::Severity;

/// One issue as GitLab's Code Quality widget reads it.
#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// Every finding as a Code Quality issue. Paths are relative to `base` (the repository root:
/// `CI_PROJECT_DIR` on GitLab). A fingerprint is unique within the report and the same on the
/// next run when nothing changed: a hash of the check, package, place and message (and, for
/// findings equal in all of those, their order).
pub fn render_gitlab(report: &Report, base: &std::path::Path) -> String {
    let mut seen = std::collections::HashMap::new();
    let mut issues = Vec::new();
    for package in &report.packages {
        for finding in &package.findings {
            let (file, line) = match &finding.location {
                Some(location) => (location.file.as_path(), location.line.max(1)),
                None => (package.manifest_path.as_path(), 1),
            };
            let path = relative_slash_path(file, base);
            let mut description = finding.message.clone();
            if let Some(help) = &finding.help {
                description.push_str(" (help: ");
                description.push_str(help);
                description.push(')');
            }
            let identity = format!(
                "{}\0{}\0{path}\0{line}\0{}",
                finding.check, package.name, finding.message
            );
            let occurrence = seen.entry(identity.clone()).or_insert(0usize);
            *occurrence += 1;
            issues.push(Issue {
                description,
                check_name: finding.check.to_string(),
                fingerprint: fingerprint(&format!("{identity}\0{occurrence}")),
                severity: match finding.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Note => "info",
                },
                location: IssueLocation {
                    path,
                    lines: Lines { begin: line },
                },
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// 128 bits of FNV-1a, as 32 hex digits: stable across runs, platforms and Rust versions.
fn fingerprint(text: &str) -> String {
    let hash = |seed: u64| {
        text.bytes().fold(seed, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x6c62_272e_07bb_0142)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_texts_apart() {
        assert_eq!(fingerprint("a"), fingerprint("a"));
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint("a").len(), 32);
        // FNV-1a 64 of "a", the published test vector.
        assert!(fingerprint("a").starts_with("af63dc4c8601ec8c"));
    }
}
