//! The manifest checks: the registry of every check, and the pass that runs them over a package.
//!
//! Each family lives in its own file with its descriptors, small pure validators, and a `check`
//! function that turns what they find into findings through a [`Sink`]. Checks are pure: a
//! package in, findings at their default level out. They never print and never see
//! configuration; the levels are applied afterwards, to the finished list.

pub mod categories;
pub mod dead_files;
pub mod dependencies;
pub mod dependency_rust;
pub mod description;
pub mod docs_rs;
pub mod edit;
pub mod features;
pub mod keywords;
pub mod license;
pub mod name;
pub mod package;
pub mod portable_names;
pub mod publish_order;
pub mod readme;
pub mod readme_links;
pub mod registry;
pub mod release_versions;
#[cfg(test)]
pub(crate) mod test_support;
pub mod toolchain;
pub mod unknown;
pub mod urls;

use std::path::Path;

use cargo_metadata::Package;

use crate::model::{Check, Finding, Label, Location};
use crate::read::changelog::Changelog;
use crate::read::files::Shipped;
use crate::read::manifest::Manifest;
use crate::read::readme_page::ReadmePage;
use crate::read::registry::published::Published;
use crate::read::rustc::TargetList;
use crate::read::source::PackageSources;
use publish_order::PublishSet;

pub use registry::{CHECKS, find_check};

/// What a manifest check sees of one package.
pub struct PackageContext<'a> {
    /// The package as `cargo metadata` reports it (inherited fields resolved).
    pub package: &'a Package,
    /// The package's own Cargo.toml, with spans.
    pub manifest: &'a Manifest,
    /// The workspace root's Cargo.toml (the package's own, for the root package): where
    /// inherited values are written.
    pub workspace_root: Option<&'a Manifest>,
    /// The files the package ships, when a check that reads them is on.
    pub shipped: Option<&'a Shipped>,
    /// What the package's Rust files say, when a check that reads them is on.
    pub sources: Option<&'a PackageSources>,
    /// The package's README as crates.io renders it, when a check that reads it is on.
    pub readme: Option<&'a ReadmePage>,
    /// The package's changelog (or its workspace's), when a check that reads it is on.
    pub changelog: Option<&'a Changelog>,
    /// What crates.io has published of its dependencies, when it declares `rust-version`.
    pub published: Option<&'a Published>,
    /// The target triples the local rustc knows, when a check needs them.
    pub target_list: Option<&'a TargetList>,
    /// The packages checked in the same run, which `cargo publish --workspace` publishes with
    /// this one.
    pub publishing_together: Option<&'a PublishSet<'a>>,
}

impl<'a> PackageContext<'a> {
    /// A package with nothing read beyond its own manifest, for tests of one check.
    #[cfg(test)]
    pub fn manifest_only(package: &'a Package, manifest: &'a Manifest) -> PackageContext<'a> {
        PackageContext {
            package,
            manifest,
            workspace_root: None,
            shipped: None,
            sources: None,
            readme: None,
            changelog: None,
            published: None,
            target_list: None,
            publishing_together: None,
        }
    }

    /// The directory holding the package's Cargo.toml.
    pub fn root(&self) -> &Path {
        self.manifest.path.parent().unwrap_or(Path::new("."))
    }

    /// The manifest and key path where the value of a `[package]` key is written: the
    /// package's own, or `[workspace.package]` in the root for `key.workspace = true`.
    pub fn defined_at(&self, key: &'static str) -> Option<(&Manifest, Vec<&'static str>)> {
        if self.manifest.is_inherited(&["package", key]) {
            let root = self.workspace_root.unwrap_or(self.manifest);
            Some((root, vec!["workspace", "package", key]))
        } else {
            Some((self.manifest, vec!["package", key]))
        }
    }
}

/// Where a finding points in the manifest: a key path, optionally narrowed to an array element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'k> {
    /// Keys from the document root, such as `["package", "keywords"]`.
    pub keys: &'k [&'k str],
    /// An index into the array at `keys`, to point at one element.
    pub element: Option<usize>,
}

impl<'k> Target<'k> {
    /// The value of a key.
    pub fn key(keys: &'k [&'k str]) -> Self {
        Target {
            keys,
            element: None,
        }
    }

    /// One element of an array value.
    pub fn element(keys: &'k [&'k str], index: usize) -> Self {
        Target {
            keys,
            element: Some(index),
        }
    }
}

/// Collects one package's findings, each at its check's default level, placed in the manifest
/// with the labels a reader needs: the table a key is in, and where an inherited value is
/// written. Levels are applied later, to the finished list.
pub struct Sink<'a> {
    manifest: &'a Manifest,
    workspace_root: Option<&'a Manifest>,
    findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    /// A sink for the package of `ctx`.
    pub fn new(ctx: &PackageContext<'a>) -> Self {
        Sink::for_manifest(ctx.manifest, ctx.workspace_root)
    }

    /// A sink for a package's manifest and its workspace root (when another file).
    pub fn for_manifest(manifest: &'a Manifest, workspace_root: Option<&'a Manifest>) -> Self {
        Sink {
            manifest,
            workspace_root,
            findings: Vec::new(),
        }
    }

    /// Reports a problem found by `check` at `target` in the manifest.
    pub fn report(
        &mut self,
        check: &'static Check,
        target: Target<'_>,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> &mut Finding {
        let location = self.manifest.locate(target.keys, target.element);
        self.report_on(check, target.keys, location, message, help)
    }

    /// Reports a problem about the key at `keys`, pointing at `location` (a part of its value,
    /// or a key in another manifest).
    pub fn report_on(
        &mut self,
        check: &'static Check,
        keys: &[&str],
        location: Location,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
    ) -> &mut Finding {
        let labels = self.labels(keys, &location);
        let mut finding = Finding::new(check, message)
            .on_field(keys.join("."))
            .at(location);
        finding.help = help.into();
        finding.labels = labels;
        self.push(finding)
    }

    /// Reports a problem with no key in the manifest, at `location` when it has one.
    pub fn report_at(
        &mut self,
        check: &'static Check,
        message: impl Into<String>,
        help: impl Into<Option<String>>,
        location: Option<Location>,
    ) -> &mut Finding {
        let mut finding = Finding::new(check, message).at(location);
        finding.help = help.into();
        self.push(finding)
    }

    /// Adds a finding made elsewhere.
    pub fn push(&mut self, finding: Finding) -> &mut Finding {
        self.findings.push(finding);
        self.findings.last_mut().expect("just pushed")
    }

    /// The findings collected so far.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// The labels for a finding on `keys` at `location`: the header of the table around it, and
    /// for a key that inherits its value (`x.workspace = true`), the value in the workspace.
    fn labels(&self, keys: &[&str], location: &Location) -> Vec<Label> {
        let mut labels = Vec::new();
        let manifests = [Some(self.manifest), self.workspace_root];
        if let Some(manifest) = manifests
            .into_iter()
            .flatten()
            .find(|m| m.path == location.file)
        {
            labels.extend(header_label(manifest, location));
        }
        if location.file != self.manifest.path {
            return labels;
        }
        let root = self.workspace_root.unwrap_or(self.manifest);
        if let Some((member_keys, root_keys)) = inherited_keys(keys)
            && self.manifest.is_inherited(&member_keys)
            && root.get(&root_keys).is_some()
        {
            let value = root.locate(&root_keys, None);
            labels.extend(header_label(root, &value));
            labels.push(Label {
                location: value,
                message: Some("the value is inherited from here".to_string()),
            });
        }
        labels
    }
}

/// The table header around a location, as a label shown for orientation.
fn header_label(manifest: &Manifest, location: &Location) -> Option<Label> {
    let span = location.span.as_ref()?;
    let header = manifest.enclosing_header(span)?;
    Some(Label {
        location: manifest.location_of(header),
        message: None,
    })
}

/// For a key that can inherit from the workspace, the member's entry and where the workspace
/// writes the value: `package.x` → `workspace.package.x`; a dependency of any table or target
/// → `workspace.dependencies.name`.
fn inherited_keys<'k>(keys: &[&'k str]) -> Option<(Vec<&'k str>, Vec<&'k str>)> {
    const DEPENDENCY_TABLES: [&str; 5] = [
        "dependencies",
        "dev-dependencies",
        "build-dependencies",
        "dev_dependencies",
        "build_dependencies",
    ];
    match keys {
        ["package", key, ..] => Some((vec!["package", key], vec!["workspace", "package", key])),
        [table, key, ..] if DEPENDENCY_TABLES.contains(table) => {
            Some((vec![table, key], vec!["workspace", "dependencies", key]))
        }
        ["target", platform, table, key, ..] if DEPENDENCY_TABLES.contains(table) => Some((
            vec!["target", platform, table, key],
            vec!["workspace", "dependencies", key],
        )),
        _ => None,
    }
}

/// Runs every manifest check over one package.
pub fn check_manifest(ctx: &PackageContext<'_>, sink: &mut Sink<'_>) {
    name::check(ctx, sink);
    description::check(ctx, sink);
    license::check(ctx, sink);
    license::texts::check(ctx, sink);
    urls::check(ctx, sink);
    keywords::check(ctx, sink);
    categories::check(ctx, sink);
    readme::check(ctx, sink);
    readme_links::check(ctx, sink);
    toolchain::check(ctx, sink);
    features::check(ctx, sink);
    dependencies::check(ctx, sink);
    publish_order::check(ctx, sink);
    dependency_rust::check(ctx, sink);
    dead_files::check(ctx, sink);
    portable_names::check(ctx, sink);
    release_versions::check(ctx, sink);
    docs_rs::check(ctx, sink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    static DEMO: Check = Check {
        name: "demo",
        default: Level::Warn,
        blocks_publish: false,
        summary: "a check for the sink's tests",
        explain: "Fix: none.",
    };

    fn manifest(path: &str, text: &str) -> Manifest {
        Manifest::parse(path.into(), text.to_string()).unwrap()
    }

    fn labels(finding: &Finding) -> Vec<(usize, Option<&str>)> {
        finding
            .labels
            .iter()
            .map(|l| (l.location.line, l.message.as_deref()))
            .collect()
    }

    #[test]
    fn a_key_gets_its_table_header_and_an_inherited_value_its_source() {
        let root = manifest(
            "/w/Cargo.toml",
            "[workspace]\nmembers = [\"m\"]\n\n[workspace.package]\nedition = \"2021\"\nkeywords = [\"a b\"]\n",
        );
        let member = manifest(
            "/w/m/Cargo.toml",
            "[package]\nname = \"m\"\nkeywords.workspace = true\n\n[dependencies]\nserde = \"*\"\n",
        );
        let mut sink = Sink::for_manifest(&member, Some(&root));
        let inherited = sink
            .report(&DEMO, Target::key(&["package", "keywords"]), "x", None)
            .clone();
        assert_eq!(
            labels(&inherited),
            [(4, None), (6, Some("the value is inherited from here"))]
        );
        assert_eq!(inherited.labels[1].location.file, root.path);
        let dependency = sink
            .report(&DEMO, Target::key(&["dependencies", "serde"]), "x", None)
            .clone();
        assert_eq!(labels(&dependency), [(5, None)]);
        assert_eq!(dependency.field.as_deref(), Some("dependencies.serde"));
    }

    #[test]
    fn the_root_package_inherits_from_its_own_file() {
        let root = manifest(
            "/w/Cargo.toml",
            "[package]\nname = \"w\"\ninclude.workspace = true\n\n[workspace.package]\ninclude = [\"/src\"]\n",
        );
        let mut sink = Sink::for_manifest(&root, Some(&root));
        let finding = sink
            .report(&DEMO, Target::key(&["package", "include"]), "x", None)
            .clone();
        assert_eq!(
            labels(&finding),
            [(5, None), (6, Some("the value is inherited from here"))]
        );
    }
}
