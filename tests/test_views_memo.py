"""views/memo.per_source: results kept per source object (by identity) and arguments."""

from __future__ import annotations

import gc

from views.memo import per_source


class Source:
    """A stand-in for a catalogue: a plain object, compared by identity."""


def counting():
    calls = []

    @per_source
    def label(source, key: str, lang: str = "zh") -> str:
        calls.append((key, lang))
        return f"{key}-{lang}"

    return label, calls


def test_the_same_source_and_arguments_are_computed_once():
    label, calls = counting()
    source = Source()
    assert label(source, "a") == label(source, "a") == "a-zh"
    assert label(source, "a", lang="en") == "a-en"
    assert calls == [("a", "zh"), ("a", "en")]


def test_a_new_source_is_computed_afresh_and_a_gone_one_is_forgotten():
    label, calls = counting()
    old = Source()
    label(old, "a")
    new = Source()
    label(new, "a")
    assert calls == [("a", "zh"), ("a", "zh")]
    cells = label.__closure__  # the results live in the wrapper's closure
    results = next(c.cell_contents for c in cells if isinstance(c.cell_contents, dict))
    del old
    gc.collect()
    assert list(results) == [id(new)]


def test_an_unhashable_argument_is_computed_each_time():
    calls = []

    @per_source
    def count(source, ids):
        calls.append(ids)
        return len(ids)

    source = Source()
    assert count(source, ["a", "b"]) == count(source, ["a", "b"]) == 2
    assert len(calls) == 2
