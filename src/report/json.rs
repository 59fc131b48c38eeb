//! `--message-format json`: the whole report as one JSON document.

use super::Report;

/// The report as one pretty-printed JSON document, ending in a newline.
pub fn render_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report always serializes");
    text.push('\n');
    text
}
