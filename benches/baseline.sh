#!/usr/bin/env bash
# What the release comparison costs once its baseline is cached: the same run with the
# comparison on and with every release check allowed (which skips it), side by side in one
# hyperfine run per case:
#
#   1. a real crate in git (log, from /work/real2 or LOG_DIR), its version bumped one patch so
#      the published version below it is the baseline: an unchanged second `cargo ready
#      --offline` (the package stage replays a Fresh run, the baseline .crate is read from
#      target/ready/baselines) against the same with `-A` for every release check
#   2. a large crate from cargo's registry cache (tokio, TOKIO_NEW against TOKIO_OLD, both
#      cached): `--no-package --offline --baseline TOKIO_OLD`, on against off
#
# Target: the comparison adds at most 0.1 s per crate. Each line ends with PASS or FAIL.
# Needs hyperfine, git, python3; the first run of case 1 downloads the baseline once.
#
# Usage: benches/baseline.sh [RUNS]   (hyperfine exports go to target/bench-results/)
set -euo pipefail

runs=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out="${BENCH_OUT:-$repo/target/bench-results}"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/cargo-ready"
release_checks=$("$bin" --list | awk '{print $1}' | grep -E '^(first_release|version_not_newest|feature_removed|feature_changed|lib_renamed|bin_removed|rust_version_raised|license_changed|edition_changed|links_changed|dependencies_changed|dependency_major_changed|contents_changed|crate_grew|large_file_added|packaged_file_dropped)$')
allow_all=""
for check in $release_checks; do allow_all="$allow_all -A $check"; done
[ "$(echo "$release_checks" | wc -w)" = 16 ] || { echo "expected 16 release checks, found: $release_checks" >&2; exit 2; }

# Prints PASS or FAIL for the mean difference of a hyperfine export (on minus off).
judge() { # name, export
    python3 - "$1" "$2" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
on, off = json.load(open(path))["results"]
added = on["mean"] - off["mean"]
verdict = "PASS" if added <= 0.1 else "FAIL"
print(f"{name}: on {on['mean']:.3f} s, off {off['mean']:.3f} s, the comparison adds {added:.3f} s (target <= 0.100 s) {verdict}")
PY
}

# 1. log, Fresh.
log_src=${LOG_DIR:-/work/real2/log}
git clone --quiet --local "$log_src" "$work/log"
python3 - "$work/log/Cargo.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
def bump(m):
    major, minor, patch = m.group(2).split(".")
    return f'{m.group(1)}{major}.{minor}.{int(patch) + 1}"'
open(path, "w").write(re.sub(r'(?m)^(version = ")([0-9]+\.[0-9]+\.[0-9]+)"', bump, text, count=1))
PY
git -C "$work/log" -c user.name=bench -c user.email=bench@localhost -c commit.gpgsign=false commit -qam bump
(cd "$work/log" && "$bin" ready --message-format json >/dev/null 2>&1 || true)
(cd "$work/log" && "$bin" ready --offline --message-format json >/dev/null 2>&1 || true)
ls "$work/log/target/ready/baselines/"*.crate >/dev/null 2>&1 \
    || ls ~/.cargo/registry/cache/*/log-*.crate >/dev/null 2>&1 \
    || { echo "no baseline of log was kept" >&2; exit 2; }
(cd "$work/log" && hyperfine -i --warmup 2 --runs "$runs" --export-json "$out/baseline-fresh.json" \
    -n "comparison on" "$bin ready --offline --message-format json" \
    -n "comparison off" "$bin ready --offline --message-format json $allow_all" >&2)
judge "log, Fresh package stage" "$out/baseline-fresh.json"

# 2. tokio from the registry cache.
tokio_old=${TOKIO_OLD:-1.53.1}
tokio_new=${TOKIO_NEW:-1.54.1}
src=$(ls -d ~/.cargo/registry/src/index.crates.io-*/tokio-"$tokio_new" | head -1)
[ -d "$src" ] || { echo "tokio $tokio_new is not in cargo's registry cache" >&2; exit 2; }
cp -r "$src" "$work/tokio"
(cd "$work/tokio" && hyperfine -i --warmup 2 --runs "$runs" --export-json "$out/baseline-no-package.json" \
    -n "comparison on" "$bin ready --no-package --offline --message-format json --baseline $tokio_old" \
    -n "comparison off" "$bin ready --no-package --offline --message-format json $allow_all" >&2)
judge "tokio $tokio_new against $tokio_old, --no-package" "$out/baseline-no-package.json"
