"""Server time of the community insights and of the pages that aggregate health data, at scale.

    python -m bench.insights --members 10000            # SQLite file (default), generates once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench REDIS_URL=redis://127.0.0.1:6379/2 \
        python -m bench.insights --members 10000            # PostgreSQL (the database must exist)

The database is migrated first, and ANALYZEd after generating (a planner without statistics may
read a network's whole table instead of the population's rows).

Generates (once, idempotent by the network's address) a patient network `bench-health-<members>` of
synthetic members: each has a health profile (1–2 conditions among eight ICD-10 categories, 1–3
treatments with side effects, about 20 symptom logs over the last 90 days), most of them shared with
the network; and a closed survey of four questions answered by every member.
Then requests each page through Django's full stack in-process (middleware, templates, ORM; DEBUG
off), signed in as a member, and prints per page the median over runs of the wall time per request
(server time: the application and the database together, as the user waits for it) and the number
of queries per request, which must not grow with the number of members: "warm" reads the insights
from the shared cache (health/queries.py keeps them INSIGHTS_SECONDS), "cold" computes them ("best":
the fastest run's median, nearest to a quiet machine). The load average is printed before and after.
Cold empties the whole cache, the Redis database of REDIS_URL included: give the bench its own."""

import argparse
import datetime
import logging
import os
import random
import statistics
import time

from bench.generate import setup_django

CONDITIONS = ["C50", "E10", "E11", "K50", "M79", "G35", "J45", "I10"]
SUBCODES = {"C50": ["C50.4", "C50.9", "C50.1"], "M79": ["M79.7"]}
TREATMENTS = [
    "Tamoxifène",
    "Létrozole",
    "Insuline",
    "Metformine",
    "Adalimumab",
    "Méthotrexate",
    "Prégabaline",
    "Radiothérapie",
]
EFFECTS = ["Fatigue", "Nausées", "Douleurs articulaires", "Bouffées de chaleur", "Maux de tête"]
SYMPTOMS = ["fatigue", "pain", "sleep", "anxiety", "nausea"]
LEVELS = ["network"] * 6 + ["like_me"] * 2 + ["only_me"] * 2


def generate(slug: str, members: int, seed: int = 14) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from entrepairs.accounts.models import ConsentRecord, User
    from entrepairs.health.icd10 import fold
    from entrepairs.health.models import Condition, HealthProfile, SideEffect, SymptomLog, Treatment
    from entrepairs.networks.models import Membership, Network
    from entrepairs.surveys.models import Answer, Question, Response, Survey
    from entrepairs.surveys.services import respondent_key

    if Network.objects.filter(slug=slug).exists():
        return
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    today = timezone.localdate()
    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        network = Network.objects.create(name=f"Bench santé {members}", slug=slug, kind="patients")
        password = make_password(None)
        users = User.objects.bulk_create(
            User(email=f"{slug}.{n}@example.test", password=password) for n in range(members)
        )
        consents = ConsentRecord.objects.bulk_create(
            ConsentRecord(user=user, network=network, text_version="bench", text="bench") for user in users
        )
        memberships = Membership.objects.bulk_create(
            Membership(
                network=network,
                user=user,
                display_name=f"Membre {n}",
                member_type="patient",
                consent=consent,
                role="admin" if n == 0 else "member",
                joined_at=now,
            )  # fmt: skip
            for n, (user, consent) in enumerate(zip(users, consents, strict=True))
        )
        profiles = HealthProfile.objects.bulk_create(
            HealthProfile(
                network=network,
                member=member,
                birth_year=today.year - rng.randint(20, 85),
                conditions_visibility=rng.choice(LEVELS),
                treatments_visibility=rng.choice(LEVELS),
                symptoms_visibility=rng.choice(LEVELS),
                age_visibility=rng.choice(LEVELS),
            )  # fmt: skip
            for member in memberships
        )
        conditions, treatments, logs = [], [], []
        for profile in profiles:
            for category in set(
                rng.choices(CONDITIONS, weights=[5, 3, 3, 2, 2, 1, 2, 3], k=rng.randint(1, 2))
            ):
                code = rng.choice(SUBCODES.get(category, [category]))
                conditions.append(Condition(network=network, profile=profile, code=code, diagnosis_year=2015))
            treatments.extend(
                Treatment(
                    network=network,
                    profile=profile,
                    name=name,
                    name_key=fold(name),
                    started_on=today - datetime.timedelta(days=rng.randint(30, 600)),
                )
                for name in rng.sample(TREATMENTS, k=rng.randint(1, 3))
            )
            logs.extend(
                SymptomLog(
                    network=network,
                    profile=profile,
                    symptom=symptom,
                    symptom_key=symptom,
                    severity=rng.randint(0, 4),
                    logged_on=today - datetime.timedelta(days=rng.randint(0, 89)),
                )  # fmt: skip
                for symptom in rng.choices(SYMPTOMS, k=20)
            )
        Condition.objects.bulk_create(conditions, batch_size=5000)
        treatments = Treatment.objects.bulk_create(treatments, batch_size=5000)
        SideEffect.objects.bulk_create(
            (
                SideEffect(
                    network=network,
                    treatment=treatment,
                    name=name,
                    name_key=fold(name),
                    severity=rng.randint(1, 3),
                )
                for treatment in treatments
                for name in rng.sample(EFFECTS, k=rng.randint(0, 2))
            ),
            batch_size=5000,
        )
        SymptomLog.objects.bulk_create(logs, batch_size=5000)
        survey = Survey.objects.create(
            network=network, title="Pourquoi avez-vous rejoint ?", opens_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=1),
        )  # fmt: skip
        questions = Question.objects.bulk_create(
            [
                Question(network=network, survey=survey, position=0, kind="single", text="Raison", choices=["Isolement", "Information", "Entraide"]),
                Question(network=network, survey=survey, position=1, kind="multiple", text="Soutiens", choices=["Famille", "Amis", "Soignants", "Personne"]),
                Question(network=network, survey=survey, position=2, kind="scale", text="Moral", scale_max=5),
                Question(network=network, survey=survey, position=3, kind="text", text="Un mot", required=False),
            ]
        )  # fmt: skip
        responses = Response.objects.bulk_create(
            (
                Response(
                    network=network,
                    survey=survey,
                    member=member,
                    respondent_key=respondent_key(survey.pk, member.pk),
                )
                for member in memberships
            ),
            batch_size=5000,
        )
        Answer.objects.bulk_create(
            (
                answer
                for response in responses
                for answer in (
                    Answer(network=network, response=response, question=questions[0], choices=[rng.randint(0, 2)]),
                    Answer(network=network, response=response, question=questions[1], choices=sorted(rng.sample(range(4), k=rng.randint(1, 3)))),
                    Answer(network=network, response=response, question=questions[2], scale=rng.randint(1, 5)),
                )
            ),
            batch_size=5000,
        )  # fmt: skip
    print(f"generated {members} members in {time.monotonic() - started:.0f} s")


def measure(client, url: str, requests: int, *, cold: bool = False) -> tuple[float, float]:
    """`cold`: the shared cache emptied before each request (insights computed, not read back)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm caches and compiled templates
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    with CaptureQueriesContext(connection) as captured:
        for _ in range(requests):
            if cold:
                cache.clear()
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(captured.captured_queries) / requests


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from entrepairs.health.models import HealthProfile, SymptomLog
    from entrepairs.networks.models import Membership
    from entrepairs.surveys.models import Survey

    settings.REQUIRE_MFA_FOR_ROLES = False
    settings.DEBUG = False
    for handler in logging.getLogger().handlers:  # request logs formatted as in production, not shown
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the life of the process)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    slug = f"bench-health-{args.members}"
    generate(slug, args.members)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    member = Membership.objects.filter(network__slug=slug, role="member").order_by("pk").first()
    survey = Survey.objects.filter(network__slug=slug).first()
    client = Client()
    client.force_login(member.user)
    this_year = timezone.localdate().year
    pages = {
        "insights, a condition": f"/n/{slug}/surveys/insights/?condition=C50",
        "insights, age band": f"/n/{slug}/surveys/insights/?condition=C50&age=50–59",
        "insights API": f"/api/v1/networks/{slug}/health/insights?condition=E10",
        "survey results": f"/n/{slug}/surveys/{survey.pk}/results/",
        "members like me": f"/n/{slug}/health/like-me/",
        "my health (chart)": f"/n/{slug}/health/",
    }
    print(
        f"database: {connection.vendor}, members: {HealthProfile.objects.filter(network__slug=slug).count()}, "
        f"symptom logs: {SymptomLog.objects.filter(network__slug=slug).count()}, born ~{this_year - 52} (median), "
        f"{args.runs} runs of {args.requests} requests, median ms per request over runs"
    )
    # The machine's load beside the figures: on a shared machine the same page takes twice as long.
    print(f"load average before: {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
    print(f"{'page':24} {'warm ms':>8} {'queries':>8} {'cold ms':>8} {'best':>7} {'queries':>8}")
    for label, url in pages.items():
        warm = [measure(client, url, args.requests) for _ in range(args.runs)]
        cold = [measure(client, url, max(1, args.requests // 4), cold=True) for _ in range(args.runs)]
        print(
            f"{label:24} {statistics.median(r[0] for r in warm):8.1f} {warm[0][1]:8.1f}"
            f" {statistics.median(r[0] for r in cold):8.1f} {min(r[0] for r in cold):7.1f} {cold[0][1]:8.1f}"
        )
    print(f"load average after: {' '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
