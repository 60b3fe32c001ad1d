"""The OpenAPI 3.1 document of protocol v1, and request validation compiled from it.

The document is the single source of truth: the server publishes it at /v1/openapi.json and
validation.py compiles the request-body schemas inside it with fastjsonschema, so the
description and the validation cannot drift. Schemas stay within the JSON Schema subset that both OpenAPI 3.1 and
fastjsonschema (draft-07) understand: no ``prefixItems``, no ``$ref`` inside request bodies.

POST /v1/jobs takes a ``JobSpec``: a ``oneOf`` of one schema per job kind with a discriminator
on ``kind``. Validation reads the discriminator's mapping and compiles each branch on its own,
because a failed ``oneOf`` can only say "matched no branch", never which field was wrong.
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
#: The procedural generator's settings (worldgen/settings.py; the first five are the original themes).
#: Written out so this module stays import-light; a unit test keeps the two lists equal.
THEMES = ["courtyard", "forest", "product_studio", "interior", "scifi_corridor", "market_square", "village", "camp",
          "garden", "graveyard", "farm_yard", "beach", "dock", "shore", "street", "open_ground", "desert", "ruins",
          "rooftop", "bedroom", "kitchen", "shop", "tavern", "library", "workshop", "attic", "cellar", "dungeon",
          "hall", "church", "cave", "office", "classroom", "lab", "warehouse", "bathroom"]
WORLD_ID_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
DEFAULT_ASSET_BUDGET = {"max_triangles": 20000, "texture_size": 512}
DEFAULT_TEXTURE_SIZE = 512
MATERIAL_HINT_MAX_CHARS = 64
#: A body without "kind" is a world spec: every client written before texture jobs sends none.
DEFAULT_KIND = "world"
JOB_KINDS = ("world", "texture")
#: Job kind -> the JobSpec branch (components/schemas) that describes its body.
KIND_SCHEMAS = {"world": "WorldSpec", "texture": "TextureSpec"}
#: Job kind -> extension of its result file (the cache names files <key>.<ext>).
RESULT_EXT = {"world": "glb", "texture": "zip"}
#: Result extension -> media type of GET /v1/jobs/{id}/result.
MEDIA_TYPES = {"glb": "model/gltf-binary", "zip": "application/zip"}
#: Result extension -> the bytes a result must start with: a generator bug that returns
#: something else fails its job instead of poisoning the cache.
RESULT_MAGIC = {"glb": b"glTF", "zip": b"PK\x03\x04"}


#: At least one visible character: not whitespace, not a control character, not one of the
#: invisible format characters (zero-width space/joiners, word joiner, BOM, bidi marks,
#: variation selectors, Hangul fillers). Written so ECMA-262 (OpenAPI) and Python read it alike.
VISIBLE_TEXT_PATTERN = (r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
                        r"\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
                        r"\ufe00-\ufe0f\ufeff\uffa0]")


def _prompt_schema() -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": PROMPT_MAX_CHARS,
        "pattern": VISIBLE_TEXT_PATTERN,  # not only whitespace or invisible characters
        "description": "what to make",
    }


def _vec3() -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": 3,
        "maxItems": 3,
        "items": {"type": "number", "minimum": -COORD_LIMIT, "maximum": COORD_LIMIT},
        "description": "glTF space (Y up), metres",
    }


def world_spec_schema(generator_names: list[str],
                      texture_generator_names: list[str] | None = None) -> dict[str, Any]:
    """The POST /v1/jobs body. Defaults here are filled in before the spec is hashed."""
    texture_names = ["procedural"] if texture_generator_names is None else texture_generator_names
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["prompt"],
        "properties": {
            # No default: a filled world spec never carries "kind", so its cache key and the
            # spec recorded in the GLB are what they were before texture jobs existed.
            "kind": {"type": "string", "enum": ["world"],
                     "description": "optional; a body without kind is a world spec"},
            "prompt": _prompt_schema(),
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
            # No default: a spec without it keeps the cache key and GLB bytes it always had.
            "texture_generator": {
                "type": "string",
                "enum": list(texture_names),
                "description": "optional; which texture generator makes the world's materials "
                               "(absent: procedural). sd-texture: tileable Stable Diffusion "
                               "textures (needs the GPU backend and its weights)",
            },
        },
    }


def texture_spec_schema(generator_names: list[str]) -> dict[str, Any]:
    """A texture job body (Retexture): one PBR texture set from a prompt, as a ZIP."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "prompt"],
        "properties": {
            "kind": {"type": "string", "enum": ["texture"]},
            "prompt": _prompt_schema(),
            "seed": {"type": "integer", "minimum": 0, "maximum": UINT32_MAX, "default": 0},
            "size": {
                "type": "integer",
                "enum": TEXTURE_SIZES,
                "default": DEFAULT_TEXTURE_SIZE,
                "description": "width and height of every map, pixels",
            },
            "generator": {
                "type": "string",
                "enum": list(generator_names),
                "default": "procedural",
            },
            "material": {
                "type": ["string", "null"],
                "minLength": 1,
                "maxLength": MATERIAL_HINT_MAX_CHARS,
                "default": None,
                "description": "base material hint (e.g. stone, wood, metal); null: from the "
                               "prompt. GET /v1/capabilities lists the names",
            },
        },
    }


def job_spec_schema() -> dict[str, Any]:
    """The POST /v1/jobs body: one branch per kind, told apart by ``kind``."""
    mapping = {kind: f"#/components/schemas/{name}" for kind, name in KIND_SCHEMAS.items()}
    return {
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "kind", "mapping": mapping},
        "description": f"a body without kind is a {DEFAULT_KIND} spec",
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
        "kind": {"type": "string", "enum": list(JOB_KINDS)},
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


def openapi_document(generator_names: list[str],
                     texture_generator_names: list[str] | None = None) -> dict[str, Any]:
    """The whole published description of protocol v1.

    ``generator_names`` are the world generators; ``texture_generator_names`` the texture ones
    (default: the procedural one, which every backend has).
    """
    texture_names = ["procedural"] if texture_generator_names is None else texture_generator_names
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
                "summary": "submit a world spec or a texture spec (told apart by kind)",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/JobSpec"}}}},
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
                "summary": "the result bytes (world: GLB, texture: ZIP); ETag is their sha256",
                "parameters": [job_id],
                "responses": {
                    "200": {"description": "GLB for a world job; ZIP (basecolor.png, normal.png, "
                                           "orm.png, material.json) for a texture job",
                            "content": {media: {"schema": {"type": "string",
                                                           "contentMediaType": media}}
                                        for media in MEDIA_TYPES.values()}},
                    "304": {"description": "If-None-Match matched the ETag"},
                    "404": _err("unknown job"), "409": _err("the job is not done"),
                    "410": _err("the result was evicted from the cache; submit again"),
                    **common}}},
            "/v1/models/unload": {"post": {
                "summary": "free the loaded diffusion pipelines (GPU memory); they load again "
                           "on the next job that needs them",
                "requestBody": {"required": False, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CancelRequest"}}}},
                "responses": {"200": _ok("what was unloaded", "ModelsUnloaded"),
                              "409": _err("a job is using the models; cancel it or wait"),
                              **common}}},
            "/v1/openapi.json": {"get": {"summary": "this document",
                                         "responses": {"200": {"description": "OpenAPI 3.1"},
                                                       **common}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "JobSpec": job_spec_schema(),
                "WorldSpec": world_spec_schema(generator_names, texture_names),
                "TextureSpec": texture_spec_schema(texture_names),
                "CancelRequest": CANCEL_REQUEST_SCHEMA,
                "Error": _ERROR,
                "Job": _JOB,
                "JobRef": {"type": "object", "required": ["id", "state"], "properties": {
                    "id": {"type": "string"}, "state": {"type": "string", "enum": _JOB_STATES},
                    "cached": {"type": "boolean"}}},
                "Health": {"type": "object", "properties": {
                    "status": {"type": "string", "enum": ["ok"]},
                    "version": {"type": "string"}, "uptime_s": {"type": "number"},
                    "data_dir": {"type": "string"},
                    "data_dir_recreated": {"type": "integer",
                                           "description": "times the deleted data folder "
                                                          "was recreated"},
                    "memory": {"type": "object", "description": "rss_bytes, peak_rss_bytes, "
                               "texture_cache_bytes, texture_cache_limit_bytes"},
                    "device": {"type": "string", "enum": ["cuda", "cpu"]},
                    "generators": {"type": "array", "items": {"type": "string"},
                                   "description": "world generators"},
                    "texture_generators": {"type": "array", "items": {"type": "string"}}}},
                "ModelsUnloaded": {"type": "object", "required": ["unloaded"], "properties": {
                    "unloaded": {"type": "array", "items": {"type": "string"},
                                 "description": "model keys freed (shap-e, stable-diffusion)"},
                    "device": {"type": "string", "enum": ["cuda", "cpu"]}}},
                "Capabilities": {"type": "object", "properties": {
                    "generators": {"type": "array", "items": {"type": "object"},
                                   "description": "world generators"},
                    "texture_generators": {"type": "array", "items": {"type": "object"},
                                           "description": "texture generators (kind texture)"},
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
