#!/usr/bin/env bash
# Quick start, step 1 (as root on Debian 12): install what is missing, build, and start what exists so far.
# Today that is the API server (on the embedded SQLite store); later issues extend this script until it starts a
# whole cluster.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
install_prerequisites
./build.sh
out/kubesharp version
scripts/start-server.sh
