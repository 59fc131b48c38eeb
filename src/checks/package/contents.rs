//! What the `.crate` holds (S34, S35, S38, S39, C22): its size against crates.io's limits, a
//! text for each license, the README, entries crates.io refuses, and names Windows cannot create.

use std::path::Path;

use super::{exclude_it, files_chosen_by};
use crate::checks::license::texts;
use crate::checks::{PackageContext, Sink, Target};
use crate::model::{Check, Level, Location};
use crate::stage::contents::{Contents, Entry, EntryKind};

/// S34, S35: over crates.io's size limits.
pub static CRATE_TOO_LARGE: Check = Check {
    name: "crate_too_large",
    default: Level::Deny,
    blocks_publish: true,
    summary: "the .crate is over 10 MiB compressed or 512 MiB unpacked",
    explain: "crates.io refuses a `.crate` over 10,485,760 bytes (\"max upload size is: \
10485760\") or over 512 MiB once unpacked.\n\nFix: leave large files out with `exclude` (test \
data, images, vendored sources); the largest files are listed.",
};

/// A large crate: allowed, but costly for everyone who downloads it.
pub static CRATE_LARGE: Check = Check {
    name: "crate_large",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the .crate is over 5 MiB compressed",
    explain: "Every user downloads the whole `.crate`. Over 5 MiB usually means test data, \
images or build output went in by accident.\n\nFix: leave the largest files out with `exclude`.",
};

/// The README is not in the package.
pub static README_NOT_PACKAGED: Check = Check {
    name: "readme_not_packaged",
    default: Level::Warn,
    blocks_publish: false,
    summary: "the README named by the manifest is not in the package",
    explain: "crates.io shows the README sent at publish time, but the package itself (and so \
docs.rs and `#![doc = include_str!(\"../README.md\")]`) lacks it when `include`/`exclude` \
leave it out.\n\nFix: add the README to `include`, or remove it from `exclude`.",
};

/// S38, S39: entries crates.io refuses.
pub static INVALID_PACKAGE_PATH: Check = Check {
    name: "invalid_package_path",
    default: Level::Deny,
    blocks_publish: true,
    summary: "the .crate holds a symlink, a `..` path or a non-UTF-8 name",
    explain: "crates.io accepts only regular files and directories below `NAME-VERSION/`, with \
UTF-8 names and no `..` (\"invalid path found\", \"unexpected tar entry type\").\n\nFix: replace \
the symlink by the file, rename the file, or exclude it.",
};

/// C22: names Windows cannot create.
pub static WINDOWS_RESERVED_NAME: Check = Check {
    name: "windows_reserved_name",
    default: Level::Warn,
    blocks_publish: false,
    summary: "a packaged file name is reserved on Windows (con, nul, aux, com1, ...)",
    explain: "Windows cannot create files named `con`, `prn`, `aux`, `nul`, `com1`-`com9` or \
`lpt1`-`lpt9`, with any extension, so the crate cannot be unpacked there.\n\nFix: rename the \
file, or exclude it.",
};

/// crates.io's compressed limit (S34).
pub const MAX_COMPRESSED: u64 = 10 * 1024 * 1024;
/// crates.io's unpacked limit (S35).
pub const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
/// Above this compressed size, a warning.
pub const LARGE_COMPRESSED: u64 = 5 * 1024 * 1024;

/// The size of the package against crates.io's limits, naming the largest files.
pub fn size(ctx: &PackageContext<'_>, contents: &Contents, sink: &mut Sink<'_>) {
    let too_large = contents.compressed > MAX_COMPRESSED || contents.unpacked > MAX_UNPACKED;
    if !too_large && contents.compressed <= LARGE_COMPRESSED {
        return;
    }
    let largest = largest(contents, 5)
        .into_iter()
        .map(|(path, size)| format!("`{path}` ({})", human_size(size)))
        .collect::<Vec<_>>()
        .join(", ");
    let exclude_largest = largest_patterns(contents, 3);
    let keys = files_chosen_by(ctx).keys();
    if too_large {
        let what = if contents.compressed > MAX_COMPRESSED {
            format!(
                "the package is {} bytes compressed ({}); crates.io accepts at most 10485760 bytes",
                contents.compressed,
                human_size(contents.compressed)
            )
        } else {
            format!(
                "the package is {} unpacked; crates.io accepts at most 512 MiB",
                human_size(contents.unpacked)
            )
        };
        sink.report(
            &CRATE_TOO_LARGE,
            Target::key(keys),
            what,
            format!("the largest files are {largest}; leave out what users do not need, e.g. `exclude = [{exclude_largest}]` (crates.io raises the limit for a crate only on request to help@crates.io)"),
        );
    } else {
        sink.report(
            &CRATE_LARGE,
            Target::key(keys),
            format!("the package is {} compressed (over 5 MiB)", human_size(contents.compressed)),
            format!("the largest files are {largest}; leave out what users do not need, e.g. `exclude = [{exclude_largest}]`"),
        );
    }
}

/// Each license of the expression whose text no license file in the `.crate` carries.
pub fn license_texts(ctx: &PackageContext<'_>, contents: &Contents, sink: &mut Sink<'_>) {
    let license_file = ctx.package.license_file.as_ref().map(|f| f.as_str());
    let mut files = Vec::new();
    let _ = contents.scan(&mut |entry, head| {
        if crate::read::files::is_license_file(&entry.path, license_file) {
            files.push((
                entry.path.clone(),
                Some(String::from_utf8_lossy(head).into_owned()),
            ));
        }
    });
    texts::judge(ctx, &files, sink);
}

/// The README the manifest names, missing from the package.
pub fn readme(ctx: &PackageContext<'_>, contents: &Contents, sink: &mut Sink<'_>) {
    let Some(readme) = &ctx.package.readme else {
        return;
    };
    let readme = readme.as_str().replace('\\', "/");
    let expected = if crate::paths::is_inside(Path::new(&readme)) {
        readme.trim_start_matches("./").to_string()
    } else {
        readme.rsplit('/').next().unwrap_or(&readme).to_string()
    };
    if contents.entries.iter().any(|e| e.path == expected) {
        return;
    }
    let help = if ctx.manifest.get(&["package", "include"]).is_none() {
        format!("remove `{expected}` from `exclude` (or commit it) so the package carries it")
    } else {
        format!("add \"{expected}\" to `include`")
    };
    sink.report(
        &README_NOT_PACKAGED,
        Target::key(&["package", "readme"]),
        format!("the README `{readme}` is not in the package"),
        help,
    );
}

/// Entries crates.io refuses, and names Windows cannot create.
pub fn entries(ctx: &PackageContext<'_>, contents: &Contents, sink: &mut Sink<'_>) {
    for entry in &contents.entries {
        let file = Location::file(ctx.root().join(&entry.path));
        if let Some(reason) = invalid_reason(entry) {
            sink.report_at(
                &INVALID_PACKAGE_PATH,
                format!("`{}` cannot be published: {reason}", entry.path),
                "crates.io accepts only regular files with UTF-8 names inside the package: replace a link by the file, or rename or exclude it".to_string(),
                Some(file.clone()),
            );
        }
        if windows_reserved(&entry.path) {
            report_windows_reserved(ctx, &entry.path, sink);
        }
    }
}

/// A file name Windows reserves, from the package or from cargo's warning.
pub fn report_windows_reserved(ctx: &PackageContext<'_>, path: &str, sink: &mut Sink<'_>) {
    sink.report_at(
        &WINDOWS_RESERVED_NAME,
        format!(
            "`{path}` is a reserved file name on Windows, so the crate cannot be unpacked there"
        ),
        format!(
            "rename the file, or leave it out: {}",
            exclude_it(ctx, path)
        ),
        Some(Location::file(ctx.root().join(path))),
    );
}

/// Why crates.io would refuse an entry (S38, S39), if it would.
fn invalid_reason(entry: &Entry) -> Option<&'static str> {
    if !entry.utf8 {
        return Some("its name is not valid UTF-8");
    }
    match entry.kind {
        EntryKind::Symlink => return Some("it is a symbolic link"),
        EntryKind::HardLink => return Some("it is a hard link"),
        EntryKind::Other => return Some("it is not a regular file"),
        EntryKind::File | EntryKind::Directory => {}
    }
    if entry.path.split(['/', '\\']).any(|c| c == "..") {
        return Some("its path contains `..`");
    }
    entry
        .escapes
        .then_some("it is outside the package directory")
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

fn largest_patterns(contents: &Contents, count: usize) -> String {
    largest(contents, count)
        .into_iter()
        .map(|(path, _)| format!("\"/{path}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A size the way cargo prints one.
pub fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB)
    } else if bytes >= 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry::file(path, b"")
    }

    #[test]
    fn sizes_read_like_cargo() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(11 * 1024 * 1024), "11.0 MiB");
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
    fn entries_crates_io_refuses() {
        let mut link = entry("link");
        link.kind = EntryKind::Symlink;
        let mut up = entry("../up");
        up.escapes = true;
        let mut outside = entry("elsewhere/x");
        outside.escapes = true;
        let mut bytes = entry("bad\u{fffd}");
        bytes.utf8 = false;
        let reasons: Vec<_> = [link, up, outside, bytes, entry("src/lib.rs")]
            .iter()
            .map(invalid_reason)
            .collect();
        assert_eq!(
            reasons,
            [
                Some("it is a symbolic link"),
                Some("its path contains `..`"),
                Some("it is outside the package directory"),
                Some("its name is not valid UTF-8"),
                None
            ]
        );
    }

    #[test]
    fn the_largest_files_leave_out_what_cargo_writes() {
        let mut big = entry("data/big.bin");
        big.size = 900;
        let mut lock = entry("Cargo.lock");
        lock.size = 5000;
        let contents = Contents::from_entries(vec![entry("src/lib.rs"), big, lock]);
        assert_eq!(
            largest(&contents, 2),
            [("data/big.bin", 900), ("src/lib.rs", 1)]
        );
    }
}
