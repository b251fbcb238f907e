#!/usr/bin/env bash
# The end-to-end scheduler benchmark (issue 6) as bench/KubeSharp.Scheduler.Benchmarks/RESULTS.md reports it: the
# harness published ReadyToRun, as build.sh publishes the kubesharp binary (so a fresh process starts from
# precompiled code, not the JIT's tier 0), each scenario in its own fresh process, run twice on a fresh server each time
# (run 1: a freshly started process; run 2: the same process once its JIT has promoted the hot paths).
# Usage: bench/scheduler-e2e.sh [scenario ...] [-- extra harness options, e.g. --scale 0.1]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=out/bench-scheduler
dotnet publish bench/KubeSharp.Scheduler.Benchmarks/KubeSharp.Scheduler.Benchmarks.csproj -c Release -r linux-x64 \
  --self-contained false -p:PublishReadyToRun=true -o "$out" -v quiet -nologo
scenarios=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do scenarios+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#scenarios[@]} -gt 0 ] || scenarios=(SchedulingBasic RequiredPodAntiAffinity HardTopologySpread NodeAffinity)
echo "commit $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for s in "${scenarios[@]}"; do
  dotnet "$out/KubeSharp.Scheduler.Benchmarks.dll" --api "$s" --repeat 2 "$@"
done
