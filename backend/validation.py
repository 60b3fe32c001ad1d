"""Request validation compiled from the OpenAPI document, with errors that name the field.

fastjsonschema reports where validation failed ("data.keep[0].box.min") and which rule; this
module turns that into a dotted field name and a sentence saying what the field allows, read
from the same schema, so the messages cannot disagree with the published description.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass
from typing import Any, Callable

import fastjsonschema

from .schema import DEFAULT_KIND


@dataclass
class FieldError(Exception):
    """A request field is invalid: ``field`` is a dotted path ("asset_budget.texture_size")."""

    field: str
    message: str


def _describe(schema: dict[str, Any]) -> str:
    """What a schema allows, in words, for error messages."""
    types = schema.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    if "enum" in schema:
        allowed = ", ".join(json.dumps(v) for v in schema["enum"])
        return f"one of {allowed}"
    parts: list[str] = []
    nullable = "null" in types
    main = [t for t in types if t != "null"]
    if main == ["integer"] or main == ["number"]:
        word = "an integer" if main == ["integer"] else "a number"
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if lo is not None and hi is not None:
            parts.append(f"{word} in {_num(lo)}..{_num(hi)}")
        else:
            parts.append(word)
    elif main == ["string"]:
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        text = "a string"
        if lo is not None and hi is not None:
            text += f" of {lo}..{hi} characters"
        if schema.get("pattern") == r"\S":
            text += " that is not only whitespace"
        elif "pattern" in schema:
            text += f" matching {schema['pattern']}"
        parts.append(text)
    elif main == ["array"]:
        lo, hi = schema.get("minItems"), schema.get("maxItems")
        item = schema.get("items")
        text = "a list"
        if lo is not None and lo == hi:
            text += f" of exactly {lo}"
        elif hi is not None:
            text += f" of at most {hi}"
        if isinstance(item, dict):
            text += f" items, each {_describe(item)}"
        parts.append(text)
    elif main == ["object"]:
        props = ", ".join(schema.get("properties", {})) or "no fields"
        parts.append(f"an object with fields: {props}")
    else:
        parts.append(" or ".join(main) or "a value")
    if nullable:
        parts.append("or null")
    return " ".join(parts)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _field_from_name(name: str) -> str:
    """fastjsonschema names "data.keep[0].box" -> "keep[0].box"; the whole body is "body"."""
    if name == "data":
        return "body"
    return name[len("data."):] if name.startswith("data.") else name


def _schema_at(root: dict[str, Any], path: list[Any]) -> dict[str, Any]:
    node = root
    for key in path[1:]:
        if "items" in node:  # fastjsonschema gives list indices as strings ("0")
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(key, {})
    return node


def _translate(root: dict[str, Any],
               exc: fastjsonschema.JsonSchemaValueException) -> FieldError:
    field = _field_from_name(exc.name)
    prefix = "" if field == "body" else field + "."
    node = _schema_at(root, list(exc.path))
    if exc.rule == "additionalProperties":
        extra = sorted(set(exc.value) - set(node.get("properties", {})))
        allowed = ", ".join(node.get("properties", {}))
        return FieldError(prefix + extra[0], f"unknown field; allowed fields are: {allowed}")
    if exc.rule == "required":
        missing = [k for k in node.get("required", []) if k not in (exc.value or {})]
        name = missing[0] if missing else "?"
        sub = node.get("properties", {}).get(name, {})
        return FieldError(prefix + name, f"{name} is required: {_describe(sub)}")
    if field == "body":
        return FieldError("body", "the request body must be a JSON object")
    return FieldError(field, f"{field.rsplit('.', 1)[-1]} must be {_describe(node)}")


def _normalise_integers(schema: dict[str, Any], value: Any) -> Any:
    """JSON Schema counts 2.0 as an integer; store it as 2 so the cache key does not change."""
    types = schema.get("type")
    if isinstance(value, float) and (types == "integer" or (
            isinstance(types, list) and "integer" in types)):
        return int(value)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        return {k: _normalise_integers(props.get(k, {}), v) for k, v in value.items()}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_normalise_integers(schema["items"], v) for v in value]
    return value


class RequestValidator:
    """Compiled validators for the request bodies of one OpenAPI document."""

    def __init__(self, document: dict[str, Any]):
        schemas = document["components"]["schemas"]
        self._cancel = schemas["CancelRequest"]
        self._cancel_check: Callable[[Any], Any] = fastjsonschema.compile(self._cancel)
        # One compiled validator per job kind, found through the JobSpec discriminator, so the
        # kinds accepted are exactly the kinds published.
        mapping = schemas["JobSpec"]["discriminator"]["mapping"]
        self._kinds: dict[str, tuple[dict[str, Any], Callable[[Any], Any]]] = {}
        for kind, ref in mapping.items():
            schema = schemas[ref.rsplit("/", 1)[-1]]
            self._kinds[kind] = (schema, fastjsonschema.compile(schema))

    @property
    def kinds(self) -> list[str]:
        return list(self._kinds)

    def job_spec(self, body: Any) -> tuple[str, dict[str, Any]]:
        """Validate a POST /v1/jobs body of any kind: (kind, spec with defaults filled in)."""
        kind = body.get("kind", DEFAULT_KIND) if isinstance(body, dict) else DEFAULT_KIND
        if not isinstance(kind, str) or kind not in self._kinds:
            allowed = ", ".join(json.dumps(k) for k in self._kinds)
            raise FieldError("kind", f"kind must be one of {allowed} (leave it out for a "
                                     f"{DEFAULT_KIND} spec)")
        if kind == DEFAULT_KIND:
            return kind, self.world_spec(body)
        return kind, self._check(kind, body)

    def world_spec(self, body: Any) -> dict[str, Any]:
        """Validate a world spec and return a new dict with every default filled in.

        An explicit ``"kind": "world"`` is dropped, so it names the same job (and cache entry)
        as the same body without it.
        """
        spec = self._check(DEFAULT_KIND, body)
        spec.pop("kind", None)
        return spec

    def _check(self, kind: str, body: Any) -> dict[str, Any]:
        schema, check = self._kinds[kind]
        data = copy.deepcopy(body)
        try:
            data = check(data)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise _translate(schema, exc) from None
        return _normalise_integers(schema, data)

    def cancel_request(self, body: Any) -> None:
        try:
            self._cancel_check(body)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise _translate(self._cancel, exc) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value


def parse_json(raw: bytes) -> Any:
    """Strict JSON: no NaN/Infinity, no overflowing floats. Raises ValueError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("the body is not UTF-8") from exc
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError as exc:
        raise ValueError("the JSON is nested too deeply") from exc
