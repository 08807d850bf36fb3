#!/usr/bin/env python3
"""Writes the bad-input corpus next to this script (run it from anywhere; it is deterministic).

Every file is a root program that gwc must reject with exit 1 and a coded diagnostic, without a
panic and without writing anything (tests/bad_inputs.rs). A name that starts with a code
(`E0204-...`) must produce that code. `imports/` holds files that roots import; it is not a root.
`base.gw.txt` is the valid program most cases are derived from (its own test checks it is clean).
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = open(os.path.join(HERE, "base.gw.txt"), encoding="utf-8").read()
cases = {}


def add(name, content):
    assert name not in cases, name
    cases[name] = content if isinstance(content, bytes) else content.encode("utf-8")


def sub(old, new, count=1):
    assert BASE.count(old) >= 1, old
    return BASE.replace(old, new, count)


# --- truncated files: the base cut at 40 points, and at the end of each of its lines but the last
for i in range(1, 41):
    cut = len(BASE) * i // 41
    add(f"truncated-at-{i:02d}of41", BASE[:cut])
lines = BASE.splitlines(keepends=True)
ends = [sum(len(l) for l in lines[: k + 1]) for k in range(len(lines) - 1)]
for k in range(14, len(ends), 3):  # only inside the API block, where no cut is a whole program
    add(f"truncated-after-line-{k + 1:02d}", BASE[: ends[k]])

# --- wrong types in every value position
POSITIONS = [
    ("param-default", 'param env: string = "prod"', 'param env: string = {}'),
    ("lambda-name", 'lambda(name: "fn-${env}")', "lambda(name: {})"),
    ("log-group-name", 'log_group(name: "/apigw/shop")', "log_group(name: {})"),
    ("api-description", 'description = "Shop"', "description = {}"),
    ("endpoint", "endpoint = regional", "endpoint = {}"),
    ("logging-role", "logging_role = existing", "logging_role = {}"),
    ("binary-media-types", 'binary_media_types = ["image/png"]', "binary_media_types = {}"),
    ("minimum-compression", "minimum_compression = 1KiB", "minimum_compression = {}"),
    ("tag-value", 'team = "shop"', "team = {}"),
    ("authorizer-function", "function = authz", "function = {}"),
    ("authorizer-identity", "identity = header.Authorization", "identity = {}"),
    ("authorizer-ttl", "ttl = 5m", "ttl = {}"),
    ("user-pools", "user_pools = [pool]", "user_pools = {}"),
    ("route-auth", "auth = tok", "auth = {}"),
    ("route-integration", "integration = lambda_proxy(fn, timeout: 10s)", "integration = {}"),
    ("lambda-proxy-function", "lambda_proxy(fn, timeout: 10s)", "lambda_proxy({}, timeout: 10s)"),
    ("lambda-proxy-timeout", "lambda_proxy(fn, timeout: 10s)", "lambda_proxy(fn, timeout: {})"),
    ("route-throttle-rate", "rate = 50/s", "rate = {}"),
    ("route-throttle-burst", "burst = 100 }", "burst = {} }"),
    ("scopes", 'scopes: ["items/write"]', "scopes: {}"),
    ("http-proxy-url", '"https://backend.example.com/items"', "{}"),
    ("http-proxy-timeout", "timeout: 5s", "timeout: {}"),
    ("mock-status", "mock(status: 200)", "mock(status: {})"),
    ("stage-description", 'description = "Production"', "description = {}"),
    ("stage-variable", 'release = "v1"', "release = {}"),
    ("stage-tracing", "tracing = true", "tracing = {}"),
    ("stage-logging", "logging = error", "logging = {}"),
    ("stage-metrics", "metrics = true", "metrics = {}"),
    ("stage-throttle-rate", "rate = 1000/s", "rate = {}"),
    ("access-log-destination", "destination = access", "destination = {}"),
    ("access-log-format", "format = std.logging.json", "format = {}"),
]
WRONG = [
    ("string", '"text"'),
    ("integer", "42"),
    ("bool", "false"),
    ("list", "[1, 2]"),
    ("duration", "10s"),
    ("size", "3KiB"),
]
# A position's own type is not wrong there; skip those (e.g. a duration for a timeout).
OWN = {
    "param-default": {"string"}, "lambda-name": {"string"}, "log-group-name": {"string"},
    "api-description": {"string"}, "tag-value": {"string"}, "stage-description": {"string"},
    "stage-variable": {"string"}, "http-proxy-url": {"string"}, "authorizer-ttl": {"duration"},
    "lambda-proxy-timeout": {"duration"}, "http-proxy-timeout": {"duration"},
    "minimum-compression": {"size", "integer"}, "route-throttle-burst": {"integer"},
    "mock-status": {"integer"}, "stage-tracing": {"bool"}, "stage-metrics": {"bool"},
    "route-throttle-rate": {"integer"}, "stage-throttle-rate": {"integer"},
    "access-log-format": {"string"},
    # a role or log group may be given by its ARN as a string
    "logging-role": {"string"}, "access-log-destination": {"string"},
}
for pos, old, template in POSITIONS:
    for kind, value in WRONG:
        if kind in OWN.get(pos, set()):
            continue
        add(f"wrong-type-{pos}-{kind}", sub(old, template.replace("{}", value)))

# --- unknown names everywhere: references, properties, options, blocks
UNKNOWN = [
    ("E0201-unknown-param-in-string", '"fn-${env}"', '"fn-${nope}"'),
    ("E0201-unknown-authorizer-function", "function = authz", "function = nope"),
    ("unknown-user-pool", "user_pools = [pool]", "user_pools = [nope]"),
    ("E0201-unknown-authorizer", "auth = tok", "auth = nope"),
    ("E0201-unknown-authorizer-call", 'auth = users(scopes: ["items/write"])', 'auth = nope(scopes: ["items/write"])'),
    ("E0201-unknown-function", "lambda_proxy(fn,", "lambda_proxy(nope,"),
    ("E0303-unknown-integration-kind", "integration = mock(status: 200)", "integration = mocked(status: 200)"),
    ("E0201-unknown-log-group", "destination = access", "destination = nope"),
    ("E0201-unknown-stdlib-member", "format = std.logging.json", "format = std.logging.nope"),
    ("unknown-module", "format = std.logging.json", "format = nope.json"),
    ("unknown-binding-kind", "log_group access = log_group(", "log_group access = nope("),
    ("E0205-unknown-api-property", 'description = "Shop"', 'descripton = "Shop"'),
    ("E0205-unknown-route-property", "    auth = iam\n", "    oauth = iam\n"),
    ("E0205-unknown-stage-property", "tracing = true", "tracin = true"),
    ("E0205-unknown-throttle-property", "rate = 50/s", "rat = 50/s"),
    ("E0205-unknown-access-log-property", "destination = access", "dest = access"),
    ("E0205-unknown-authorizer-property", "ttl = 5m", "tll = 5m"),
    ("E0205-unknown-api-block", '  tags { team = "shop" }', '  labels { team = "shop" }'),
    ("E0205-unknown-stage-block", '    variables { release = "v1" }', '    vars { release = "v1" }'),
    ("E0205-unknown-lambda-argument", 'lambda(name: "authz")', 'lambda(nme: "authz")'),
    ("E0205-unknown-proxy-argument", "timeout: 10s)", "timeot: 10s)"),
    ("E0303-unknown-endpoint", "endpoint = regional", "endpoint = global"),
    ("E0303-unknown-logging-role", "logging_role = existing", "logging_role = maybe"),
    ("E0303-unknown-logging-level", "logging = error", "logging = loud"),
    ("E0303-unknown-authorizer-kind", "tok: token {", "tok: tokn {"),
    ("E0203-unknown-stdlib-module", "import std.logging", "import std.nope"),
    ("unknown-method", "DELETE /items/{id}", "REMOVE /items/{id}"),
    ("unknown-api-kind", "rest api shop", "soap api shop"),
    ("unknown-top-level-keyword", "param pool: arn", "parameter pool: arn"),
    ("unknown-param-type", "param pool: arn", "param pool: uuid"),
    ("unknown-query-type", "query limit?: integer", "query limit?: int64"),
    ("E0405-undeclared-path-variable-in-proxy", '"https://backend.example.com/items"', '"https://backend.example.com/items/{sku}"'),
]
for name, old, new in UNKNOWN:
    add(name, sub(old, new))

# --- deep nesting, in several positions, closed and unclosed
for depth in (200, 3_000, 20_000):
    add(f"deep-list-{depth}", sub('["image/png"]', "[" * depth + '"x"' + "]" * depth))
    add(f"deep-list-unclosed-{depth}", sub('["image/png"]', "[" * depth))
    add(f"deep-call-{depth}", sub("mock(status: 200)", "mock(" * depth + ")" * depth))
    add(f"deep-blocks-{depth}", sub('  tags { team = "shop" }', "  tags " + "{ a " * depth + "}" * depth))
    add(f"deep-interpolation-{depth}", sub('"Shop"', '"' + "${" * depth + "env" + "}" * depth + '"'))
    add(f"deep-parens-{depth}", sub("ttl = 5m", "ttl = " + "(" * depth + "5m" + ")" * depth))

# --- huge numbers and strings in numeric and text positions
HUGE = "9" * 400
for name, old, new in [
    ("huge-ttl", "ttl = 5m", f"ttl = {HUGE}m"),
    ("huge-rate", "rate = 50/s", f"rate = {HUGE}/s"),
    ("huge-burst", "burst = 100 }", f"burst = {HUGE} }}"),
    ("huge-status", "mock(status: 200)", f"mock(status: {HUGE})"),
    ("huge-timeout", "timeout: 10s", f"timeout: {HUGE}s"),
    ("huge-compression", "minimum_compression = 1KiB", f"minimum_compression = {HUGE}KiB"),
    ("huge-negative-burst", "burst = 100 }", f"burst = -{HUGE} }}"),
    ("huge-fraction-burst", "burst = 100 }", f"burst = 0.{HUGE} }}"),
    ("huge-exponent", "burst = 100 }", "burst = 1e400 }"),
    ("i64-overflow-burst", "burst = 100 }", "burst = 9223372036854775808 }"),
    ("u32-overflow-ttl", "ttl = 5m", "ttl = 4294967296s"),
    ("negative-ttl", "ttl = 5m", "ttl = -5m"),
    ("zero-timeout", "timeout: 10s", "timeout: 0s"),
    ("huge-status-in-response", "mock(status: 200)", "mock(status: 99999)"),
]:
    add(name, sub(old, new))
BIG = "x" * 30_000
for name, old, new in [
    ("huge-path-segment", "POST /items {", f"POST /{BIG} {{\n    operation_name = 1"),
    ("huge-identifier", "auth = tok", f"auth = {BIG}"),
    ("huge-description-then-error", 'description = "Shop"', f'description = "{BIG}"\n  nope = 1'),
    ("huge-url", '"https://backend.example.com/items"', f'"https://{BIG}.example.com/items/{{sku}}"'),
    ("huge-unterminated-string", 'description = "Shop"', f'description = "{BIG}'),
    ("huge-comment-unclosed", "import std.logging", f"import std.logging /* {BIG}"),
    ("many-routes-duplicate", "  DELETE /items/{id} {", "  GET /dup { integration = mock(status: 200) }\n" * 1000 + "  DELETE /items/{id} {"),
    ("many-errors", "  DELETE /items/{id} {", "  GET /e{x} { nope = 1 }\n" * 1000 + "  DELETE /items/{id} {"),
]:
    add(name, sub(old, new))

# --- invalid UTF-8 (E0101) and binary data
def bytes_case(name, prefix, junk, suffix=b""):
    add(name, prefix + junk + suffix)

head = BASE.encode()[:200]
for name, junk in [
    ("E0101-lone-continuation-byte", b"\x80"),
    ("E0101-overlong-slash", b"\xc0\xaf"),
    ("E0101-surrogate", b"\xed\xa0\x80"),
    ("E0101-beyond-unicode", b"\xf4\x90\x80\x80"),
    ("E0101-ff-byte", b"\xff"),
    ("E0101-latin1-text", "caf\u00e9".encode("latin-1")),
]:
    bytes_case(name, head, junk, BASE.encode()[200:])
add("E0101-truncated-multibyte-at-end", BASE.encode() + "\u20ac".encode()[:2])
add("E0101-invalid-in-comment", b"// \xfe\xfe\n" + BASE.encode())
add("E0101-invalid-in-string", sub('"Shop"', "\"Sh@p\"").encode().replace(b"@", b"\xc3\x28"))
add("E0101-utf16-be-bom", b"\xfe\xff" + BASE.encode("utf-16-be"))
rng = random.Random(20261125)
for i in range(6):
    add(f"E0101-binary-random-{i}", bytes([0xFF]) + bytes(rng.randrange(256) for _ in range(512 << i)))
add("E0101-binary-elf-header", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
add("E0101-binary-gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(255, -1, -1)))
add("E0101-binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
add("binary-nul-bytes", b"\x00" * 4096)
add("binary-nul-in-program", BASE.encode().replace(b"rest api", b"rest\x00api"))
add("binary-control-chars", bytes(range(1, 32)) * 20)
add("binary-bom-then-nothing", b"\xef\xbb\xbf")
add("binary-bom-then-garbage", b"\xef\xbb\xbf}}}")

# --- imports: cycles, missing files, imports of bad files
for name, line in [
    ("E0204-cycle-two-files", 'import "./imports/cycle_a.gw" as a'),
    ("E0204-cycle-three-files", 'import "./imports/ring_1.gw" as r'),
    ("E0204-cycle-self-in-import", 'import "./imports/self.gw" as s'),
    ("E0203-missing-file", 'import "./imports/does_not_exist.gw" as missing'),
    ("E0203-missing-directory", 'import "./no/such/dir/x.gw" as missing'),
    ("E0203-import-a-directory", 'import "./imports" as dir'),
    ("E0203-missing-file-in-import", 'import "./imports/imports_missing.gw" as m'),
    ("E0203-import-not-utf8", 'import "./imports/not_utf8.gw" as bad'),
    ("E0100-import-with-syntax-error", 'import "./imports/syntax_error.gw" as bad'),
    ("E0205-import-declares-api", 'import "./imports/has_api.gw" as other'),
]:
    add(name, BASE.replace("import std.logging", "import std.logging\n" + line, 1))
add("E0204-self-import", 'import "./E0204-self-import.gw" as me\n' + BASE)

IMPORTS = {
    "cycle_a.gw": 'import "./cycle_b.gw" as b\nlet x = "a"\n',
    "cycle_b.gw": 'import "./cycle_a.gw" as a\nlet y = "b"\n',
    "ring_1.gw": 'import "./ring_2.gw" as r\nlet one = 1\n',
    "ring_2.gw": 'import "./ring_3.gw" as r\nlet two = 2\n',
    "ring_3.gw": 'import "./ring_1.gw" as r\nlet three = 3\n',
    "self.gw": 'import "./self.gw" as me\nlet x = 1\n',
    "imports_missing.gw": 'import "./gone.gw" as gone\nlet x = 1\n',
    "not_utf8.gw": b"let x = \"\xff\xfe\"\n",
    "syntax_error.gw": "let x = = 1\n",
    "has_api.gw": "rest api other {\n  GET / { integration = mock(status: 200) }\n  stage s {}\n}\n",
}

# --- what the API kinds and the target cannot do (the checks of what each kind supports)
for name, old, new in [
    ("E0408-jwt-authorizer-on-rest", "authorizer users: cognito { user_pools = [pool] }",
     'authorizer users: jwt { issuer = "https://issuer.example.com"  audiences = ["a"] }'),
    ("E0406-scopes-on-token-authorizer", "auth = tok", 'auth = tok(scopes: ["a"])'),
    ("E0407-token-identity-from-query", "identity = header.Authorization", "identity = query.token"),
    ("E0412-private-without-vpc-endpoints", "endpoint = regional", "endpoint = private"),
    ("E0428-mutual-tls-on-edge-domain", "  stage prod {",
     '  domain "api.example.com" {\n    endpoint = edge\n    certificate = pool\n    mutual_tls { truststore = "s3://bucket/truststore.pem" }\n    base_path { stage = prod }\n  }\n\n  stage prod {'),
    ("E0404-duplicate-route", "  DELETE /items/{id} {", "  GET /items/{id} { integration = mock(status: 200) }\n  DELETE /items/{id} {"),
    ("E0402-greedy-not-last", "POST /items {", "POST /{rest+}/items {"),
    ("E0403-conflicting-path-variables", "DELETE /items/{id}", "DELETE /items/{key}"),
    ("E0401-malformed-path", "POST /items {", "POST /items//x {"),
    ("E0409-undeclared-stage-variable", '"fn-${env}"', '"fn-${stageVariables.nope}"'),
    ("E0410-no-routes", None, "rest api empty {\n  stage s {}\n}\n"),
    ("E0411-no-stages", None, "rest api nostage {\n  GET / { integration = mock(status: 200) }\n}\n"),
    ("E0418-no-api", None, 'param x: string = "only a param"\n'),
    ("E0420-cors-credentials-with-wildcard", "  stage prod {",
     '  cors { origins = ["*"]  credentials = true }\n\n  stage prod {'),
    ("E0423-options-route-with-cors", "  stage prod {",
     '  cors { origins = ["https://a.example.com"] }\n  OPTIONS /items { integration = mock(status: 200) }\n\n  stage prod {'),
    ("E0426-literal-api-key", "  stage prod {",
     '  api_key k { value = "abcdefghijklmnopqrstuvwxyz" }\n\n  stage prod {'),
    ("E0419-reserved-name", "function authz =", "function none ="),
    ("E0202-duplicate-authorizer", "authorizer users: cognito", "authorizer tok: cognito"),
    ("E0202-duplicate-stage", "  stage prod {", "  stage prod { }\n  stage prod {"),
    ("E0206-missing-integration", "    integration = mock(status: 200)\n", ""),
    ("E0206-missing-authorizer-function", "function = authz  ", ""),
    ("E0207-template-arguments", None,
     'template t(a) {\n  GET /t { integration = mock(status: a) }\n}\nrest api x {\n  use t() at /p\n  stage s {}\n}\n'),
    ("E0208-template-uses-itself-twice", None,
     'import std.crud\nfunction items = lambda(name: "items")\ntemplate ten(h) {\n  use ten(h) at /a\n  use ten(h) at /b\n  use std.crud.lambda_crud(handler: h) at /c\n}\nrest api x {\n  use ten(items) at /p\n  stage s {}\n}\n'),
    ("E0208-templates-use-each-other", None,
     'function f = lambda(name: "f")\ntemplate a(h) {\n  GET /a { integration = lambda_proxy(h) }\n  use b(h) at /b\n  use b(h) at /c\n}\ntemplate b(h) {\n  use a(h) at /d\n  use a(h) at /e\n}\nrest api x {\n  use a(f) at /p\n  stage s {}\n}\n'),
    ("E0208-recursive-let", None, 'let a = b\nlet b = a\nrest api x {\n  description = a\n  GET / { integration = mock(status: 200) }\n  stage s {}\n}\n'),
]:
    add(name, new if old is None else sub(old, new))

# One program per violation of what an API kind supports (each is the only problem in its file).
FN = 'function handler = lambda(name: "handler")\nfunction authz = lambda(name: "authz")\nparam acl: arn\n\n'
HTTP = "http api h {{\n{api}  GET /orders {{\n{route}    integration = lambda_proxy(handler)\n  }}\n  stage $default {{\n{stage}  }}\n}}\n"
WS = "websocket api w {{\n{api}  route $connect {{ integration = lambda_proxy(handler) }}\n  route $default {{\n{route}    integration = lambda_proxy(handler)\n  }}\n  stage prod {{\n{stage}  }}\n}}\n"
REST = "rest api r {{\n{api}  GET /orders {{\n{route}    integration = lambda_proxy(handler)\n  }}\n  stage prod {{\n{stage}  }}\n}}\n"
for name, shape, where, text in [
    ("E0408-http-validate", HTTP, "api", "  validate = all\n"),
    ("E0408-http-model", HTTP, "api", "  model Order { id: string }\n"),
    ("E0408-http-usage-plan", HTTP, "api", "  usage_plan basic { stages = [$default] }\n"),
    ("E0408-http-api-key", HTTP, "api", "  api_key partner {}\n"),
    ("E0408-http-route-cache", HTTP, "route", "    cache { ttl = 5m }\n"),
    ("E0408-http-stage-tracing", HTTP, "stage", "    tracing = true\n"),
    ("E0408-http-web-acl", HTTP, "stage", "    web_acl = acl\n"),
    ("E0408-http-canary", HTTP, "stage", "    canary { traffic = 10% }\n"),
    ("E0408-http-stage-cache", HTTP, "stage", "    cache { size = 0.5GB }\n"),
    ("E0408-http-route-selection", HTTP, "api", '  route_selection = "$request.body.action"\n'),
    ("E0408-http-token-authorizer", HTTP, "api", "  authorizer legacy: token { function = authz }\n"),
    ("E0408-http-execution-logging", HTTP, "stage", "    logging = error\n"),
    ("E0408-rest-route-selection", REST, "api", '  route_selection = "$request.body.action"\n'),
    ("E0408-websocket-jwt-authorizer", WS, "api", '  authorizer users: jwt { issuer = "https://auth.example.com"  audiences = ["chat"] }\n'),
    ("E0408-websocket-cors", WS, "api", '  cors { origins = ["https://chat.example.com"] }\n'),
    ("E0408-websocket-edge-domain", WS, "api", '  domain "chat.example.com" {\n    certificate = acl\n    endpoint = edge\n    base_path { stage = prod }\n  }\n'),
    ("E0408-websocket-mutual-tls", WS, "api", '  domain "chat.example.com" {\n    certificate = acl\n    mutual_tls { truststore = "s3://b/clients.pem" }\n    base_path { stage = prod }\n  }\n'),
    ("E0460-websocket-auth-not-on-connect", WS, "route", "    auth = iam\n"),
]:
    parts = {"api": "", "route": "", "stage": ""}
    parts[where] = text
    add(name, FN + shape.format(**parts))
add("E0408-rest-default-stage", FN + "rest api r {\n  GET /orders { integration = lambda_proxy(handler) }\n  stage $default {}\n}\n")
add("E0461-http-connect-route", FN + "http api h {\n  route $connect { integration = lambda_proxy(handler) }\n  GET /orders { integration = lambda_proxy(handler) }\n  stage $default {}\n}\n")
add("E0461-websocket-method-route", FN + "websocket api w {\n  GET /messages { integration = lambda_proxy(handler) }\n  route $default { integration = lambda_proxy(handler) }\n  stage prod {}\n}\n")


def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode("utf-8"))


for old in os.listdir(HERE):
    if old.endswith(".gw"):
        os.remove(os.path.join(HERE, old))
for name, content in cases.items():
    write(os.path.join(HERE, name + ".gw"), content)
for name, content in IMPORTS.items():
    write(os.path.join(HERE, "imports", name), content)
print(f"{len(cases)} bad programs, {len(IMPORTS)} imported files")
