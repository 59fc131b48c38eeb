#!/usr/bin/env bash
# Benchmark of the builds from the package: what `--docs` and `--each-feature` add to a run,
# beside the same work done by hand in the unpacked crate, cold (empty target directories), as
# medians of alternating rounds; and an unchanged `--all-builds` run, replayed.
#
#   --docs:         (cargo ready --docs) - (cargo ready), beside the `cargo fetch` and
#                   `cargo rustdoc` commands `cargo ready --docs -v` shows, run by hand in the
#                   unpacked .crate. Target: at most 1.1 times.
#   --each-feature: (cargo ready --each-feature) - (cargo ready), beside
#                   `cargo hack check --each-feature --no-dev-deps` in the unpacked .crate when
#                   cargo-hack is installed (it also checks the default features, one set
#                   more), else the `cargo check` commands `-v` shows. Target: at most 1.1 times.
#   unchanged:      a second `cargo ready --all-builds`, nothing changed. Target: under 0.5 s.
#
# Usage: benches/builds.sh [--runs N] CRATE_DIR
#   CRATE_DIR: a crate without path dependencies whose dependencies are in cargo's cache; it is
#   copied into a temporary directory (and committed there), so its tree stays as it is. All
#   runs are --offline. Needs python3 and git.
set -euo pipefail

runs=3
if [ "${1:-}" = "--runs" ]; then runs=$2; shift 2; fi
crate=${1:?usage: benches/builds.sh [--runs N] CRATE_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/cargo-ready"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$crate" "$work/tree"
rm -rf "$work/tree/target" "$work/tree/.git" "$work/tree/Cargo.toml.orig" "$work/tree/.cargo_vcs_info.json"
git -C "$work/tree" init -q
git -C "$work/tree" add -A
git -C "$work/tree" -c user.name=bench -c user.email=bench@localhost commit -qm bench

python3 - "$runs" "$work" "$bin" <<'PY'
import glob, os, re, shutil, statistics, subprocess, sys, tarfile, time
runs, work, binary = int(sys.argv[1]), sys.argv[2], sys.argv[3]
tree = os.path.join(work, "tree")

def timed(command, cwd, shell=False):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, shell=shell, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start

def ready(flags, target):
    quiet = [] if "-v" in flags else ["--quiet"]
    return [binary, "ready", "--offline", "--target-dir", target] + quiet + flags

# One verbose run shows the commands the builds run, and makes the .crate.
shown = subprocess.run(ready(["--docs", "--each-feature", "-v"], os.path.join(work, "seen")),
                       cwd=tree, capture_output=True, text=True).stderr
running = [m.group(1) for m in re.finditer(r"Running `(.*)`", shown)]
docs_commands = [c for c in running if " fetch " in c or " rustdoc " in c]
check_commands = [c for c in running if " check " in c]
crate_file = glob.glob(os.path.join(work, "seen", "package", "**", "*.crate"), recursive=True)[0]
with tarfile.open(crate_file) as archive:
    archive.extractall(os.path.join(work, "hand"))
hand = glob.glob(os.path.join(work, "hand", "*"))[0]

def by_hand(commands, target):
    return " && ".join(
        c.replace(os.path.join(work, "seen"), target).replace(tree, hand) for c in commands)

hack = shutil.which("cargo-hack") is not None
cases = {
    "--docs": (["--docs"], lambda t: (by_hand(docs_commands, t), True)),
    "--each-feature": (["--each-feature"], lambda t: (
        (["cargo", "hack", "check", "--each-feature", "--no-dev-deps", "--offline",
          "--target-dir", t], False) if hack else (by_hand(check_commands, t), True))),
}
baseline_name = {"--docs": "cargo fetch + cargo rustdoc by hand",
                 "--each-feature": "cargo hack check --each-feature --no-dev-deps" if hack
                 else "the cargo check commands by hand"}
n = 0
def fresh_dir():
    global n
    n += 1
    return os.path.join(work, f"t{n}")

failed = False
for name, (flags, baseline) in cases.items():
    with_flag, without, hand_times = [], [], []
    for _ in range(runs):
        without.append(timed(ready([], fresh_dir()), tree))
        with_flag.append(timed(ready(flags, fresh_dir()), tree))
        command, shell = baseline(fresh_dir())
        hand_times.append(timed(command, hand, shell=shell))
    added = statistics.median(with_flag) - statistics.median(without)
    base = statistics.median(hand_times)
    ratio = added / base
    verdict = "PASS" if ratio <= 1.1 else "FAIL"
    failed |= verdict == "FAIL"
    print(f"{name}: adds {added:.2f} s to cargo ready ({statistics.median(without):.2f} s); "
          f"{baseline_name[name]}: {base:.2f} s; {ratio:.2f} x (target <= 1.10): {verdict}")

target = fresh_dir()
subprocess.run(ready(["--all-builds"], target), cwd=tree, capture_output=True)
again = statistics.median(timed(ready(["--all-builds"], target), tree) for _ in range(runs))
verdict = "PASS" if again < 0.5 else "FAIL"
failed |= verdict == "FAIL"
print(f"unchanged --all-builds run: {again:.3f} s (target < 0.5 s): {verdict}")
sys.exit(1 if failed else 0)
PY
