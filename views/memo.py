"""Results computed once per source (a catalogue, a plan) and arguments (no Streamlit here).

A rerun of a page recomputes every table and label it shows although the catalogue did not
change. ``@per_source`` keeps a function's results with the object it was computed from, by
identity: a new catalogue (a publish, a reload) is a new object, so its results are computed
afresh, and the old ones go when the old catalogue does. Callers must not change what they get
back (it is shared by every session); an unhashable argument is computed each time.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

MAX_RESULTS = 512  # per source: a few hundred label/table variants at most
F = TypeVar("F", bound=Callable[..., Any])


def per_source(func: F) -> F:
    """``func(source, *args, **kwargs)`` computed once per ``source`` object and arguments."""
    results: dict[int, tuple[weakref.ref, OrderedDict]] = {}
    lock = threading.Lock()

    @functools.wraps(func)
    def cached(source, *args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # a list or frame argument: nothing to key on
            return func(source, *args, **kwargs)
        with lock:
            entry = results.get(id(source))
            if entry is not None and entry[0]() is source and key in entry[1]:
                entry[1].move_to_end(key)
                return entry[1][key]
        value = func(source, *args, **kwargs)
        with lock:
            ident = id(source)
            entry = results.get(ident)
            if entry is None or entry[0]() is not source:
                try:
                    ref = weakref.ref(source, functools.partial(_forget, results, ident))
                except TypeError:  # not weakly referenceable: not kept
                    return value
                entry = results[ident] = (ref, OrderedDict())
            entry[1][key] = value
            while len(entry[1]) > MAX_RESULTS:
                entry[1].popitem(last=False)
        return value

    cached.uncached = func  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def _forget(results: dict, ident: int, _ref: weakref.ref) -> None:
    """The source is gone: so are its results."""
    results.pop(ident, None)
