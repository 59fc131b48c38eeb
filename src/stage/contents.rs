//! What a `.crate` holds: every entry with its size and kind, and the archive's sizes. Reads
//! the archive cargo made; the checks judge what is in it (`checks::package`).

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// How much of each file [`Contents::scan`] hands over.
pub const SCAN_LIMIT: usize = 1024 * 1024;

/// What kind of tar entry an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// A hard link.
    HardLink,
    /// Anything else (device, fifo, ...).
    Other,
}

/// One entry of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the package (without the `NAME-VERSION/` prefix), lossily decoded.
    pub path: String,
    /// Unpacked size in bytes.
    pub size: u64,
    /// What kind of entry it is.
    pub kind: EntryKind,
    /// Whether its name is valid UTF-8.
    pub utf8: bool,
    /// Whether its path leaves the package directory (`..`, or outside `NAME-VERSION/`).
    pub escapes: bool,
    /// The first bytes, for telling binaries apart.
    pub magic: Vec<u8>,
}

/// Everything read from one `.crate`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    /// Size of the `.crate` file.
    pub compressed: u64,
    /// Size of the unpacked tar stream.
    pub unpacked: u64,
    /// Every entry but well-formed directories, in archive order.
    pub entries: Vec<Entry>,
    /// The `.crate` itself, for [`Contents::scan`].
    archive: Vec<u8>,
    /// The `NAME-VERSION` directory every entry is under.
    prefix: String,
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
pub fn read(bytes: Vec<u8>, prefix: &str) -> io::Result<Contents> {
    let mut entries = Vec::new();
    let unpacked = walk(&bytes, prefix, &mut |entry, _| entries.push(entry))?;
    Ok(Contents {
        compressed: bytes.len() as u64,
        unpacked,
        entries,
        archive: bytes,
        prefix: prefix.to_string(),
    })
}

impl Contents {
    /// Hands every regular file, with up to [`SCAN_LIMIT`] of its first bytes, to `visit`, in
    /// archive order. The archive is read again, so nothing is held in memory meanwhile.
    pub fn scan(&self, visit: &mut dyn FnMut(&Entry, &[u8])) -> io::Result<()> {
        walk(&self.archive, &self.prefix, &mut |entry, head| {
            if entry.kind == EntryKind::File {
                visit(&entry, head);
            }
        })?;
        Ok(())
    }

    /// The `NAME-VERSION` directory every entry is under.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Unpacks the `.crate` into `dir`, as cargo and distributions do: the package lands in
    /// `dir/NAME-VERSION`, with the archive's modification times (so a second unpacking of the
    /// same package leaves cargo's build fresh). Entries that would escape `dir` are refused.
    pub fn unpack_into(&self, dir: &Path) -> io::Result<PathBuf> {
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(&self.archive[..]));
        archive.set_preserve_mtime(true);
        archive.unpack(dir)?;
        Ok(dir.join(&self.prefix))
    }

    /// Contents made of entries alone, for tests of what judges them.
    #[cfg(test)]
    pub fn from_entries(entries: Vec<Entry>) -> Contents {
        Contents {
            entries,
            ..Contents::default()
        }
    }
}

#[cfg(test)]
impl Entry {
    /// A regular file entry of one byte, starting with `magic`, for tests of what judges it.
    pub fn file(path: &str, magic: &[u8]) -> Entry {
        Entry {
            path: path.to_string(),
            size: 1,
            kind: EntryKind::File,
            utf8: true,
            escapes: false,
            magic: magic.to_vec(),
        }
    }
}

/// Reads every entry, handing it and its head to `visit`; returns the unpacked size.
fn walk(bytes: &[u8], prefix: &str, visit: &mut dyn FnMut(Entry, &[u8])) -> io::Result<u64> {
    let mut counting = Counting {
        inner: flate2::read::GzDecoder::new(bytes),
        count: 0,
    };
    {
        let mut archive = tar::Archive::new(&mut counting);
        let mut head = Vec::new();
        for entry in archive.entries()? {
            let mut entry = entry?;
            let raw = entry.path_bytes().into_owned();
            let lossy = String::from_utf8_lossy(&raw).into_owned();
            let kind = kind(entry.header().entry_type());
            let path = lossy
                .strip_prefix(prefix)
                .and_then(|p| p.strip_prefix('/'))
                .unwrap_or(&lossy)
                .to_string();
            let escapes = lossy.split(['/', '\\']).any(|c| c == "..")
                || !lossy.starts_with(&format!("{prefix}/"));
            let utf8 = std::str::from_utf8(&raw).is_ok();
            if kind == EntryKind::Directory && utf8 && !escapes {
                continue;
            }
            head.clear();
            if kind == EntryKind::File {
                (&mut entry)
                    .take(SCAN_LIMIT as u64)
                    .read_to_end(&mut head)?;
            }
            let size = entry.header().size().unwrap_or(0);
            let magic = head.iter().take(8).copied().collect();
            visit(
                Entry {
                    path,
                    size,
                    kind,
                    utf8,
                    escapes,
                    magic,
                },
                &head,
            );
        }
    }
    io::copy(&mut counting, &mut io::sink())?;
    Ok(counting.count)
}

fn kind(entry_type: tar::EntryType) -> EntryKind {
    match entry_type {
        t if t.is_file() => EntryKind::File,
        t if t.is_dir() => EntryKind::Directory,
        tar::EntryType::Symlink => EntryKind::Symlink,
        tar::EntryType::Link => EntryKind::HardLink,
        _ => EntryKind::Other,
    }
}

/// Builds a `.crate` in memory from (path, bytes) pairs, for tests.
#[cfg(test)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sizes_and_strips_the_prefix() {
        let bytes = build(&[
            ("a-1.0.0/Cargo.toml", b"[package]\n"),
            ("a-1.0.0/src/lib.rs", &[b'x'; 5000]),
        ]);
        let compressed = bytes.len() as u64;
        let contents = read(bytes, "a-1.0.0").unwrap();
        let paths: Vec<_> = contents.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["Cargo.toml", "src/lib.rs"]);
        assert_eq!(contents.compressed, compressed);
        assert!(contents.unpacked >= 5010, "{}", contents.unpacked);
        assert_eq!(contents.entries[1].size, 5000);
        assert_eq!(contents.entries[0].magic, b"[package");
    }

    #[test]
    fn scan_hands_over_each_file_with_its_text() {
        let bytes = build(&[
            ("a-1.0.0/Cargo.toml", b"[package]\n"),
            ("a-1.0.0/src/lib.rs", b"fn main() {}\n"),
        ]);
        let contents = read(bytes, "a-1.0.0").unwrap();
        let mut seen = Vec::new();
        contents
            .scan(&mut |entry, head| seen.push((entry.path.clone(), head.to_vec())))
            .unwrap();
        assert_eq!(
            seen,
            [
                ("Cargo.toml".to_string(), b"[package]\n".to_vec()),
                ("src/lib.rs".to_string(), b"fn main() {}\n".to_vec()),
            ]
        );
    }

    #[test]
    fn unpacks_the_package_under_its_directory() {
        let bytes = build(&[
            ("a-1.0.0/Cargo.toml", b"[package]\n"),
            ("a-1.0.0/tests/data/x.txt", b"x"),
        ]);
        let contents = read(bytes, "a-1.0.0").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = contents.unpack_into(dir.path()).unwrap();
        assert_eq!(root, dir.path().join("a-1.0.0"));
        assert_eq!(std::fs::read(root.join("tests/data/x.txt")).unwrap(), b"x");
    }

    #[test]
    fn symlinks_and_dot_dot_are_told_apart() {
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
        let contents = read(bytes, "a-1.0.0").unwrap();
        let seen: Vec<_> = contents
            .entries
            .iter()
            .map(|e| (e.kind, e.escapes))
            .collect();
        assert_eq!(seen, [(EntryKind::Symlink, false), (EntryKind::File, true)]);
    }
}
