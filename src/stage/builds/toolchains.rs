//! The toolchains the builds use: the ones rustup has installed (`rustup toolchain list`),
//! their installed targets and their versions, each asked once a run. A named toolchain runs
//! as `rustup run NAME cargo`, so neither `$CARGO` nor `RUSTUP_TOOLCHAIN` decides which cargo
//! it is; the current one is `$CARGO`.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};

use crate::process as cargo;

/// What rustup said, asked on first need.
#[derive(Default)]
pub struct Toolchains {
    installed: Option<Vec<String>>,
    targets: BTreeMap<Option<String>, Vec<String>>,
    versions: BTreeMap<Option<String>, String>,
    fell_back: bool,
}

impl Toolchains {
    /// The names of the installed toolchains (`nightly-x86_64-unknown-linux-gnu`); none
    /// without rustup.
    fn installed(&mut self) -> &[String] {
        self.installed.get_or_insert_with(|| {
            quiet_output("rustup", &["toolchain", "list"])
                .map(|text| toolchain_names(&text))
                .unwrap_or_default()
        })
    }

    /// The nightly toolchain docs.rs's build runs on, when one is installed. Without one the
    /// current toolchain stands in, which [`Toolchains::fallback_note`] says once.
    pub fn nightly(&mut self) -> Option<String> {
        let found = pick_nightly(self.installed()).map(str::to_string);
        if found.is_none() {
            self.fell_back = true;
        }
        found
    }

    /// The installed toolchain for `rust_version` (`1.70` or `1.70.1`).
    pub fn matching(&mut self, rust_version: &str) -> Option<String> {
        pick_matching(self.installed(), rust_version).map(str::to_string)
    }

    /// The targets whose standard library `toolchain` (the current one for `None`) has
    /// installed; without rustup, the host's.
    pub fn targets(&mut self, toolchain: Option<&str>) -> &[String] {
        let key = toolchain.map(str::to_string);
        if !self.targets.contains_key(&key) {
            let mut args = vec!["target", "list", "--installed"];
            if let Some(name) = toolchain {
                args.extend(["--toolchain", name]);
            }
            let listed = quiet_output("rustup", &args)
                .map(|text| text.lines().map(|l| l.trim().to_string()).collect())
                .or_else(|| {
                    let version = self.version(toolchain);
                    host_of(&version).map(|host| vec![host.to_string()])
                })
                .unwrap_or_default();
            self.targets.insert(key.clone(), listed);
        }
        &self.targets[&key]
    }

    /// What `rustc -vV` of `toolchain` says (the current one for `None`).
    pub fn version(&mut self, toolchain: Option<&str>) -> String {
        let key = toolchain.map(str::to_string);
        self.versions
            .entry(key)
            .or_insert_with(|| {
                let text = match toolchain {
                    Some(name) => quiet_output("rustup", &["run", name, "rustc", "-vV"]),
                    None => {
                        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
                        quiet_output(&rustc, &["-vV"])
                    }
                };
                text.unwrap_or_else(|| "unknown".to_string())
            })
            .clone()
    }

    /// Said once when docs.rs's build ran on the current toolchain for want of a nightly.
    pub fn fallback_note(&self) -> Option<String> {
        self.fell_back.then(|| {
            "no nightly toolchain is installed: the docs.rs build ran on the current toolchain \
(with RUSTC_BOOTSTRAP=1 for docs.rs's unstable flags); `rustup toolchain install nightly` makes \
it run on docs.rs's compiler"
                .to_string()
        })
    }
}

/// The program and first arguments that run `toolchain`'s cargo (the current one for `None`),
/// and the variables that would pick another rustc.
pub fn cargo_of(toolchain: Option<&str>) -> (OsString, Vec<String>, Vec<&'static str>) {
    match toolchain {
        Some(name) => (
            "rustup".into(),
            vec!["run".into(), name.to_string(), "cargo".into()],
            vec!["RUSTC", "RUSTDOC", "RUSTUP_TOOLCHAIN"],
        ),
        None => (cargo::cargo_program(), Vec::new(), Vec::new()),
    }
}

/// A program's stdout when it ran and succeeded.
fn quiet_output(program: &str, args: &[&str]) -> Option<String> {
    let output = std::process::Command::new(program)
        .args(args.iter().map(OsStr::new))
        .current_dir(std::env::temp_dir())
        .env("RUSTUP_AUTO_INSTALL", "0")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The names in `rustup toolchain list`'s output (`stable-x86_64-unknown-linux-gnu (active,
/// default)`).
pub fn toolchain_names(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.starts_with("no installed"))
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The nightly among `names`: the rolling `nightly-HOST` first, else the newest dated one.
pub fn pick_nightly(names: &[String]) -> Option<&str> {
    let nightlies = names.iter().filter(|n| n.starts_with("nightly"));
    let rolling = nightlies
        .clone()
        .find(|n| !n["nightly".len()..].starts_with("-2"));
    rolling.or_else(|| nightlies.max()).map(String::as_str)
}

/// The toolchain among `names` for `rust_version`: the same major and minor version, with a
/// patch at least the one asked for (a `1.70-HOST` channel is the newest 1.70); the lowest such
/// patch, as the promise is about the oldest.
pub fn pick_matching<'n>(names: &'n [String], rust_version: &str) -> Option<&'n str> {
    let wanted: Vec<u64> = numbers(rust_version)?;
    let (major, minor) = (*wanted.first()?, *wanted.get(1).unwrap_or(&0));
    let patch = wanted.get(2).copied().unwrap_or(0);
    names
        .iter()
        .filter_map(|name| {
            let version = name.split('-').next()?;
            let have = numbers(version)?;
            let same = have.first() == Some(&major) && have.get(1).copied().unwrap_or(0) == minor;
            // A channel without a patch is that minor's newest release.
            let have_patch = have.get(2).copied().unwrap_or(u64::MAX);
            (same && have_patch >= patch).then_some((have_patch, name.as_str()))
        })
        .min()
        .map(|(_, name)| name)
}

/// `1.70.1` as its numbers; `None` for anything else.
fn numbers(version: &str) -> Option<Vec<u64>> {
    version
        .split('.')
        .map(|part| part.parse().ok())
        .collect::<Option<Vec<u64>>>()
        .filter(|parts| (1..=3).contains(&parts.len()))
}

/// The `host:` of `rustc -vV`.
fn host_of(version: &str) -> Option<&str> {
    version
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::trim)
}

/// The release line of `rustc -vV` (`rustc 1.97.0-nightly (abc 2026-05-15)`), for messages.
pub fn release_line(version: &str) -> &str {
    version.lines().next().unwrap_or(version).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rustup_lists_names_first() {
        let text = "stable-x86_64-unknown-linux-gnu (active, default)\nnightly-x86_64-unknown-linux-gnu\n1.88-x86_64-unknown-linux-gnu\n";
        assert_eq!(
            toolchain_names(text),
            [
                "stable-x86_64-unknown-linux-gnu",
                "nightly-x86_64-unknown-linux-gnu",
                "1.88-x86_64-unknown-linux-gnu"
            ]
        );
        assert!(toolchain_names("no installed toolchains\n").is_empty());
    }

    #[test]
    fn the_rolling_nightly_before_a_dated_one() {
        let both = names(&[
            "stable-x86_64-unknown-linux-gnu",
            "nightly-2025-01-01-x86_64-unknown-linux-gnu",
            "nightly-x86_64-unknown-linux-gnu",
        ]);
        assert_eq!(
            pick_nightly(&both),
            Some("nightly-x86_64-unknown-linux-gnu")
        );
        let dated = names(&[
            "nightly-2025-01-01-x86_64-unknown-linux-gnu",
            "nightly-2025-06-01-x86_64-unknown-linux-gnu",
        ]);
        assert_eq!(
            pick_nightly(&dated),
            Some("nightly-2025-06-01-x86_64-unknown-linux-gnu")
        );
        assert_eq!(
            pick_nightly(&names(&["stable-x86_64-unknown-linux-gnu"])),
            None
        );
    }

    #[test]
    fn a_rust_version_finds_its_minor_release() {
        let installed = names(&[
            "stable-x86_64-unknown-linux-gnu",
            "1.88-x86_64-unknown-linux-gnu",
            "1.95.0-x86_64-unknown-linux-gnu",
            "1.70.2-x86_64-unknown-linux-gnu",
            "1.70.0-x86_64-unknown-linux-gnu",
        ]);
        let pick = |v: &str| pick_matching(&installed, v);
        assert_eq!(pick("1.88"), Some("1.88-x86_64-unknown-linux-gnu"));
        assert_eq!(pick("1.88.1"), Some("1.88-x86_64-unknown-linux-gnu"));
        assert_eq!(pick("1.95"), Some("1.95.0-x86_64-unknown-linux-gnu"));
        assert_eq!(pick("1.95.1"), None);
        assert_eq!(pick("1.70"), Some("1.70.0-x86_64-unknown-linux-gnu"));
        assert_eq!(pick("1.70.1"), Some("1.70.2-x86_64-unknown-linux-gnu"));
        assert_eq!(pick("1.7"), None);
        assert_eq!(pick("1.60"), None);
        assert_eq!(pick("x"), None);
    }

    #[test]
    fn the_host_of_rustc() {
        let version =
            "rustc 1.95.0 (abc 2026-03-21)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\n";
        assert_eq!(host_of(version), Some("x86_64-unknown-linux-gnu"));
        assert_eq!(release_line(version), "rustc 1.95.0 (abc 2026-03-21)");
    }
}
