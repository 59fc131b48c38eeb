//! Level settings that name no check: a typo in `metadata.ready` or on the command line.

use std::path::PathBuf;

use super::{CHECKS, Sink};
use crate::model::{Check, Level};
use crate::read::manifest::Manifest;

/// A name in `metadata.ready` or on the command line that matches no check.
pub static UNKNOWN_CHECK: Check = Check {
    name: "unknown_check",
    default: Level::Warn,
    blocks_publish: false,
    summary: "configuration names a check that does not exist",
    explain: "A level set in `[package.metadata.ready]`, `[workspace.metadata.ready]` or with \
`-A/-W/-D` names no check, so it has no effect: usually a typo.\n\nFix: use a name from \
`cargo ready --list`.",
};

/// A configuration entry that names no known check, kept so it can be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The name as written.
    pub name: String,
    /// Where it was written: `None` for the command line, or the manifest and key path.
    pub origin: Option<(PathBuf, Vec<String>)>,
}

/// The closest check name, for a "did you mean".
pub fn closest_check(name: &str) -> Option<&'static str> {
    let name = name.replace('-', "_");
    CHECKS
        .iter()
        .map(|c| (strsim::jaro_winkler(c.name, &name), c.name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

/// Reports every unknown name a package's configuration came with, at the key that set it
/// (`manifest` is the package's, `root` the workspace's when it is another file).
pub fn check(
    unknown: &[UnknownName],
    manifest: &Manifest,
    root: Option<&Manifest>,
    sink: &mut Sink<'_>,
) {
    for unknown in unknown {
        let help = match closest_check(&unknown.name) {
            Some(name) => format!("did you mean `{name}`? `cargo ready --list` shows every check"),
            None => "`cargo ready --list` shows every check".to_string(),
        };
        let message = format!("unknown check `{}`", unknown.name);
        let source = unknown.origin.as_ref().and_then(|(path, keys)| {
            let source = [Some(manifest), root]
                .into_iter()
                .flatten()
                .find(|m| &m.path == path)?;
            Some((source, keys))
        });
        match source {
            Some((source, keys)) => {
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                sink.report_on(
                    &UNKNOWN_CHECK,
                    &keys,
                    source.locate_key(&keys),
                    message,
                    help,
                );
            }
            None => {
                sink.report_at(&UNKNOWN_CHECK, message, help, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_get_a_suggestion_and_strangers_do_not() {
        assert_eq!(
            closest_check("missing_catgories"),
            Some("missing_categories")
        );
        assert_eq!(closest_check("unknown-category"), Some("unknown_category"));
        assert_eq!(closest_check("zzz"), None);
    }
}
