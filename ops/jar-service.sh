# Sourced by scripts that test the built jar over HTTP (http-tests/run, clients/test): start_jar_service LOG
# starts target/jobpool-*.jar on a free port with the given extra arguments, waits until it listens, sets
# JOBPOOL_SERVICE_URL and stops the service when the calling script exits.
jar_service_pid=""

stop_jar_service() {
  if [ -n "$jar_service_pid" ]; then
    kill "$jar_service_pid" 2>/dev/null || true
    wait "$jar_service_pid" 2>/dev/null || true
  fi
}

start_jar_service() {
  local log="$1"; shift
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local jar; jar=$(ls "$root"/target/jobpool-*.jar 2>/dev/null | head -n 1 || true)
  [ -n "$jar" ] || { echo "no target/jobpool-*.jar; run ./mvnw package first" >&2; return 1; }
  : >"$log"
  "$("$root/.ci/find-java")" -jar "$jar" --server.port=0 --spring.main.banner-mode=off "$@" >"$log" 2>&1 &
  jar_service_pid=$!
  trap stop_jar_service EXIT
  local port=""
  for _ in $(seq 120); do
    port=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$jar_service_pid" 2>/dev/null || { echo "the service exited; see $log" >&2; return 1; }
    sleep 0.5
  done
  [ -n "$port" ] || { echo "the service did not start within 60 s; see $log" >&2; return 1; }
  JOBPOOL_SERVICE_URL="http://127.0.0.1:$port"
}
