"""Reads a deployed REST API back through the server's apigateway API (boto3), for tests/deploy_*.rs.

usage: read_api.py ENDPOINT STACK API_NAME   (credentials and region come from the environment)
Prints one JSON document: the stack's status and outputs, and for the API named by the
stack's `ApiId` output (else the newest API called API_NAME: moto drops outputs and cannot
list the resources of stacks it only partly models): its name, every resource path
with its methods (authorization type, API key flag, integration type, method and URI), its
stages and its deployment ids.
"""
import json
import sys

import boto3

endpoint, stack, api_name = sys.argv[1], sys.argv[2], sys.argv[3]
cfn = boto3.client("cloudformation", endpoint_url=endpoint)
apigw = boto3.client("apigateway", endpoint_url=endpoint)

s = cfn.describe_stacks(StackName=stack)["Stacks"][0]
outputs = {o["OutputKey"]: o["OutputValue"] for o in s.get("Outputs", [])}
api_id = outputs.get("ApiId")
if not api_id:
    named = [a for a in apigw.get_rest_apis(limit=500)["items"] if a["name"] == api_name]
    named.sort(key=lambda a: a.get("createdDate") or 0)
    api_id = named[-1]["id"] if named else None
doc = {"status": s["StackStatus"], "outputs": outputs, "api_id": api_id}
if api_id:
    doc["name"] = apigw.get_rest_api(restApiId=api_id)["name"]
    routes = {}
    for res in apigw.get_resources(restApiId=api_id, limit=500)["items"]:
        for verb in sorted(res.get("resourceMethods") or {}):
            m = apigw.get_method(restApiId=api_id, resourceId=res["id"], httpMethod=verb)
            integ = m.get("methodIntegration") or {}
            routes[f"{verb} {res['path']}"] = {
                "authorization": m.get("authorizationType"),
                "api_key": bool(m.get("apiKeyRequired")),
                "integration": (integ.get("type") or "").upper(),
                "integration_method": integ.get("httpMethod"),
                "uri": integ.get("uri"),
            }
    doc["routes"] = routes
    doc["stages"] = sorted(st["stageName"] for st in apigw.get_stages(restApiId=api_id)["item"])
    doc["deployments"] = sorted(d["id"] for d in apigw.get_deployments(restApiId=api_id)["items"])
print(json.dumps(doc, indent=1, sort_keys=True))
