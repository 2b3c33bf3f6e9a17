"""web.reversing and the `{% url %}` builtin: each route reversed once per process, the same URLs as
Django's `reverse`, and a new URL whenever what a reversal depends on changes."""

from unittest import mock

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse, set_script_prefix
from django.utils import translation

from entrepairs.web import reversing
from entrepairs.web.reversing import reverse_memo

# The URLconf of test_a_changed_urlconf_is_never_answered_from_the_cache.
urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="home")]


@pytest.fixture(autouse=True)
def _empty_cache():
    reversing._reversed.cache_clear()
    yield
    reversing._reversed.cache_clear()


def _counting_reverse():
    return mock.patch.object(reversing, "reverse", side_effect=reverse)


ROUTES = [
    ("home", (), None),
    ("networks:home", ("breast",), None),
    ("discussions:thread", (), {"slug": "breast", "thread_id": 42}),
    ("discussions:react", (), {"post_id": 7, "slug": "cardio"}),
    ("moderation:report", ("breast", "thread", 3), None),
    ("legal_page", ("privacy",), None),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), ROUTES)
def test_same_url_as_reverse_and_reversed_once(name, args, kwargs):
    expected = reverse(name, args=args, kwargs=kwargs)
    with _counting_reverse() as counted:
        assert reverse_memo(name, args, kwargs) == expected
        assert reverse_memo(name, list(args), dict(kwargs) if kwargs else kwargs) == expected
    assert counted.call_count == 1


def test_each_argument_is_its_own_url():
    first = reverse_memo("discussions:thread", (), {"slug": "breast", "thread_id": 1})
    second = reverse_memo("discussions:thread", (), {"slug": "breast", "thread_id": 2})
    other_network = reverse_memo("discussions:thread", (), {"slug": "cardio", "thread_id": 1})
    assert (first, second, other_network) == ("/n/breast/t/1/", "/n/breast/t/2/", "/n/cardio/t/1/")


def test_arguments_other_than_strings_and_integers_are_reversed_every_time():
    class Slug:  # str() of an object is what reverse puts in the URL: it may change
        def __init__(self, value):
            self.value = value

        def __str__(self):
            return self.value

    slug = Slug("breast")
    with _counting_reverse() as counted:
        assert reverse_memo("networks:home", (slug,)) == "/n/breast/"
        slug.value = "cardio"
        assert reverse_memo("networks:home", (slug,)) == "/n/cardio/"
        assert reverse_memo("networks:home", (), {"slug": translation.gettext_lazy("x")}) == "/n/x/"
        assert reverse_memo("invitation", (True,)) == "/invite/True/"  # True == 1 as a key
        assert reverse_memo("invitation", (1,)) == "/invite/1/"
    assert counted.call_count == 5


def test_an_unknown_route_raises_and_is_not_kept():
    with pytest.raises(NoReverseMatch):
        reverse_memo("networks:home", ("not a slug!",))
    with pytest.raises(NoReverseMatch):
        reverse_memo("no-such-route")
    assert reversing._reversed.cache_info().currsize == 0


def test_the_script_prefix_is_part_of_the_key():
    assert reverse_memo("home") == "/"
    set_script_prefix("/entrepairs/")
    try:
        assert reverse_memo("home") == "/entrepairs/"
    finally:
        set_script_prefix("/")
    assert reverse_memo("home") == "/"


def test_a_changed_urlconf_is_never_answered_from_the_cache():
    assert reverse_memo("home") == "/"
    with override_settings(ROOT_URLCONF=__name__):
        assert reverse_memo("home") == "/elsewhere/"
    assert reverse_memo("home") == "/"


def test_the_language_is_part_of_the_key():
    with translation.override("fr"):
        reverse_memo("home")
    with translation.override("en"):
        reverse_memo("home")
    assert reversing._reversed.cache_info().currsize == 2


def test_the_url_tag_of_every_template_is_the_memo():
    template = Template(
        "{% url 'discussions:thread' slug=slug thread_id=7 %} {% url 'nowhere' as missing %}[{{ missing }}]"
        "{% url 'networks:home' 'breast' as home %}{{ home }}"
    )
    with _counting_reverse() as counted:
        for _ in range(3):
            assert template.render(Context({"slug": "breast"})) == "/n/breast/t/7/ []/n/breast/"
    assert counted.call_count == 2 + 3  # the two routes that exist once each, the missing one each time
    with pytest.raises(NoReverseMatch):
        Template("{% url 'nowhere' %}").render(Context())


def test_the_url_tag_escapes_like_djangos():
    rendered = Template("{% url 'invitation' token %}").render(Context({"token": "a&b"}))
    assert rendered == "/invite/a&amp;b/" == reverse("invitation", args=["a&b"]).replace("&", "&amp;")
