"""Entrepairs and Misago 0.39.6 side by side on the same threads and posts (issue 18's table).

    python -m bench.misago_compare                      # 10,000 threads / 200,000 posts
    python -m bench.misago_compare --posts 20000        # a smaller run
    MISAGO_BENCH_DIR=/var/cache/misago-bench python -m bench.misago_compare

What it does, all outside the repository (in MISAGO_BENCH_DIR, default /tmp/entrepairs-misago-bench;
kept between runs, so the install and the data are made once; Misago's code is never copied into
this repository):
1. a Python 3.11 virtual environment (Misago 0.39 needs it) with `misago==0.39.6` and uvicorn from
   PyPI; its wheel ships the built frontend, so no node/npm;
2. a PostgreSQL cluster of its own (initdb, 127.0.0.1:5499): the CPU of its backends is read from
   /proc, and that of backends that already exited from the postmaster's children counters, which
   only works if nothing else uses that cluster (Misago opens a connection per request);
3. Entrepairs' database filled by bench.generate (one network, so that a member sees every thread,
   as in Misago's one category) plus one thread of 50 replies, then the same threads and posts
   copied into Misago's tables (a project of a few settings written here; users, the default
   category, search documents and vectors, checksums, counters);
4. each server alone, `uvicorn <asgi> --workers 1`, DEBUG off, a signed-in member, and for each page
   (thread list page 1, 500 threads deep, the thread of 50 replies, search for a common word), after
   VACUUM ANALYZE of both databases and with autovacuum at rest: warm-
   up requests, then rounds of sequential requests (Misago's search: the API call its search page
   makes, which does the searching; the page itself is an empty shell); server CPU per request = (uvicorn process +
   PostgreSQL) CPU over the round / requests. The median of the rounds is printed, with the ratio.

The machine may be shared: the figures are CPU time, not wall time, but a busy machine still
inflates them (caches, frequency); the load average is printed."""

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from glob import glob
from pathlib import Path

from bench import machine

BASE_DIR = Path(__file__).resolve().parent.parent
MISAGO = "misago==0.39.6"
PORT = 5499
SEARCH_WORD = "fatigue"

MISAGO_SETTINGS = '''\
"""Settings of the Misago side of Entrepairs' bench (written by bench/misago_compare.py)."""
import os

from misago.settings import *  # noqa: F403 - Misago's defaults (INSTALLED_APPS, context processors)

SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["MISAGO_DB_NAME"],
                         "USER": "postgres", "HOST": "127.0.0.1", "PORT": os.environ["MISAGO_DB_PORT"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # synthetic accounts only
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
BASE = os.path.dirname(os.path.abspath(__file__))
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STATIC_ROOT = os.path.join(BASE, "static")
MEDIA_ROOT = os.path.join(BASE, "media")
AUTH_USER_MODEL = "misago_users.User"
AUTHENTICATION_BACKENDS = ["misago.users.authbackends.MisagoBackend"]
CSRF_FAILURE_VIEW = "misago.core.errorpages.csrf_failure"
INSTALLED_PLUGINS = []
LOGIN_REDIRECT_URL = "misago:index"
LOGIN_URL = "misago:login"
LOGOUT_URL = "misago:logout"
MIDDLEWARE = [
    "misago.users.middleware.RealIPMiddleware",
    "misago.core.middleware.FrontendContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "misago.cache.middleware.cache_versions_middleware",
    "misago.conf.middleware.dynamic_settings_middleware",
    "misago.socialauth.middleware.socialauth_providers_middleware",
    "misago.users.middleware.UserMiddleware",
    "misago.acl.middleware.user_acl_middleware",
    "misago.core.middleware.ExceptionHandlerMiddleware",
    "misago.users.middleware.OnlineTrackerMiddleware",
    "misago.admin.middleware.AdminAuthMiddleware",
    "misago.threads.middleware.UnreadThreadsCountMiddleware",
]
ROOT_URLCONF = "misagobench.urls"
SOCIAL_AUTH_STRATEGY = "misago.socialauth.strategy.MisagoStrategy"
SOCIAL_AUTH_JSONFIELD_ENABLED = True
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
              "OPTIONS": {"context_processors": TEMPLATE_CONTEXT_PROCESSORS}}]  # noqa: F405
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["misago.core.rest_permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "misago.core.exceptionhandler.handle_api_exception",
    "UNAUTHENTICATED_USER": "misago.users.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,
}
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
MISAGO_SEARCH_CONFIG = "simple"
MISAGO_AVATARS_SIZES = [400, 200, 100]
MISAGO_USER_DATA_DOWNLOADS_WORKING_DIR = os.path.join(BASE, "userdata")
MISAGO_AVATAR_GALLERY = os.path.join(BASE, "avatargallery")
MISAGO_PROFILE_FIELDS = []
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
'''

MISAGO_URLS = """\
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("misago.urls", namespace="misago")),
    path("django-i18n.js", JavaScriptCatalog.as_view(packages=["misago"]), name="django-i18n"),
]
"""

MISAGO_ASGI = """\
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misagobench.settings")
application = get_asgi_application()
"""

# Run with Misago's Python: the threads and posts exported from Entrepairs into Misago's tables.
MISAGO_LOADER = '''\
import json, os, sys
import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misagobench.settings")
django.setup()
from datetime import datetime
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.text import slugify

from misago.categories.models import Category
from misago.threads.models import Post, Thread
from misago.users.models import User

dump = sys.argv[1]
call_command("migrate", verbosity=0)
if not Thread.objects.exists():
    data = json.load(open(dump))
    category = Category.objects.all_categories().order_by("lft").first()
    users = {}
    for index, name in enumerate(data["members"]):
        username = "m" + str(index)
        users[name] = User.objects.create_user(username, f"{username}@example.test", "bench-password-1")
    moment = datetime.fromisoformat
    with transaction.atomic():
        threads = Thread.objects.bulk_create(
            Thread(category=category, title=t["title"], slug=slugify(t["title"])[:255] or "thread",
                   replies=t["replies"], started_on=moment(t["created"]), last_post_on=moment(t["last"]),
                   starter=users[t["author"]], starter_name=users[t["author"]].username,
                   starter_slug=users[t["author"]].slug, last_poster=users[t["author"]],
                   last_poster_name=users[t["author"]].username, last_poster_slug=users[t["author"]].slug)
            for t in data["threads"]
        )
        by_source = {t["id"]: thread for t, thread in zip(data["threads"], threads)}
        batch = []
        for p in data["posts"]:
            poster = users[p["author"]]
            batch.append(Post(category=category, thread=by_source[p["thread"]], poster=poster,
                              poster_name=poster.username, original=p["body"], parsed=p["html"],
                              posted_on=moment(p["created"]), updated_on=moment(p["created"]),
                              search_document=p["body"]))
            if len(batch) == 5000:
                Post.objects.bulk_create(batch)
                batch = []
        Post.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("""UPDATE misago_threads_thread t SET first_post_id = p.first, last_post_id = p.last
                FROM (SELECT thread_id, min(id) AS first, max(id) AS last FROM misago_threads_post GROUP BY thread_id) p
                WHERE p.thread_id = t.id""")
            cursor.execute("""UPDATE misago_threads_post SET
                search_vector = to_tsvector('simple', search_document),
                checksum = encode(sha256(convert_to(parsed || '+' || id::text || '+'
                    || to_char(posted_on AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'UTF8')), 'hex')""")
        category.synchronize()
        category.save()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
# Misago's sign-up sets avatars (generated images); create_user leaves none and pages would fail.
User.objects.filter(avatars__isnull=True).update(
    avatars=[{"size": size, "url": "/static/misago/img/blank-avatar.png"} for size in (400, 200, 100)]
)
user = User.objects.order_by("pk").first()
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "misago.users.authbackends.MisagoBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
thread = Thread.objects.order_by("-replies", "pk").first()
deep = Thread.objects.order_by("-last_post_id").values_list("last_post_id", flat=True)[500]
print(json.dumps({"session": session.session_key, "thread": f"/t/{thread.slug}/{thread.pk}/",
                  "replies": thread.replies, "deep": deep, "posts": Post.objects.count(),
                  "threads": Thread.objects.count()}))
'''


def python311() -> str:
    candidates = sorted(glob("/root/.pyenv/versions/3.11*/bin/python3.11")) + [
        shutil.which("python3.11") or ""
    ]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("Misago 0.39 needs Python 3.11: none found (pyenv install 3.11, or apt install python3.11)")


def install(cache: Path) -> Path:
    venv = cache / "venv"
    python = venv / "bin" / "python"
    if not (venv / ".installed").exists():
        print(f"installing {MISAGO} into {venv}", flush=True)
        subprocess.run([python311(), "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", MISAGO, "uvicorn"], check=True)
        (venv / ".installed").touch()
    project = cache / "project" / "misagobench"
    project.mkdir(parents=True, exist_ok=True)
    for name, text in {"__init__.py": "", "settings.py": MISAGO_SETTINGS, "urls.py": MISAGO_URLS,
                       "asgi.py": MISAGO_ASGI}.items():  # fmt: skip
        (project / name).write_text(text)
    (cache / "project" / "load_misago.py").write_text(MISAGO_LOADER)
    return python


# ---------- a PostgreSQL cluster of our own ----------


def _as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, stdout=subprocess.DEVNULL)


def _pg_bin() -> Path:
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        sys.exit("PostgreSQL's initdb not found (/usr/lib/postgresql/<version>/bin)")
    return Path(found[-1]).parent


@contextlib.contextmanager
def private_cluster(cache: Path):
    data = cache / "pgdata"
    binaries = _pg_bin()
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        shutil.chown(data, "postgres", "postgres")
        _as_postgres(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    log = cache / "postgres.log"
    log.touch()
    shutil.chown(log, "postgres", "postgres")
    options = f"-p {PORT} -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_connections=60"
    _as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    try:
        yield int((data / "postmaster.pid").read_text().split()[0])
    finally:
        _as_postgres(str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")


def _cpu(pid: int, *, children: bool = False) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text()
    fields = fields[fields.rindex(")") + 2 :].split()
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])  # children that exited and were waited for
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def cpu_snapshot(server_pid: int, postmaster: int) -> tuple[float, float]:
    """(uvicorn, PostgreSQL) CPU seconds so far: the server process and its threads; the cluster's
    postmaster, its live children and those that exited."""
    database = _cpu(postmaster, children=True)
    for child in _children(postmaster):
        with contextlib.suppress(FileNotFoundError):
            database += _cpu(child)
    return _cpu(server_pid, children=True), database


# ---------- data ----------


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"postgres://postgres@127.0.0.1:{PORT}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def fill_entrepairs(posts: int) -> dict:
    """The Entrepairs side: generated threads and posts in one network, plus a thread of 50 replies;
    returns the URLs to measure and the export for Misago."""
    from django.core.management import call_command
    from django.utils import timezone

    from bench.generate import generate, sentence
    from entrepairs.discussions.models import Post, Thread
    from entrepairs.networks.models import Membership
    from entrepairs.web.pagination import encode_cursor

    call_command("migrate", verbosity=0)
    if not Post.objects.exists():
        started = time.perf_counter()
        generate(posts - 51, networks=1, members_per_network=200, seed=3)
        member = Membership.objects.filter(network__slug="bench-0").order_by("pk").first()
        import random

        rng = random.Random(5)
        now = timezone.now()
        thread = Thread.objects.create(network=member.network, space=member.network.spaces.first(), author=member,
                                       title="Un fil de cinquante réponses", created_at=now, last_activity_at=now,
                                       reply_count=50)  # fmt: skip
        Post.objects.bulk_create(
            Post(network=member.network, thread=thread, author=member, body=(body := sentence(rng, 30)),
                 body_html=f"<p>{body}</p>", is_first=n == 0, created_at=now + timezone.timedelta(seconds=n))
            for n in range(51)
        )  # fmt: skip
        from bench.generate import analyse

        analyse()
        print(f"Entrepairs: generated in {time.perf_counter() - started:.0f} s", flush=True)
    member = Membership.objects.filter(network__slug="bench-0").order_by("pk").first()
    threads = Thread.objects.filter(network=member.network).order_by("-last_activity_at", "-id")
    deep = threads[499]
    longest = Thread.objects.filter(network=member.network).order_by("-reply_count", "pk").first()
    export = {
        "members": list(Membership.objects.filter(network=member.network).values_list("pk", flat=True)),
        "threads": [
            {
                "id": t.pk,
                "title": t.title,
                "replies": t.reply_count,
                "created": t.created_at.isoformat(),
                "last": t.last_activity_at.isoformat(),
                "author": t.author_id,
            }
            for t in Thread.objects.filter(network=member.network).order_by("last_activity_at", "pk")
        ],  # fmt: skip
        "posts": [
            {
                "thread": thread_id,
                "author": author_id,
                "body": body,
                "html": html,
                "created": created.isoformat(),
            }
            for thread_id, author_id, body, html, created in Post.objects.filter(network=member.network)
            .order_by("thread_id", "created_at", "pk")
            .values_list("thread_id", "author_id", "body", "body_html", "created_at")
            .iterator(chunk_size=5000)
        ],  # fmt: skip
    }
    slug = member.network.slug
    cursor = encode_cursor(deep.last_activity_at.isoformat(), deep.pk)
    urls = {
        "thread list, page 1": f"/n/{slug}/d/",
        "thread list, 500 threads deep": f"/n/{slug}/d/?before={cursor}",
        f"thread of {longest.reply_count} replies": f"/n/{slug}/t/{longest.pk}/",
        "search for a common word": f"/n/{slug}/search/?q={SEARCH_WORD}",
    }
    return {"member": member, "urls": urls, "export": export, "posts": Post.objects.count(),
            "threads": Thread.objects.count()}  # fmt: skip


# ---------- measuring ----------


def quiesce(databases: list[str]) -> None:
    """VACUUM ANALYZE both databases, then wait for autovacuum to rest: after a bulk load it would
    otherwise vacuum the new rows while the first server is measured, and be counted as its CPU."""
    import psycopg

    for name in databases:
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{PORT}/{name}", autocommit=True) as connection:
            connection.execute("VACUUM (ANALYZE)")
    with psycopg.connect(f"postgres://postgres@127.0.0.1:{PORT}/postgres", autocommit=True) as admin:
        deadline = time.monotonic() + 300
        query = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
        while admin.execute(query).fetchone()[0] and time.monotonic() < deadline:
            time.sleep(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(python: str, app: str, cwd: Path, env: dict):
    port = _free_port()
    process = subprocess.Popen(
        [python, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--log-level", "warning", "--no-access-log"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=open(cwd / "server.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{app} did not start, see {cwd / 'server.log'}") from None
                time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def measure(
    port: int, pid: int, postmaster: int, cookies: dict, urls: dict, *, requests: int, rounds: int
) -> dict:
    import httpx

    results = {}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", cookies=cookies, timeout=120) as client:
        for name, url in urls.items():
            for _ in range(3):  # warm: compiled templates, caches, the pool's connections
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
            per_round, walls = [], []
            for _ in range(rounds):
                app_before, db_before = cpu_snapshot(pid, postmaster)
                started = time.perf_counter()
                for _ in range(requests):
                    response = client.get(url)
                    if response.status_code != 200:
                        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:300]}")
                walls.append(1000 * (time.perf_counter() - started) / requests)
                app_after, db_after = cpu_snapshot(pid, postmaster)
                per_round.append(
                    (1000 * (app_after - app_before) / requests, 1000 * (db_after - db_before) / requests)
                )
            app = statistics.median(r[0] for r in per_round)
            database = statistics.median(r[1] for r in per_round)
            total = statistics.median(r[0] + r[1] for r in per_round)
            results[name] = {"app_ms": app, "db_ms": database, "total_ms": total,
                             "wall_ms": statistics.median(walls), "url": url}  # fmt: skip
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=200_000, help="posts (threads: about one per 20 posts)")
    parser.add_argument("--requests", type=int, default=20, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cache = Path(
        os.environ.get("MISAGO_BENCH_DIR") or Path(tempfile.gettempdir()) / "entrepairs-misago-bench"
    )
    cache.mkdir(parents=True, exist_ok=True)
    suffix = f"{args.posts}"
    misago_python = install(cache)
    with private_cluster(cache) as postmaster:
        entrepairs_db, misago_db = f"entrepairs_{suffix}", f"misago_{suffix}"
        for name in (entrepairs_db, misago_db):
            create_database(name)
        entrepairs_url = f"postgres://postgres@127.0.0.1:{PORT}/{entrepairs_db}"
        os.environ["DATABASE_URL"] = entrepairs_url
        os.environ.pop("REDIS_URL", None)
        from bench.generate import NO_ABUSE_LIMITS, setup_django

        setup_django()
        side = fill_entrepairs(args.posts)
        dump = cache / f"export-{suffix}.json"
        dump.write_text(json.dumps(side["export"]))
        misago_env = dict(
            os.environ, MISAGO_DB_NAME=misago_db, MISAGO_DB_PORT=str(PORT), PYTHONPATH=str(cache / "project")
        )
        misago_env.pop("DJANGO_SETTINGS_MODULE", None)
        started = time.perf_counter()
        loaded = subprocess.run([str(misago_python), str(cache / "project" / "load_misago.py"), str(dump)],
                                cwd=cache / "project", env=misago_env, check=True, capture_output=True, text=True)  # fmt: skip
        misago = json.loads(loaded.stdout.strip().splitlines()[-1])
        print(f"Misago: loaded in {time.perf_counter() - started:.0f} s", flush=True)

        quiesce([entrepairs_db, misago_db])
        from django.db import connections

        from bench.sessions import sign_in

        key = sign_in([side["member"].user])[0]
        connections.close_all()
        from django.conf import settings

        print(f"misago_compare, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {platform.node()}, "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; Entrepairs {side['threads']} threads / "
              f"{side['posts']} posts, Misago {misago['threads']} threads / {misago['posts']} posts; "
              f"{machine.describe()}", flush=True)  # fmt: skip
        entrepairs_env = dict(os.environ, DATABASE_URL=entrepairs_url, DEBUG="false", ALLOWED_HOSTS="127.0.0.1",
                              REQUIRE_MFA_FOR_ROLES="false", PYTHONWARNINGS="ignore:No directory at",
                              **NO_ABUSE_LIMITS)  # fmt: skip
        entrepairs_env.pop("REDIS_URL", None)
        with serve(sys.executable, "entrepairs.asgi:application", BASE_DIR, entrepairs_env) as (port, pid):
            ours = measure(port, pid, postmaster, {settings.SESSION_COOKIE_NAME: key}, side["urls"],
                           requests=args.requests, rounds=args.rounds)  # fmt: skip
        misago_urls = dict(zip(side["urls"], [
            # Misago's search page is a shell whose script asks this API for the results.
            "/", f"/?start={misago['deep']}", misago["thread"], f"/api/search/threads/?q={SEARCH_WORD}"
        ], strict=True))  # fmt: skip
        with serve(str(misago_python), "misagobench.asgi:application", cache / "project", misago_env) as (
            port,
            pid,
        ):
            theirs = measure(port, pid, postmaster, {"sessionid": misago["session"]}, misago_urls,
                             requests=args.requests, rounds=args.rounds)  # fmt: skip
    if args.json:
        print(json.dumps({"entrepairs": ours, "misago": theirs}))
    print("\nserver CPU per request, ms (application + PostgreSQL), median of "
          f"{args.rounds} rounds of {args.requests} requests")  # fmt: skip
    print("| page | Entrepairs | Misago | ratio |\n|---|---|---|---|")
    for name in side["urls"]:
        a, b = ours[name], theirs[name]
        ratio = b["total_ms"] / a["total_ms"] if a["total_ms"] else float("inf")
        verdict = f"{ratio:.1f}× better" if ratio >= 1 else f"{1 / ratio:.1f}× worse"
        print(f"| {name} | {a['total_ms']:.1f} ({a['app_ms']:.1f} + {a['db_ms']:.1f}) | "
              f"{b['total_ms']:.1f} ({b['app_ms']:.1f} + {b['db_ms']:.1f}) | {verdict} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
