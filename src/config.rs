//! Configuration: the level of every check, from the built-in default, then
//! `[workspace.metadata.ready]`, then `[package.metadata.ready]`, then the command line; and the
//! paths a check is allowed for. [`Levels::apply`] applies it, in one pass, to the findings the
//! checks made at their default levels.

use std::path::{Path, PathBuf};

use crate::checks::unknown::UnknownName;
use crate::checks::{CHECKS, find_check};
use crate::model::{Builds, Check, Finding, Level};
use crate::read::manifest::Manifest;

/// The name that stands for every warning-level check (`-D warnings`).
pub const WARNINGS: &str = "warnings";

/// The key of a check's table entry that lists the paths it is allowed for.
pub const ALLOW_PATHS: &str = "allow-paths";

/// The keys that make a build the default for a package, as its flag does: `docs = true`,
/// `msrv = true`, `each-feature = true`.
pub const BUILD_KEYS: [&str; 3] = ["docs", "msrv", "each-feature"];
/// The key that makes `--semver` the default for a package: `semver = true`.
pub const SEMVER: &str = "semver";

/// One level setting, from the command line or a configuration table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelSetting {
    /// A check name (snake_case or kebab-case) or `warnings`.
    pub name: String,
    /// The level to set.
    pub level: Level,
}

/// A problem in a `metadata.ready` table: a key or value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The manifest holding the table.
    pub path: PathBuf,
    /// Key path of the entry, from the document root.
    pub keys: Vec<String>,
    /// What is wrong, and the fix.
    pub message: String,
}

/// Files a check is allowed for: `check = { allow-paths = ["tests/data/**"] }`.
#[derive(Debug, Clone)]
struct PathException {
    check: &'static str,
    /// The directory of the manifest that set it: the patterns are relative to it.
    base: PathBuf,
    patterns: Vec<glob::Pattern>,
}

/// The resolved configuration for one package.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    /// Levels set by configuration, in the order applied; a later entry wins.
    set: Vec<(&'static str, Level)>,
    /// Paths checks are allowed for.
    exceptions: Vec<PathException>,
    /// Names that matched no check.
    pub unknown: Vec<UnknownName>,
    /// Entries whose value cannot be used.
    pub problems: Vec<ConfigProblem>,
    /// The builds configuration asks for ([`BUILD_KEYS`]).
    pub builds: Builds,
    /// `semver = true`: compare the public API with the baseline as `--semver` does.
    pub semver: bool,
}

impl Levels {
    /// Every check at its default level.
    pub fn defaults() -> Levels {
        Levels::default()
    }

    /// Resolves levels for a package from its manifest, the workspace root manifest (when it
    /// is a different file) and the command line, in rising precedence.
    pub fn resolve(
        workspace_root: Option<&Manifest>,
        package: &Manifest,
        command_line: &[LevelSetting],
    ) -> Levels {
        let mut levels = Levels::defaults();
        if let Some(root) = workspace_root {
            levels.apply_table(root, &["workspace", "metadata", "ready"]);
        }
        levels.apply_table(package, &["package", "metadata", "ready"]);
        for setting in command_line {
            levels.set_level(setting, None);
        }
        levels
    }

    /// The levels the command line alone sets.
    pub fn from_command_line(command_line: &[LevelSetting]) -> Levels {
        let mut levels = Levels::defaults();
        for setting in command_line {
            levels.set_level(setting, None);
        }
        levels
    }

    /// The level of one check.
    pub fn level(&self, check: &Check) -> Level {
        self.configured(check).unwrap_or(check.default)
    }

    /// The level configuration gives a check, when it gives one.
    fn configured(&self, check: &Check) -> Option<Level> {
        self.set
            .iter()
            .rev()
            .find(|(name, _)| *name == check.name)
            .map(|(_, level)| *level)
    }

    /// Applies the configuration to a package's findings, made at their checks' default
    /// levels: a check that is allowed, or allowed for the finding's file, drops the finding;
    /// a configured level sets its severity. A finding its check made milder than the default
    /// (a warning with `--allow-dirty`) stays at most that mild.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut finding| {
                let Some(check) = find_check(finding.check) else {
                    return Some(finding);
                };
                if self.excepted(&finding) {
                    return None;
                }
                let severity = self.level(check).severity()?;
                let softened = check
                    .default
                    .severity()
                    .is_some_and(|default| finding.severity < default);
                finding.severity = if softened {
                    finding.severity.min(severity)
                } else {
                    severity
                };
                Some(finding)
            })
            .collect()
    }

    /// Whether the finding's file is one its check is allowed for.
    fn excepted(&self, finding: &Finding) -> bool {
        let Some(file) = finding.location.as_ref().map(|l| l.file.as_path()) else {
            return false;
        };
        self.exceptions
            .iter()
            .filter(|e| e.check == finding.check)
            .any(|e| matches_any(&e.patterns, file, &e.base))
    }

    fn apply_table(&mut self, manifest: &Manifest, keys: &[&str]) {
        let Some(table) = manifest.get(keys).and_then(|item| item.as_table_like()) else {
            return;
        };
        let base = manifest
            .path
            .parent()
            .unwrap_or(Path::new("/"))
            .to_path_buf();
        for (name, value) in table.iter() {
            let entry_keys: Vec<String> = keys
                .iter()
                .map(|k| k.to_string())
                .chain([name.to_string()])
                .collect();
            let origin = Some((manifest.path.clone(), entry_keys.clone()));
            let problem = |keys: Vec<String>, message: String| ConfigProblem {
                path: manifest.path.clone(),
                keys,
                message,
            };
            if let Some(on) = build_switch(&mut self.builds, name) {
                match value.as_bool() {
                    Some(value) => *on = value,
                    None => self.problems.push(problem(
                        entry_keys,
                        format!("`{name}` must be true or false"),
                    )),
                }
                continue;
            }
            if name == SEMVER {
                match value.as_bool() {
                    Some(on) => self.semver = on,
                    None => self.problems.push(problem(
                        entry_keys,
                        format!("`{SEMVER}` must be true or false"),
                    )),
                }
                continue;
            }
            if let Some(level) = value.as_str().and_then(Level::parse) {
                let setting = LevelSetting {
                    name: name.to_string(),
                    level,
                };
                self.set_level(&setting, origin);
                continue;
            }
            let Some(entry) = value.as_table_like() else {
                self.problems.push(problem(
                    entry_keys,
                    format!(
                        "`{name}` must be one of \"allow\", \"note\", \"warn\" or \"deny\", or a table such as `{{ level = \"warn\", {ALLOW_PATHS} = [\"tests/data/**\"] }}`"
                    ),
                ));
                continue;
            };
            for (key, _) in entry
                .iter()
                .filter(|(k, _)| !["level", ALLOW_PATHS].contains(k))
            {
                let mut keys = entry_keys.clone();
                keys.push(key.to_string());
                self.problems.push(problem(
                    keys,
                    format!("unknown key `{key}`: the keys are `level` and `{ALLOW_PATHS}`"),
                ));
            }
            if let Some(level) = entry.get("level") {
                match level.as_str().and_then(Level::parse) {
                    Some(level) => {
                        let setting = LevelSetting {
                            name: name.to_string(),
                            level,
                        };
                        self.set_level(&setting, origin.clone());
                    }
                    None => {
                        let mut keys = entry_keys.clone();
                        keys.push("level".to_string());
                        self.problems.push(problem(
                            keys,
                            "`level` must be one of \"allow\", \"note\", \"warn\" or \"deny\""
                                .to_string(),
                        ));
                    }
                }
            }
            if let Some(paths) = entry.get(ALLOW_PATHS) {
                let mut keys = entry_keys.clone();
                keys.push(ALLOW_PATHS.to_string());
                match patterns(paths) {
                    Ok(patterns) => self.except(name, base.clone(), patterns, origin),
                    Err(message) => self.problems.push(problem(keys, message)),
                }
            }
        }
    }

    fn except(
        &mut self,
        name: &str,
        base: PathBuf,
        patterns: Vec<glob::Pattern>,
        origin: Option<(PathBuf, Vec<String>)>,
    ) {
        match find_check(name) {
            Some(check) => self.exceptions.push(PathException {
                check: check.name,
                base,
                patterns,
            }),
            None => self.unknown.push(UnknownName {
                name: name.to_string(),
                origin,
            }),
        }
    }

    fn set_level(&mut self, setting: &LevelSetting, origin: Option<(PathBuf, Vec<String>)>) {
        let name = setting.name.replace('-', "_");
        if name == WARNINGS {
            let warnings: Vec<&'static str> = CHECKS
                .iter()
                .filter(|check| check.default == Level::Warn || self.level(check) == Level::Warn)
                .map(|check| check.name)
                .collect();
            self.set
                .extend(warnings.into_iter().map(|name| (name, setting.level)));
            return;
        }
        match find_check(&name) {
            Some(check) => self.set.push((check.name, setting.level)),
            None => self.unknown.push(UnknownName {
                name: setting.name.clone(),
                origin,
            }),
        }
    }
}

/// The switch a build key (`docs`, `msrv`, `each-feature`) sets, when `name` is one.
fn build_switch<'b>(builds: &'b mut Builds, name: &str) -> Option<&'b mut bool> {
    match name.replace('_', "-").as_str() {
        "docs" => Some(&mut builds.docs),
        "msrv" => Some(&mut builds.msrv),
        "each-feature" => Some(&mut builds.each_feature),
        _ => None,
    }
}

/// The glob patterns of an `allow-paths` array, or what is wrong with it.
fn patterns(value: &toml_edit::Item) -> Result<Vec<glob::Pattern>, String> {
    let Some(array) = value.as_array() else {
        return Err(format!(
            "`{ALLOW_PATHS}` must be an array of paths or globs, e.g. [\"tests/data/**\"]"
        ));
    };
    array
        .iter()
        .map(|item| {
            let text = item
                .as_str()
                .ok_or_else(|| format!("`{ALLOW_PATHS}` must hold strings, found `{item}`"))?;
            glob::Pattern::new(text.trim_start_matches("./"))
                .map_err(|e| format!("`{text}` in `{ALLOW_PATHS}` is not a valid glob: {e}"))
        })
        .collect()
}

/// Whether `file`, relative to `base`, matches one of `patterns` (`*` stays within a directory,
/// `**` crosses them, as in `.gitignore`).
fn matches_any(patterns: &[glob::Pattern], file: &Path, base: &Path) -> bool {
    let Ok(relative) = file.strip_prefix(base) else {
        return false;
    };
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    patterns
        .iter()
        .any(|pattern| pattern.matches_path_with(relative, options))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn manifest(text: &str) -> Manifest {
        Manifest::parse(PathBuf::from("/w/Cargo.toml"), text.to_string()).unwrap()
    }

    fn check(name: &str) -> &'static Check {
        find_check(name).unwrap()
    }

    #[test]
    fn package_beats_workspace_and_command_line_beats_both() {
        let root = manifest(
            "[workspace.metadata.ready]\nmissing_keywords = \"allow\"\nmissing_categories = \"warn\"\n",
        );
        let pkg = manifest(
            "[package]\nname = \"a\"\n[package.metadata.ready]\nmissing-categories = \"deny\"\nmissing_readme = \"warn\"\n",
        );
        let cli = [LevelSetting {
            name: "missing_readme".into(),
            level: Level::Allow,
        }];
        let levels = Levels::resolve(Some(&root), &pkg, &cli);
        assert_eq!(levels.level(check("missing_keywords")), Level::Allow);
        assert_eq!(levels.level(check("missing_categories")), Level::Deny);
        assert_eq!(levels.level(check("missing_readme")), Level::Allow);
        assert_eq!(levels.level(check("unknown_category")), Level::Deny);
    }

    #[test]
    fn deny_warnings_raises_every_warning() {
        let pkg = manifest("[package]\nname = \"a\"\n");
        let cli = [LevelSetting {
            name: "warnings".into(),
            level: Level::Deny,
        }];
        let levels = Levels::resolve(None, &pkg, &cli);
        assert_eq!(levels.level(check("duplicate_keyword")), Level::Deny);
        assert_eq!(levels.level(check("missing_rust_version")), Level::Deny);
    }

    #[test]
    fn unknown_names_and_bad_values_are_kept() {
        let pkg = manifest(
            "[package]\nname = \"a\"\n[package.metadata.ready]\nno_such_check = \"allow\"\nmissing_keywords = \"off\"\n",
        );
        let cli = [LevelSetting {
            name: "nope".into(),
            level: Level::Warn,
        }];
        let levels = Levels::resolve(None, &pkg, &cli);
        let names: Vec<_> = levels.unknown.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["no_such_check", "nope"]);
        assert_eq!(levels.problems.len(), 1);
        assert_eq!(levels.level(check("missing_keywords")), Level::Deny);
    }

    fn finding(check: &str, file: &str) -> Finding {
        Finding::new(find_check(check).unwrap(), "x").at(crate::model::Location::at_line(
            PathBuf::from(file),
            1,
            1,
        ))
    }

    #[test]
    fn apply_sets_severities_drops_what_is_allowed_and_keeps_what_a_check_softened() {
        use crate::model::Severity;
        let pkg = manifest("[package]\nname = \"a\"\n");
        let cli = [
            LevelSetting {
                name: "junk_file".into(),
                level: Level::Deny,
            },
            LevelSetting {
                name: "missing_keywords".into(),
                level: Level::Allow,
            },
            LevelSetting {
                name: "dirty_files".into(),
                level: Level::Deny,
            },
        ];
        let levels = Levels::resolve(None, &pkg, &cli);
        let mut softened = finding("dirty_files", "/w/src/lib.rs");
        softened.soften(Severity::Warning);
        let applied = levels.apply(vec![
            finding("junk_file", "/w/Cargo.toml"),
            finding("missing_keywords", "/w/Cargo.toml"),
            softened,
            finding("redundant_homepage", "/w/Cargo.toml"),
        ]);
        let seen: Vec<_> = applied.iter().map(|f| (f.check, f.severity)).collect();
        assert_eq!(
            seen,
            [
                ("junk_file", Severity::Error),
                ("dirty_files", Severity::Warning),
                ("redundant_homepage", Severity::Warning),
            ]
        );
    }

    #[test]
    fn a_check_can_be_allowed_for_paths_only() {
        let root = manifest(
            "[workspace.metadata.ready]\nsecret_file = { allow-paths = [\"crates/*/tests/**\"] }\n",
        );
        let pkg = Manifest::parse(
            PathBuf::from("/w/crates/a/Cargo.toml"),
            "[package]\nname = \"a\"\n[package.metadata.ready]\njunk_file = { level = \"deny\", allow-paths = [\"data/*.bak\"] }\n"
                .to_string(),
        )
        .unwrap();
        let levels = Levels::resolve(Some(&root), &pkg, &[]);
        assert!(levels.problems.is_empty(), "{:?}", levels.problems);
        let applied = levels.apply(vec![
            finding("secret_file", "/w/crates/a/tests/fixtures/.env"),
            finding("secret_file", "/w/crates/a/config/.env"),
            finding("junk_file", "/w/crates/a/data/old.bak"),
            finding("junk_file", "/w/crates/a/data/deep/old.bak"),
        ]);
        let kept: Vec<_> = applied
            .iter()
            .map(|f| f.location.as_ref().unwrap().file.display().to_string())
            .collect();
        assert_eq!(
            kept,
            ["/w/crates/a/config/.env", "/w/crates/a/data/deep/old.bak"]
        );
        assert_eq!(levels.level(check("junk_file")), Level::Deny);
    }

    #[test]
    fn builds_are_switches_the_package_table_decides() {
        let root = manifest("[workspace.metadata.ready]\ndocs = true\neach-feature = true\n");
        let member = manifest(
            "[package]\nname = \"a\"\n[package.metadata.ready]\neach_feature = false\nmsrv = true\n",
        );
        let builds = Levels::resolve(Some(&root), &member, &[]).builds;
        assert_eq!(
            builds,
            Builds {
                docs: true,
                msrv: true,
                each_feature: false
            }
        );
        let plain = manifest("[package]\nname = \"a\"\n");
        assert_eq!(Levels::resolve(None, &plain, &[]).builds, Builds::default());
        let wrong = manifest("[package]\nname = \"a\"\n[package.metadata.ready]\ndocs = \"yes\"\n");
        let levels = Levels::resolve(None, &wrong, &[]);
        assert!(levels.unknown.is_empty());
        assert_eq!(
            levels.problems[0].keys.join("."),
            "package.metadata.ready.docs"
        );
        assert!(!levels.builds.docs);
    }

    #[test]
    fn semver_is_a_setting_the_package_table_decides() {
        let root = manifest("[workspace.metadata.ready]\nsemver = true\n");
        let plain = manifest("[package]\nname = \"a\"\n");
        let off = manifest("[package]\nname = \"a\"\n[package.metadata.ready]\nsemver = false\n");
        let wrong =
            manifest("[package]\nname = \"a\"\n[package.metadata.ready]\nsemver = \"yes\"\n");
        assert!(Levels::resolve(Some(&root), &plain, &[]).semver);
        assert!(!Levels::resolve(Some(&root), &off, &[]).semver);
        assert!(!Levels::resolve(None, &plain, &[]).semver);
        let levels = Levels::resolve(None, &wrong, &[]);
        assert!(levels.unknown.is_empty());
        assert_eq!(levels.problems.len(), 1);
        assert_eq!(
            levels.problems[0].keys.join("."),
            "package.metadata.ready.semver"
        );
    }

    #[test]
    fn bad_exception_tables_name_the_key() {
        let pkg = manifest(
            "[package]\nname = \"a\"\n[package.metadata.ready]\nsecret_file = { allow-paths = \"tests\" }\njunk_file = { paths = [] }\nmissing_readme = { level = \"off\" }\n",
        );
        let levels = Levels::resolve(None, &pkg, &[]);
        let keys: Vec<String> = levels.problems.iter().map(|p| p.keys.join(".")).collect();
        assert_eq!(
            keys,
            [
                "package.metadata.ready.secret_file.allow-paths",
                "package.metadata.ready.junk_file.paths",
                "package.metadata.ready.missing_readme.level",
            ]
        );
    }
}
