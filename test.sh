#!/usr/bin/env bash
# Quick start, step 2: runs the whole test suite (every tier) and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source scripts/prerequisites.sh
install_prerequisites || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
lint_failed=0
if ! dotnet format whitespace KubeSharp.slnx --verify-no-changes --exclude src/KubeSharp.Api/Generated; then
  echo "formatting differs: run 'dotnet format whitespace KubeSharp.slnx --exclude src/KubeSharp.Api/Generated'"
  lint_failed=1
fi
dotnet build KubeSharp.slnx -c Release -nologo -v quiet 2>&1 | tee -a "$log" | grep -E "error|Build succeeded|FAILED" || true
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
# The shipped binary (NativeAOT): tests/KubeSharp.Host.Tests run it as separate processes.
if ! ./build.sh >>"$log" 2>&1; then
  tail -20 "$log"
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet test KubeSharp.slnx -c Release --no-build -nologo 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
read -r passed failed skipped < <(grep -E "^(Passed|Failed)! +- Failed:" "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner failed without a test failure (crash, missing assembly): count it
fi
failed=$((failed + lint_failed))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
