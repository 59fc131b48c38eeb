#!/usr/bin/env bash
# Benchmark of the builds from the package: what `--docs` and `--each-feature` add to a run
# (the package stage itself replayed, `Fresh`), beside the same work done by hand in the
# unpacked .crate, as medians of alternating rounds; and an unchanged `--all-builds` run.
#
#   --docs:         (cargo ready --docs) - (cargo ready), the documentation's target directory
#                   emptied before each on both sides, beside the `cargo fetch` and
#                   `cargo rustdoc` commands `cargo ready --docs -v` shows, run by hand.
#                   Target: at most 1.1 times.
#   --each-feature: (cargo ready --each-feature) - (cargo ready), its saved result forgotten,
#                   over a warm target directory, beside `cargo hack check --each-feature
#                   --no-dev-deps` (warm too) when cargo-hack is installed (it checks the
#                   default features as well, one set more, and leaves optional dependencies
#                   out unless given --optional-deps), else the `cargo check` commands `-v`
#                   shows. Target: at most 1.1 times.
#   unchanged:      a second `cargo ready --all-builds`, nothing changed. Target: under 0.5 s.
#
# Usage: benches/builds.sh [--runs N] CRATE_DIR
#   CRATE_DIR: a crate without path dependencies whose dependencies are in cargo's cache; it is
#   copied into a temporary directory (and committed there), so its tree stays as it is. All
#   runs are --offline. Needs python3 and git.
set -euo pipefail

runs=5
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
host = re.search(r"--target (\S+)", " ".join(docs_commands)).group(1)
ours, hand_dir = os.path.join(work, "ours"), os.path.join(work, "hand-target")
builds_file = os.path.join(ours, "ready-builds.json")

def forget(*paths):
    for path in paths:
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)

# --docs, cold: the documentation's target directory (`--target`) emptied on both sides
# before each round; the package stage, and the build scripts and proc-macros built for the
# host, stay warm on both.
# --each-feature, warm: both sides re-check every feature set over a warm target directory,
# which is what the driver costs beyond cargo's own work.
hand_each = (["cargo", "hack", "check", "--each-feature", "--no-dev-deps", "--offline",
              "--target-dir", hand_dir], False) if hack else (by_hand(check_commands, hand_dir), True)
cases = {
    "--docs": (["--docs"], lambda: forget(os.path.join(ours, host), builds_file),
               (by_hand(docs_commands, hand_dir), True),
               lambda: forget(os.path.join(hand_dir, host)),
               "cargo fetch + cargo rustdoc by hand, cold"),
    "--each-feature": (["--each-feature"], lambda: forget(builds_file), hand_each, lambda: None,
                       ("cargo hack check --each-feature --no-dev-deps" if hack
                        else "the cargo check commands by hand") + ", warm"),
}
subprocess.run(ready(["--all-builds"], ours), cwd=tree, capture_output=True)
subprocess.run(by_hand(docs_commands, hand_dir), cwd=hand, shell=True, capture_output=True)
subprocess.run(hand_each[0], cwd=hand, shell=hand_each[1], capture_output=True)
failed = False
for name, (flags, reset, (command, shell), reset_hand, said) in cases.items():
    with_flag, without, hand_times = [], [], []
    for _ in range(runs):
        without.append(timed(ready([], ours), tree))
        reset()
        with_flag.append(timed(ready(flags, ours), tree))
        reset_hand()
        hand_times.append(timed(command, hand, shell=shell))
    added = statistics.median(with_flag) - statistics.median(without)
    base = statistics.median(hand_times)
    ratio = added / base
    verdict = "PASS" if ratio <= 1.1 else "FAIL"
    failed |= verdict == "FAIL"
    print(f"{name}: adds {added:.2f} s to cargo ready ({statistics.median(without):.2f} s, "
          f"Fresh); {said}: {base:.2f} s; {ratio:.2f} x (target <= 1.10): {verdict}")

n = 0
def fresh_dir():
    global n
    n += 1
    return os.path.join(work, f"t{n}")

target = fresh_dir()
subprocess.run(ready(["--all-builds"], target), cwd=tree, capture_output=True)
again = statistics.median(timed(ready(["--all-builds"], target), tree) for _ in range(runs))
verdict = "PASS" if again < 0.5 else "FAIL"
failed |= verdict == "FAIL"
print(f"unchanged --all-builds run: {again:.3f} s (target < 0.5 s): {verdict}")
sys.exit(1 if failed else 0)
PY
