//! Credentials in the package: files named like them, private keys and access tokens in any
//! text, and `.env` files that set credential-like values. Reported by file and line, never
//! with the secret itself.

use super::exclude_it;
use crate::checks::{PackageContext, Sink};
use crate::model::{Check, Level, Location, Severity};
use crate::stage::contents::Entry;

/// Credentials in the package.
pub static SECRET_FILE: Check = Check {
    name: "secret_file",
    default: Level::Deny,
    blocks_publish: false,
    summary: "the package holds credentials: a key, token or credentials file",
    explain: "A published crate can never be deleted, only yanked; anything in it is public \
forever. Files named like credentials (`id_rsa`, `.npmrc`, `.pypirc`, `credentials*`, \
`.cargo/credentials*`), private-key blocks and registry or cloud access tokens are reported by \
file and line, never the secret itself. A `.env` file is judged by what it sets: a value under \
a name like `TOKEN`, `SECRET`, `PASSWORD`, `API_KEY` or `PRIVATE_KEY` is an error; a `.env` \
outside test data that sets none is a note. Keys and key stores in test data are test keys.\n\n\
Fix: remove the file from the package (`exclude`, or `.gitignore` and untrack it) and revoke \
the secret if it was ever pushed. A file meant to be public (a test fixture) can be allowed by \
path: `secret_file = { allow-paths = [\"tests/fixtures/**\"] }` in `[package.metadata.ready]`.",
};

/// One secret found in a packaged file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    /// The packaged file.
    pub path: String,
    /// The 1-based line, when the secret is in the text.
    pub line: Option<usize>,
    /// What it looks like, e.g. "a GitHub access token".
    pub what: String,
    /// Whether it is a credential (an error), rather than a file that only might hold one (a
    /// note).
    pub credential: bool,
}

/// Secrets that are key material: in test data (test keys) and in source code (test vectors,
/// documentation examples) they are expected and not reported. Credential files and access
/// tokens are reported wherever they are.
const KEY_MATERIAL: &[&str] = &[
    "a private key block",
    "an SSH private key file",
    "a key store",
];

const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "testdata",
    "test-data",
    "test_data",
    "testing",
    "fixtures",
    "fixture",
    "examples",
    "example",
    "benches",
    "bench",
    "vectors",
    "test-vectors",
    "test_vectors",
];

const SOURCE_EXTENSIONS: &[&str] = &[
    "rs", "c", "cc", "cpp", "cxx", "h", "hpp", "go", "py", "js", "ts", "java", "md", "txt",
];

/// Whether a packaged path is test data (under a test, example or fixture directory, or
/// named like a test) or source code and documentation.
pub fn is_test_or_source(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    dirs.split('/').any(|d| TEST_DIRS.contains(&d))
        || name.contains("test")
        || name
            .rsplit_once('.')
            .is_some_and(|(_, ext)| SOURCE_EXTENSIONS.contains(&ext))
}

/// What a packaged file gives away, judged from its path and first bytes.
pub fn scan(entry: &Entry, head: &[u8]) -> Vec<Secret> {
    let path = entry.path.as_str();
    let test_data = is_test_or_source(path);
    let expected = |what: &str| test_data && KEY_MATERIAL.contains(&what);
    let secret = |line: Option<usize>, what: &str| Secret {
        path: path.to_string(),
        line,
        what: what.to_string(),
        credential: true,
    };
    let text = !head.iter().take(8192).any(|&b| b == 0);
    let content = text.then(|| String::from_utf8_lossy(head));
    let mut found = Vec::new();
    if is_env_file(path) {
        found.extend(env_file(path, content.as_deref().unwrap_or(""), test_data));
    } else if let Some(what) = secrets_by_name(path).filter(|what| !expected(what)) {
        found.push(secret(None, what));
    }
    if let Some(content) = &content {
        let in_text: Vec<Secret> = secrets_in_text(content)
            .into_iter()
            .filter(|(_, what)| !expected(what))
            .filter(|(line, _)| !found.iter().any(|f| f.line == Some(*line)))
            .map(|(line, what)| secret(Some(line), what))
            .collect();
        found.extend(in_text);
    }
    let public_pem_only = test_data
        || content
            .as_deref()
            .is_some_and(|c| c.contains("-----BEGIN ") && !c.contains("PRIVATE KEY"));
    if is_key_file(path) && found.is_empty() && !public_pem_only {
        found.push(secret(None, "a private key file"));
    }
    found
}

/// Reports the secrets of one package, each at its file (and line), without the secret.
pub fn report(ctx: &PackageContext<'_>, secrets: &[Secret], sink: &mut Sink<'_>) {
    for secret in secrets {
        let file = ctx.root().join(&secret.path);
        let location = match secret.line {
            Some(line) => Location::at_line(file, line, 1),
            None => Location::file(file),
        };
        let path = &secret.path;
        if secret.credential {
            sink.report_at(
                &SECRET_FILE,
                format!("`{path}` in the package looks like {}", secret.what),
                format!(
                    "a published crate is public forever: leave the file out ({}) and revoke the secret if it was ever pushed; a file meant to be public (test data) can be allowed by path: `secret_file = {{ allow-paths = [\"{path}\"] }}` in `[package.metadata.ready]`",
                    exclude_it(ctx, path)
                ),
                Some(location),
            );
        } else {
            sink.report_at(
                &SECRET_FILE,
                format!("`{path}` in the package is {}", secret.what),
                "environment files usually hold credentials; this one sets none that look like one, but check that it is meant to be published".to_string(),
                Some(location),
            )
            .soften(Severity::Note);
        }
    }
}

/// Whether a file is an environment file (`.env`, `.env.production`, but not `.env.example`).
fn is_env_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name == ".env"
        || name.strip_prefix(".env.").is_some_and(|rest| {
            ![
                "example", "sample", "template", "dist", "defaults", "default",
            ]
            .contains(&rest)
        })
}

/// Names of variables that hold credentials.
const CREDENTIAL_NAMES: &[&str] = &[
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "ACCESS_KEY",
    "CREDENTIAL",
    "AUTH",
];

/// A `.env` file: an error for each line that sets a credential-like variable to a value; a
/// note when it sets none and is not test data.
fn env_file(path: &str, text: &str, test_data: bool) -> Vec<Secret> {
    let credentials: Vec<Secret> = text
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let name = credential_assignment(line)?;
            Some(Secret {
                path: path.to_string(),
                line: Some(index + 1),
                what: format!("an environment file setting `{name}`, a credential"),
                credential: true,
            })
        })
        .collect();
    if !credentials.is_empty() || test_data {
        return credentials;
    }
    vec![Secret {
        path: path.to_string(),
        line: None,
        what: "an environment file (`.env`)".to_string(),
        credential: false,
    }]
}

/// The variable a `.env` line sets to a non-empty value, when its name is a credential's.
fn credential_assignment(line: &str) -> Option<&str> {
    let line = line.trim();
    let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
    if line.starts_with('#') {
        return None;
    }
    let (name, value) = line.split_once('=')?;
    let name = name.trim();
    let upper = name.to_ascii_uppercase();
    if !CREDENTIAL_NAMES.iter().any(|c| upper.contains(c)) {
        return None;
    }
    let value = value.split(" #").next().unwrap_or("").trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    let placeholder = value.is_empty()
        || value.starts_with('$')
        || (value.starts_with('<') && value.ends_with('>'))
        || value
            .chars()
            .all(|c| matches!(c, 'x' | 'X' | '*' | '.' | '-' | '_'));
    (!placeholder).then_some(name)
}

/// Whether a file is named like a key (`.pem`, `.key`).
fn is_key_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".pem") || lower.ends_with(".key")
}

/// The kind of secret a file name announces, if any (environment files are judged by what they
/// set, see [`scan`]).
pub fn secrets_by_name(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]
        .iter()
        .any(|k| lower.starts_with(k))
        && !lower.ends_with(".pub")
    {
        return Some("an SSH private key file");
    }
    if [".npmrc", ".pypirc", ".netrc", "_netrc", ".git-credentials"].contains(&lower.as_str()) {
        return Some("a package-manager or network credentials file");
    }
    if lower.starts_with("credentials") {
        return Some("a credentials file");
    }
    if matches!(ext, Some("p12" | "pfx" | "jks" | "keystore")) {
        return Some("a key store");
    }
    None
}

/// Private-key blocks and access tokens in a text, as (1-based line, what).
pub fn secrets_in_text(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.contains("-----BEGIN ") && line.contains("PRIVATE KEY") {
            found.push((index + 1, "a private key block"));
            continue;
        }
        if let Some(what) = token_in_line(line) {
            found.push((index + 1, what));
        }
    }
    found
}

type Class = fn(u8) -> bool;

const TOKENS: &[(&str, usize, Class, &str)] = &[
    ("cio", 32, is_alnum, "a crates.io API token"),
    ("ghp_", 36, is_alnum, "a GitHub access token"),
    ("gho_", 36, is_alnum, "a GitHub OAuth token"),
    ("ghu_", 36, is_alnum, "a GitHub access token"),
    ("ghs_", 36, is_alnum, "a GitHub access token"),
    ("ghr_", 36, is_alnum, "a GitHub refresh token"),
    ("github_pat_", 82, is_word, "a GitHub personal access token"),
    ("glpat-", 20, is_word_dash, "a GitLab access token"),
    ("npm_", 36, is_alnum, "an npm access token"),
    ("pypi-AgEIcHlwaS5vcmc", 50, is_word_dash, "a PyPI API token"),
    ("AKIA", 16, is_upper_digit, "an AWS access key id"),
    ("ASIA", 16, is_upper_digit, "an AWS access key id"),
    ("AIza", 35, is_word_dash, "a Google API key"),
    ("sk_live_", 24, is_alnum, "a Stripe secret key"),
    ("xoxb-", 20, is_word_dash, "a Slack token"),
    ("xoxp-", 20, is_word_dash, "a Slack token"),
];

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
fn is_word_dash(b: u8) -> bool {
    is_word(b) || b == b'-'
}
fn is_upper_digit(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

fn token_in_line(line: &str) -> Option<&'static str> {
    let bytes = line.as_bytes();
    for &(prefix, min, class, what) in TOKENS {
        let mut from = 0;
        while let Some(at) = line[from..].find(prefix).map(|i| i + from) {
            from = at + prefix.len();
            if at > 0 && is_word(bytes[at - 1]) {
                continue;
            }
            let body: Vec<u8> = bytes[from..]
                .iter()
                .copied()
                .take_while(|&b| class(b))
                .collect();
            let exact = matches!(prefix, "cio" | "AKIA" | "ASIA");
            if body.len() < min || (exact && body.len() != min) {
                continue;
            }
            let body = String::from_utf8_lossy(&body);
            // Documentation examples (AWS's `AKIAIOSFODNN7EXAMPLE`) are not secrets.
            if body.contains("EXAMPLE") || body.contains("example") {
                continue;
            }
            let random = body.bytes().any(|b| b.is_ascii_digit())
                && body
                    .bytes()
                    .any(|b| b.is_ascii_uppercase() || b.is_ascii_lowercase());
            if prefix == "cio" && !(random && body.bytes().any(|b| b.is_ascii_uppercase())) {
                continue;
            }
            if random || !exact {
                return Some(what);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry::file(path, b"")
    }

    fn found(path: &str, text: &[u8]) -> Vec<(Option<usize>, bool)> {
        scan(&entry(path), text)
            .into_iter()
            .map(|s| (s.line, s.credential))
            .collect()
    }

    #[test]
    fn secrets_by_file_name() {
        for (name, secret) in [
            ("id_rsa", true),
            ("keys/id_ed25519", true),
            ("id_rsa.pub", false),
            (".npmrc", true),
            (".pypirc", true),
            ("credentials.json", true),
            (".cargo/credentials.toml", true),
            ("store.p12", true),
            ("src/env.rs", false),
            ("cert.pem", false),
        ] {
            assert_eq!(secrets_by_name(name).is_some(), secret, "{name}");
        }
    }

    #[test]
    fn env_files_are_judged_by_what_they_set() {
        // A syntax-highlighting fixture (bat ships these): nothing credential-like.
        let fixture = b"# comment\nexport TEST_KEYWORD=\"bar\"\nPATH=/usr/bin\n";
        assert!(found("tests/syntax/source/.env", fixture).is_empty());
        assert_eq!(found(".env", fixture), [(None, false)]);
        // A credential: an error at its line.
        let real = b"DEBUG=1\nexport API_TOKEN=\"s3cr3t-value\"\n";
        assert_eq!(found(".env", real), [(Some(2), true)]);
        assert_eq!(found("tests/.env", real), [(Some(2), true)]);
        // Placeholders and empty values are not credentials.
        for line in [
            "PASSWORD=",
            "PASSWORD=\"\"",
            "API_KEY=${KEY}",
            "SECRET=<secret>",
            "TOKEN=xxxx",
        ] {
            assert!(credential_assignment(line).is_none(), "{line}");
        }
        assert_eq!(
            credential_assignment("  db_password = hunter2 # prod"),
            Some("db_password")
        );
        assert!(found(".env.example", real).is_empty());
        let config = b"[section]\n";
        assert_eq!(found("config/.env.production", config), [(None, false)]);
    }

    #[test]
    fn secrets_in_text_name_the_line_not_the_value() {
        // The prefixes are split so that this source file holds nothing token-like.
        let (cio, akia, ghp) = (
            ["ci", "o"].concat(),
            ["AK", "IA"].concat(),
            ["gh", "p_"].concat(),
        );
        let text = format!(
            "fine\n-----BEGIN OPENSSH PRIVATE KEY-----\nabc\ntoken = \"{cio}AbCdEfGhIjKlMnOpQrStUvWxYz012345\"\n\
             aws = {akia}1234567890ABCDEF\ndoc = {akia}IOSFODNN7EXAMPLE\ngh = {ghp}aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\n\
             x = cio_not_a_token\n"
        );
        let found = secrets_in_text(&text);
        assert_eq!(
            found,
            [
                (2, "a private key block"),
                (4, "a crates.io API token"),
                (5, "an AWS access key id"),
                (7, "a GitHub access token"),
            ]
        );
        assert!(secrets_in_text("-----BEGIN CERTIFICATE-----\nMIIB\n").is_empty());
        // One character short of a token is not a token.
        assert!(secrets_in_text(&format!("{ghp}aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678")).is_empty());
    }

    #[test]
    fn pem_files_are_secrets_unless_only_public() {
        let cert = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assert!(found("cert.pem", cert).is_empty());
        assert_eq!(
            found("key.pem", b"-----BEGIN PRIVATE KEY-----\nMIIB\n"),
            [(Some(1), true)]
        );
        assert_eq!(found("bin.key", &[0, 1, 2, 0]), [(None, true)]);
    }

    #[test]
    fn test_keys_and_embedded_vectors_are_not_secrets() {
        let key = b"-----BEGIN PRIVATE KEY-----\nMIIB\n";
        assert!(found("tests/data/server.key", key).is_empty());
        assert!(found("src/lib.rs", key).is_empty());
        assert_eq!(found("deploy/server.key", key), [(Some(1), true)]);
    }
}
