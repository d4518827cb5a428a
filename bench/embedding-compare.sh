#!/usr/bin/env bash
# Side by side in one run: fastembed-js 1.14.4 and transformers.js (npm, installed into a temporary folder with
# ONNXRUNTIME_NODE_INSTALL=skip) embed the same texts from the same fp32 ONNX file, loaded from local folders; then
# EmbeddingBenchmark measures raw ONNX Runtime Java and the Corvid service path on those texts and writes all of it
# to docs/benchmarks/embedding.md.
# Usage: ./corvid bench embedding
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node_embedders "$tmp" fastembed@1.14.4

mkdir -p platform-app/target
echo "fastembed-js and transformers.js on the same texts (a few minutes)"
gunzip -c test-data/markov/brown-messages.jsonl.gz > "$tmp/brown-messages.jsonl"
for library in fastembed transformers; do
  NODE_PATH="$tmp/node_modules" node bench/embedding-compare.js "$library" "$tmp/brown-messages.jsonl" \
    "$tmp/models" platform-app/target/embedding-node.json
done
./mvnw -B verify -pl platform-app -am -Dtest=EmbeddingBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
