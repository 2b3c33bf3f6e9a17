"""CPU of the messaging send path alone, without sockets: what one websocket `send` and the next
participant's `read` cost in the database thread (services and queries, on a throwaway SQLite file).

    python -m bench.messaging_send [--sends 3000]

200 members in 20 groups of 10; each send is queries.get_participant_or_404 (the per-frame check),
services.send_message and another participant's services.mark_seen, as the consumer runs them.
Prints the process CPU per send+read. Publishing runs without an event loop here (a thread per
publication, as in a Celery task), the same before and after a change: compare runs, not absolutes.
Measured on 2026-12-05: 3.6-3.8 ms at 5d2bfcf, 4.2-4.3 ms after per-frame authorisation and random
ids (docs/decisions/0005)."""

import argparse
import cProfile
import inspect
import os
import pstats
import sys
import tempfile
import time


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sends", type=int, default=3000)
    parser.add_argument("--profile", action="store_true", help="print the 30 costliest functions of the loop")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = "sqlite:///" + tempfile.mkdtemp() + "/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entrepairs.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from entrepairs.messaging import queries, services
    from entrepairs.networks.models import Membership, Network

    call_command("migrate", verbosity=0)
    network = Network.objects.create(name="Bench", slug="bench", kind="patients", allow_private_messages=True)
    members = [
        Membership.objects.create(
            network=network,
            user=get_user_model().objects.create_user(email=f"bench{i}@example.test", password=None),
            display_name=f"Pseudo {i}",
            member_type="patient",
            joined_at=timezone.now(),
        )
        for i in range(200)
    ]
    groups = [
        services.create_group(members[g * 10], f"G{g}", members[g * 10 + 1 : g * 10 + 10]) for g in range(20)
    ]
    # As the consumer reads a sending participant (with moderation's answers, where they exist).
    sending = (
        {"for_sending": True}
        if "for_sending" in inspect.signature(queries.get_participant_or_404).parameters
        else {}
    )
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    started, sends = time.process_time(), 0
    while sends < args.sends:
        for index, conversation in enumerate(groups):
            sender = members[index * 10 + sends % 10]
            participant = queries.get_participant_or_404(sender, conversation.pk, **sending)
            services.send_message(
                sender, participant.conversation, body=f"Bonjour {sends}", client_id=f"c{sends}-{index}",
                participant=participant,
            )  # fmt: skip
            services.mark_seen(members[index * 10 + (sends + 1) % 10], conversation, 10**9, read=True)
            sends += 1
    elapsed = time.process_time() - started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    print(f"{elapsed * 1000 / sends:.2f} ms CPU per send+read, {sends} sends")


if __name__ == "__main__":
    sys.exit(main())
