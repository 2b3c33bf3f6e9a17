"""deploy/backup.sh and deploy/restore.sh, as the operator guide tells operators to run them
(docs/operator/backups.md): a scratch PostgreSQL database with a row and a media folder with a file
are backed up, the database is restored into another scratch database and the media into an empty
folder, and both come back as they were."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BACKUP_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
ROW = "Compte-rendu synthétique n°1 — ü"

pytestmark = pytest.mark.skipif(
    shutil.which("pg_dump") is None
    or subprocess.run(["pg_isready", "-q", "-d", f"{SERVER}/postgres"], check=False).returncode != 0,
    reason="needs pg_dump and a PostgreSQL server on 127.0.0.1",
)


def psql(database: str, sql: str) -> str:
    done = subprocess.run(
        ["psql", "-qAt", "-v", "ON_ERROR_STOP=1", "-d", f"{SERVER}/{database}", "-c", sql],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout.strip()


@pytest.fixture
def scratch_databases():
    names = [f"entrepairs_backup_test_{uuid.uuid4().hex[:12]}_{side}" for side in ("source", "restored")]
    for name in names:
        psql("postgres", f'CREATE DATABASE "{name}"')
    yield names
    for name in names:
        psql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script: str, *args: str, **env: str) -> str:
    done = subprocess.run(
        [str(ROOT / "deploy" / script), *args], env={**os.environ, **env},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_backup_restores_the_database_and_the_media(scratch_databases, tmp_path):
    source, restored = scratch_databases
    psql(source, "CREATE TABLE post (id bigserial PRIMARY KEY, body text NOT NULL)")
    psql(source, f"INSERT INTO post (body) VALUES ('{ROW}')")  # noqa: S608 - a constant of this test
    media = tmp_path / "media"
    (media / "attachments" / "2026").mkdir(parents=True)
    (media / "attachments" / "2026" / "cr.pdf").write_bytes(b"%PDF-1.4 synthetic")

    folder = run(
        "backup.sh",
        DATABASE_URL=f"{SERVER}/{source}", MEDIA_ROOT=str(media), BACKUP_DIR=str(tmp_path / "backups"),
    )  # fmt: skip
    assert {path.name for path in Path(folder).iterdir()} == {"database.dump", "media.tar.gz"}
    assert oct(Path(folder, "database.dump").stat().st_mode & 0o777) == "0o600"  # health data

    # After the backup the source changes: the restore brings back the backup's state, not this.
    psql(source, "DELETE FROM post")
    restored_media = tmp_path / "restored-media"
    run("restore.sh", folder, DATABASE_URL=f"{SERVER}/{restored}", MEDIA_ROOT=str(restored_media))
    assert psql(restored, "SELECT id, body FROM post") == f"1|{ROW}"
    assert (restored_media / "attachments" / "2026" / "cr.pdf").read_bytes() == b"%PDF-1.4 synthetic"

    # Restoring over a database that already has the tables replaces them (a second restore).
    psql(restored, "INSERT INTO post (body) VALUES ('written after the restore')")
    run("restore.sh", folder, DATABASE_URL=f"{SERVER}/{restored}", MEDIA_ROOT=str(restored_media))
    assert psql(restored, "SELECT count(*) FROM post") == "1"


def test_restore_refuses_a_folder_without_a_dump(tmp_path):
    done = subprocess.run(
        [str(ROOT / "deploy" / "restore.sh"), str(tmp_path)],
        env={**os.environ, "DATABASE_URL": f"{SERVER}/postgres"}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0 and "no database.dump" in done.stderr
