#!/usr/bin/env bash
# The dashboards and alert rules against the running platform, in a real Prometheus (Debian's 2.42, unpacked without
# its package scripts): promtool checks the rules and the compose config and runs the rules' unit tests; then the
# packaged app starts on loopback, Prometheus scrapes it every second, a little traffic goes through each module, and
# deploy/test/promql_check.py evaluates every expression of grafana/ through Prometheus' HTTP API.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/test/lib.sh
need curl curl
need python3 python3
cache=${CORVID_OPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/corvid-ops}
unpacked prometheus "$cache/prometheus"
bin=$cache/prometheus/usr/bin

echo "== promtool"
"$bin/promtool" check rules grafana/alerts/corvid.rules.yml
"$bin/promtool" test rules grafana/alerts/tests/*.yml
work=$(mktemp -d /tmp/corvid-prometheus-test.XXXXXX)
mkdir -p "$work/compose/rules"
cp deploy/compose/prometheus/prometheus.yml "$work/compose/"
cp grafana/alerts/corvid.rules.yml "$work/compose/rules/"
"$bin/promtool" check config "$work/compose/prometheus.yml"
pass "rules, rule tests and the compose Prometheus config"

app_port=$(free_port)
prom_port=$(free_port)
app_pid="" prom_pid=""
cleanup() {
  [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== start the packaged platform on 127.0.0.1:$app_port"
[ -f platform-app/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package
java_home=$(./corvid java-home)
mkdir -p "$work/app"
(cd "$work/app" && exec "$java_home/bin/java" @"$OLDPWD/platform-app/jvm.options" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$app_port" -Dcorvid.platform.readiness-interval=1S -Dcorvid.mlregistry.drift.interval=1S \
  -Dcorvid.datasource.embedded.data-dir="$work/app/pg" -jar "$OLDPWD/platform-app/target/quarkus-app/quarkus-run.jar" \
  >"$work/app.log" 2>&1) &
app_pid=$!
base=http://127.0.0.1:$app_port
wait_http "$base/q/health/ready" 120 || { tail -n 30 "$work/app.log"; fail "the platform did not start"; }

cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $PWD/grafana/alerts/corvid.rules.yml
scrape_configs:
  - job_name: corvid
    metrics_path: /q/metrics
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
YAML
"$bin/promtool" check config "$work/prometheus.yml" >/dev/null
"$bin/prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
prom=http://127.0.0.1:$prom_port
wait_http "$prom/-/ready" 60 || { tail -n 20 "$work/prometheus.log"; fail "Prometheus did not start"; }

echo "== traffic through each module"
key=$(cat "$work/app/data/admin-key")
auth=(-H "Authorization: Bearer $key" -H 'Content-Type: application/json')
for round in 1 2 3; do
  messages=$(python3 -c "import json; print(json.dumps([{'id': f'r$round-{i}', 'content': f'the crow number {i} \
flies over the river and the crow number {i+1} follows it'} for i in range(50)]))")
  curl -sf "${auth[@]}" -d "$messages" "$base/api/v1/markov/scopes/prometheus-test/messages/batch" >/dev/null
  curl -sf "${auth[@]}" -d '{"randomSeed": '$round'}' "$base/api/v1/markov/scopes/prometheus-test/generate" >/dev/null
  curl -sf "${auth[@]}" -d '{"input": ["a short text", "another short text, round '$round'"]}' \
    "$base/v1/embeddings" >/dev/null
  curl -s -o /dev/null "${auth[@]}" -d '{"name": "prom-model"}' "$base/api/v1/registry/models"
  curl -s -o /dev/null "${auth[@]}" -d '{"source": "s3://models/prom/'$round'"}' \
    "$base/api/v1/registry/models/prom-model/versions"
  curl -sf "${auth[@]}" -d '[{"predicted": "a", "actual": "a", "confidence": 0.9},
    {"predicted": "b", "actual": "a", "confidence": 0.4}]' \
    "$base/api/v1/registry/models/prom-model/versions/1/predictions/bulk" >/dev/null
  curl -sf "$base/api/2.0/mlflow/registered-models/get?name=prom-model" \
    >/dev/null || true
  curl -s -o /dev/null "$base/api/v1/markov/scopes/no-such-scope/generate" -X POST "${auth[@]}" -d '{"mode": "bad"}'
  curl -s -o /dev/null "$base/no/such/route"
done
curl -sf "${auth[@]}" -X PUT -d '{"mean": 0.9, "stddev": 0.05, "count": 100}' \
  "$base/api/v1/registry/models/prom-model/versions/1/baseline" >/dev/null
curl -sf "$base/api/v1/registry/models/prom-model/versions/1/drift" >/dev/null
curl -sf "${auth[@]}" -d '{"name": "prom-ab", "model": "prom-model", "versionA": 1, "versionB": 2, "trafficToB": 0.5}' \
  "$base/api/v1/registry/ab-tests" >/dev/null
curl -sf "$base/api/v1/registry/ab-tests/prom-ab/assignment?key=user-1" >/dev/null

# Enough samples for the 5-minute rates: the traffic's counters changed between scrapes.
for i in $(seq 1 60); do
  n=$(curl -sf "$prom/api/v1/query?query=count_over_time(up%7Bjob%3D%22corvid%22%7D%5B5m%5D)" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(int(float(r[0]["value"][1])) if r else 0)')
  [ "$n" -ge 8 ] && break
  sleep 1
done
echo "== every expression of grafana/ through Prometheus"
python3 deploy/test/promql_check.py "$prom" "$base/q/metrics" "$PWD"
echo "prometheus test: all passed"
