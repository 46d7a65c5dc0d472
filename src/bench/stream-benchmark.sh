#!/usr/bin/env bash
# Benchmark of the work one streamed Fleet Telemetry message costs the exporter (topic, JSON, the
# stream translator, the car's change and its samples computed again as the publisher does), for a
# fleet of 1 and of 1,000 cars; no MQTT client, no registry. Runs in a few seconds.
#
#   src/bench/stream-benchmark.sh [MESSAGES]      # default 200,000
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx256m -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.teslaexporter.telemetry.IngestBenchmark "${1:-200000}"
