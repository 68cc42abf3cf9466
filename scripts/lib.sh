# Shared helpers for the scripts in this folder. Source it; do not run it.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL="$ROOT/.local"

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Exports JAVA_HOME pointing at a JDK 25 or newer: $JAVA_HOME if it is one, else /usr/lib/jvm/*25*.
find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]-* ; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
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
need_pkg() {
  local command=$1; shift
  command -v "$command" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "'$command' is missing: install the Debian package(s) $* (needs root)."
  say "installing Debian package(s): $*"
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 \
    || die "could not install $*"
}
