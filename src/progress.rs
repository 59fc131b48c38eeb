//! Where a run reports what it is doing, as it does it. The engine never prints; the binary
//! decides what a status line looks like and where it goes.

use std::sync::Mutex;

use crate::sync::lock;

/// Receives progress while a run works, from any of its threads (the package stage reports
/// while the manifest checks run).
pub trait Progress: Sync {
    /// A cargo-style status line (`Checking`, `Packaging`, `Verifying`, ...), with paths in the
    /// user's tree.
    fn status(&self, verb: &str, message: &str);
    /// Status lines that come together (the manifest stage names every package at once).
    fn statuses(&self, lines: &[(&str, String)]) {
        for (verb, message) in lines {
            self.status(verb, message);
        }
    }
    /// One line of cargo's own output, with paths of the temporary copy replaced by the user's.
    fn cargo_line(&self, line: &str);
}

/// A [`Progress`] that shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn status(&self, _verb: &str, _message: &str) {}
    fn cargo_line(&self, _line: &str) {}
}

/// A [`Progress`] that keeps what it is told, to pass on later: what a check run ahead of
/// cargo says is shown only once the check counts.
#[derive(Debug, Default)]
pub struct Recorded {
    said: Mutex<Vec<Said>>,
}

#[derive(Debug)]
enum Said {
    Status(String, String),
    Statuses(Vec<(String, String)>),
    CargoLine(String),
}

impl Recorded {
    /// Tells `progress` everything this was told, in order.
    pub fn replay(&self, progress: &dyn Progress) {
        for said in lock(&self.said).iter() {
            match said {
                Said::Status(verb, message) => progress.status(verb, message),
                Said::Statuses(lines) => {
                    let lines: Vec<(&str, String)> = lines
                        .iter()
                        .map(|(verb, message)| (verb.as_str(), message.clone()))
                        .collect();
                    progress.statuses(&lines);
                }
                Said::CargoLine(line) => progress.cargo_line(line),
            }
        }
    }
}

impl Progress for Recorded {
    fn status(&self, verb: &str, message: &str) {
        let said = Said::Status(verb.to_string(), message.to_string());
        lock(&self.said).push(said);
    }

    fn statuses(&self, lines: &[(&str, String)]) {
        let lines = lines
            .iter()
            .map(|(verb, message)| (verb.to_string(), message.clone()))
            .collect();
        lock(&self.said).push(Said::Statuses(lines));
    }

    fn cargo_line(&self, line: &str) {
        lock(&self.said).push(Said::CargoLine(line.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes what it is told as text, one entry per call.
    #[derive(Default)]
    struct Transcript(Mutex<Vec<String>>);

    impl Progress for Transcript {
        fn status(&self, verb: &str, message: &str) {
            lock(&self.0).push(format!("{verb} {message}"));
        }

        fn statuses(&self, lines: &[(&str, String)]) {
            let lines: Vec<String> = lines.iter().map(|(v, m)| format!("{v} {m}")).collect();
            lock(&self.0).push(lines.join(" | "));
        }

        fn cargo_line(&self, line: &str) {
            lock(&self.0).push(format!("cargo: {line}"));
        }
    }

    #[test]
    fn recorded_progress_replays_in_order_keeping_lines_that_came_together() {
        let recorded = Recorded::default();
        recorded.statuses(&[
            ("Checking", "a v1.0.0".to_string()),
            ("Skipping", "b".to_string()),
        ]);
        recorded.cargo_line("warning: something");
        recorded.status("Packaging", "a v1.0.0");
        let transcript = Transcript::default();
        recorded.replay(&transcript);
        assert_eq!(
            *lock(&transcript.0),
            [
                "Checking a v1.0.0 | Skipping b",
                "cargo: warning: something",
                "Packaging a v1.0.0"
            ]
        );
    }
}
