#!/usr/bin/env bash
# Runs every compact4j JMH benchmark with the GC profiler (bytes allocated per operation) and writes
# the JMH JSON, the console log and a Markdown summary under benchmarks/results/. Forks, warm-up and
# measurement come from each benchmark's annotations (2 forks, 3 warm-up and 5 measured iterations
# of 1 s, more warm-up where a call needs it), sized for a 2-core machine.
#
#   benchmarks/run.sh                      # build the library and the benchmarks, run them all
#   benchmarks/run.sh TokenCounting        # only benchmarks whose name matches (JMH regexp)
#   SKIP_BUILD=1 benchmarks/run.sh ...     # reuse target/benchmarks.jar
#   MAVEN_REPO_LOCAL=/path/to/m2 ...       # install the library into another local repository
#
# Extra arguments go to JMH and override the annotations (`-f 1 -i 3`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo=()
if [[ -n "${MAVEN_REPO_LOCAL:-}" ]]; then
  repo=("-Dmaven.repo.local=${MAVEN_REPO_LOCAL}")
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$here/.." && mvn -B -q "${repo[@]}" install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
  # TelemetryOverheadBenchmark measures the OpenTelemetry integration: install it (and its parent)
  mvn -B -q "${repo[@]}" -f "$here/../integrations/pom.xml" install -pl opentelemetry -am -DskipTests
  mvn -B -q "${repo[@]}" -f "$here/pom.xml" package
fi
mkdir -p "$here/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$here/results/jmh-$stamp"
filter=()
if [[ $# -gt 0 && "$1" != -* ]]; then
  filter=("$1")
  shift
fi
{
  echo "# $(date -u +%FT%TZ) on $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -jar "$here/target/benchmarks.jar" "${filter[@]}" -prof gc \
    -rf json -rff "$out.json" "$@"
} 2>&1 | tee "$out.txt"
java -cp "$here/target/benchmarks.jar" io.github.compact4j.benchmarks.Summary "$out.json" | tee "$out.md"
echo "results: $out.json, $out.txt, $out.md"
