#!/usr/bin/env bash
# Side by side in one run: markov-strings 3.0.4 (the library markov-discord's store descends from) on the 57,340
# Brown messages with state size 2, then the Corvid engine on the same messages under JMH (bench/markov-jmh.sh),
# then MarkovBenchmark (the service path, plus the 1M-message goals), which puts all of it in
# docs/benchmarks/markov.md. markov-strings is installed from npm into a temporary folder.
# Usage: ./corvid bench markov   (env: GENERATIONS=20 markov-strings generations; they take seconds each)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed: apt-get install nodejs npm" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm install --silent --no-audit --no-fund markov-strings@3.0.4 >/dev/null)
mkdir -p platform-app/target
echo "markov-strings 3.0.4: training on 57,340 messages and ${GENERATIONS:-20} generations (about a minute)"
gunzip -c test-data/markov/brown-messages.jsonl.gz > "$tmp/brown-messages.jsonl"
NODE_PATH="$tmp/node_modules" GENERATIONS=${GENERATIONS:-20} node bench/markov-compare.js \
  "$tmp/brown-messages.jsonl" platform-app/target/markov-strings.json
bench/markov-jmh.sh
JAVA_HOME=$(./corvid java-home)
export JAVA_HOME
./mvnw -B verify -pl platform-app -am -Dtest=MarkovBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
