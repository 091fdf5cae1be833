# Shared by scripts/serve and scripts/test: install exactly what is missing, skip what is there.
# Versions are pinned here and nowhere else (see ../shared/docs/TOOLCHAIN.md for why these).

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml
# nslookup, dig and host for the collector's tests (tests/cli/collect.rs), Debian 12's build.
DNSUTILS_VERSION=1:9.18.49-1~deb12u3

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

# ensure_cargo_tool BINARY CRATE VERSION [cargo install flags...]
ensure_cargo_tool() {
  local bin=$1 crate=$2 version=$3; shift 3
  if "$bin" --version 2>/dev/null | grep -q " $version\$"; then return; fi
  say "installing $crate $version (compiles from crates.io; takes minutes once)"
  cargo install "$crate" --version "$version" --force "$@"
}

# npm packages from package-lock.json, reinstalled only when the lock file changes.
ensure_npm_packages() {
  local stamp=node_modules/.kvdoctor-lock
  local want; want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  say "installing npm packages (binaryen, esbuild, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_cargo_tool trunk trunk "$TRUNK_VERSION" --locked
  # Not --locked: one locked dependency of wasm-bindgen-cli is missing from the registry.
  ensure_cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
  ensure_npm_packages
}

ensure_test_tools() {
  if ! dpkg -s chromium chromium-driver >/dev/null 2>&1; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
  if [ "$(dpkg-query -W -f '${Version}' bind9-dnsutils 2>/dev/null)" != "$DNSUTILS_VERSION" ]; then
    say "installing Debian's bind9-dnsutils $DNSUTILS_VERSION (nslookup, dig, host)"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "bind9-dnsutils=$DNSUTILS_VERSION"
  fi
  ensure_npm_packages
}

# The release build of the page into dist/ (wasm-opt from node_modules/.bin).
build_page() {
  say "building the page (release)"
  PATH="$PWD/node_modules/.bin:$PATH" trunk build --release
}
