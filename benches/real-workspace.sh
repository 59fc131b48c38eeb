#!/usr/bin/env bash
# A real workspace, cold and unchanged: `cargo ready --workspace` against
# `cargo publish --workspace --dry-run` in place, each from an empty target directory, in
# alternating rounds (which goes first alternates too); then a second `cargo ready --workspace` with nothing changed (Fresh)
# against a second dry run. Targets: cold at most 1.05, nothing changed at most 0.3.
#
# Usage: benches/real-workspace.sh [--runs N] WORKSPACE_DIR
#   WORKSPACE_DIR: a workspace in a git checkout (benches/RESULTS.md names the ones measured,
#   e.g. toml-rs/toml). It is cloned into a temporary directory first. Needs python3, git and
#   the crates.io index; dependencies must be fetchable (`cargo fetch` runs first).
set -euo pipefail

runs=2
if [ "${1:-}" = "--runs" ]; then runs=$2; shift 2; fi
workspace=${1:?usage: benches/real-workspace.sh [--runs N] WORKSPACE_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/cargo-ready"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet --local "$(cd "$workspace" && git rev-parse --show-toplevel)" "$work/tree"
dir="$work/tree/$(cd "$workspace" && git rev-parse --show-prefix)"
(cd "$dir" && cargo fetch --quiet)
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

python3 - "$runs" "$dir" "$bin" <<'PY'
import shutil, statistics, subprocess, sys, time
runs, dir, binary = int(sys.argv[1]), sys.argv[2], sys.argv[3]
dry_run = ["cargo", "publish", "--workspace", "--dry-run"]
ready = [binary, "ready", "--workspace", "--quiet"]
def once(command, cold):
    if cold:
        shutil.rmtree(f"{dir}/target", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(command, cwd=dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
def pair(i, cold):
    # Alternate which runs first, so neither always gets the warmer machine.
    if i % 2:
        ours = once(ready, cold)
        return (once(dry_run, cold), ours)
    base = once(dry_run, cold)
    return (base, once(ready, cold))
cold = [pair(i, True) for i in range(runs)]
# One run of each warms its target directory (the last cold round may have emptied either).
once(dry_run, False)
once(ready, False)
warm = [(once(dry_run, False), once(ready, False)) for _ in range(runs)]
failed = False
for name, pairs, target in [("cold", cold, 1.05), ("nothing changed", warm, 0.3)]:
    base = statistics.median(p[0] for p in pairs)
    ours = statistics.median(p[1] for p in pairs)
    ratio = statistics.median(b / a for a, b in pairs)
    verdict = "PASS" if ratio <= target else "FAIL"
    failed |= verdict == "FAIL"
    print(f"{name} pairs (dry run, cargo ready): " + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in pairs))
    print(f"{name}: cargo publish --workspace --dry-run {base:.2f} s, cargo ready --workspace "
          f"{ours:.2f} s (medians of {runs}), ratio {ratio:.2f} (target <= {target}): {verdict}")
sys.exit(1 if failed else 0)
PY
