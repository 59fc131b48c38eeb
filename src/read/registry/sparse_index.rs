//! The crates.io sparse index over HTTPS, for a crate cargo's index cache does not hold (or
//! holds no version of that a requirement allows). Asked only when the run may use the network.

use std::time::Duration;

use crate::read::registry::index_cache::{self, PublishedVersion};

/// The sparse index crates.io serves.
pub const CRATES_IO: &str = "https://index.crates.io/";

/// Where the index is asked: `CARGO_READY_SPARSE_INDEX` (a crates.io mirror, or a test's
/// server), else crates.io.
pub fn index_url() -> String {
    let url = std::env::var("CARGO_READY_SPARSE_INDEX").unwrap_or_else(|_| CRATES_IO.to_string());
    if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    }
}

/// Whether cargo is told to stay offline through its environment (`CARGO_NET_OFFLINE`).
pub fn offline_by_environment() -> bool {
    std::env::var("CARGO_NET_OFFLINE").is_ok_and(|v| v == "true" || v == "1")
}

/// A client for the index: the system's certificates (as cargo uses, so a proxy the system
/// trusts works), and short timeouts, so an unreachable index costs seconds, not minutes.
pub fn client() -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::PlatformVerifier)
        .build();
    ureq::Agent::config_builder()
        .tls_config(tls)
        .timeout_global(Some(Duration::from_secs(10)))
        .timeout_connect(Some(Duration::from_secs(4)))
        .user_agent(concat!("cargo-ready/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// The published versions of crate `name`, from the sparse index at `base`.
pub fn fetch(agent: &ureq::Agent, base: &str, name: &str) -> Result<Vec<PublishedVersion>, String> {
    let path = index_cache::index_path(name).ok_or_else(|| "an empty name".to_string())?;
    let url = format!("{base}{}", path.to_string_lossy().replace('\\', "/"));
    match get(agent, &url)? {
        Some(body) => Ok(index_cache::parse_index_file(&body)),
        None => Err(format!("{url} has no such crate")),
    }
}

/// The body of `url`, or `None` when the server says it has no such file (404).
pub fn get(agent: &ureq::Agent, url: &str) -> Result<Option<Vec<u8>>, String> {
    let mut response = match agent.get(url).call() {
        Ok(response) => response,
        Err(ureq::Error::StatusCode(404)) => return Ok(None),
        Err(error) => return Err(format!("{url}: {error}")),
    };
    let body = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_vec()
        .map_err(|error| format!("{url}: {error}"))?;
    Ok(Some(body))
}
