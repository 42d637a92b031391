#!/usr/bin/env bash
# Runs one scenario several times against ONE mixgate node (and the bench's auth endpoint), and
# prints the main figures of each round: for watching the JIT settle (connect: server CPU per
# connection falls for ~5 rounds of 10,000) and for A/B comparisons of two builds, alternating
# runs, on a machine whose figures drift between minutes.
#
#   bench/rounds.sh ROUNDS run-options...
#   e.g. bench/rounds.sh 8 --scenario connect --n 10000 --concurrency 200 --settle 1
#        MIXGATE_JAR=/tmp/old.jar bench/rounds.sh 3 --scenario fanout --n 1000 --rate 100 --seconds 10
#
# The node sees none of these variables (it reads MIXGATE_* names as config keys).
# Environment: MIXGATE_JAR (default gateway/target/mixgate.jar), MIXGATE_JAVA_OPTS (default the
# launcher's), MIXGATE_SET (extra --set overrides, e.g. "--set servers[0].writeDelay=20ms"), MIXGATE_CONFIG
# (default config/gateway.yaml: an older build may need the config file of its own commit).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:?usage: bench/rounds.sh ROUNDS run-options...}; shift
JAVA="$(./mx java)/bin/java"
if [ ! -f gateway/target/mixgate.jar ] || [ ! -f bench/target/mixgate-bench.jar ]; then ./mx build -q; fi
BENCH=("$JAVA" -Xms512m -Xmx2g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -cp bench/target/mixgate-bench.jar io.mixgate.bench.BenchMain)
[ "$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')" -ge 24 ] \
  && BENCH=("${BENCH[0]}" --sun-misc-unsafe-memory-access=allow "${BENCH[@]:1}")

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { local p; for _ in $(seq 1 200); do p=$(( 20000 + RANDOM % 20000 )); port_free "$p" && { echo "$p"; return; }; done; exit 1; }
wait_port() { for _ in $(seq 1 300); do port_free "$1" || return 0; sleep 0.1; done; echo "rounds.sh: nothing listens on $1" >&2; exit 1; }
AUTH=$(pick_port); WS=$(pick_port); API=$(pick_port)
LOG="$(mktemp -d /tmp/mixgate-rounds.XXXXXX)"
"${BENCH[@]}" auth --port "$AUTH" --seconds 7200 >"$LOG/auth.log" 2>&1 &
AUTH_PID=$!
# shellcheck disable=SC2086
env -u MIXGATE_JAR -u MIXGATE_SET -u MIXGATE_CONFIG "$JAVA" $(./mx java-opts) -jar "${MIXGATE_JAR:-gateway/target/mixgate.jar}" --config "${MIXGATE_CONFIG:-config/gateway.yaml}" \
  --set servers[0].port="$WS" --set servers[0].bind=127.0.0.1 --set apiServer.port="$API" --set apiServer.bind=127.0.0.1 \
  --set logging.level=warn --set servers[0].options.auth_url="http://127.0.0.1:$AUTH/websocket_auth" ${MIXGATE_SET:-} \
  >"$LOG/node.log" 2>&1 &
NODE_PID=$!
trap 'kill $NODE_PID $AUTH_PID 2>/dev/null || true' EXIT
wait_port "$AUTH"; wait_port "$WS"; wait_port "$API"
echo "rounds.sh: node pid $NODE_PID, logs in $LOG, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for r in $(seq 1 "$ROUNDS"); do
  line=$("${BENCH[@]}" run --target mixgate --ws "127.0.0.1:$WS" --http "127.0.0.1:$API" --pid "$NODE_PID" \
    --auth-pid "$AUTH_PID" --run "$RANDOM$r" --label "round $r" "$@" 2>>"$LOG/bench.err")
  echo "round $r $(date +%T): $(grep -o '"\(connections_per_s\|server_us_per_conn\|client_us_per_conn\|cpu_s_per_million\|deliveries_per_s\|lost\|requests_per_s\|messages_per_s\|latency_p99_ms\|server_us_per_request\)":[0-9.]*' <<<"$line" | tr '\n' ' ')"
done
