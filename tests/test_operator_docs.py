"""The operator documentation stays true to the code: every environment variable the project reads
is in the settings table of docs/operator-guide.md (and every row names a variable still read), the
example environment file uses only documented variables, and every relative link of the docs
reaches an existing file and heading."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "operator-guide.md"
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list", "env_secret"}
# Read by the process but set for it, not by the operator.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def variables_read() -> tuple[set[str], set[str]]:
    """(every variable the code under entrepairs/ reads, those read as secrets that also take NAME_FILE)."""
    names, secrets = set(), set()
    for path in (ROOT / "entrepairs").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            function = node.func
            if isinstance(function, ast.Name) and function.id in ENV_HELPERS:
                names.add(first.value)
                if function.id == "env_secret":
                    secrets.add(first.value)
            elif (  # os.environ.get("X"), os.getenv("X")
                isinstance(function, ast.Attribute)
                and function.attr in {"get", "getenv"}
                and ast.unparse(function.value) in {"os.environ", "os"}
            ):
                names.add(first.value)
        for match in re.finditer(r"os\.environ\[\"([A-Z0-9_]+)\"\]", path.read_text()):
            names.add(match.group(1))
    return names - NOT_SETTINGS, secrets


def settings_table() -> dict[str, str]:
    """{variable: its row} of the table under "## Settings (environment variables)"."""
    text = GUIDE.read_text()
    section = text.split("## Settings (environment variables)", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell):
                rows[name] = line
    return rows


def test_every_variable_the_code_reads_is_in_the_settings_table():
    names, secrets = variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "METRICS_TOKEN", "AWS_STORAGE_BUCKET_NAME", "DEMO_MODE"} <= names
    table = settings_table()
    missing = sorted(names - set(table))
    assert not missing, f"add rows to the settings table of docs/operator-guide.md for {missing}"
    for name in secrets:  # a secret can also be read from a file: the row says so
        assert "_FILE" in table[name], f"the row of {name} should mention {name}_FILE"


def test_every_row_of_the_settings_table_is_still_read():
    names, secrets = variables_read()
    files = {f"{name}_FILE" for name in secrets}
    stale = sorted(set(settings_table()) - names - files)
    assert not stale, f"the settings table documents variables nothing reads: {stale}"


def test_the_example_environment_file_uses_documented_variables_only():
    table = settings_table()
    names, secrets = variables_read()
    for line in (ROOT / "deploy" / "entrepairs.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name = line.split("=", 1)[0]
            base = name.removesuffix("_FILE") if name.endswith("_FILE") else name
            assert base in table, f"{name} in deploy/entrepairs.env.example is not documented"
            if name != base:
                assert base in secrets, f"{base} is not read with env_secret: {name} would be ignored"


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {anchor(line.lstrip("#")) for line in path.read_text().splitlines() if line.startswith("#")}


DOCS = sorted([*ROOT.glob("docs/**/*.md"), ROOT / "README.md"])


@pytest.mark.parametrize("document", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_relative_links_reach_a_file_and_a_heading(document):
    for target in re.findall(r"\]\(([^)\s]+)\)", document.read_text()):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        file_part, _, fragment = target.partition("#")
        linked = (document.parent / file_part).resolve() if file_part else document
        assert linked.exists(), f"{document.name} links to {target}: no such file"
        if fragment and linked.suffix == ".md":
            assert fragment in anchors(linked), f"{document.name} links to {target}: no such heading"


def test_the_deploy_files_the_guide_names_exist():
    text = "".join(path.read_text() for path in ROOT.glob("docs/operator/*.md")) + GUIDE.read_text()
    for named in set(re.findall(r"deploy/[\w./-]+\w", text)):
        if "*" in named:
            continue
        assert (ROOT / named).exists() or list(ROOT.glob(named + "*")), f"{named} is named in the docs"
