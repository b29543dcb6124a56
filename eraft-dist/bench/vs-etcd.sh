#!/usr/bin/env bash
# The eRaft side of the side-by-side comparison with etcd: 3 `eraft server` processes from the image on loopback
# (LevelDB, fsync on), a 30 s unmeasured warm-up (the servers' JIT; long-running servers are warm), then the etcd
# harness's matrix with the same workload: 16-byte keys, 100,000 keys, 128-byte values, writes at 1/16/64/256
# clients, linearizable reads at 1 and 256; one JSON line per run (ops/s, p50/p99/p999 in ms, fdatasync p50 of the
# data directory's disk measured by `eraft bench --disk-floor`).
#
#   eraft-dist/bench/vs-etcd.sh                                   # ReadIndex reads (the default)
#   EXTRA="--set raft.lease-read=true" eraft-dist/bench/vs-etcd.sh  # lease reads
#   MATRIX="w:1 r:256" DUR=20 WARM=60 eraft-dist/bench/vs-etcd.sh
#
# Run the etcd harness (../shared/peers/etcd/run.sh, DURATION=10 WARMUP=3 and the same matrix, led by a discarded
# "m:16:0.5" run) right before or after, on a quiet machine, and compare as ratios.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E=${E:-$HERE/../target/eraft-image/bin/eraft}
D=${D:-${TMPDIR:-/tmp}/eraft-vs-etcd}
P=${PEERS:-n1=127.0.0.1:7601,n2=127.0.0.1:7602,n3=127.0.0.1:7603}
[ -x "$E" ] || { echo "no image at $E: build it with ./mvnw -B -DskipTests package" >&2; exit 2; }
command -v jq > /dev/null || { echo "needs jq" >&2; exit 2; }
rm -rf "$D"; mkdir -p "$D"
for i in 1 2 3; do
  # shellcheck disable=SC2086
  "$E" server --id n$i --peers "$P" --data-dir "$D/n$i" ${EXTRA:-} > "$D/n$i.log" 2>&1 &
done
trap 'pkill -f -- "--data-dir $D/" ; sleep 1' EXIT
sleep 5
"$E" bench --servers "$P" --clients 16 --read-ratio 0.5 --keys 100000 --value-size 128 --duration "${WARM:-30}s" \
  --disk-floor none > /dev/null 2>&1
for m in ${MATRIX:-w:1 w:16 w:64 w:256 r:1 r:256}; do
  k=${m%%:*}; c=${m##*:}; r=0; [ "$k" = r ] && r=1
  "$E" bench --servers "$P" --clients "$c" --read-ratio $r --keys 100000 --value-size 128 --duration "${DUR:-10}s" \
    --warmup 3s --disk-floor "$D" --json 2>/dev/null \
    | jq -c --arg m "$m" --arg extra "${EXTRA:-}" '{run: $m, settings: $extra, ops_per_s: (.total.opsPerSecond|floor),
        p50_ms: (.total.p50Micros/1000), p99_ms: (.total.p99Micros/1000), p999_ms: (.total.p999Micros/1000),
        fdatasync_p50_us: .diskFloor.fdatasyncP50Micros, errors}' || echo "{\"run\": \"$m\", \"failed\": true}"
done
