//! The workspace as cargo sees it (`cargo metadata --no-deps`), the manifests' text, and which
//! packages a run checks.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, OnceLock};

use cargo_metadata::{Metadata, MetadataCommand, Package};

use crate::error::Error;
use crate::model::backquoted;
use crate::read::changelog;
use crate::read::files::{self, Listing};
use crate::read::kept_metadata::KeptMetadata;
use crate::read::manifest::Manifest;
use crate::read::readme_page::{self, ReadAhead, ReadmePage};
use crate::read::rustc::TargetList;
use crate::read::source::{PARSER_STACK, PackageSources, ParseQueue, SourceFacts};
use crate::sync::lock;

/// `-p`, `--workspace` and `--exclude`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Package specs given with `-p` (`name` or `name@version`).
    pub packages: Vec<String>,
    /// `--workspace`.
    pub workspace: bool,
    /// `--exclude` specs.
    pub exclude: Vec<String>,
}

/// The loaded workspace.
pub struct Workspace {
    /// What `cargo metadata --no-deps` reported.
    pub metadata: Metadata,
    /// The manifest cargo-ready was pointed at (given, or found from the current directory).
    pub manifest_path: PathBuf,
    /// The workspace root's Cargo.toml.
    pub root: Manifest,
    /// Manifests parsed while cargo was running, by path.
    prefetched: Mutex<HashMap<String, Manifest>>,
    /// The files cargo sees under the directory of the manifest given, listed while cargo ran.
    listing: Option<Listing>,
    /// The Rust files parsed so far, most of them while cargo ran; what is left of those queued
    /// then is parsed when first asked for.
    parsed: Mutex<Parsed>,
    /// The files each prefetched package ships, by its manifest's path.
    shipped: HashMap<PathBuf, Arc<[PathBuf]>>,
    /// Whether the Rust files of those were parsed while cargo ran.
    sources_parsed_along: bool,
    /// The READMEs and git repositories read so far, most of them while cargo ran.
    readmes: Mutex<ReadAhead>,
    /// The target triples rustc knows, once asked (while cargo ran, when a manifest names one).
    target_list: OnceLock<Option<Arc<TargetList>>>,
}

/// The Rust files read while cargo worked out the workspace.
enum Parsed {
    /// Some parsed, the rest waiting in the queue.
    Queued(ParseQueue),
    /// All parsed.
    Finished(Arc<HashMap<PathBuf, SourceFacts>>),
}

impl Parsed {
    /// Everything parsed, finishing the queue (on every core) the first time.
    fn finished(&mut self) -> &mut Arc<HashMap<PathBuf, SourceFacts>> {
        if let Parsed::Queued(queue) = self {
            let queue = std::mem::take(queue);
            *self = Parsed::Finished(Arc::new(queue.finish()));
        }
        match self {
            Parsed::Finished(parsed) => parsed,
            Parsed::Queued(_) => unreachable!("finished just above"),
        }
    }
}

/// What to read while cargo works out the workspace, for the checks that are on.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadAlong {
    /// The files the packages ship (the dead-file, license-text and portable-name checks).
    pub files: bool,
    /// The Rust files the packages ship, parsed (the dead-file check).
    pub sources: bool,
    /// The READMEs and the repository they link into (the README link checks).
    pub readmes: bool,
    /// The target triples rustc knows, when a docs.rs table names targets.
    pub target_list: bool,
}

/// Why a selected package is not checked.
pub fn skip_reason(package: &Package) -> Option<String> {
    match package.publish.as_deref() {
        None => None,
        Some([]) => Some("`publish = false` in Cargo.toml".to_string()),
        Some(registries) if registries.iter().any(|r| r == "crates-io") => None,
        Some(registries) => Some(format!(
            "`publish` lists only {}, not crates-io",
            backquoted(registries)
        )),
    }
}

impl Workspace {
    /// Finds the manifest, runs `cargo metadata --no-deps` and reads the root manifest. While
    /// cargo works, the member manifests are parsed and, as `along` asks, the Rust files the
    /// packages ship and their READMEs read.
    ///
    /// Checking ahead: when the workspace's last `cargo metadata` document is kept
    /// ([`KeptMetadata`]) and its manifests have not changed since, `ahead` runs on the
    /// workspace that document describes while cargo works the workspace out again. Its result
    /// is returned only when cargo prints that same document; otherwise the workspace is the
    /// one cargo printed, and what `ahead` read stays read.
    pub fn load<R: Send>(
        manifest_path: Option<&Path>,
        along: ReadAlong,
        ahead: Option<impl FnOnce(&Workspace) -> R + Send>,
    ) -> Result<(Workspace, Option<R>), Error> {
        let manifest_path = match manifest_path {
            Some(path) => checked_manifest_path(path)?,
            None => find_manifest()?,
        };
        let queue = ParseQueue::default();
        // cargo first: everything else happens while it works.
        let cargo = start_cargo_metadata(&manifest_path)?;
        let (document, read) = std::thread::scope(|scope| -> Result<_, Error> {
            // The prefetch thread parses Rust files itself, so it needs a parser's stack.
            let prefetch = std::thread::Builder::new()
                .name("cargo-ready-prefetch".to_string())
                .stack_size(PARSER_STACK)
                .spawn_scoped(scope, || {
                    let prefetched = prefetch(&manifest_path, along, &queue);
                    check_ahead(&manifest_path, prefetched, along, &queue, ahead)
                })
                .map_err(|e| Error::Io {
                    path: manifest_path.clone(),
                    action: "start a thread to read",
                    source: e,
                })?;
            let document = finish_cargo_metadata(cargo, &manifest_path);
            // What is not parsed yet is parsed when asked for, while the package stage starts.
            queue.pause();
            let read = prefetch
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok((document?, read))
        })?;
        let read_while_cargo_worked = match read.read {
            WhatWasRead::CheckedAhead {
                document: kept,
                workspace,
                result,
            } if kept == document => return Ok((workspace, Some(result))),
            other => other,
        };
        let metadata =
            MetadataCommand::parse(&document).map_err(|e| metadata_error(e, &manifest_path))?;
        read.kept
            .keep(&document, metadata.target_directory.as_std_path());
        let workspace = match read_while_cargo_worked {
            WhatWasRead::Prefetched(mut prefetched) => {
                let root = take_root_manifest(&mut prefetched.manifests, &metadata)?;
                let parsed = Parsed::Queued(queue);
                Workspace::assemble(metadata, manifest_path, root, prefetched, parsed, along)
            }
            WhatWasRead::CheckedAhead { mut workspace, .. } => {
                workspace.replace_metadata(metadata)?;
                workspace
            }
        };
        Ok((workspace, None))
    }

    /// The workspace cargo described in `metadata`, with its `root` manifest and what was read
    /// while cargo worked.
    fn assemble(
        metadata: Metadata,
        manifest_path: PathBuf,
        root: Manifest,
        prefetched: Prefetched,
        parsed: Parsed,
        along: ReadAlong,
    ) -> Workspace {
        let Prefetched {
            manifests,
            listing,
            shipped,
            readmes,
            target_list,
        } = prefetched;
        Workspace {
            metadata,
            manifest_path,
            root,
            prefetched: Mutex::new(manifests),
            listing,
            parsed: Mutex::new(parsed),
            shipped,
            sources_parsed_along: along.sources,
            readmes: Mutex::new(readmes),
            target_list: target_list
                .map(|list| Some(Arc::new(list)))
                .map_or_else(OnceLock::new, OnceLock::from),
        }
    }

    /// Puts what cargo printed in place of the kept document a check ahead assumed (what was
    /// read of the files stays: it does not depend on cargo's document).
    fn replace_metadata(&mut self, metadata: Metadata) -> Result<(), Error> {
        if self.root.path != root_manifest_path(&metadata) {
            self.root = take_root_manifest(&mut lock(&self.prefetched), &metadata)?;
        }
        self.metadata = metadata;
        Ok(())
    }

    /// The target triples rustc knows: asked once, `None` when rustc cannot say.
    pub fn target_list(&self) -> Option<Arc<TargetList>> {
        self.target_list
            .get_or_init(|| TargetList::read().map(Arc::new))
            .clone()
    }

    /// The README page of each package (given with its manifest), from what was read while
    /// cargo ran and what is read now.
    pub fn readme_pages(&self, packages: &[(&Package, &Manifest)]) -> Vec<Option<ReadmePage>> {
        readme_page::read_all(packages, &self.root, &mut lock(&self.readmes))
    }

    /// The directory the workspace's listing covers, and the changelog file of each directory
    /// in it that has one (so only files cargo would see); `None` when it was not listed.
    pub fn changelogs(&self) -> Option<(&Path, HashMap<PathBuf, PathBuf>)> {
        let listing = self.listing.as_ref()?;
        let mut by_dir: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
        for file in &listing.files {
            let Some(name) = file.file_name() else {
                continue;
            };
            if changelog::rank(&name.to_string_lossy()).is_some() {
                let path = listing.root.join(file);
                let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                by_dir.entry(dir).or_default().push(path);
            }
        }
        let by_dir = by_dir
            .into_iter()
            .filter_map(|(dir, files)| Some((dir, changelog::pick(files)?)))
            .collect();
        Some((listing.root.as_path(), by_dir))
    }

    /// The files each package (given with its manifest) ships, most of them listed while cargo
    /// ran.
    pub fn shipped(&self, packages: &[(&Package, &Manifest)]) -> Vec<Arc<[PathBuf]>> {
        let mut listings: HashMap<PathBuf, Listing> = HashMap::new();
        packages
            .iter()
            .map(|(_, manifest)| {
                if let Some(shipped) = self.shipped.get(&manifest.path) {
                    return Arc::clone(shipped);
                }
                let dir = manifest.path.parent().unwrap_or(Path::new("."));
                let listing = match &self.listing {
                    Some(listing) if dir.starts_with(&listing.root) => listing,
                    _ => listings
                        .entry(dir.to_path_buf())
                        .or_insert_with(|| files::list_quickly(dir)),
                };
                Arc::from(shipped_by(listing, manifest, &self.root))
            })
            .collect()
    }

    /// What the Rust files of each package (given with its manifest and the files it ships)
    /// say, parsed on every core, each file once.
    pub fn sources(
        &self,
        packages: &[(&Package, &Manifest)],
        shipped: &[Arc<[PathBuf]>],
    ) -> Vec<PackageSources> {
        let mut parsed = lock(&self.parsed);
        let parsed = parsed.finished();
        // What was listed and parsed while cargo ran is known; a target's root outside the
        // package's files, or a package listed only now, may not be.
        let unparsed: Vec<PathBuf> = packages
            .iter()
            .zip(shipped)
            .flat_map(|((package, manifest), shipped)| {
                let dir = manifest.path.parent().unwrap_or(Path::new("."));
                let parsed_along =
                    self.sources_parsed_along && self.shipped.contains_key(&manifest.path);
                let roots = package
                    .targets
                    .iter()
                    .map(|t| t.src_path.clone().into_std_path_buf());
                let files = shipped
                    .iter()
                    .filter(move |f| !parsed_along && f.extension().is_some_and(|e| e == "rs"))
                    .map(|f| dir.join(f));
                roots.chain(files)
            })
            .filter(|f| !parsed.contains_key(f))
            .collect();
        if !unparsed.is_empty() {
            let queue = ParseQueue::default();
            queue.push(unparsed);
            Arc::make_mut(parsed).extend(queue.finish());
        }
        packages
            .iter()
            .map(|_| PackageSources {
                facts: Arc::clone(parsed),
            })
            .collect()
    }

    /// The workspace members, in cargo's order.
    pub fn members(&self) -> Vec<&Package> {
        self.packages_in(&self.metadata.workspace_members)
    }

    fn packages_in(&self, ids: &[cargo_metadata::PackageId]) -> Vec<&Package> {
        let ids: HashSet<&str> = ids.iter().map(|id| id.repr.as_str()).collect();
        self.metadata
            .packages
            .iter()
            .filter(|p| ids.contains(p.id.repr.as_str()))
            .collect()
    }

    /// The packages a run checks, in workspace order.
    ///
    /// With no selection: the package whose manifest was given or found, or at a virtual
    /// workspace root, the default members.
    pub fn select(&self, selection: &Selection) -> Result<Vec<&Package>, Error> {
        let members = self.members();
        let unknown = |spec: &str| Error::UnknownPackage {
            spec: spec.to_string(),
            members: members.iter().map(|p| p.name.to_string()).collect(),
        };
        for spec in selection.packages.iter().chain(&selection.exclude) {
            if !members.iter().any(|p| matches_spec(p, spec)) {
                return Err(unknown(spec));
            }
        }
        let chosen: Vec<&Package> = if selection.workspace {
            members
                .iter()
                .copied()
                .filter(|p| !selection.exclude.iter().any(|s| matches_spec(p, s)))
                .collect()
        } else if !selection.packages.is_empty() {
            members
                .iter()
                .copied()
                .filter(|p| selection.packages.iter().any(|s| matches_spec(p, s)))
                .collect()
        } else if let Some(package) = members
            .iter()
            .copied()
            .find(|p| Some(p.manifest_path.as_str()) == self.manifest_path.to_str())
        {
            vec![package]
        } else {
            let defaults = self.packages_in(&self.metadata.workspace_default_members);
            if defaults.is_empty() {
                members
            } else {
                defaults
            }
        };
        Ok(chosen)
    }

    /// Reads every selected package's manifest, by manifest path (the root one is kept in
    /// [`Workspace::root`]).
    pub fn manifests(&self, packages: &[&Package]) -> Result<HashMap<String, Manifest>, Error> {
        let root = self.root.path.to_string_lossy();
        let mut manifests = HashMap::with_capacity(packages.len());
        for package in packages {
            let path = package.manifest_path.as_str();
            if path == root || manifests.contains_key(path) {
                continue;
            }
            let prefetched = lock(&self.prefetched).remove(path);
            let manifest = match prefetched {
                Some(manifest) => manifest,
                None => Manifest::load(package.manifest_path.as_std_path())?,
            };
            manifests.insert(path.to_string(), manifest);
        }
        Ok(manifests)
    }
}

fn matches_spec(package: &Package, spec: &str) -> bool {
    match spec.split_once('@') {
        Some((name, version)) => {
            package.name.as_str() == name && package.version.to_string() == version
        }
        None => package.name.as_str() == spec,
    }
}

fn checked_manifest_path(path: &Path) -> Result<PathBuf, Error> {
    let problem = |problem| Error::ManifestPath {
        path: path.to_path_buf(),
        problem,
    };
    if path.is_dir() {
        return Err(problem("is a directory, not a Cargo.toml file"));
    }
    if !path.exists() {
        return Err(problem("does not exist"));
    }
    if path.file_name().is_none_or(|n| n != "Cargo.toml") {
        return Err(problem("is not a file named Cargo.toml"));
    }
    std::path::absolute(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        action: "resolve",
        source,
    })
}

fn find_manifest() -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        action: "read the current directory",
        source,
    })?;
    cwd.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|candidate| candidate.is_file())
        .ok_or(Error::NoManifest { cwd })
}

/// Starts `cargo metadata --no-deps` (the cargo in `$CARGO`, else `cargo`).
fn start_cargo_metadata(manifest_path: &Path) -> Result<Child, Error> {
    let mut command = MetadataCommand::new();
    command.manifest_path(manifest_path).no_deps();
    command
        .cargo_command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| metadata_error(cargo_metadata::Error::Io(e), manifest_path))
}

/// Reads what `cargo metadata` prints, returning its document (one line of JSON) as soon as it
/// is complete: cargo takes a while longer to exit, and a thread waits for that.
fn finish_cargo_metadata(mut child: Child, manifest_path: &Path) -> Result<String, Error> {
    let io_error = |e| metadata_error(cargo_metadata::Error::Io(e), manifest_path);
    // Read alongside, so that cargo never blocks on a full stderr pipe.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            text
        })
    });
    let mut printed = Vec::with_capacity(64 * 1024);
    if let Some(mut stdout) = child.stdout.take() {
        let mut chunk = vec![0; 64 * 1024];
        loop {
            let read = match stdout.read(&mut chunk) {
                Ok(0) => break,
                Ok(read) => read,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(io_error(e)),
            };
            printed.extend_from_slice(&chunk[..read]);
            // cargo prints the document on one line, last; JSON escapes the newlines in strings.
            if printed.ends_with(b"}\n")
                && let Some(document) = metadata_json(&printed)
                && document.ends_with('}')
            {
                let document = document.to_string();
                std::thread::spawn(move || {
                    let _ = child.wait();
                    stderr.map(std::thread::JoinHandle::join)
                });
                return Ok(document);
            }
        }
    }
    let status = child.wait().map_err(io_error)?;
    let stderr = stderr
        .and_then(|reader| reader.join().ok())
        .unwrap_or_default();
    if !status.success() {
        let stderr = String::from_utf8_lossy(&stderr).into_owned();
        return Err(metadata_error(
            cargo_metadata::Error::CargoMetadata { stderr },
            manifest_path,
        ));
    }
    metadata_json(&printed)
        .map(str::to_string)
        .ok_or_else(|| metadata_error(cargo_metadata::Error::NoJson, manifest_path))
}

/// The line of `cargo metadata`'s output that holds the document (a wrapper may print others).
fn metadata_json(printed: &[u8]) -> Option<&str> {
    std::str::from_utf8(printed)
        .ok()?
        .lines()
        .find(|line| line.starts_with('{'))
}

fn root_manifest_path(metadata: &Metadata) -> PathBuf {
    metadata
        .workspace_root
        .join("Cargo.toml")
        .into_std_path_buf()
}

/// The root manifest of the workspace `metadata` describes: taken out of the `manifests` read
/// while cargo worked, else read now.
fn take_root_manifest(
    manifests: &mut HashMap<String, Manifest>,
    metadata: &Metadata,
) -> Result<Manifest, Error> {
    let root_path = root_manifest_path(metadata);
    match manifests.remove(&*root_path.to_string_lossy()) {
        Some(root) => Ok(root),
        None => Manifest::load(&root_path),
    }
}

/// What the prefetch thread hands over: where the workspace's document is kept, and what was
/// read while cargo worked.
struct ReadWhileCargoWorked<R> {
    kept: KeptMetadata,
    read: WhatWasRead<R>,
}

#[expect(
    clippy::large_enum_variant,
    reason = "one is made per run, and moved once"
)]
enum WhatWasRead<R> {
    /// The manifests, files and sources read.
    Prefetched(Prefetched),
    /// The workspace the kept document describes, with what was read, and what the check
    /// ahead made of it.
    CheckedAhead {
        document: String,
        workspace: Workspace,
        result: R,
    },
}

/// Runs `ahead` on the workspace the kept document describes, when there is one for these
/// manifests and this version of cargo-ready, it parses, and its root manifest can be read (a
/// member's run reads it now: the fingerprint covers only the manifests read while cargo
/// works, and cargo's document still decides).
fn check_ahead<R>(
    manifest_path: &Path,
    mut prefetched: Prefetched,
    along: ReadAlong,
    queue: &ParseQueue,
    ahead: Option<impl FnOnce(&Workspace) -> R>,
) -> ReadWhileCargoWorked<R> {
    let kept = KeptMetadata::locate(manifest_path, &prefetched.manifests);
    let described = ahead.and_then(|ahead| {
        let document = kept.read()?;
        let metadata = MetadataCommand::parse(&document).ok()?;
        let root = take_root_manifest(&mut prefetched.manifests, &metadata).ok()?;
        Some((ahead, document, metadata, root))
    });
    let Some((ahead, document, metadata, root)) = described else {
        let read = WhatWasRead::Prefetched(prefetched);
        return ReadWhileCargoWorked { kept, read };
    };
    // The prefetch is over on this thread: what it left queued is parsed when asked for.
    let parsed = Parsed::Queued(queue.take());
    let manifest_path = manifest_path.to_path_buf();
    let workspace = Workspace::assemble(metadata, manifest_path, root, prefetched, parsed, along);
    let result = ahead(&workspace);
    let read = WhatWasRead::CheckedAhead {
        document,
        workspace,
        result,
    };
    ReadWhileCargoWorked { kept, read }
}

/// While cargo works out the workspace: parses the given manifest and, when it is a workspace
/// root, its members' manifests; then, as `along` asks, lists the files under its directory and
/// parses the Rust files those packages ship with `queue` (the main thread joins in when cargo
/// is done), and reads their READMEs. What is not found here is read later.
fn prefetch(manifest_path: &Path, along: ReadAlong, queue: &ParseQueue) -> Prefetched {
    let manifests = prefetch_manifests(manifest_path);
    let root = manifests.get(&*manifest_path.to_string_lossy());
    let packages = || manifests.values().filter(|m| m.get(&["package"]).is_some());
    let dir = manifest_path.parent().unwrap_or(Path::new("."));
    let mut listing = None;
    let mut shipped = HashMap::new();
    if along.files || along.sources {
        let listed = files::list_quickly(dir);
        if let Some(root) = root {
            for manifest in packages() {
                let package_dir = manifest.path.parent().unwrap_or(Path::new("."));
                let files = shipped_by(&listed, manifest, root);
                if along.sources {
                    queue.push(
                        files
                            .iter()
                            .filter(|f| f.extension().is_some_and(|e| e == "rs"))
                            .map(|f| package_dir.join(f)),
                    );
                }
                shipped.insert(manifest.path.clone(), Arc::from(files));
            }
        }
        listing = Some(listed);
    }
    let mut readmes = ReadAhead::default();
    let target_list = std::thread::scope(|scope| {
        let target_list = (along.target_list && packages().any(Manifest::docs_rs_names_targets))
            .then(|| scope.spawn(TargetList::read));
        if along.readmes {
            for manifest in packages() {
                readmes.read_for(manifest, root);
            }
            readmes.read_repository_if_needed(dir);
        }
        if along.sources {
            queue.work();
        }
        target_list.and_then(|t| t.join().ok().flatten())
    });
    Prefetched {
        manifests,
        listing,
        shipped,
        readmes,
        target_list,
    }
}

/// What is read while cargo works out the workspace.
#[derive(Default)]
struct Prefetched {
    /// Manifests, by path.
    manifests: HashMap<String, Manifest>,
    /// The files under the given manifest's directory.
    listing: Option<Listing>,
    /// The files each package found there ships, by its manifest's path.
    shipped: HashMap<PathBuf, Arc<[PathBuf]>>,
    /// READMEs, and the repository they link into.
    readmes: ReadAhead,
    /// The target triples rustc knows, when a manifest names targets for docs.rs.
    target_list: Option<TargetList>,
}

/// The files a package ships, from a listing that covers its directory, by its `include` and
/// `exclude` (inherited from `root` when the package says `workspace = true`).
fn shipped_by(listing: &Listing, manifest: &Manifest, root: &Manifest) -> Vec<PathBuf> {
    let dir = manifest.path.parent().unwrap_or(Path::new("."));
    let include = manifest.package_strings(root, "include");
    let exclude = manifest.package_strings(root, "exclude");
    files::package_files(listing, dir, &include, &exclude)
}

/// Parses the given manifest and, when it is a workspace root, its members' manifests.
fn prefetch_manifests(manifest_path: &Path) -> HashMap<String, Manifest> {
    let mut found = HashMap::new();
    let Ok(manifest) = Manifest::load(manifest_path) else {
        return found;
    };
    let dir = manifest_path.parent().unwrap_or(Path::new("."));
    let patterns: Vec<String> = manifest
        .get(&["workspace", "members"])
        .and_then(|item| item.as_array())
        .map(|members| {
            members
                .iter()
                .filter_map(|m| m.as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    found.insert(manifest_path.to_string_lossy().into_owned(), manifest);
    for pattern in patterns {
        let Some(dir) = dir.to_str() else {
            break;
        };
        let pattern = format!("{}/{pattern}", glob::Pattern::escape(dir));
        let Ok(paths) = glob::glob(&pattern) else {
            continue;
        };
        for member in paths.flatten() {
            let path = member.join("Cargo.toml");
            if let Ok(manifest) = Manifest::load(&path) {
                found.insert(path.to_string_lossy().into_owned(), manifest);
            }
        }
    }
    found
}

fn metadata_error(error: cargo_metadata::Error, manifest_path: &Path) -> Error {
    let command = format!(
        "cargo metadata --no-deps --manifest-path {}",
        manifest_path.display()
    );
    match error {
        cargo_metadata::Error::CargoMetadata { stderr } => Error::Cargo { command, stderr },
        cargo_metadata::Error::Io(source) => Error::CargoNotFound {
            program: std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()),
            source,
        },
        other => Error::Cargo {
            command,
            stderr: other.to_string(),
        },
    }
}
