#!/usr/bin/env bash
# Regenerates src/KubeSharp.Api/Generated from src/KubeSharp.Api/Schema/schema.json.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project tools/KubeSharp.ApiGen -c Release -- --root "$PWD" "$@"
