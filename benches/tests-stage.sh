#!/usr/bin/env bash
# `--tests` benchmark: what the tests stage of `cargo ready --tests` costs once cargo ready has
# run (its target directory warm), beside plain `cargo test` in the crate's own tree (warm too).
# The stage's time is `cargo ready --tests` minus `cargo ready`, both with --offline so the
# network does not time anything. Target: the stage within 1.2 times `cargo test`, as medians
# of alternating runs.
#
# Usage: benches/tests-stage.sh [--runs N] CRATE_DIR
#   CRATE_DIR: a crate in a git checkout (benches/RESULTS.md names the one measured). It is
#   cloned into a temporary directory first, so its own tree and target directory stay as they
#   are. Needs python3 and git; the crate's dependencies must be in cargo's cache.
set -euo pipefail

runs=10
if [ "${1:-}" = "--runs" ]; then runs=$2; shift 2; fi
crate=${1:?usage: benches/tests-stage.sh [--runs N] CRATE_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/cargo-ready"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet --local "$(cd "$crate" && git rev-parse --show-toplevel)" "$work/tree"
prefix=$(cd "$crate" && git rev-parse --show-prefix)
dir="$work/tree/$prefix"

python3 - "$runs" "$dir" "$bin" <<'PY'
import statistics, subprocess, sys, time
runs, dir, binary = int(sys.argv[1]), sys.argv[2], sys.argv[3]
commands = {
    "cargo test": ["cargo", "test", "--quiet"],
    "cargo ready": [binary, "ready", "--offline", "--quiet"],
    "cargo ready --tests": [binary, "ready", "--offline", "--quiet", "--tests"],
}
def once(command):
    start = time.perf_counter()
    subprocess.run(command, cwd=dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
# Warm every cache: the crate's own build, the package stage's target directory, the tests'.
for command in commands.values():
    once(command)
times = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        times[name].append(once(command))
median = {name: statistics.median(t) for name, t in times.items()}
stage = median["cargo ready --tests"] - median["cargo ready"]
ratio = stage / median["cargo test"]
for name, value in median.items():
    print(f"{name}: {value * 1000:.0f} ms (median of {runs})")
verdict = "PASS" if ratio <= 1.2 else "FAIL"
print(f"tests stage: {stage * 1000:.0f} ms, {ratio:.2f} x cargo test (target <= 1.20): {verdict}")
sys.exit(0 if verdict == "PASS" else 1)
PY
