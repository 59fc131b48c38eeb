//! Where a run reports what it is doing, as it does it. The engine never prints; the binary
//! decides what a status line looks like and where it goes.

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
