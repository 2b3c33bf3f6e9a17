"""schemathesis against the served schema (/api/v1/openapi.json), as a visitor, a member and a moderator
(with two-factor authentication, as the moderation routes require).

Every check schemathesis has runs on every response: no 5xx, the body matches the declared schema,
the status and the content type are declared, schema-valid input is accepted (2xx, or a refusal the
platform documents), schema-invalid input is refused, authentication is enforced where declared and
not declared where visitors are welcome, unsupported methods answer 405 with `Allow`. Then the
stateful phase follows the links schemathesis infers between operations (start a thread or a poll,
read it, reply, react; list invitations and revoke one; list requests and refuse one...).

It runs in-process through Django's WSGI handler, inside the test's transaction (nothing is
committed), seeded and with a bounded number of examples per operation, so that every CI run sends
the same requests and the whole costs well under a minute per database (figures in docs/api.md).
A failure prints the failing request as a curl command.

Path ids that schemathesis invents are mapped onto real objects of the member's network (a thread, a
post, a conversation...), so that the handlers are reached beyond their 404; negative ids and ids
past 64 bits are kept as generated, to test their 422."""

import collections
import copy
import logging
import time
from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig

from entrepairs.accounts.tokens import create_token
from entrepairs.api.schemas import MAX_ID
from entrepairs.discussions import services as discussions
from entrepairs.discussions.actions import cases_and_polls
from entrepairs.health import services as health
from entrepairs.messaging import services as messaging
from entrepairs.moderation import services as moderation
from entrepairs.networks import services as networks
from entrepairs.surveys import services as surveys
from tests.discussions.factories import space_of, thread_factory
from tests.health.factories import with_consent

SEED = 18


class CountingApp:
    """Django's WSGI handler, counting the requests sent as each role (checks' probes included)."""

    def __init__(self):
        self.handler = get_wsgi_application()
        self.role = "schema"
        self.sent = collections.Counter()

    def __call__(self, environ, start_response):
        self.sent[self.role] += 1
        return self.handler(environ, start_response)


APP = CountingApp()
SCHEMA_URL = "/api/v1/openapi.json"
# Business refusals a schema cannot express (a name already taken, consent not given, a poll already
# voted in, the last administrator...) are 400, 409 or 410 with a stable code: schema-valid input may
# get them. Anything else on schema-valid input (a 422) means the schema misses a constraint.
ACCEPTED = ["2xx", "400", "401", "403", "404", "409", "410", "429"]
# Operations that take a multipart file.
UPLOADS = ("send_attachment", "set_article_cover", "add_article_image")


def _config(
    *, max_examples: int, slug: str | None, coverage: bool = True, positive_only: bool = False
) -> SchemathesisConfig:
    generation = {"max-examples": max_examples, "deterministic": True, "database": "none"}
    if positive_only:
        generation["mode"] = "positive"
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "generation": generation,
            "phases": {"coverage": {"enabled": coverage}, "stateful": {"max-steps": 12}},
            "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
            "operations": [
                # What a file holds is judged by its bytes (JPEG, PNG, WebP or PDF), which no schema
                # can state: the bytes schemathesis invents get the documented 422 attachment_type.
                # And an empty file, which werkzeug (the WSGI transport) writes without the line break
                # before the next boundary, reaches Django as no file at all: 422 file required
                # (an empty file encoded as curl does is read: tests/messaging/test_api_attachments.py).
                {
                    "include-operation-id": operation_id,
                    "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}},
                }
                for operation_id in UPLOADS
            ],
            # The network's own slug, and mostly its real spaces (a space that does not exist is a 404).
            "dictionaries": {"spaces": {"values": ["traitements", "questions"]}},
            "parameters": {"slug": slug, "body.space": {"dictionary": "spaces", "probability": 0.9}}
            if slug
            else {},
            "suppress-health-check": ["all"],
        }
    )


def _served_schema() -> dict:
    """The schema as clients get it, fetched once through the app."""
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, APP).raw_schema


SERVED = _served_schema()


def _load(config: SchemathesisConfig):
    schema = schemathesis.openapi.from_dict(copy.deepcopy(SERVED), config=config)
    schema.app = APP
    return schema


def _operation_ids(*, tag: str | None = None) -> list[str]:
    return [
        operation["operationId"]
        for item in SERVED["paths"].values()
        for operation in item.values()
        if tag is None or tag in operation.get("tags", [])
    ]


def _only(schema, operation_ids):
    # `exclude`, not `include`: schemathesis ORs every include, the config's per-operation one too.
    return schema.exclude(operation_id=[o for o in _operation_ids() if o not in operation_ids])


# A visitor reaches only the directory and the cancellation of an erasure (its emailed token is the
# proof: the account waits deactivated); everything else must be a JSON 401 (tried once each).
PUBLIC = ("list_networks", "get_network", "cancel_erasure")
VISITOR_PUBLIC = _only(_load(_config(max_examples=25, slug=None)), PUBLIC)
VISITOR_CLOSED = _load(_config(max_examples=1, slug=None, coverage=False)).exclude(operation_id=list(PUBLIC))
# Members and moderators in their own network (other networks' 404s are the access walk's job).
MEMBER = _load(_config(max_examples=6, slug="breast"))
MODERATOR = _only(_load(_config(max_examples=4, slug="breast")), _operation_ids(tag="moderation"))
# What only administrators reach (moderators and members get its 403 above): the network's watched
# words and moderation settings.
ADMIN_ONLY = (
    "list_watched_words",
    "add_watched_word",
    "remove_watched_word",
    "get_moderation_settings",
    "update_moderation_settings",
)
ADMIN = _only(_load(_config(max_examples=4, slug="breast")), ADMIN_ONLY)


@pytest.fixture(scope="module", autouse=True)
def _figures(request):
    """The requests sent per role, printed after the module (docs/api.md quotes them)."""
    started = time.process_time()
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None and sum(APP.sent.values()) > 1:
        sent = ", ".join(f"{role} {count}" for role, count in sorted(APP.sent.items()) if role != "schema")
        with capture.global_and_fixture_disabled():  # a module's teardown runs inside a test's capture
            reporter.write_line(
                f"\nschemathesis: {sent} requests; {time.process_time() - started:.1f} s of CPU for the module"
            )


@pytest.fixture(autouse=True)
def _quiet_and_unthrottled(settings):
    # Every limit lifted, the invalid-token one first: the authentication checks' probes send invalid
    # tokens, and past 20 in a minute every request answered 429 until that minute was over. The
    # chains read 429s, then real answers: a run straddling that moment got different answers to the
    # same steps (hypothesis's "inconsistent data generation"), and most chains tested only the 429.
    # tests/test_abuse_limits.py tests the limits themselves.
    unlimited = 10**9
    settings.API_RATE_LIMIT_PER_MINUTE = unlimited
    settings.INVALID_TOKENS_PER_MINUTE_PER_IP = unlimited
    settings.READ_LIMITS = {
        scope: {**limit, "account": unlimited, "ip": unlimited}
        for scope, limit in settings.READ_LIMITS.items()
    }
    settings.SCRAPING_LIMITS = {
        kind: (unlimited, seconds) for kind, (_views, seconds) in settings.SCRAPING_LIMITS.items()
    }
    settings.TRUST_LIMITS = {
        level: {name: unlimited for name in limits} for level, limits in settings.TRUST_LIMITS.items()
    }
    # One log line per request would cost more than the request itself here.
    loggers = [logging.getLogger(name) for name in ("entrepairs.requests", "django.request")]
    for logger in loggers:
        logger.disabled = True
    # As Django's test client does: a request must not close the test's connection (inside its
    # transaction, PostgreSQL's pool refuses to open another).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
    for logger in loggers:
        logger.disabled = False


@pytest.fixture
def world_group():
    return [("fuzz_objects", _objects)]


def _objects(world):
    """Real objects in `breast` for the ids in paths: [valid ids...] per path parameter."""
    network = world.breast
    network.allow_private_messages = True
    network.save(update_fields=["allow_private_messages"])
    for persona in (world.patient, world.relative, world.moderator):
        persona.network.refresh_from_db()
    question = thread_factory(world.patient, kind="question", replies=2, repliers=[world.relative])
    poll = cases_and_polls.create_poll(
        world.patient, space_of(network), title="Quel horaire ?", body="Pour la réunion.",
        options=["Matin", "Soir"], multiple=False, closes_at=None, results="voters",
    )  # fmt: skip
    direct = messaging.start_direct(world.patient, world.relative)
    group = messaging.create_group(world.patient, "Entraide", [world.relative, world.moderator])
    message, _ = messaging.send_message(world.patient, direct, body="Bonjour", client_id="fuzz-1")
    invitation, _token = networks.create_invitation(world.moderator, days=7, max_uses=1, note="")
    posts = list(question.posts.order_by("created_at").values_list("pk", flat=True))
    discussions.follow_thread(world.relative, question, muted=False)
    word = moderation.add_watched_word(world.admin, word="arnaque", action="flag")
    with_consent(world.patient)
    condition = health.add_condition(world.patient, code="C50.4")
    symptom = health.log_symptom(world.patient, symptom="fatigue", severity=2)
    now = timezone.now()
    survey = surveys.create_survey(
        world.admin, title="Enquête", questions=[{"kind": "scale", "text": "Moral ?", "scale_max": 5}],
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7),
    )  # fmt: skip
    return {
        "thread_id": [question.pk, poll.pk],
        "post_id": posts,
        "conversation_id": [direct.pk, group.pk],
        "message_id": [message.pk],
        "member_id": [world.relative.pk, world.patient.pk, world.moderator.pk],
        "request_id": [world.breast_pending.pk],
        "invitation_id": [invitation.pk],
        "word_id": [word.pk],
        "membership_id": [world.patient.pk],
        "survey_id": [survey.pk],
        "condition_id": [condition.pk],
        "log_id": [symptom.pk],
    }


def _real_ids(case, objects, known=frozenset()):
    """Positive ids point at real objects, except those in `known`; others (0, negative, huge, not
    numbers) stay."""
    for name, ids in objects.items():
        value = case.path_parameters.get(name)
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)  # the coverage phase sends path values as text
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and 1 <= value < MAX_ID
            and value not in known
        ):
            case.path_parameters[name] = ids[value % len(ids)]


def _numbers(value, into: set) -> set:
    """Every integer in a decoded JSON value."""
    if isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            _numbers(item, into)
    elif isinstance(value, int) and not isinstance(value, bool):
        into.add(value)
    return into


def _bearer(user) -> dict:
    _token, raw = create_token(user, "fuzz")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def member_headers(world):
    return _bearer(world.patient.user)


@pytest.fixture
def moderator_headers(world):
    return _bearer(world.moderator.user)


@VISITOR_PUBLIC.parametrize()
def test_visitor_reads_the_directory(case, world):
    APP.role = "visitor"
    case.call_and_validate()


@VISITOR_CLOSED.parametrize()
def test_visitor_gets_401_everywhere_else(case, world):
    APP.role = "visitor"
    response = case.call_and_validate()
    assert response.status_code in (401, 405, 422), response.text


@MEMBER.parametrize()
def test_member(case, group_objects, member_headers):
    APP.role = "member"
    _real_ids(case, group_objects[0])
    case.call_and_validate(headers=member_headers)


@MODERATOR.parametrize()
def test_moderator(case, group_objects, moderator_headers):
    APP.role = "moderator"
    _real_ids(case, group_objects[0])
    case.call_and_validate(headers=moderator_headers)


@pytest.fixture
def admin_headers(world):
    return _bearer(world.admin.user)


@ADMIN.parametrize()
def test_admin(case, group_objects, admin_headers):
    APP.role = "admin"
    _real_ids(case, group_objects[0])
    case.call_and_validate(headers=admin_headers)


# --- Stateful: chains of operations linked by what they return ---------------------------------------
# Chains carry what earlier steps returned, and ids are random (docs/decisions/0005): the same seed
# does not replay the same chain, so hypothesis cannot shrink a failure (it reports "inconsistent data
# generation" instead of the failure) and negative data drawn along a chain differs from run to run.
# The chains therefore send schema-valid data only (the operation tests above send invalid data to
# every operation, deterministically) and report a failure as found, without shrinking.
WORKFLOW_SETTINGS = settings(
    max_examples=15,
    stateful_step_count=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


def _chains(operation_ids=None):
    schema = _load(_config(max_examples=4, slug="breast", positive_only=True))
    return _only(schema, operation_ids) if operation_ids is not None else schema


def _workflow(schema, headers, objects):
    class Workflow(schema.as_state_machine()):
        def setup(self):
            # Every chain starts from the same objects: what one chain wrote (a watched word added or
            # removed...) changed the answers the next got to the same steps, so the links they
            # follow (hypothesis's "inconsistent data generation" again).
            self._before = transaction.savepoint_create()
            self._returned = set()  # every number the chain's answers held: ids a link may carry

        def teardown(self):
            transaction.savepoint_rollback(self._before)
            cache.clear()  # and the counters of the limits, as each test starts with

        def before_call(self, case):
            # Links may carry the slug of another network from the directory: the chain is meant to
            # go on in the actor's own network (others answer 404, which the access walk covers).
            if "slug" in case.path_parameters:
                case.path_parameters["slug"] = "breast"
            # An id no earlier answer held (a chain's first step, or a parameter no link fills) is
            # one schemathesis invented: it points at a real object, so that the chain reaches the
            # handler instead of its 404. An id a link carried from an answer is left as it came.
            _real_ids(case, objects, known=self._returned)

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def after_call(self, response, case):
            # Limits are lifted for these tests (_quiet_and_unthrottled): a 429 here is a limit the
            # chain should not have met, and answers that change with the clock.
            assert response.status_code != 429, f"{case.operation.label}: {response.text}"
            if response.headers.get("Content-Type", "").startswith("application/json") and response.content:
                _numbers(response.json(), self._returned)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # The token is ours, not generated: the authentication checks must know it.
            case.validate_response(
                response, additional_checks=additional_checks, headers=headers, transport_kwargs=kwargs
            )

    return Workflow


def test_member_workflows(world, group_objects, member_headers):
    """Links schemathesis infers from the schema: start a thread then read it, reply, react, follow;
    open a conversation then send, edit, delete, read; block then unblock..."""
    APP.role = "member"
    objects = group_objects[0]
    _workflow(_chains(), member_headers, objects).run(settings=WORKFLOW_SETTINGS)


def test_moderator_workflows(world, group_objects, moderator_headers):
    """Create an invitation then list and revoke it; list requests then approve or refuse..."""
    APP.role = "moderator"
    objects = group_objects[0]
    _workflow(_chains(_operation_ids(tag="moderation")), moderator_headers, objects).run(
        settings=WORKFLOW_SETTINGS
    )


def test_admin_workflows(world, group_objects, admin_headers):
    """Add a watched word then list and remove it; read the settings then change them."""
    APP.role = "admin"
    objects = group_objects[0]
    _workflow(_chains(ADMIN_ONLY), admin_headers, objects).run(settings=WORKFLOW_SETTINGS)
