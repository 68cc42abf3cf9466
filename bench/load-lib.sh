# Shared by bench/load and scripts/faults: the sale of bench/load (catalogue, warm-up, wrk over bench/lua/sale.lua,
# CPU samples, audit, report) as functions. Source it after scripts/lib.sh, with find_jdk done; the functions read
# the caller's globals: ROOT, LOCAL, JAVA_HOME, jar, stamp, results, summary, work, tokens, LB, phases, smoke,
# CONNECTIONS, WRK_THREADS, GRACE, HOT, HOT_STOCK, HOT_LIMIT, TAIL, TAIL_STOCK, TAIL_LIMIT. Do not run it.
# shellcheck shell=bash disable=SC2154,SC2153 # the caller's globals, listed above

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Root on the primary's socket (as scripts/db): FLUSH STATUS needs a privilege the application's account lacks.
primary_socket="$LOCAL/db/primary/mariadbd.sock"
[ ${#primary_socket} -le 100 ] || primary_socket="/tmp/flashsale-db-$(printf '%s' "$LOCAL/db" | cksum | cut -d' ' -f1)-primary.sock"
# After a failover (scripts/db promote replica) the primary is the replica's server.
promoted_socket="$LOCAL/db/replica/mariadbd.sock"
[ ${#promoted_socket} -le 100 ] || promoted_socket="/tmp/flashsale-db-$(printf '%s' "$LOCAL/db" | cksum | cut -d' ' -f1)-replica.sock"
root_sql() {
  local socket=$primary_socket
  [ ! -f "$LOCAL/db/promoted" ] || socket=$promoted_socket
  mariadb --no-defaults --protocol=socket --socket="$socket" -uroot --batch --skip-column-names inventory "$@"
}

# The catalogue of the whole run, straight in the database (explicit ids: the auto-increment may leave gaps after a
# bulk insert): HOT hot products for each phase (each phase sells out its own), then TAIL tail products shared by all
# phases. Writes $results/catalogue.env.
seed_catalogue() {
  local first phase index=0 hot_total
  local all_phases=("${phases[@]}")
  [ -z "$smoke" ] || all_phases=(smoke)
  hot_total=$((HOT * ${#all_phases[@]}))
  first=$(root_sql -e "SELECT COALESCE(MAX(id), 0) + 1 FROM products")
  root_sql <<SQL
INSERT INTO products (id, sku, name, price, per_user_limit, created_at, updated_at)
  SELECT $first + seq - 1, CONCAT('load-$stamp-hot-', seq), CONCAT('Hot product ', seq), 19.99, $HOT_LIMIT,
    UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
  FROM seq_1_to_$hot_total;
INSERT INTO products (id, sku, name, price, per_user_limit, created_at, updated_at)
  SELECT $first + $hot_total + seq - 1, CONCAT('load-$stamp-tail-', seq), CONCAT('Tail product ', seq), 9.99,
    $TAIL_LIMIT, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
  FROM seq_1_to_$TAIL;
INSERT INTO stock_totals (product_id, received, sold, updated_at)
  SELECT id, IF(id < $first + $hot_total, $HOT_STOCK, $TAIL_STOCK), 0, UTC_TIMESTAMP(6) FROM products
  WHERE id BETWEEN $first AND $first + $hot_total + $TAIL - 1;
SQL
  {
    echo "PRODUCT_FIRST=$first"
    echo "PRODUCT_LAST=$((first + hot_total + TAIL - 1))"
    echo "TAIL_FIRST=$((first + hot_total))"
    echo "TAIL_LAST=$((first + hot_total + TAIL - 1))"
    for phase in "${all_phases[@]}"; do
      echo "HOT_FIRST_$phase=$((first + index * HOT))"
      echo "HOT_LAST_$phase=$((first + index * HOT + HOT - 1))"
      index=$((index + 1))
    done
  } >"$results/catalogue.env"
  say "load: catalogue: products $first..$((first + hot_total + TAIL - 1)): $HOT hot a phase ($HOT_STOCK units, limit $HOT_LIMIT), $TAIL tail ($TAIL_STOCK units, limit $TAIL_LIMIT)"
}

# Touches every product once before any phase, through node 1 (not nginx): a view loads its stock into the grid, a
# buy of one unit by the buyer "warmup-1" loads its rules and the backup's copy of its stock. Without it, a phase
# would measure the grid's first loads from the database (a product's first sale waits for two reads).
warm_catalogue() {
  local node token started=$SECONDS
  # shellcheck disable=SC1091
  source "$results/catalogue.env"
  node="http://$(node_host 1):$(node_http_port 1)"
  "$JAVA_HOME/bin/java" -cp "$jar" dev.flashsale.bench.load.BuyerTokens 1 "$work/warmup-token.txt" warmup- 86400
  token=$(cut -d' ' -f2 "$work/warmup-token.txt")
  seq "$PRODUCT_FIRST" "$PRODUCT_LAST" | awk -v node="$node" 'NR > 1 { print "next" } {
    printf "url = \"%s/api/products/%s\"\noutput = /dev/null\n", node, $1 }' >"$work/warm.curl"
  curl -sS --no-progress-meter --max-time 600 --parallel --parallel-max 32 -K "$work/warm.curl" \
    || die "warming the catalogue failed (views)"
  seq "$PRODUCT_FIRST" "$PRODUCT_LAST" | awk -v node="$node" -v token="$token" -v stamp="$stamp" 'NR > 1 { print "next" } {
    printf "url = \"%s/api/orders\"\n", node
    printf "header = \"Authorization: Bearer %s\"\n", token
    printf "header = \"Idempotency-Key: warmup-%s-%s\"\n", stamp, $1
    print "header = \"Content-Type: application/json\""
    printf "data = \"{\\\"productId\\\":%s,\\\"quantity\\\":1}\"\n", $1
    print "output = /dev/null"
    print "write-out = \"%{http_code}\\n\"" }' >"$work/warm.curl"
  curl -sS --no-progress-meter --max-time 900 --parallel --parallel-max 32 -K "$work/warm.curl" | sort | uniq -c >"$results/warm-buys.txt" \
    || die "warming the catalogue failed (buys)"
  rm -f "$work/warm.curl"
  say "load: catalogue warmed in $((SECONDS - started)) s (one view and one buy of each product; answers: $(tr -s ' \n' ' ' <"$results/warm-buys.txt"))"
}

# A phase's run.env: the catalogue, the phase's hot products, its key prefix and start time.
phase_env() {
  local dir=$1 phase=$2 hot_first hot_last
  # shellcheck disable=SC1091
  source "$results/catalogue.env"
  hot_first="HOT_FIRST_$phase" hot_last="HOT_LAST_$phase"
  {
    cat "$results/catalogue.env"
    echo "RUN=load-$stamp-$phase"
    echo "HOT_FIRST=${!hot_first}"
    echo "HOT_LAST=${!hot_last}"
    echo "PHASE_START='$(date -u '+%F %T.%6N')'"
  } >"$dir/run.env"
}

begin_phase() {
  local dir=$1
  mkdir -p "$dir"
  echo "== $(basename "$dir")" >>"$summary"
  cp "$results/meta.txt" "$dir/meta.txt"
  root_sql -e "FLUSH STATUS"
  echo "$(basename "$dir"): load average at the start: $(loadavg)" >>"$results/meta.txt"
  access_log_offset=$(stat -c %s "$LOCAL/nginx/access.log" 2>/dev/null || echo 0)
}

end_phase() {
  local dir=$1
  echo "LOAD_END=$(date +%s.%N)" >>"$dir/run.env"
  echo "$(basename "$dir"): load average at the end: $(loadavg)" >>"$results/meta.txt"
  tail -c +$((access_log_offset + 1)) "$LOCAL/nginx/access.log" >"$dir/access.log"
}

# Runs wrk over the closed-model script: wrk_run DIR PREFIX SECONDS BUY_SHARE HOT_SHARE BUY_PATH
wrk_run() {
  local dir=$1 prefix=$2 seconds=$3 buy_share=$4 hot_share=$5 buy_path=$6
  # shellcheck disable=SC1091
  source "$dir/run.env"
  say "load: $(basename "$dir"): wrk, $CONNECTIONS connections, ${seconds}s, buys $buy_share ($buy_path), hot $hot_share"
  LOAD_RUN="$RUN" LOAD_BUY_PATH="$buy_path" LOAD_BUY_SHARE="$buy_share" LOAD_HOT_SHARE="$hot_share" \
    LOAD_HOT_FIRST="$HOT_FIRST" LOAD_HOT_LAST="$HOT_LAST" LOAD_TAIL_FIRST="$TAIL_FIRST" LOAD_TAIL_LAST="$TAIL_LAST" \
    LOAD_DURATION="$seconds" LOAD_GRACE="$GRACE" LOAD_TOKENS="$tokens" LOAD_OUT="$dir" LOAD_PREFIX="$prefix" \
    timeout $((seconds + 120)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 30s --latency \
    -s "$ROOT/bench/lua/sale.lua" "$LB" >"$dir/$prefix-wrk.txt" 2>&1 &
  local wrk_pid=$!
  sample_cpu "$dir/$prefix-cpu.txt" "$wrk_pid" &
  local sampler=$!
  wait "$wrk_pid" || { cat "$dir/$prefix-wrk.txt" >&2; die "wrk failed"; }
  wait "$sampler" || true
  cat "$dir/$prefix-wrk.txt" >&2
  # wrk's own distribution of all requests together (client side), beside nginx's per kind.
  awk -v label="wrk (client side)" '$1 == "latency_us" && $2 ~ /^p/ { p = substr($2, 2); printf "%s,all,%s,%.3f\n", label, p, $3 / 1000 }' \
    "$dir/$prefix-summary.txt" >"$dir/$prefix-wrk-percentiles.csv"
}

# CPU seconds used so far by the processes named (with their children, e.g. nginx's workers), from /proc.
cpu_seconds() {
  local pid total=0 child
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
    for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
      [ -r "/proc/$child/stat" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$child/stat")))
    done
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

# Every 5 s while pid $2 runs (and once more at the end): the load average, the CPU seconds used so far by the load
# tool, each node, nginx and the databases, the machine's busy CPU seconds (all cores, /proc/stat: what everyone on
# the machine used), and the primary's connections from the application's account.
sample_cpu() {
  local file=$1 watched=$2 last=""
  while [ -z "$last" ]; do
    kill -0 "$watched" 2>/dev/null || last=1
    printf '%s wall=%s loadavg=%s tool=%s node1=%s node2=%s nginx=%s mariadb=%s machine_busy=%s primary_app_connections=%s\n' \
      "$(date +%T)" "$(date +%s.%N)" "$(cut -d' ' -f1 /proc/loadavg)" "$(cpu_seconds "$watched")" \
      "$(cpu_seconds "$(cat "$LOCAL/node1/node.pid" 2>/dev/null || echo 0)")" \
      "$(cpu_seconds "$(cat "$LOCAL/node2/node.pid" 2>/dev/null || echo 0)")" \
      "$(cpu_seconds "$(cat "$LOCAL/nginx/nginx.pid" 2>/dev/null || echo 0)")" \
      "$(cpu_seconds $(cat "$LOCAL"/db/*/mariadbd.pid 2>/dev/null))" \
      "$(awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.1f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat)" \
      "$(root_sql -e "SELECT COUNT(*) FROM information_schema.processlist WHERE user = '${INVENTORY_DB_USER:-inventory}'" 2>/dev/null || echo '?')" \
      >>"$file"
    [ -n "$last" ] || sleep 5
  done
}

# One line from a sample_cpu file: cores used on average between its first and last sample, by part.
cpu_summary() {
  awk -v cores="$(nproc)" '
    # Counters only grow; the last sample may miss a process that has just exited: take the maximum of each counter.
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); value[NR, kv[1]] = kv[2]
        if (!(kv[1] in top) || kv[2] + 0 > top[kv[1]] + 0) top[kv[1]] = kv[2] } }
    END {
      wall = value[NR, "wall"] - value[1, "wall"]; if (wall <= 0) { print "cpu: no interval"; exit }
      split("tool node1 node2 nginx mariadb machine_busy", parts, " ")
      for (i = 1; i <= 6; i++) { used[parts[i]] = (top[parts[i]] - value[1, parts[i]]) / wall }
      ours = used["tool"] + used["node1"] + used["node2"] + used["nginx"] + used["mariadb"]
      printf "cpu over %.0f s (cores used on average, of %d): machine %.2f; load tool %.2f, node1 %.2f, node2 %.2f, nginx %.2f, MariaDB %.2f; everything else on the machine %.2f; load average %s to %s\n",
        wall, cores, used["machine_busy"], used["tool"], used["node1"], used["node2"], used["nginx"], used["mariadb"],
        used["machine_busy"] - ours, value[1, "loadavg"], value[NR, "loadavg"]
    }' "$1"
}

audit() {
  local dir=$1; shift
  say "load: $(basename "$dir"): audit"
  if "$ROOT/bench/audit" "$dir" "$@" | tee "$dir/audit.txt" >&2; then
    return 0
  fi
  return 1
}

# The phase's report.html, its CPU line in the summary; nginx's access log kept compressed.
report() {
  local dir=$1 cpu
  for cpu in "$dir"/*-cpu.txt; do
    [ -f "$cpu" ] && echo "$(basename "$dir"): $(cpu_summary "$cpu")" | tee -a "$dir/cpu-summary.txt" >>"$summary"
  done
  "$JAVA_HOME/bin/java" -cp "$ROOT/$jar" dev.flashsale.bench.load.LoadReport "$dir"
  [ ! -f "$dir/access.log" ] || gzip -f "$dir/access.log"
}
