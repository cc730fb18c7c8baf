#!/usr/bin/env bash
# The Python speed peer for `stancetag bench` (a measuring aid, NOT part of CI).
#
# Runs Hugging Face transformers on the same sentences with the same encoder
# size as the shipped NER model: all-MiniLM-L6-v2 from deps/minilm with a
# randomly initialised 9-label token-classification head (accuracy is
# meaningless; speed is the point). See scripts/python_peer.py for what is
# timed.
#
# Usage:
#   bash scripts/provision.sh                      # deps/minilm (once)
#   bash scripts/python_peer.sh --setup-only       # build the venv (once, ~1 GB)
#   bash scripts/python_peer.sh CONLL_FILE [--limit N] [--threads 1 2] [--runs 3]
# e.g.
#   bash scripts/python_peer.sh /path/to/conll2003/test.txt --limit 1000
#
# The venv lives in deps/py (git-ignored). Only PyPI is needed. PyPI's torch
# 2.4.1 wheel is the CUDA build: its libtorch_cpu.so alone needs only the two
# CUDA runtime wheels (enough for the Rust build, see scripts/provision.sh), but
# `import torch` also loads libtorch_cuda.so and libtorch_python.so, which link
# cuBLAS, cuDNN, cuFFT, cuRAND, cuSPARSE, NCCL and NVTX at load time. So torch
# is installed with --no-deps plus exactly those wheels (about 1.7 GB; never
# called on CPU), leaving out the ones loaded only on use (cuSOLVER, NVRTC,
# triton), then torch's pure-Python dependencies and transformers (which does
# not depend on torch, so pip pulls nothing more).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/deps/py"
log() { printf 'python_peer: %s\n' "$*" >&2; }

if [ ! -f "$venv/.complete" ]; then
  log "creating the venv in deps/py"
  rm -rf "$venv"
  python3 -m venv "$venv"
  pip=("$venv/bin/python" -m pip --disable-pip-version-check)
  # deps/wheels may already hold the CUDA runtime wheels (scripts/provision.sh).
  links=()
  [ -d "$root/deps/wheels" ] && links=(--find-links "$root/deps/wheels")
  # pip then warns that torch's other CUDA wheels and triton are missing: expected.
  "${pip[@]}" install --quiet --no-deps "${links[@]}" \
    torch==2.4.1 \
    nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105 \
    nvidia-cublas-cu12==12.1.3.1 nvidia-cudnn-cu12==9.1.0.70 nvidia-cufft-cu12==11.0.2.54 \
    nvidia-curand-cu12==10.3.2.106 nvidia-cusparse-cu12==12.1.0.106 nvidia-nvjitlink-cu12==12.1.105 \
    nvidia-nccl-cu12==2.20.5 nvidia-nvtx-cu12==12.1.105
  "${pip[@]}" install --quiet \
    filelock typing-extensions sympy networkx jinja2 fsspec mpmath MarkupSafe \
    numpy==1.26.4 transformers==4.46.3
  "$venv/bin/python" -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)' >&2
  touch "$venv/.complete"
fi

if [ "${1:-}" = "--setup-only" ]; then
  exit 0
fi
if [ ! -f "$root/deps/minilm/model.safetensors" ]; then
  log "deps/minilm is missing: run scripts/provision.sh first"
  exit 1
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
# Not niced: a timing run must compete with other work on equal terms (as
# `stancetag bench` does); run it on an otherwise idle machine where you can.
exec "$venv/bin/python" "$root/scripts/python_peer.py" --encoder "$root/deps/minilm" "$@"
