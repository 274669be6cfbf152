#!/usr/bin/env bash
# Installs the build chain cargo-leptos needs, from crates.io only. cargo-leptos
# would otherwise try to download wasm-bindgen/wasm-opt from the internet.
# Every step is skipped when the right version is already on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Tool builds need no fat LTO; it turns minutes into half an hour on 2 cores.
export CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

scripts/install-cargo-leptos.sh

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
  log "installing wasm-bindgen-cli $wb_version"
  if ! cargo install wasm-bindgen-cli --version "=$wb_version" --locked; then
    # Its lock may pin a crate that wants a newer rustc; re-resolve it a patch lower.
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$wb_version" | head -n1)
    work=$(mktemp -d); cp -r "$src" "$work/cli"
    cur=$(awk '/^name = "webpki-roots"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$work/cli/Cargo.lock")
    lower="${cur%.*}.$(( ${cur##*.} - 1 ))"
    (cd "$work/cli" && cargo update -p "webpki-roots@$cur" --precise "$lower" && cargo install --path . --locked)
    rm -rf "$work"
  fi
fi

# The crates.io wasm-opt (binaryen 116). Debian's binaryen 108 breaks hydration.
if ! wasm-opt --version 2>/dev/null | grep -q 'version 116'; then
  log "installing wasm-opt (binaryen 116) from crates.io"
  cargo install wasm-opt --version 0.116.1 --locked
fi
