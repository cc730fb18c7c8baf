#!/usr/bin/env bash
# The test suite on a fresh machine: provision, then every test of the
# workspace (unit, integration, doc tests; model tests use the shipped models
# in models/). Extra arguments go to `cargo test`, e.g. `-- --ignored` for
# the slow tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
cargo test --release --locked --workspace "$@"
