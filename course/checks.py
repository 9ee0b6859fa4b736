"""The one way tests compare a student's value with the expected one: exact types, recursively.

A student's object never gets to answer a comparison itself: types must match exactly (an `int`
is not a `float`, a `dict` subclass is not a `dict`), containers are walked element by element,
and only plain values are compared with `==`. Every failure raises `CheckFailure` (an
AssertionError) with a message that names the place, what was expected and what was found.
"""

from __future__ import annotations

import datetime
import decimal
import math
from collections.abc import Callable
from typing import Any

_SCALARS: tuple[type, ...] = (
    bool, int, float, str, bytes, type(None),
    decimal.Decimal, datetime.date, datetime.datetime, datetime.time, datetime.timedelta,
)


class CheckFailure(AssertionError):
    """A student's value is not what the exercise asks for."""


def _show(value: Any) -> str:
    text = repr(value) if type(value) in _SCALARS else f"<{type(value).__name__} object>"
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(name: str, message: str) -> None:
    raise CheckFailure(f"{name}: {message}")


def expect_equal(actual: Any, expected: Any, name: str = "value",
                 *, abs_tol: float = 0.0, rel_tol: float = 0.0) -> None:
    """Raise CheckFailure unless `actual` has exactly the type and value of `expected`.

    Floats compare within `abs_tol`/`rel_tol` (default: exactly); everything else exactly.
    """
    if type(actual) is not type(expected):
        _fail(name, f"expected {type(expected).__name__} {_show(expected)}, "
                    f"got {type(actual).__name__} {_show(actual)}")
    if isinstance(expected, dict):
        actual_keys, expected_keys = _typed(_keys(actual, name)), _typed(expected)
        if actual_keys != expected_keys:
            _fail(name, f"keys differ: missing {_untyped(expected_keys - actual_keys)}, "
                        f"unexpected {_untyped(actual_keys - expected_keys)}")
        for key in expected:
            expect_equal(actual[key], expected[key], f"{name}[{key!r}]",
                         abs_tol=abs_tol, rel_tol=rel_tol)
    elif isinstance(expected, list | tuple):
        if len(actual) != len(expected):
            _fail(name, f"expected {len(expected)} items, got {len(actual)}")
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            expect_equal(a, e, f"{name}[{index}]", abs_tol=abs_tol, rel_tol=rel_tol)
    elif isinstance(expected, set | frozenset):
        for item in actual:
            _require_scalar(item, f"an item of {name}")
        actual_items, expected_items = _typed(actual), _typed(expected)
        if actual_items != expected_items:
            _fail(name, f"missing {_untyped(expected_items - actual_items)}, "
                        f"unexpected {_untyped(actual_items - expected_items)}")
    elif isinstance(expected, float):
        if math.isnan(expected) and math.isnan(actual):
            return
        if not math.isclose(actual, expected, abs_tol=abs_tol, rel_tol=rel_tol):
            _fail(name, f"expected {expected!r}, got {actual!r}")
    else:
        _require_scalar(expected, f"the expected {name}")
        if actual != expected:
            _fail(name, f"expected {_show(expected)}, got {_show(actual)}")


def _keys(mapping: dict, name: str) -> list[Any]:
    keys = list(dict.keys(mapping))
    for key in keys:
        _require_scalar(key, f"a key of {name}")
    return keys


def _typed(items: Any) -> set[tuple[type, Any]]:
    """Items paired with their exact type, so that True, 1 and 1.0 stay three different keys."""
    return {(type(item), item) for item in items}


def _untyped(pairs: set[tuple[type, Any]]) -> list[Any]:
    return sorted((item for _, item in pairs), key=repr)


def _require_scalar(value: Any, what: str) -> None:
    if type(value) not in _SCALARS:
        raise CheckFailure(f"{what} is a {type(value).__name__}; checks compare plain values "
                           "(int, float, str, bool, None, dates) and dict/list/tuple/set of them")


def expect_true(condition: Any, message: str) -> None:
    """Raise CheckFailure(message) unless `condition` is the bool True (not merely truthy)."""
    if condition is not True:
        raise CheckFailure(message)


def expect_type(value: Any, expected_type: type, name: str = "value") -> None:
    """Raise CheckFailure unless `value` is exactly of `expected_type` (no subclasses)."""
    if type(value) is not expected_type:
        _fail(name, f"expected a {expected_type.__name__}, got {type(value).__name__} "
                    f"{_show(value)}")


def expect_between(value: Any, low: float, high: float, name: str = "value") -> None:
    """Raise CheckFailure unless `value` is an int or float with low <= value <= high."""
    if type(value) not in (int, float):
        _fail(name, f"expected a number, got {type(value).__name__} {_show(value)}")
    if not low <= value <= high:
        _fail(name, f"expected between {low} and {high}, got {value!r}")


def expect_raises(exception: type[BaseException], call: Callable[[], Any],
                  name: str = "the call") -> BaseException:
    """Run `call()`; raise CheckFailure unless it raises `exception`. Returns the exception."""
    try:
        result = call()
    except exception as raised:
        return raised
    except Exception as other:  # a different error is a wrong answer, not a crash of the test
        _fail(name, f"expected {exception.__name__}, got {type(other).__name__}: {other}")
    _fail(name, f"expected {exception.__name__}, but it returned {_show(result)}")
    raise AssertionError("unreachable")
