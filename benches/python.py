"""Time per item through the Python API, against the Rust library and against pystac.

Run (in an environment where `pip install "./python[test]"` was done):

    python benches/python.py          # BENCH_ITEMS=400 items, BENCH_PAIRS=7 rounds

Items: the official MLM 1.0.0-1.3.0 `item_*.json` examples in ../shared/examples (read in
place, never copied), repeated with distinct ids up to BENCH_ITEMS, as the Rust bench
`cargo bench --bench migrate` builds its catalog. Each round times, interleaved, on the same
items:

- rust:        the Rust library doing what `mlm_migrate.migrate` does eagerly
               (`mlm_migrate::run::process_bytes_with(.., Stages::OUTPUT)`: read, detect,
               migrate, format-preserving write, refusals; validation and the preprocessing
               check run when `.check`/`.validation` is first read) over the texts, in one Rust
               loop with no Python in it (`_native._time_library`);
- python-text: `mlm_migrate.migrate(text, allow_lossy=True).text` over the same texts (the
               output dict is parsed only when `.output` is read);
- python-dict: `mlm_migrate.migrate(dict, allow_lossy=True).output` over the parsed items
               (the dict read into the library's value and the output dict built from the
               migrated value in Rust: no JSON text on either side);
- pystac:      `pystac.Item.from_dict(d, migrate=True).to_dict()` over the parsed items
               (pystac's own migration, which does no MLM field work).

Prints per-item medians, and per round the ratios
python/rust (target <= 1.5) and pystac/python (target >= 2), as median and range.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import mlm_migrate  # noqa: E402
from mlm_migrate import _native  # noqa: E402

try:
    import pystac
except ImportError:  # pragma: no cover
    sys.exit("bench.py needs pystac: pip install 'pystac>=1.8'")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def items(n: int) -> list:
    sources = []
    for tag in ["v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0"]:
        for p in sorted((SHARED / "examples/mlm" / tag).glob("item_*.json")):
            sources.append(p.read_text())
    if not sources:
        sys.exit(f"no official examples under {SHARED / 'examples'}")
    return [
        sources[i % len(sources)].replace('"id": "', f'"id": "{i}-', 1) for i in range(n)
    ]


def per_item(seconds: float, n: int) -> float:
    return seconds / n * 1e6  # microseconds


def main() -> None:
    n = int(os.environ.get("BENCH_ITEMS", "400"))
    pairs = int(os.environ.get("BENCH_PAIRS", "7"))
    texts = items(n)
    dicts = [json.loads(t) for t in texts]

    def rust() -> float:
        return _native._time_library(texts, True, False)

    def python_text() -> float:
        start = time.perf_counter()
        for t in texts:
            assert mlm_migrate.migrate(t, allow_lossy=True).text
        return time.perf_counter() - start

    def python_dict() -> float:
        start = time.perf_counter()
        for d in dicts:
            assert mlm_migrate.migrate(d, allow_lossy=True).output
        return time.perf_counter() - start

    def pystac_migrate() -> float:
        start = time.perf_counter()
        for d in dicts:
            pystac.Item.from_dict(d, migrate=True).to_dict()
        return time.perf_counter() - start

    runs = {"rust": rust, "python-text": python_text, "python-dict": python_dict, "pystac": pystac_migrate}
    for f in runs.values():  # warm-up
        f()
    times = {k: [] for k in runs}
    for _ in range(pairs):
        for k, f in runs.items():
            times[k].append(per_item(f(), n))

    def ratio(a: str, b: str) -> str:
        rs = [x / y for x, y in zip(times[a], times[b])]
        return f"{statistics.median(rs):.2f}x (range {min(rs):.2f}-{max(rs):.2f})"

    print(f"{n} items (official MLM 1.0.0-1.3.0 examples), {pairs} interleaved rounds, "
          f"mlm-migrate {mlm_migrate.__version__}, pystac {pystac.__version__}, "
          f"Python {sys.version.split()[0]}")
    for k in runs:
        print(f"  {k:<12} {statistics.median(times[k]):8.1f} us/item (median)")
    print(f"  python-text / rust:   {ratio('python-text', 'rust')}  (target <= 1.5x)")
    print(f"  python-dict / rust:   {ratio('python-dict', 'rust')}  (target <= 1.5x)")
    print(f"  pystac / python-dict: {ratio('pystac', 'python-dict')}  (target >= 2x faster)")
    print(f"  pystac / python-text: {ratio('pystac', 'python-text')}")


if __name__ == "__main__":
    main()
