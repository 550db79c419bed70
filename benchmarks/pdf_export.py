"""Benchmark of the follow-up report PDF export (WeasyPrint), with headless Chromium alongside.

Loads the seed review (fixtures/haninge-2024.yaml) into a fresh temporary SQLite database and
measures, N times each (median, min, max in seconds):

  (a) report_of(review)               reading everything the report prints from the database
  (b) render_report_html(report)      the Django template, CSS inlined
  (c) render_report_pdf(report)       the WeasyPrint render (it renders the HTML too: b is in c)
  (d) report_of + render_report_pdf   the whole export, as a user's download does it

then the memory of one PDF render (tracemalloc peak of Python allocations, and the process's
max RSS), and, when `chromium` is on PATH, the same HTML printed to PDF by headless Chromium
(one process per run, so its times include browser start-up).

It only prints figures; nothing is asserted. Run from the repository root:

    .venv/bin/python benchmarks/pdf_export.py [--runs N]
"""

import argparse
import io
import logging
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviews.models import FollowUpReview

# "[pid:tid:date/time.us:" before Chromium's log lines, and its output's temporary path.
NOISE = re.compile(r"^\[\d+:\d+:[\d/.]+:|(?<=file )/\S+")
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "haninge-2024.yaml"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


class Collect(logging.Handler):
    """Keeps the warnings WeasyPrint logs, to print them once at the end."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def setup_django(workdir: Path) -> None:
    """Django on a fresh SQLite database in `workdir`, migrated."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "audit_tracker.settings.base"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'benchmark.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_seed() -> "FollowUpReview":
    from reviews.documents import read_review_file
    from reviews.services import review_import

    return review_import(document=read_review_file(SEED.read_text(encoding="utf-8")).document)


def timed(function: Callable[[], object], runs: int) -> tuple[list[float], object]:
    """Wall-clock seconds of each of `runs` calls, and the last call's result."""
    times: list[float] = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def line(label: str, times: list[float]) -> str:
    return (
        f"  {label:<34} median {statistics.median(times):7.3f} s"
        f"   min {min(times):7.3f}   max {max(times):7.3f}"
    )


def describe(pdf: bytes) -> str:
    """Pages, size and fonts of a PDF (the fonts show whether fonts/Carlito-*.ttf resolved)."""
    from pypdf import PdfReader  # a dev dependency (pyproject.toml)

    pages = PdfReader(io.BytesIO(pdf)).pages
    fonts = set()
    for page in pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "?")).split("+")[-1])
    return f"{len(pages)} pages, {len(pdf) / 1024:.0f} KiB, fonts: {', '.join(sorted(fonts))}"


def max_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def measure_memory(render: Callable[[], bytes]) -> None:
    """One render untraced (max RSS before/after), then one under tracemalloc."""
    rss_before = max_rss_mib()
    render()
    rss_after = max_rss_mib()
    tracemalloc.start()
    render()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("Memory of one PDF render (render_report_pdf):")
    print(f"  tracemalloc peak (Python allocations only)  {peak / 2**20:7.1f} MiB")
    print(f"  process max RSS after the render (ru_maxrss) {rss_after:7.1f} MiB")
    print(f"    of which added by the render              {rss_after - rss_before:7.1f} MiB")
    print(f"    (max RSS before it: Django, migrations, seed import: {rss_before:.1f} MiB)")


def chromium_runs(chromium: str, html: str, fonts: Path, runs: int) -> tuple[list[float], bytes]:
    """Print `html` to PDF `runs` times, each a fresh Chromium with a fresh profile."""
    times, stderr_lines, pdf = [], [], b""
    with tempfile.TemporaryDirectory(prefix="pdf-bench-chromium-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        shutil.copytree(fonts, Path(tmp) / "fonts")  # so url(fonts/...) resolves
        for run in range(runs):
            out = Path(tmp) / f"out-{run}.pdf"
            command = [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tempfile.mkdtemp(prefix=f'profile-{run}-', dir=tmp)}",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
            times.append(time.perf_counter() - start)
            if done.returncode != 0 or not out.is_file():
                raise SystemExit(f"chromium failed ({done.returncode}):\n{done.stderr}")
            stderr_lines += [NOISE.sub("", s) for s in done.stderr.splitlines() if s.strip()]
            pdf = out.read_bytes()
    if stderr_lines:
        print(f"  Chromium wrote {len(stderr_lines)} stderr lines over {runs} runs:")
        for text, count in Counter(stderr_lines).most_common():
            print(f"    {count:3}x {text[:110]}")
    return times, pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each step (7)")
    runs = parser.parse_args().runs

    warnings = Collect()
    logging.getLogger("weasyprint").addHandler(warnings)
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as workdir:
        setup_django(Path(workdir))
        from django.db import connections

        from core.pdf import ASSETS
        from reviews.reports import render_report_html, render_report_pdf, report_of

        review = load_seed()
        report = report_of(review)
        print(f"Review: {review} (draft: {report.draft}); {runs} runs of each step\n")

        measure_memory(lambda: render_report_pdf(report))  # also warms WeasyPrint up
        print("\nTimes (wall clock; after one untimed render):")
        db_times, report = timed(lambda: report_of(review), runs)
        print(line("(a) report_of (DB read)", db_times))
        html_times, html = timed(lambda: render_report_html(report), runs)
        print(line("(b) render_report_html", html_times))
        pdf_times, pdf = timed(lambda: render_report_pdf(report), runs)
        print(line("(c) render_report_pdf (WeasyPrint)", pdf_times))
        export_times, _ = timed(lambda: render_report_pdf(report_of(review)), runs)
        print(line("(d) report_of + render_report_pdf", export_times))
        print(f"  PDF: {describe(pdf)}")
        print(f"  HTML: {len(html.encode()) / 1024:.0f} KiB")
        connections.close_all()

    if warnings.messages:
        print(f"\nWeasyPrint logged {len(warnings.messages)} warnings; distinct:")
        for text in dict.fromkeys(warnings.messages):
            print(f"  {text[:160]}")

    chromium = shutil.which("chromium")
    if chromium is None:
        print("\n`chromium` is not on PATH: skipping the Chromium comparison.")
        return
    print(f"\nHeadless Chromium ({chromium}), the same HTML from a file, one process per run:")
    chrome_times, chrome_pdf = chromium_runs(chromium, html, ASSETS / "fonts", runs)
    print(line("print-to-pdf (includes start-up)", chrome_times))
    print(f"  PDF: {describe(chrome_pdf)}")
    largest = max_rss_mib(resource.RUSAGE_CHILDREN)
    print(f"  max RSS of the largest single Chromium process: {largest:.0f} MiB")
    ratio = statistics.median(pdf_times) / statistics.median(chrome_times)
    print(f"\nRatio of medians, WeasyPrint (c) / Chromium: {ratio:.2f}")
    print("  (Chromium's time includes starting the browser; WeasyPrint's includes the template.)")


if __name__ == "__main__":
    main()
