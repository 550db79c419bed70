"""Throughput under load: gunicorn with the production settings on loopback, against the
database DATABASE_URL names (data from generate.py), loaded by wrk (Debian's `wrk`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_m \\
        .venv/bin/python benchmarks/throughput.py [--seconds 20] [--connections 8]

For each page and user (bench-admin, bench-auditor) it first checks that the page answers
200, then runs wrk for --seconds with --connections open connections on 2 threads, and
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
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
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

    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.M))
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

    pages = urls()
    cookies = {user: session_cookie(user) for user in ("bench-admin", "bench-auditor")}
    connection.close()

    server = subprocess.Popen(
        [BIN / "gunicorn", "audit_tracker.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    results = []
    try:
        wait_for(base + "/health/")
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
                    raise SystemExit(f"{name} as {user}: HTTP {status}, not 200")
                figures = run_wrk(base + path, headers, args.seconds, args.connections)
                results.append({"page": name, "user": user, **figures})
                print(
                    f"  {name:<22} {user:<14} {figures['requests_per_second']:7.1f} req/s  "
                    f"median {figures['median_ms']:6.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
                    f"non-2xx {figures['non_2xx']}  {figures['socket_errors']}"
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    out = ROOT / "benchmarks" / "results" / f"throughput-{connection.vendor}.json"
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
