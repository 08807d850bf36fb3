#!/usr/bin/env bash
# checkov: tests/lint_checkov.rs scans the CloudFormation of a set of fixtures in one call and
# checks that gwc's linter reports a superset of checkov's API Gateway failures. checkov pins
# clash with the shared venv, so it lives in its own ignored venv `.venv-checkov`. Sourced by
# scripts/test.
CHECKOV_VERSION=3.3.30
CHECKOV_VENV="$ROOT/.venv-checkov"
if [ ! -x "$CHECKOV_VENV/bin/python" ]; then
    echo "scripts/test: creating $CHECKOV_VENV" >&2
    rm -rf "$CHECKOV_VENV"
    python3 -m venv "$CHECKOV_VENV"
fi
if [ ! -x "$CHECKOV_VENV/bin/checkov" ] \
    || ! compgen -G "$CHECKOV_VENV/lib/python3*/site-packages/checkov-$CHECKOV_VERSION.dist-info" >/dev/null; then
    echo "scripts/test: installing checkov==$CHECKOV_VERSION into $CHECKOV_VENV" >&2
    "$CHECKOV_VENV/bin/python" -m pip install -q --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
echo "scripts/test: checkov $("$CHECKOV_VENV/bin/checkov" --version 2>/dev/null)" >&2
export GWC_CHECKOV="$CHECKOV_VENV/bin/checkov"
