"""The import contracts of docs/architecture.md ([tool.importlinter] in pyproject.toml, run by
`make lint`) hold, and a new import that breaks one of them fails the lint.

The violations are written into a copy of the package, never into the working tree."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (module, the import added to it, the contract that must then break)
VIOLATIONS = [
    ("networks/access.py", "from entrepairs.discussions import queries", "nothing below imports a feature"),
    ("discussions/services.py", "from entrepairs.messaging import queries", "never each other"),
    ("networks/services.py", "from entrepairs.web import header", "never imports the page frame"),
    ("messaging/services.py", "from entrepairs.api import api", "never import the API package"),
    ("privacy/names.py", "from django.db import models", "nor Django"),
    ("privacy/labels.py", "from entrepairs.networks import access", "verdicts and labels"),
    (
        "rights/registry.py",
        "from entrepairs.moderation import models",
        "reach moderation through their registry",
    ),
]


def lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own virtualenv's lint-imports, fixed arguments
        [LINT_IMPORTS, "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=source_root,
        env={**os.environ, "PYTHONPATH": str(source_root)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def package_copy(tmp_path):
    shutil.copytree(
        ROOT / "entrepairs",
        tmp_path / "entrepairs",
        ignore=shutil.ignore_patterns("static", "templates", "__pycache__"),
    )
    return tmp_path


def test_a_new_import_that_breaks_a_contract_fails_the_lint(package_copy):
    for module, line, _contract in VIOLATIONS:
        path = package_copy / "entrepairs" / module
        path.write_text(path.read_text() + f"\n{line}  # the violation under test\n")
    result = lint_imports(package_copy)
    assert result.returncode != 0
    output = " ".join(result.stdout.split())  # contract names are wrapped over lines
    summary = output[: output.index("Contracts: ")]
    for _module, _line, contract in VIOLATIONS:
        assert any(contract in verdict for verdict in summary.split(" BROKEN")[:-1]), (
            f"no broken contract mentions {contract!r}:\n{result.stdout}"
        )
    assert "Contracts: 0 kept, 6 broken." in output, result.stdout
