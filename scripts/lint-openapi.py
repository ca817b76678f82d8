#!/usr/bin/env python3
"""Checks what front ends need from openapi.yaml beyond what openapi-spec-validator checks:

- every schema property, parameter and header has a description;
- every enum has `x-enum-descriptions` (the Chinese label of each value, same order and length);
- every operation has an example (request body example, or a response example for bodiless ones);
- every operation documents its errors with problem+json: 401 (unless public), 400 when it
  takes parameters or a body, 404 when it has a path parameter, and 500 everywhere;
- paging parameters (`limit`, `cursor`) are shared ones from #/components/parameters;
- no mapping repeats a key (PyYAML keeps the last silently; client generators refuse the file).

Usage: scripts/lint-openapi.py [openapi.yaml]; exit 1 listing every finding.
"""
import sys

import yaml

path = sys.argv[1] if len(sys.argv) > 1 else "openapi.yaml"
findings = []


class StrictLoader(yaml.SafeLoader):
    """A safe loader that reports a key given twice in one mapping (a merge can leave two)."""


def construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            findings.append(f"line {key_node.start_mark.line + 1}: key {key!r} repeated in one mapping")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
with open(path, encoding="utf-8") as f:
    doc = yaml.load(f, Loader=StrictLoader)
components = doc.get("components", {})


def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        parts = node["$ref"].lstrip("#/").split("/")
        node = doc
        for part in parts:
            node = node[part]
    return node


def walk_schema(schema, where, seen):
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        return  # checked where it is defined
    if id(schema) in seen:
        return
    seen.add(id(schema))
    if "enum" in schema and schema.get("type") != "boolean":
        labels = schema.get("x-enum-descriptions")
        if not isinstance(labels, list) or len(labels) != len(schema["enum"]):
            findings.append(f"{where}: enum without one x-enum-descriptions label per value")
    for name, prop in (schema.get("properties") or {}).items():
        if isinstance(prop, dict) and "$ref" not in prop and not prop.get("description"):
            findings.append(f"{where}.{name}: property without description")
        if isinstance(prop, dict) and "$ref" in prop and len(prop) == 1 and not where.startswith("#/components/schemas/Problem"):
            pass  # a bare $ref takes the referenced schema's description
        walk_schema(prop, f"{where}.{name}", seen)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            walk_schema(schema[key], f"{where}[{key}]", seen)
    for key in ("allOf", "oneOf", "anyOf"):
        for i, sub in enumerate(schema.get(key) or []):
            walk_schema(sub, f"{where}.{key}[{i}]", seen)


seen = set()
for name, schema in (components.get("schemas") or {}).items():
    if not schema.get("description") and "$ref" not in schema and "allOf" not in schema:
        findings.append(f"#/components/schemas/{name}: schema without description")
    walk_schema(schema, f"#/components/schemas/{name}", seen)
for name, parameter in (components.get("parameters") or {}).items():
    if not parameter.get("description"):
        findings.append(f"#/components/parameters/{name}: parameter without description")
    walk_schema(parameter.get("schema"), f"#/components/parameters/{name}", seen)
for name, header in (components.get("headers") or {}).items():
    if not header.get("description"):
        findings.append(f"#/components/headers/{name}: header without description")

PUBLIC = {"/healthz", "/readyz", "/metrics", "/openapi.yaml", "/v1/track/{trackingCode}", "/v1/track/{trackingCode}/remind",
          "/v1/track/{trackingCode}/confirm", "/v1/track/{trackingCode}/attachments", "/v1/track/{trackingCode}/attachments/{sha256}",
          "/v1/announcements", "/v1/complaints/{id}/announcement", "/v1/session", "/v1/public/settings",
          "/v1/public/complaints"}


def has_example(media):
    return bool(media) and ("example" in media or "examples" in media)


for route, item in doc.get("paths", {}).items():
    for method, op in item.items():
        if method not in ("get", "post", "put", "patch", "delete"):
            continue
        where = f"{method.upper()} {route}"
        if not op.get("description") and not op.get("summary"):
            findings.append(f"{where}: no summary or description")
        parameters = [resolve(p) for p in (item.get("parameters") or []) + (op.get("parameters") or [])]
        for p in parameters:
            if not p.get("description") and p.get("in") != "path":
                findings.append(f"{where}: parameter {p.get('name')} without description")
            walk_schema(p.get("schema"), f"{where} parameter {p.get('name')}", seen)
        responses = op.get("responses", {})
        examples = False
        body = op.get("requestBody")
        if body:
            body = resolve(body)
            examples = any(has_example(m) for m in body.get("content", {}).values())
        for status, response in responses.items():
            response = resolve(response)
            for media_type, media in (response.get("content") or {}).items():
                if str(status).startswith("2") and has_example(media):
                    examples = True
                if not str(status).startswith(("2", "3")) and media_type != "application/problem+json":
                    findings.append(f"{where} {status}: error not answered as application/problem+json")
        # An answer with no body at all (204) has nothing to show an example of.
        if not examples and not (not body and all(str(s) == "204" or not str(s).startswith("2") for s in responses)):
            findings.append(f"{where}: no example (request body or 2xx response)")
        wanted = ["500"]
        if route not in PUBLIC:
            wanted.append("401")
        # Accept-Language only picks the words of an answer: it is never refused.
        if any(p.get("in") in ("query", "header") and p.get("name") != "Accept-Language" for p in parameters) or body:
            wanted.append("400")
        if "{" in route and route not in ("/v1/track/{trackingCode}",):
            wanted.append("404")
        for status in wanted:
            if status not in {str(s) for s in responses}:
                findings.append(f"{where}: {status} not documented")
        for p in op.get("parameters") or []:
            if "$ref" not in p and p.get("name") in ("limit", "cursor"):
                findings.append(f"{where}: pages with its own {p['name']} instead of a shared one (#/components/parameters)")

for finding in findings:
    print(finding)
print(f"lint-openapi: {len(findings)} finding(s) in {path}", file=sys.stderr)
sys.exit(1 if findings else 0)
