//! The `cargo-ready` binary: parse arguments, run the engine, render, exit.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use cargo_ready::cli::{Args, ColorWhen, MessageFormat};
use cargo_ready::progress::Progress;
use cargo_ready::report::{self, Style};
use cargo_ready::{EXIT_COULD_NOT_CHECK, EXIT_NOT_READY, EXIT_READY};

fn main() -> ExitCode {
    let args = match Args::parse_from(std::env::args_os()) {
        Ok(args) => args,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_COULD_NOT_CHECK as u8
            } else {
                EXIT_READY as u8
            });
        }
    };
    let stderr_style = Style {
        color: ColorWhen::enabled(args.color, std::io::stderr().is_terminal()),
        quiet: args.quiet,
        verbose: args.verbose,
    };
    let stdout_color = ColorWhen::enabled(args.color, std::io::stdout().is_terminal());

    if args.list {
        return print_stdout(&report::render_list(stdout_color), EXIT_READY);
    }
    if let Some(name) = &args.explain {
        return match report::render_explain(name, stdout_color) {
            Some(text) => print_stdout(&text, EXIT_READY),
            None => {
                eprint_error(
                    &format!(
                        "no check named `{name}`\nhelp: `cargo ready --list` shows every check"
                    ),
                    stderr_style.color,
                );
                ExitCode::from(EXIT_COULD_NOT_CHECK as u8)
            }
        };
    }

    // Only the package stage has children and a temporary copy to clean up after Ctrl-C.
    if !args.no_package {
        cargo_ready::process::install_interrupt_handler();
    }
    let progress = StatusLines {
        quiet: args.quiet,
        raw: args.verbose > 0,
        color: stderr_style.color,
    };
    let report = match cargo_ready::run_with_progress(&args, &progress) {
        Ok(report) => report,
        Err(cargo_ready::error::Error::Interrupted) => {
            return ExitCode::from(cargo_ready::process::EXIT_INTERRUPTED as u8);
        }
        Err(error) => {
            eprint_error(&error.to_string(), stderr_style.color);
            return ExitCode::from(EXIT_COULD_NOT_CHECK as u8);
        }
    };
    let status = if report.ready {
        EXIT_READY
    } else {
        EXIT_NOT_READY
    };
    if !args.no_summary {
        append_job_summary(&report, stderr_style.color);
    }
    match args.message_format {
        MessageFormat::Human => {
            let text = report::render_human(&report, &stderr_style);
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(status as u8)
        }
        MessageFormat::Json => print_stdout(&report::render_json(&report), status),
        MessageFormat::Short => print_stdout(&report::render_short(&report), status),
        MessageFormat::Github => {
            let text = report::render_summary(&report, &stderr_style);
            let _ = std::io::stderr().write_all(text.as_bytes());
            print_stdout(&report::render_github(&report, &github_base()), status)
        }
        MessageFormat::Sarif => {
            let root = report.workspace_root.clone().unwrap_or_else(current_dir);
            print_stdout(&report::render_sarif(&report, &root), status)
        }
        MessageFormat::Gitlab => print_stdout(
            &report::render_gitlab(&report, &gitlab_base(&report)),
            status,
        ),
    }
}

/// Under GitHub Actions (`GITHUB_STEP_SUMMARY` names a file), appends the Markdown summary to
/// it, after what earlier steps wrote. A file that cannot be written is said, not fatal.
fn append_job_summary(report: &report::Report, color: bool) {
    let Some(file) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()) else {
        return;
    };
    let text = report::render_job_summary(report, &github_base());
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(error) = written {
        let shown = PathBuf::from(&file);
        eprint_warning(
            &format!(
                "could not append the job summary to {} (GITHUB_STEP_SUMMARY): {error}",
                shown.display()
            ),
            color,
        );
    }
}

/// What GitLab paths are relative to: the repository checkout (`CI_PROJECT_DIR`), else the
/// workspace root, else where we run.
fn gitlab_base(report: &report::Report) -> PathBuf {
    std::env::var_os("CI_PROJECT_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| report.workspace_root.clone())
        .unwrap_or_else(current_dir)
}

/// What GitHub resolves annotation paths against: the checkout, else where we run.
fn github_base() -> PathBuf {
    std::env::var_os("GITHUB_WORKSPACE")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(current_dir)
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_default()
}

/// Progress on stderr, as cargo prints it whether or not stderr is a terminal: status lines
/// (`Checking`, `Packaging`, `Verifying`), or with `-v` cargo's own output in their place.
/// Nothing with `-q`.
struct StatusLines {
    quiet: bool,
    raw: bool,
    color: bool,
}

impl StatusLines {
    /// Whether a status line with `verb` is shown: not with `-q`, and with `-v` only for the
    /// steps cargo does not print itself.
    fn shows(&self, verb: &str) -> bool {
        let cargo_prints_it = self.raw
            && !matches!(
                verb,
                "Checking" | "Skipping" | "Fresh" | "Testing" | "Tested" | "Comparing"
            );
        !self.quiet && !cargo_prints_it
    }
}

impl Progress for StatusLines {
    fn status(&self, verb: &str, message: &str) {
        self.statuses(&[(verb, message.to_string())]);
    }

    fn statuses(&self, lines: &[(&str, String)]) {
        let shown: String = lines
            .iter()
            .filter(|(verb, _)| self.shows(verb))
            .map(|(verb, message)| report::status_line(verb, message, self.color))
            .collect();
        if !shown.is_empty() {
            let _ = std::io::stderr().write_all(shown.as_bytes());
        }
    }

    fn cargo_line(&self, line: &str) {
        if self.raw && !self.quiet {
            let _ = writeln!(std::io::stderr(), "{line}");
        }
    }
}

fn print_stdout(text: &str, status: i32) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::from(status as u8),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(status as u8),
        Err(_) => ExitCode::from(EXIT_COULD_NOT_CHECK as u8),
    }
}

fn eprint_error(message: &str, color: bool) {
    let _ = std::io::stderr().write_all(report::render_error(message, color).as_bytes());
}

fn eprint_warning(message: &str, color: bool) {
    let _ = std::io::stderr().write_all(report::render_warning(message, color).as_bytes());
}
