#!/usr/bin/env bash
# Benchmark of the polling policy: 30 simulated days (virtual clock, runs in about a second) of the
# real PollPolicy with the default settings against a simulated car, side by side with the earlier
# exporter's fixed 300 s / 660 s schedule. Prints per day: data calls, wakes, estimated $, the share
# of the possible sleep the car got, and the oldest data seen while driving and charging.
#
#   src/bench/policy-benchmark.sh [DAYS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.teslaexporter.bench.PolicyBenchmark "${1:-30}"
