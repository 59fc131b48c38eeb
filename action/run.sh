#!/usr/bin/env bash
# Runs the gate: `cargo ready ARGS --message-format github` (annotations on the commit, the job
# summary appended), after writing the SARIF file when one is asked for. Exits with cargo
# ready's status: 0 ready, 1 not ready, 2 could not check.
# Reads CARGO_READY_ARGS (split into words as a shell quotes them, never evaluated: see
# inputs.sh) and CARGO_READY_SARIF; writes ready, errors and warnings to GITHUB_OUTPUT.
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/inputs.sh"
split_words "${CARGO_READY_ARGS:-}" || exit 2
set -- ${words[@]+"${words[@]}"}

if [ -n "${CARGO_READY_SARIF:-}" ]; then
  cargo ready "$@" --message-format sarif --no-summary > "$CARGO_READY_SARIF"
  sarif_status=$?
  if [ "$sarif_status" -eq 2 ]; then
    echo "::warning::cargo ready could not write the SARIF file (status 2)"
  fi
fi

annotations=$(mktemp)
trap 'rm -f "$annotations"' EXIT
cargo ready "$@" --message-format github | tee "$annotations"
status=${PIPESTATUS[0]}

errors=$(grep -c '^::error ' "$annotations" || true)
warnings=$(grep -c '^::warning ' "$annotations" || true)
ready=false
if [ "$status" -eq 0 ]; then ready=true; fi
{
  echo "ready=$ready"
  echo "errors=$errors"
  echo "warnings=$warnings"
} >> "$GITHUB_OUTPUT"
exit "$status"
