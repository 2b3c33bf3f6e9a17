"""The normalisation before matching: what it undoes, and that offsets always map back exactly.

Property tests (hypothesis) check the map on any text, and that disguising a value (zero-width
characters, non-breaking spaces, look-alike letters) does not hide it from scan nor shift its span.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entrepairs.privacy import scan
from entrepairs.privacy.normalise import normalise

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("appelle moi 06 dix-huit 45 soixante-douze 03 stp", "appelle moi 06 18 45 72 03 stp"),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", "06 12 34 56 78"),
        ("five five five oh one two three four five six seven", "55501234567"),
        ("prenom point nom arobase gmail point com", "prenom.nom@gmail.com"),
        ("write to name(at)mail.fr please", "write to name@mail.fr please"),
        ("john dot smith at gmail dot com", "john.smith@gmail.com"),
        ("name [at] mail [dot] com", "name@mail.com"),
        ("born on the twelfth of June, nineteen sixty-two", "born on the 12th of June, 1962"),
        ("née le douze juin mille neuf cent soixante-deux", "née le 12 juin 1962"),
        ("06\u200b12 34\u00a056 78", "0612 34 56 78"),
        ("gm\u0430il", "gmail"),
        ("appelle au O6 l2 34 56 78 stp", "appelle au 06 12 34 56 78 stp"),
        ("two thousand and five", "2005"),
    ],
)
def test_disguises_are_undone(text, expected):
    assert normalise(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "see me at doctolib.fr",  # "at" in prose, no mail provider, no spelled dot
        "j'ai dix-huit ans et deux enfants",  # number words that are not a phone number
        "Je prends un comprimé à 8 h et un autre à 20 h.",
        "Привет, как дела",  # Russian prose is not a disguise
        "plain text without anything",
        "O2 sat 98, CO2 normal, 3 l/min",
    ],
)
def test_ordinary_writing_is_left_alone(text):
    assert normalise(text).text == text.replace("\u00a0", " ")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("ab06 .-@()é\u200b\u00a0\u0430") + ["six ", "dot ", " at ", "gmail", "com", "douze "]
        )
    ).map("".join)
)
def test_the_map_covers_the_original_in_order(text):
    result = normalise(text)
    for index in range(len(result.text)):
        start, end = result.original_span(index, index + 1)
        assert 0 <= start < end <= len(text)
    spans = [result.original_span(index, index + 1) for index in range(len(result.text))]
    assert spans == sorted(spans)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("bcfgjkqxz0123456789 ,:;!?\n"))))
def test_text_without_disguises_is_returned_as_it_is(text):
    result = normalise(text)
    assert result.text == text
    assert result.starts is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=14), max_size=4),
    st.sampled_from(ZERO_WIDTH),
    st.sampled_from(["Appelez-moi au ", "mon num: ", "Tél. "]),
)
def test_a_phone_number_with_hidden_characters_is_found_over_exactly_its_characters(
    positions, hidden, before
):
    phone = "06 12 34 56 78"
    disguised = phone
    for position in sorted(set(positions), reverse=True):
        disguised = disguised[:position] + hidden + disguised[position:]
    text = f"{before}{disguised} merci"
    findings = [f for f in scan(text, "fr") if f.kind == "PHONE"]
    assert len(findings) == 1
    value = text[findings[0].start : findings[0].end]
    assert value.strip(hidden) == value or value[0] != hidden
    assert "".join(ch for ch in value if ch not in ZERO_WIDTH) == phone


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["\u00a0", "\u202f", "\u2009", " "]), st.sampled_from(["fr", "en"]))
def test_an_email_with_odd_spaces_is_found_over_the_whole_address(space, lang):
    text = f"écrivez à prenom{space}point{space}nom{space}arobase{space}gmail{space}point{space}com svp"
    findings = [f for f in scan(text, lang) if f.kind == "EMAIL"]
    assert [(text[f.start : f.end]) for f in findings] == [text[len("écrivez à ") : -len(" svp")]]


def test_number_words_map_back_to_the_words_typed():
    text = "mon num c 06 dix-huit 45 soixante-douze 03 si besoin"
    findings = [f for f in scan(text, "fr") if f.kind == "PHONE"]
    assert [text[f.start : f.end] for f in findings] == ["06 dix-huit 45 soixante-douze 03"]
