#!/usr/bin/env bash
# Where the embedding service's CPU goes, fp32 and int8 side by side in one run (issue 15, parts 1 and 3).
# - Raw B in a JVM of its own (RawEmbeddingLoad: one single-threaded ONNX Runtime session used by one thread per
#   core, texts tokenized, sorted by length, cut into batches of the service's token budget), its process CPU measured;
#   the model as shipped and the CLS-row graph the service runs (ClsGraph), taking turns in the same process.
# - The service: the packaged platform as `./corvid run` starts it (platform-app/jvm.options), pool profile cloud,
#   the vector cache off (the same texts repeat), driven by wrk in its own process over loopback, 32 texts per
#   request, 4 connections; short texts also with `"encoding_format": "base64"`, what the OpenAI Python client sends
#   unless told otherwise (it decodes the vectors itself). The platform's process CPU (/proc/PID/stat) and wrk's (getrusage) are measured apart,
#   and the platform's per-thread CPU is grouped by thread name.
# - int8 with AMX, and int8 with AMX refused by the kernel (an LD_PRELOAD shim makes ONNX Runtime's
#   arch_prctl(ARCH_REQ_XCOMP_PERM) request fail, so MLAS falls back to its AVX-512 VNNI kernels): needs a C compiler.
# - A JFR recording of one service run per model: the hottest Java frames (native ONNX Runtime time shows as the
#   worker threads' CPU).
# - transformers.js at its best batch size on the same texts.
# Writes docs/benchmarks/embedding-cpu.md. Usage: ./corvid bench embedding-cpu
#   (env: RUN_SECONDS=20 WARMUP_SECONDS=30 START_WARMUP_SECONDS=90 PORT=18186 BUDGET=256, the token budget of both raw B and the service)
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${RUN_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
# After a start the JIT keeps compiling for minutes (a thousand-odd methods a minute at 60-90 s, as rarer paths
# cross tiered thresholds): the first warm-up is longer, so the window measures the steady state, not the start.
START_WARMUP_SECONDS=${START_WARMUP_SECONDS:-90}
BUDGET=${BUDGET:-256}
PORT=${PORT:-18186}
. bench/lib.sh
need wrk wrk
need python3 python3
multi_run_setup
node_embedders "$root"
out=docs/benchmarks/embedding-cpu.md
classes=platform-app/target/test-classes:platform-app/target/classes
./mvnw -B -q test-compile -pl platform-app
./mvnw -B -q dependency:build-classpath -pl platform-app -Dmdep.includeScope=test -Dmdep.outputFile="$root/cp.txt"
gunzip -c test-data/markov/brown-messages.jsonl.gz > "$root/brown-messages.jsonl"
texts="$root/texts.json"
node bench/embedding-compare.js texts "$root/brown-messages.jsonl" "$root/models" "$texts"

# The kernel refuses AMX tile data to a process that loads this shim (ONNX Runtime asks through syscall(2)).
shim=""
if command -v cc >/dev/null; then
  cat > "$root/noamx.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/syscall.h>
long syscall(long number, ...) {
  static long (*real)(long, ...);
  va_list ap;
  va_start(ap, number);
  long a = va_arg(ap, long), b = va_arg(ap, long), c = va_arg(ap, long);
  long d = va_arg(ap, long), e = va_arg(ap, long), f = va_arg(ap, long);
  va_end(ap);
  if (number == SYS_arch_prctl && (a == 0x1022 || a == 0x1023)) { errno = EPERM; return -1; }
  if (!real) real = (long (*)(long, ...)) dlsym(RTLD_NEXT, "syscall");
  return real(number, a, b, c, d, e, f);
}
C
  cc -O2 -shared -fPIC -o "$root/noamx.so" "$root/noamx.c" -ldl && shim="$root/noamx.so"
fi

# Request bodies: 32 texts each, in the texts' order; short-b64 asks for base64 vectors.
python3 - "$texts" "$root" <<'PY'
import json, sys
texts = json.load(open(sys.argv[1]))["texts"]
for shape, items, extra in [(s, i, {}) for s, i in texts.items()] + [("short-b64", texts["short"], {"encoding_format": "base64"})]:
    with open(f"{sys.argv[2]}/bodies-{shape}.txt", "w") as f:
        for i in range(0, len(items), 32):
            f.write(json.dumps({"input": items[i:i + 32], **extra}) + "\n")
PY
cat > "$root/bodies.lua" <<'LUA'
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local n = 0
request = function()
  n = n % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[n])
end
LUA

results="$root/results.jsonl"
: > "$results"

# raw VARIANT SHAPE LABEL: one RawEmbeddingLoad process.
raw() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$classes:$(cat "$root/cp.txt")" dev.corvid.bench.RawEmbeddingLoad "$1" "$texts" "$2" "$RUN_SECONDS" \
    "$root/model-files" "$BUDGET" 2>/dev/null | grep '^{' | python3 -c "import json,sys
for line in sys.stdin:
    r = json.loads(line); r.update(kind='raw', label='$3'); print(json.dumps(r))" >> "$results"
}

ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
threads() { # per-thread CPU ticks of the platform, one "name ticks" line per thread
  for t in /proc/"$app"/task/*; do # a thread may end between the glob and the read (the JIT's come and go)
    { sed 's/^[0-9]* (\(.*\)) [A-Za-z] \(.*\)$/\1\t\2/' "$t/stat" 2>/dev/null || true; } |
      awk -F'\t' '{split($2, f, " "); print $1 "\t" f[11] + f[12]}'
  done
}

metrics() { # the embedding pool's counters: texts, real tokens, batches, padded tokens, inference seconds
  curl -sf "localhost:$PORT/q/metrics" | awk '
    /^corvid_embedding_texts_total/ {t = $NF} /^corvid_embedding_tokens_total/ {k = $NF}
    /^corvid_embedding_batch_padded_tokens_count/ {b = $NF} /^corvid_embedding_batch_padded_tokens_sum/ {p = $NF}
    /^corvid_embedding_inference_seconds_sum/ {s = $NF}
    END {printf "%s %s %s %s %s\n", t, k, b, p, s}'
}

# service VARIANT SHAPE LABEL: wrk against the running platform; platform CPU, wrk CPU, threads.
service() {
  local body="$root/bodies-$2.txt"
  BODIES=$body wrk -t1 -c4 -d"${WARMUP_SECONDS}s" -s "$root/bodies.lua" "http://127.0.0.1:$PORT/v1/embeddings" \
    > /dev/null # warm-up: JIT, ONNX Runtime's arena
  threads > "$root/threads-before.txt"
  metrics > "$root/metrics-before.txt"
  local before after
  before=$(ticks)
  BODIES=$body python3 -c "import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=open('$root/wrk.txt', 'w'))
r = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime + r.ru_stime)" \
    wrk -t1 -c4 -d"${RUN_SECONDS}s" -s "$root/bodies.lua" "http://127.0.0.1:$PORT/v1/embeddings" > "$root/wrk-cpu.txt"
  after=$(ticks)
  metrics > "$root/metrics-after.txt"
  threads > "$root/threads-after.txt"
  python3 - "$root" "$1" "$2" "$3" "$before" "$after" "$(getconf CLK_TCK)" >> "$results" <<'PY'
import json, re, sys
root, variant, shape, label, before, after, hz = sys.argv[1:8]
wrk = open(f"{root}/wrk.txt").read()
requests = int(re.search(r"(\d+) requests in ([\d.]+)s", wrk).group(1))
wall = float(re.search(r"(\d+) requests in ([\d.]+)s", wrk).group(2))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)
if errors:
    sys.exit(f"wrk got {errors.group(1)} error responses")
def load(name):
    out = {}
    for line in open(f"{root}/{name}"):
        thread, ticks = line.rstrip("\n").split("\t")
        out.setdefault(thread, []).append(int(ticks))
    return out
b, a = load("threads-before.txt"), load("threads-after.txt")
m0 = [float(x) for x in open(f"{root}/metrics-before.txt").read().split()]
m1 = [float(x) for x in open(f"{root}/metrics-after.txt").read().split()]
texts, tokens, batches, padded, inference = (y - x for x, y in zip(m0, m1))
groups = {}
for name, values in a.items():
    # Threads whose names differ only in numbers form one group (vert.x-eventloop-thread-0, -1, ...).
    key = re.sub(r"[0-9]+", "N", name)
    groups[key] = groups.get(key, 0) + (sum(values) - sum(b.get(name, [])))
# Texts the model embedded in the window (the server's counter): requests still in flight when wrk stops carry
# CPU, so counting only completed requests would charge their work to too few texts (32 chunks are seconds of work).
print(json.dumps({"kind": "service", "variant": variant, "shape": shape, "label": label, "texts": texts,
                  "completed": requests * 32,
                  "wall": wall, "cpu": (int(after) - int(before)) / int(hz),
                  "client_cpu": float(open(f"{root}/wrk-cpu.txt").read()),
                  "batchSize": texts / batches, "padding": padded / tokens, "inference": inference / texts,
                  "threads": {k: v / int(hz) for k, v in sorted(groups.items(), key=lambda kv: -kv[1]) if v > 0}}))
PY
}

settings="-Dcorvid.embedding.pool.profile=cloud -Dcorvid.embedding.cache.max-memory-mb=0 -Dcorvid.embedding.batch.max-tokens=$BUDGET"
for variant in fp32 int8 int8-vnni; do
  [ "$variant" = int8-vnni ] && [ -z "$shim" ] && continue
  model=${variant%-vnni}
  preload=""
  [ "$variant" = int8-vnni ] && preload=$shim
  echo "service, $variant"
  JVM_OPTS="$settings -Dcorvid.embedding.model=$model" LD_PRELOAD=$preload start_platform
  trap cleanup EXIT
  BODIES="$root/bodies-short.txt" wrk -t1 -c4 -d"${START_WARMUP_SECONDS}s" -s "$root/bodies.lua" \
    "http://127.0.0.1:$PORT/v1/embeddings" > /dev/null
  for shape in short chunks; do
    # Raw B right before and right after the service's windows, the platform idle meanwhile: this VM's speed drifts
    # by a few per cent over minutes, so the baseline is the two runs together and their difference is reported.
    echo "raw B, $variant, $shape"
    LD_PRELOAD=$preload raw "$model" "$shape" "$variant"
    for s in $shape $([ "$shape" = short ] && echo short-b64); do
      echo "service, $variant, $s"
      service "$model" "$s" "$variant"
    done
    echo "raw B again, $variant, $shape"
    LD_PRELOAD=$preload raw "$model" "$shape" "$variant"
  done
  kill "$app"; wait "$app" 2>/dev/null || true
  rm -rf "$work"
done

# Profiles: one service run per model under JFR, short texts.
jfr_top() { # recording -> the hottest frames of the platform's Java code
  "$JAVA_HOME/bin/jfr" view --width 150 hot-methods "$1" | sed -n '1,30p'
}
for model in fp32 int8; do
  echo "profile, $model"
  JVM_OPTS="$settings -Dcorvid.embedding.model=$model" start_platform
  trap cleanup EXIT
  for seconds in "$START_WARMUP_SECONDS" "$RUN_SECONDS"; do # a warm-up, then the recorded run
    [ "$seconds" = "$WARMUP_SECONDS" ] || "$JAVA_HOME/bin/jcmd" "$app" JFR.start name=bench settings=profile > /dev/null
    BODIES="$root/bodies-short.txt" wrk -t1 -c4 -d"${seconds}s" -s "$root/bodies.lua" \
      "http://127.0.0.1:$PORT/v1/embeddings" > /dev/null
  done
  "$JAVA_HOME/bin/jcmd" "$app" JFR.stop name=bench filename="$root/$model.jfr" > /dev/null
  jfr_top "$root/$model.jfr" > "$root/hot-$model.txt"
  kill "$app"; wait "$app" 2>/dev/null || true
  rm -rf "$work"
done

echo "int8 quality"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$classes:$(cat "$root/cp.txt")" dev.corvid.bench.Int8Quality test-data/embedding "$root/model-files" \
  2>/dev/null | grep '^{' > "$root/quality.json"

echo "transformers.js on the same texts"
NODE_PATH="$root/node_modules" node bench/embedding-compare.js transformers "$root/brown-messages.jsonl" \
  "$root/models" "$texts"

python3 - "$results" "$texts" "$out" "$(machine)" "$(grep -o -w -E 'avx2|avx512f|avx512_vnni|avx_vnni|avx512_bf16|amx_tile|amx_int8|amx_bf16' /proc/cpuinfo | sort -u | tr '\n' ' ')" \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)" "$(grep -v '^#' platform-app/jvm.options | grep . | tr '\n' ' ')" \
  "$RUN_SECONDS" "$root/hot-fp32.txt" "$root/hot-int8.txt" "${shim:+yes}" "$WARMUP_SECONDS" "$BUDGET" "$root/quality.json" "$START_WARMUP_SECONDS" <<'PY'
import json, sys, datetime
results_file, texts_file, out, machine, flags, java, jvm_options, seconds, hot32, hot8, shim, warmup, budget, quality, start_warmup = sys.argv[1:16]
quality = json.load(open(quality))
rows = [json.loads(l) for l in open(results_file)]
node = json.load(open(texts_file))
tjs = node["transformers"]
def runs(kind, label, shape, graph="shipped"):
    if kind == "raw":  # raw B returns vectors in memory: one baseline for both response formats
        shape = shape.replace("-b64", "")
    return [r for r in rows if r["kind"] == kind and r["label"] == label and r["shape"] == shape
            and r.get("graph", graph) == graph]
def get(kind, label, shape, graph="shipped"):  # raw B: its runs before and after the service's windows, pooled
    found = runs(kind, label, shape, graph)
    if len(found) == 1:
        return found[0]
    pooled = dict(found[0])
    for key in ("texts", "wall", "cpu"):
        pooled[key] = sum(r[key] for r in found)
    return pooled
def drift(label, shape):  # raw B's rate after the service's windows over its rate before them
    found = runs("raw", label, shape)
    return found[-1]["texts"] / found[-1]["wall"] / (found[0]["texts"] / found[0]["wall"])
def rate(r): return r["texts"] / r["wall"]
def per1000(r): return 1000 * r["cpu"] / r["texts"]
def adjusted(r):  # texts/s when the client's CPU is given back to the server: wall time the server had alone
    return r["texts"] / ((r["wall"] * CORES - r["client_cpu"]) / CORES)
CORES = get("raw", "fp32", "short")["cores"]
labels = [l for l in ("fp32", "int8", "int8-vnni") if any(r["label"] == l for r in rows)]
names = {"fp32": "fp32", "int8": "int8 (AMX)", "int8-vnni": "int8, AMX refused (AVX-512 VNNI)"}
shapes = {"short": "%d Brown sentences, %.1f tokens" % (len(node["texts"]["short"]), get("raw", "fp32", "short")["tokens"]),
          "chunks": "%d chunks, %.0f tokens" % (len(node["texts"]["chunks"]), get("raw", "fp32", "chunks")["tokens"])}
shapes["short-b64"] = shapes["short"] + ", vectors as base64 (the OpenAI Python client's default)"
SHAPES = ("short", "short-b64", "chunks")
L = []
L.append("# Embedding: CPU per text, service vs raw ONNX Runtime, fp32 vs int8")
L.append("")
L.append("Generated by `bench/embedding-cpu.sh` (`./corvid bench embedding-cpu`) on %s."
         % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
L.append("")
L.append("- Machine: %s; CPU flags: %s." % (machine, flags.strip()))
L.append("- %s; ONNX Runtime 1.24.2 (Maven `com.microsoft.onnxruntime:onnxruntime`, CPU). Models: BGE-small-en-v1.5 fp32 and its"
         " int8 twin (dynamic quantization: 72 `MatMulInteger` with uint8 activations and int8 weights, the U8S8 form"
         " MLAS runs on AMX) from the langchain4j artifacts." % java)
L.append("- **Raw B**: `RawEmbeddingLoad` in a JVM of its own: one single-threaded session shared by %d threads, the"
         " texts tokenized (timed), sorted by length and cut into batches of at most %s padded tokens (the service's"
         " `corvid.embedding.batch.max-tokens`), the same texts repeated for %s s after a warm-up pass; CPU = that"
         " process's CPU time. It runs the model as shipped (the baseline), and, taking turns with it pass by pass in"
         " the same process, the *CLS-row graph* the service runs (`ClsGraph`: the last layer computes only the [CLS]"
         " row that CLS pooling reads; fp32 gives the same vectors, int8 within 1e-4 of cosine): raw B on the service's"
         " own graph, so the service's overhead over ONNX Runtime shows apart from the graph's saving. It runs right before and right after the service's windows of the same model and texts"
         " (the platform idle meanwhile), and the baseline is both runs together: this VM's speed drifts by a few per"
         " cent over minutes, and the *raw B after / before* column shows by how much during each pair."
         % (CORES, budget, seconds))
L.append("- **Service**: the packaged platform (`platform-app/jvm.options`: `%s`), `corvid.embedding.pool.profile=cloud`"
         " (a worker per core), the vector cache off so the repeated texts are computed every time. Load: wrk in its own"
         " process, 1 thread, 4 connections, `POST /v1/embeddings` with 32 texts per request in the texts' order (vectors"
         " as JSON numbers, and for short texts also as base64: `openai-python` asks for base64 whenever its caller does"
         " not name a format), %s s"
         " after a %s s warm-up (the first shape after a start: %s s more of short texts, as the JIT still compiles a"
         " thousand-odd methods a minute at 60–90 s). Texts = what the model embedded in that window (`corvid_embedding_texts_total`; requests"
         " in flight at the end are partly done), rates = texts / wall. Server CPU = the platform process's user + system"
         " time (`/proc/PID/stat`), client CPU = wrk's (getrusage). *With the client's CPU subtracted* = texts / ((wall × %d cores − wrk CPU) / %d): the rate"
         " if the server had had the client's CPU too." % (jvm_options.strip(), seconds, warmup, start_warmup, CORES,
                                                           CORES))
if shim:
    L.append("- **AMX refused**: the same runs with an `LD_PRELOAD` shim that makes `arch_prctl(ARCH_REQ_XCOMP_PERM)`"
             " fail, so Linux never grants the process AMX tile data and MLAS uses its AVX-512 VNNI int8 kernels: the"
             " VNNI-only figure on the same machine.")
L.append("")
L.append("| texts | model | raw B texts/s | raw B CPU s per 1,000 | service texts/s | service / raw B |"
         " service with client CPU subtracted / raw B | service CPU s per 1,000 | service CPU / raw B CPU | wrk CPU s per 1,000 |"
         " texts per batch, raw B / service | padded ÷ real tokens, raw B / service | raw B after / before |"
         " raw B, CLS-row graph: texts/s, CPU s per 1,000 | service CPU / raw B CLS-row CPU |")
L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for shape in SHAPES:
    for label in labels:
        r, s = get("raw", label, shape), get("service", label, shape)
        c = get("raw", label, shape, "cls")
        L.append("| %s | %s | %.1f | %.2f | %.1f | %.0f %% | %.0f %% | %.2f | %.3f× | %.3f | %.1f / %.1f | %.3f / %.3f | %.3f | %.1f, %.2f | %.3f× |" % (
            shapes[shape], names[label], rate(r), per1000(r), rate(s), 100 * rate(s) / rate(r),
            100 * adjusted(s) / rate(r), per1000(s), per1000(s) / per1000(r), 1000 * s["client_cpu"] / s["texts"],
            r["batchSize"], s["batchSize"], r["padding"], s["padding"], drift(label, shape), rate(c), per1000(c),
            per1000(s) / per1000(c)))
L.append("")
L.append("**int8 / fp32, same texts, same run**:")
L.append("")
L.append("| texts | model | raw B | raw B, CLS-row graph | service |")
L.append("|---|---|---|---|---|")
for shape in SHAPES:
    for label in labels[1:]:
        L.append("| %s | %s | %.2f× | %.2f× | %.2f× |" % (shapes[shape], names[label],
                 rate(get("raw", label, shape)) / rate(get("raw", "fp32", shape)),
                 rate(get("raw", label, shape, "cls")) / rate(get("raw", "fp32", shape, "cls")),
                 rate(get("service", label, shape)) / rate(get("service", "fp32", shape))))
L.append("")
q = quality
L.append("**int8's quality on this machine** (`Int8Quality`; each text alone and inside one batch of its set, since dynamic"
         " quantization scales a whole batch's activations at once; tested in `ModelCorrectnessTest`):")
L.append("")
L.append("| texts | int8 vs fp32 cosine, worst / median, alone | in one batch | worst text |")
L.append("|---|---|---|---|")
for key, name in (("reference", "48 reference texts (`reference-fp32.jsonl`: English prose, chat, Markdown, code, 512 tokens)"),
                  ("hard", "%d hard texts (`hard-texts.jsonl`: 11 non-Latin scripts, full-width and compatibility forms, single characters, emoji, Discord chat, code, numbers)" % q["hard"]["texts"])):
    r = q[key]
    L.append("| %s | %.4f / %.4f | %.4f / %.4f | `%s` |" % (name, r["aloneWorst"], r["aloneMedian"], r["batchWorst"],
             r["batchMedian"], r["worstText"]))
L.append("")
L.append("Similarity pairs (`similarity-pairs.jsonl`): lowest related / highest unrelated cosine fp32 %.4f / %.4f, int8"
         " %.4f / %.4f: every related pair stays above every unrelated one. Retrieval on `hard-pairs.jsonl` (%d queries in"
         " other scripts, full-width, emoji, chat and code, each against all %d documents): own document nearest for %d"
         " (fp32) and %d (int8) (`ModelCorrectnessTest` checks int8 finds every one fp32 finds)." % (
             q["pairs"]["fp32"]["lowestRelated"], q["pairs"]["fp32"]["highestUnrelated"], q["pairs"]["int8"]["lowestRelated"],
             q["pairs"]["int8"]["highestUnrelated"], q["retrieval"]["fp32"]["queries"], q["retrieval"]["fp32"]["queries"],
             q["retrieval"]["fp32"]["top1"], q["retrieval"]["int8"]["top1"]))
L.append("")
L.append("**transformers.js %s** (onnxruntime-node, fp32, the same texts, CLS pooling, best of batches 32, 8, 1): short"
         " %.1f/s (batch %d), chunks %.1f/s (batch %d), its vectors in memory. Corvid's fp32 service / transformers.js:"
         " short %.2f× (%.2f× with base64 vectors), chunks %.2f× (plain throughput, wrk's CPU not subtracted)." % (
             tjs["version"], tjs["short"], tjs["shortBatch"], tjs["chunks"], tjs["chunksBatch"],
             rate(get("service", "fp32", "short")) / tjs["short"], rate(get("service", "fp32", "short-b64")) / tjs["short"],
             rate(get("service", "fp32", "chunks")) / tjs["chunks"]))
L.append("")
L.append("## Where the service's CPU goes, by thread (CPU seconds per 1,000 texts)")
L.append("")
L.append("Threads whose names differ only in numbers are summed. `embedding-worker` threads run ONNX Runtime (native)"
         " and the batch's tensor copies; tokenizing and validation run on `executor-thread`s, JSON on the"
         " `vert.x-eventloop`.")
L.append("")
cols = [(shape, label) for shape in SHAPES for label in labels]
names_all = []
for shape, label in cols:
    for k in get("service", label, shape)["threads"]:
        if k not in names_all:
            names_all.append(k)
L.append("| thread | " + " | ".join("%s, %s" % (shape.replace("-b64", ", base64"), names[label]) for shape, label in cols) + " |")
L.append("|---|" + "---|" * len(cols))
for k in names_all:
    vals = [get("service", label, shape)["threads"].get(k, 0) * 1000 / get("service", label, shape)["texts"] for shape, label in cols]
    if max(vals) >= 0.005:
        L.append("| `%s` | " % k + " | ".join("%.3f" % v for v in vals) + " |")
L.append("| **process** | " + " | ".join("%.3f" % per1000(get("service", label, shape)) for shape, label in cols) + " |")
L.append("| raw B process, for comparison | " + " | ".join("%.3f" % per1000(get("raw", label, shape)) for shape, label in cols) + " |")
L.append("| raw B process, CLS-row graph | " + " | ".join("%.3f" % per1000(get("raw", label, shape, "cls")) for shape, label in cols) + " |")
L.append("| time inside ONNX Runtime (`corvid_embedding_inference_seconds`, wall) | " + " | ".join(
    "%.3f" % (1000 * get("service", label, shape)["inference"]) for shape, label in cols) + " |")
L.append("")
for model, path in (("fp32", hot32), ("int8", hot8)):
    L.append("## JFR hot methods, service, short texts, %s" % model)
    L.append("")
    L.append("`jfr view hot-methods` of a %s s run after %s s of warm-up (JFR's `profile` settings; Java frames only:"
             " native ONNX Runtime time is not sampled here)." % (seconds, start_warmup))
    L.append("")
    L.append("```")
    L.extend(l.rstrip() for l in open(path))
    L.append("```")
    L.append("")
open(out, "w").write("\n".join(L) + "\n")
PY
cat "$out"
