"""What an import did, counted for the report at its end."""

from dataclasses import dataclass, field


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    files_copied: int = 0
    redirects_recorded: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def count(self, action):
        """One more post `created`, `updated` or `skipped`."""
        setattr(self, action, getattr(self, action) + 1)

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
