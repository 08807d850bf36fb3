#!/usr/bin/env bash
# moto server: a local CloudFormation/API Gateway endpoint for the `gwc deploy` tests. Sourced by
# scripts/test: installs moto[server] into $VENV, starts it on 127.0.0.1, exports GWC_MOTO_ENDPOINT
# (and GWC_MOTO_SERVER, the binary, for tests that start their own short-lived server), and
# registers its shutdown with gwc_on_exit (scripts/test).
MOTO_VERSION=5.2.5
BOTO3_VERSION=1.44.8
# A free port unless GWC_MOTO_PORT says otherwise, so that two runs never share a server.
MOTO_PORT="${GWC_MOTO_PORT:-$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
if [ ! -x "$VENV/bin/moto_server" ] || ! venv_has moto "$MOTO_VERSION" || ! venv_has boto3 "$BOTO3_VERSION"; then
    echo "scripts/test: installing moto[server]==$MOTO_VERSION into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION" "boto3==$BOTO3_VERSION"
fi
mkdir -p "$ROOT/target/oracles"
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$ROOT/target/oracles/moto.log" 2>&1 &
MOTO_PID=$!
gwc_on_exit "kill $MOTO_PID 2>/dev/null"
for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/" && break
    sleep 0.1
done
if kill -0 "$MOTO_PID" 2>/dev/null && curl -sf -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/"; then
    echo "scripts/test: moto $MOTO_VERSION on http://127.0.0.1:$MOTO_PORT (pid $MOTO_PID)" >&2
    export GWC_MOTO_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
else
    echo "scripts/test: moto did not start; see target/oracles/moto.log" >&2
fi
export GWC_MOTO_SERVER="$VENV/bin/moto_server"
# The Python with boto3 and moto, for tests that read deployed APIs back or start their own server.
export GWC_AWS_PYTHON="$VENV/bin/python"
