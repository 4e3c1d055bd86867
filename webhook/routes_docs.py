"""`/api/docs`: the staff API's reference, rendered on the server from the OpenAPI schema.

FastAPI's Swagger UI and ReDoc load their scripts from a CDN and need inline code; sagak
must work offline under its strict CSP, so it draws its own page instead: every operation
with its parameters, request body and responses, and every data type, as plain HTML (no
script). The machine-readable schema stays at `/openapi.json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bot.catalog import t
from webhook.admin.language import pick_language
from webhook.admin.render import environment

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")
REF = "#/components/schemas/"


@dataclass
class Field:
    name: str
    type: str
    required: bool
    where: str = ""
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    body: str = ""
    responses: list[tuple[str, str, str]] = field(default_factory=list)  # code, text, type


@dataclass
class DataType:
    name: str
    description: str
    fields: list[Field]
    values: list[str]


def type_name(schema: dict[str, Any] | None) -> str:
    """A short reading of a JSON schema: `CaseSummary`, `array of string`, `integer | null`."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF)
    for union in ("anyOf", "oneOf", "allOf"):
        if union in schema:
            return " | ".join(type_name(part) for part in schema[union])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if "const" in schema:
        return str(schema["const"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {type_name(schema.get('items'))}"
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        return f"object of {type_name(extra if isinstance(extra, dict) else None)}"
    return str(kind)


def _json_type(content: dict[str, Any] | None) -> str:
    media = (content or {}).get("application/json")
    return type_name(media.get("schema")) if media else ""


def operations(spec: dict[str, Any]) -> list[Operation]:
    found: list[Operation] = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            entry = Operation(
                method=method.upper(),
                path=path,
                anchor=op.get("operationId") or f"{method}-{path}",
                summary=op.get("summary", ""),
                description=op.get("description", ""),
            )
            for parameter in op.get("parameters", []):
                entry.parameters.append(
                    Field(
                        name=parameter["name"],
                        type=type_name(parameter.get("schema")),
                        required=bool(parameter.get("required")),
                        where=parameter.get("in", ""),
                        description=parameter.get("description", ""),
                    )
                )
            entry.body = _json_type(op.get("requestBody", {}).get("content"))
            for code, response in sorted(op.get("responses", {}).items()):
                entry.responses.append(
                    (code, response.get("description", ""), _json_type(response.get("content")))
                )
            found.append(entry)
    return found


def data_types(spec: dict[str, Any]) -> list[DataType]:
    schemas = spec.get("components", {}).get("schemas", {})
    found = []
    for name, schema in sorted(schemas.items()):
        required = set(schema.get("required", []))
        fields = [
            Field(
                name=prop,
                type=type_name(value),
                required=prop in required,
                description=value.get("description", ""),
            )
            for prop, value in schema.get("properties", {}).items()
        ]
        values = [str(v) for v in schema.get("enum", [])]
        found.append(DataType(name, schema.get("description", ""), fields, values))
    return found


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The reference page; public, like the schema it is drawn from (no case data)."""
    spec = request.app.openapi()
    lang = pick_language(request, None)
    html = (
        environment()
        .get_template("api_docs.html")
        .render(
            lang=lang,
            _=lambda key, **values: t(lang, key, **values),
            info=spec.get("info", {}),
            operations=operations(spec),
            types=data_types(spec),
        )
    )
    return HTMLResponse(html)
