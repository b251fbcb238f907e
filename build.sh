#!/usr/bin/env bash
# Builds the kubesharp executable at out/kubesharp (framework-dependent, single file; the native SQLite library is
# bundled too: left beside the file, an incremental re-publish dropped it).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
dotnet publish src/KubeSharp.Host/KubeSharp.Host.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:SourceRevisionId="$commit" -p:DebugType=embedded -o out -v quiet -nologo
echo "built out/kubesharp ($commit)"
