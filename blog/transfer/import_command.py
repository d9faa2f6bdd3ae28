"""The base of the import commands: options, reading, progress bar, summary, exit code."""

import json
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from .writer import Importer


class ImportCommand(BaseCommand):
    """Subclasses give the reader of their input in `reader(options)`: its `read()` returns
    (sources, redirects) or raises ValueError for an input it cannot read at all, and its
    `notes` (if any) are counts for the summary."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be created, updated or skipped; change nothing.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes rendering Markdown in parallel on large imports (default: cores).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar, even on a terminal."
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="Also write the summary, every failure and every warning (grouped by kind) "
            "to FILE as JSON.",
        )

    def reader(self, options):
        raise NotImplementedError

    def handle(self, *args, **options):
        reader = self.reader(options)
        try:
            sources, redirects = reader.read()
        except ValueError as error:
            raise CommandError(str(error)) from None
        verbose = options["verbosity"] > 1 or options["dry_run"]
        importer = Importer(
            dry_run=options["dry_run"],
            jobs=max(1, options["jobs"]),
            report=lambda line: self._report(line, verbose),
            progress=lambda items, total: tqdm(
                items,
                total=total,
                unit="post",
                file=sys.stderr,
                disable=True if options["no_progress"] else None,
            ),
        )
        summary = importer.run(sources, redirects)
        summary.notes.update(getattr(reader, "notes", {}))
        for line in summary.lines(dry_run=options["dry_run"]):
            self.stdout.write(line)
        if options["report"]:
            self.write_report(Path(options["report"]), summary.as_report(options["dry_run"]))
        if summary.failures:
            self.stderr.write("Failed:")
            for failure in summary.failures:
                self.stderr.write(f"  {failure}")
            raise CommandError(
                f"{summary.failed} failed (listed above); everything else was imported."
            )

    def write_report(self, path, report):
        try:
            path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        except OSError as error:
            raise CommandError(f"Could not write the report to {path}: {error}") from None
        self.stdout.write(f"Report written to {path}.")

    def _report(self, line, verbose):
        # Lines printed while the bar is drawn would be torn by it.
        with tqdm.external_write_mode(file=sys.stderr):
            if line.startswith(("FAILED", "warning")):
                self.stderr.write(line)
            elif verbose:
                self.stdout.write(line)
