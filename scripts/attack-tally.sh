#!/bin/bash
# Attack tally for issue #21: tried / caught / crashed / bytes changed, per group.
# Needs root (tmpfs mount), sqlite3 and python3. Usage: scripts/attack-tally.sh [path/to/incident]
# Usage: run.sh BINARY
B=$(realpath "${1:-.build/debug/incident}"); export B
W=$(mktemp -d /tmp/atk.XXXX)
export INCIDENT_ACTOR=attacker INCIDENT_LANG=en HOME=$W
declare -A tried caught crashed changed
sha() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }
fresh() { # $1 dir, $2 notes
  rm -rf "$1"; mkdir -p "$1"; export INCIDENT_DB=$1/s.sqlite
  $B declare "受付の電子カルテが開かない" >/dev/null 2>&1
  for i in $(seq 1 ${2:-5}); do $B log "note $i" >/dev/null 2>&1; done
  $B verify >/dev/null 2>&1
}
tamper() {
  local t1=$(sqlite3 "$INCIDENT_DB" "select sql from sqlite_master where name='event_append_only_update'")
  local t2=$(sqlite3 "$INCIDENT_DB" "select sql from sqlite_master where name='event_append_only_delete'")
  sqlite3 "$INCIDENT_DB" "DROP TRIGGER IF EXISTS event_append_only_update; DROP TRIGGER IF EXISTS event_append_only_delete; $1; $t1; $t2;"
}
# record GROUP "desc" expect(caught-when) command...   caught = exit code in expected set
record() {
  local g=$1 want=$2; shift 2
  local before=$(sha "${CHK:-$INCIDENT_DB}")
  "$@" >$W/out 2>$W/err; local rc=$?
  local after=$(sha "${CHK:-$INCIDENT_DB}")
  tried[$g]=$(( ${tried[$g]:-0} + 1 ))
  if [[ $rc -ge 128 ]] || grep -q "Fatal error\|Stack dump" $W/err; then crashed[$g]=$(( ${crashed[$g]:-0} + 1 )); fi
  if [[ " $want " == *" $rc "* ]] && ! grep -q FORGED $W/out; then caught[$g]=$(( ${caught[$g]:-0} + 1 )); else echo "  MISS [$g] rc=$rc: $*" >&2; fi
  if [[ "$before" != "$after" ]]; then changed[$g]=$(( ${changed[$g]:-0} + 1 )); fi
}

# 1. Reads believe what verify rejects
D=$W/g1
for cmd in "timeline" "timeline --format csv" "timeline --format json" "print timeline --out $W/p.html" "report mhlw" "export --out $W/bx" "review" "log more"; do
  fresh $D 40; tamper "UPDATE event SET payload='{\"text\":\"FORGED\"}' WHERE seq=3"
  record reads "3" $B $cmd; rm -rf $W/p.html $W/bx
done
for cmd in "status" "status --json" "report ppc-preliminary" "log more" "verify"; do
  fresh $D 3; tamper "UPDATE snapshot SET state = CAST(replace(CAST(state AS TEXT), '\"correctionCount\":0', '\"correctionCount\":7') AS BLOB)"
  record reads "3" $B $cmd
done

# 2. Crashes (stdout /dev/full or closed, '.' paths)
D=$W/g2; fresh $D 2
for cmd in "status" "timeline" "list" "verify"; do record crash "1" bash -c "$B $cmd > /dev/full"; done
for cmd in "status" "timeline"; do record crash "0 1" bash -c "$B $cmd >&-"; done
record crash "1" $B --db . list
record crash "1" $B backup --out .
record crash "1" $B key init --out .

# 3. Reading writes: older store, live WAL copy
D=$W/g3; fresh $D 3; $B backup --out $W/old.sqlite >/dev/null 2>&1
sqlite3 $W/old.sqlite "DROP TABLE document_log; DROP TABLE copy_made; DELETE FROM grdb_migrations WHERE identifier IN ('v7-document-log','v8-copies');" 2>/dev/null
export INCIDENT_DB=$W/old.sqlite
for cmd in "status" "status --json" "timeline" "timeline --format csv" "list" "verify" "verify --all" "report mhlw" "facility show" "doctor" "checklist" "readiness" "review"; do
  record readwrites "0 1" $B $cmd
done
# a copy with a live WAL
fresh $D 3
python3 - "$D/s.sqlite" "$W/walcopy" <<'PY'
import sqlite3, shutil, subprocess, sys, os
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
hold = sqlite3.connect(src); hold.execute("select count(*) from event").fetchall()
subprocess.run([os.environ["B"], "log", "only in the WAL"], env=dict(os.environ, INCIDENT_DB=src), capture_output=True)
shutil.copy(src, dst + "/s.sqlite"); shutil.copy(src + "-wal", dst + "/s.sqlite-wal")
hold.close()
PY
export INCIDENT_DB=$W/walcopy/s.sqlite
for cmd in "status" "timeline" "verify" "verify --all" "list"; do
  b=$(sha $INCIDENT_DB $INCIDENT_DB-wal)
  record readwrites "0" $B $cmd
  [[ "$(sha $INCIDENT_DB $INCIDENT_DB-wal)" != "$b" ]] && { changed[readwrites]=$(( ${changed[readwrites]:-0} + 1 )); echo "  WAL changed by $cmd" >&2; }
done

# 4. Silent loss and unguarded data
D=$W/g4; fresh $D 3
sqlite3 $INCIDENT_DB "CREATE TRIGGER sw BEFORE INSERT ON event WHEN NEW.kind='note' BEGIN SELECT RAISE(IGNORE); END"
record unguarded "3" $B log "vanishing"
rm -rf $D; mkdir -p $D; export INCIDENT_DB=$D/s.sqlite
cp $(dirname "$0")/../Profiles/facility-sample.yaml $D/f.yaml
$B init --facility $D/f.yaml >/dev/null 2>&1; $B declare "x" >/dev/null 2>&1
tamper "UPDATE facility_profile SET source = source || ' '"
record unguarded "3" $B verify --all
record unguarded "3" $B declare "next"
sqlite3 $W/other.sqlite "CREATE TABLE patients(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO patients(name) VALUES('a');"
export INCIDENT_DB=$W/other.sqlite
record unguarded "1" $B declare "adopt?"

# 5. Dead ends: each must end in a usable store via salvage
for c in int64max corrupt macs future; do
  D=$W/g5-$c; fresh $D 200
  case $c in
    int64max) tamper "UPDATE event SET seq = 9223372036854775807 WHERE seq = 6";;
    corrupt) sz=$(stat -c %s $INCIDENT_DB); python3 -c "
import sys; f=open('$INCIDENT_DB','r+b'); p=($sz//4096-2)*4096; f.seek(p); f.write(b'Z'*4096)";;
    macs) rm -rf $D; mkdir -p $D; export INCIDENT_DB=$D/s.sqlite; $B key init --out $D/k >/dev/null 2>&1; export INCIDENT_KEY_FILE=$D/k
          $B declare x >/dev/null 2>&1; for i in 1 2 3; do $B log n$i >/dev/null 2>&1; done; tamper "UPDATE event SET mac=NULL WHERE seq>=3";;
    future) sqlite3 $INCIDENT_DB "INSERT INTO grdb_migrations VALUES('v99-future')";;
  esac
  record deadends "0" $B salvage --out $D/new.sqlite
  CHK=$D/s.sqlite INCIDENT_DB=$D/new.sqlite record deadends "0" $B log "usable again"
  unset INCIDENT_KEY_FILE
done

# 6. Disk full
D=$W/g6; fresh $D 300; mkdir -p $W/small; mount -t tmpfs -o size=64k tmpfs $W/small
for cmd in "print timeline --out $W/small/t.html" "report mhlw --out $W/small/r.md" "backup --out $W/small/b.sqlite" "export --out $W/small/bx" "checklist print --out $W/small/c.html"; do
  record diskfull "0 1" $B $cmd
  set -- $cmd; t=${@: -1}
  ls -a $W/small | grep -q partial && echo "  partial left by $cmd" >&2
done
umount $W/small
for cmd in "print timeline --out $W/small/t.html"; do record diskfull "0" $B $cmd; done

# 7. Messages
D=$W/g7; fresh $D 60; $B backup --out $W/bk.sqlite >/dev/null 2>&1
bsz=$(stat -c %s $W/bk.sqlite); python3 -c "f=open('$W/bk.sqlite','r+b'); f.seek(($bsz//4096-1)*4096); f.write(b'Z'*4096)"
record messages "42" bash -c "$B verify --against $W/bk.sqlite 2>&1 | grep -q \"copy '$W/bk.sqlite'\" && exit 42"
record messages "42" bash -c "$B print timeline --out no/such/dir/x.html 2>&1 | grep -q 'no such folder' && exit 42"
$B export --out $W/b7 >/dev/null 2>&1; rm $W/b7/manifest.json
record messages "42" bash -c "$B verify --bundle $W/b7 2>&1 | grep -q 'manifest.json missing' && exit 42"
T=$(sqlite3 $INCIDENT_DB "select sql from sqlite_master where name='event_append_only_delete'")
sqlite3 $INCIDENT_DB "PRAGMA foreign_keys=OFF; DELETE FROM snapshot; DROP TRIGGER event_append_only_delete; DELETE FROM event; DELETE FROM incident; $T;"
record messages "42" bash -c "$B verify --head '#3:abcdef0123456789' 2>&1 | grep -q 'holds no incident' && exit 42"

# 8. Bundles
D=$W/g8; fresh $D 3; $B export --out $W/b8 >/dev/null 2>&1
python3 - $W/b8 <<'PY'
import sys
p=sys.argv[1]+"/events.jsonl"; l=open(p).read().split("\n"); l[2]=l[2][:-1]+',"payload":"{\\"text\\":\\"FORGED\\"}"}'; open(p,"w").write("\n".join(l))
PY
record bundles "3" $B verify --bundle $W/b8
$B export --out $W/b9 >/dev/null 2>&1
record bundles "0" bash -c "$B verify --bundle $W/b9 | grep -q 'internal consistency'"

echo "group        tried caught crashed bytes-changed"
for g in reads crash readwrites unguarded deadends diskfull messages bundles; do
  printf "%-12s %5s %6s %7s %13s\n" $g ${tried[$g]:-0} ${caught[$g]:-0} ${crashed[$g]:-0} ${changed[$g]:-0}
done
rm -rf $W
