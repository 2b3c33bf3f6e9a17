"""Benchmark of `import_annuaire` on SQLite and, when DATABASE_URL names one, PostgreSQL.

    python -m bench.annuaire --rows 2000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entrepairs_bench python -m bench.annuaire --rows 2000000

Generates a synthetic extraction of N rows (cached in /tmp), migrates a fresh database (a temporary
SQLite file; the PostgreSQL database named by DATABASE_URL is dropped and created again: use a
database of its own), then runs the real management command twice, as an operator would: a first
import into empty tables, then a re-import of the same file (every row an upsert). Prints rows/s,
elapsed time and the import process's peak resident memory.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from bench.annuaire_generate import generate

ROOT = Path(__file__).resolve().parent.parent


def data_file(rows: int, seed: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"annuaire-bench-{rows}-seed{seed}.txt"
    if not path.exists():
        started = time.monotonic()
        partial = path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8", newline="") as stream:
            generate(stream, rows, seed=seed)
        partial.rename(path)
        print(f"generated {path} ({path.stat().st_size / 1e6:,.0f} MB) in {time.monotonic() - started:.1f}s")
    return path


def run_measured(command: list[str], env: dict) -> tuple[float, float, str]:
    """(elapsed seconds, peak RSS in MB, stdout) of one child process."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read().decode()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return elapsed, usage.ru_maxrss / 1024, output  # ru_maxrss is in KiB on Linux


def recreate_postgres_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def bench(label: str, database_url: str, path: Path, rows: int, batch_size: int) -> list[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    lines = []
    for phase in ("first import", "re-import"):
        command = [
            python,
            "manage.py",
            "import_annuaire",
            str(path),
            "--batch-size",
            str(batch_size),
            "--no-progress",
        ]
        elapsed, peak_mb, output = run_measured(command, env)
        summary = output.splitlines()[0] if output else ""
        line = (
            f"{label:10} {phase:12} {rows:>10,} rows  {elapsed:7.1f} s  {rows / elapsed:>9,.0f} rows/s  "
            f"peak RSS {peak_mb:6.0f} MB"
        )
        print(line)
        print(f"           {summary}")
        lines.append(line)
    return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args(argv)

    path = data_file(args.rows, args.seed)
    results = []
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{directory}/bench.sqlite3"
            results += bench("SQLite", url, path, args.rows, args.batch_size)
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        recreate_postgres_database(database_url)
        results += bench("PostgreSQL", database_url, path, args.rows, args.batch_size)
    print("\n".join(["", *results]))


if __name__ == "__main__":
    main()
