"""The results of a run as Markdown: pages by mode, ratios to the baselines, scale, targets."""

from .modes import MODES
from .pages import PAGES, QUERY_TARGET_PAGES, SCALE_TARGET_PAGES

NA = "n/a"
RSS_LIMIT_MB = 120


def _table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _number(value, digits=1):
    return NA if value is None else f"{value:,.{digits}f}"


def _ratio(value, base):
    if value is None or not base:
        return None
    return value / base


def _percent(ratio):
    return NA if ratio is None else f"{ratio:.0%}"


def _rps(run):
    return run.get("requests_per_second") if run else None


def _runs(size_result, mode):
    return size_result["modes"].get(mode, {})


def machine_section(results):
    machine, config = results["machine"], results["config"]
    memory = machine.get("memory_gib")
    return "\n".join(
        [
            f"- **CPU**: {machine['cpu']}, {machine['cores']} cores; **RAM** {memory} GiB",
            f"- **OS**: {machine['os']}",
            f"- **Software**: Python {machine['python']}, Django {machine['django']}, "
            f"gunicorn {machine['gunicorn']}, psycopg {machine['psycopg']}, "
            f"{machine['database']}, {machine['nginx']}, {machine['wrk']}",
            f"- **Run**: gunicorn {config['workers']} workers; wrk 1 thread, "
            f"{config['connections']} connections, {config['duration']} s per page after a "
            f"1 s warm-up, loopback",
        ]
    )


def pages_section(size_result):
    rows = []
    for page in PAGES:
        info = size_result["pages"][page.name]
        if "n/a" in info and "status" not in info:
            rows.append([page.name, NA, NA, NA, NA, NA, NA, info["n/a"]])
            continue
        rows.append(
            [
                page.name,
                f"`{info['path']}`",
                info["status"],
                info["queries"],
                f"{info['bytes']:,}",
                f"{info['inprocess_ms']:.2f} ms",
                info["cold_queries"],
                f"{info['cold_ms']:.2f} ms",
            ]
        )
    header = ["page", "path", "status", "queries", "bytes", "in-process", "cold queries",
              "cold in-process"]  # fmt: skip
    return _table(header, rows)


def modes_section(size_result):
    minimal, files = _runs(size_result, "minimal_wsgi"), _runs(size_result, "nginx_files")
    rows = []
    for mode in MODES:
        runs = _runs(size_result, mode.name)
        if not runs:
            continue
        for page in PAGES:
            run = runs.get(page.name, {"n/a": "not measured"})
            if "n/a" in run:
                rows.append([mode.name, page.name, NA, NA, NA, NA, NA, NA, run["n/a"]])
                continue
            rows.append(
                [
                    mode.name,
                    page.name,
                    _number(run["requests_per_second"]),
                    _number(run["p50_ms"], 2),
                    _number(run["p99_ms"], 2),
                    run["bad_responses"] + run["socket_errors"],
                    _percent(_ratio(run["requests_per_second"], _rps(minimal.get(page.name)))),
                    _percent(_ratio(run["requests_per_second"], _rps(files.get(page.name)))),
                    "",
                ]
            )
    header = ["mode", "page", "req/s", "p50 ms", "p99 ms", "errors", "÷ minimal WSGI",
              "÷ nginx files", "note"]  # fmt: skip
    return _table(header, rows)


def scale_section(results):
    sizes = list(results["sizes"])
    header = ["page"] + [f"p50 ms @ {int(size):,}" for size in sizes]
    header += [f"req/s @ {int(size):,}" for size in sizes]
    header += [f"queries @ {int(size):,}" for size in sizes]
    if len(sizes) > 1:
        header.append(f"p50 {int(sizes[-1]):,} ÷ {int(sizes[0]):,}")
    rows = []
    for page in PAGES:
        runs = [_runs(results["sizes"][size], "uncached").get(page.name, {}) for size in sizes]
        infos = [results["sizes"][size]["pages"][page.name] for size in sizes]
        row = [page.name]
        row += [_number(run.get("p50_ms"), 2) for run in runs]
        row += [_number(run.get("requests_per_second")) for run in runs]
        row += [info.get("queries", NA) if "n/a" not in info else NA for info in infos]
        if len(sizes) > 1:
            growth = _ratio(runs[-1].get("p50_ms"), runs[0].get("p50_ms"))
            row.append(NA if growth is None else f"{growth:.2f}×")
        rows.append(row)
    return _table(header, rows)


def _verdict(ok):
    if ok is None:
        return "not measured"
    return "**met**" if ok else "**missed**"


def targets(results):
    """Each target of the issue with the measured value and whether it is met."""
    sizes = list(results["sizes"])
    largest = results["sizes"][sizes[-1]]
    smallest = results["sizes"][sizes[0]]
    minimal, files = _runs(largest, "minimal_wsgi"), _runs(largest, "nginx_files")
    uncached, cached = _runs(largest, "uncached"), _runs(largest, "cached")
    conditional = _runs(largest, "conditional")
    proxied = _runs(largest, "nginx_microcache")
    rows = []

    front = _ratio(_rps(uncached.get("front")), _rps(minimal.get("front")))
    rows.append(["uncached front page ≥ 25% of minimal WSGI", _percent(front),
                 _verdict(None if front is None else front >= 0.25)])  # fmt: skip

    cached_ratios = {
        name: _ratio(_rps(run), _rps(minimal.get(name)))
        for name, run in cached.items()
        if "n/a" not in run
    }
    worst = min(cached_ratios.values(), default=None)
    worst_page = min(cached_ratios, key=cached_ratios.get) if cached_ratios else None
    rows.append(["anonymous cached pages ≥ 70% of minimal WSGI",
                 NA if worst is None else f"lowest {worst:.0%} ({worst_page})",
                 _verdict(None if worst is None else worst >= 0.70)])  # fmt: skip

    slower = [
        name
        for name, run in conditional.items()
        if "n/a" not in run
        and "n/a" not in cached.get(name, {"n/a": 1})
        and run["requests_per_second"] < cached[name]["requests_per_second"]
    ]
    measured_304 = [name for name, run in conditional.items() if "n/a" not in run]
    rows.append(["304 answers at least as fast as cached pages",
                 NA if not measured_304 else (f"slower on {', '.join(slower)}" if slower else
                                              f"{len(measured_304)} pages, none slower"),
                 _verdict(None if not measured_304 else not slower)])  # fmt: skip

    micro = [
        _ratio(_rps(run), _rps(files.get(name)))
        for name, run in proxied.items()
        if "n/a" not in run
    ]
    worst_micro = min((r for r in micro if r is not None), default=None)
    rows.append(["nginx micro-cache ≥ 50% of nginx serving files",
                 NA if worst_micro is None else f"lowest {worst_micro:.0%}",
                 _verdict(None if worst_micro is None else worst_micro >= 0.5)])  # fmt: skip

    for name in SCALE_TARGET_PAGES:
        if len(sizes) < 2:
            rows.append([f"{name}: p50 at the largest size ≤ 1.5× the smallest", NA,
                         _verdict(None)])  # fmt: skip
            continue
        big = _runs(largest, "uncached").get(name, {}).get("p50_ms")
        small = _runs(smallest, "uncached").get(name, {}).get("p50_ms")
        growth = _ratio(big, small)
        rows.append([f"{name}: p50 at {int(sizes[-1]):,} ≤ 1.5× at {int(sizes[0]):,}",
                     NA if growth is None else f"{growth:.2f}× ({small:.2f} → {big:.2f} ms)",
                     _verdict(None if growth is None else growth <= 1.5)])  # fmt: skip

    search = uncached.get("search", {}).get("p50_ms")
    rows.append([f"search p50 ≤ 50 ms at {int(sizes[-1]):,}", _number(search, 2) + " ms"
                 if search is not None else NA,
                 _verdict(None if search is None else search <= 50)])  # fmt: skip

    counts = {
        name: {results["sizes"][size]["pages"][name].get("queries") for size in sizes}
        for name in QUERY_TARGET_PAGES
    }
    worst_count = max((max(c - {None}, default=0) for c in counts.values()), default=None)
    constant = all(len(c - {None}) <= 1 for c in counts.values())
    rows.append(["queries constant and ≤ 4 on front, tag and post pages",
                 ", ".join(f"{name} {sorted(c - {None})}" for name, c in counts.items()),
                 _verdict(constant and worst_count is not None and worst_count <= 4)])  # fmt: skip

    rss = [size for sizes_ in largest.get("worker_rss_mb", {}).values() for size in sizes_]
    peak = max(rss, default=None)
    rows.append([f"gunicorn worker RSS < {RSS_LIMIT_MB} MB after the {int(sizes[-1]):,} run",
                 NA if peak is None else f"{peak:.0f} MB",
                 _verdict(None if peak is None else peak < RSS_LIMIT_MB)])  # fmt: skip
    return rows


def render(results):
    sizes = list(results["sizes"])
    parts = [
        f"# Hogshead benchmark, {results['date']}",
        "",
        machine_section(results),
        "",
        "## Targets",
        "",
        _table(["target", "measured", "verdict"], targets(results)),
    ]
    for size in reversed(sizes):
        size_result = results["sizes"][size]
        parts += [
            "",
            f"## {int(size):,} posts ({size_result['published']:,} published, "
            f"loaded in {size_result.get('load_seconds', NA)} s)",
            "",
            pages_section(size_result),
            "",
            modes_section(size_result),
        ]
    parts += ["", "## Scale (uncached)", "", scale_section(results), ""]
    return "\n".join(parts)
