#!/usr/bin/env bash
# Install the Debian packages parallax needs to build, test and run.
# As root it runs apt-get; otherwise it names the missing packages and fails.
#   scripts/deps.sh           build + test packages
#   scripts/deps.sh bench     also what the benchmarks and model-fitting scripts use
set -euo pipefail
pkgs=(gcc make cmake pkg-config clang libclang-rt-14-dev python3
      libutf8proc-dev libstemmer-dev libjansson-dev libcjson-dev zlib1g-dev libxxhash-dev
      libxml2-dev libsqlite3-dev sqlite3 libicu-dev libcmocka-dev libexttextcat-dev chromium)
[ "${1:-}" = bench ] && pkgs+=(python3-numpy python3-sklearn time nodejs $(command -v npm >/dev/null || echo npm))
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "parallax needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
