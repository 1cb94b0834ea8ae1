#!/usr/bin/env bash
# Runs `aws logs tail --follow` against an OpenWatch server while events
# arrive, some with the timestamp of events already printed, and checks each
# is printed exactly once: the CLI re-polls FilterLogEvents from the newest
# timestamp it saw and drops repeats by eventId, so ids must be stable.
# Environment: see awscli_lib.sh. Prints "PASS awscli-tail: N checks" last.
set -euo pipefail
# shellcheck source=awscli_lib.sh
. "$(dirname "$0")/awscli_lib.sh"

GT=/apptest/tail
ok create-log-group --log-group-name "$GT"
ok create-log-stream --log-group-name "$GT" --log-stream-name live
T1=$(now_ms)
events "$WORK/t1.json" "$T1" tail-event-01 "$T1" tail-event-02
ok put-log-events --log-group-name "$GT" --log-stream-name live --log-events "file://$WORK/t1.json"
"$AWS" --endpoint-url "$EP" --color off logs tail "$GT" --follow --since 10m --format short \
	>"$WORK/tail.out" 2>"$WORK/tail.err" &
TAIL_PID=$!
sleep 2
T2=$(now_ms)
events "$WORK/t2.json" "$T2" tail-event-03 "$T2" tail-event-04
ok put-log-events --log-group-name "$GT" --log-stream-name live --log-events "file://$WORK/t2.json"
sleep 6
# Same timestamp as the previous batch: the next poll starts at that
# timestamp again, so only eventId de-duplication keeps 03 and 04 single.
events "$WORK/t3.json" "$T2" tail-event-05 "$T2" tail-event-06
ok put-log-events --log-group-name "$GT" --log-stream-name live --log-events "file://$WORK/t3.json"
# Wait until all six are printed, then one more poll cycle (5 s) for repeats.
for _ in $(seq 1 40); do
	[ "$(grep -c 'tail-event-0[1-6]$' "$WORK/tail.out" || true)" -ge 6 ] && break
	sleep 0.5
done
sleep 6
kill "$TAIL_PID"
wait "$TAIL_PID" 2>/dev/null || true
TAIL_PID=
for i in 01 02 03 04 05 06; do
	n=$(grep -c " tail-event-$i\$" "$WORK/tail.out" || true)
	[ "$n" -eq 1 ] || fail "aws logs tail --follow printed tail-event-$i $n times, want once; output:
$(cat "$WORK/tail.out")
stderr:
$(cat "$WORK/tail.err")"
	CHECKS=$((CHECKS + 1))
done
expect "tail printed only the six events" "6" "$(grep -c . "$WORK/tail.out" || true)"

ok tail "$GT" --since 10m --format short --filter-pattern '"tail-event-05"'
expect "tail --filter-pattern without --follow" "tail-event-05" "$(sed 's/^[^ ]* //' <<<"$OUT")"

echo "PASS awscli-tail: $CHECKS checks"
