"""Request validation compiled from the OpenAPI document, with errors that name the field.

fastjsonschema reports where validation failed ("data.keep[0].box.min") and which rule; this
module turns that into a dotted field name and a sentence saying what the field allows, read
from the same schema, so the messages cannot disagree with the published description.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

import fastjsonschema

from .schema import DEFAULT_KIND, VISIBLE_TEXT_PATTERN

#: Deeper than any valid body (keep[0].box.min[0] is 5 levels); checked before anything
#: recursive (deepcopy, the compiled schema) walks the body.
MAX_DEPTH = 32
#: Integers longer than this are kept as text (HugeNumber) instead of being converted: Python
#: refuses to convert beyond 4300 digits, and no field accepts more than 10 digits anyway.
MAX_INT_DIGITS = 64
_VISIBLE = re.compile(VISIBLE_TEXT_PATTERN)


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
        if schema.get("pattern") == VISIBLE_TEXT_PATTERN:
            text += " that is not only whitespace or invisible characters"
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


class HugeNumber(str):
    """An integer literal with more than MAX_INT_DIGITS digits, kept as its text."""


def _field_path(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def check_values(root: dict[str, Any], body: Any) -> None:
    """Refuse what the schema cannot express and recursive code cannot survive: nesting
    deeper than MAX_DEPTH, strings (and keys) that are not valid Unicode (lone surrogates from
    ``"\\ud800"`` escapes), integers too long to convert. Walks without recursion."""
    stack: list[tuple[Any, list[Any]]] = [(body, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            # Name the outermost field: the path inside a 500-level list says nothing useful.
            field = path[0] if isinstance(path[0], str) else "body"
            raise FieldError(field, f"{field} is nested more than {MAX_DEPTH} levels deep; "
                                    f"it must be {_describe(_schema_at(root, ['data', *path[:1]]))}")
        if isinstance(value, HugeNumber):
            field = _field_path(path)
            node = _schema_at(root, ["data", *[str(p) for p in path]])
            allowed = _describe(node) if node else "a number with at most 64 digits"
            raise FieldError(field, f"{field.rsplit('.', 1)[-1]} must be {allowed} "
                                    f"(got a number with {len(value.lstrip('-'))} digits)")
        if isinstance(value, str):
            if not _is_unicode(value):
                field = _field_path(path)
                raise FieldError(field, f"{field.rsplit('.', 1)[-1]} must be valid Unicode "
                                        "text; it has a lone surrogate (\\ud800..\\udfff)")
        elif isinstance(value, dict):
            for key, item in value.items():
                if not _is_unicode(key):
                    raise FieldError(_field_path(path), "a field name has a lone surrogate "
                                     "(\\ud800..\\udfff); field names must be valid Unicode")
                stack.append((item, [*path, key]))
        elif isinstance(value, list):
            stack.extend((item, [*path, i]) for i, item in enumerate(value))


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_prompt(schema: dict[str, Any], data: dict[str, Any]) -> None:
    # fastjsonschema matches patterns with re.search, which is what we need; checked here too
    # so a schema without the pattern (an older document) cannot let an invisible prompt by.
    prompt = data.get("prompt")
    if isinstance(prompt, str) and not _VISIBLE.search(prompt):
        node = schema.get("properties", {}).get("prompt", {})
        raise FieldError("prompt", f"prompt must be {_describe(node)}")


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
        check_values(schema, body)
        data = copy.deepcopy(body)
        try:
            data = check(data)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise _translate(schema, exc) from None
        _check_prompt(schema, data)
        return _normalise_integers(schema, data)

    def cancel_request(self, body: Any) -> None:
        check_values(self._cancel, body)
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


def _bounded_int(text: str) -> int | HugeNumber:
    if len(text) - text.startswith("-") > MAX_INT_DIGITS:
        return HugeNumber(text)
    return int(text)


def parse_json(raw: bytes) -> Any:
    """Strict JSON: no NaN/Infinity, no overflowing floats. Raises ValueError. Integers too
    long to be any field's value come back as HugeNumber, so validation can name the field."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError("the body is not UTF-8") from exc
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float,
                          parse_int=_bounded_int)
    except RecursionError as exc:
        raise ValueError("the JSON is nested too deeply") from exc
