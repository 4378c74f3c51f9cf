# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise looks at `java` on the PATH,
# then at the JDKs installed under /usr/lib/jvm and /opt (newest first).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }
pick_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      $(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(pick_jdk); then
  echo "Parley needs a JDK 21 or newer (javac included); none found. Install one and set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# Flags for JVMs that run Parley's dependencies: newer JDKs warn about Netty's and Kafka's use of
# sun.misc.Unsafe and native access unless these are allowed (JDK 21 does not know the first).
PARLEY_JVM_FLAGS="--enable-native-access=ALL-UNNAMED"
if [ "$(java_major "$JAVA_HOME" | cut -d. -f1)" -ge 24 ]; then
  PARLEY_JVM_FLAGS="$PARLEY_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} $PARLEY_JVM_FLAGS"
