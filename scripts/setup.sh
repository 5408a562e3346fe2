#!/usr/bin/env bash
# Set up everything Policybook needs on a fresh Debian machine; cheap to re-run.
#   scripts/setup.sh          the site: Python virtualenv with the engine and MkDocs
#   scripts/setup.sh --test   also what the test suite needs (browser, spelling dictionaries)
#   scripts/setup.sh --editor also a writer's editor tooling (commit hook, front-matter linter)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true
want_editor=false
[[ "${1:-}" == "--editor" ]] && want_editor=true

# --- Debian packages -------------------------------------------------------------------------
# aspell + a dictionary for every configured locale that Debian has (`policybook spell`), and
# hunspell with the French and Arabic dictionaries, which `policybook spell` prefers for those
# languages (see src/policybook/spelling.py); chromium for browser tests and screenshots; fonts
# so pages render offline without web fonts.
packages=(aspell aspell-en aspell-es aspell-fr aspell-de aspell-pt-br aspell-ar hunspell hunspell-fr hunspell-ar)
$want_test && packages+=(chromium fonts-dejavu-core)
# npm installs the diagram library the site serves (Mermaid). Debian's npm only where there is none
# yet: a NodeSource nodejs package brings its own npm and conflicts with Debian's.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python ----------------------------------------------------------------------------------
venv=${VENV:-.venv}
python=${PYTHON:-python3}
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
extras=site
# The test suite smoke-runs every benchmark, so it needs the benchmarks' extra too.
$want_test && extras=site,test,bench
$want_editor && extras=site,editor
stamp="$venv/.policybook-$(sha256sum pyproject.toml | cut -c1-16)-$extras"
if [[ ! -f "$stamp" ]]; then
  echo "setup: installing Python packages ($extras)"
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -e ".[$extras]"
  rm -f "$venv"/.policybook-*
  touch "$stamp"
fi
# --- npm packages (the site's diagram library, schemas, browser assets; installed, never committed)
# Every set-up: the site build copies node_modules/mermaid/dist/mermaid.min.js and fails without it.
lock_stamp="node_modules/.policybook-$(sha256sum package-lock.json | cut -c1-16)"
if [[ ! -f "$lock_stamp" ]]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --silent
  touch "$lock_stamp"
fi
echo "setup: ready ($venv, extras: $extras)"
