#!/usr/bin/env bash
# Runs the same scenarios against mixgate and against nchan (nginx's pub/sub module) in one run on
# this machine, then prints a side-by-side table. Loopback only; every load is bounded in count
# and time; both servers are started here and stopped on exit.
#
#   bench/run.sh [quick|medium|full]  quick: tiny scale, a minute; medium: a few minutes, for comparing
#                                     changes; full: the figures of BENCHMARKS.md (about 10 minutes)
#
# Needs: a JDK 21+ and Maven (./mx finds them), and for the peer: apt-get install -y nginx-light libnginx-mod-nchan
# (without nginx + nchan the run goes on against mixgate alone). Environment:
#   MIXGATE_JAVA_OPTS   JVM flags of the node (default: the launcher's, ./mx java-opts)
#   BENCH_RESULTS       where the JSON lines go (default: a file in the run's temp dir)
#   BENCH_ONLY          space-separated scenario names to run (default: all of the profile), e.g. "fanout upstream"
#   BENCH_TARGETS       which servers to load (default: "mixgate nchan")
#   MIXGATE_JAR         the node's jar (default: gateway/target/mixgate.jar), e.g. an older build to compare with
#   BENCH_TLS           openssl | jdk: mixgate's client server speaks wss:// (selfSigned, that provider) and the
#                       subscribers connect over TLS (trusting any certificate); publishers stay on plain HTTP.
#                       Use with BENCH_TARGETS=mixgate (the nchan config here has no TLS)
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${1:-quick}"
JAVA="$(./mx java)/bin/java"
if [ ! -f gateway/target/mixgate.jar ] || [ ! -f bench/target/mixgate-bench.jar ]; then
  ./mx build -q
fi
NODE_OPTS="$(./mx java-opts)"
BENCH_JVM=(-Xms512m -Xmx2g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED)
[ "$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')" -ge 24 ] \
  && BENCH_JVM+=(--sun-misc-unsafe-memory-access=allow)
BENCH=("$JAVA" "${BENCH_JVM[@]}" -cp bench/target/mixgate-bench.jar io.mixgate.bench.BenchMain)

WORK="$(mktemp -d /tmp/mixgate-bench.XXXXXX)"
RESULTS="${BENCH_RESULTS:-$WORK/results.jsonl}"
RUN_ID="$(( (RANDOM % 900 + 100) * 1000 + RANDOM % 1000 ))"
PIDS=()

NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
HAVE_NCHAN=0
if command -v nginx >/dev/null 2>&1 && [ -f "$NCHAN_MODULE" ]; then HAVE_NCHAN=1; else
  echo "run.sh: nginx with nchan not found (apt-get install -y nginx-light libnginx-mod-nchan); running mixgate alone" >&2
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { local p; for _ in $(seq 1 200); do p=$(( 20000 + RANDOM % 20000 )); port_free "$p" && { echo "$p"; return; }; done; exit 1; }
wait_port() { for _ in $(seq 1 300); do port_free "$1" || return 0; sleep 0.1; done; echo "run.sh: nothing listens on $1" >&2; exit 1; }

AUTH_PORT=$(pick_port); MIX_WS=$(pick_port); MIX_API=$(pick_port); NCHAN_PORT=$(pick_port)
MIX_PID=0; NCHAN_PID=0; AUTH_PID=0

stop_pid() { # stops one process this script started: TERM, then KILL after 10 s
  local pid=$1
  [ "$pid" -gt 0 ] 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() { stop_pid "$MIX_PID"; stop_pid "$NCHAN_PID"; for p in "${PIDS[@]}"; do stop_pid "$p"; done; }
trap cleanup EXIT

TLS_SET=(); TLS_ARG=()
if [ -n "${BENCH_TLS:-}" ]; then
  TLS_SET=(--set servers[0].tls.selfSigned=true --set "servers[0].tls.provider=$BENCH_TLS"); TLS_ARG=(--tls true)
fi

start_mixgate() { # [extra JVM flags and --set overrides...]
  stop_pid "$MIX_PID"
  local jvm=() node=()
  while [ $# -gt 0 ]; do
    if [ "$1" = --set ]; then node+=(--set "$2"); shift 2; else jvm+=("$1"); shift; fi
  done
  # shellcheck disable=SC2086
  env -u MIXGATE_JAR -u MIXGATE_SET -u MIXGATE_CONFIG "$JAVA" $NODE_OPTS "${jvm[@]}" -jar "${MIXGATE_JAR:-gateway/target/mixgate.jar}" --config config/gateway.yaml \
    --set servers[0].port="$MIX_WS" --set servers[0].bind=127.0.0.1 \
    --set apiServer.port="$MIX_API" --set apiServer.bind=127.0.0.1 \
    --set logging.level=warn \
    --set servers[0].options.auth_url="http://127.0.0.1:$AUTH_PORT/websocket_auth" "${TLS_SET[@]}" "${node[@]}" >"$WORK/mixgate.log" 2>&1 &
  MIX_PID=$!
  wait_port "$MIX_WS"; wait_port "$MIX_API"
}

PROVIDER_PORT=$(pick_port)
start_upstream_node() { # mixgate with one upstream (bench/scripts/upstream.lua) whose provider the bench plays on PROVIDER_PORT
  start_mixgate --set upstreams[0].name=bench --set upstreams[0].entry=bench/scripts/upstream.lua \
    --set "upstreams[0].options.url=ws://127.0.0.1:$PROVIDER_PORT/" --set upstreams[0].linger=0s \
    --set upstreams[0].reconnect.initial=100ms --set upstreams[0].maxQueuedMessages=100000
}

start_market_node() { # mixgate running the shipped market service (scripts/services/market.lua) with the depth history rules
  start_mixgate --set services[0].name=market --set services[0].entry=scripts/services/market.lua \
    --set services[0].mode=one --set services[0].maxQueuedMessages=100000 \
    --set history.rules[0].match='ex:*@depth_snapshot' --set history.rules[0].size=1 --set history.rules[0].ttl=1h \
    --set history.rules[1].match='ex:*@depth' --set history.rules[1].size=100 --set history.rules[1].ttl=60s
}

nginx_conf() { # dir port [redis-url]: writes dir/nginx.conf for an nchan server on 127.0.0.1:port
  local dir=$1 port=$2 redis=${3:-} use_redis="" redis_url=""
  mkdir -p "$dir/tmp"
  if [ -n "$redis" ]; then use_redis="nchan_use_redis on;"; redis_url="nchan_redis_url \"$redis\";"; fi
  cat >"$dir/nginx.conf" <<CONF
load_module $NCHAN_MODULE;
daemon off;
master_process on;
worker_processes 2;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
user root;
events { worker_connections 20000; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  nchan_shared_memory_size 256M;
  $redis_url
  server {
    listen 127.0.0.1:$port backlog=4096;
    location ~ ^/pub/([A-Za-z0-9_]+)\$ {
      nchan_publisher;
      nchan_channel_id \$1;
      nchan_message_buffer_length 1;
      nchan_message_timeout 10s;
      $use_redis
    }
    location ~ ^/sub/([A-Za-z0-9_]+)\$ {
      nchan_subscriber websocket;
      nchan_channel_id \$1;
      nchan_subscriber_first_message newest;
      nchan_websocket_ping_interval 0;
      nchan_subscriber_timeout 0;
      $use_redis
    }
  }
}
CONF
}

start_nchan() {
  [ "$HAVE_NCHAN" = 1 ] && [[ " $TARGETS " == *" nchan "* ]] || return 0
  stop_pid "$NCHAN_PID"
  nginx_conf "$WORK/nginx" "$NCHAN_PORT"
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx/stdout.log" 2>&1 &
  NCHAN_PID=$!
  wait_port "$NCHAN_PORT"
}

bench() { # target scenario [options...]
  local target=$1 scenario=$2; shift 2
  local ws http pid
  if [ "$target" = mixgate ]; then ws=$MIX_WS; http=$MIX_API; pid=$MIX_PID; else
    [ "$HAVE_NCHAN" = 1 ] || return 0
    ws=$NCHAN_PORT; http=$NCHAN_PORT; pid=$NCHAN_PID
  fi
  local auth=() # the auth endpoint only works in set-ups: its CPU is reported for the connect scenario
  [ "$scenario" = connect ] && auth=(--auth-pid "$AUTH_PID")
  [ "$target" = mixgate ] && auth+=("${TLS_ARG[@]}")
  echo "--- $target $scenario $*" >&2
  timeout 900 "${BENCH[@]}" run --target "$target" --scenario "$scenario" --ws "127.0.0.1:$ws" --http "127.0.0.1:$http" \
    --pid "$pid" "${auth[@]}" --run "$RUN_ID$(( RANDOM % 10 ))" "$@" 2>>"$WORK/bench.err" | tee -a "$RESULTS"
}
TARGETS="${BENCH_TARGETS:-mixgate nchan}"
both() { local t; for t in $TARGETS; do bench "$t" "$@"; done; }
wanted() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }

mesh_publish() { # target http-port pid: the publish API of the first of two servers sharing a Redis
  local target=$1 http=$2 pid=$3 scenario
  for scenario in publish publish-batch; do
    [ "$scenario" = publish-batch ] && [ "$target" != mixgate ] && continue # nchan has no batch publish
    local args=(--connections 64) label="mesh publish api single${MESH_SUFFIX:-}"
    [ "$scenario" = publish-batch ] && args=(--connections 4 --batch 500) && label="mesh publish api batch=500${MESH_SUFFIX:-}"
    echo "--- $target $label" >&2
    timeout 900 "${BENCH[@]}" run --target "$target" --scenario "$scenario" --ws "127.0.0.1:$http" --http "127.0.0.1:$http" \
      --pid "$pid" --run "$RUN_ID$(( RANDOM % 10 ))" --seconds 3 "${args[@]}" --label "warmup mesh publish" 2>>"$WORK/bench.err" >/dev/null
    timeout 900 "${BENCH[@]}" run --target "$target" --scenario "$scenario" --ws "127.0.0.1:$http" --http "127.0.0.1:$http" \
      --pid "$pid" --run "$RUN_ID$(( RANDOM % 10 ))" --seconds 10 "${args[@]}" --label "$label" 2>>"$WORK/bench.err" | tee -a "$RESULTS"
  done
}

MESH_SETS=() # extra --set pairs for both mixgate nodes of run_mesh (e.g. the history block's rules)
run_mesh() { # fanout args...: two nodes of each kind on one Redis, subscribers split, publishing through the first
  command -v redis-server >/dev/null 2>&1 || { echo "run.sh: no redis-server: mesh scenario skipped" >&2; return 0; }
  local rport mix2_ws mix2_api mix2_pid=0 nchan2_port nchan2_pid=0
  rport=$(pick_port); mix2_ws=$(pick_port); mix2_api=$(pick_port); nchan2_port=$(pick_port)
  redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  wait_port "$rport"
  if [[ " $TARGETS " == *" mixgate "* ]]; then
    start_mixgate --set redis.uri="redis://127.0.0.1:$rport" "${MESH_SETS[@]}"
    # shellcheck disable=SC2086
    env -u MIXGATE_JAR -u MIXGATE_SET -u MIXGATE_CONFIG "$JAVA" $NODE_OPTS -jar "${MIXGATE_JAR:-gateway/target/mixgate.jar}" --config config/gateway.yaml \
      --set servers[0].port="$mix2_ws" --set servers[0].bind=127.0.0.1 \
      --set apiServer.port="$mix2_api" --set apiServer.bind=127.0.0.1 --set logging.level=warn \
      --set redis.uri="redis://127.0.0.1:$rport" "${MESH_SETS[@]}" >"$WORK/mixgate2.log" 2>&1 &
    mix2_pid=$!; PIDS+=($mix2_pid)
    wait_port "$mix2_ws"; wait_port "$mix2_api"
    local pass
    for pass in warmup measure; do # the first pass warms both fresh JVMs up and is left out of the table
      echo "--- mixgate mesh fanout ($pass) $*" >&2
      timeout 900 "${BENCH[@]}" run --target mixgate --scenario fanout --ws "127.0.0.1:$MIX_WS" --ws2 "127.0.0.1:$mix2_ws" \
        --http "127.0.0.1:$MIX_API" --pid "$MIX_PID" --pid2 "$mix2_pid" --run "$RUN_ID$(( RANDOM % 10 ))" "$@" \
        $( [ $pass = warmup ] && echo "--label warmup-mesh --seconds 5" ) 2>>"$WORK/bench.err" | tee -a "$RESULTS"
    done
    mesh_publish mixgate "$MIX_API" "$MIX_PID"
    stop_pid "$mix2_pid"
  fi
  if [ "$HAVE_NCHAN" = 1 ] && [[ " $TARGETS " == *" nchan "* ]]; then
    stop_pid "$NCHAN_PID"
    nginx_conf "$WORK/nginx" "$NCHAN_PORT" "redis://127.0.0.1:$rport"
    nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx/stdout.log" 2>&1 &
    NCHAN_PID=$!
    nginx_conf "$WORK/nginx2" "$nchan2_port" "redis://127.0.0.1:$rport"
    nginx -c "$WORK/nginx2/nginx.conf" -p "$WORK/nginx2" >"$WORK/nginx2/stdout.log" 2>&1 &
    nchan2_pid=$!; PIDS+=($nchan2_pid)
    wait_port "$NCHAN_PORT"; wait_port "$nchan2_port"
    local pass
    for pass in warmup measure; do
      echo "--- nchan mesh fanout ($pass) $*" >&2
      timeout 900 "${BENCH[@]}" run --target nchan --scenario fanout --ws "127.0.0.1:$NCHAN_PORT" --ws2 "127.0.0.1:$nchan2_port" \
        --http "127.0.0.1:$NCHAN_PORT" --pid "$NCHAN_PID" --pid2 "$nchan2_pid" --run "$RUN_ID$(( RANDOM % 10 ))" "$@" \
        $( [ $pass = warmup ] && echo "--label warmup-mesh --seconds 5" ) 2>>"$WORK/bench.err" | tee -a "$RESULTS"
    done
    mesh_publish nchan "$NCHAN_PORT" "$NCHAN_PID"
    stop_pid "$nchan2_pid"
  fi
}

"${BENCH[@]}" auth --port "$AUTH_PORT" --seconds 7200 >"$WORK/auth.log" 2>&1 &
AUTH_PID=$! # its CPU is reported beside the server's (auth_cpu_s): it is part of what a mixgate connect costs
PIDS+=("$AUTH_PID")
wait_port "$AUTH_PORT"

echo "run.sh: profile $PROFILE, results in $RESULTS, logs in $WORK" >&2
echo "run.sh: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $("$JAVA" -version 2>&1 | head -1), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

if [ "$PROFILE" = quick ]; then
  start_mixgate; start_nchan
  wanted connect && both connect --n 200 --label "connect n=200"
  wanted fanout && both fanout --n 100 --rate 100 --seconds 3 --label "fanout n=100 rate=100"
  wanted private && both private --n 200 --rate 200 --seconds 3 --label "private n=200 rate=200"
  wanted publish && both publish --seconds 3 --connections 16 --label "publish api single"
  wanted publish-batch && both publish-batch --seconds 3 --connections 4 --batch 100 --label "publish api batch=100"
  wanted publish-ws && bench mixgate publish-ws --seconds 3 --connections 2 --depth 500 --label "publish api ws/v1"
  wanted upstream && start_upstream_node && bench mixgate upstream --provider "127.0.0.1:$PROVIDER_PORT" --n 100 --rate 100 --seconds 3 --label "upstream n=100 rate=100"
  wanted mesh && run_mesh --n 100 --rate 100 --seconds 3 --label "mesh fanout n=100 rate=100"
  wanted market && start_market_node && bench mixgate market --symbols 10 --levels 100 --rate 10 --n 10 --seconds 3 \
    --label "market S=10 L=100 R=10"
elif [ "$PROFILE" = medium ]; then
  start_mixgate; start_nchan
  wanted connect && both connect --n 2000 --concurrency 200 --label "connect n=2000"
  wanted fanout && both fanout --n 1000 --rate 200 --seconds 3 --label "warmup fanout"
  wanted fanout && both fanout --n 1000 --rate 100 --seconds 10 --label "fanout n=1000 rate=100"
  wanted fanout && both fanout --n 1000 --rate 500 --seconds 10 --label "fanout n=1000 rate=500"
  wanted private && both private --n 2000 --rate 1000 --seconds 5 --label "private n=2000 rate=1000"
  wanted publish && both publish --seconds 2 --connections 32 --label "warmup publish"
  wanted publish && both publish --seconds 5 --connections 32 --label "publish api single"
  wanted publish-batch && both publish-batch --seconds 5 --connections 4 --batch 500 --label "publish api batch=500"
  wanted publish-ws && bench mixgate publish-ws --seconds 2 --connections 2 --depth 1000 --label "warmup publish ws"
  wanted publish-ws && bench mixgate publish-ws --seconds 5 --connections 2 --depth 1000 --label "publish api ws/v1"
else
  # connect rate and memory per connection first, on fresh servers, so no earlier scenario's heap
  # or pool growth hides in it. A JVM's JIT compiler settles only after some 50,000 connections
  # (measured: server CPU per connection falls for five rounds of 10,000, then stays), so each
  # server first gets a cold round (shown), four more rounds (left out), and then the measured
  # round; nchan, which needs no warm-up, gets the same rounds.
  connect_rounds() { # label [connect options...]
    local label=$1; shift
    both connect --n 10000 --concurrency 200 --settle 1 --label "$label cold (the first 10,000 after start)" "$@"
    local r
    for r in 2 3 4 5; do both connect --n 10000 --concurrency 200 --settle 1 --label "warmup connect $r" "$@"; done
    both connect --n 10000 --warmup 2000 --concurrency 200 --settle 5 --label "$label" "$@"
  }
  if wanted connect; then
    start_mixgate; start_nchan
    connect_rounds "connect n=10000"
    # the same without mixgate's auth callback: handshake + public subscribe, as nchan does
    start_mixgate; start_nchan
    connect_rounds "connect n=10000 no auth" --auth false
  fi
  start_mixgate; start_nchan
  # JIT warm-up, left out of the table
  wanted fanout && both fanout --n 1000 --rate 100 --seconds 5 --label "warmup fanout"
  # CPU per delivery at a load the machine sustains (100,000 deliveries/s), N=1,000 and N=10,000
  wanted fanout && both fanout --n 1000 --rate 100 --seconds 15 --label "fanout n=1000 rate=100"
  wanted fanout && both fanout --n 10000 --rate 10 --seconds 15 --label "fanout n=10000 rate=10"
  # the issue's offered load for loss and latency: 500,000 deliveries/s on these 2 cores, N=1,000 and N=10,000
  wanted fanout && both fanout --n 1000 --rate 500 --seconds 15 --label "fanout n=1000 rate=500"
  wanted fanout && both fanout --n 10000 --rate 50 --seconds 15 --label "fanout n=10000 rate=50"
  wanted private && both private --n 10000 --rate 2000 --seconds 15 --label "private n=10000 rate=2000"
  wanted publish && both publish --seconds 3 --connections 64 --label "warmup publish"
  wanted publish && both publish --seconds 10 --connections 64 --label "publish api single"
  wanted publish-batch && both publish-batch --seconds 3 --connections 4 --batch 500 --label "warmup batch"
  wanted publish-batch && both publish-batch --seconds 10 --connections 4 --batch 500 --label "publish api batch=500"
  # the same single publishes over /ws/v1: a few connections, many requests in flight on each (mixgate only)
  wanted publish-ws && bench mixgate publish-ws --seconds 3 --connections 2 --depth 1000 --label "warmup publish ws"
  wanted publish-ws && bench mixgate publish-ws --seconds 10 --connections 2 --depth 1000 --label "publish api ws/v1"
  # light load again, mixgate with servers[0].writeDelay=20ms: messages to one client within 20 ms
  # leave in one write (nchan has no such setting and runs as before)
  if wanted fanout; then
    start_mixgate --set servers[0].writeDelay=20ms
    both fanout --n 1000 --rate 100 --seconds 5 --label "warmup fanout"
    both fanout --n 1000 --rate 100 --seconds 15 --label "fanout n=1000 rate=100 writeDelay=20ms"
  fi
  # issue 11: the same fan-out on Netty's io_uring transport instead of epoll (node.transport; mixgate only)
  if wanted io_uring; then
    start_mixgate --set node.transport=io_uring
    bench mixgate fanout --n 1000 --rate 100 --seconds 5 --label "warmup fanout"
    bench mixgate fanout --n 1000 --rate 100 --seconds 15 --label "fanout n=1000 rate=100 io_uring"
    bench mixgate fanout --n 10000 --rate 10 --seconds 15 --label "fanout n=10000 rate=10 io_uring"
    bench mixgate fanout --n 1000 --rate 500 --seconds 15 --label "fanout n=1000 rate=500 io_uring"
  fi
  # issue 11: permessage-deflate with a payload like a market feed's (an order-book update, ~600 bytes):
  # the same node and load without and with compression; wire_bytes_per_delivery is what subscribers read
  if wanted compression; then
    start_mixgate --set servers[0].compression.mode=on
    bench mixgate fanout --n 1000 --rate 100 --seconds 5 --payload book --deflate true --label "warmup fanout"
    bench mixgate fanout --n 1000 --rate 100 --seconds 15 --payload book --label "fanout n=1000 rate=100 book"
    bench mixgate fanout --n 1000 --rate 100 --seconds 15 --payload book --deflate true --label "fanout n=1000 rate=100 book deflate"
  fi
  # issue 11: wss:// on both TLS providers (selfSigned EC P-256, TLS 1.3; the bench client trusts it): handshakes
  # (connect: TCP + TLS + upgrade + auth + subscribe) and fan-out, beside the plain rows above (mixgate only)
  if wanted tls; then
    for provider in openssl jdk; do
      start_mixgate --set servers[0].tls.selfSigned=true --set "servers[0].tls.provider=$provider"
      bench mixgate connect --n 4000 --concurrency 200 --settle 1 --tls true --label "warmup connect"
      bench mixgate connect --n 4000 --concurrency 200 --settle 1 --tls true --label "warmup connect"
      bench mixgate connect --n 4000 --concurrency 200 --settle 3 --tls true --label "connect n=4000 tls $provider"
      bench mixgate fanout --n 1000 --rate 100 --seconds 5 --tls true --label "warmup fanout"
      bench mixgate fanout --n 1000 --rate 100 --seconds 15 --tls true --label "fanout n=1000 rate=100 tls $provider"
      bench mixgate fanout --n 1000 --rate 500 --seconds 15 --tls true --label "fanout n=1000 rate=500 tls $provider"
    done
    # the plain connect row at the same scale, for comparison
    start_mixgate
    bench mixgate connect --n 4000 --concurrency 200 --settle 1 --label "warmup connect"
    bench mixgate connect --n 4000 --concurrency 200 --settle 1 --label "warmup connect"
    bench mixgate connect --n 4000 --concurrency 200 --settle 3 --label "connect n=4000 plain"
  fi
  # issue 13: the same fan-out and publish API with channel history on for the bench's channels (ex:*@depth:
  # offsets, a copy kept per publication, the channel's lock), beside the rows above where no rule matches
  if wanted history; then
    start_mixgate --set 'history.rules[0].match=ex:*@depth' --set history.rules[0].size=100 --set history.rules[0].ttl=60s
    bench mixgate fanout --n 1000 --rate 100 --seconds 5 --label "warmup fanout"
    bench mixgate fanout --n 1000 --rate 100 --seconds 15 --label "fanout n=1000 rate=100 history"
    bench mixgate fanout --n 1000 --rate 500 --seconds 15 --label "fanout n=1000 rate=500 history"
    bench mixgate publish --seconds 3 --connections 64 --label "warmup publish"
    bench mixgate publish --seconds 10 --connections 64 --label "publish api single history"
  fi
  # issue 14: the upstream path: the bench plays a market data provider; the node's upstream
  # (bench/scripts/upstream.lua) connects to it when the first subscriber wants the run's channel, takes
  # its frames in and fans them out; compare with the publish API rows ("fanout", "publish api")
  if wanted upstream; then
    start_upstream_node
    bench mixgate upstream --provider "127.0.0.1:$PROVIDER_PORT" --n 1 --rate 2000 --seconds 5 --label "warmup upstream"
    bench mixgate upstream --provider "127.0.0.1:$PROVIDER_PORT" --n 1 --rate 5000 --seconds 15 --label "upstream n=1 rate=5000"
    bench mixgate upstream --provider "127.0.0.1:$PROVIDER_PORT" --n 1 --rate 20000 --seconds 15 --label "upstream n=1 rate=20000"
    bench mixgate upstream --provider "127.0.0.1:$PROVIDER_PORT" --n 1000 --rate 100 --seconds 15 --label "upstream n=1000 rate=100"
    bench mixgate upstream --provider "127.0.0.1:$PROVIDER_PORT" --n 1000 --rate 500 --seconds 15 --label "upstream n=1000 rate=500"
  fi
  # two nodes on one Redis, subscribers split between them, publishing through the first
  wanted mesh && run_mesh --n 1000 --rate 100 --seconds 15 --label "mesh fanout n=1000 rate=100"
  # issue 13: the same mesh rows with history on for the bench's channels: offsets, epoch and the publication
  # stored in Redis by one script per publish (mixgate only)
  if wanted mesh-history; then
    MESH_SETS=(--set 'history.rules[0].match=ex:*@depth' --set history.rules[0].size=100 --set history.rules[0].ttl=60s)
    MESH_SUFFIX=" history" TARGETS=mixgate run_mesh --n 1000 --rate 100 --seconds 15 --label "mesh fanout n=1000 rate=100 history"
    MESH_SETS=()
  fi
  # issue 15: the market service: the bench plays the engine, feeding book snapshots of S symbols x L
  # levels per side at R per symbol per second (5 levels changed each); the node diffs them and pushes
  # @depth to 1000 subscribers. Each row on a fresh node (the service keeps every symbol it saw, up to its
  # max_symbols), warmed up on other symbols first; sustained_snapshots_per_s = snapshots the service worked
  # off per second (measured by the diffs that reached the subscribers), below the target: it did not keep up
  if wanted market; then
    market_row() { # symbols levels seconds
      start_market_node
      bench mixgate market --symbols "$1" --levels "$2" --rate 10 --n 1000 --seconds 3 --connections 16 --label "warmup market"
      bench mixgate market --symbols "$1" --levels "$2" --rate 10 --n 1000 --seconds "$3" --connections 16 --label "market S=$1 L=$2 R=10"
    }
    market_row 25 1000 15
    market_row 50 1000 15
    market_row 100 1000 10
    market_row 500 100 15
    market_row 500 1000 5
  fi
  if wanted idle; then
    # idle capacity: as many authenticated, subscribed connections as one process's 20,000 files allow
    start_mixgate -XX:NativeMemoryTracking=summary
    bench mixgate connect --n 19000 --warmup 500 --concurrency 200 --settle 10 --label "idle n=19000" \
      --jcmd "$(dirname "$JAVA")/jcmd"
    start_nchan
    bench nchan connect --n 19000 --warmup 500 --concurrency 200 --settle 10 --label "idle n=19000"
  fi
fi

echo
echo "side by side ($PROFILE; machine: $(nproc) cores, load tool on the same cores)"
"${BENCH[@]}" table "$RESULTS"
if [ "$PROFILE" = full ]; then
  echo
  echo "targets (this run, this machine)"
  "${BENCH[@]}" targets "$RESULTS"
fi
