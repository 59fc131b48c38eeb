//! What the engine's steps read of the world: the workspace as cargo reports it (and as it reported
//! it last time, kept), each manifest as text, the files a package ships, its Rust sources, its
//! README and the repository its links lead into, its changelog, the local compiler's targets, and
//! what the registry has published. Readers decide nothing: they turn files, git and cargo into
//! plain data for the checks.

pub mod changelog;
pub mod files;
pub mod kept_metadata;
pub mod manifest;
pub mod markdown;
pub mod readme_page;
pub mod registry;
pub mod rustc;
pub mod source;
pub mod vcs;
pub mod workspace;
