#!/usr/bin/env bash
# Manifest-stage benchmark: `cargo-ready ready --no-package` against the floor it cannot go
# below, `cargo metadata --no-deps`, side by side in one hyperfine run, on one crate and on a
# generated 200-member workspace. Target: at most 1.3 times the cargo metadata time on both.
#
# Usage: benches/manifest-stage.sh [--runs N]   (needs hyperfine and python3)
set -euo pipefail

runs=30
if [ "${1:-}" = "--runs" ]; then runs=$2; fi
root=$(cd "$(dirname "$0")/.." && pwd)
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/cargo-ready"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One crate: the fixture that passes every check.
cp -r "$root/fixtures/good" "$work/one"

# A workspace of 200 members, each with complete metadata and an inherited field or two.
ws="$work/workspace"
mkdir -p "$ws"
cat > "$ws/Cargo.toml" <<'TOML'
[workspace]
members = ["members/*"]
resolver = "2"

[workspace.package]
version = "1.0.0"
edition = "2021"
rust-version = "1.70"
license = "MIT OR Apache-2.0"
repository = "https://github.com/example/big-workspace"
TOML
for i in $(seq -w 1 200); do
  dir="$ws/members/member-$i"
  mkdir -p "$dir/src"
  echo "//! Member $i." > "$dir/src/lib.rs"
  echo "# member-$i" > "$dir/README.md"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "member-$i"
description = "Member $i of a generated workspace"
version.workspace = true
edition.workspace = true
rust-version.workspace = true
license.workspace = true
repository.workspace = true
keywords = ["generated", "benchmark", "member-$i"]
categories = ["development-tools"]

[features]
default = ["std"]
std = []
extra = []

[dependencies]
TOML
  if [ "$i" != "001" ]; then
    echo "member-001 = { path = \"../member-001\", version = \"1.0.0\" }" >> "$dir/Cargo.toml"
  fi
done

bench() {
  local name=$1 manifest=$2
  hyperfine --runs "$runs" --warmup 3 -N --export-json "$work/$name.json" \
    --command-name "cargo metadata --no-deps ($name)" \
    "cargo metadata --no-deps --format-version 1 --manifest-path $manifest" \
    --command-name "cargo-ready ready --no-package ($name)" \
    "$bin ready --no-package --workspace --message-format json --manifest-path $manifest"
  python3 - "$work/$name.json" "$name" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
metadata, ready = (r["mean"] for r in results)
ratio = ready / metadata
verdict = "PASS" if ratio <= 1.3 else "FAIL"
print(f"{sys.argv[2]}: cargo metadata {metadata*1000:.1f} ms, cargo-ready {ready*1000:.1f} ms, ratio {ratio:.2f} (target <= 1.30): {verdict}")
PY
}

bench one-crate "$work/one/Cargo.toml" | tee "$work/summary"
bench workspace-200 "$ws/Cargo.toml" | tee -a "$work/summary"
echo
grep -E '^(one-crate|workspace-200):' "$work/summary"
! grep -q FAIL "$work/summary"
