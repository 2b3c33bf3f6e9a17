from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from entrepairs.accounts.models import User
from entrepairs.errors import ActionRefused
from entrepairs.networks import services
from entrepairs.networks.models import Network
from entrepairs.professionals.models import Profession, Specialty


class Command(BaseCommand):
    help = "Create a network. Example: create_network --name Cardiologues --slug cardio --kind professionals --profession 10 --specialty SM04"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--kind", required=True, choices=Network.Kind.values)
        parser.add_argument("--description", default="")
        parser.add_argument("--language", default="fr", choices=["fr", "en"])
        parser.add_argument("--theme-color", default="#2f6f73")
        parser.add_argument("--join-policy", default="open", choices=Network.JoinPolicy.values)
        parser.add_argument("--allow-relatives", action="store_true")
        parser.add_argument("--profession", action="append", default=[], help="Annuaire Santé code, e.g. 10")
        parser.add_argument("--specialty", action="append", default=[], help="savoir-faire code, e.g. SM04")
        parser.add_argument("--admin-email", help="an existing account that becomes the first administrator")
        parser.add_argument(
            "--admin-pseudonym", help="its display name in the network (default: a suggestion)"
        )

    def handle(self, *args, **options):
        professions = list(Profession.objects.filter(code__in=options["profession"]))
        unknown = set(options["profession"]) - {p.code for p in professions}
        if unknown:
            raise CommandError(f"Unknown profession code(s): {', '.join(sorted(unknown))}")
        specialties = list(Specialty.objects.filter(code__in=options["specialty"]))
        unknown = set(options["specialty"]) - {s.code for s in specialties}
        if unknown:
            raise CommandError(f"Unknown specialty code(s): {', '.join(sorted(unknown))}")
        admin = None
        if options["admin_email"]:
            admin = User.objects.filter(email__iexact=options["admin_email"]).first()
            if admin is None:
                raise CommandError(f"No account with the email {options['admin_email']}")
        try:
            with transaction.atomic():
                network = services.create_network(
                    name=options["name"],
                    slug=options["slug"],
                    kind=options["kind"],
                    description=options["description"],
                    language=options["language"],
                    theme_color=options["theme_color"],
                    join_policy=options["join_policy"],
                    allow_relatives=options["allow_relatives"],
                    professions=professions,
                    specialties=specialties,
                )
                if admin is not None:
                    services.add_first_admin(network, admin, display_name=options["admin_pseudonym"] or "")
        except ActionRefused as refusal:
            raise CommandError(refusal.message) from None
        except Exception as error:  # validation of the model (slug, colour) reads as a message, not a trace
            if isinstance(error, ValidationError):
                raise CommandError("; ".join(error.messages)) from None
            raise
        self.stdout.write(self.style.SUCCESS(f"Created network “{network.name}” at /n/{network.slug}/"))
