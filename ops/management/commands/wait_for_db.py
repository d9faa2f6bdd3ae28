import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections


class Command(BaseCommand):
    help = "Wait until the database accepts connections (for container start-up)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=60, help="Seconds to wait in all (default 60)."
        )
        parser.add_argument(
            "--interval", type=float, default=1, help="Seconds between tries (default 1)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, timeout, interval, database, **options):
        connection = connections[database]
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.ensure_connection()
            except OperationalError as error:
                if time.monotonic() + interval > deadline:
                    raise CommandError(
                        f"The database did not answer within {timeout:g} seconds: {error}"
                    ) from None
                self.stderr.write(f"Waiting for the database: {str(error).strip()}")
                time.sleep(interval)
            else:
                connection.close()
                self.stdout.write("The database is up.")
                return
