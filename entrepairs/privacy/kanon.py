"""k-anonymity for every aggregate shown to members (community insights, survey results).

A count, a percentage or a chart cell computed from fewer than k members is never shown: it reads
"moins de k membres". Hiding the small cells alone is not enough, because a reader can subtract:

- within one table whose total is shown (a distribution over one population: each member in exactly
  one cell), total minus the shown cells gives the hidden cells' sum. When hidden cells hold fewer
  than k members together, the smallest shown cells are hidden too until the hidden ones hold at
  least k members (or all are hidden): "complementary suppression";
- a cell that counts members *having* something (multi-valued: the treatments members take) also
  tells how many do *not* have it: total − count. When that complement is between 1 and k − 1, the
  few members without it are singled out, so the cell is hidden;
- two tables of nested populations (all members of a condition, and those of one of its stages):
  parent − child reveals the members of the parent outside the child. `suppress_nested` hides, in
  the child, every cell whose difference with the parent is between 1 and k − 1, and checks the
  populations themselves the same way.
- the same table seen at two moments (a survey before and after one more answer) is a difference
  too: survey results are shown only once the survey is closed (surveys/queries.py).

Pure functions: no Django, no database; `k` comes from the network's setting (privacy.queries.
anonymity_threshold: default 5, never below 3). Hypothesis tests: tests/privacy/test_kanon.py."""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

DEFAULT_K = 5
MINIMUM_K = 3
MAXIMUM_K = 50
# The age bands aggregates may be filtered by (ten years: precise enough to compare, too coarse to identify).
AGE_BANDS = ("0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90–99")


def clamp_k(k: int | None) -> int:
    """A network's k, never below MINIMUM_K (a setting of 1 or 2 protects no one)."""
    if k is None:
        return DEFAULT_K
    return max(MINIMUM_K, min(MAXIMUM_K, int(k)))


@dataclass(frozen=True)
class Cell:
    """One shown or hidden number. `count` is None when suppressed; templates print "moins de k"."""

    key: Hashable
    count: int | None
    percent: int | None = None

    @property
    def suppressed(self) -> bool:
        return self.count is None

    @property
    def width_step(self) -> int:
        """The percentage rounded to 5, for a bar drawn by a CSS class (no inline style: CSP)."""
        return 5 * round((self.percent or 0) / 5)


def _complementary(shown: dict, hidden_sum: int, k: int) -> None:
    """Hide the smallest shown cells until the hidden ones hold 0 or at least k members."""
    while 0 < hidden_sum < k and shown:
        smallest = min(shown, key=lambda key: (shown[key], str(key)))
        hidden_sum += shown.pop(smallest)


def suppress_partition(counts: Mapping[Hashable, int], k: int, *, total: int | None = None) -> dict:
    """A distribution in which each member counts in exactly one cell (severity 0–4, a single-choice
    answer). Returns {key: count or None}. `total` (shown beside the table) defaults to the sum of
    the cells; members outside every cell (total − sum) count as one more hidden cell.
    A population smaller than k shows nothing at all."""
    k = clamp_k(k)
    total = sum(counts.values()) if total is None else total
    if total < k:
        return {key: None for key in counts}
    shown = {key: value for key, value in counts.items() if value >= k}
    hidden_sum = total - sum(shown.values())
    _complementary(shown, hidden_sum, k)
    return {key: shown.get(key) for key in counts}


def suppress_members_having(counts: Mapping[Hashable, int], k: int, *, total: int) -> dict:
    """Counts of members *having* something, a member possibly in several cells (treatments taken,
    side effects reported). A cell is hidden when fewer than k members have it, or when fewer than
    k (but some) members of the population do not. A population smaller than k shows nothing."""
    k = clamp_k(k)
    if total < k:
        return {key: None for key in counts}
    return {
        key: value if value >= k and not (0 < total - value < k) else None for key, value in counts.items()
    }


def suppress_nested(
    parent: Mapping[Hashable, int | None],
    child: Mapping[Hashable, int | None],
    k: int,
    *,
    parent_total: int,
    child_total: int,
    partition: bool = False,
) -> tuple[dict, int | None]:
    """Two released tables over nested populations (the child's members are among the parent's): all
    members of a condition, and those of one age band. `parent` is the table as released (None where
    hidden), `child` as the single-table rules left it. Returns the child table and the child's total,
    hidden where subtracting one page from the other would reveal 1 to k − 1 members:
    - the child's total when parent_total − child_total is 1 to k − 1 (then the whole child table);
    - a child cell whose parent cell is hidden, or whose difference with it is 1 to k − 1;
    - for a distribution (`partition`), the members outside the child in the child's hidden cells,
      (parent_total − child_total) − Σ shown (parent − child), must be 0 or at least k too: the
      smallest shown cells are hidden until it is."""
    k = clamp_k(k)
    if child_total < k or 0 < parent_total - child_total < k:
        return dict.fromkeys(child), None
    result = {}
    for key, value in child.items():
        above = parent.get(key)
        hidden = value is None or above is None or 0 < above - value < k
        result[key] = None if hidden else value
    if partition:
        # Hide the smallest shown cells until both differences hold 0 or at least k members; with
        # every cell hidden they do (the total checks above), so this ends.
        while True:
            shown = {key: value for key, value in result.items() if value is not None}
            outside = (parent_total - child_total) - sum(parent[key] - value for key, value in shown.items())
            hidden_sum = child_total - sum(shown.values())
            if not (0 < outside < k or 0 < hidden_sum < k):
                break
            result[min(shown, key=lambda key: (shown[key], str(key)))] = None
    return result, child_total


def known_zeros(released: Mapping[Hashable, int | None], *, total: int | None) -> dict:
    """A distribution whose total is shown: when the shown cells already add up to it, every hidden
    cell is 0, as any reader can subtract; it reads 0 rather than "fewer than k", which would suggest
    a small group that does not exist. Nothing is revealed that the released numbers did not tell."""
    shown = sum(value for value in released.values() if value is not None)
    if total is None or shown != total:
        return dict(released)
    return {key: 0 if value is None else value for key, value in released.items()}


def cells(released: Mapping[Hashable, int | None], *, total: int | None) -> list[Cell]:
    """The released numbers with their percentage of `total` (None when hidden or no total),
    largest first, hidden ones last: what templates and the API show."""
    rows = [
        Cell(key, value, round(100 * value / total) if value is not None and total else None)
        for key, value in released.items()
    ]
    return sorted(rows, key=lambda cell: (cell.count is None, -(cell.count or 0), str(cell.key)))


def ordered_cells(released: Mapping[Hashable, int | None], *, total: int | None) -> list[Cell]:
    """As `cells`, in the table's own order (a scale, severity 0 to 4)."""
    return [
        Cell(key, value, round(100 * value / total) if value is not None and total else None)
        for key, value in released.items()
    ]
