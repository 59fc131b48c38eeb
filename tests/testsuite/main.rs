//! cargo-ready's integration tests, in one binary as cargo's own are (every test binary links
//! the whole crate again): a module per area, the shared helpers in [`support`].

mod bad_input;
mod builds;
mod checking_ahead;
mod ci;
mod dependency_rust;
mod docs;
mod docs_rs_settings;
mod fix;
mod fresh;
mod layout;
mod manifest_stage;
mod package_stage;
mod readme_links;
mod real_crates;
mod release_files;
mod release_since;
mod release_versions;
mod render;
mod semver;
mod snapshots;
mod support;
