#!/usr/bin/env bash
# Starts Watchkeeper on http://127.0.0.1:5080 with the embedded SQLite database under ./data and the demo
# fleet. Extra arguments go to the server, e.g. --urls http://127.0.0.1:8080 or --Demo:Enabled=false.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

require_dotnet
ensure_packages "${RUN_PACKAGES[@]}" || echo "Continuing without them." >&2

# dotnet run starts the server in the project folder, so the data folder is given as an absolute path.
exec dotnet run --project src/Watchkeeper.Server -c Release -- --Storage:DataDirectory="$PWD/data" --Demo:Enabled=true "$@"
