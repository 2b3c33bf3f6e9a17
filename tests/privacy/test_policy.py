"""Network privacy policies: the defaults of issue 5, the overrides admins store, and the check on
submit that every text path shares (entrepairs/privacy/services.py)."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from entrepairs.errors import ActionRefused
from entrepairs.privacy import policy, services
from entrepairs.privacy.findings import KINDS
from entrepairs.privacy.models import Confirmation

PHONE = "Appelez-moi au 06 12 34 56 78 après 18 h."
NIR = "Mon numéro de sécu est le 2 84 05 75 112 044 38."
COLLEAGUE = "J'en ai parlé avec le Dr Lambert, qui confirme."


def network(kind="patients", overrides=None):
    return SimpleNamespace(kind=kind, language="fr", privacy_overrides=overrides or {})


# --- Defaults ------------------------------------------------------------------------------------
def test_patient_networks_block_nir_iban_and_record_numbers_and_confirm_the_rest():
    for context in policy.CONTEXTS:
        rules = policy.policy_for(network("patients"), context)
        assert {kind for kind, action in rules.items() if action == policy.BLOCK} == {
            "NIR",
            "IBAN",
            "RECORD_ID",
        }
        assert {kind for kind, action in rules.items() if action == policy.CONFIRM} == set(KINDS) - {
            "NIR", "IBAN", "RECORD_ID"
        }  # fmt: skip


def test_professional_networks_block_names_in_cases_and_allow_colleagues_names_elsewhere():
    case = policy.policy_for(network("professionals"), policy.CASE)
    text = policy.policy_for(network("professionals"), policy.TEXT)
    assert case["PERSON"] == policy.BLOCK
    assert text["PERSON"] == policy.ALLOW
    for rules in (case, text):
        assert rules["NIR"] == rules["RECORD_ID"] == policy.BLOCK
        assert rules["PHONE"] == rules["IBAN"] == policy.CONFIRM


def test_a_policy_always_gives_an_action_for_every_kind():
    for kind in ("patients", "professionals"):
        for context in policy.CONTEXTS:
            assert set(policy.policy_for(network(kind), context)) == set(KINDS)


# --- Overrides -----------------------------------------------------------------------------------
def test_overrides_replace_the_defaults_only_in_their_context():
    stored = network("patients", {"text": {"PHONE": "allow", "NIR": "confirm"}})
    assert policy.policy_for(stored, policy.TEXT)["PHONE"] == policy.ALLOW
    assert policy.policy_for(stored, policy.TEXT)["NIR"] == policy.CONFIRM
    assert policy.policy_for(stored, policy.CASE)["PHONE"] == policy.CONFIRM


def test_unknown_kinds_and_actions_in_stored_overrides_are_ignored_when_read():
    stored = network("patients", {"text": {"PHONE": "shout", "SHOE_SIZE": "block"}})
    assert policy.policy_for(stored, policy.TEXT) == policy.default_policy("patients", policy.TEXT)


@pytest.mark.parametrize(
    "value",
    [
        {"text": {"SHOE_SIZE": "block"}},
        {"text": {"PHONE": "warn"}},
        {"elsewhere": {"PHONE": "allow"}},
        {"text": ["PHONE"]},
        "allow",
    ],
)
def test_invalid_overrides_are_refused_before_they_are_stored(value):
    with pytest.raises(ValidationError):
        policy.validate_overrides(value)


def test_valid_overrides_pass_validation():
    policy.validate_overrides({})
    policy.validate_overrides({"text": {"PHONE": "allow"}, "case": {"PERSON": "confirm"}})


def test_only_changes_from_the_defaults_are_stored():
    choices = {context: policy.default_policy("professionals", context) for context in policy.CONTEXTS}
    assert policy.overrides_between("professionals", choices) == {}
    choices["text"] = {**choices["text"], "PHONE": "allow"}
    choices["case"] = {**choices["case"], "PERSON": "confirm"}
    assert policy.overrides_between("professionals", choices) == {
        "text": {"PHONE": "allow"},
        "case": {"PERSON": "confirm"},
    }


# --- evaluate ------------------------------------------------------------------------------------
def test_evaluate_gives_each_finding_its_fields_action():
    verdict = policy.evaluate({"title": "Question", "body": PHONE + " " + NIR}, network("patients"))
    assert [(item.field, item.finding.kind, item.action) for item in verdict.findings] == [
        ("body", "PHONE", policy.CONFIRM),
        ("body", "NIR", policy.BLOCK),
    ]
    assert not verdict.may_publish(["PHONE", "NIR"])  # blocked stays blocked whatever is confirmed


def test_a_colleagues_name_is_allowed_in_a_thread_but_blocked_in_a_case():
    pros = network("professionals")
    assert policy.evaluate({"body": COLLEAGUE}, pros).may_publish()
    case = policy.evaluate({"context": COLLEAGUE}, pros, context=policy.CASE)
    assert [item.finding.kind for item in case.blocked] == ["PERSON"]


# --- The check on submit -------------------------------------------------------------------------
def _member(kind="patients", overrides=None):
    return SimpleNamespace(network=network(kind, overrides), network_id=1)


def test_check_refuses_a_blocked_kind_with_a_stable_code_and_offsets_but_no_value():
    with translation.override("fr"), pytest.raises(services.PrivacyRefused) as refused:
        services.check(_member(), {"body": NIR}, confirmed=["NIR"], audience=lambda: 12)
    refusal = refused.value
    assert isinstance(refusal, ActionRefused)
    assert (refusal.code, refusal.status, refusal.field) == ("privacy_blocked", 422, "body")
    assert refusal.client_data["kinds"] == ["NIR"]
    start, end = NIR.index("2 84"), NIR.index("38") + 2
    assert refusal.client_data["findings"] == [
        {"field": "body", "kind": "NIR", "action": "block", "start": start, "end": end}
    ]
    assert "Ce réseau n'autorise pas la publication d'un numéro de sécurité sociale" in refusal.message
    assert "«\u202f[n° de sécurité sociale masqué]\u202f»" in refusal.message
    assert "2 84 05" not in refusal.message + str(refusal.client_data)


def test_check_asks_to_confirm_with_the_audience_then_clears_when_confirmed():
    counted = []

    def audience():
        counted.append(1)
        return 57

    with translation.override("fr"), pytest.raises(services.PrivacyRefused) as refused:
        services.check(_member(), {"body": PHONE}, audience=audience)
    refusal = refused.value
    assert (refusal.code, refusal.status) == ("privacy_confirm_required", 422)
    assert refusal.client_data["confirm_kinds"] == ["PHONE"] == refusal.client_data["kinds"]
    assert refusal.client_data["audience"] == 57
    assert "57 membres" in refusal.message and "un numéro de téléphone" in refusal.message
    assert "06 12" not in refusal.message

    clearance = services.check(_member(), {"body": PHONE}, confirmed=["PHONE", "nonsense"], audience=audience)
    assert clearance.kinds == ("PHONE",)
    assert len(counted) == 1  # counted only when a confirmation is needed


def test_a_confirmation_of_another_kind_does_not_count():
    with pytest.raises(services.PrivacyRefused):
        services.check(_member(), {"body": PHONE}, confirmed=["EMAIL"], audience=lambda: 3)


def test_text_without_findings_passes_without_counting_anyone():
    clearance = services.check(_member(), {"body": "Bonne journée à toutes !"}, audience=pytest.fail)
    assert clearance.kinds == ()


def test_an_override_to_allow_lets_it_through_without_confirmation():
    member = _member(overrides={"text": {"PHONE": "allow"}})
    assert services.check(member, {"body": PHONE}).kinds == ()


@pytest.mark.django_db
def test_record_keeps_the_kinds_with_the_published_object_and_nothing_when_none(world):
    target = world.patient  # any saved object
    assert services.record(world.patient, services.Clearance(), target) is None
    row = services.record(world.patient, services.Clearance(("PERSON", "PHONE")), target)
    assert Confirmation.objects.get() == row
    assert (row.network_id, row.member_id, row.target, row.kinds) == (
        world.breast.pk, world.patient.pk, world.patient, ["PERSON", "PHONE"]
    )  # fmt: skip


@pytest.mark.django_db
def test_only_admins_set_the_policy_and_only_changes_are_stored(world):
    choices = {"text": {**policy.default_policy("patients", "text"), "PHONE": "allow"}}
    with pytest.raises(ActionRefused) as refused:
        services.set_policy(world.moderator, choices)
    assert refused.value.code == "forbidden"
    world.breast.refresh_from_db()
    assert world.breast.privacy_overrides == {}
    services.set_policy(world.admin, choices)
    world.breast.refresh_from_db()
    assert world.breast.privacy_overrides == {"text": {"PHONE": "allow"}}


def test_a_mention_of_a_member_is_not_a_persons_name_but_other_names_are():
    from entrepairs.discussions.actions.notifications import MENTION

    assert policy.MENTION.pattern == MENTION.pattern  # one syntax for mentions
    verdict = policy.evaluate({"body": "@[Rose des Vents] @Camille merci Isabelle !"}, network("patients"))
    assert [(item.finding.kind, item.finding.start) for item in verdict.findings] == [("PERSON", 33)]
