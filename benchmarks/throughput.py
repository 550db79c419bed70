"""Throughput under load: gunicorn with the production settings on loopback, against the
database DATABASE_URL names (data from generate.py), loaded by wrk (Debian's `wrk`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_m \\
        .venv/bin/python benchmarks/throughput.py [--seconds 20] [--connections 8]

For each page and user (bench-admin, bench-auditor) it first checks that the page answers
200 and warms the workers up (3 s of wrk, not counted), then runs wrk for --seconds with
--connections open connections on 2 threads, and
prints requests per second, the median and 99th-percentile latency and any non-2xx
answers; it writes benchmarks/results/throughput-<engine>.json. wrk and gunicorn share the
machine, so the figures are what this machine does with both, not a server's ceiling.
"""

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PORT = 8765


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "audit_tracker.settings.base"
    import django

    django.setup()


def session_cookie(username: str) -> str:
    """A signed-in session for the user, as the login view makes it."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that signs people in (the first, django-axes's, only counts failures).
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def urls() -> list[tuple[str, str]]:
    from django.db.models import Count
    from django.urls import reverse

    from organisations.models import Membership
    from reviews.models import FollowUpReview

    organisation = Membership.objects.filter(user__username="bench-auditor").first().organisation
    review = (
        FollowUpReview.objects.filter(organisation=organisation)
        .annotate(n=Count("assessments"))
        .order_by("-n")
        .first()
    )
    return [
        ("review summary", reverse("reviews:review-summary", args=[review.pk])),
        ("recommendations list", reverse("reviews:recommendation-list")),
    ]


def largest_draft() -> int:
    from django.db.models import Count

    from reviews.models import FollowUpReview

    return (
        FollowUpReview.objects.filter(state=FollowUpReview.State.DRAFT)
        .annotate(n=Count("assessments"))
        .order_by("-n")
        .values_list("pk", flat=True)
        .first()
    )


def render_report_line() -> str:
    """How the render asked for went: its state, and its time if it finished."""
    from reviews.models import ReportRender

    render = ReportRender.objects.defer("html", "pdf").order_by("-created_at").first()
    if render is None:
        return "  (no render was queued)"
    line = f"  the PDF of review {render.review_id}: {render.state}"
    if render.finished_at and render.started_at:
        line += f", rendered in {(render.finished_at - render.started_at).total_seconds():.0f} s"
    elif render.started_at:
        line += " (still rendering when the measurements ended)"
    return line


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def get_status(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_wrk(url: str, headers: dict, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def seconds_of(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]

    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"wrk's output was not understood:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.M)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "median_ms": round(seconds_of(latency["50"]) * 1000, 1),
        "p99_ms": round(seconds_of(latency["99"]) * 1000, 1),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--while-rendering",
        action="store_true",
        help="run the task worker and ask for the largest review's PDF first, so that the "
        "pages are measured while it renders",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a database made by benchmarks/generate.py.")

    static_root = tempfile.mkdtemp(prefix="throughput-static-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "audit_tracker.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_STATIC_ROOT": static_root,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    }
    os.environ.update(env)
    setup_django()
    subprocess.run(
        [BIN / "python", "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    from django.db import connection
    from django.urls import reverse

    from reviews.models import ReportRender

    pages = urls()
    cookies = {user: session_cookie(user) for user in ("bench-admin", "bench-auditor")}
    connection.close()

    server_log = Path(static_root) / "gunicorn.log"  # its errors, shown if a page fails
    server = subprocess.Popen(
        [BIN / "gunicorn", "audit_tracker.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_CMD_ARGS": "--access-logfile=/dev/null"},
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("w"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    results = []
    worker = None
    try:
        wait_for(base + "/health/")
        if args.while_rendering:
            worker = subprocess.Popen(
                [BIN / "python", "manage.py", "db_worker", "--no-reload", "--queue-name", "*"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            headers = {"Cookie": cookies["bench-admin"], "X-Forwarded-Proto": "https"}
            review = largest_draft()
            ReportRender.objects.filter(review=review).delete()  # rendered afresh, each run
            pdf = base + reverse("reviews:review-pdf", args=[review])
            get_status(pdf, headers)  # queues the render; the worker takes it
            time.sleep(3)
        load_before = os.getloadavg()
        print(
            f"gunicorn on {base}, {connection.vendor}; wrk {args.connections} connections, "
            f"{args.seconds} s per page"
        )
        for name, path in pages:
            for user, cookie in cookies.items():
                # The proxy's header: the production settings redirect plain HTTP to HTTPS.
                headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"}
                status = get_status(base + path, headers)
                if status != 200:
                    print(server_log.read_text()[-3000:])
                    raise SystemExit(f"{name} as {user}: HTTP {status}, not 200")
                run_wrk(base + path, headers, 3, args.connections)  # warm every worker up
                figures = run_wrk(base + path, headers, args.seconds, args.connections)
                results.append({"page": name, "user": user, **figures})
                print(
                    f"  {name:<22} {user:<14} {figures['requests_per_second']:7.1f} req/s  "
                    f"median {figures['median_ms']:6.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
                    f"non-2xx {figures['non_2xx']}  {figures['socket_errors']}"
                )
        if args.while_rendering:
            print(render_report_line())
    finally:
        for process in (server, worker):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)
    suffix = "-while-rendering" if args.while_rendering else ""
    out = ROOT / "benchmarks" / "results" / f"throughput-{connection.vendor}{suffix}.json"
    out.write_text(
        json.dumps(
            {
                "connections": args.connections,
                "seconds": args.seconds,
                "load_before": load_before,
                "load_after": os.getloadavg(),
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
