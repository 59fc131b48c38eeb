//! What a `.crate` holds (S34–S39, C22): sizes, secrets, junk, license text, README, and
//! entries crates.io refuses. Reads the archive cargo made; pure over its bytes.

use std::io::{self, Read};

/// crates.io's compressed limit (S34).
pub const MAX_COMPRESSED: u64 = 10 * 1024 * 1024;
/// crates.io's unpacked limit (S35).
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
/// Above this compressed size, a warning.
pub const LARGE_COMPRESSED: u64 = 5 * 1024 * 1024;
/// How much of each file is scanned for secrets.
const SCAN_LIMIT: usize = 1024 * 1024;

/// One entry of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the package (without the `NAME-VERSION/` prefix), lossily decoded.
    pub path: String,
    /// Unpacked size in bytes.
    pub size: u64,
    /// Why crates.io would refuse this entry, if it would.
    pub invalid: Option<&'static str>,
    /// Secrets found in it: (1-based line, what it looks like).
    pub secrets: Vec<(Option<usize>, &'static str)>,
    /// The first bytes, for telling binaries apart.
    magic: Vec<u8>,
    /// Holds only public PEM blocks (certificates, public keys).
    public_pem_only: bool,
}

/// Everything read from one `.crate`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    /// Size of the `.crate` file.
    pub compressed: u64,
    /// Size of the unpacked tar stream.
    pub unpacked: u64,
    /// Every entry, in archive order.
    pub entries: Vec<Entry>,
}

struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Reads a `.crate` (gzip-compressed tar) whose entries live under `prefix/`.
pub fn read(bytes: &[u8], prefix: &str) -> io::Result<Contents> {
    let mut counting = Counting {
        inner: flate2::read::GzDecoder::new(bytes),
        count: 0,
    };
    let mut entries = Vec::new();
    {
        let mut archive = tar::Archive::new(&mut counting);
        for entry in archive.entries()? {
            let mut entry = entry?;
            let raw = entry.path_bytes().into_owned();
            let lossy = String::from_utf8_lossy(&raw).into_owned();
            let entry_type = entry.header().entry_type();
            let size = entry.header().size().unwrap_or(0);
            let path = lossy
                .strip_prefix(prefix)
                .and_then(|p| p.strip_prefix('/'))
                .unwrap_or(&lossy)
                .to_string();
            let invalid = invalid_reason(&raw, prefix, entry_type);
            if entry_type.is_dir() && invalid.is_none() {
                continue;
            }
            let mut head = Vec::new();
            if entry_type.is_file() {
                (&mut entry)
                    .take(SCAN_LIMIT as u64)
                    .read_to_end(&mut head)?;
            }
            let test_data = is_test_or_source(&path);
            let mut secrets: Vec<(Option<usize>, &'static str)> = secrets_by_name(&path)
                .filter(|what| !(test_data && KEY_MATERIAL.contains(what)))
                .map(|what| vec![(None, what)])
                .unwrap_or_default();
            let text = !head.iter().take(8192).any(|&b| b == 0);
            let mut public_pem_only = false;
            if text {
                let content = String::from_utf8_lossy(&head);
                secrets.extend(
                    secrets_in_text(&content)
                        .into_iter()
                        .filter(|(_, what)| !(test_data && KEY_MATERIAL.contains(what)))
                        .map(|(l, w)| (Some(l), w)),
                );
                public_pem_only =
                    content.contains("-----BEGIN ") && !content.contains("PRIVATE KEY");
            }
            head.truncate(8);
            // A key file in test data is a test key, not a secret.
            public_pem_only |= test_data;
            entries.push(Entry {
                path,
                size,
                invalid,
                secrets,
                magic: head,
                public_pem_only,
            });
        }
    }
    io::copy(&mut counting, &mut io::sink())?;
    Ok(Contents {
        compressed: bytes.len() as u64,
        unpacked: counting.count,
        entries,
    })
}

fn invalid_reason(raw: &[u8], prefix: &str, entry_type: tar::EntryType) -> Option<&'static str> {
    let Ok(path) = std::str::from_utf8(raw) else {
        return Some("its name is not valid UTF-8");
    };
    if !(entry_type.is_file() || entry_type.is_dir()) {
        return Some(match entry_type {
            tar::EntryType::Symlink => "it is a symbolic link",
            tar::EntryType::Link => "it is a hard link",
            _ => "it is not a regular file",
        });
    }
    if path.split(['/', '\\']).any(|c| c == "..") {
        return Some("its path contains `..`");
    }
    if !path.starts_with(&format!("{prefix}/")) {
        return Some("it is outside the package directory");
    }
    None
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

/// The kind of secret a file name announces, if any.
pub fn secrets_by_name(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    if lower == ".env"
        || lower.strip_prefix(".env.").is_some_and(|rest| {
            ![
                "example", "sample", "template", "dist", "defaults", "default",
            ]
            .contains(&rest)
        })
    {
        return Some("an environment file (`.env`), which usually holds credentials");
    }
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

/// Why a file is junk, and the `exclude` pattern that would drop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Junk {
    /// The file.
    pub path: String,
    /// What it is.
    pub what: &'static str,
    /// An `exclude` pattern that drops it (and its kin).
    pub pattern: String,
}

const BUILD_EXTENSIONS: &[&str] = &[
    "o", "obj", "a", "lib", "so", "dylib", "dll", "exe", "pdb", "rlib", "rmeta", "ilk", "exp",
];

/// Whether an entry is build output, an editor or OS file, or a core dump.
///
/// Prebuilt objects and libraries are not junk in a package with a build script (it may link
/// them, as `-sys` and `windows_*` crates do) nor in test data.
pub fn junk(entry: &Entry, all: &[Entry], has_build_script: bool) -> Option<Junk> {
    let path = entry.path.as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let ext = lower
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|_| !lower.starts_with('.') || lower.matches('.').count() > 1);
    let make = |what, pattern: String| {
        Some(Junk {
            path: path.to_string(),
            what,
            pattern,
        })
    };
    // A `target` directory that holds build output (not a module named `target`).
    let mut prefix = String::new();
    for component in path
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map_or(&[][..], |(_, d)| d)
    {
        prefix.push_str(component);
        prefix.push('/');
        if *component == "target" {
            let is_build_dir = all.iter().any(|e| {
                e.path.strip_prefix(prefix.as_str()).is_some_and(|rest| {
                    rest.starts_with("debug/")
                        || rest.starts_with("release/")
                        || rest == "CACHEDIR.TAG"
                        || rest == ".rustc_info.json"
                })
            });
            if is_build_dir {
                return make("a build output directory", format!("/{prefix}"));
            }
        }
        if matches!(*component, ".idea" | ".vscode" | "__MACOSX") {
            return make("an editor or OS directory", format!("/{prefix}"));
        }
    }
    if matches!(lower.as_str(), ".ds_store" | "thumbs.db" | "desktop.ini") || name.starts_with("._")
    {
        return make("an operating-system file", name.to_string());
    }
    if lower.ends_with(".swp")
        || lower.ends_with(".swo")
        || lower.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
    {
        let pattern = match ext {
            Some(e @ ("swp" | "swo")) => format!("*.{e}"),
            _ if lower.ends_with('~') => "*~".to_string(),
            _ => format!("/{path}"),
        };
        return make("an editor backup or swap file", pattern);
    }
    if let Some(e @ ("orig" | "rej" | "bak")) = ext
        && path != "Cargo.toml.orig"
    {
        return make("a leftover backup or patch file", format!("*.{e}"));
    }
    let elf = entry.magic.starts_with(b"\x7fELF");
    if (lower == "core"
        || lower
            .strip_prefix("core.")
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        || lower.starts_with("vgcore."))
        && elf
    {
        return make("a core dump", format!("/{path}"));
    }
    let intended = has_build_script || is_test_or_source(path);
    if let Some(e) = ext
        && BUILD_EXTENSIONS.contains(&e)
        && !intended
    {
        return make(
            "build output (object file, library or executable)",
            format!("*.{e}"),
        );
    }
    let macho = [
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ]
    .iter()
    .any(|m| entry.magic.starts_with(*m));
    if (elf || macho || entry.magic.starts_with(b"MZ\x90\x00")) && !intended {
        return make("a compiled executable", format!("/{path}"));
    }
    None
}

/// Whether the package holds a license text: LICENSE*, LICENCE*, COPYING*, a LICENSES/
/// directory, or the `license-file`.
pub fn has_license_text(contents: &Contents, license_file: Option<&str>) -> bool {
    contents.entries.iter().any(|e| {
        let lower = e.path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let depth = lower.matches('/').count();
        license_file.is_some_and(|f| {
            e.path == f || f.rsplit(['/', '\\']).next().is_some_and(|n| e.path == n)
        }) || lower.starts_with("licenses/")
            || (depth <= 1
                && !name.ends_with(".rs")
                && ["license", "licence", "copying", "unlicense"]
                    .iter()
                    .any(|p| name.starts_with(p)))
    })
}

/// The entries to name when the crate is too large: the largest, biggest first.
/// Files cargo writes or always includes are left out: they cannot be excluded.
pub fn largest(contents: &Contents, count: usize) -> Vec<(&str, u64)> {
    let mut sizes: Vec<(&str, u64)> = contents
        .entries
        .iter()
        .filter(|e| !GENERATED.contains(&e.path.as_str()))
        .map(|e| (e.path.as_str(), e.size))
        .collect();
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    sizes.truncate(count);
    sizes
}

/// Files cargo writes into every package.
const GENERATED: &[&str] = &[
    "Cargo.toml",
    "Cargo.toml.orig",
    "Cargo.lock",
    ".cargo_vcs_info.json",
];

/// Whether a file name is reserved on Windows (`con`, `nul.txt`, `COM1.rs`, ...).
pub fn windows_reserved(path: &str) -> bool {
    path.split('/').any(|component| {
        let stem = component
            .split('.')
            .next()
            .unwrap_or(component)
            .to_ascii_lowercase();
        matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
            || ((stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.len() == 4
                && matches!(stem.as_bytes()[3], b'1'..=b'9'))
    })
}

impl Entry {
    /// Whether this `.pem`/`.key` file is reported as a secret: it holds a private key, or it
    /// is not PEM text at all (a binary key). Certificates and public keys are not secrets.
    pub fn is_key_file_secret(&self) -> bool {
        let lower = self.path.to_ascii_lowercase();
        (lower.ends_with(".pem") || lower.ends_with(".key"))
            && self.secrets.is_empty()
            && !self.public_pem_only
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a `.crate` in memory from (path, bytes) pairs.
    pub(crate) fn build(files: &[(&str, &[u8])]) -> Vec<u8> {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let mut builder = tar::Builder::new(gz);
        for (path, data) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, *data).unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    fn entry(path: &str, magic: &[u8]) -> Entry {
        Entry {
            path: path.to_string(),
            size: 1,
            invalid: None,
            secrets: Vec::new(),
            magic: magic.to_vec(),
            public_pem_only: false,
        }
    }

    #[test]
    fn reads_sizes_and_strips_the_prefix() {
        let bytes = build(&[
            ("a-1.0.0/Cargo.toml", b"[package]\n"),
            ("a-1.0.0/src/lib.rs", &[b'x'; 5000]),
        ]);
        let contents = read(&bytes, "a-1.0.0").unwrap();
        let paths: Vec<_> = contents.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["Cargo.toml", "src/lib.rs"]);
        assert_eq!(contents.compressed, bytes.len() as u64);
        assert!(contents.unpacked >= 5010, "{}", contents.unpacked);
        assert_eq!(largest(&contents, 3), [("src/lib.rs", 5000)]);
    }

    #[test]
    fn secrets_by_file_name() {
        for (name, secret) in [
            (".env", true),
            ("config/.env.production", true),
            (".env.example", false),
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
        let bytes = build(&[
            (
                "a-1.0.0/cert.pem",
                b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            ),
            ("a-1.0.0/key.pem", b"-----BEGIN PRIVATE KEY-----\nMIIB\n"),
            ("a-1.0.0/bin.key", &[0, 1, 2, 0]),
        ]);
        let contents = read(&bytes, "a-1.0.0").unwrap();
        let cert = &contents.entries[0];
        let key = &contents.entries[1];
        let binary = &contents.entries[2];
        assert!(cert.secrets.is_empty() && !cert.is_key_file_secret());
        assert_eq!(key.secrets, [(Some(1), "a private key block")]);
        assert!(binary.is_key_file_secret());
    }

    #[test]
    fn junk_files_and_their_patterns() {
        let all = [
            entry("examples/demo/target/debug/demo", b"\x7fELF"),
            entry("src/target/mod.rs", b"//"),
        ];
        let cases: &[(Entry, Option<&str>)] = &[
            (all[0].clone(), Some("/examples/demo/target/")),
            (all[1].clone(), None),
            (entry("build/foo.o", b"\x7fELF"), Some("*.o")),
            (entry(".DS_Store", b"\0\0"), Some(".DS_Store")),
            (entry("src/lib.rs.swp", b"b0VIM"), Some("*.swp")),
            (entry("src/lib.rs~", b"fn"), Some("*~")),
            (entry("core", b"\x7fELF"), Some("/core")),
            (entry("src/core", b"pub"), None),
            (entry("tool", b"\x7fELF\x02"), Some("/tool")),
            (entry("Cargo.toml.orig", b"[package]"), None),
            (entry("src/lib.rs.orig", b"fn"), Some("*.orig")),
            (entry(".idea/workspace.xml", b"<?xml"), Some("/.idea/")),
            (entry("README.md", b"# x"), None),
        ];
        for (e, pattern) in cases {
            assert_eq!(
                junk(e, &all, false).map(|j| j.pattern).as_deref(),
                *pattern,
                "{}",
                e.path
            );
        }
        // Prebuilt libraries a build script may link, and test binaries, are intended.
        let lib = entry("lib/libfoo.a", b"!<arch>");
        assert!(junk(&lib, &all, true).is_none());
        assert!(junk(&lib, &all, false).is_some());
        assert!(junk(&entry("tests/plugin.dll", b"MZ\x90\x00"), &all, false).is_none());
        assert!(junk(&entry(".DS_Store", b""), &all, true).is_some());
    }

    #[test]
    fn test_keys_and_embedded_vectors_are_not_secrets() {
        let key = b"-----BEGIN PRIVATE KEY-----\nMIIB\n";
        let bytes = build(&[
            ("a-1.0.0/tests/data/server.key", key),
            ("a-1.0.0/src/lib.rs", key),
            ("a-1.0.0/tests/.env", b"A=1\n"),
            ("a-1.0.0/deploy/server.key", key),
        ]);
        let contents = read(&bytes, "a-1.0.0").unwrap();
        let flagged: Vec<_> = contents
            .entries
            .iter()
            .filter(|e| !e.secrets.is_empty() || e.is_key_file_secret())
            .map(|e| e.path.as_str())
            .collect();
        assert_eq!(flagged, ["tests/.env", "deploy/server.key"]);
    }

    #[test]
    fn license_text_is_found() {
        let with = |paths: &[&str]| Contents {
            entries: paths.iter().map(|p| entry(p, b"")).collect(),
            ..Contents::default()
        };
        assert!(has_license_text(&with(&["LICENSE-MIT"]), None));
        assert!(has_license_text(&with(&["COPYING"]), None));
        assert!(has_license_text(&with(&["LICENSES/MIT.txt"]), None));
        assert!(has_license_text(
            &with(&["legal/TERMS.txt"]),
            Some("legal/TERMS.txt")
        ));
        assert!(has_license_text(
            &with(&["TERMS.txt"]),
            Some("../TERMS.txt")
        ));
        assert!(!has_license_text(
            &with(&["src/license.rs", "README.md"]),
            None
        ));
    }

    #[test]
    fn windows_reserved_names() {
        for (path, reserved) in [
            ("con", true),
            ("src/nul.txt", true),
            ("COM1.rs", true),
            ("lpt9", true),
            ("com0", false),
            ("console.rs", false),
            ("aux/x.rs", true),
            ("auxiliary.rs", false),
        ] {
            assert_eq!(windows_reserved(path), reserved, "{path}");
        }
    }

    #[test]
    fn symlinks_and_dot_dot_are_invalid() {
        let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let mut builder = tar::Builder::new(gz);
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Symlink);
        header.set_size(0);
        builder
            .append_link(&mut header, "a-1.0.0/link", "src/lib.rs")
            .unwrap();
        let mut header = tar::Header::new_gnu();
        header.set_size(1);
        header.set_cksum();
        // `append_data` refuses `..`; write the name into the header directly.
        header.as_old_mut().name[..14].copy_from_slice(b"a-1.0.0/../up\0");
        header.set_cksum();
        builder.append(&header, &b"x"[..]).unwrap();
        let bytes = builder.into_inner().unwrap().finish().unwrap();
        let contents = read(&bytes, "a-1.0.0").unwrap();
        let reasons: Vec<_> = contents.entries.iter().map(|e| e.invalid).collect();
        assert_eq!(
            reasons,
            [
                Some("it is a symbolic link"),
                Some("its path contains `..`")
            ]
        );
    }
}
