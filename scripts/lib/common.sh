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
