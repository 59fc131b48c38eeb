//! `--message-format github`: GitHub Actions workflow commands (`::error file=...::message`), so
//! findings show on the lines of Cargo.toml in a pull request.

use std::fmt::Write;
use std::path::Path;

use super::{Report, relative_slash_path};
use crate::model::Severity;

/// One workflow command per finding. Paths are relative to `base` (the repository checkout,
/// `GITHUB_WORKSPACE`, which is what GitHub resolves annotation paths against) when the file is
/// inside it. The help follows the message on a new line; the title names the check and package.
pub fn render_github(report: &Report, base: &Path) -> String {
    let mut out = String::new();
    for package in &report.packages {
        for finding in &package.findings {
            let command = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut properties = Vec::new();
            match &finding.location {
                Some(location) => {
                    properties.push(("file", relative_slash_path(&location.file, base)));
                    if location.line > 0 {
                        properties.push(("line", location.line.to_string()));
                        properties.push(("col", location.column.to_string()));
                    }
                }
                None => {
                    properties.push(("file", relative_slash_path(&package.manifest_path, base)))
                }
            }
            properties.push(("title", format!("{} ({})", finding.check, package.name)));
            let properties: Vec<String> = properties
                .iter()
                .map(|(key, value)| format!("{key}={}", escape_property(value)))
                .collect();
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                let _ = write!(message, "\nhelp: {help}");
            }
            let _ = writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            );
        }
    }
    out
}

/// Escapes a workflow command's message as GitHub's toolkit does (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as [`escape_data`], plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        let cases = [
            ("plain text", "plain text", "plain text"),
            ("100%", "100%25", "100%25"),
            ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
            (
                "key: value, more",
                "key: value, more",
                "key%3A value%2C more",
            ),
            ("%0A", "%250A", "%250A"),
            ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
        ];
        for (text, data, property) in cases {
            assert_eq!(escape_data(text), data, "data {text:?}");
            assert_eq!(escape_property(text), property, "property {text:?}");
        }
    }

    #[test]
    fn paths_relative_to_the_base_use_slashes() {
        let base = Path::new("/repo");
        assert_eq!(
            relative_slash_path(Path::new("/repo/a/b/Cargo.toml"), base),
            "a/b/Cargo.toml"
        );
        assert_eq!(
            relative_slash_path(Path::new("/repo/Cargo.toml"), base),
            "Cargo.toml"
        );
        assert_eq!(
            relative_slash_path(Path::new("/other/Cargo.toml"), base),
            "/other/Cargo.toml"
        );
    }
}
