#!/usr/bin/env bash
# The web board on a demo store, in one command: builds `incident` and
# `incident-serve` (release; BUILD=debug for a quicker first build), makes a
# throw-away store with the sample facility profile and the first minutes of
# a ransomware incident, then serves it on this machine only. Open the first
# line it prints. Ctrl-C stops it and deletes the demo store.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${BUILD:-release}"
swift build -c "$config" --product incident >&2
swift build -c "$config" --product incident-serve >&2
bin="$(swift build -c "$config" --show-bin-path)"
demo="$(mktemp -d)"
trap 'rm -rf "$demo"' EXIT
export INCIDENT_DB="$demo/incident.sqlite" INCIDENT_ACTOR="受付 佐藤"
ago() { TZ=Asia/Tokyo date -d "-$1 min" '+%Y-%m-%d %H:%M'; }
{
  # The sample profile with fictional numbers, so that the board's call buttons show.
  awk '/phone: ""/ { n++; sub(/phone: ""/, sprintf("phone: \"03-0000-%04d\"", n)) } { print }' \
    Profiles/facility-sample.yaml >"$demo/facility-demo.yaml"
  "$bin/incident" init --facility "$demo/facility-demo.yaml"
  "$bin/incident" declare "受付の電子カルテが開かない。2台に身代金要求の画面" --at "$(ago 40)"
  "$bin/incident" log "受付端末2台に英語の身代金要求画面。再起動していない" --at "$(ago 35)"
  "$bin/incident" impact 電子カルテ --status down --at "$(ago 34)"
  "$bin/incident" log "LANケーブルを抜いた（受付1・2）" --at "$(ago 30)"
  "$bin/incident" step start 1 --at "$(ago 30)"
} >/dev/null
echo "デモ用の記録: $INCIDENT_DB（終了すると消えます） / demo store, deleted on exit" >&2
"$bin/incident" serve --listen "${LISTEN:-127.0.0.1:8080}"
