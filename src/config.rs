//! Check levels: built-in defaults, then `[workspace.metadata.ready]`, then
//! `[package.metadata.ready]`, then the command line, resolved once before any check runs.

use crate::checks::{CHECKS, Check, Level, find_check};
use crate::manifest::Manifest;

/// The name that stands for every warning-level check (`-D warnings`).
pub const WARNINGS: &str = "warnings";

/// One level setting, from the command line or a configuration table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelSetting {
    /// A check name (snake_case or kebab-case) or `warnings`.
    pub name: String,
    /// The level to set.
    pub level: Level,
}

/// A configuration entry that names no known check, kept so it can be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The name as written.
    pub name: String,
    /// Where it was written: `None` for the command line, or the manifest key path.
    pub origin: Option<(std::path::PathBuf, Vec<String>)>,
}

/// A problem in a `metadata.ready` table: a key or value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The manifest holding the table.
    pub path: std::path::PathBuf,
    /// Key path of the entry, from the document root.
    pub keys: Vec<String>,
    /// What is wrong, and the fix.
    pub message: String,
}

/// The resolved level of every check for one package.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    /// Levels set by configuration, in the order applied; a later entry wins.
    set: Vec<(&'static str, Level)>,
    /// Names that matched no check.
    pub unknown: Vec<UnknownName>,
    /// Entries whose value is not a level.
    pub problems: Vec<ConfigProblem>,
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
            levels.apply(setting, None);
        }
        levels
    }

    /// The level of one check.
    pub fn level(&self, check: &Check) -> Level {
        self.set
            .iter()
            .rev()
            .find(|(name, _)| *name == check.name)
            .map_or(check.default, |(_, level)| *level)
    }

    fn apply_table(&mut self, manifest: &Manifest, keys: &[&str]) {
        let Some(table) = manifest.get(keys).and_then(|item| item.as_table_like()) else {
            return;
        };
        for (name, value) in table.iter() {
            let entry_keys: Vec<String> = keys
                .iter()
                .map(|k| k.to_string())
                .chain([name.to_string()])
                .collect();
            let Some(level) = value.as_str().and_then(Level::parse) else {
                self.problems.push(ConfigProblem {
                    path: manifest.path.clone(),
                    keys: entry_keys,
                    message: format!(
                        "`{name}` must be one of \"allow\", \"note\", \"warn\" or \"deny\""
                    ),
                });
                continue;
            };
            let setting = LevelSetting {
                name: name.to_string(),
                level,
            };
            self.apply(&setting, Some((manifest.path.clone(), entry_keys)));
        }
    }

    fn apply(&mut self, setting: &LevelSetting, origin: Option<(std::path::PathBuf, Vec<String>)>) {
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
}
