"""Benchmark of importing a review file (YAML) into the database: reading it and writing it.

    .venv/bin/python benchmarks/review_import.py [--runs N] [--sizes S,M,L]

  S  the seed report, fixtures/haninge-2024.yaml (44 recommendations)
  M  the seed's audits repeated under new titles to about 1 MB (some 500 recommendations)
  L  the same to just under the 10 MB default limit (some 5,000 recommendations)

Each run imports the file into an empty database through `manage.py import_review`, as an
administrator does, and is timed from the file's bytes to the committed transaction; the
read (YAML, schema) is timed on its own too, and the queries are counted. Between runs the
database is emptied (`flush`). With DATABASE_URL unset it makes a throw-away SQLite
database in a temporary directory; with DATABASE_URL set it uses that database, which
must be one you can empty (for example a fresh `createdb bench_import`).
It prints medians; nothing is asserted.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "haninge-2024.yaml"
sys.path.insert(0, str(ROOT / "benchmarks"))

from review_file_reading import grown  # noqa: E402  (the same grown files as that benchmark)


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "audit_tracker.settings.base"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'benchmark.sqlite3'}")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def files() -> dict[str, bytes]:
    seed = SEED.read_text(encoding="utf-8")
    return {"S": seed.encode(), "M": grown(seed, 1_000_000), "L": grown(seed, 10_000_000)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="S,M,L")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir))
        from django.core.management import call_command
        from django.db import connection

        from reviews.documents import read_review_bytes
        from reviews.models import Recommendation

        print(f"database: {connection.vendor}, runs: {args.runs}")
        for size, data in files().items():
            if size not in args.sizes.split(","):
                continue
            path = Path(workdir) / f"review-{size}.yaml"
            path.write_bytes(data)
            reads, imports, queries = [], [], []
            for _run in range(args.runs):
                call_command("flush", interactive=False, verbosity=0)
                start = time.perf_counter()
                read_review_bytes(data)
                reads.append(time.perf_counter() - start)
                counted: list[int] = []

                def count(execute, *params, counted=counted):
                    counted.append(1)
                    return execute(*params)

                with connection.execute_wrapper(count):
                    start = time.perf_counter()
                    call_command(
                        "import_review", str(path), stdout=io.StringIO(), stderr=io.StringIO()
                    )
                    imports.append(time.perf_counter() - start)
                queries.append(len(counted))
            count = Recommendation.objects.count()
            print(
                f"  {size}: {len(data) / 1e6:5.2f} MB, {count:5,} recommendations: "
                f"import {statistics.median(imports):7.2f} s (read {statistics.median(reads):5.2f}"
                f" s), {statistics.median(queries):,.0f} queries "
                f"({statistics.median(queries) / count:.1f} per recommendation)"
            )


if __name__ == "__main__":
    main()
