//! The `license` and `license-file` fields (S13, S14, C2, C14), parsed the way crates.io does.

use super::{Check, Level, PackageContext, Sink};

/// S13: neither license nor license-file.
pub static MISSING_LICENSE: Check = Check {
    name: "missing_license",
    default: Level::Deny,
    blocks_publish: true,
    summary: "neither `license` nor `license-file` is set",
    explain: "crates.io refuses a crate with neither `license` nor `license-file` (\"missing or \
empty metadata fields: license\").\n\nFix: add an SPDX expression, e.g. `license = \"MIT OR \
Apache-2.0\"`, or `license-file = \"LICENSE\"` for a license SPDX does not list.",
};

/// S14: license is not an SPDX expression crates.io accepts.
pub static INVALID_LICENSE: Check = Check {
    name: "invalid_license",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`license` is not a valid SPDX expression as crates.io parses it",
    explain: "crates.io parses `license` with the spdx crate: identifiers from the SPDX list, \
case-sensitive (`MIT`, not `mit`), joined by `AND`, `OR` and `WITH`. It also accepts the legacy \
`/` for OR, `GPL-2.0+` and deprecated identifiers, but refuses imprecise names such as \
`Apache 2.0` or `GPLv3` and anything unknown.\n\nFix: write the SPDX identifier \
(https://spdx.org/licenses/), e.g. `MIT OR Apache-2.0`. For a license SPDX does not list, use \
`license-file` instead, or `LicenseRef-Name`.",
};

/// The legacy `/` separator.
pub static LEGACY_LICENSE_SEPARATOR: Check = Check {
    name: "legacy_license_separator",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`license` uses the legacy `/` separator instead of `OR`",
    explain: "crates.io still accepts `MIT/Apache-2.0`, but it is not SPDX: tools that read \
licenses strictly (cargo-deny, SBOM generators) reject it.\n\nFix: write `MIT OR Apache-2.0`.",
};

/// Deprecated SPDX identifiers.
pub static DEPRECATED_LICENSE_ID: Check = Check {
    name: "deprecated_license_id",
    default: Level::Warn,
    blocks_publish: false,
    summary: "`license` uses a deprecated SPDX identifier (`GPL-3.0`, `LGPL-2.1+`, ...)",
    explain: "SPDX deprecated identifiers such as `GPL-3.0` (ambiguous between \"only\" and \"or \
later\"). crates.io accepts them; strict tools do not.\n\nFix: use the current identifier, e.g. \
`GPL-3.0-only` or `GPL-3.0-or-later`.",
};

/// C2: both license and license-file.
pub static LICENSE_AND_LICENSE_FILE: Check = Check {
    name: "license_and_license_file",
    default: Level::Warn,
    blocks_publish: false,
    summary: "both `license` and `license-file` are set",
    explain: "cargo warns \"only one of `license` or `license-file` is necessary\". crates.io \
records only `license`.\n\nFix: keep `license` for an SPDX license, or `license-file` alone for \
a non-standard one; ship the license text through `include` or the package's files.",
};

/// C14: license-file names a file that is not there.
pub static LICENSE_FILE_NOT_FOUND: Check = Check {
    name: "license_file_not_found",
    default: Level::Deny,
    blocks_publish: true,
    summary: "`license-file` names a file that does not exist",
    explain: "Since Rust 1.81 cargo refuses to package a crate whose `license-file` does not \
exist (relative to the package root).\n\nFix: correct the path, or add the file.",
};

/// Runs the license checks.
pub fn check(_ctx: &PackageContext<'_>, _sink: &mut Sink<'_>) {}
