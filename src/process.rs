//! Running cargo and git as children: output captured (stderr streamed line by line), each
//! child in its own process group so an interrupt can stop it and everything it started.
//!
//! Interrupts: [`install_interrupt_handler`] makes SIGINT/SIGTERM (Ctrl-C) kill the running
//! child's process group and mark the run interrupted; the stage then returns
//! [`Error::Interrupted`], unwinding removes the temporary copy, and the binary exits with 130.
//! Should the run not unwind within a few seconds, the handler removes the registered
//! temporary directories itself and exits.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::Error;
use crate::sync::lock;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static TEMP_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit status after an interrupt (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: i32 = 130;

/// Installs the SIGINT/SIGTERM handler. Call once, from the binary.
pub fn install_interrupt_handler() {
    // An error means a handler is already installed (by the embedding program): keep theirs.
    let _ = ctrlc::set_handler(on_interrupt);
}

fn on_interrupt() {
    if INTERRUPTED.swap(true, Ordering::SeqCst) {
        cleanup_and_exit();
    }
    let busy = !lock(&CHILDREN).is_empty() || !lock(&TEMP_DIRS).is_empty();
    kill_children();
    if !busy {
        std::process::exit(EXIT_INTERRUPTED);
    }
    // The run notices the dead child, unwinds and removes its copy; give it the time to.
    std::thread::sleep(Duration::from_secs(5));
    cleanup_and_exit();
}

fn cleanup_and_exit() -> ! {
    kill_children();
    for dir in lock(&TEMP_DIRS).iter() {
        let _ = std::fs::remove_dir_all(dir);
    }
    std::process::exit(EXIT_INTERRUPTED);
}

fn kill_children() {
    for &pid in lock(&CHILDREN).iter() {
        kill_group(pid);
    }
}

#[cfg(unix)]
fn kill_group(pid: u32) {
    use nix::sys::signal::{Signal, killpg};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(pid) {
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill_group(pid: u32) {
    let _ = Command::new("taskkill")
        .args(["/F", "/T", "/PID", &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Whether an interrupt arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Fails with [`Error::Interrupted`] once an interrupt arrived.
pub fn check_interrupt() -> Result<(), Error> {
    if interrupted() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Keeps a temporary directory known to the interrupt handler while it exists.
pub struct TempDirGuard(PathBuf);

impl TempDirGuard {
    /// Registers `dir` for removal should the run not unwind after an interrupt.
    pub fn register(dir: &Path) -> TempDirGuard {
        lock(&TEMP_DIRS).push(dir.to_path_buf());
        TempDirGuard(dir.to_path_buf())
    }
}

impl Drop for TempDirGuard {
    fn drop(&mut self) {
        lock(&TEMP_DIRS).retain(|d| d != &self.0);
    }
}

struct ChildGuard(u32);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        lock(&CHILDREN).retain(|&pid| pid != self.0);
    }
}

/// What a child printed, and whether it succeeded.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Exit status 0.
    pub success: bool,
    /// The exit code, when it exited normally.
    pub code: Option<i32>,
    /// Everything on stdout (lossily decoded).
    pub stdout: String,
    /// Everything on stdout, as bytes (file names need not be UTF-8).
    pub stdout_bytes: Vec<u8>,
    /// Everything on stderr.
    pub stderr: String,
}

/// The cargo cargo-ready runs: `$CARGO` (set by cargo for subcommands), or `cargo`.
pub fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Runs a command in `cwd`, calling `on_line` for each stderr line as it arrives.
pub fn run(
    program: &OsStr,
    args: &[&OsStr],
    cwd: &Path,
    env: &[(&str, Option<&OsStr>)],
    on_line: &mut dyn FnMut(&str),
) -> Result<Output, Error> {
    check_interrupt()?;
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let describe = || {
        std::iter::once(program)
            .chain(args.iter().copied())
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut child = command.spawn().map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::CargoNotFound {
                program: program.to_string_lossy().into_owned(),
                source,
            }
        } else {
            Error::Io {
                path: PathBuf::from(describe()),
                action: "run",
                source,
            }
        }
    })?;
    lock(&CHILDREN).push(child.id());
    let _guard = ChildGuard(child.id());
    if interrupted() {
        kill_group(child.id());
    }

    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let mut stderr_text = String::new();
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut line = Vec::new();
    loop {
        line.clear();
        match stderr.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                let text = String::from_utf8_lossy(&line);
                on_line(text.trim_end_matches(['\n', '\r']));
                stderr_text.push_str(&text);
            }
        }
    }
    let status = child.wait().map_err(|source| Error::Io {
        path: PathBuf::from(describe()),
        action: "wait for",
        source,
    })?;
    let stdout_bytes = reader.join().unwrap_or_default();
    check_interrupt()?;
    Ok(Output {
        success: status.success(),
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
        stdout_bytes,
        stderr: stderr_text,
    })
}

/// Runs git with `args` in `cwd`, without hooks or the user's repository environment.
pub fn git(args: &[&OsStr], cwd: &Path) -> Result<Output, Error> {
    run(OsStr::new("git"), args, cwd, &GIT_ENV, &mut |_| {}).map_err(|e| match e {
        Error::CargoNotFound { source, .. } => Error::Io {
            path: PathBuf::from("git"),
            action: "run",
            source,
        },
        other => other,
    })
}

/// Variables that would point git (and cargo's git library) at another repository.
pub const GIT_ENV: [(&str, Option<&OsStr>); 5] = [
    ("GIT_DIR", None),
    ("GIT_WORK_TREE", None),
    ("GIT_INDEX_FILE", None),
    ("GIT_OBJECT_DIRECTORY", None),
    ("GIT_CEILING_DIRECTORIES", None),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_stderr_and_captures_stdout() {
        let mut lines = Vec::new();
        let out = run(
            OsStr::new("sh"),
            &[
                OsStr::new("-c"),
                OsStr::new("echo out; echo one >&2; echo two >&2; exit 3"),
            ],
            Path::new("."),
            &[],
            &mut |l| lines.push(l.to_string()),
        )
        .unwrap();
        assert_eq!(lines, ["one", "two"]);
        assert_eq!(out.stdout, "out\n");
        assert_eq!((out.success, out.code), (false, Some(3)));
        assert!(lock(&CHILDREN).is_empty());
    }

    #[test]
    fn a_missing_program_is_an_error_not_a_panic() {
        let err = run(
            OsStr::new("cargo-ready-no-such-program"),
            &[],
            Path::new("."),
            &[],
            &mut |_| {},
        )
        .unwrap_err();
        assert!(matches!(err, Error::CargoNotFound { .. }), "{err}");
    }
}
