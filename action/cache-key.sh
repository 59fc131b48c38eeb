#!/usr/bin/env bash
# The cache key of the installed binary: the runner's system, and the version asked for, or
# else a hash of the action's own source (the same ref gives the same binary).
# Reads CARGO_READY_VERSION, GITHUB_ACTION_PATH, RUNNER_OS; writes `key=...` to GITHUB_OUTPUT.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/inputs.sh"
check_version "${CARGO_READY_VERSION:-}" || exit 2

if [ -n "${CARGO_READY_VERSION:-}" ]; then
  source_id="v$CARGO_READY_VERSION"
else
  source_id=$(cd "$GITHUB_ACTION_PATH" \
    && find Cargo.toml Cargo.lock src -type f -print0 | sort -z | xargs -0 sha256sum \
    | sha256sum | cut -c1-20)
fi
echo "key=cargo-ready-${RUNNER_OS:-$(uname -s)}-$(uname -m)-$source_id" >> "$GITHUB_OUTPUT"
