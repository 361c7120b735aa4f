#!/usr/bin/env bash
# Builds the release binary (static Swift standard library) and prints the speed figures.
# Usage: bash scripts/bench.sh [--runs N] [--sizes 10,10000,100000]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product incident >&2
swift build -c release --static-swift-stdlib --product incident-bench >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)"
"$bin/incident-bench" --incident "$bin/incident" "$@"
