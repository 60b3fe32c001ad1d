"""A memo for texture work bounded by bytes, not entries.

``functools.lru_cache(maxsize=32)`` bounded the number of entries, and an entry at 4096 px is
hundreds of MB (float fields) or ~100 MB (PNGs), so one big world left gigabytes cached for
ever. All texture memos share one byte budget (``set_limit_bytes``; the backend's
``--texture-cache-mb``); least recently used entries go first and an entry larger than the
whole budget is not kept. Caching never changes output, only how often it is computed.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

DEFAULT_LIMIT_BYTES = 256 * 1024 * 1024

T = TypeVar("T")


class ByteLRU:
    def __init__(self, limit_bytes: int):
        self.limit_bytes = limit_bytes
        self.total_bytes = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return False, None
            self._items.move_to_end(key)
            return True, item[0]

    def put(self, key: Hashable, value: Any, nbytes: int) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.total_bytes -= old[1]
            if nbytes > self.limit_bytes:
                return
            self._items[key] = (value, nbytes)
            self.total_bytes += nbytes
            self._shrink_locked()

    def set_limit(self, limit_bytes: int) -> None:
        with self._lock:
            self.limit_bytes = limit_bytes
            self._shrink_locked()

    def clear(self, namespace: str | None = None) -> None:
        with self._lock:
            for key in [k for k in self._items
                        if namespace is None or (isinstance(k, tuple) and k[0] == namespace)]:
                self.total_bytes -= self._items.pop(key)[1]

    def _shrink_locked(self) -> None:
        while self.total_bytes > self.limit_bytes and self._items:
            _, (_, nbytes) = self._items.popitem(last=False)
            self.total_bytes -= nbytes


_SHARED = ByteLRU(DEFAULT_LIMIT_BYTES)


def set_limit_bytes(limit: int) -> None:
    _SHARED.set_limit(max(0, int(limit)))


def limit_bytes() -> int:
    return _SHARED.limit_bytes


def total_bytes() -> int:
    return _SHARED.total_bytes


def byte_cached(sizeof: Callable[[Any], int]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Like ``functools.lru_cache`` (positional hashable arguments), bounded by the shared
    byte budget; ``sizeof(result)`` says what an entry costs. ``fn.cache_clear()`` forgets
    this function's entries."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def cached(*args: Any) -> T:
            key = (name, *args)
            hit, value = _SHARED.get(key)
            if hit:
                return value
            value = fn(*args)
            _SHARED.put(key, value, int(sizeof(value)))
            return value

        cached.cache_clear = lambda: _SHARED.clear(name)  # type: ignore[attr-defined]
        return cached

    return wrap


def nbytes_of_arrays(value: Any) -> int:
    """Bytes held by the numpy arrays in a dict (or one array)."""
    values = value.values() if isinstance(value, dict) else [value]
    return sum(int(getattr(v, "nbytes", 0)) for v in values) + 256
