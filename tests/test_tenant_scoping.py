"""Tenant scoping, enforced by a test: network-owned models are queried only in the modules allowed
to (the access layer, queries.py, services.py, migrations, admin, commands), never in views or API
handlers, so that no page can forget the membership check."""

import ast
from pathlib import Path

from django.apps import apps

from entrepairs.networks.models import Network

ROOT = Path(__file__).resolve().parent.parent / "entrepairs"
# lifecycle.py: networks' service for how memberships end (the services of one concept, split out).
ALLOWED_NAMES = {
    "access.py", "queries.py", "services.py", "lifecycle.py", "admin.py", "demo.py", "context_processors.py",
}  # fmt: skip
ALLOWED_DIRS = {"migrations", "management", "actions"}


def network_owned_models() -> set[str]:
    names = {"Network"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is Network and field.many_to_one:
                names.add(model.__name__)
    return names


def offending_calls(path: Path, owned: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager"}
        and isinstance(node.value, ast.Name)
        and node.value.id in owned
    ]


def test_network_owned_models_are_known():
    owned = network_owned_models()
    assert {"Membership", "Invitation", "ConsentRecord"} <= owned


def test_network_owned_models_are_queried_only_through_the_access_layer():
    owned = network_owned_models()
    offenders = []
    for path in ROOT.rglob("*.py"):
        if path.name in ALLOWED_NAMES or ALLOWED_DIRS & set(path.relative_to(ROOT).parts):
            continue
        offenders += offending_calls(path, owned)
    assert offenders == [], (
        "query these through entrepairs/networks/access.py or a queries.py:\n" + "\n".join(offenders)
    )
