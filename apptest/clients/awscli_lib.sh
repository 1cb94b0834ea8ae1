# Helpers shared by the AWS CLI scripts; source it, do not run it.
#
# Environment: OPENWATCH_ENDPOINT (http://127.0.0.1:PORT), OPENWATCH_ACCOUNT_ID,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION; optional AWS_CLI
# (path of a v2 `aws`) and PYTHON (any python3, used only to read JSON).

AWS=${AWS_CLI:-aws}
PY=${PYTHON:-python3}
EP=${OPENWATCH_ENDPOINT:?OPENWATCH_ENDPOINT must be set}
ACCOUNT=${OPENWATCH_ACCOUNT_ID:?OPENWATCH_ACCOUNT_ID must be set}
REGION=${AWS_DEFAULT_REGION:-us-east-1}
WORK=$(mktemp -d)
CHECKS=0

# TAIL_PID is a background CLI to stop on exit, if any.
TAIL_PID=
cleanup() {
	if [ -n "$TAIL_PID" ]; then
		kill "$TAIL_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# run_svc SERVICE ARGS executes `aws SERVICE ARGS` and leaves stdout in OUT,
# stderr in ERR and the exit code in RC.
run_svc() {
	local svc=$1
	shift
	set +e
	OUT=$("$AWS" --endpoint-url "$EP" --color off --output json "$svc" "$@" 2>"$WORK/stderr")
	RC=$?
	set -e
	ERR=$(cat "$WORK/stderr")
}

# ok_svc SERVICE ARGS: `aws SERVICE ARGS` must succeed.
ok_svc() {
	local svc=$1
	run_svc "$@"
	shift
	[ "$RC" -eq 0 ] || fail "aws $svc $* exited $RC: $ERR"
}

# fails_with_svc SERVICE CODE ARGS: the CLI must report the service error
# CODE with its failure exit code: 254 for a service error (255, the
# generic code, is accepted too).
fails_with_svc() {
	local svc=$1 code=$2
	shift 2
	run_svc "$svc" "$@"
	if [ "$RC" -ne 254 ] && [ "$RC" -ne 255 ]; then
		fail "aws $svc $* exited $RC, want 254/255 with $code; stdout: $OUT stderr: $ERR"
	fi
	grep -q "$code" <<<"$ERR" || fail "aws $svc $*: stderr lacks $code: $ERR"
	CHECKS=$((CHECKS + 1))
}

# run, ok and fails_with are the same for `aws logs`.
run() { run_svc logs "$@"; }
ok() { ok_svc logs "$@"; }
fails_with() {
	local code=$1
	shift
	fails_with_svc logs "$code" "$@"
}

# cw_run, cw_ok and cw_fails_with are the same for `aws cloudwatch`.
cw_run() { run_svc cloudwatch "$@"; }
cw_ok() { ok_svc cloudwatch "$@"; }
cw_fails_with() {
	local code=$1
	shift
	fails_with_svc cloudwatch "$code" "$@"
}

# q EXPR evaluates a Python expression over the JSON document d read from
# stdin and prints it as canonical JSON (strings bare).
q() {
	"$PY" -c '
import json, sys
d = json.loads(sys.stdin.read() or "null")
r = eval(sys.argv[1])
print(r if isinstance(r, str) else json.dumps(r, sort_keys=True))
' "$1"
}

# expect LABEL WANT GOT fails with a diff when the two differ.
expect() {
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1" >&2
		diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/    /' >&2 || true
		exit 1
	fi
	CHECKS=$((CHECKS + 1))
}

now_ms() { date +%s%3N; }

# events FILE TS MSG [TS MSG...] writes a --log-events JSON file.
events() {
	local file=$1
	shift
	"$PY" -c '
import json, sys
a = sys.argv[1:]
print(json.dumps([{"timestamp": int(a[i]), "message": a[i + 1]} for i in range(0, len(a), 2)]))
' "$@" >"$file"
}
