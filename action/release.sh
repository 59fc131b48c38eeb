#!/usr/bin/env bash
# The release binaries' names, in one place: the release workflow packs them under these names
# (.ci/release-archive), the install step downloads them (install.sh), and
# `[package.metadata.binstall]` in Cargo.toml spells the same names as templates; a test holds
# the three together. Sourced by those scripts; defines functions only.

# The target triples the release workflow builds, one a line.
release_targets() {
  printf '%s\n' \
    x86_64-unknown-linux-musl \
    aarch64-unknown-linux-musl \
    x86_64-apple-darwin \
    aarch64-apple-darwin \
    x86_64-pc-windows-msvc
}

# Prints the release target for a runner's RUNNER_OS and RUNNER_ARCH, or returns 1 when the
# release has no binary for that platform.
release_target() {
  case "$1/$2" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

# Prints the archive's directory for TARGET and VERSION: `cargo-ready-TARGET-vVERSION`, the one
# directory the archive unpacks to (the binary, README.md, CHANGELOG.md and the licenses).
release_dir() {
  echo "cargo-ready-$1-v$2"
}

# Prints the archive's file name for TARGET and VERSION: the directory's name with `.tar.gz`,
# or `.zip` for Windows. Its SHA-256 sum is published beside it as `NAME.sha256`, in the form
# `sha256sum` writes (`HEX  NAME`).
release_archive() {
  case $1 in
    *-windows-*) echo "$(release_dir "$1" "$2").zip" ;;
    *) echo "$(release_dir "$1" "$2").tar.gz" ;;
  esac
}

# Prints the binary's file name for TARGET.
release_binary() {
  case $1 in
    *-windows-*) echo cargo-ready.exe ;;
    *) echo cargo-ready ;;
  esac
}

# Prints the SHA-256 sum of FILE in lowercase hex: sha256sum (Linux, Git Bash), else
# `shasum -a 256` (macOS).
sha256_of() {
  local line
  if command -v sha256sum >/dev/null 2>&1; then
    line=$(sha256sum -- "$1")
  else
    line=$(shasum -a 256 -- "$1")
  fi
  echo "${line%% *}"
}
