"""networks.badges: the badges beside a persona's name, escaped, translated, and the same wherever
it is printed (posts, member lists, profiles, the network home)."""

import pytest
from django.utils import translation

from entrepairs.networks.badges import badges_html
from entrepairs.networks.models import Membership
from entrepairs.professionals.models import Profession, Qualification, Specialty


def persona(*, status="active", role="member", member_type="patient", profession=None, practitioner=None):
    person = Membership(status=status, role=role, member_type=member_type)
    if profession is not None:
        specialty = (
            Specialty(practitioner_fr=practitioner, practitioner_en=practitioner) if practitioner else None
        )
        person.qualification_id = 7  # a verified qualification, as read with the persona
        person._state.fields_cache["qualification"] = Qualification(
            profession=Profession(name_fr=profession, name_en=profession), specialty=specialty
        )
    return person


@translation.override("en")
def test_a_plain_member_has_none():
    assert badges_html(persona()) == ""


@translation.override("en")
@pytest.mark.parametrize(
    ("role", "label"), [("admin", "Administrator"), ("moderator", "Moderator"), ("editor", "Editor")]
)
def test_roles(role, label):
    assert badges_html(persona(role=role)) == f'<span class="badge">{label}</span>'


@translation.override("en")
@pytest.mark.parametrize("status", ["left", "removed"])
def test_a_former_member_says_so_instead_of_a_role(status):
    html = badges_html(persona(status=status, role="moderator", member_type="relative"))
    assert html.startswith(
        '<span class="badge badge-soft" data-former-member title="This person is no longer'
    )
    assert ">Former member</span>" in html and "Moderator" not in html
    assert html.endswith('<span class="badge badge-soft">Relative</span>')


def test_a_verified_profession_is_escaped_and_in_the_members_language():
    person = persona(profession="Pharmacien <b>&", member_type="professional")
    with translation.override("en"):
        assert badges_html(person) == (
            '<span class="badge badge-verified" title="Profession verified">✓ Pharmacien &lt;b&gt;&amp; (verified)</span>'
        )
    with translation.override("fr"):
        html = badges_html(persona(profession="Médecin", practitioner="Cardiologue", role="admin"))
        assert html == (
            '<span class="badge badge-verified" title="Profession vérifiée">✓ Cardiologue vérifié</span>'
            '<span class="badge">Administrateur</span>'
        )


@pytest.mark.django_db
def test_the_templates_print_it(client, world):
    """The member list and a profile print the tag's badges (one implementation everywhere)."""
    client.force_login(world.patient.user)
    page = client.get(f"/n/{world.breast.slug}/members/").content.decode()
    assert str(badges_html(world.moderator)) in page
    profile = client.get(f"/n/{world.breast.slug}/members/{world.moderator.pk}/").content.decode()
    assert str(badges_html(world.moderator)) in profile
