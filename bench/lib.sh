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
