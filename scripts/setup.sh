#!/usr/bin/env bash
# Installs what Kiln needs on Debian 12: the apt packages below and the Python
# venv (.venv) that only the tests use. A fast no-op when all is present.
#   KILN_SKIP_VENV=1  skip the venv
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# third_party/DEPENDENCIES.md says what each package is for.
packages=(
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools
  libprotobuf-dev protobuf-compiler libdnnl-dev catch2 zlib1g-dev libpng-dev
  ninja-build cmake g++ dataset-fashion-mnist python3-venv python3-pip
)
did=()

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
  [[ $status == ii* ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  did+=("apt: ${missing[*]}")
fi
# MLIR's CMake package refers to mlir-tblgen (Debian: /usr/lib/llvm-19/bin/mlir-tblgen,
# linked as /usr/bin/mlir-tblgen-19).
if [[ ! -x /usr/lib/llvm-19/bin/mlir-tblgen ]]; then
  echo "setup: /usr/lib/llvm-19/bin/mlir-tblgen is missing (package mlir-19-tools)" >&2
  exit 1
fi

if [[ ${KILN_SKIP_VENV:-0} != 1 ]]; then
  req=requirements-test.txt
  stamp=.venv/.kiln-requirements.sha256
  want=$(sha256sum "$req" | cut -d' ' -f1)
  if ! .venv/bin/python -c '' 2>/dev/null; then
    rm -rf .venv
    echo "setup: creating .venv"
    /usr/bin/python3 -m venv .venv 2>/dev/null || { rm -rf .venv; python3 -m venv .venv; }
  fi
  if [[ $(cat "$stamp" 2>/dev/null) != "$want" ]]; then
    echo "setup: installing $req into .venv"
    PIP_NO_INPUT=1 .venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
    echo "$want" >"$stamp"
    did+=("venv: $req")
  fi
fi

if ((${#did[@]})); then
  printf 'setup: done (%s)\n' "${did[*]}"
else
  echo "setup: all dependencies present"
fi
