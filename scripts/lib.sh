# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Where state, logs and pid files live: .local/ in the checkout, or INVENTORY_LOCAL_DIR (a relative path is taken
# from the current directory). A second deployment with its own directory and ports can run beside the first.
LOCAL=${INVENTORY_LOCAL_DIR:-$ROOT/.local}
case $LOCAL in /*) ;; *) LOCAL="$PWD/$LOCAL" ;; esac
LOCAL=${LOCAL%/}

# The ports of the local deployment. The defaults are CONTRACT.md's; INVENTORY_PORT_OFFSET (default 0) shifts every
# default at once, and each port can also be set on its own:
#
#   INVENTORY_LB_PORT             8080   nginx, the load balancer
#   INVENTORY_NODE1_HTTP_PORT     8081   app node 1 (INVENTORY_NODE2_HTTP_PORT: 8082)
#   INVENTORY_NODE1_MEMBER_PORT   5701   Hazelcast member of node 1 (INVENTORY_NODE2_MEMBER_PORT: 5702)
#   INVENTORY_WITNESS_PORT        5700   the witness, a lite Hazelcast member on a database server (scripts/witness)
#   INVENTORY_DB_PRIMARY_PORT     3316   MariaDB primary
#   INVENTORY_DB_REPLICA_PORT     3317   MariaDB replica
#
# For example INVENTORY_PORT_OFFSET=1000 runs a deployment on 9080, 9081/9082, 6701/6702 (nodes), 6700 (witness) and
# 4316/4317.
PORT_OFFSET=${INVENTORY_PORT_OFFSET:-0}
[[ $PORT_OFFSET =~ ^[0-9]{1,5}$ ]] || die "INVENTORY_PORT_OFFSET must be a non-negative integer: '$PORT_OFFSET'"
LB_PORT=${INVENTORY_LB_PORT:-$((8080 + PORT_OFFSET))}
DB_PRIMARY_PORT=${INVENTORY_DB_PRIMARY_PORT:-$((3316 + PORT_OFFSET))}
DB_REPLICA_PORT=${INVENTORY_DB_REPLICA_PORT:-$((3317 + PORT_OFFSET))}
# After a failover (scripts/db promote replica, recorded in $LOCAL/db/promoted) the replica's server is the primary:
# db_primary_port names the port that takes the writes now.
db_primary_port() { if [ -f "$LOCAL/db/promoted" ]; then echo "$DB_REPLICA_PORT"; else echo "$DB_PRIMARY_PORT"; fi; }
NODE_HTTP_PORTS=("${INVENTORY_NODE1_HTTP_PORT:-$((8081 + PORT_OFFSET))}" "${INVENTORY_NODE2_HTTP_PORT:-$((8082 + PORT_OFFSET))}")
NODE_MEMBER_PORTS=("${INVENTORY_NODE1_MEMBER_PORT:-$((5701 + PORT_OFFSET))}" "${INVENTORY_NODE2_MEMBER_PORT:-$((5702 + PORT_OFFSET))}")
WITNESS_PORT=${INVENTORY_WITNESS_PORT:-$((5700 + PORT_OFFSET))}
# The app nodes of the deployment, and every port it listens on.
# shellcheck disable=SC2034 # used by the scripts that source this file
NODES=(1 2)
# Dies unless $1 names one of NODES.
require_node() {
  local node
  for node in "${NODES[@]}"; do [ "$node" = "${1:-}" ] && return 0; done
  die "unknown node '${1:-}': one of ${NODES[*]}"
}
# The members of the grid: both nodes and the witness (a node changes sale state only while it sees 2 of the 3).
# shellcheck disable=SC2034
GRID_MEMBERS=$((${#NODES[@]} + 1))
ALL_PORTS=("$LB_PORT" "${NODE_HTTP_PORTS[@]}" "${NODE_MEMBER_PORTS[@]}" "$WITNESS_PORT" "$DB_PRIMARY_PORT" "$DB_REPLICA_PORT")

check_ports() {
  local port seen=" "
  for port in "${ALL_PORTS[@]}"; do
    if ! [[ $port =~ ^[0-9]{1,5}$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
      die "port '$port' is out of range (see the INVENTORY_*_PORT variables in scripts/lib.sh)"
    fi
    [[ $seen != *" $port "* ]] || die "port $port is given twice (see the INVENTORY_*_PORT variables in scripts/lib.sh)"
    seen+="$port "
  done
}
check_ports

# Where the parts listen. By default everything is on 127.0.0.1. With INVENTORY_NETNS=1 (the fault suite's partition
# scenario) node N runs inside the network namespace fs-nodeN of scripts/netns and listens on 10.77.0.N only, and the
# databases (beside 127.0.0.1) listen on the bridge address 10.77.0.254 and the witness on the bridge's second address
# 10.77.0.100, which both namespaces reach: the link between the nodes can be cut while each still reaches the rest.
# These addresses exist only on this machine. The witness's "[10.77.0.100]" sorts below both nodes' addresses: in the
# merge after a split, Hazelcast merges the side whose master's address sorts higher into the other (between sides of
# one data member each), so a node that was cut off always merges into the witness's side (docs/guarantees.md).
NETNS=${INVENTORY_NETNS:-}
# shellcheck disable=SC2034 # SHARED_HOST is used by the scripts that source this file
if [ -n "$NETNS" ]; then
  NODE_HOSTS=(10.77.0.1 10.77.0.2)
  SHARED_HOST=10.77.0.254
  WITNESS_HOST=10.77.0.100
else
  NODE_HOSTS=(127.0.0.1 127.0.0.1)
  SHARED_HOST=127.0.0.1
  WITNESS_HOST=127.0.0.1
fi

node_http_port() { echo "${NODE_HTTP_PORTS[$1 - 1]}"; }
node_member_port() { echo "${NODE_MEMBER_PORTS[$1 - 1]}"; }
# The address node N listens on (HTTP and Hazelcast member): 127.0.0.1, or 10.77.0.N with INVENTORY_NETNS.
node_host() { echo "${NODE_HOSTS[$1 - 1]}"; }
# The cluster's member list as the nodes and the witness are given it: 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5700 by
# default.
cluster_members() {
  local node members=()
  for node in "${NODES[@]}"; do members+=("$(node_host "$node"):$(node_member_port "$node")"); done
  members+=("$WITNESS_HOST:$WITNESS_PORT")
  (IFS=,; echo "${members[*]}")
}

# True when something accepts TCP connections on 127.0.0.1:PORT (ss when installed, else bash's /dev/tcp).
listening() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" | grep -q .
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# Exports JAVA_HOME pointing at a JDK 25 or newer: $JAVA_HOME if it is one, else /usr/lib/jvm/*25*.
find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]-* ; do
    if [ -z "$candidate" ] || [ ! -x "$candidate/bin/javac" ]; then continue; fi
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  die "no JDK 25 found. Set JAVA_HOME to a JDK 25, or install one under /usr/lib/jvm (for example Temurin 25: temurin-25-jdk)."
}

# Installs the Debian packages named, when a command they provide is missing: need_pkg COMMAND PACKAGE...
# Daemons (mariadb, nginx) are run by these scripts under .local/: while installing, a policy-rc.d keeps the packages'
# post-install steps from starting system-wide servers of their own (on :3306, :80).
need_pkg() {
  local command=$1 policy=/usr/sbin/policy-rc.d placed="" status=0; shift
  case :$PATH: in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin" ;; esac
  command -v "$command" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "'$command' is missing: install the Debian package(s) $* (needs root)."
  say "installing Debian package(s): $*"
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    APT_UPDATED=1
  fi
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && placed=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 || status=$?
  [ -z "$placed" ] || rm -f "$policy"
  [ "$status" = 0 ] || die "could not install $*"
  command -v "$command" >/dev/null 2>&1 || die "installed $* but '$command' is still not on PATH"
}

# Node N's /actuator/health document (whatever its status: Boot answers 503 with the document when it is not UP),
# or nothing when the node does not answer.
node_health() {
  curl -sS --max-time "${2:-5}" "http://$(node_host "$1"):$(node_http_port "$1")/actuator/health" 2>/dev/null || true
}

# A field of a health document on standard input, by jq path (status, grid details): `null` when absent.
health_field() { jq -r "$1" 2>/dev/null || echo null; }
# shellcheck disable=SC2034 # used by the scripts that source this file
GRID_DETAILS='.components.grid.details'
