"""PostgreSQL statements prepared on their connection (settings.DB_PREPARE_THRESHOLD): a statement
run often is parsed and planned once per connection, not at every run; search always plans for its
own words."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from entrepairs.discussions import search
from entrepairs.networks.models import Network

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's prepared statements"
)
preparing = pytest.mark.skipif(
    "prepare_threshold" not in connection.settings_dict.get("OPTIONS", {}),
    reason="DB_PREPARE_THRESHOLD is 0",
)


def _options(database_url: str, threshold: str | None) -> dict:
    """The database OPTIONS the settings build, read in a fresh process (the settings do not connect)."""
    env = {key: value for key, value in os.environ.items() if key != "DB_PREPARE_THRESHOLD"}
    env["DATABASE_URL"] = database_url
    if threshold is not None:
        env["DB_PREPARE_THRESHOLD"] = threshold
    code = "import json, entrepairs.settings as s; print(json.dumps(s.DATABASES['default'].get('OPTIONS', {}), default=str))"
    found = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(found.stdout)


def test_postgresql_prepares_after_five_runs_by_default_and_zero_turns_it_off():
    url = "postgres://postgres@127.0.0.1:5432/entrepairs"
    default = _options(url, None)
    assert default["server_side_binding"] is True and default["prepare_threshold"] == 5
    assert _options(url, "2")["prepare_threshold"] == 2
    off = _options(url, "0")
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    assert "prepare_threshold" not in _options("sqlite:///:memory:", None)


def _prepared_count(fragment: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"]
        )
        return cursor.fetchone()[0]


@postgresql_only
@preparing
def test_a_statement_run_often_is_prepared_on_its_connection():
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    slug = "prepared-statements-probe"
    for run in range(threshold + 1):
        assert Network.objects.filter(slug=slug).first() is None
        if run < threshold - 1:
            assert _prepared_count('"networks_network"."slug" = $1') == 0
    assert _prepared_count('"networks_network"."slug" = $1') == 1


@postgresql_only
def test_a_search_statement_is_planned_for_its_own_words():
    """A plan prepared for one search's words and network may be a bad one for the next: search
    statements are planned every time (they run under plan_cache_mode = force_custom_plan)."""
    rows = search.run_bounded(
        "SELECT current_setting('plan_cache_mode'), current_setting('statement_timeout')", []
    )
    assert rows[0][0] == "force_custom_plan"  # set_config(..., true): for that transaction only
