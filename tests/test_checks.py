"""course.checks: exact types, recursive comparison, and messages that name the place."""

from __future__ import annotations

import datetime
import math
import time

import pytest

from course.checks import (
    CheckFailure,
    expect_between,
    expect_equal,
    expect_raises,
    expect_true,
    expect_type,
)


class AlwaysEqual:
    """A student's object that claims to equal anything (and hashes like 1, to sneak into sets)."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return hash(1)


class PretendsToBeInt:
    """Lies about its class to isinstance(); type() is not fooled."""

    @property
    def __class__(self):
        return int

    def __eq__(self, other):
        return True

    def __hash__(self):
        return hash(1)


class SneakyInt(int):
    def __eq__(self, other):
        return True

    def __hash__(self):
        return hash(1)


class MyDict(dict):
    pass


def failure_message(actual, expected, *args, **kwargs) -> str:
    with pytest.raises(CheckFailure) as raised:
        expect_equal(actual, expected, *args, **kwargs)
    return str(raised.value)


# --- CheckFailure ------------------------------------------------------------------------


def test_check_failure_is_an_assertion_error():
    assert issubclass(CheckFailure, AssertionError)
    with pytest.raises(AssertionError):
        expect_equal(1, 2)


# --- exact scalar types ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(1, 1), (1.5, 1.5), ("a", "a"), (b"a", b"a"), (None, None), (True, True), (False, False),
     (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))],
)
def test_equal_values_of_the_same_type_pass(actual, expected):
    expect_equal(actual, expected)


@pytest.mark.parametrize(
    ("actual", "expected", "expected_type", "actual_type"),
    [
        (1999.0, 1999, "int", "float"),
        (1999, 1999.0, "float", "int"),
        (True, 1, "int", "bool"),
        (1, True, "bool", "int"),
        (0, False, "bool", "int"),
        ("1", 1, "int", "str"),
        (None, 0, "int", "NoneType"),
        ([1], (1,), "tuple", "list"),
        ((1,), [1], "list", "tuple"),
        (frozenset({1}), {1}, "set", "frozenset"),
        (datetime.datetime(2026, 1, 1), datetime.date(2026, 1, 1), "date", "datetime"),
    ],
)
def test_same_value_of_another_type_is_rejected_naming_both_types(
        actual, expected, expected_type, actual_type):
    message = failure_message(actual, expected)
    assert message.startswith("value: ")
    assert f"expected {expected_type}" in message
    assert f"got {actual_type}" in message


def test_int_vs_float_message_names_path_types_and_values():
    message = failure_message({"price_cents": 1999.0}, {"price_cents": 1999})
    assert "value['price_cents']" in message
    assert "expected int 1999" in message
    assert "got float 1999.0" in message


def test_dict_subclass_is_rejected_even_with_equal_content():
    message = failure_message(MyDict(a=1), {"a": 1})
    assert "expected dict" in message
    assert "got MyDict" in message


def test_int_subclass_that_equals_everything_is_rejected():
    message = failure_message(SneakyInt(5), 7)
    assert "got SneakyInt" in message


def test_object_lying_about_its_class_is_rejected():
    assert isinstance(PretendsToBeInt(), int)  # the lie works on isinstance ...
    with pytest.raises(CheckFailure):  # ... but not on the check
        expect_equal(PretendsToBeInt(), 3)


def test_name_argument_starts_the_message():
    assert failure_message(1, 2, "total").startswith("total: expected 2, got 1")


def test_long_values_are_shortened_in_messages():
    message = failure_message("x" * 500, "y")
    assert "..." in message
    assert "x" * 100 not in message


def test_student_objects_are_shown_by_type_not_by_their_repr():
    class Loud:
        def __repr__(self):
            return "I AM CORRECT"

    message = failure_message(Loud(), 1)
    assert "I AM CORRECT" not in message
    assert "<Loud object>" in message


# --- an object that equals everything is rejected wherever it appears --------------------


def test_always_equal_object_rejected_at_top_level():
    message = failure_message(AlwaysEqual(), 42)
    assert "expected int 42" in message
    assert "got AlwaysEqual" in message


def test_always_equal_object_rejected_in_a_list():
    message = failure_message([1, AlwaysEqual(), 3], [1, 2, 3])
    assert message.startswith("value[1]: ")
    assert "got AlwaysEqual" in message


def test_always_equal_object_rejected_as_a_dict_value():
    message = failure_message({"id": 1, "price": AlwaysEqual()}, {"id": 1, "price": 10})
    assert message.startswith("value['price']: ")
    assert "got AlwaysEqual" in message


def test_always_equal_object_rejected_as_a_set_item():
    # AlwaysEqual() hashes like 1 and equals 1, so a plain set comparison would accept it.
    assert {AlwaysEqual()} == {1}
    message = failure_message({AlwaysEqual()}, {1})
    assert "an item of value is a AlwaysEqual" in message


def test_always_equal_object_rejected_as_a_dict_key():
    assert {AlwaysEqual(): "a"} == {1: "a"}
    message = failure_message({AlwaysEqual(): "a"}, {1: "a"})
    assert "a key of value is a AlwaysEqual" in message


def test_always_equal_object_as_the_expected_value_is_refused():
    message = failure_message(AlwaysEqual(), AlwaysEqual())
    assert "the expected value is a AlwaysEqual" in message


def test_always_equal_object_deep_inside_nested_containers_is_rejected():
    expected = {"rows": [{"tags": ("a", "b")}]}
    actual = {"rows": [{"tags": ("a", AlwaysEqual())}]}
    message = failure_message(actual, expected)
    assert message.startswith("value['rows'][0]['tags'][1]: ")


# --- containers --------------------------------------------------------------------------


def test_nested_equal_structures_pass():
    value = {"id": 7, "tags": ["a", "b"], "dims": (1.5, 2.0), "flags": {1, 2},
             "meta": {"ok": True, "note": None}}
    expect_equal(
        {"id": 7, "tags": ["a", "b"], "dims": (1.5, 2.0), "flags": {2, 1},
         "meta": {"note": None, "ok": True}},
        value,
    )


def test_nested_difference_is_reported_with_the_full_path():
    expected = {"order": {"items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]}}
    actual = {"order": {"items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 3}]}}
    message = failure_message(actual, expected, "cart")
    assert message.startswith("cart['order']['items'][1]['qty']: ")
    assert "expected 2, got 3" in message


def test_dict_key_order_does_not_matter():
    expect_equal({"b": 2, "a": 1}, {"a": 1, "b": 2})


def test_missing_key_is_named():
    message = failure_message({"a": 1}, {"a": 1, "b": 2})
    assert "keys differ" in message
    assert "missing ['b']" in message
    assert "unexpected []" in message


def test_extra_key_is_named():
    message = failure_message({"a": 1, "zzz": 3}, {"a": 1})
    assert "missing []" in message
    assert "unexpected ['zzz']" in message


def test_missing_and_extra_keys_in_a_nested_dict_name_the_path():
    message = failure_message({"row": {"nme": "x"}}, {"row": {"name": "x"}})
    assert message.startswith("value['row']: keys differ")
    assert "missing ['name']" in message
    assert "unexpected ['nme']" in message


def test_list_too_short_is_reported():
    message = failure_message([1, 2], [1, 2, 3])
    assert "expected 3 items, got 2" in message


def test_list_too_long_is_reported_as_a_check_failure():
    message = failure_message([1, 2, 3], [1, 2])
    assert "expected 2 items, got 3" in message


def test_tuple_length_mismatch_in_a_nested_position_is_reported():
    message = failure_message([(1, 2), (3,)], [(1, 2), (3, 4)])
    assert message.startswith("value[1]: expected 2 items, got 1")


def test_list_order_matters():
    message = failure_message([2, 1], [1, 2])
    assert message.startswith("value[0]: expected 1, got 2")


def test_set_order_does_not_matter_but_content_does():
    expect_equal({3, 1, 2}, {1, 2, 3})
    message = failure_message({1, 2}, {2, 3})
    assert "missing [3]" in message
    assert "unexpected [1]" in message


def test_set_containing_a_container_is_rejected():
    with pytest.raises(CheckFailure, match="an item of value is a frozenset"):
        expect_equal({frozenset({1})}, {1})


def test_empty_containers_compare_equal_only_to_the_same_type():
    expect_equal([], [])
    expect_equal({}, {})
    expect_equal(set(), set())
    with pytest.raises(CheckFailure):
        expect_equal((), [])
    with pytest.raises(CheckFailure):
        expect_equal({}, set())


def test_set_items_must_have_exact_types():
    with pytest.raises(CheckFailure):
        expect_equal({True}, {1})


def test_dict_keys_must_have_exact_types():
    with pytest.raises(CheckFailure):
        expect_equal({1.0: "a"}, {1: "a"})


# --- floats ------------------------------------------------------------------------------


def test_floats_compare_exactly_by_default():
    message = failure_message(0.1 + 0.2, 0.3)
    assert "expected 0.3, got 0.30000000000000004" in message


def test_abs_tol_accepts_within_and_rejects_beyond():
    expect_equal(0.1 + 0.2, 0.3, abs_tol=1e-9)
    expect_equal(10.05, 10.0, abs_tol=0.1)
    with pytest.raises(CheckFailure):
        expect_equal(10.2, 10.0, abs_tol=0.1)


def test_rel_tol_scales_with_the_expected_value():
    expect_equal(1_000_000.5, 1_000_000.0, rel_tol=1e-6)
    with pytest.raises(CheckFailure):
        expect_equal(1_000_002.0, 1_000_000.0, rel_tol=1e-6)
    with pytest.raises(CheckFailure):
        expect_equal(0.5, 0.0, rel_tol=1e-6)  # relative tolerance of 0 is 0


def test_tolerance_applies_inside_nested_containers():
    expect_equal({"avg": [0.1 + 0.2]}, {"avg": [0.3]}, abs_tol=1e-9)
    with pytest.raises(CheckFailure, match=r"value\['avg'\]\[0\]"):
        expect_equal({"avg": [0.4]}, {"avg": [0.3]}, abs_tol=1e-9)


def test_tolerance_does_not_loosen_int_comparison():
    with pytest.raises(CheckFailure):
        expect_equal(1_000_001, 1_000_000, rel_tol=0.5)


def test_nan_equals_nan():
    expect_equal(float("nan"), float("nan"))
    expect_equal([math.nan], [float("nan")])


def test_nan_does_not_equal_a_number_either_way():
    assert "got nan" in failure_message(math.nan, 1.0)
    assert "expected nan" in failure_message(1.0, math.nan)
    with pytest.raises(CheckFailure):
        expect_equal(math.nan, 1.0, abs_tol=math.inf)


def test_infinities_compare_by_sign():
    expect_equal(math.inf, math.inf)
    with pytest.raises(CheckFailure):
        expect_equal(-math.inf, math.inf)


# --- expect_true -------------------------------------------------------------------------


def test_expect_true_accepts_true():
    expect_true(True, "unused")


@pytest.mark.parametrize("truthy", [1, 1.0, "yes", [0], {"a": 1}, AlwaysEqual()])
def test_expect_true_rejects_truthy_values_that_are_not_bool(truthy):
    with pytest.raises(CheckFailure, match="must be the bool True"):
        expect_true(truthy, "must be the bool True")


@pytest.mark.parametrize("falsy", [False, None, 0, ""])
def test_expect_true_rejects_false_and_falsy_values_with_the_given_message(falsy):
    with pytest.raises(CheckFailure) as raised:
        expect_true(falsy, "the cache must be warm")
    assert str(raised.value) == "the cache must be warm"


# --- expect_type -------------------------------------------------------------------------


def test_expect_type_accepts_exact_type():
    expect_type(3, int)
    expect_type({"a": 1}, dict)


@pytest.mark.parametrize(
    ("value", "expected_type", "got"),
    [(True, int, "bool"), (3.0, int, "float"), (MyDict(), dict, "MyDict"),
     (SneakyInt(3), int, "SneakyInt"), (PretendsToBeInt(), int, "PretendsToBeInt")],
)
def test_expect_type_rejects_other_types_and_subclasses(value, expected_type, got):
    with pytest.raises(CheckFailure) as raised:
        expect_type(value, expected_type, "row_count")
    message = str(raised.value)
    assert message.startswith("row_count: ")
    assert f"expected a {expected_type.__name__}, got {got}" in message


# --- expect_between ----------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 10, 5, 0.0, 10.0, 9.999])
def test_expect_between_is_inclusive_at_both_ends(value):
    expect_between(value, 0, 10)


@pytest.mark.parametrize("value", [-1, 11, -0.001, 10.001, math.nan, math.inf])
def test_expect_between_rejects_values_outside(value):
    with pytest.raises(CheckFailure, match="expected between 0 and 10"):
        expect_between(value, 0, 10, "hit_ratio")


def test_expect_between_message_names_value():
    with pytest.raises(CheckFailure) as raised:
        expect_between(11, 0, 10, "latency_ms")
    assert str(raised.value) == "latency_ms: expected between 0 and 10, got 11"


@pytest.mark.parametrize("value", ["5", True, None, [5], SneakyInt(5), AlwaysEqual()])
def test_expect_between_rejects_non_numbers(value):
    with pytest.raises(CheckFailure, match="expected a number"):
        expect_between(value, 0, 10)


# --- expect_raises -----------------------------------------------------------------------


def test_expect_raises_returns_the_raised_exception():
    def boom():
        raise ValueError("bad price")

    raised = expect_raises(ValueError, boom)
    assert type(raised) is ValueError
    assert str(raised) == "bad price"


def test_expect_raises_accepts_a_subclass_of_the_expected_exception():
    raised = expect_raises(LookupError, lambda: {}["missing"])
    assert type(raised) is KeyError


def test_expect_raises_fails_on_a_different_exception():
    def wrong():
        raise TypeError("oops")

    with pytest.raises(CheckFailure) as raised:
        expect_raises(ValueError, wrong, "set_price(-1)")
    message = str(raised.value)
    assert message.startswith("set_price(-1): ")
    assert "expected ValueError, got TypeError: oops" in message


def test_expect_raises_fails_when_nothing_is_raised():
    with pytest.raises(CheckFailure) as raised:
        expect_raises(ValueError, lambda: 42)
    assert "expected ValueError, but it returned 42" in str(raised.value)


def test_comparing_dicts_with_50_000_keys_takes_well_under_a_second():
    expected = {i: i * 2 for i in range(50_000)}
    started = time.perf_counter()
    expect_equal(dict(expected), expected)
    assert time.perf_counter() - started < 1.0
