"""Sealing a document: every field declared ``sensitive`` is replaced by its AES-GCM ciphertext.

The walk follows the pydantic models themselves, so a new sensitive field is sealed as soon as
it is declared with :func:`safecase.core.people.sensitive`; nothing else has to be listed.
Ciphertexts are bound to the owner id and the field's path (associated data).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from safecase.core.crypto import DataKey

__all__ = ["SEALED", "is_sensitive", "seal", "sensitive_fields", "sensitive_paths", "unseal"]

SEALED = "$sealed"


def is_sensitive(model: type[BaseModel], name: str) -> bool:
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and extra.get("sensitive") is True


@cache
def sensitive_fields(model: type[BaseModel]) -> frozenset[str]:
    """The sensitive fields of ``model``, worked out once per model rather than per value."""
    return frozenset(name for name in model.model_fields if is_sensitive(model, name))


def seal(obj: BaseModel, key: DataKey, owner: str, path: str = "") -> dict[str, Any]:
    """The JSON form of ``obj`` with sensitive fields sealed; never contains their plaintext."""
    out: dict[str, Any] = {}
    model = type(obj)
    sensitive = sensitive_fields(model)
    for name in model.model_fields:
        value = getattr(obj, name)
        where = f"{path}.{name}" if path else name
        if name in sensitive:
            plain = json.dumps(to_jsonable_python(value), separators=(",", ":")).encode("utf-8")
            out[name] = {SEALED: key.seal(plain, f"{owner}:{where}")}
        else:
            out[name] = _walk(value, key, owner, where)
    return out


# Values that are their own JSON form: most leaves of a case, checked by exact type first
# (abstract ``Mapping`` checks are slow, and a case has hundreds of leaves).
_AS_IS = frozenset({str, int, float, bool, type(None)})


def _walk(value: Any, key: DataKey, owner: str, path: str) -> Any:
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is list or kind is tuple:
        return [_walk(item, key, owner, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, BaseModel):
        return seal(value, key, owner, path)
    if kind is dict or isinstance(value, Mapping):
        return {str(k): _walk(v, key, owner, f"{path}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(item, key, owner, f"{path}[{i}]") for i, item in enumerate(value)]
    return to_jsonable_python(value)


def unseal(data: Any, key: DataKey, owner: str, path: str = "") -> Any:
    """Reverse :func:`seal` on plain JSON data (before model validation)."""
    kind = type(data)
    if kind in _AS_IS:
        return data
    if kind is dict:
        if len(data) == 1 and SEALED in data:
            return json.loads(key.open(data[SEALED], f"{owner}:{path}"))
        return {k: unseal(v, key, owner, f"{path}.{k}" if path else k) for k, v in data.items()}
    if kind is list:
        return [unseal(item, key, owner, f"{path}[{i}]") for i, item in enumerate(data)]
    return data


def sensitive_paths(data: Any, path: str = "") -> list[str]:
    """Paths of the sealed values in a sealed document (for audit entries of reads)."""
    if isinstance(data, dict):
        if set(data) == {SEALED}:
            return [path]
        return [
            p for k, v in data.items() for p in sensitive_paths(v, f"{path}.{k}" if path else k)
        ]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in sensitive_paths(v, f"{path}[{i}]")]
    return []
