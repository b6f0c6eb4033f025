"""docs/api_reference.md from the server's OpenAPI document (Sources/ChatterboxAPI/Resources/openapi.json).

  python3 scripts/api_reference.py          rewrites docs/api_reference.md
  python3 scripts/api_reference.py --check  exits 1 when a route of the document is missing from the page
"""
import json
import sys

SPEC = "Sources/ChatterboxAPI/Resources/openapi.json"
PAGE = "docs/api_reference.md"
doc = json.load(open(SPEC))


def schema_text(schema, depth=0):
    if "$ref" in schema:
        return f"`{schema['$ref'].split('/')[-1]}`"
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if kind == "array":
        return "array of " + schema_text(schema.get("items", {}), depth)
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "minLength", "maxLength") if k in schema]
    return kind + (f" ({', '.join(bounds)})" if bounds else "")


def properties(schema):
    required = set(schema.get("required", []))
    lines = []
    for name, prop in schema.get("properties", {}).items():
        note = prop.get("description", "")
        lines.append(f"| `{name}` | {schema_text(prop)} | {'yes' if name in required else ''} | {note} |")
    return lines


def render():
    out = ["# API reference", "",
           "Generated from `GET /openapi.json` (`Sources/ChatterboxAPI/Resources/openapi.json`) by `python3 scripts/api_reference.py`;",
           "CI checks that every route of the document is on this page. Base URL `http://127.0.0.1:2050` by default.", "",
           doc["info"]["description"], ""]
    out += ["## Routes", "", "| method | path | summary |", "|---|---|---|"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            out.append(f"| {method.upper()} | `{path}` | {op.get('summary', '')} |")
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            out += ["", f"## {method.upper()} {path}", "", op.get("summary", "") + ".", ""]
            if op.get("description"):
                out += [op["description"], ""]
            params = item.get("parameters", []) + op.get("parameters", [])
            if params:
                out += ["| parameter | in | type | required |", "|---|---|---|---|"]
                out += [f"| `{p['name']}` | {p['in']} | {schema_text(p.get('schema', {}))} | {'yes' if p.get('required') else ''} |" for p in params]
                out.append("")
            body = op.get("requestBody", {}).get("content", {})
            for media, content in body.items():
                out.append(f"Request body (`{media}`): {schema_text(content['schema'])}")
            if body:
                out.append("")
            out += ["| status | meaning |", "|---|---|"]
            for status, response in op["responses"].items():
                types = ", ".join(f"`{t}`" for t in response.get("content", {}))
                out.append(f"| {status} | {response['description']}{' — ' + types if types else ''} |")
    out += ["", "## Schemas"]
    for name, schema in doc["components"]["schemas"].items():
        out += ["", f"### {name}", ""]
        rows = properties(schema)
        if rows:
            out += ["| field | type | required | notes |", "|---|---|---|---|"] + rows
        else:
            out.append(schema_text(schema))
    return "\n".join(out) + "\n"


if "--check" in sys.argv:
    page = open(PAGE).read()
    missing = [f"{m.upper()} {p}" for p, item in doc["paths"].items() for m in item if m != "parameters" and f"## {m.upper()} {p}\n" not in page]
    if missing:
        print("docs/api_reference.md lacks:", ", ".join(missing), "- run python3 scripts/api_reference.py")
        sys.exit(1)
    print(f"docs/api_reference.md documents all {sum(len([m for m in i if m != 'parameters']) for i in doc['paths'].values())} operations")
else:
    open(PAGE, "w").write(render())
    print("wrote", PAGE)
