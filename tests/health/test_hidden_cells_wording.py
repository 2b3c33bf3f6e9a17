"""A hidden cell of an insight or survey chart never says "fewer than k members": the cells hidden so
that a small one cannot be worked out by subtraction hold k members or more (privacy/kanon.py,
complementary suppression), and saying "fewer than 5" of a cell of 5 would be false."""

from django.template.loader import render_to_string
from django.utils import translation

from entrepairs.privacy import kanon


def test_a_cell_hidden_by_complementary_suppression_is_not_called_small():
    # 16 members: 4 at level 0-1, 5 at level 2, 7 at 3-4. The 4 are hidden; the 5 too (16 - 7 - 5
    # would give the 4 back), although 5 is not fewer than k.
    released = kanon.suppress_partition({"0–1": 4, "2": 5, "3–4": 7}, 5, total=16)
    assert released == {"0–1": None, "2": None, "3–4": 7}
    cells = kanon.ordered_cells(released, total=16)
    with translation.override("fr"):
        html = render_to_string("_kanon_bars.html", {"cells": cells, "k": 5})
    assert html.count("data-hidden-cell") == 2
    assert "masqué pour préserver l'anonymat" in html or "masqué pour préserver l&#x27;anonymat" in html
    assert "moins de" not in html
    assert "7 · 44" in html
