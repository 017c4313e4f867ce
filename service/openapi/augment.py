"""Writes the service's OpenAPI document: the platform's subset
(openapi-subset.json, unchanged) with, on each operation, the refusals the
service answers beside the ones the subset lists, each with the JSON error
body: 400 (not JSON), 401 (no identity), 403 (denied), 404 (not found),
409 (conflict), 412 (stale, with If-Match), 413 (a body over the limit), 422
(invalid), and 501 on the operations the crate does not model.

    python3 service/openapi/augment.py > service/openapi/service.json
"""

import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
NOT_MODELED = {"editProject", "editProjectDeployemtnRule", "editEnvironment"}
ERROR = {
    "type": "object",
    "required": ["error", "category", "status", "message"],
    "properties": {
        "error": {"type": "string"},
        "category": {"type": "string"},
        "status": {"type": "integer"},
        "message": {"type": "string"},
    },
}
REFUSALS = ["400", "401", "403", "404", "409", "412", "413", "415", "422"]

# What each creation returns the id of, and the path parameters it carries
# on: OpenAPI links from it to every operation those ids fill, so the
# stateful phase walks from a new organization to its projects, clusters,
# roles, tokens, invitations, rules and environments.
CREATES = {
    ("/organization", "post"): ("organizationId", []),
    ("/organization/{organizationId}/project", "post"): ("projectId", ["organizationId"]),
    ("/organization/{organizationId}/cluster", "post"): ("clusterId", ["organizationId"]),
    ("/organization/{organizationId}/customRole", "post"): ("customRoleId", ["organizationId"]),
    ("/organization/{organizationId}/apiToken", "post"): ("apiTokenId", ["organizationId"]),
    ("/organization/{organizationId}/inviteMember", "post"): ("inviteId", ["organizationId"]),
    ("/project/{projectId}/deploymentRule", "post"): ("deploymentRuleId", ["projectId"]),
    ("/project/{projectId}/environment", "post"): ("environmentId", []),
}


def path_parameters(path):
    return {part[1:-1] for part in path.split("/") if part.startswith("{")}


def add_links(spec):
    for (source, method), (made, carried) in CREATES.items():
        operation = spec["paths"][source][method]
        code = next(code for code in ("201", "200") if code in operation["responses"])
        links = {}
        for path, methods in spec["paths"].items():
            needed = path_parameters(path)
            if made not in needed or not needed <= {made, *carried}:
                continue
            for target_method, target in methods.items():
                if target_method == "parameters":
                    continue
                parameters = {made: "$response.body#/id"}
                for name in needed - {made}:
                    parameters[name] = f"$request.path.{name}"
                links[target["operationId"]] = {
                    "operationId": target["operationId"],
                    "parameters": parameters,
                }
        response = dict(operation["responses"][code])
        response["links"] = links
        operation["responses"][code] = response


def main():
    spec = json.loads((HERE / "openapi-subset.json").read_text())
    spec["components"]["schemas"]["ServiceError"] = ERROR
    refusal = {
        "description": "refused",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServiceError"}}},
    }
    for path in spec["paths"].values():
        for method, operation in path.items():
            if method == "parameters":
                continue
            responses = operation.setdefault("responses", {})
            codes = REFUSALS + (["501"] if operation.get("operationId") in NOT_MODELED else [])
            for code in codes:
                responses.setdefault(code, refusal)
    add_links(spec)
    json.dump(spec, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
