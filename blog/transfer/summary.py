"""What an import did, counted for the report at its end (and `--report FILE`, as JSON)."""

import re
from collections import defaultdict
from dataclasses import dataclass, field

# A warning may start with its kind in brackets ("[remote-media] 2 pictures…"); the report
# groups warnings by it.
KIND_RE = re.compile(r"^\[(?P<kind>[\w-]+)\]\s*")


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    files_copied: int = 0
    redirects_recorded: int = 0
    notes: dict[str, int] = field(default_factory=dict)
    # (origin, kind, message) of every warning, and (origin, reason) of every failure.
    warning_details: list[tuple[str, str, str]] = field(default_factory=list)
    failure_details: list[tuple[str, str]] = field(default_factory=list)

    def count(self, action):
        """One more post `created`, `updated` or `skipped`."""
        setattr(self, action, getattr(self, action) + 1)

    def warn(self, origin, warning):
        match = KIND_RE.match(warning)
        kind = match["kind"] if match else "other"
        message = warning[match.end() :] if match else warning
        self.warning_details.append((origin, kind, message))

    def fail(self, origin, reason):
        self.failed += 1
        self.failure_details.append((origin, reason))

    @property
    def failures(self):
        return [f"{origin}: {reason}" for origin, reason in self.failure_details]

    def warnings_by_kind(self):
        grouped = defaultdict(list)
        for origin, kind, message in self.warning_details:
            grouped[kind].append({"origin": origin, "message": message})
        return dict(sorted(grouped.items()))

    def lines(self, dry_run=False):
        verb = "would be " if dry_run else ""
        counts = [
            f"{self.created} {verb}created",
            f"{self.updated} {verb}updated",
            f"{self.skipped} skipped (unchanged)",
            f"{self.failed} failed",
        ]
        yield f"Posts: {', '.join(counts)}."
        if not dry_run:
            yield (
                f"Attachments copied: {self.files_copied}. "
                f"Redirects recorded: {self.redirects_recorded}."
            )
        for label, number in self.notes.items():
            yield f"{label}: {number}."
        if grouped := self.warnings_by_kind():
            kinds = ", ".join(f"{len(items)} {kind}" for kind, items in grouped.items())
            yield f"Warnings: {kinds}."

    def as_report(self, dry_run=False):
        """Everything the summary knows, for `--report FILE`."""
        return {
            "dry_run": dry_run,
            "posts": {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.skipped,
                "failed": self.failed,
            },
            "attachments_copied": self.files_copied,
            "redirects_recorded": self.redirects_recorded,
            "notes": self.notes,
            "failures": [
                {"origin": origin, "reason": reason} for origin, reason in self.failure_details
            ],
            "warnings": self.warnings_by_kind(),
        }
