"""Time every list, summary, screen and export of the data `generate.py` made.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_m \\
        .venv/bin/python benchmarks/measure.py --size M [--runs 5]

For each page, as the administrator (`bench-admin`, sees everything) and as the auditor
of the first organisation (`bench-auditor`): the number of queries and the median,
minimum and maximum server time over `--runs` runs after one untimed run, through
Django's test client (no network, no browser: the server's own time). Prints a table and
writes it, with the machine's load, to benchmarks/results/pages-<size>-<engine>.json.
It asserts nothing: the figures go in benchmarks/README.md.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings: DEBUG off (as in production), static files without collectstatic,
# tasks at once; the database is DATABASE_URL's.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "audit_tracker.settings.test")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")  # the test client's host

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from internal_control.models import FollowUpRound, Plan  # noqa: E402
from organisations.models import Board, Membership  # noqa: E402
from reviews.models import Assessment, FollowUpReview, Recommendation  # noqa: E402

USERS = ["bench-admin", "bench-auditor"]


def pages() -> list[tuple[str, str]]:
    """(name, URL) of every page measured, on the auditor's organisation's data."""
    auditor = get_user_model().objects.get(username="bench-auditor")
    organisation = Membership.objects.filter(user=auditor).first().organisation
    reviews = FollowUpReview.objects.filter(organisation=organisation)
    review = reviews.annotate(n=Count("assessments")).order_by("-n").first()
    draft = reviews.filter(state=FollowUpReview.State.DRAFT).first() or review
    busiest = (
        Assessment.objects.filter(review=review)
        .values("recommendation__audit")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    recommendation = Recommendation.objects.filter(assessments__review=review).first()
    board = (  # the board with the most recommendations in the review
        Board.objects.filter(recommendations__assessments__review=review)
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    plan = Plan.objects.filter(board__organisation=organisation).first()
    found = [
        ("reviews list", reverse("reviews:review-list")),
        ("audits list", reverse("reviews:audit-list")),
        ("recommendations list", reverse("reviews:recommendation-list")),
        ("recommendations, sorted by text", reverse("reviews:recommendation-list") + "?sort=text"),
        ("recommendations, page 50", reverse("reviews:recommendation-list") + "?page=50"),
        ("recommendations, search", reverse("reviews:recommendation-list") + "?q=upphandling"),
        ("review summary", reverse("reviews:review-summary", args=[review.pk])),
        ("summary CSV", reverse("reviews:review-summary-csv", args=[review.pk])),
        ("review board by board", reverse("reviews:review-boards", args=[review.pk])),
        (
            "review board by board, one board",
            reverse("reviews:review-boards", args=[review.pk]) + f"?board={board.pk}",
        ),
        ("review edit", reverse("reviews:review-edit", args=[draft.pk])),
        (
            f"assessment screen ({busiest['n']} rec.)",
            reverse(
                "reviews:assessment-screen", args=[review.pk, busiest["recommendation__audit"]]
            ),
        ),
        ("recommendation page", reverse("reviews:recommendation-detail", args=[recommendation.pk])),
        ("dashboard", reverse("reviews:dashboard")),
        ("board roll-up", reverse("reviews:board-rollup", args=[board.pk])),
        ("board roll-up XLSX", reverse("reviews:board-rollup", args=[board.pk]) + "?format=xlsx"),
        (
            "board by board XLSX",
            reverse("reviews:review-boards", args=[review.pk]) + "?format=xlsx",
        ),
        ("dashboard XLSX", reverse("reviews:dashboard") + "?format=xlsx"),
        (
            "recommendations XLSX (every row)",
            reverse("reviews:recommendation-list") + "?format=xlsx",
        ),
    ]
    if plan is not None:
        found += [
            ("plans list", reverse("internal_control:plan-list")),
            ("plan page", reverse("internal_control:plan-detail", args=[plan.pk])),
            ("plan XLSX", reverse("internal_control:plan-detail", args=[plan.pk]) + "?format=xlsx"),
        ]
        follow_up = FollowUpRound.objects.filter(plan=plan).first()
        if follow_up is not None:
            found.append(
                ("follow-up screen", reverse("internal_control:round-assess", args=[follow_up.pk]))
            )
    return found


def measure(client: Client, url: str, runs: int) -> dict:
    client.get(url)  # untimed: caches, connections
    times, queries, status = [], 0, None
    for _run in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        queries, status = len(captured), response.status_code
    return {
        "status": status,
        "queries": queries,
        "median_ms": round(statistics.median(times) * 1000, 1),
        "min_ms": round(min(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", required=True, choices=["S", "M", "L"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", help="measure only the pages whose name contains this (nothing written)"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    rows = []
    clients = {}
    for username in USERS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client
    for name, url in pages():
        if args.only and args.only not in name:
            continue
        row = {"page": name, "url": url}
        for username in USERS:
            row[username] = measure(clients[username], url, args.runs)
        rows.append(row)
        print_row(row)
    result = {
        "size": args.size,
        "engine": connection.vendor,
        "runs": args.runs,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "recommendations": Recommendation.objects.count(),
        "pages": rows,
    }
    if args.only:
        return
    out = ROOT / "benchmarks" / "results" / f"pages-{args.size}-{connection.vendor}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nload average {load_before} → {os.getloadavg()}; written to {out}")


def print_row(row: dict) -> None:
    cells = [f"{row['page']:<34}"]
    for username in USERS:
        m = row[username]
        cells.append(f"{m['status']} {m['queries']:>3} q {m['median_ms']:>8.1f} ms")
    print(" | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
