#!/usr/bin/env bash
# The least heap (-Xmx, to 1 MB) each client needs for five 10 MB /responses/compact calls, found by
# bisection, one fresh JVM per try (io.github.compact4j.benchmarks.PeakHeap). Build the jar first
# (benchmarks/run.sh does, or `mvn -B -f benchmarks/pom.xml package`).
#
#   benchmarks/peak-heap.sh            # hold-items, hold-items-json, hold-tree, buffered, compact4j
#   benchmarks/peak-heap.sh compact4j  # one client
#
# Prints one line per client, and writes them under benchmarks/results/peak-heap-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
clients=("$@")
if [[ ${#clients[@]} -eq 0 ]]; then
  clients=(hold-items hold-items-json hold-tree buffered compact4j)
fi
fits() {  # fits CLIENT MB: exit 0 when five calls succeed in that heap
  java -XX:+UseSerialGC "-Xmx$2m" "-Xms$2m" -cp "$jar" io.github.compact4j.benchmarks.PeakHeap "$1" >/dev/null 2>&1
}
mkdir -p "$here/results"
out="$here/results/peak-heap-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u +%FT%TZ), $(java -version 2>&1 | head -1), SerialGC, least -Xmx for five 10 MB calls"
  for c in "${clients[@]}"; do
    lo=8; hi=1024
    if ! fits "$c" "$hi"; then echo "$c: fails even at ${hi} MB"; continue; fi
    while (( hi - lo > 1 )); do
      mid=$(( (lo + hi) / 2 ))
      if fits "$c" "$mid"; then hi=$mid; else lo=$mid; fi
    done
    echo "$c: ${hi} MB"
  done
} | tee "$out"
echo "results: $out"
