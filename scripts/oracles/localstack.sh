#!/usr/bin/env bash
# LocalStack (host mode, no Docker): a faithful REST API (v1) CloudFormation endpoint for the
# `gwc deploy` tests. Sourced by scripts/test: installs localstack-core into its own venv
# .venv-ls (it needs Python >= 3.12, taken from pyenv), starts it on 127.0.0.1, exports
# GWC_LOCALSTACK_ENDPOINT and registers its shutdown with gwc_on_exit (scripts/test).
LOCALSTACK_VERSION=2026.3.0
LS_VENV="$ROOT/.venv-ls"
# A free port unless GWC_LOCALSTACK_PORT says otherwise, so that two runs never share a server.
LS_PORT="${GWC_LOCALSTACK_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
if [ ! -x "$LS_VENV/bin/python" ]; then
    for v in 3.13.0 3.12.1 3.13 3.12; do
        if PYENV_VERSION=$v python3 -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
            echo "scripts/test: creating $LS_VENV with Python $v" >&2
            PYENV_VERSION=$v python3 -m venv "$LS_VENV" && break
        fi
    done
fi
if [ -x "$LS_VENV/bin/python" ]; then
    if ! compgen -G "$LS_VENV/lib/python3*/site-packages/localstack_core-$LOCALSTACK_VERSION.dist-info" >/dev/null; then
        echo "scripts/test: installing localstack-core==$LOCALSTACK_VERSION into $LS_VENV" >&2
        # Today's releases of these break LocalStack; the pins are from design/oracles.md §3.
        "$LS_VENV/bin/python" -m pip install -q --disable-pip-version-check \
            "localstack-core[runtime]==$LOCALSTACK_VERSION" 'cbor2<5.7' 'pyOpenSSL<25' 'cryptography<45' service_identity
    fi
    # Its state lives in a folder of this run, removed at exit.
    LS_DIR="$ROOT/.localstack/run-$$"
    mkdir -p "$LS_DIR/volume" "$ROOT/target/oracles"
    GATEWAY_LISTEN="127.0.0.1:$LS_PORT" DNS_ADDRESS=0 DISABLE_EVENTS=1 \
    FILESYSTEM_ROOT="$LS_DIR" LOCALSTACK_VOLUME_DIR="$LS_DIR/volume" \
        "$LS_VENV/bin/python" -m localstack.runtime.main >"$ROOT/target/oracles/localstack.log" 2>&1 &
    LS_PID=$!
    # Its shutdown can hang in "Stopping all services": SIGTERM, then SIGKILL after 5 s.
    gwc_on_exit "kill $LS_PID 2>/dev/null; for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 $LS_PID 2>/dev/null || break; sleep 0.5; done; kill -9 $LS_PID 2>/dev/null; rm -rf '$LS_DIR'"
    for _ in $(seq 1 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$LS_PORT/_localstack/health" && break
        sleep 0.5
    done
    if kill -0 "$LS_PID" 2>/dev/null && curl -sf -o /dev/null "http://127.0.0.1:$LS_PORT/_localstack/health"; then
        echo "scripts/test: LocalStack $LOCALSTACK_VERSION on http://127.0.0.1:$LS_PORT (pid $LS_PID)" >&2
        export GWC_LOCALSTACK_ENDPOINT="http://127.0.0.1:$LS_PORT"
    else
        echo "scripts/test: LocalStack did not start; see target/oracles/localstack.log" >&2
    fi
else
    echo "scripts/test: no Python >= 3.12 (pyenv 3.12/3.13) for LocalStack" >&2
fi
