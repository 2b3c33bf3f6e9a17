"""k-anonymity of aggregates (privacy/kanon.py), as properties over any data hypothesis invents:
no number shown, and no number a reader can work out by subtracting shown numbers (a table's total
minus its shown cells, a cell's complement, one filter's page minus another's), comes from 1 to k − 1
members."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entrepairs.privacy import kanon

# A shared machine may be slow: no deadline, no "too slow" health check (these tests time nothing).
RELAXED = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
K = st.integers(min_value=0, max_value=12)
COUNTS = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=40), max_size=8)


def safe(number: int, k: int) -> bool:
    """What a reader may learn: nothing (0) or a group of at least k members."""
    return number == 0 or number >= kanon.clamp_k(k)


def test_the_network_setting_is_never_below_three():
    assert (
        kanon.clamp_k(None) == 5
        and kanon.clamp_k(1) == 3
        and kanon.clamp_k(3) == 3
        and kanon.clamp_k(99) == 50
    )


@RELAXED
@given(COUNTS, K)
def test_a_distribution_shows_no_small_cell_and_no_small_remainder(counts, k):
    released = kanon.suppress_partition(counts, k)
    shown = {key: value for key, value in released.items() if value is not None}
    assert all(value >= kanon.clamp_k(k) for value in shown.values())
    assert all(counts[key] == value for key, value in shown.items())  # shown numbers are true
    total = sum(counts.values())
    if total >= kanon.clamp_k(k):  # below k the total itself is not shown (templates print nothing)
        assert safe(total - sum(shown.values()), k)  # total minus shown cells
    else:
        assert shown == {}


@RELAXED
@given(COUNTS, K, st.integers(min_value=0, max_value=20))
def test_members_outside_every_cell_count_as_a_hidden_cell(counts, k, outside):
    total = sum(counts.values()) + outside
    released = kanon.suppress_partition(counts, k, total=total)
    shown = sum(value for value in released.values() if value is not None)
    assert safe(total - shown, k) or (total < kanon.clamp_k(k) and shown == 0)


@RELAXED
@given(COUNTS, K, st.integers(min_value=0, max_value=60))
def test_a_count_of_members_having_something_hides_small_complements(counts, k, extra):
    total = max(counts.values(), default=0) + extra
    released = kanon.suppress_members_having(counts, k, total=total)
    for value in released.values():
        if value is not None:
            assert value >= kanon.clamp_k(k) and safe(total - value, k)


members = st.lists(st.tuples(st.sampled_from("01234"), st.booleans()), max_size=80)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(members, K)
def test_differencing_two_filters_reveals_no_small_group(people, k):
    """A parent page (all members of a condition) and a child page (one age band): each a severity
    distribution. Whatever a reader subtracts, no group of 1 to k − 1 members appears."""
    parent_counts = Counter(cell for cell, _in_child in people)
    child_counts = Counter(cell for cell, in_child in people if in_child)
    keys = "01234"
    parent_total, child_total = sum(parent_counts.values()), sum(child_counts.values())
    parent = kanon.suppress_partition({key: parent_counts[key] for key in keys}, k)
    child = kanon.suppress_partition({key: child_counts[key] for key in keys}, k)
    child, shown_total = kanon.suppress_nested(
        parent, child, k, parent_total=parent_total, child_total=child_total, partition=True
    )
    if shown_total is None:
        assert all(value is None for value in child.values())
        return
    shown_parent = {key: value for key, value in parent.items() if value is not None}
    shown_child = {key: value for key, value in child.items() if value is not None}
    assert set(shown_child) <= set(shown_parent)
    assert all(child_counts[key] == value for key, value in shown_child.items())
    assert safe(parent_total - sum(shown_parent.values()), k)  # the parent's hidden cells
    assert safe(child_total - sum(shown_child.values()), k)  # the child's hidden cells
    assert safe(parent_total - child_total, k)  # the members outside the filter
    for key in shown_child:  # one cell, page minus page
        assert safe(shown_parent[key] - shown_child[key], k)
    # outside the filter, in the cells the child hides
    outside = (parent_total - child_total) - sum(shown_parent[key] - shown_child[key] for key in shown_child)
    assert safe(outside, k)


@RELAXED
@given(COUNTS, COUNTS, K)
def test_nested_counts_of_members_having_something(parent_counts, extra, k):
    child_counts = {key: value for key, value in parent_counts.items()}
    parent_counts = {key: value + extra.get(key, 0) for key, value in parent_counts.items()}
    parent_total = max(parent_counts.values(), default=0) + 5
    child_total = max(child_counts.values(), default=0)
    parent = kanon.suppress_members_having(parent_counts, k, total=parent_total)
    child = kanon.suppress_members_having(child_counts, k, total=child_total)
    child, shown_total = kanon.suppress_nested(
        parent, child, k, parent_total=parent_total, child_total=child_total
    )
    for key, value in child.items():
        if value is not None:
            assert parent[key] is not None and safe(parent[key] - value, k)
    if shown_total is not None:
        assert safe(parent_total - shown_total, k)


def test_a_population_smaller_than_k_shows_nothing():
    assert kanon.suppress_partition({"a": 2, "b": 1}, 5) == {"a": None, "b": None}
    assert kanon.suppress_members_having({"a": 4}, 5, total=4) == {"a": None}


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"a": 10, "b": 7, "c": 2}, {"a": 10, "b": None, "c": None}),  # total − shown would reveal c = 2
        ({"a": 10, "b": 7, "c": 0}, {"a": 10, "b": 7, "c": None}),  # an empty cell reads "fewer than k"
        ({"a": 10, "b": 3, "c": 3}, {"a": 10, "b": None, "c": None}),  # hidden together: 6 ≥ 5
    ],
)
def test_complementary_suppression_examples(counts, expected):
    assert kanon.suppress_partition(counts, 5) == expected


def test_differencing_an_age_band_from_its_condition_hides_the_revealing_cells():
    # 12 members of a condition, 8 of them aged 40–49; severity 3: 6 in all, 5 of them in the band.
    parent = kanon.suppress_partition({"2": 6, "3": 6}, 5)
    child = kanon.suppress_partition({"2": 3, "3": 5}, 5)
    assert child == {"2": None, "3": None}  # 3 is hidden (< 5), so 5 goes with it: 8 − 5 = 3
    parent = kanon.suppress_partition({"2": 10, "3": 6}, 5)
    child = kanon.suppress_partition({"2": 9, "3": 5}, 5)
    nested, total = kanon.suppress_nested(parent, child, 5, parent_total=16, child_total=14, partition=True)
    assert total is None  # 16 − 14 = 2 members outside the band: the band's page shows nothing


@RELAXED
@given(COUNTS, K, st.integers(min_value=0, max_value=20))
def test_hidden_cells_read_zero_only_when_the_shown_total_already_says_so(counts, k, outside):
    total = sum(counts.values()) + outside
    released = kanon.suppress_partition(counts, k, total=total)
    shown_total = total if total >= kanon.clamp_k(k) else None
    with_zeros = kanon.known_zeros(released, total=shown_total)
    for key, value in with_zeros.items():
        if released[key] is None and value is not None:
            # a hidden cell turned into a number: it is 0, and every reader could subtract it
            assert value == 0 == counts[key]
            assert shown_total - sum(v for v in released.values() if v is not None) == 0
        assert value is None or value == counts[key]


def test_known_zeros_leave_a_table_alone_without_its_total():
    assert kanon.known_zeros({"a": None, "b": 9}, total=None) == {"a": None, "b": 9}
    assert kanon.known_zeros({"a": None, "b": 9}, total=9) == {"a": 0, "b": 9}
    assert kanon.known_zeros({"a": None, "b": 9}, total=12) == {"a": None, "b": 9}
