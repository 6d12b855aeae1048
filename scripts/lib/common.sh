# Shared by the scripts in scripts/: sourced, not run.

# Finds a JDK 21 or newer and exports JAVA_HOME (the machine's default java may be older).
# Order: $JAVA_HOME, the java on the PATH, then the JDKs under /usr/lib/jvm and /opt, newest first.
use_jdk21() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      JAVA_MAJOR="${version%%.*}"
      # ElasticMQ's Pekko still calls sun.misc.Unsafe; JDK 23+ warn about it unless told it is allowed.
      JVM_FLAGS=()
      if [ "$JAVA_MAJOR" -ge 23 ]; then JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
      return 0
    fi
  done
  echo "error: building needs a JDK 21 or newer (the libraries still target Java 17)." >&2
  echo "       None was found in JAVA_HOME, on the PATH, or under /usr/lib/jvm and /opt." >&2
  echo "       Install one (e.g. Temurin 21 or 25) and set JAVA_HOME." >&2
  return 1
}

# Runs a command as root: directly when already root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages; refreshes the package lists first only when the install fails without them.
apt_install() {
  as_root apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { as_root apt-get update -qq && as_root apt-get install -y -qq "$@"; }
}

# Installs redis-server from Debian's packages unless one is on the PATH.
ensure_redis_server() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "==> installing redis-server from Debian's packages"
    apt_install redis-server
  fi
  command -v redis-server >/dev/null || { echo "error: redis-server is still not on the PATH after installing it" >&2; return 1; }
}

# Installs Debian's PostgreSQL server unless its initdb is on the PATH or under /usr/lib/postgresql.
ensure_postgresql() {
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "==> installing PostgreSQL from Debian's packages"
    apt_install postgresql
  fi
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    || { echo "error: PostgreSQL's initdb is still missing after installing postgresql" >&2; return 1; }
}

# The one moto every script installs into .venv/moto (SNS, SQS, SES v2, IAM, CloudWatch).
MOTO_SPEC='moto[server]==5.2.5'

# The repository's root (this file is scripts/lib/common.sh).
EVENTBUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# ensure_venv NAME PIP_SPEC...: makes the virtualenv .venv/NAME (git-ignored) with the given pip requirement
# specs installed, and leaves its tools in .venv/NAME/bin. Python tools are never installed with a bare pip:
# Debian's own Python refuses that (PEP 668, externally-managed-environment). The virtualenv is made with the
# python3 on the PATH; where `python3 -m venv` does not work (Debian without python3-venv) that package is
# installed first. The specs are installed again only when they differ from the last successful install.
ensure_venv() {
  local name="$1"
  shift
  local dir="$EVENTBUS_ROOT/.venv/$name"
  local stamp="$dir/.installed-specs"
  local wanted
  wanted="$(printf '%s\n' "$@")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && "$dir/bin/python" -c '' 2>/dev/null; then
    return 0
  fi
  if ! "$dir/bin/python" -c '' 2>/dev/null; then
    rm -rf "$dir"
    if ! python3 -m venv "$dir" >/dev/null 2>&1; then
      rm -rf "$dir"
      echo "==> installing Debian's python3-venv (python3 -m venv needs it)"
      apt_install python3-venv
      python3 -m venv "$dir" || { echo "error: could not create the virtualenv $dir with $(command -v python3)" >&2; return 1; }
    fi
  fi
  echo "==> installing $* into .venv/$name"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@" \
    || { echo "error: pip could not install $* into $dir" >&2; return 1; }
  printf '%s\n' "$wanted" > "$stamp"
}
