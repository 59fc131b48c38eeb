//! The release against the last one (V1–V9): what changed since the published version users
//! have now, and whether it breaks them without the major bump that tells them so. "Breaking"
//! is the Cargo book's (V1): a new major, where for 0.y.z the minor is the major and every
//! 0.0.z release is breaking.

use semver::{Version, VersionReq};

use super::contents::human_size;
use super::listed;
use crate::baseline::diff::{Change, ReleaseDiff};
use crate::baseline::side::Side;
use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Level, Severity};

const SEMVER: &str = "https://doc.rust-lang.org/cargo/reference/semver.html";
const MIB: u64 = 1024 * 1024;

/// The checks that compare a release with the published version before it: the comparison
/// is made unless every one of them is allowed.
pub static CHECKS: &[&Check] = &[
    &FIRST_RELEASE,
    &VERSION_NOT_NEWEST,
    &FEATURE_REMOVED,
    &FEATURE_CHANGED,
    &LIB_RENAMED,
    &BIN_REMOVED,
    &RUST_VERSION_RAISED,
    &LICENSE_CHANGED,
    &EDITION_CHANGED,
    &LINKS_CHANGED,
    &DEPENDENCIES_CHANGED,
    &DEPENDENCY_MAJOR_CHANGED,
    &CONTENTS_CHANGED,
    &CRATE_GREW,
    &LARGE_FILE_ADDED,
    &PACKAGED_FILE_DROPPED,
];

/// V9: a version no higher than one already published.
pub static VERSION_NOT_NEWEST: Check = Check {
    name: "version_not_newest",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the version is not above the newest published version",
    explain: "cargo resolves a requirement to the newest version it allows, so a release below \
the newest published one (1.2.4 while 1.3.0 exists) is picked by nobody who runs `cargo add` or \
`cargo update`; only lock files and exact requirements reach it.\n\nFix: nothing for a \
maintenance branch (a fix to an older major or minor line); otherwise, raise the version above \
the newest published one.",
};

/// V3, V4, V5: a feature removed, or no longer enabled by default, without a breaking bump.
pub static FEATURE_REMOVED: Check = Check {
    name: "feature_removed",
    default: Level::Deny,
    blocks_publish: false,
    summary: "a feature, or a default feature, is gone in a release that is not breaking",
    explain: "Users who write `features = [\"x\"]` stop building when `x` is removed (an \
optional dependency's implicit feature included), and users who relied on a default feature \
lose what it enabled. The Cargo book calls both a major change (SemVer compatibility, \
`cargo-feature-remove`, `cargo-feature-remove-another`, `cargo-remove-opt-dep`).\n\nFix: keep \
the feature (an empty one is fine), or release a new major version (for 0.y.z, a new minor). \
Features named `_x`, `unstable*`, `nightly*` or `bench*` are taken as not public and not \
reported.",
};

/// V4: a feature that enables less than before.
pub static FEATURE_CHANGED: Check = Check {
    name: "feature_changed",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a feature no longer enables a dependency or feature it enabled",
    explain: "A feature that stopped enabling another feature or a dependency changes what \
users who ask for it get; the Cargo book calls it a major change when that changes \
functionality or public items (SemVer compatibility, `cargo-feature-remove-another`).\n\nFix: \
keep what the feature enabled, or release a new major version.",
};

/// V2: the library renamed.
pub static LIB_RENAMED: Check = Check {
    name: "lib_renamed",
    default: Level::Deny,
    blocks_publish: false,
    summary: "the library's crate name (`lib.name`) changed in a release that is not breaking",
    explain: "Every path users write starts with the library's name (`use old_name::...`); a \
new `lib.name` renames every public item, a major change (SemVer compatibility, \
`item-remove`).\n\nFix: keep the name, or release a new major version.",
};

/// V7: a binary gone.
pub static BIN_REMOVED: Check = Check {
    name: "bin_removed",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a binary was removed or renamed in a release that is not breaking",
    explain: "`cargo install` users of the crate lose the command, and scripts calling it \
break. The Cargo book leaves an application's compatibility to the project (SemVer \
compatibility, `application-compatibility`); a command that goes away is usually a major \
change.\n\nFix: keep the binary (a renamed one can stay under its old name too), or release a \
new major version.",
};

/// V6: rust-version raised.
pub static RUST_VERSION_RAISED: Check = Check {
    name: "rust_version_raised",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`rust-version` is raised (a note; a warning in a patch release)",
    explain: "Users on the older Rust no longer get this release; with the MSRV-aware \
resolver they stay on the older one. The Cargo book calls raising the minimum Rust \
possibly-breaking and recommends treating it as a minor change (SemVer compatibility, \
`env-new-rust`), so in a patch release it is a warning, otherwise a note.\n\nFix: nothing, \
when meant; in a patch release, consider a minor release instead.",
};

/// The license expression changed.
pub static LICENSE_CHANGED: Check = Check {
    name: "license_changed",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`license` differs from the published version's",
    explain: "Organisations review the licenses of their dependencies; a new expression \
shows up in their review (cargo-deny, cargo-about) as a new dependency would.\n\nFix: nothing \
when meant; say it in the changelog.",
};

/// The edition changed.
pub static EDITION_CHANGED: Check = Check {
    name: "edition_changed",
    default: Level::Note,
    blocks_publish: false,
    summary: "`edition` differs from the published version's",
    explain: "A new edition does not break dependents (editions interoperate), but it needs \
the Rust that introduced it, and it changes the crate's own code's meaning in places.\n\nFix: \
nothing; it is said so the release notes can.",
};

/// V8: dependencies added or removed.
pub static DEPENDENCIES_CHANGED: Check = Check {
    name: "dependencies_changed",
    default: Level::Note,
    blocks_publish: false,
    summary: "dependencies were added or removed since the published version",
    explain: "Adding a dependency is a minor change (SemVer compatibility, `cargo-dep-add`), \
but users build, audit and license-review each one. The note lists normal and build \
dependencies added and removed.\n\nFix: nothing; it is said for the release review.",
};

/// A dependency's requirement now needs a new major of it, in a release that is not breaking.
pub static DEPENDENCY_MAJOR_CHANGED: Check = Check {
    name: "dependency_major_changed",
    default: Level::Note,
    blocks_publish: false,
    summary: "a dependency's requirement moved to a new major version of it, in a release that is not breaking",
    explain: "When types of that dependency appear in the crate's public API (a `serde::Value` \
returned, an `impl From<http::Request>`), users holding the old major's types no longer \
compile: a breaking change. When they do not, nothing changes for users.\n\nFix: check \
whether the dependency is public; if it is, release a new major version.",
};

/// `links` changed or removed.
pub static LINKS_CHANGED: Check = Check {
    name: "links_changed",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`links` changed or was removed",
    explain: "cargo lets one package per `links` value into a build, and build scripts of \
dependents read `DEP_<links>_*` variables; a new or missing value breaks the build scripts \
that read them and can make two versions collide.\n\nFix: keep the value, or release a new \
major version.",
};

/// What the package ships now against the baseline.
pub static CONTENTS_CHANGED: Check = Check {
    name: "contents_changed",
    default: Level::Note,
    blocks_publish: false,
    summary: "counts of files added, removed and changed since the published version",
    explain: "The pre-publish review of `cargo package --list`, done for you: how many files \
were added, removed and changed since the published version, and the largest additions. \
`cargo ready --diff` lists them all.\n\nFix: nothing; read it before publishing.",
};

/// The `.crate` doubled.
pub static CRATE_GREW: Check = Check {
    name: "crate_grew",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the .crate is more than twice the published version's size and over 1 MiB",
    explain: "Every user downloads the whole `.crate`; doubling it usually means test data, \
images or build output went in by accident.\n\nFix: leave the new large files out with \
`exclude` (`cargo ready --diff` lists them).",
};

/// A new large file.
pub static LARGE_FILE_ADDED: Check = Check {
    name: "large_file_added",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a file over 1 MiB is new since the published version",
    explain: "A large new file in the package is usually test data, an image or a build \
output that went in by accident, and every user downloads it.\n\nFix: leave it out with \
`exclude`, or keep it when the crate needs it.",
};

/// The README or a license file is gone from the package.
pub static PACKAGED_FILE_DROPPED: Check = Check {
    name: "packaged_file_dropped",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the README or a license file shipped before is no longer in the package",
    explain: "A license usually requires its text to travel with the code, and docs.rs and \
`include_str!(\"../README.md\")` read the README from the package; a change to `include` or \
`exclude` drops them silently.\n\nFix: add the file back to `include`, or remove it from \
`exclude`.",
};

/// Nothing published yet.
pub static FIRST_RELEASE: Check = Check {
    name: "first_release",
    default: Level::Note,
    blocks_publish: false,
    summary: "nothing of the package is published: there is nothing to compare",
    explain: "The release comparison (features, targets, dependencies, files against the \
published version) needs a published version; a first release has none.\n\nFix: nothing.",
};

/// What the registry says of a package, for the comparison.
pub enum Facts<'a> {
    /// Nothing of it is published.
    FirstRelease,
    /// Versions are published, none lower than this one.
    NothingLower {
        /// The newest published one.
        newest: Option<&'a Version>,
    },
    /// The baseline and this release.
    Compared {
        /// The newest published version.
        newest: Option<&'a Version>,
        /// The baseline.
        baseline: &'a Side,
        /// This release.
        current: &'a Side,
        /// Their comparison.
        diff: &'a ReleaseDiff,
    },
}

/// Whether a release from `from` to `to` is breaking by Cargo's rules: a new major, the minor
/// for 0.y.z, and any 0.0.z.
pub fn is_breaking(from: &Version, to: &Version) -> bool {
    compatibility(from) != compatibility(to)
}

/// The part of a version that cargo's `^` requirement keeps: the major, or `0.y`, or `0.0.z`.
fn compatibility(version: &Version) -> (u64, u64, u64) {
    match (version.major, version.minor) {
        (0, 0) => (0, 0, version.patch),
        (0, minor) => (0, minor, 0),
        (major, _) => (major, 0, 0),
    }
}

/// A patch release: the same major and minor.
fn is_patch(from: &Version, to: &Version) -> bool {
    from.major == to.major && from.minor == to.minor && to.patch > from.patch
}

/// Features a package keeps out of its public interface by name, as cargo-semver-checks
/// reads them (cargo has no private features yet: rust-lang/cargo#10881, #10882).
fn is_private_feature(name: &str) -> bool {
    if name.starts_with('_') {
        return true;
    }
    ["unstable", "nightly", "bench"].iter().any(|word| {
        name == *word
            || name
                .strip_prefix(word)
                .is_some_and(|rest| rest.starts_with(['-', '_']))
    })
}

/// The major of the versions a requirement accepts, as a [`compatibility`]; `None` for `*`.
fn requirement_major(requirement: &str) -> Option<(u64, u64, u64)> {
    let req = VersionReq::parse(requirement).ok()?;
    let first = req.comparators.first()?;
    let version = Version::new(
        first.major,
        first.minor.unwrap_or(0),
        first.patch.unwrap_or(0),
    );
    Some(compatibility(&version))
}

/// Judges one package against its baseline.
pub fn check(ctx: &PackageContext<'_>, facts: &Facts<'_>, sink: &mut Sink<'_>) {
    let publishing = &ctx.package.version;
    let newest = match facts {
        Facts::FirstRelease => {
            sink.report(
                &FIRST_RELEASE,
                Target::key(&["package", "version"]),
                format!(
                    "{} has no published version: there is nothing to compare with",
                    ctx.package.name
                ),
                None,
            );
            return;
        }
        Facts::NothingLower { newest } | Facts::Compared { newest, .. } => *newest,
    };
    if let Some(newest) = newest
        && newest > publishing
    {
        sink.report(
            &VERSION_NOT_NEWEST,
            Target::key(&["package", "version"]),
            format!("version {publishing} is below the newest published version, {newest}"),
            Some(format!(
                "`cargo add` and `cargo update` pick {newest}, not this release; that is right \
only for a maintenance branch, otherwise raise the version above {newest}"
            )),
        );
    }
    if let Facts::Compared {
        baseline,
        current,
        diff,
        ..
    } = facts
    {
        compare(ctx, baseline, current, diff, sink);
    }
}

fn compare(
    ctx: &PackageContext<'_>,
    baseline: &Side,
    current: &Side,
    diff: &ReleaseDiff,
    sink: &mut Sink<'_>,
) {
    let Some(from) = &baseline.version else {
        return;
    };
    let to = &ctx.package.version;
    let breaking = is_breaking(from, to);
    let bump = format!("{from} → {to}");
    let major_help = if to.major == 0 {
        "keep it, or make this release a new minor version (for 0.y.z, the minor is the major)"
    } else {
        "keep it, or make this release a new major version"
    };
    if !breaking {
        features(ctx, baseline, current, &bump, major_help, sink);
        targets(ctx, baseline, current, &bump, major_help, sink);
    }
    fields(ctx, from, baseline, current, sink);
    dependencies(ctx, baseline, current, breaking, sink);
    contents(ctx, baseline, current, diff, sink);
}

fn features(
    ctx: &PackageContext<'_>,
    baseline: &Side,
    current: &Side,
    bump: &str,
    major_help: &str,
    sink: &mut Sink<'_>,
) {
    let public = |name: &&String| !is_private_feature(name);
    for name in baseline.features.keys().filter(public) {
        if name == "default" || current.features.contains_key(name) {
            continue;
        }
        let implicit = baseline.features[name].len() == 1
            && baseline.features[name].contains(&format!("dep:{name}"));
        let what = if implicit {
            format!("the optional dependency `{name}`'s feature")
        } else {
            format!("feature `{name}`")
        };
        sink.report(
            &FEATURE_REMOVED,
            Target::key(&["features"]),
            format!("{what} is gone in a release that is not breaking ({bump})"),
            Some(format!(
                "users with `features = [\"{name}\"]` stop building: {major_help} ({SEMVER}#cargo-feature-remove)"
            )),
        );
    }
    if let (Some(before), Some(now)) = (
        baseline.features.get("default"),
        current
            .features
            .get("default")
            .or(Some(&Default::default())),
    ) {
        let dropped: Vec<&String> = before
            .iter()
            .filter(|f| !now.contains(*f) && !is_private_feature(f))
            .collect();
        for feature in dropped {
            let target = if ctx.manifest.get(&["features", "default"]).is_some() {
                Target::key(&["features", "default"])
            } else {
                Target::key(&["features"])
            };
            sink.report(
                &FEATURE_REMOVED,
                target,
                format!(
                    "`{feature}` is no longer enabled by default, in a release that is not breaking ({bump})"
                ),
                Some(format!(
                    "users relying on the default lose what it enabled: {major_help} \
({SEMVER}#cargo-feature-remove-another)"
                )),
            );
        }
    }
    for (name, before) in baseline.features.iter().filter(|(n, _)| public(n)) {
        if name == "default" {
            continue;
        }
        let Some(now) = current.features.get(name) else {
            continue;
        };
        let lost: Vec<String> = before
            .difference(now)
            .filter(|item| !still_enabled(current, now, item))
            .map(|item| format!("`{item}`"))
            .collect();
        if lost.is_empty() {
            continue;
        }
        let keys = ["features", name.as_str()];
        let target = if ctx.manifest.get(&keys).is_some() {
            keys.to_vec()
        } else {
            vec!["features"]
        };
        sink.report(
            &FEATURE_CHANGED,
            Target::key(&target),
            format!(
                "feature `{name}` no longer enables {}, in a release that is not breaking ({bump})",
                listed(&lost, 5)
            ),
            Some(format!(
                "users who ask for `{name}` get less than before: {major_help} \
({SEMVER}#cargo-feature-remove-another)"
            )),
        );
    }
}

/// Whether `item` (`package/feature`), gone from a feature's list `now`, is on anyway: the
/// dependency is declared with that feature, and is built whenever the feature is on (it is
/// not optional, or the feature still enables it).
fn still_enabled(current: &Side, now: &std::collections::BTreeSet<String>, item: &str) -> bool {
    let Some((package, feature)) = item.split_once('/') else {
        return false;
    };
    let package = package.trim_end_matches('?');
    let declared = current
        .dependency_features
        .get(package)
        .is_some_and(|features| features.contains(feature));
    let enabling = format!("dep:{package}");
    let optional = current.features.values().flatten().any(|i| *i == enabling);
    let built = !optional
        || now.contains(&enabling)
        || now.iter().any(|i| i.starts_with(&format!("{package}/")));
    declared && built
}

fn targets(
    ctx: &PackageContext<'_>,
    baseline: &Side,
    current: &Side,
    bump: &str,
    major_help: &str,
    sink: &mut Sink<'_>,
) {
    if let (Some(before), Some(now)) = (&baseline.lib, &current.lib)
        && before != now
    {
        let target = if ctx.manifest.get(&["lib", "name"]).is_some() {
            Target::key(&["lib", "name"])
        } else {
            Target::key(&["package", "name"])
        };
        sink.report(
            &LIB_RENAMED,
            target,
            format!("the library is now `{now}`, was `{before}`, in a release that is not breaking ({bump})"),
            Some(format!(
                "every `use {before}::...` of users breaks: {major_help} ({SEMVER}#item-remove)"
            )),
        );
    }
    let added: Vec<&String> = current.bins.difference(&baseline.bins).collect();
    for bin in baseline.bins.difference(&current.bins) {
        let renamed = match added.as_slice() {
            [only] => format!(" (renamed `{only}`?)"),
            _ => String::new(),
        };
        let target = if ctx.manifest.get(&["bin"]).is_some() {
            Target::key(&["bin"])
        } else {
            Target::key(&["package", "name"])
        };
        sink.report(
            &BIN_REMOVED,
            target,
            format!("binary `{bin}` is gone{renamed}, in a release that is not breaking ({bump})"),
            Some(format!(
                "`cargo install` users lose the `{bin}` command: {major_help} \
({SEMVER}#application-compatibility)"
            )),
        );
    }
}

fn fields(
    ctx: &PackageContext<'_>,
    from: &Version,
    baseline: &Side,
    current: &Side,
    sink: &mut Sink<'_>,
) {
    let to = &ctx.package.version;
    if let (Some(before), Some(now)) = (&baseline.rust_version, &current.rust_version) {
        let parse = |v: &str| crate::read::registry::index_cache::partial_version(v);
        if let (Some(b), Some(n)) = (parse(before), parse(now))
            && n > b
        {
            let patch = is_patch(from, to);
            let finding = sink.report(
                &RUST_VERSION_RAISED,
                Target::key(&["package", "rust-version"]),
                format!(
                    "rust-version is raised from {before} to {now}{}",
                    if patch {
                        format!(", in a patch release ({from} → {to})")
                    } else {
                        String::new()
                    }
                ),
                Some(format!(
                    "users on Rust {before} stay on {from}; the Cargo book advises a minor \
release for this ({SEMVER}#env-new-rust)"
                )),
            );
            if !patch {
                finding.soften(Severity::Note);
            }
        }
    }
    if baseline.license != current.license
        && let (Some(before), Some(now)) = (&baseline.license, &current.license)
    {
        sink.report(
            &LICENSE_CHANGED,
            Target::key(&["package", "license"]),
            format!("license is now `{now}`, was `{before}` in {from}"),
            Some("users' license reviews will see the change: say it in the changelog".to_string()),
        );
    }
    if baseline.edition != current.edition {
        let target = if ctx.manifest.get(&["package", "edition"]).is_some() {
            Target::key(&["package", "edition"])
        } else {
            Target::key(&["package"])
        };
        sink.report(
            &EDITION_CHANGED,
            target,
            format!(
                "edition is now {}, was {} in {from}",
                current.edition, baseline.edition
            ),
            None,
        );
    }
    if baseline.links.is_some() && baseline.links != current.links {
        let before = baseline.links.as_deref().unwrap_or_default();
        let (target, message) = match &current.links {
            Some(now) => (
                Target::key(&["package", "links"]),
                format!("links is now `{now}`, was `{before}` in {from}"),
            ),
            None => (
                Target::key(&["package"]),
                format!("links = `{before}` of {from} is gone"),
            ),
        };
        sink.report(
            &LINKS_CHANGED,
            target,
            message,
            Some(format!(
                "build scripts of dependents read `DEP_{}_*`: keep the value, or release a new \
major version",
                before.to_uppercase().replace('-', "_")
            )),
        );
    }
}

fn dependencies(
    ctx: &PackageContext<'_>,
    baseline: &Side,
    current: &Side,
    breaking: bool,
    sink: &mut Sink<'_>,
) {
    let target = |sink_keys: &'static [&'static str]| {
        if ctx.manifest.get(sink_keys).is_some() {
            Target::key(sink_keys)
        } else {
            Target::key(&["package"])
        }
    };
    let added: Vec<String> = current
        .dependencies
        .keys()
        .filter(|d| !baseline.dependencies.contains_key(*d))
        .map(|d| format!("`{d}`"))
        .collect();
    let removed: Vec<String> = baseline
        .dependencies
        .keys()
        .filter(|d| !current.dependencies.contains_key(*d))
        .map(|d| format!("`{d}`"))
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", listed(&added, 8)));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", listed(&removed, 8)));
        }
        sink.report(
            &DEPENDENCIES_CHANGED,
            target(&["dependencies"]),
            format!(
                "dependencies since the published version: {}",
                parts.join("; ")
            ),
            None,
        );
    }
    // A breaking release may change its public dependencies' majors.
    for (name, now) in current.dependencies.iter().filter(|_| !breaking) {
        let Some(before) = baseline.dependencies.get(name) else {
            continue;
        };
        let (Some(b), Some(n)) = (
            requirement_major(&before.requirement),
            requirement_major(&now.requirement),
        ) else {
            continue;
        };
        if n <= b {
            continue;
        }
        let finding = sink.report(
            &DEPENDENCY_MAJOR_CHANGED,
            target(&["dependencies"]),
            format!(
                "`{name}` moved to a new major: `{}` (was `{}`)",
                now.requirement, before.requirement
            ),
            Some(format!(
                "if `{name}`'s types are in your public API, this is a breaking change"
            )),
        );
        if now.build {
            // A build dependency's types never reach users.
            finding.help = Some(format!(
                "`{name}` is a build dependency: users never see its types"
            ));
        }
    }
}

fn contents(
    ctx: &PackageContext<'_>,
    baseline: &Side,
    current: &Side,
    diff: &ReleaseDiff,
    sink: &mut Sink<'_>,
) {
    let from = baseline
        .version
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let count = |change: Change| diff.files.iter().filter(|f| f.change == change).count();
    let (added, removed, changed) = (
        count(Change::Added),
        count(Change::Removed),
        count(Change::Changed),
    );
    if added + removed + changed > 0 {
        let mut largest: Vec<(&str, u64)> = diff
            .files
            .iter()
            .filter(|f| f.change == Change::Added)
            .map(|f| (f.path.as_str(), f.to_size.unwrap_or(0)))
            .collect();
        largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let shown: Vec<String> = largest
            .iter()
            .take(3)
            .map(|(path, size)| format!("{path} ({})", human_size(*size)))
            .collect();
        let mut message =
            format!("since {from}: files: {added} added, {removed} removed, {changed} changed");
        if !shown.is_empty() {
            message.push_str(&format!("; largest added: {}", shown.join(", ")));
        }
        sink.report(
            &CONTENTS_CHANGED,
            Target::key(&["package"]),
            message,
            Some("`cargo ready --diff` lists every file".to_string()),
        );
    }
    if let Some(sizes) = diff.crate_size
        && sizes.to > 2 * sizes.from
        && sizes.to > MIB
    {
        sink.report(
            &CRATE_GREW,
            Target::key(&["package"]),
            format!(
                "the .crate is {}, more than twice the {} of {from}",
                human_size(sizes.to),
                human_size(sizes.from)
            ),
            Some("`cargo ready --diff` shows what was added; leave what users do not need out with `exclude`".to_string()),
        );
    }
    for file in diff.files.iter().filter(|f| f.change == Change::Added) {
        let size = file.to_size.unwrap_or(0);
        if size > MIB {
            sink.report(
                &LARGE_FILE_ADDED,
                Target::key(&["package"]),
                format!(
                    "`{}` ({}) is new in the package",
                    file.path,
                    human_size(size)
                ),
                Some(super::exclude_it(ctx, &file.path)),
            );
        }
    }
    dropped(ctx, baseline, current, sink);
}

/// The README and license files of the baseline that this release no longer ships.
fn dropped(ctx: &PackageContext<'_>, baseline: &Side, current: &Side, sink: &mut Sink<'_>) {
    let from = baseline
        .version
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let chooser = super::files_chosen_by(ctx);
    if let Some(readme) = &baseline.readme
        && baseline.files.contains_key(readme)
        && !current
            .readme
            .as_ref()
            .is_some_and(|now| current.files.contains_key(now))
    {
        sink.report(
            &PACKAGED_FILE_DROPPED,
            Target::key(chooser.keys()),
            format!("the README `{readme}` of {from} is no longer in the package"),
            Some(chooser.package(ctx, readme)),
        );
    }
    let stem = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.split('.').next().unwrap_or(name).to_ascii_uppercase()
    };
    let current_stems: Vec<String> = current
        .files
        .keys()
        .filter(|p| crate::read::files::is_license_file(p, current.license_file.as_deref()))
        .map(|p| stem(p))
        .collect();
    for path in baseline.files.keys() {
        if crate::read::files::is_license_file(path, baseline.license_file.as_deref())
            && !current.files.contains_key(path)
            && !current_stems.contains(&stem(path))
        {
            sink.report(
                &PACKAGED_FILE_DROPPED,
                Target::key(chooser.keys()),
                format!("the license file `{path}` of {from} is no longer in the package"),
                Some(chooser.package(ctx, path)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn breaking_follows_the_left_most_non_zero_part() {
        for (from, to, breaking) in [
            ("1.2.3", "1.3.0", false),
            ("1.2.3", "1.2.4", false),
            ("1.2.3", "2.0.0", true),
            ("0.3.1", "0.3.2", false),
            ("0.3.1", "0.4.0", true),
            ("0.0.1", "0.0.2", true),
            ("0.9.0", "1.0.0", true),
            ("2.0.0-rc.1", "2.0.0", false),
            ("1.9.0", "2.0.0-alpha.1", true),
        ] {
            assert_eq!(is_breaking(&v(from), &v(to)), breaking, "{from} → {to}");
        }
        assert!(is_patch(&v("1.2.3"), &v("1.2.4")));
        assert!(!is_patch(&v("1.2.3"), &v("1.3.0")));
        assert!(is_patch(&v("0.3.1"), &v("0.3.2")));
    }

    #[test]
    fn private_feature_names() {
        for (name, private) in [
            ("_internal", true),
            ("unstable", true),
            ("unstable-x", true),
            ("nightly_y", true),
            ("bench", true),
            ("benchmarks", false),
            ("std", false),
            ("serde", false),
        ] {
            assert_eq!(is_private_feature(name), private, "{name}");
        }
    }

    #[test]
    fn a_dependency_feature_declared_on_the_dependency_stays_on() {
        let mut current = Side::default();
        current
            .dependency_features
            .insert("tokio".into(), ["net".to_string()].into());
        current
            .features
            .insert("tokio".into(), ["dep:tokio".to_string()].into());
        let with_dep: std::collections::BTreeSet<String> = ["dep:tokio".to_string()].into();
        let without: std::collections::BTreeSet<String> = Default::default();
        for (now, item, on) in [
            (&with_dep, "tokio/net", true),
            (&with_dep, "tokio?/net", true),
            (&with_dep, "tokio/macros", false),
            // The feature no longer enables the optional dependency at all.
            (&without, "tokio/net", false),
            (&with_dep, "std", false),
        ] {
            assert_eq!(
                still_enabled(&current, now, item),
                on,
                "{item} with {now:?}"
            );
        }
        // A dependency that is not optional is always built.
        current.features.clear();
        assert!(still_enabled(&current, &without, "tokio/net"));
    }

    #[test]
    fn the_major_a_requirement_accepts() {
        for (req, major) in [
            ("1.0", Some((1, 0, 0))),
            ("^1.2.3", Some((1, 0, 0))),
            ("0.3", Some((0, 3, 0))),
            ("~0.3.1", Some((0, 3, 0))),
            ("0.0.4", Some((0, 0, 4))),
            (">=1.2, <3", Some((1, 0, 0))),
            ("*", None),
            ("not a req", None),
        ] {
            assert_eq!(requirement_major(req), major, "{req}");
        }
    }
}
