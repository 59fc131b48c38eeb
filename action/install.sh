#!/usr/bin/env bash
# Installs cargo-ready unless the cache restored it, and puts it on the PATH of the steps that
# follow. With a `version`: the release's prebuilt binary for this runner, once its SHA-256 sum
# matches the one published beside it; when there is no such binary (a platform the release does
# not build, a version requirement such as `^0.1`, a release without the archive or its sum, a
# download that fails), that version is built from crates.io's source, with a notice saying why.
# Without a `version`: the action's own source.
#
# A binary whose sum differs from the published one fails the step and is never installed, with
# no fallback: the bytes received are not the bytes published (a replaced or damaged release
# asset, or something between the runner and GitHub), and someone must look at that. Building
# from source instead would hide it behind a green step.
#
# Reads CARGO_READY_VERSION, CARGO_READY_INSTALL_ROOT (default ~/.cargo-ready-action),
# GITHUB_ACTION_PATH, RUNNER_OS, RUNNER_ARCH, and, for tests only, CARGO_READY_RELEASE_URL (the
# base the release assets are downloaded from); appends to GITHUB_PATH. Nothing read is run:
# the only program taken from a download is the binary whose sum matched.
set -euo pipefail

here=$(dirname "${BASH_SOURCE[0]}")
source "$here/inputs.sh"
source "$here/release.sh"
check_version "${CARGO_READY_VERSION:-}" || exit 2

releases=${CARGO_READY_RELEASE_URL:-https://github.com/cargo-ready/cargo-ready/releases/download}
releases=${releases%/}
# https, or a server on this machine (the tests'); letters, digits and `._~/-` in the path only.
if ! [[ $releases =~ ^(https://[A-Za-z0-9.-]+(:[0-9]+)?|http://127\.0\.0\.1:[0-9]+)(/[A-Za-z0-9._~/-]*)?$ ]]; then
  echo "::error title=cargo-ready::CARGO_READY_RELEASE_URL \`$(printf %q "$releases")\` is not an https:// URL (or http://127.0.0.1 for a test server)" >&2
  exit 2
fi

root="${CARGO_READY_INSTALL_ROOT:-$HOME/.cargo-ready-action}"
bin="$root/bin/cargo-ready"

# Says on the run's page why the release binary is not used, and returns 3: build from source.
no_release_binary() {
  echo "::notice title=cargo-ready::$1: building cargo-ready $CARGO_READY_VERSION from source with cargo install"
  return 3
}

# Downloads URL to FILE: https only once redirected, failing on an HTTP error status.
download() {
  curl --fail --silent --show-error --location --retry 2 --connect-timeout 30 \
    --proto '=https,http' --proto-redir '=https' --output "$2" --url "$1" 2>&1
}

# Installs the release binary of the exact VERSION for this runner, downloading into `work`.
# Returns 0 once installed, 3 when there is none to take (build from source), 1 when the
# download's sum does not match or the binary cannot be put in place. Called where `set -e` does
# not apply, so each step that can fail says what happens then.
install_release() {
  local version target archive dir binary url expected actual problem
  if ! [[ $1 =~ ^=?([0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?)$ ]]; then
    no_release_binary "\`$1\` is a version requirement, and a release is one exact version"
    return
  fi
  version=${BASH_REMATCH[1]}
  if ! target=$(release_target "${RUNNER_OS:-}" "${RUNNER_ARCH:-}"); then
    no_release_binary "the release has no binary for ${RUNNER_OS:-this system} on ${RUNNER_ARCH:-this processor}"
    return
  fi
  archive=$(release_archive "$target" "$version")
  dir=$(release_dir "$target" "$version")
  binary=$(release_binary "$target")
  url="$releases/v$version/$archive"

  if ! problem=$(download "$url" "$work/$archive"); then
    no_release_binary "no release binary for $target at $url ($problem)"
    return
  fi
  if ! problem=$(download "$url.sha256" "$work/$archive.sha256"); then
    no_release_binary "no published SHA-256 sum at $url.sha256 ($problem), so the release binary cannot be checked"
    return
  fi
  expected=$(head -c 64 "$work/$archive.sha256")
  if ! [[ $expected =~ ^[0-9a-f]{64}$ ]]; then
    no_release_binary "$url.sha256 does not begin with a SHA-256 sum"
    return
  fi
  actual=$(sha256_of "$work/$archive")
  if [ "$actual" != "$expected" ]; then
    echo "::error title=cargo-ready::$archive does not match its published SHA-256 sum (expected $expected, downloaded $actual): it was not installed. The release asset or the download was altered; install from source with \`cargo install cargo-ready --locked --version $version\` until it is resolved" >&2
    return 1
  fi

  mkdir "$work/unpacked" || return 1
  case $archive in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$work/$archive" "$dir/$binary" -d "$work/unpacked" || true
      else
        7z x -bd -y "-o$work/unpacked" "$work/$archive" "$dir/$binary" >/dev/null || true
      fi
      ;;
    *) tar -xzf "$work/$archive" -C "$work/unpacked" "$dir/$binary" || true ;;
  esac
  if [ ! -f "$work/unpacked/$dir/$binary" ] || [ -L "$work/unpacked/$dir/$binary" ]; then
    no_release_binary "$archive has no file $dir/$binary"
    return
  fi
  mkdir -p "$root/bin" \
    && cp "$work/unpacked/$dir/$binary" "$root/bin/$binary.part" \
    && chmod 755 "$root/bin/$binary.part" \
    && mv -f "$root/bin/$binary.part" "$root/bin/$binary" \
    || return 1
  echo "cargo-ready $version for $target from the release, SHA-256 checked: $("$root/bin/$binary" --version)"
}

if [ -x "$bin" ]; then
  echo "cargo-ready from the cache: $("$bin" --version)"
elif [ -n "${CARGO_READY_VERSION:-}" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  status=0
  install_release "$CARGO_READY_VERSION" || status=$?
  if [ "$status" -eq 3 ]; then
    cargo install cargo-ready --locked --version "$CARGO_READY_VERSION" --root "$root"
  elif [ "$status" -ne 0 ]; then
    exit "$status"
  fi
else
  cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$root"
fi
echo "$root/bin" >> "$GITHUB_PATH"
