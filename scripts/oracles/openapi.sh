#!/usr/bin/env bash
# OpenAPI oracles: openapi-spec-validator (PyPI, in the shared venv) and Spectral (npm, in
# .npm-tools/) with the project's ruleset tests/spectral/ruleset.yaml. Sourced by scripts/test.
OSV_VERSION=0.9.0
SPECTRAL_VERSION=6.16.3
if [ ! -x "$VENV/bin/openapi-spec-validator" ] || ! venv_has openapi_spec_validator "$OSV_VERSION"; then
    echo "scripts/test: installing openapi-spec-validator==$OSV_VERSION into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "openapi-spec-validator==$OSV_VERSION"
fi
export GWC_OPENAPI_SPEC_VALIDATOR="$VENV/bin/openapi-spec-validator"
NPM_TOOLS="$ROOT/.npm-tools"
if ! grep -qs "\"version\": \"$SPECTRAL_VERSION\"" "$NPM_TOOLS/node_modules/@stoplight/spectral-cli/package.json"; then
    command -v npm >/dev/null || { echo "scripts/test: npm is needed for Spectral" >&2; exit 1; }
    echo "scripts/test: installing @stoplight/spectral-cli@$SPECTRAL_VERSION into $NPM_TOOLS" >&2
    npm install --no-audit --no-fund --silent --prefix "$NPM_TOOLS" "@stoplight/spectral-cli@$SPECTRAL_VERSION"
fi
export GWC_SPECTRAL="$NPM_TOOLS/node_modules/.bin/spectral"
echo "scripts/test: openapi-spec-validator $OSV_VERSION, spectral $("$GWC_SPECTRAL" --version)" >&2
