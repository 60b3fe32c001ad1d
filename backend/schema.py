"""The OpenAPI 3.1 document of protocol v1, and request validation compiled from it.

The document is the single source of truth: the server publishes it at /v1/openapi.json and
validation.py compiles the request-body schemas inside it with fastjsonschema, so the
description and the validation cannot drift. Schemas stay within the JSON Schema subset that both OpenAPI 3.1 and
fastjsonschema (draft-07) understand: no ``prefixItems``, no ``$ref`` inside request bodies.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from . import __version__

UINT32_MAX = 2**32 - 1
PROMPT_MAX_CHARS = 2000
MAX_ASSETS = 1000
MAX_LIST_ITEMS = 1000
TEXTURE_SIZES = [64, 128, 256, 512, 1024, 2048, 4096]
MIN_TRIANGLES = 12
MAX_TRIANGLES = 2_000_000
COORD_LIMIT = 1_000_000.0  # metres; keeps boxes finite and sane
THEMES = ["courtyard", "forest", "product_studio", "interior", "scifi_corridor"]
WORLD_ID_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
DEFAULT_ASSET_BUDGET = {"max_triangles": 20000, "texture_size": 512}


def _vec3() -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": 3,
        "maxItems": 3,
        "items": {"type": "number", "minimum": -COORD_LIMIT, "maximum": COORD_LIMIT},
        "description": "glTF space (Y up), metres",
    }


def world_spec_schema(generator_names: list[str]) -> dict[str, Any]:
    """The POST /v1/jobs body. Defaults here are filled in before the spec is hashed."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["prompt"],
        "properties": {
            "prompt": {
                "type": "string",
                "minLength": 1,
                "maxLength": PROMPT_MAX_CHARS,
                "pattern": r"\S",  # not only whitespace
                "description": "what to make",
            },
            "seed": {"type": "integer", "minimum": 0, "maximum": UINT32_MAX, "default": 0},
            "generator": {
                "type": "string",
                "enum": list(generator_names),
                "default": "procedural",
            },
            "theme": {"enum": [*THEMES, None], "default": None},
            "max_assets": {
                "type": ["integer", "null"],
                "minimum": 1,
                "maximum": MAX_ASSETS,
                "default": None,
            },
            "asset_budget": {
                "type": "object",
                "additionalProperties": False,
                "default": dict(DEFAULT_ASSET_BUDGET),
                "properties": {
                    "max_triangles": {
                        "type": "integer",
                        "minimum": MIN_TRIANGLES,
                        "maximum": MAX_TRIANGLES,
                        "default": DEFAULT_ASSET_BUDGET["max_triangles"],
                    },
                    "texture_size": {
                        "type": "integer",
                        "enum": TEXTURE_SIZES,
                        "default": DEFAULT_ASSET_BUDGET["texture_size"],
                    },
                },
            },
            "world_id": {
                "type": ["string", "null"],
                "pattern": WORLD_ID_PATTERN,
                "default": None,
                "description": "null: derived from prompt and theme",
            },
            "keep": {
                "type": "array",
                "maxItems": MAX_LIST_ITEMS,
                "default": [],
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["asset_id", "box"],
                    "properties": {
                        "asset_id": {"type": "string", "minLength": 1, "maxLength": 200},
                        "box": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["min", "max"],
                            "properties": {"min": _vec3(), "max": _vec3()},
                        },
                    },
                },
            },
            "reroll": {
                "type": "array",
                "maxItems": MAX_LIST_ITEMS,
                "default": [],
                "items": {"type": "string", "minLength": 1, "maxLength": 200},
            },
            "reroll_seed": {"type": "integer", "minimum": 0, "maximum": UINT32_MAX, "default": 0},
            "units": {"type": "string", "enum": ["meters"], "default": "meters"},
        },
    }


CANCEL_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {},
    "description": "an empty object, or no body at all",
}

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "field": {"type": "string"},
                "message": {"type": "string"},
            },
        }
    },
}
_JOB_STATES = ["queued", "running", "done", "failed", "cancelled"]
_NUM_OR_NULL = {"type": ["number", "null"]}
_JOB = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "state": {"type": "string", "enum": _JOB_STATES},
        "generator": {"type": "string"},
        "phase": {"type": ["string", "null"]},
        "step": {"type": "integer"},
        "total": {"type": "integer"},
        "eta_s": _NUM_OR_NULL,
        "error": {"type": ["string", "null"]},
        "created": {"type": "number", "description": "unix time, seconds"},
        "started": _NUM_OR_NULL,
        "finished": _NUM_OR_NULL,
        "cached": {"type": "boolean"},
        "cancel_requested": {"type": "boolean"},
    },
}


def _err(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _ok(description: str, ref: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def openapi_document(generator_names: list[str]) -> dict[str, Any]:
    """The whole published description of protocol v1."""
    job_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    common = {"401": _err("missing or wrong bearer token"), "403": _err("Host is not loopback")}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Worldsmith backend", "version": __version__},
        "servers": [{"url": "http://127.0.0.1:{port}", "variables": {"port": {"default": "0"}}}],
        "security": [{"bearer": []}],
        "paths": {
            "/v1/health": {"get": {"summary": "liveness, version, device",
                                   "responses": {"200": _ok("health", "Health"), **common}}},
            "/v1/capabilities": {"get": {"summary": "generators, parameters and limits",
                                         "responses": {"200": _ok("capabilities", "Capabilities"),
                                                       **common}}},
            "/v1/jobs": {"post": {
                "summary": "submit a world spec",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/WorldSpec"}}}},
                "responses": {"202": _ok("accepted; poll GET /v1/jobs/{id}", "JobRef"),
                              "400": _err("malformed JSON"), "413": _err("body too large"),
                              "422": _err("a field is invalid; error.field names it"), **common}}},
            "/v1/jobs/{id}": {"get": {
                "summary": "job state and progress", "parameters": [job_id],
                "responses": {"200": _ok("job", "Job"), "404": _err("unknown job"), **common}}},
            "/v1/jobs/{id}/cancel": {"post": {
                "summary": "cooperative cancel; a queued job is cancelled at once",
                "parameters": [job_id],
                "requestBody": {"required": False, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CancelRequest"}}}},
                "responses": {"200": _ok("state after the request", "JobRef"),
                              "404": _err("unknown job"), **common}}},
            "/v1/jobs/{id}/result": {"get": {
                "summary": "the GLB bytes; ETag is the sha256 of the content",
                "parameters": [job_id],
                "responses": {
                    "200": {"description": "GLB", "content": {"model/gltf-binary": {
                        "schema": {"type": "string", "contentMediaType": "model/gltf-binary"}}}},
                    "304": {"description": "If-None-Match matched the ETag"},
                    "404": _err("unknown job"), "409": _err("the job is not done"),
                    "410": _err("the result was evicted from the cache; submit again"),
                    **common}}},
            "/v1/openapi.json": {"get": {"summary": "this document",
                                         "responses": {"200": {"description": "OpenAPI 3.1"},
                                                       **common}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "WorldSpec": world_spec_schema(generator_names),
                "CancelRequest": CANCEL_REQUEST_SCHEMA,
                "Error": _ERROR,
                "Job": _JOB,
                "JobRef": {"type": "object", "required": ["id", "state"], "properties": {
                    "id": {"type": "string"}, "state": {"type": "string", "enum": _JOB_STATES},
                    "cached": {"type": "boolean"}}},
                "Health": {"type": "object", "properties": {
                    "version": {"type": "string"}, "uptime_s": {"type": "number"},
                    "device": {"type": "string", "enum": ["cuda", "cpu"]},
                    "generators": {"type": "array", "items": {"type": "string"}}}},
                "Capabilities": {"type": "object", "properties": {
                    "generators": {"type": "array", "items": {"type": "object"}},
                    "limits": {"type": "object"}}},
            },
        },
    }


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def cache_key(spec: dict[str, Any], generator_name: str, generator_version: str) -> str:
    """Content address of a result: the filled spec plus the generator that makes it."""
    payload = {"spec": spec, "generator": generator_name, "generator_version": generator_version}
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


JOB_ID_RE = re.compile(r"^[0-9a-f]{32}$")
