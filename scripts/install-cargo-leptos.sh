#!/usr/bin/env bash
# Installs cargo-leptos at a pinned version. Its published Cargo.lock pins
# cargo-util-schemas 0.14.2, which needs a newer rustc than some machines
# have; when the locked install fails we re-resolve that one crate a patch
# lower and install from the unpacked source.
set -euo pipefail
VERSION="${CARGO_LEPTOS_VERSION:-0.3.11}"
if command -v cargo-leptos >/dev/null && cargo-leptos --version 2>/dev/null | grep -q "$VERSION"; then
  exit 0
fi
# Tool installs do not need fat LTO; this cuts a ~25 min build to a few.
export CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
if cargo install cargo-leptos --version "$VERSION" --locked; then
  exit 0
fi
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/cargo-leptos-"$VERSION" | head -n1)
work=$(mktemp -d)
cp -r "$src" "$work/cargo-leptos"
cd "$work/cargo-leptos"
cargo update -p cargo-util-schemas --precise 0.14.1
cargo install --path . --locked
rm -rf "$work"
