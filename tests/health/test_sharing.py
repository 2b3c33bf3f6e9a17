"""Members like me and community insights: ranked matches that explain themselves and use only what
each member shares; aggregates from at least k members, never another network's."""

import pytest
from django.urls import reverse

from entrepairs.health import queries, services
from tests import factories as f
from tests.health.factories import profile_factory, with_consent


def _members(network, count, **profile):
    members = [with_consent(f.member_factory(network)) for _ in range(count)]
    for member in members:
        profile_factory(member, **profile)
    return members


def test_members_like_me_are_ranked_with_their_reasons(world):
    me = profile_factory(with_consent(world.patient), codes=["C50.4"], treatments=["Tamoxifène"], stage="II")
    close = profile_factory(
        with_consent(world.relative),
        codes=["C50.4"],
        treatments=["Tamoxifène"],
        stage="II",
        visibility="like_me",
    )
    related = _members(world.breast, 1, codes=["C50.9"], visibility="network")[0]
    _members(
        world.breast, 1, codes=["C50.4"], treatments=["Tamoxifène"], visibility="only_me"
    )  # keeps all to self
    _members(world.breast, 1, codes=["E10"], visibility="network")  # nothing in common
    matches = queries.members_like_me(me.member)
    assert [match.member for match in matches] == [close.member, related]
    reasons = " | ".join(matches[0].reasons)
    assert "Tumeur maligne du sein" in reasons and "Tamoxifène" in reasons and "II" in reasons
    assert "sans précision" in matches[1].reasons[0]  # a related code of the same category


def test_a_match_uses_only_the_fields_the_other_member_shares(world):
    me = profile_factory(with_consent(world.patient), codes=["C50.4"], treatments=["Tamoxifène"])
    other = profile_factory(
        with_consent(world.relative), codes=["C50.4"], treatments=["Tamoxifène"], visibility="like_me"
    )
    services.set_visibility(other.member, treatments="only_me", age="only_me")
    [match] = queries.members_like_me(me.member)
    assert not any("Tamoxifène" in reason for reason in match.reasons)


def test_members_like_me_runs_constant_queries(world, django_assert_num_queries):
    profile_factory(with_consent(world.patient), codes=["C50.4"], treatments=["Tamoxifène"])
    _members(world.breast, 6, codes=["C50.4"], treatments=[("Létrozole", ["Fatigue"])], visibility="network")
    # my profile, my conditions, my treatments, their side effects; the candidates with their personas,
    # their conditions, their treatments
    with django_assert_num_queries(7):
        assert len(queries.members_like_me(world.patient)) == 6


def test_like_me_page_links_to_messages_only_when_the_network_allows_them(login, world):
    profile_factory(with_consent(world.patient), codes=["C50.4"])
    other = _members(world.breast, 1, codes=["C50.4"], visibility="network")[0]
    url = reverse("health:like_me", kwargs={"slug": "breast"})
    client = login(world.patient.user)
    assert other.display_name in client.get(url).content.decode()
    assert reverse("messaging:new_direct", kwargs={"slug": "breast"}) not in client.get(url).content.decode()
    world.breast.allow_private_messages = True
    world.breast.save()
    assert f"?member={other.pk}" in client.get(url).content.decode()


def test_insights_count_only_what_is_shared_with_the_network_and_hide_small_groups(world):
    _members(world.breast, 6, codes=["C50.4"], treatments=[("Tamoxifène", ["Fatigue"])], visibility="network")
    _members(world.breast, 5, codes=["C50.1"], treatments=["Létrozole"], visibility="network")
    rare = _members(world.breast, 1, codes=["C50.9"], treatments=["Traitement rare"], visibility="network")[0]
    _members(world.breast, 4, codes=["C50.4"], treatments=["Tamoxifène"], visibility="only_me")
    k = 5
    assert queries.insight_topics(world.moderator, k) == [("C50", "Tumeur maligne du sein")]
    insight = queries.condition_insights(world.moderator, k, "C50")
    assert insight["population"] == 12
    names = [cell.key for cell in insight["treatments"]]
    assert names == ["Tamoxifène", "Létrozole"] and [cell.count for cell in insight["treatments"]] == [6, 5]
    assert "Traitement rare" not in names and rare.display_name not in str(insight)
    assert [cell.key for cell in insight["effects"]] == ["Fatigue"]


def test_a_treatment_almost_everyone_takes_hides_the_few_who_do_not(world):
    _members(world.breast, 7, codes=["C50.4"], treatments=["Tamoxifène"], visibility="network")
    _members(world.breast, 1, codes=["C50.4"], treatments=["Létrozole"], visibility="network")
    insight = queries.condition_insights(world.moderator, 5, "C50")
    assert insight["population"] == 8 and insight["treatments"] == []  # 8 − 7 = 1 member without it
    assert queries.condition_insights(world.moderator, 5, "E10") is None


def test_insights_never_count_another_networks_members(world):
    _members(world.diabetes, 8, codes=["E10"], treatments=["Insuline"], visibility="network")
    assert queries.insight_topics(world.moderator, 5) == []
    assert queries.condition_insights(world.moderator, 5, "E10") is None
    assert queries.insight_topics(world.outsider, 5) == [("E10", "Diabète sucré de type 1")]


def test_an_age_band_that_would_reveal_by_difference_shows_nothing(world):
    _members(
        world.breast, 8, codes=["C50.4"], treatments=["Tamoxifène"], visibility="network", birth_year=1980
    )
    _members(
        world.breast, 2, codes=["C50.4"], treatments=["Tamoxifène"], visibility="network", birth_year=1950
    )
    band = f"{(services.today().year - 1980) // 10 * 10}–{(services.today().year - 1980) // 10 * 10 + 9}"
    insight = queries.condition_insights(world.moderator, 5, "C50", band)
    assert insight["population"] is None and insight["treatments"] == []  # 10 − 8 = 2 older members


@pytest.mark.parametrize("members", [6, 30])
@pytest.mark.parametrize("age", ["", "&age=40–49"])
def test_the_insights_page_runs_constant_queries(login, world, django_assert_num_queries, members, age):
    _members(world.breast, members, codes=["C50.4"], treatments=["Tamoxifène"], visibility="network",
             symptoms=[("fatigue", 2, 1)])  # fmt: skip
    client = login(world.patient.user)
    url = reverse("surveys:insights", kwargs={"slug": "breast"}) + "?condition=C50" + age
    # session, user, membership (among my personas, the header's), k, topics, population sizes (all ages and the band in one),
    # treatments, side effects, symptoms (each counting all ages and the band in one pass), closed
    # surveys, header badges: computed cold, the age band's page costs no more
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert age or "Tamoxifène" in response.content.decode()  # these members share no age band
    # then read back from the shared cache: session, user, membership (among my personas, the
    # header's), k, closed surveys, header
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200


def test_outsiders_get_404_on_insights(login, world):
    assert (
        login(world.outsider.user).get(reverse("surveys:insights", kwargs={"slug": "breast"})).status_code
        == 404
    )


def test_the_beat_task_computes_insights_ahead_of_the_members(login, world, django_assert_num_queries):
    from entrepairs.health.tasks import refresh_insights

    _members(world.breast, 6, codes=["C50.4"], treatments=["Tamoxifène"], visibility="network")
    assert refresh_insights() >= 1
    client = login(world.patient.user)
    # session, user, membership (among my personas, the header's), k, closed surveys, header badges: the insights come from the cache
    with django_assert_num_queries(6):
        response = client.get(reverse("surveys:insights", kwargs={"slug": "breast"}))
    assert "Tamoxifène" in response.content.decode()
