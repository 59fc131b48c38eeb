//! `--semver`: the API changes cargo-semver-checks found against the baseline, judged against
//! the version bump by the Cargo book's SemVer rules (V1): a change that needs a new major
//! version (V10) is an error when the release is not breaking; a change that needs a new minor
//! version in a patch release (V11), or one the tool itself only warns about, is a warning.

use semver::Version;

use super::source_location;
use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Label, Level, Severity};
use crate::stage::semver_checks::{Bump, FailedLint, ItemSpot, SemverRun, Side};

/// An API change the version bump does not allow.
pub static SEMVER_VIOLATION: Check = Check {
    name: "semver_violation",
    default: Level::Deny,
    blocks_publish: false,
    summary: "with --semver: cargo-semver-checks finds an API change the version bump does not allow",
    explain: "`cargo ready --semver` runs cargo-semver-checks (`cargo semver-checks \
check-release`, which must be installed: `cargo install --locked cargo-semver-checks`) in the \
temporary copy, comparing the package's public API with the last version published before this \
one. `cargo update` moves every dependent to a new minor or patch release on its own, so a \
breaking change released as 1.4.0 breaks builds nobody touched.\n\nEach lint the tool fails is \
one finding: its id, what it found and where (in your tree, or in the baseline for something \
removed), the release it requires and the lint's documentation. By the Cargo book's SemVer \
rules a release is breaking when it changes the left-most non-zero part of the version: \
1.2.3 → 2.0.0, 0.3.1 → 0.4.0, 0.0.4 → 0.0.5. A change that requires a new major version in a \
release that is not breaking is an error; a change that requires a new minor version in a \
patch release, or one the tool only warns about, is a warning. A breaking release is \
allowed every change, and the tool does not run the lints it allows.\n\nIf cargo-semver-checks is \
not installed, or cannot check the package (it cannot build the baseline, or does not read \
this toolchain's rustdoc format), the comparison does not run and the report says why; that \
is never a finding against the crate. `--semver` on the command line, or `semver = true` in \
`[package.metadata.ready]` or `[workspace.metadata.ready]`, turns it on.\n\nFix: undo the \
change, or release it as the version the finding names.",
};

/// Reports each lint that cargo-semver-checks failed for the release of `ctx`.
pub fn check(ctx: &PackageContext<'_>, run: &SemverRun, sink: &mut Sink<'_>) {
    let (Ok(baseline), current) = (Version::parse(&run.baseline), &ctx.package.version) else {
        return;
    };
    if is_breaking(&baseline, current) {
        return;
    }
    for lint in &run.lints {
        report(ctx, lint, &baseline, sink);
    }
}

/// Whether going from `baseline` to `current` is a breaking release by Cargo's rules: the
/// left-most non-zero part changes (a major for 1.x, a minor for 0.x, any release of 0.0.x).
pub fn is_breaking(baseline: &Version, current: &Version) -> bool {
    if current.major != baseline.major {
        return true;
    }
    if current.major == 0 && current.minor != baseline.minor {
        return true;
    }
    current.major == 0 && current.minor == 0 && current.patch != baseline.patch
}

/// The first version after `baseline` that makes a release of the kind `bump` names.
pub fn next_version(baseline: &Version, bump: Bump) -> Version {
    let (major, minor, patch) = (baseline.major, baseline.minor, baseline.patch);
    match (bump, major, minor) {
        (Bump::Major, 0, 0) | (Bump::Minor, 0, 0) => Version::new(0, 0, patch + 1),
        (Bump::Major, 0, _) => Version::new(0, minor + 1, 0),
        (Bump::Minor, 0, _) => Version::new(0, minor, patch + 1),
        (Bump::Major, _, _) => Version::new(major + 1, 0, 0),
        (Bump::Minor, _, _) => Version::new(major, minor + 1, 0),
    }
}

/// One lint as one finding: at its first item in the user's tree, or at `version` when every
/// item is in the baseline (removed), with the other items as labels.
fn report(ctx: &PackageContext<'_>, lint: &FailedLint, baseline: &Version, sink: &mut Sink<'_>) {
    let bump = lint.requires.unwrap_or(if lint.warning {
        Bump::Minor
    } else {
        Bump::Major
    });
    let kind = match bump {
        Bump::Major => "major",
        Bump::Minor => "minor",
    };
    let next = next_version(baseline, bump);
    // The tool prints an item once per path it is reachable by, which its text may not show.
    let mut items: Vec<String> = Vec::new();
    for item in &lint.items {
        let in_baseline = item.spots.iter().any(|s| s.side == Side::Baseline);
        let text = if in_baseline {
            format!("{} (in v{baseline})", item.text)
        } else {
            item.text.clone()
        };
        if !items.contains(&text) {
            items.push(text);
        }
    }
    let message = format!(
        "{} (`{}`): {}; that needs a new {kind} version ({next}), not {}",
        lint.name,
        lint.id,
        listed(&items, 3),
        ctx.package.version
    );
    let mut help = lint.description.clone();
    if let Some(link) = lint.reference.as_ref().or(lint.implementation.as_ref()) {
        help.push_str(&format!(" See {link}"));
    }
    help.push_str(&format!(
        "; undo the change, or publish this as {next} (the version before it is {baseline})"
    ));
    let current_spots: Vec<(&ItemSpot, &str)> = lint
        .items
        .iter()
        .flat_map(|item| {
            item.spots
                .iter()
                .filter(|s| s.side == Side::Current)
                .map(move |s| (s, item.text.as_str()))
        })
        .collect();
    let finding = match current_spots.first() {
        Some((spot, _)) => {
            let location = item_location(ctx, spot);
            sink.report_at(&SEMVER_VIOLATION, message, help, Some(location))
        }
        None => sink.report(
            &SEMVER_VIOLATION,
            Target::key(&["package", "version"]),
            message,
            help,
        ),
    };
    for (spot, text) in current_spots.iter().skip(1) {
        finding.labels.push(Label {
            location: item_location(ctx, spot),
            message: Some(text.to_string()),
        });
    }
    if lint.warning || bump == Bump::Minor {
        finding.soften(Severity::Warning);
    }
}

/// Up to `shown` items, separated by semicolons (an item's text has commas), then how many
/// more.
fn listed(items: &[String], shown: usize) -> String {
    let mut text = items[..items.len().min(shown)].join("; ");
    if items.len() > shown {
        text.push_str(&format!(" and {} more", items.len() - shown));
    }
    text
}

/// An item's line in the user's tree, from its first character past the indentation.
fn item_location(ctx: &PackageContext<'_>, spot: &ItemSpot) -> crate::model::Location {
    let file = ctx.root().join(&spot.path);
    let indent = std::fs::read_to_string(&file)
        .ok()
        .and_then(|text| {
            let line = text.lines().nth(spot.line.checked_sub(1)?)?;
            Some(line.chars().take_while(|c| c.is_whitespace()).count())
        })
        .unwrap_or(0);
    source_location(file, spot.line, indent + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::semver_checks::LintItem;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn breaking_releases_follow_the_left_most_non_zero_part() {
        for (baseline, current, breaking) in [
            ("1.2.3", "2.0.0", true),
            ("1.2.3", "1.3.0", false),
            ("1.2.3", "1.2.4", false),
            ("0.3.1", "0.4.0", true),
            ("0.3.1", "0.3.2", false),
            ("0.0.4", "0.0.5", true),
            ("0.9.9", "1.0.0", true),
            ("1.2.3", "1.3.0-rc.1", false),
        ] {
            assert_eq!(
                is_breaking(&v(baseline), &v(current)),
                breaking,
                "{baseline} -> {current}"
            );
        }
    }

    #[test]
    fn the_version_a_change_needs() {
        for (baseline, bump, next) in [
            ("1.2.3", Bump::Major, "2.0.0"),
            ("1.2.3", Bump::Minor, "1.3.0"),
            ("0.3.1", Bump::Major, "0.4.0"),
            ("0.3.1", Bump::Minor, "0.3.2"),
            ("0.0.4", Bump::Major, "0.0.5"),
            ("0.0.4", Bump::Minor, "0.0.5"),
        ] {
            assert_eq!(next_version(&v(baseline), bump).to_string(), next);
        }
    }

    fn run_over(version: &str, lints: Vec<FailedLint>) -> Vec<crate::model::Finding> {
        let dir = tempfile::tempdir().unwrap();
        let text = format!("[package]\nname = \"demo\"\nversion = \"{version}\"\n");
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(
            dir.path().join("src/lib.rs"),
            "pub enum E {\n    A,\n    B,\n}\n",
        )
        .unwrap();
        let run = SemverRun {
            baseline: "0.1.0".to_string(),
            lints,
        };
        let manifest =
            crate::read::manifest::Manifest::parse(dir.path().join("Cargo.toml"), text).unwrap();
        let package = crate::checks::test_support::package(
            &manifest.path,
            serde_json::json!({ "version": version }),
        );
        let ctx = PackageContext::manifest_only(&package, &manifest);
        let mut sink = Sink::new(&ctx);
        check(&ctx, &run, &mut sink);
        sink.into_findings()
    }

    fn removed() -> FailedLint {
        FailedLint {
            id: "function_missing".to_string(),
            name: "pub fn removed or renamed".to_string(),
            description: "A publicly-visible function cannot be imported by its prior path."
                .to_string(),
            reference: Some(
                "https://doc.rust-lang.org/cargo/reference/semver.html#item-remove".to_string(),
            ),
            implementation: None,
            warning: false,
            requires: Some(Bump::Major),
            items: vec![LintItem {
                text: "function demo::f, previously in file src/lib.rs:7".to_string(),
                spots: vec![ItemSpot {
                    side: Side::Baseline,
                    path: "src/lib.rs".into(),
                    line: 7,
                }],
            }],
        }
    }

    fn variant_added() -> FailedLint {
        FailedLint {
            id: "enum_variant_added".to_string(),
            name: "enum variant added on exhaustive enum".to_string(),
            requires: Some(Bump::Major),
            items: vec![LintItem {
                text: "variant E:B in src/lib.rs:3".to_string(),
                spots: vec![ItemSpot {
                    side: Side::Current,
                    path: "src/lib.rs".into(),
                    line: 3,
                }],
            }],
            ..FailedLint::default()
        }
    }

    #[test]
    fn a_removal_in_a_patch_release_is_an_error_at_the_version() {
        let found = run_over("0.1.1", vec![removed()]);
        assert_eq!(found.len(), 1);
        let finding = &found[0];
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(
            finding.message,
            "pub fn removed or renamed (`function_missing`): function demo::f, previously in file \
src/lib.rs:7 (in v0.1.0); that needs a new major version (0.2.0), not 0.1.1"
        );
        assert_eq!(finding.field.as_deref(), Some("package.version"));
        let help = finding.help.as_deref().unwrap();
        assert!(
            help.contains("See https://doc.rust-lang.org/cargo/reference/semver.html#item-remove"),
            "{help}"
        );
        assert!(help.ends_with("publish this as 0.2.0 (the version before it is 0.1.0)"));
    }

    #[test]
    fn an_item_printed_twice_is_said_once_and_long_lists_are_cut() {
        let mut lint = removed();
        let item = lint.items[0].clone();
        lint.items = vec![item.clone(), item.clone()];
        for name in ["g", "h", "i"] {
            let mut other = item.clone();
            other.text = other.text.replace("demo::f", &format!("demo::{name}"));
            lint.items.push(other);
        }
        let found = run_over("0.1.1", vec![lint]);
        assert_eq!(
            found[0].message,
            "pub fn removed or renamed (`function_missing`): function demo::f, previously in \
file src/lib.rs:7 (in v0.1.0); function demo::g, previously in file src/lib.rs:7 (in v0.1.0); \
function demo::h, previously in file src/lib.rs:7 (in v0.1.0) and 1 more; that needs a new \
major version (0.2.0), not 0.1.1"
        );
    }

    #[test]
    fn a_change_in_the_tree_is_placed_at_its_line() {
        let found = run_over("0.1.1", vec![variant_added()]);
        let location = found[0].location.as_ref().unwrap();
        assert!(location.file.ends_with("src/lib.rs"));
        assert_eq!((location.line, location.column), (3, 5));
        assert!(location.span.is_some());
    }

    #[test]
    fn a_breaking_release_says_nothing_and_minor_changes_warn() {
        assert!(run_over("0.2.0", vec![removed(), variant_added()]).is_empty());
        let deprecated = FailedLint {
            id: "type_marked_deprecated".to_string(),
            warning: true,
            requires: Some(Bump::Minor),
            ..FailedLint::default()
        };
        let found = run_over("0.1.1", vec![deprecated]);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0]
                .message
                .contains("needs a new minor version (0.1.1)")
        );
    }
}
