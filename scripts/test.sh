#!/usr/bin/env bash
# Runs the whole Watchkeeper test suite: installs the Debian packages the tests need (as root), starts a
# throwaway PostgreSQL 15 server, runs every test project and ends with "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/start-postgres.sh

require_dotnet
ensure_packages "${TEST_PACKAGES[@]}" || echo "Continuing: the tests that need the missing packages will fail and name them." >&2

start_postgres || exit 1
trap stop_postgres EXIT

log=$(mktemp /tmp/watchkeeper-test.XXXXXX.log)
dotnet build Watchkeeper.slnx -c Debug -nologo -v quiet 2>&1 | tee -a "$log" | grep -E "error|Error|Warn|warn" | grep -v NU1603
build_status=${PIPESTATUS[0]}
if [ "$build_status" -ne 0 ]; then
  echo "The build failed; see $log"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Watchkeeper.slnx --no-build -c Debug -nologo "$@" 2>&1 | tee -a "$log"
test_status=${PIPESTATUS[0]}

# Each test assembly prints "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Failed!  - ...").
read -r passed failed skipped < <(grep -E "^(Passed|Failed)!  - Failed:" "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "The test run ended with status $test_status without a failed test: an assembly crashed or did not run; see $log"
  failed=1
fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
