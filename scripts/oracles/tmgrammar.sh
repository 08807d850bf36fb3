#!/usr/bin/env bash
# vscode-tmgrammar-test: checks the scopes the VS Code TextMate grammar gives tests/grammar/*.test.gw.
# Sourced by scripts/test; installs into .npm-tools/ (ignored) and exports GWC_TMGRAMMAR.
TMGRAMMAR_VERSION=0.1.3
TMGRAMMAR_BIN="$ROOT/.npm-tools/node_modules/.bin/vscode-tmgrammar-test"
tmgrammar_installed() {
    [ -x "$TMGRAMMAR_BIN" ] && grep -q "\"version\": \"$TMGRAMMAR_VERSION\"" \
        "$ROOT/.npm-tools/node_modules/vscode-tmgrammar-test/package.json" 2>/dev/null
}
if ! tmgrammar_installed; then
    echo "scripts/test: installing vscode-tmgrammar-test@$TMGRAMMAR_VERSION into .npm-tools" >&2
    npm install --no-audit --no-fund --silent --prefix "$ROOT/.npm-tools" "vscode-tmgrammar-test@$TMGRAMMAR_VERSION" >&2
fi
echo "scripts/test: vscode-tmgrammar-test $TMGRAMMAR_VERSION" >&2
export GWC_TMGRAMMAR="$TMGRAMMAR_BIN"
