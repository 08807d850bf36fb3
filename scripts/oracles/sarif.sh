#!/usr/bin/env bash
# SARIF 2.1.0 schema validation of `gwc lint --format sarif`. Sourced by scripts/test.
# The schema file ships in the npm package @microsoft/jest-sarif (unpacked from its tarball, no
# dependencies installed); the validator is the `jsonschema` package in the shared venv.
JSONSCHEMA_VERSION=4.26.0
JEST_SARIF_VERSION=1.0.0-beta.0
SARIF_DIR="$ROOT/.npm-tools/sarif-schema"
SARIF_SCHEMA="$SARIF_DIR/package/lib/schemas/sarif-2.1.0-rtm.5.json"
if ! venv_has jsonschema "$JSONSCHEMA_VERSION"; then
    echo "scripts/test: installing jsonschema==$JSONSCHEMA_VERSION into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "jsonschema==$JSONSCHEMA_VERSION"
fi
if [ ! -f "$SARIF_SCHEMA" ]; then
    echo "scripts/test: unpacking the SARIF schema from @microsoft/jest-sarif@$JEST_SARIF_VERSION" >&2
    mkdir -p "$SARIF_DIR"
    tarball=$(cd "$SARIF_DIR" && npm pack --silent "@microsoft/jest-sarif@$JEST_SARIF_VERSION")
    tar -xzf "$SARIF_DIR/$tarball" -C "$SARIF_DIR" package/lib/schemas/sarif-2.1.0-rtm.5.json
    rm -f "$SARIF_DIR/$tarball"
fi
export GWC_SARIF_SCHEMA="$SARIF_SCHEMA"
export GWC_JSONSCHEMA_PYTHON="$VENV/bin/python"
