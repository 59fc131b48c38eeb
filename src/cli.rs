//! The command line: `cargo ready [OPTIONS]`, parsed with clap the way cargo subcommands are.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, ValueEnum};

use crate::config::LevelSetting;
use crate::model::{Builds, Level};

#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", styles = clap_cargo_styles())]
enum CargoCli {
    /// Check that crates will publish to crates.io, and are crates people can find and trust
    Ready(Args),
}

/// Everything `cargo ready` accepts.
#[derive(Debug, Clone, clap::Args)]
#[command(version, about, long_about = None)]
pub struct Args {
    /// Path to Cargo.toml
    #[arg(long, value_name = "PATH", help_heading = "Manifest Options")]
    pub manifest_path: Option<PathBuf>,

    /// Package to check (repeatable)
    #[arg(
        short,
        long = "package",
        value_name = "SPEC",
        help_heading = "Package Selection"
    )]
    pub packages: Vec<String>,

    /// Check every member of the workspace
    #[arg(long, visible_alias = "all", help_heading = "Package Selection")]
    pub workspace: bool,

    /// Exclude a package from --workspace (repeatable)
    #[arg(long, value_name = "SPEC", help_heading = "Package Selection")]
    pub exclude: Vec<String>,

    /// Run only the manifest checks, not cargo package and cargo publish --dry-run
    #[arg(long)]
    pub no_package: bool,

    /// Apply the certain fixes to Cargo.toml and the changelog (formatting and comments kept),
    /// then check again
    #[arg(long)]
    pub fix: bool,

    /// Never touch the network: read dependencies' versions from cargo's index cache only,
    /// package and verify offline, skip the publish dry run
    #[arg(long, help_heading = "Package Stage")]
    pub offline: bool,

    /// After the dry run, build and run the tests from the packaged crate (`cargo test` in the
    /// unpacked .crate, default features), as distributions building from crates.io do
    #[arg(long, help_heading = "Package Stage", conflicts_with = "no_package")]
    pub tests: bool,

    /// After the dry run, document the packaged crate as docs.rs does (nightly, its
    /// `[package.metadata.docs.rs]`, `--cfg docsrs`, `DOCS_RS=1`)
    #[arg(long, help_heading = "Package Stage", conflicts_with = "no_package")]
    pub docs: bool,

    /// After the dry run, `cargo check` the packaged crate with the toolchain its
    /// `rust-version` names (which must be installed)
    #[arg(long, help_heading = "Package Stage", conflicts_with = "no_package")]
    pub msrv: bool,

    /// After the dry run, `cargo check` the packaged crate with no default features, with each
    /// feature alone, and with all features
    #[arg(long, help_heading = "Package Stage", conflicts_with = "no_package")]
    pub each_feature: bool,

    /// --docs, --msrv and --each-feature together
    #[arg(long, help_heading = "Package Stage", conflicts_with = "no_package")]
    pub all_builds: bool,

    /// After the dry run, compare the public API with the last version published before this
    /// one, with cargo-semver-checks (which must be installed)
    #[arg(long, help_heading = "Package Stage", conflicts_with = "no_package")]
    pub semver: bool,

    /// Report uncommitted changes in packaged files as a warning, not an error, and let
    /// --fix edit a file that has uncommitted changes or is not in git
    #[arg(long, help_heading = "Package Stage")]
    pub allow_dirty: bool,

    /// Directory for the package stage's builds (default: `<target-dir>/ready`)
    #[arg(long, value_name = "PATH", help_heading = "Package Stage")]
    pub target_dir: Option<PathBuf>,

    /// Compare with this published version instead of the newest one below the version being
    /// published
    #[arg(long, value_name = "VERSION", help_heading = "Release Comparison")]
    pub baseline: Option<semver::Version>,

    /// Print the comparison with the published version (files and manifest keys added,
    /// removed and changed, with sizes); in JSON, each package's `diff`
    #[arg(long, help_heading = "Release Comparison")]
    pub diff: bool,

    /// Registry to check against instead of crates.io (as with cargo publish --registry)
    #[arg(long, value_name = "NAME", help_heading = "Package Stage")]
    pub registry: Option<String>,

    /// Set a check to allow (off); repeatable
    #[arg(
        short = 'A',
        long = "allow",
        value_name = "CHECK",
        help_heading = "Check Levels"
    )]
    pub allow: Vec<String>,

    /// Set a check to warn; repeatable
    #[arg(
        short = 'W',
        long = "warn",
        value_name = "CHECK",
        help_heading = "Check Levels"
    )]
    pub warn: Vec<String>,

    /// Set a check to deny (error); `-D warnings` denies every warning; repeatable
    #[arg(
        short = 'D',
        long = "deny",
        value_name = "CHECK",
        help_heading = "Check Levels"
    )]
    pub deny: Vec<String>,

    /// Print every check with its default level and summary, then exit
    #[arg(long)]
    pub list: bool,

    /// Print the full explanation of a check, then exit
    #[arg(long, value_name = "CHECK")]
    pub explain: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = MessageFormat::Human, value_name = "FMT")]
    pub message_format: MessageFormat,

    /// Under GitHub Actions, do not append the Markdown summary to `GITHUB_STEP_SUMMARY`
    #[arg(long)]
    pub no_summary: bool,

    /// Coloring
    #[arg(long, value_enum, value_name = "WHEN", env = "CARGO_TERM_COLOR")]
    pub color: Option<ColorWhen>,

    /// Print only errors and the verdict
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more (repeatable)
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// The level settings in command-line order, filled after parsing.
    #[arg(skip)]
    pub levels: Vec<LevelSetting>,
}

impl Args {
    /// The builds the command line asks for.
    pub fn builds(&self) -> Builds {
        Builds {
            docs: self.docs || self.all_builds,
            msrv: self.msrv || self.all_builds,
            each_feature: self.each_feature || self.all_builds,
        }
    }
}

/// `--message-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Cargo-style diagnostics on stderr
    Human,
    /// One JSON document on stdout
    Json,
    /// One line per finding on stdout: `file:line:col: severity[check]: message`
    Short,
    /// GitHub Actions annotations on stdout, the summary on stderr
    Github,
    /// One SARIF 2.1.0 document on stdout
    Sarif,
    /// A GitLab Code Quality report (a JSON array) on stdout
    Gitlab,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Color when the stream is a terminal and NO_COLOR is not set
    Auto,
    /// Always color
    Always,
    /// Never color
    Never,
}

impl ColorWhen {
    /// Whether to color a stream, given whether it is a terminal.
    pub fn enabled(this: Option<ColorWhen>, is_terminal: bool) -> bool {
        match this.unwrap_or(ColorWhen::Auto) {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
                if set("NO_COLOR") {
                    return false;
                }
                if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                    return true;
                }
                is_terminal && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

impl Args {
    /// Parses the process arguments. `cargo ready ...` passes `ready` first; running
    /// `cargo-ready ...` directly works too.
    pub fn parse_from<I, T>(argv: I) -> Result<Args, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let mut argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
        if argv.get(1).is_none_or(|a| a != "ready") {
            argv.insert(1.min(argv.len()), OsString::from("ready"));
        }
        let color = ColorWhen::enabled(
            std::env::var("CARGO_TERM_COLOR")
                .ok()
                .and_then(|v| ColorWhen::from_str(&v, true).ok()),
            std::io::stderr().is_terminal(),
        );
        let command = CargoCli::command().color(if color {
            clap::ColorChoice::Always
        } else {
            clap::ColorChoice::Never
        });
        let matches = command.try_get_matches_from(argv)?;
        let CargoCli::Ready(mut args) = CargoCli::from_arg_matches(&matches)?;
        if let Some(("ready", sub)) = matches.subcommand() {
            args.levels = ordered_levels(sub);
        }
        if !args.exclude.is_empty() && !args.workspace {
            return Err(CargoCli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                "--exclude can only be used together with --workspace",
            ));
        }
        Ok(args)
    }
}

/// `-A`, `-W` and `-D` in the order given, so a later one wins as with rustc.
fn ordered_levels(matches: &ArgMatches) -> Vec<LevelSetting> {
    let mut settings: Vec<(usize, LevelSetting)> = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        let (Some(values), Some(indices)) =
            (matches.get_many::<String>(id), matches.indices_of(id))
        else {
            continue;
        };
        for (name, index) in values.zip(indices) {
            settings.push((
                index,
                LevelSetting {
                    name: name.clone(),
                    level,
                },
            ));
        }
    }
    settings.sort_by_key(|(index, _)| *index);
    settings.into_iter().map(|(_, s)| s).collect()
}

const fn clap_cargo_styles() -> clap::builder::Styles {
    use clap::builder::styling::{AnsiColor, Effects};
    clap::builder::Styles::styled()
        .header(AnsiColor::Green.on_default().effects(Effects::BOLD))
        .usage(AnsiColor::Green.on_default().effects(Effects::BOLD))
        .literal(AnsiColor::Cyan.on_default().effects(Effects::BOLD))
        .placeholder(AnsiColor::Cyan.on_default())
        .error(AnsiColor::Red.on_default().effects(Effects::BOLD))
        .valid(AnsiColor::Cyan.on_default().effects(Effects::BOLD))
        .invalid(AnsiColor::Yellow.on_default().effects(Effects::BOLD))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Args {
        Args::parse_from(args.iter().copied()).unwrap()
    }

    #[test]
    fn works_as_cargo_subcommand_and_directly() {
        let sub = parse(&["cargo-ready", "ready", "--no-package", "-p", "a", "-p", "b"]);
        assert!(sub.no_package);
        assert_eq!(sub.packages, ["a", "b"]);
        let direct = parse(&["cargo-ready", "--workspace"]);
        assert!(direct.workspace);
    }

    #[test]
    fn level_flags_keep_their_order() {
        let args = parse(&[
            "cargo-ready",
            "-D",
            "warnings",
            "-A",
            "x",
            "-W",
            "y",
            "-D",
            "x",
        ]);
        let seen: Vec<_> = args
            .levels
            .iter()
            .map(|s| (s.name.as_str(), s.level))
            .collect();
        assert_eq!(
            seen,
            [
                ("warnings", Level::Deny),
                ("x", Level::Allow),
                ("y", Level::Warn),
                ("x", Level::Deny)
            ]
        );
    }

    #[test]
    fn package_stage_options() {
        let args = parse(&[
            "cargo-ready",
            "ready",
            "--offline",
            "--allow-dirty",
            "--target-dir",
            "t",
            "--registry",
            "r",
        ]);
        assert!(args.offline && args.allow_dirty);
        assert_eq!(args.target_dir.as_deref(), Some(std::path::Path::new("t")));
        assert_eq!(args.registry.as_deref(), Some("r"));
    }

    #[test]
    fn all_builds_asks_for_the_three() {
        assert_eq!(parse(&["cargo-ready"]).builds(), Builds::default());
        let docs = parse(&["cargo-ready", "--docs", "--each-feature"]).builds();
        assert!(docs.docs && docs.each_feature && !docs.msrv);
        let all = parse(&["cargo-ready", "--all-builds"]).builds();
        assert!(all.docs && all.msrv && all.each_feature);
        assert!(Args::parse_from(["cargo-ready", "--msrv", "--no-package"]).is_err());
    }

    #[test]
    fn release_comparison_options() {
        let args = parse(&["cargo-ready", "--baseline", "1.2.0", "--diff"]);
        assert_eq!(args.baseline, Some(semver::Version::new(1, 2, 0)));
        assert!(args.diff);
        assert!(Args::parse_from(["cargo-ready", "--baseline", "1.2"]).is_err());
    }

    #[test]
    fn exclude_needs_workspace() {
        assert!(Args::parse_from(["cargo-ready", "--exclude", "a"]).is_err());
        assert!(Args::parse_from(["cargo-ready", "--workspace", "--exclude", "a"]).is_ok());
    }

    #[test]
    fn color_choice() {
        assert!(ColorWhen::enabled(Some(ColorWhen::Always), false));
        assert!(!ColorWhen::enabled(Some(ColorWhen::Never), true));
    }
}
