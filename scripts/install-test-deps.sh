#!/usr/bin/env bash
# Installs the real AWS clients the test suite drives against a local
# server: AWS CLI v2 and boto3 from Debian, and the JS SDK v3 and
# winston-cloudwatch from npm (into apptest/clients/node); Chromium from
# Debian with playwright-core (apptest/clients/browser) for the web
# console, and the console's own build tools (web/).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# The Debian packages are wanted even when another aws or boto3 is on PATH:
# the suite drives /usr/bin/aws (CLI v2) and /usr/bin/python3.
[ -x /usr/bin/aws ] || need+=(awscli)
/usr/bin/python3 -c 'import boto3' >/dev/null 2>&1 || need+=(python3-boto3)
# The web console's browser tests drive Debian's Chromium.
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}"
fi

for dir in apptest/clients/node apptest/clients/browser web; do
	if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
		(cd "$dir" && npm ci --no-audit --no-fund)
	fi
done
