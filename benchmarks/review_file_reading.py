"""Benchmark of reading a review file (YAML) before anything is imported: what the importer's
limits cost, and what the worst file within them costs.

Measures `read_review_bytes` (size and UTF-8 check, the event pass that refuses aliases,
deep nesting and floods, line numbers, the schema, the cross-reference rules), N times each
(median, min, max in seconds), and the process's max RSS after each size:

  S  the seed report, fixtures/haninge-2024.yaml (92 kB, 44 recommendations)
  M  the seed's audits repeated under new titles to about 1 MB (some 500 recommendations)
  L  the same to just under the 10 MB default limit (some 4,700 recommendations)
  flood  the worst a file within the limits can hold: the most values the node limit lets
         through, each an empty list (refused by the schema after being read)
  bomb   the alias bomb (nine levels of nine aliases, 300 bytes), refused before expanding

It needs no database; it only prints figures. Run from the repository root:

    .venv/bin/python benchmarks/review_file_reading.py [--runs N]
"""

import argparse
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "haninge-2024.yaml"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "audit_tracker.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def grown(seed: str, size: int) -> bytes:
    """The seed with its audits repeated under numbered titles until the file is `size`."""
    head, audits = seed.split("\naudits:\n", 1)
    audits = audits.removesuffix("...\n")
    parts, copy = [head, "\naudits:\n", audits], 1
    while sum(len(p.encode()) for p in parts) < size:
        copy += 1
        parts.append(re.sub(r"(\n  - title: )([^\n]*)", rf"\1\2 {copy}", audits))
    return ("".join(parts) + "...\n").encode()


def flood(max_nodes: int) -> bytes:
    return ("x: [" + "[]," * (max_nodes - 3) + "]\n...\n").encode()


def bomb() -> bytes:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n...\n").encode()


def measure(label: str, data: bytes, runs: int) -> None:
    from reviews.documents import DocumentError, read_review_bytes

    times, outcome = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        try:
            review_file = read_review_bytes(data)
            count = sum(
                len(g.recommendations) for a in review_file.document.audits for g in a.groups
            )
            outcome = f"read, {count} recommendations"
        except DocumentError as error:
            outcome = f"refused: {str(error.problems[0])[:60]}"
        times.append(time.perf_counter() - started)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {label:<6} {len(data) / 1e6:7.2f} MB  median {statistics.median(times):7.3f} s"
        f"  min {min(times):7.3f}  max {max(times):7.3f}  max RSS {rss:6.0f} MiB  ({outcome})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    setup_django()
    from django.conf import settings

    from reviews.documents.reading import BYTES_PER_NODE

    seed = SEED.read_text(encoding="utf-8")
    limit = settings.REVIEW_FILE_MAX_BYTES
    print(f"read_review_bytes, {runs} runs each; limit {limit / 2**20:.0f} MiB")
    measure("S", SEED.read_bytes(), runs)
    measure("M", grown(seed, 1_000_000), runs)
    measure("L", grown(seed, limit - 200_000), runs)
    measure("flood", flood(limit // BYTES_PER_NODE), max(1, runs // 2))
    measure("bomb", bomb(), runs)


if __name__ == "__main__":
    main()
