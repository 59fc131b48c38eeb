#!/usr/bin/env bash
# Installs cargo-ready unless the cache restored it: the version asked for from crates.io, or
# else the action's own source. Puts it on the PATH of the steps that follow.
# Reads CARGO_READY_VERSION, CARGO_READY_INSTALL_ROOT (default ~/.cargo-ready-action),
# GITHUB_ACTION_PATH; appends to GITHUB_PATH.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/inputs.sh"
check_version "${CARGO_READY_VERSION:-}" || exit 2

root="${CARGO_READY_INSTALL_ROOT:-$HOME/.cargo-ready-action}"
bin="$root/bin/cargo-ready"
if [ -x "$bin" ]; then
  echo "cargo-ready from the cache: $("$bin" --version)"
elif [ -n "${CARGO_READY_VERSION:-}" ]; then
  cargo install cargo-ready --locked --version "$CARGO_READY_VERSION" --root "$root"
else
  cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$root"
fi
echo "$root/bin" >> "$GITHUB_PATH"
