#!/usr/bin/env bash
# JMH benchmark of the Markov engine alone (ChainBenchmark: training the 57,340 Brown messages in memory, and one
# generation with the overlap test), one fork, 3 warm-up and 5 measured 2-second iterations each.
# Writes markov-module/target/jmh-markov.json, which MarkovBenchmark puts beside markov-strings in markov.md.
# Usage: bench/markov-jmh.sh   (run by ./corvid bench markov)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(./corvid java-home)
export JAVA_HOME
./mvnw -B -q -pl markov-module -am install -DskipTests
./mvnw -B -q -pl markov-module test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt
cd markov-module
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main ChainBenchmark -rf json -rff target/jmh-markov.json
