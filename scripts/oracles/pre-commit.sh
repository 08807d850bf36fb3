#!/usr/bin/env bash
# pre-commit: tests/lint_precommit.rs runs `pre-commit try-repo` with .pre-commit-hooks.yaml
# against scratch git repositories. Sourced by scripts/test.
PRE_COMMIT_VERSION=4.7.0
if [ ! -x "$VENV/bin/pre-commit" ] || ! venv_has pre_commit "$PRE_COMMIT_VERSION"; then
    echo "scripts/test: installing pre-commit==$PRE_COMMIT_VERSION into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION"
fi
export GWC_PRE_COMMIT="$VENV/bin/pre-commit"
