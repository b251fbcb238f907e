#!/usr/bin/env bash
# Builds the kubesharp executable at out/kubesharp: a NativeAOT binary (machine code, no JIT, no .NET runtime needed
# to run it), with the native SQLite library beside it as out/libe_sqlite3.so. Symbols for perf/gdb are in
# out/kubesharp.dbg. Runtime settings (Server GC, toolchain choice) are in build/Runtime.props.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
dotnet publish src/KubeSharp.Host/KubeSharp.Host.csproj -c Release -r linux-x64 -p:SourceRevisionId="$commit" -o out \
  -v quiet -nologo
# An incremental publish into an existing out/ has dropped the native library before: fail here, not at start-up.
for f in out/kubesharp out/libe_sqlite3.so; do
  [ -f "$f" ] || { echo "build.sh: $f is missing after publish" >&2; exit 1; }
done
echo "built out/kubesharp ($commit)"
