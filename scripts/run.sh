#!/usr/bin/env bash
# The main job on a fresh machine: provision libtorch and the base encoder,
# build stancetag, and tag corpus/ with the shipped models.
# Output: out/corpus.jsonl (one tagged document per line).
# Idempotent; a second run only re-tags.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
cargo build --release --locked -p stancetag-cli
mkdir -p out
./target/release/stancetag tag corpus/ -o out/corpus.jsonl
echo "run: wrote out/corpus.jsonl; the 25 most mentioned actors:" >&2
./target/release/stancetag summary out/corpus.jsonl --top 25
echo "run: the 10 strongest edges of the actor network (who acts on, blames or backs whom):" >&2
./target/release/stancetag network out/corpus.jsonl --top 10
