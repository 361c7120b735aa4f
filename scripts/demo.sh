#!/usr/bin/env bash
# Builds the release binary and runs a short scenario in a throw-away store:
# declare, back-dated notes, steps, timeline, verify. Nothing leaves this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product incident >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/incident"
demo="$(mktemp -d)"
trap 'rm -rf "$demo"' EXIT
export INCIDENT_DB="$demo/incident.sqlite" INCIDENT_ACTOR="受付 佐藤"

run() { printf '\n$ incident %s\n' "$*"; "$bin" "$@"; }
run declare "受付の電子カルテが開かない。2台に身代金要求の画面" --at "$(TZ=Asia/Tokyo date -d '-40 min' '+%Y-%m-%d %H:%M')"
run log "受付端末2台に英語の身代金要求画面。再起動していない" --at "$(TZ=Asia/Tokyo date -d '-35 min' '+%Y-%m-%d %H:%M')"
run log "LANケーブルを抜いた（受付1・2）" --at "$(TZ=Asia/Tokyo date -d '-30 min' '+%Y-%m-%d %H:%M')"
run step done 1 --at "$(TZ=Asia/Tokyo date -d '-25 min' '+%Y-%m-%d %H:%M')"
run answer attack-suspected yes
run step start 2
run status
run timeline
run verify
