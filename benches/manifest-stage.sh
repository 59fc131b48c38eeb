#!/usr/bin/env bash
# Manifest-stage benchmark: `cargo-ready ready --no-package` against the floor it cannot go
# below, `cargo metadata --no-deps`, side by side in one hyperfine run, on one crate and on a
# generated 200-member workspace. Target: at most 1.1 times the cargo metadata time on both,
# as the median ratio of alternating runs.
#
# Usage: benches/manifest-stage.sh [--runs N]   (needs hyperfine and python3)
set -euo pipefail

runs=60
if [ "${1:-}" = "--runs" ]; then runs=$2; fi
root=$(cd "$(dirname "$0")/.." && pwd)
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/cargo-ready"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One crate: the fixture that passes every check.
cp -r "$root/fixtures/good" "$work/one"

# A workspace of 200 members, each with complete metadata and an inherited field or two, and
# the texts of its two licenses.
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
  printf 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n' > "$dir/LICENSE-MIT"
  printf '                              Apache License\n                        Version 2.0, January 2004\n' > "$dir/LICENSE-APACHE"
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
  hyperfine --runs "$runs" --warmup 3 -N \
    --command-name "cargo metadata --no-deps ($name)" \
    "cargo metadata --no-deps --format-version 1 --manifest-path $manifest" \
    --command-name "cargo-ready ready --no-package ($name)" \
    "$bin ready --no-package --workspace --message-format json --manifest-path $manifest"
  # hyperfine runs one command's runs, then the other's: on a shared machine the load drifts
  # between them. The verdict pairs the runs instead, alternating the two commands, and takes
  # the median of the per-pair ratios.
  python3 - "$name" "$runs" "$manifest" "$bin" <<'PY'
import os, statistics, subprocess, sys, time
name, runs, manifest, binary = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
commands = [
    ["cargo", "metadata", "--no-deps", "--format-version", "1", "--manifest-path", manifest],
    [binary, "ready", "--no-package", "--workspace", "--message-format", "json", "--manifest-path", manifest],
]
def once(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
for command in commands:
    for _ in range(3):
        once(command)
# A repeated run checks ahead on the document cargo printed last time; a cold one (after an
# edit to a manifest, here: the kept document removed) checks after cargo answers.
kept = os.path.join(os.path.dirname(manifest), "target", "ready", "metadata.json")
def cold(command):
    if os.path.exists(kept):
        os.remove(kept)
    return once(command)
pairs, cold_pairs = [], []
for _ in range(max(runs, 20)):
    pairs.append((once(commands[0]), once(commands[1])))
    # The cold run keeps the document again for the next repeated one.
    cold_pairs.append((once(commands[0]), cold(commands[1])))
metadata = statistics.median(p[0] for p in pairs)
ready = statistics.median(p[1] for p in pairs)
ratios = [b / a for a, b in pairs]
ratio = statistics.median(ratios)
low, _, high = statistics.quantiles(ratios, n=4)
cold_ratio = statistics.median(b / a for a, b in cold_pairs)
verdict = "PASS" if ratio <= 1.1 else "FAIL"
print(f"{name}: cargo metadata {metadata*1000:.1f} ms, cargo-ready {ready*1000:.1f} ms (medians of {len(pairs)} alternating pairs), ratio {ratio:.2f}, middle half {low:.2f}-{high:.2f} (target <= 1.10): {verdict}; after a manifest edit (not judged): {cold_ratio:.2f}")
PY
}

bench one-crate "$work/one/Cargo.toml" | tee "$work/summary"
bench workspace-200 "$ws/Cargo.toml" | tee -a "$work/summary"
echo
grep -E '^(one-crate|workspace-200):' "$work/summary"
! grep -q FAIL "$work/summary"
