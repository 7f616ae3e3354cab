#!/usr/bin/env bash
# Throughput and memory of `compact4j logs` on a ~1 GB JSON-lines log.
#
#   cli/bench/logs-throughput.sh [SIZE_MB]     (default 1024; needs the jar: mvn -f cli/pom.xml package)
#
# Generates the log once (bench/GenerateLogs.java, the shipped logback-json.xml layout), reads it
# once so that every run starts from the page cache, then times `java -jar` with /usr/bin/time -v
# for a few filters. The last runs cap the heap at 64 MB (-Xmx64m), on the file and on one an
# eighth of its size: memory does not grow with the file. Without a cap the JVM lets garbage
# pile up to a share of the machine's RAM before collecting, which is what max RSS shows then. MB/s is the file's size over the wall time of the whole process, JVM start
# included; max RSS is the process's peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
jar=target/compact4j-cli.jar
work=${BENCH_DIR:-target/bench}
trace=4bf92f3577b34da6a3ce929d0e0e4736
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -f "$jar" ] || { echo "no $jar: run mvn -B -f cli/pom.xml package first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
mkdir -p "$work"
log=$work/app-${size_mb}mb.jsonl
small=$work/app-$((size_mb / 8))mb.jsonl
[ -f "$log" ] || "$java" bench/GenerateLogs.java "$log" "$size_mb" "$trace"
[ -f "$small" ] || head -c $((size_mb * 1024 * 1024 / 8)) "$log" | sed '$d' > "$small"
cat "$log" "$small" > /dev/null

bytes=$(stat -c %s "$log")
echo "file: $log, $bytes bytes; $(nproc) CPUs; $("$java" -version 2>&1 | head -1)"
printf '%-72s %10s %9s %10s %9s\n' "command" "matched" "wall s" "MB/s" "max RSS"
run() {
  local jopts=$1 file=$2; shift 2
  local fbytes; fbytes=$(stat -c %s "$file")
  local out=$work/out.txt stats=$work/time.txt
  set +e
  # shellcheck disable=SC2086
  /usr/bin/time -v "$java" $jopts -jar "$jar" logs "$file" "$@" > "$out" 2> "$stats"
  local rc=$?
  set -e
  if [ $rc -gt 1 ]; then cat "$stats" >&2; exit 1; fi
  local wall rss matched
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$stats")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$stats")
  if [[ " $* " == *" -c "* ]]; then matched=$(cat "$out"); else matched=$(wc -l < "$out"); fi
  printf '%-72s %10s %9.2f %10.0f %9s\n' "${jopts:+$jopts }logs $(basename "$file") $*" "$matched" "$wall" \
    "$(echo "$fbytes / 1048576 / $wall" | bc -l)" "$rss"
}
run "" "$log" --trace "$trace"
run "" "$log" --trace "$trace" --json
run "" "$log" --agent agent_7
run "" "$log" --agent agent_7 --level WARN -c
run "" "$log" --level ERROR -c
run "" "$log" --backend anthropic --mdc strategy=masking --level INFO -c
run "" "$log" --since 2026-12-01T00:00:00Z -c
run -Xmx64m "$log" --since 2026-12-01T00:00:00Z -c
run -Xmx64m "$small" --since 2026-12-01T00:00:00Z -c
run -Xmx64m "$log" --trace "$trace"
