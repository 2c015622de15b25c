#!/usr/bin/env bash
# Starts the whole platform on the embedded default: one process co-hosting a silo and the gateway,
# localhost clustering, SQLite under ./data, web UI and API on http://localhost:5000.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
want=()
command -v ffmpeg >/dev/null || want+=(ffmpeg)
command -v node >/dev/null || want+=(nodejs npm)
if [ ${#want[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}"
fi
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (https://dot.net)." >&2; exit 1; }
if [ -f gateway/web/package-lock.json ]; then
  (cd gateway/web && npm ci --no-audit --no-fund --loglevel=error && npm run build --if-present)
fi
dotnet build gateway/Stagecast.Gateway.csproj -c Release -nologo -clp:ErrorsOnly
cd gateway
# The one-command platform is for trying Stagecast out: Development environment and, unless Stripe keys
# are given, the clearly labelled sandbox payment provider, asked for explicitly (the gateway never picks
# it by itself, and refuses it in Production).
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
if [ -z "${Stagecast__Stripe__SecretKey:-}" ]; then
  export Stagecast__Payments__Sandbox="${Stagecast__Payments__Sandbox:-true}"
fi
exec dotnet bin/Release/net10.0/Stagecast.Gateway.dll --Stagecast:DataDirectory="$ROOT/data" "$@"
