//! What the local compiler says about the targets it knows, for settings that name a target
//! triple. The compiler is `$RUSTC`, else `rustc`, as cargo picks it.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::process::{Command, Stdio};

/// The target triples the compiler knows (`rustc --print target-list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetList {
    /// Every built-in target triple.
    pub triples: BTreeSet<String>,
}

impl TargetList {
    /// Asks the compiler; `None` when it cannot be run or says nothing.
    pub fn read() -> Option<TargetList> {
        let rustc = std::env::var_os("RUSTC")
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| OsString::from("rustc"));
        let out = Command::new(rustc)
            .arg("--print=target-list")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|out| out.status.success())?;
        let triples: BTreeSet<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(String::from)
            .collect();
        (!triples.is_empty()).then_some(TargetList { triples })
    }

    /// Whether the compiler knows `triple`.
    pub fn knows(&self, triple: &str) -> bool {
        self.triples.contains(triple)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_compiler_knows_the_host() {
        let list = TargetList::read().expect("rustc runs in the tests");
        assert!(list.knows("x86_64-unknown-linux-gnu"), "{list:?}");
        assert!(!list.knows("x86_64-unknown-linux-gun"));
    }
}
