#!/usr/bin/env bash
# The end-to-end scheduler benchmark (issue 6) as bench/KubeSharp.Scheduler.Benchmarks/RESULTS.md reports it: the
# harness published NativeAOT, as build.sh publishes the kubesharp binary (machine code from the start: no JIT, no
# tiering), each scenario in its own fresh process, run twice on a fresh server each time (run 1: a freshly started
# process; run 2: the same process again, its caches, pools and heap sizes warm).
# Usage: bench/scheduler-e2e.sh [scenario ...] [-- extra harness options, e.g. --scale 0.1]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=out/bench-scheduler
rm -rf "$out" # a stale earlier publish (ReadyToRun files) must not linger beside the native harness
dotnet publish bench/KubeSharp.Scheduler.Benchmarks/KubeSharp.Scheduler.Benchmarks.csproj -c Release -r linux-x64 \
  -p:PublishAot=true -o "$out" -v quiet -nologo
scenarios=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do scenarios+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#scenarios[@]} -gt 0 ] || scenarios=(SchedulingBasic RequiredPodAntiAffinity HardTopologySpread NodeAffinity)
echo "commit $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for s in "${scenarios[@]}"; do
  "$out/KubeSharp.Scheduler.Benchmarks" --api "$s" --repeat 2 "$@"
done
