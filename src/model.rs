//! The model every part shares: a check's descriptor and level, and a finding with its labels
//! and suggestions. It sits below everything that makes, configures, fixes or renders findings,
//! so imports point one way.

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

/// How a check is configured: off, or reported with a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The check does not run.
    Allow,
    /// Reported as a note.
    Note,
    /// Reported as a warning.
    Warn,
    /// Reported as an error: the package is not ready.
    Deny,
}

impl Level {
    /// The severity a finding at this level gets, or `None` when the check is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Note => Some(Severity::Note),
            Level::Warn => Some(Severity::Warning),
            Level::Deny => Some(Severity::Error),
        }
    }

    /// The word used in configuration and in `--list`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Note => "note",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    /// Parses a configuration word.
    pub fn parse(word: &str) -> Option<Level> {
        match word {
            "allow" => Some(Level::Allow),
            "note" => Some(Level::Note),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }
}

/// The static description of one check.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// snake_case, stable: the configuration key and the JSON id.
    pub name: &'static str,
    /// The level when nothing configures it.
    pub default: Level,
    /// True when crates.io or cargo would refuse the publish.
    pub blocks_publish: bool,
    /// One line, for `--list` and the check table of docs/checks.md.
    pub summary: &'static str,
    /// What it checks, why it matters, how to fix (for `--explain`).
    pub explain: &'static str,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational: nothing to fix.
    Note,
    /// Worth fixing; does not make the package not ready.
    Warning,
    /// Makes the package not ready.
    Error,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where in a file something is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Absolute path of the file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte range of the text to show. A location without one is named, never quoted: a
    /// secret's line is not printed.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
}

impl Location {
    /// A place named by file, line and column, with no text to quote.
    pub fn at_line(file: PathBuf, line: usize, column: usize) -> Location {
        Location {
            file,
            line,
            column,
            span: None,
        }
    }

    /// A whole file, named without a line.
    pub fn file(file: PathBuf) -> Location {
        Location::at_line(file, 0, 0)
    }
}

/// Another place a finding points at: where an inherited value is written (with a message), or
/// the table header around the finding's key (without one, shown for orientation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The place.
    pub location: Location,
    /// What it says there; `None` for a place shown only to orient the reader.
    pub message: Option<String>,
}

/// A replacement for a span of a file that fixes the finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Where: the span to replace (empty to insert).
    pub location: Location,
    /// The manifest key the edit changes, e.g. `workspace.package.keywords`.
    pub field: Option<String>,
    /// The text to write in place of the span.
    pub replacement: String,
    /// True when the replacement can only mean what the author meant: `--fix` applies it.
    pub certain: bool,
}

/// One problem (or remark) about one package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable name of the check that produced it.
    pub check: &'static str,
    /// Error, warning or note.
    pub severity: Severity,
    /// Whether crates.io or cargo would refuse the publish because of it.
    pub blocks_publish: bool,
    /// The manifest key it is about (`package.categories`), when there is one.
    pub field: Option<String>,
    /// What is wrong, with the offending value.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where it is, when it can be pointed at.
    pub location: Option<Location>,
    /// Other places that explain it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// Edits that fix it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
}

impl Finding {
    /// A finding of `check` at the check's default level, placed nowhere yet.
    pub fn new(check: &'static Check, message: impl Into<String>) -> Finding {
        Finding {
            check: check.name,
            severity: check.default.severity().unwrap_or(Severity::Note),
            blocks_publish: check.blocks_publish,
            field: None,
            message: message.into(),
            help: None,
            location: None,
            labels: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Sets the place.
    pub fn at(mut self, location: impl Into<Option<Location>>) -> Finding {
        self.location = location.into();
        self
    }

    /// Sets the manifest key it is about.
    pub fn on_field(mut self, field: impl Into<String>) -> Finding {
        self.field = Some(field.into());
        self
    }

    /// Adds a suggested edit.
    pub fn suggest(&mut self, suggestion: Suggestion) -> &mut Finding {
        self.suggestions.push(suggestion);
        self
    }

    /// Lowers the finding below its check's default, for a case the check judges milder (a
    /// warning with `--allow-dirty`, a note for a `.env` file without credentials).
    /// Configuration can lower it further, never raise it above this.
    pub fn soften(&mut self, severity: Severity) -> &mut Finding {
        self.severity = self.severity.min(severity);
        if severity < Severity::Error {
            self.blocks_publish = false;
        }
        self
    }
}

/// A stage that did not run, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRun {
    /// The stage's name (`package`, `publish-dry-run`).
    pub stage: String,
    /// Why it did not run.
    pub reason: String,
}

/// The builds others run from the published crate that a package asks for (`--docs`, `--msrv`,
/// `--each-feature`, or its configuration).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Builds {
    /// Document it as docs.rs does.
    pub docs: bool,
    /// Check it with the toolchain its `rust-version` names.
    pub msrv: bool,
    /// Check it with each feature alone.
    pub each_feature: bool,
}

impl Builds {
    /// Whether any build is asked for.
    pub fn any(self) -> bool {
        self.docs || self.msrv || self.each_feature
    }

    /// The builds asked for by either.
    pub fn or(self, other: Builds) -> Builds {
        Builds {
            docs: self.docs || other.docs,
            msrv: self.msrv || other.msrv,
            each_feature: self.each_feature || other.each_feature,
        }
    }
}

/// One change `--fix` made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedFix {
    /// The file that was edited.
    pub file: PathBuf,
    /// The key that changed, e.g. `package.license` or `workspace.package.keywords`.
    pub field: String,
    /// The text before.
    pub from: String,
    /// The text after.
    pub to: String,
}

/// Items in backquotes, separated by commas: `` `a`, `b` ``, as messages name things.
pub fn backquoted<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
