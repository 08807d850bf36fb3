#!/usr/bin/env bash
# cfn-lint: validates every CloudFormation template the tests emit. Sourced by scripts/test.
CFN_LINT_VERSION=1.58.0
if [ ! -x "$VENV/bin/cfn-lint" ] || ! venv_has cfn_lint "$CFN_LINT_VERSION"; then
    echo "scripts/test: installing cfn-lint==$CFN_LINT_VERSION into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi
echo "scripts/test: $("$VENV/bin/cfn-lint" --version)" >&2
export GWC_CFN_LINT="$VENV/bin/cfn-lint"
