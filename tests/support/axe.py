"""axe-core, from the npm registry (package.json), run inside a page by Playwright."""

import os
from pathlib import Path

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def axe_or_skip():
    """`make test` runs `npm ci` first; CI (`HOGSHEAD_REQUIRE_BROWSER=1`) fails without it."""
    if AXE.exists():
        return AXE
    message = f"{AXE} is missing: run `npm ci` (make test does)"
    if os.environ.get("HOGSHEAD_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def violations(page):
    """Every axe rule broken on the page as it is now, in a readable form ([] when clean)."""
    page.add_script_tag(path=str(axe_or_skip()))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(
            f"{' '.join(node['target'])}: {node['failureSummary']}"
            for node in violation["nodes"][:5]
        )
        for violation in results["violations"]
    ]
