#!/usr/bin/env bash
# Benchmark of the package stage, side by side in one hyperfine run per case:
#
#   1. one crate with 20 registry dependencies, cold (no target directory):
#      `cargo ready` vs `cargo publish --dry-run` in place
#   2. the same crate, warm (second run, nothing changed: cargo ready says Fresh)
#   3. a generated workspace of MEMBERS unpublished crates (10 by default; members depend on
#      siblings), warm and cold:
#      `cargo ready --workspace` vs `cargo publish --workspace --dry-run`
#
# Targets: cold at most 1.05x the in-place dry run; nothing changed at most 0.5x (one crate)
# and 0.3x (the workspace). Each line ends with PASS or FAIL.
# Needs hyperfine, git and the crates.io index (dependencies download once, then come from
# the local cache; both commands query the index the same way).
#
# Usage: MEMBERS=N benches/package-stage.sh [RUNS [WORKSPACE_RUNS]]   (hyperfine exports go to target/bench-results/)
set -euo pipefail

runs_cold=${1:-3}
runs_warm=$((runs_cold * 3))
# Each workspace run takes about 2 s per member, most of it cargo asking the index about the
# unpublished names, so fewer runs there.
runs_ws=${2:-2}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
out="${BENCH_OUT:-$repo/target/bench-results}"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

cargo build --release --manifest-path "$repo/Cargo.toml" >&2
mkdir -p "$work/bin"
cp "$repo/target/release/cargo-ready" "$work/bin/"
export PATH="$work/bin:$PATH"

commit() {
    git -C "$1" init -q
    git -C "$1" add -A
    git -C "$1" -c user.name=bench -c user.email=bench@localhost -c commit.gpgsign=false commit -q -m bench
}

manifest() { # name, dependencies
    cat <<EOF
[package]
name = "$1"
version = "0.1.0"
edition = "2021"
rust-version = "1.70"
description = "A generated crate for benchmarking cargo-ready"
license = "MIT"
repository = "https://github.com/cargo-ready/bench"
readme = "README.md"
keywords = ["bench"]
categories = ["development-tools"]

[dependencies]
$2
EOF
}

deps='itoa = "1"
ryu = "1"
memchr = "2"
cfg-if = "1"
once_cell = "1"
bitflags = "2"
smallvec = "1"
either = "1"
scopeguard = "1"
log = "0.4"
fnv = "1"
hex = "0.4"
byteorder = "1"
static_assertions = "1"
base64 = "0.22"
bytes = "1"
percent-encoding = "2"
semver = "1"
anyhow = "1"
serde = { version = "1", features = ["derive"] }'

# One crate with 20 registry dependencies.
krate="$work/one"
mkdir -p "$krate/src"
manifest "cargo-ready-bench-one-zq" "$deps" >"$krate/Cargo.toml"
echo "# bench" >"$krate/README.md"
echo "MIT License" >"$krate/LICENSE"
cat >"$krate/src/lib.rs" <<'EOF'
//! Uses each dependency once.
#[derive(serde::Serialize)]
pub struct S(pub u32);
pub fn f() -> usize {
    let mut b = itoa::Buffer::new();
    let _ = ryu::Buffer::new().format(1.5);
    let _ = memchr::memchr(b'a', b"abc");
    let _ = once_cell::sync::OnceCell::<u8>::new();
    let _: smallvec::SmallVec<[u8; 4]> = smallvec::SmallVec::new();
    let _: either::Either<u8, u8> = either::Either::Left(1);
    let _ = fnv::FnvHashMap::<u8, u8>::default();
    let _ = hex::encode([1u8]);
    let _ = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [1u8]);
    let _ = bytes::Bytes::from_static(b"x");
    let _ = semver::Version::parse("1.0.0");
    let _ = anyhow::anyhow!("x");
    log::info!("x");
    b.format(42).len()
}
EOF
(cd "$krate" && cargo generate-lockfile -q && cargo fetch -q)
echo "/target" >"$krate/.gitignore"
commit "$krate"

# A workspace of unpublished members: each depends on the one before it and on two registry
# crates.
members_count=${MEMBERS:-10}
ws="$work/ws"
mkdir -p "$ws"
members=""
for i in $(seq -f %02g 1 "$members_count"); do
    members="$members\"m$i\", "
    mkdir -p "$ws/m$i/src"
    dep='itoa = "1"
memchr = "2"'
    body="pub fn f() -> usize { itoa::Buffer::new().format($i).len() }"
    if [ "$i" != "01" ]; then
        prev=$(printf "%02d" $((10#$i - 1)))
        dep="$dep
cargo-ready-bench-m$prev-zq = { path = \"../m$prev\", version = \"0.1.0\" }"
        body="pub fn f() -> usize { cargo_ready_bench_m${prev}_zq::f() + 1 }"
    fi
    manifest "cargo-ready-bench-m$i-zq" "$dep" >"$ws/m$i/Cargo.toml"
    echo "# m$i" >"$ws/m$i/README.md"
    echo "MIT License" >"$ws/m$i/LICENSE"
    printf '//! Member %s.\n%s\n' "$i" "$body" >"$ws/m$i/src/lib.rs"
done
printf '[workspace]\nmembers = [%s]\nresolver = "2"\n' "$members" >"$ws/Cargo.toml"
(cd "$ws" && cargo generate-lockfile -q)
echo "/target" >"$ws/.gitignore"
commit "$ws"

cd "$krate"
hyperfine --style basic -i --runs "$runs_cold" --prepare 'rm -rf target' \
    --export-markdown "$out/cold.md" --export-json "$out/cold.json" \
    -n 'cargo ready (cold)' 'cargo ready' \
    -n 'cargo publish --dry-run (cold)' 'cargo publish --dry-run'

hyperfine --style basic -i --warmup 1 --runs "$runs_warm" \
    --export-markdown "$out/warm.md" --export-json "$out/warm.json" \
    -n 'cargo ready (warm)' 'cargo ready' \
    -n 'cargo publish --dry-run (warm)' 'cargo publish --dry-run'

cd "$ws"
hyperfine --style basic -i --runs "$runs_ws" --prepare 'rm -rf target' \
    --export-markdown "$out/workspace-cold.md" --export-json "$out/workspace-cold.json" \
    -n 'cargo ready --workspace (cold)' 'cargo ready --workspace' \
    -n 'cargo publish --workspace --dry-run (cold)' 'cargo publish --workspace --dry-run'

hyperfine --style basic -i --warmup 1 --runs "$runs_ws" \
    --export-markdown "$out/workspace-warm.md" --export-json "$out/workspace-warm.json" \
    -n 'cargo ready --workspace (warm)' 'cargo ready --workspace' \
    -n 'cargo publish --workspace --dry-run (warm)' 'cargo publish --workspace --dry-run'

for case in cold:1.05 warm:0.5 workspace-cold:1.05 workspace-warm:0.3; do
    python3 - "$out/${case%%:*}.json" "${case%%:*}" "${case##*:}" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ready, cargo = r[0]["mean"], r[1]["mean"]
target = float(sys.argv[3])
verdict = "PASS" if ready / cargo <= target else "FAIL"
print(f"{sys.argv[2]}: cargo ready {ready:.3f} s, cargo publish --dry-run {cargo:.3f} s, ratio {ready / cargo:.2f} (target <= {target}): {verdict}")
EOF
done
