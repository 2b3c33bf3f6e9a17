"""`python manage.py import_annuaire FILE`: import the Annuaire Santé extraction (see docs/directory-import.md)."""

import os

from django.core.management.base import BaseCommand, CommandError

from entrepairs.professionals.directory import (
    DEFAULT_BATCH_SIZE,
    DirectoryFormatError,
    Progress,
    import_directory,
)
from entrepairs.professionals.services import lapse_unlisted_directory_verifications


class Command(BaseCommand):
    help = "Import the Annuaire Santé 'PS_LibreAcces_Personne_activite' extraction (pipe-separated, UTF-8)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the extracted .txt file")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="people per batch")
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help="unlist absent people even when more than half of those listed are absent",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress line on stderr")

    def handle(self, *args, file, batch_size, allow_shrink, no_progress, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            size = os.path.getsize(file)
            handle = open(file, "rb")  # noqa: SIM115 - closed below; bytes so one bad line cannot stop us
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from error
        progress = None if no_progress else Progress(total_bytes=size, stream=self.stderr._out)
        try:
            with handle:
                run = import_directory(
                    handle,  # iterated line by line: constant memory
                    source_name=os.path.basename(file),
                    batch_size=batch_size,
                    progress=progress,
                    allow_shrink=allow_shrink,
                )
        except DirectoryFormatError as error:
            raise CommandError(f"{file} is not an Annuaire Santé extraction: {error}") from error
        lapsed = lapse_unlisted_directory_verifications()
        elapsed = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"Import #{run.pk} finished in {elapsed:.1f}s: {run.rows_read:,} rows read, "
            f"{run.rows_imported:,} imported ({run.rows_imported / max(elapsed, 1e-9):,.0f} rows/s), "
            f"{run.people_imported:,} people listed, {run.people_unlisted:,} no longer listed, "
            f"{run.malformed_count:,} malformed."
        )
        for line_number, reason in run.malformed_samples:
            self.stdout.write(f"  line {line_number}: {reason}")
        if run.malformed_count > len(run.malformed_samples):
            self.stdout.write(f"  ... and {run.malformed_count - len(run.malformed_samples):,} more")
        if lapsed:
            self.stdout.write(
                f"{lapsed:,} directory verifications ended: their holders are no longer listed."
            )
        if run.error:
            self.stderr.write(self.style.WARNING(run.error))
