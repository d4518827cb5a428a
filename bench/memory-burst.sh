#!/usr/bin/env bash
# Memory after a burst, per garbage collector: the packaged platform imports 7 scopes of the Brown corpus (57,340
# messages each, through the streamed import endpoint), then idles; RSS, heap committed/used and the chains' weighed
# bytes are sampled every 2 s from the start of the burst to the end of the idle time. One run per collector setting
# (COLLECTORS), side by side; generation latency with wrk on one scope after the idle time. Writes
# docs/benchmarks/memory.md with an SVG plot of RSS over time (docs/benchmarks/memory-rss.svg).
# Usage: ./corvid bench memory   (env: IDLE=90 PORT=18186 COLLECTORS as name=options;...)
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE=${IDLE:-90}
PORT=${PORT:-18186}
SCOPES=7
THREADS=1
DURATION=10
KEY="bench-writer-key-0123456789abcdef"
COLLECTORS=${COLLECTORS:-"serial (before issue 15)=-XX:-UseG1GC -XX:+UseSerialGC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:GCTimeRatio=99;jvm.options (G1, periodic full GC 10 s, free 5-15, GC time ratio 4)="}
. bench/lib.sh
multi_run_setup
python3 - "$root/brown.ndjson" <<'PY'
import gzip, json, sys
with gzip.open("test-data/markov/brown-messages.jsonl.gz", "rt") as f, open(sys.argv[1], "w") as out:
    for line in f:
        m = json.loads(line)
        out.write(json.dumps({"id": m["id"], "content": m["content"], "author": m["author"]}) + "\n")
PY

metric() { # metrics-text name [label-filter]
  echo "$1" | awk -v n="$2" -v f="${3:-}" 'index($0, n "{") == 1 && index($0, f) > 0 {s += $NF} END {printf "%.0f", s}'
}
sample() { # label t0
  local m
  m=$(curl -sf "localhost:$PORT/q/metrics" || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$(echo "$(date +%s.%N) - $2" | bc)" "$(( $(ps -o rss= -p "$app") * 1024 ))" \
    "$(metric "$m" jvm_memory_committed_bytes 'area="heap"')" "$(metric "$m" jvm_memory_used_bytes 'area="heap"')" \
    "$(metric "$m" corvid_markov_cache_bytes)" >> "$root/samples.tsv"
}

: > "$root/samples.tsv"
: > "$root/rows.md"
IFS=';' read -ra settings <<< "$COLLECTORS"
for setting in "${settings[@]}"; do
  name=${setting%%=*}
  JVM_OPTS="-Xmx4g ${setting#*=}"
  start_platform
  trap cleanup EXIT
  t0=$(date +%s.%N)
  sample "$name" "$t0"
  for s in $(seq 1 $SCOPES); do
    curl -sf -o /dev/null -H "X-API-Key: $KEY" -H 'Content-Type: application/x-ndjson' -X POST -T "$root/brown.ndjson" \
      "localhost:$PORT/api/v1/markov/scopes/burst-$s/import" &
    importer=$!
    while kill -0 "$importer" 2>/dev/null; do sample "$name" "$t0"; sleep 2; done
    wait "$importer"
  done
  burst=$(echo "$(date +%s.%N) - $t0" | bc)
  for _ in $(seq 1 $((IDLE / 2))); do sample "$name" "$t0"; sleep 2; done
  : > "$work/raw.txt"
  cat > "$work/generate.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
LUA
  row=$(wrk_row "$name" 4 "http://127.0.0.1:$PORT/api/v1/markov/scopes/burst-1/generate" "$work/generate.lua")
  python3 - "$root/samples.tsv" "$name" "$burst" "$row" >> "$root/rows.md" <<'PY'
import sys
path, name, burst, row = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.startswith(name + "\t")]
rss = [int(r[2]) for r in rows]
last = rows[-1]
weighed = int(last[5])
goal = 1.3 * (weighed + 350 * 2**20)
mb = lambda b: f"{int(b) / 2**20:,.0f} MB"
cells = row.strip().strip("|").split("|")
print(f"| {name} | {mb(max(rss))} | {mb(last[2])} | {mb(last[3])} / {mb(last[4])} | {mb(weighed)} | {mb(goal)} |"
      f" {'yes' if int(last[2]) <= goal else 'no'} | {burst:.0f} s | {cells[2].strip()} / {cells[3].strip()} |")
PY
  kill "$app"; wait "$app" 2>/dev/null || true
  app=""
  rm -rf "$work"
done

python3 - "$root/samples.tsv" docs/benchmarks/memory-rss.svg <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
series = {}
for r in rows:
    series.setdefault(r[0], []).append((float(r[1]), int(r[2]) / 2**20))
w, h, pad = 760, 360, 50
tmax = max(t for s in series.values() for t, _ in s)
ymax = max(v for s in series.values() for _, v in s) * 1.1
x = lambda t: pad + (w - 2 * pad) * t / tmax
y = lambda v: h - pad - (h - 2 * pad) * v / ymax
colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
       f'<rect width="{w}" height="{h}" fill="white"/>',
       f'<line x1="{pad}" y1="{h-pad}" x2="{w-pad}" y2="{h-pad}" stroke="black"/>',
       f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h-pad}" stroke="black"/>',
       f'<text x="{w/2}" y="{h-12}" text-anchor="middle">seconds since the burst began</text>',
       f'<text x="14" y="{h/2}" transform="rotate(-90 14 {h/2})" text-anchor="middle">RSS (MB)</text>']
for i in range(6):
    v = ymax * i / 5
    out.append(f'<text x="{pad-4}" y="{y(v)+4}" text-anchor="end">{v:.0f}</text>')
    t = tmax * i / 5
    out.append(f'<text x="{x(t)}" y="{h-pad+14}" text-anchor="middle">{t:.0f}</text>')
for i, (name, pts) in enumerate(series.items()):
    c = colors[i % len(colors)]
    out.append(f'<polyline fill="none" stroke="{c}" stroke-width="1.5" points="' +
               " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in pts) + '"/>')
    out.append(f'<text x="{pad+10}" y="{pad+14*i}" fill="{c}">{name}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out))
PY

{
  echo "# Memory after a burst, per garbage collector"
  echo
  echo "Generated by \`bench/memory-burst.sh\` (\`./corvid bench memory\`) on $(date -u +%Y-%m-%dT%H:%M:%SZ)."
  echo
  echo "- Machine: $(machine); curl, wrk and PostgreSQL share the cores with the platform."
  echo "- Each run: the packaged platform (platform-app/jvm.options, -Xmx4g, then the setting) imports $SCOPES scopes of"
  echo "  the 57,340 Brown messages one after the other through \`POST .../import\`, then idles ${IDLE} s; RSS, heap and the"
  echo "  chains' weighed bytes (\`corvid_markov_cache_bytes\`) every 2 s; then wrk -c4 ${DURATION} s on one scope's"
  echo "  \`/generate\`. Goal: RSS at the end of the idle time ≤ 1.3 × (chains' weighed bytes + 350 MB)."
  echo
  echo "| setting | RSS peak | RSS after ${IDLE} s idle | heap committed / used then | chains weighed | goal | met | burst | generate p50 / p99 |"
  echo "|---|---|---|---|---|---|---|---|---|"
  cat "$root/rows.md"
  echo
  echo "![RSS over time](memory-rss.svg)"
} > docs/benchmarks/memory.md
cat docs/benchmarks/memory.md
