#!/usr/bin/env python3
"""Bulk benchmark of the mlm-migrate binary against floors and peers, interleaved.

Usage (from the crate root; python3 standard library only, and /usr/bin/time for peak RSS):

    python3 benches/bulk.py            # the full run: 10,000 items, 5 pairs, 100,000-item RSS
    python3 benches/bulk.py --quick    # 1,000 items, 5 pairs, no 100,000-item RSS, no peers

What it does:

1. Builds a catalog of N items (``--items``, default 10,000; 100 per directory) in a scratch
   directory (``--scratch``, default /tmp/mlm-migrate-bench) from the official MLM v1.0.0-v1.3.0
   example items in ../shared/examples (8.7 kB on average; read in place, each copy given its
   own id), and the same items as one NDJSON file (one compact document per line).
2. Builds the release binary (``cargo build --release``) and the serde_json floor program
   (``cargo bench --bench floor --no-run``: read, parse, pretty-print, write with rayon, or
   parse only; same serde_json features as the crate).
3. Runs each pair A B A B ... (``--pairs``, default and minimum 5) after one warm-up run of each
   (each run starts after ``sync``, so the previous run's writeback is not billed to the next;
   folder outputs go to a new folder at every run, all removed at the end, since creating files
   right after removing 10,000 costs seconds of kernel time on ext4 without a journal), and
   prints the median ratio with its range (ratio = B's time / A's time, that is A's
   throughput relative to B's: above 1 means A is faster), the median times, items per second
   and the peak RSS of each side (``/usr/bin/time -f %M``, the largest of its runs):

   - ``-o OUT`` vs the floor's parallel read-parse-pretty-write;
   - ``--check`` vs the floor's parallel parse-only pass;
   - ``--check`` of the same catalog once migrated (every item current, as in CI once a
     catalog is kept up to date) vs the floor's parse-only pass of it;
   - ``-j2`` vs ``-j1`` for ``-o`` and ``--check`` (the speed-up from a second thread);
   - NDJSON (N items in one file, ``-o OUT.ndjson``) vs the floor's NDJSON pass, rustac
     ``translate --migrate``, pystac + pystac-ext-mlm ``Item.from_dict(d, migrate=True)
     .to_dict()`` and npm stac-migrate ``Migrate.item``; peers are installed into the scratch
     directory (a venv, an npm prefix) and skipped with the reason printed when that fails.
4. Peak RSS at ``--rss-items`` items (default 100,000; 0 skips) for ``--check``, ``-o`` and
   ``-w``, each with ``--report json`` (written to /dev/null).

mlm-migrate runs with ``--allow-lossy`` (every item is written, as the floor writes every file),
no schemas (``MLM_MIGRATE_CACHE`` points to an empty directory), stderr to a file. The scratch
directory is removed at the end unless ``--keep``.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TAGS = ["v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0"]


def say(text=""):
    print(text, flush=True)


# ---------------------------------------------------------------- data


def sources():
    """The official MLM 1.0-1.3 example items, as text."""
    out = []
    for tag in TAGS:
        d = SHARED / "examples" / "mlm" / tag
        for p in sorted(d.glob("item_*.json")):
            out.append(p.read_text())
    if not out:
        sys.exit(f"no example items under {SHARED / 'examples' / 'mlm'}")
    return out


def build_catalog(dest, n, texts, collection=True):
    """N items, 100 per directory, each with its own id, under a `collection.json` that
    links every item (the layout stactools and pystac write; the items name the collection
    `ml-model-examples`) unless `collection` is false; returns the items' total size in
    bytes."""
    if dest.exists():
        shutil.rmtree(dest)
    total = 0
    links = [{"rel": "root", "href": "./collection.json", "type": "application/json"}]
    for i in range(n):
        sub = dest / f"{i // 100:04}"
        if i % 100 == 0:
            sub.mkdir(parents=True)
        text = texts[i % len(texts)].replace('"id": "', f'"id": "{i}-', 1)
        (sub / f"item-{i}.json").write_text(text)
        total += len(text.encode())
        links.append({"rel": "item", "href": f"./{sub.name}/item-{i}.json", "type": "application/json"})
    if not collection:
        return total
    collection = {
        "type": "Collection",
        "stac_version": "1.0.0",
        "id": "ml-model-examples",
        "description": "mlm-migrate bulk benchmark",
        "license": "proprietary",
        "extent": {
            "spatial": {"bbox": [[-180, -90, 180, 90]]},
            "temporal": {"interval": [[None, None]]},
        },
        "links": links,
    }
    text = json.dumps(collection, indent=2) + "\n"
    (dest / "collection.json").write_text(text)
    return total


def build_large(dest, texts, classes=21_843):
    """One item whose first model output lists `classes` classes (ImageNet-21k's count, as
    classifiers published with their full label list carry); returns its size in bytes."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    doc = json.loads(texts[0])
    output = doc["properties"]["mlm:output"][0]
    # The spelling the schemas validate (most official examples write `classification_classes`,
    # which no schema or typed check looks into).
    output.pop("classification_classes", None)
    output["classification:classes"] = [
        {"value": i, "name": f"class_{i}", "description": f"synset {i:08}"} for i in range(classes)
    ]
    text = json.dumps(doc, indent=2) + "\n"
    (dest / "large.json").write_text(text)
    return len(text.encode())


def build_ndjson(dest, n, texts):
    docs = [json.loads(t) for t in texts]
    with open(dest, "w") as f:
        for i in range(n):
            d = dict(docs[i % len(docs)])
            d["id"] = f"{i}-{d.get('id', '')}"
            f.write(json.dumps(d, separators=(",", ":")) + "\n")


# ---------------------------------------------------------------- builds


def cargo(args):
    say(f"$ cargo {' '.join(args)}")
    r = subprocess.run(["cargo", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"cargo {' '.join(args)} failed")
    return r.stdout


def build():
    cargo(["build", "--release", "--locked", "--bin", "mlm-migrate"])
    out = cargo(["bench", "--locked", "--bench", "floor", "--no-run", "--message-format=json"])
    floor = None
    for line in out.splitlines():
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("target", {}).get("name") == "floor" and msg.get("executable"):
            floor = msg["executable"]
    if not floor:
        sys.exit("the floor program was not built")
    return ROOT / "target" / "release" / "mlm-migrate", Path(floor)


# ---------------------------------------------------------------- peers


def install_python_peers(scratch):
    """A venv with rustac, pystac and pystac-ext-mlm; (python, rustac) or reasons."""
    venv = scratch / "venv"
    py = venv / "bin" / "python"
    reasons = {}
    if not py.exists():
        r = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if r.returncode != 0:
            return None, None, {"all": f"python3 -m venv failed: {r.stderr.strip()[-200:]}"}
    for pkg in ["rustac", "pystac", "pystac-ext-mlm"]:
        r = subprocess.run(
            [str(py), "-m", "pip", "install", "-q", pkg], capture_output=True, text=True
        )
        if r.returncode != 0:
            reasons[pkg] = f"pip install {pkg} failed: {r.stderr.strip()[-200:]}"
    rustac = venv / "bin" / "rustac"
    return (
        py if "pystac" not in reasons and "pystac-ext-mlm" not in reasons else None,
        rustac if rustac.exists() else None,
        reasons,
    )


def install_stac_migrate(scratch):
    """An npm prefix with @radiantearth/stac-migrate; the module dir, or a reason."""
    if not shutil.which("node") or not shutil.which("npm"):
        return None, "node or npm not found"
    prefix = scratch / "npm"
    module = prefix / "node_modules" / "@radiantearth" / "stac-migrate"
    if module.exists():
        return module, None
    prefix.mkdir(parents=True, exist_ok=True)
    try:
        r = subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
             "@radiantearth/stac-migrate"],
            capture_output=True, text=True, timeout=300,
        )
    except subprocess.TimeoutExpired:
        return None, "npm install timed out"
    if r.returncode != 0 or not module.exists():
        return None, f"npm install failed: {r.stderr.strip()[-200:]}"
    return module, None


PYSTAC = """
import json, sys
import pystac
import pystac.extensions.mlm  # registers the MLM extension hooks
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        if line.strip():
            d = pystac.Item.from_dict(json.loads(line), migrate=True).to_dict()
            out.write(json.dumps(d) + "\\n")
"""

STAC_MIGRATE = """
const fs = require("fs"), readline = require("readline");
const Migrate = require(process.argv[2]);
const out = fs.createWriteStream(process.argv[4]);
const rl = readline.createInterface({input: fs.createReadStream(process.argv[3]), crlfDelay: Infinity});
rl.on("line", (line) => { if (line.trim()) out.write(JSON.stringify(Migrate.item(JSON.parse(line))) + "\\n"); });
rl.on("close", () => out.end());
"""


# ---------------------------------------------------------------- runs


class Side:
    """One command of a pair: what to run, what to clear before each run, exit codes accepted.

    ``fresh``: an output path in ``cmd`` replaced at each run by a new path under ``RUNS`` (the
    folder outputs are written to, removed only at the end of the benchmark).
    """

    def __init__(self, label, cmd, clear=(), ok=(0,), env=None, fresh=None):
        self.label, self.cmd, self.clear, self.ok, self.env = label, cmd, clear, ok, env
        self.fresh = fresh
        self.times, self.rss = [], 0


# Folder outputs go to a new folder at every run, and all of them are removed only at the end.
# Removing the previous run's 10,000 files right before a run makes every file creation on ext4
# without a journal scan the inodes deleted in the last minute (`recently_deleted`): seconds of
# kernel time billed to whichever side ran next, varying 1-10x between runs.
RUNS = {"dir": None, "count": 0}


def fresh_path(base):
    RUNS["count"] += 1
    return RUNS["dir"] / f"{base.name}-{RUNS['count']}"


def run_once(side, log):
    if side.fresh is not None:
        new = fresh_path(side.fresh)
        cmd = [new if c == side.fresh else c for c in side.cmd]
        side = Side(side.label, cmd, side.clear, side.ok, side.env)
    for p in side.clear:
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    # Flush the dirty pages of the previous run (its output, the tree just removed) before the
    # clock starts: otherwise their writeback is billed to whichever side runs next.
    os.sync()
    rss_file = Path(str(log) + ".rss")
    # /usr/bin/time forks the command from its own small process: a child forked from this
    # Python process would report at least Python's RSS (Linux keeps the high-water mark
    # across exec).
    cmd = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *map(str, side.cmd)]
    with open(log, "w") as err:
        start = time.perf_counter()
        code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err, env=side.env).returncode
        elapsed = time.perf_counter() - start
    if code not in side.ok:
        tail = Path(log).read_text()[-600:]
        sys.exit(f"{side.label}: exit {code}\n$ {' '.join(map(str, side.cmd))}\n{tail}")
    lines = rss_file.read_text().split()
    return elapsed, int(lines[-1]) / 1024  # KiB


def pair(name, a, b, n, pairs, scratch, what="ratio"):
    """A B A B ...; prints A's throughput relative to B's (B time / A time)."""
    log = scratch / "stderr.log"
    for side in (a, b):  # warm-up (page cache, imports), not counted
        run_once(side, log)
    for _ in range(pairs):
        for side in (a, b):
            t, rss = run_once(side, log)
            side.times.append(t)
            side.rss = max(side.rss, rss)
    ratios = [tb / ta for ta, tb in zip(a.times, b.times)]
    ma, mb = statistics.median(a.times), statistics.median(b.times)
    say(f"{name}")
    say(
        f"  {what} {statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f},"
        f" {pairs} pairs)"
    )
    for side, m in ((a, ma), (b, mb)):
        say(
            f"  {side.label:<34} {m:7.2f} s  {n / m:8.0f} items/s  peak RSS {side.rss:7.1f} MiB"
        )


def rss_at_scale(binary, env, scratch, n, texts):
    say(f"\npeak RSS at {n:,} items (--report json to /dev/null)")
    data = scratch / "big"
    # Without the collection.json: at this size it is one 12 MB document, whose reading
    # measures the size of one document, not whether memory stays flat over many.
    size = build_catalog(data, n, texts, collection=False)
    say(f"  catalog: {n:,} items, {size / 1e6:.0f} MB")
    log = scratch / "stderr.log"
    out = scratch / "big-out"
    runs = [
        ("--check", ["--check", data], (), (0, 1)),
        ("-o OUT", [data, "-o", out], (out,), (0, 1)),
        ("-w", ["-w", data], (), (0, 1)),
    ]
    for label, args, clear, ok in runs:
        side = Side(label, [binary, *args, "--allow-lossy", "--report", "json"], clear, ok, env)
        t, rss = run_once(side, log)
        say(f"  {label:<10} {t:7.1f} s  {n / t:8.0f} items/s  peak RSS {rss:7.1f} MiB")
    shutil.rmtree(data)
    if out.exists():
        shutil.rmtree(out)


def rss_of_collection(binary, env, scratch, n, texts):
    """Peak RSS of one ItemCollection JSON file of `n` items (read feature by feature)."""
    say(f"\npeak RSS of one ItemCollection of {n:,} items (--report json to /dev/null)")
    path = scratch / "collection-of-items.json"
    features = [json.loads(texts[i % len(texts)].replace('"id": "', f'"id": "{i}-', 1))
                for i in range(n)]
    text = json.dumps({"type": "FeatureCollection", "features": features}, indent=2) + "\n"
    path.write_text(text)
    say(f"  collection: {n:,} items, {len(text.encode()) / 1e6:.0f} MB")
    log = scratch / "stderr.log"
    out = scratch / "collection-out.json"
    runs = [
        ("--check", ["--check", path], (), (0, 1)),
        ("-o OUT", [path, "-o", out], (out,), (0, 1)),
    ]
    for label, args, clear, ok in runs:
        side = Side(label, [binary, *args, "--allow-lossy", "--report", "json",
                            "--report-file", "/dev/null"], clear, ok, env)
        t, rss = run_once(side, log)
        say(f"  {label:<10} {t:7.2f} s  {n / t:8.0f} items/s  peak RSS {rss:7.1f} MiB")
    for p in (path, out):
        if p.exists():
            p.unlink()


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=10_000, help="catalog size for the pairs")
    ap.add_argument("--pairs", type=int, default=5, help="A B pairs per comparison (>= 5)")
    ap.add_argument("--rss-items", type=int, default=100_000,
                    help="catalog size for the peak-RSS runs (0 skips them)")
    ap.add_argument("--quick", action="store_true",
                    help="1,000 items, no peak-RSS runs at scale, no peers")
    ap.add_argument("--no-peers", action="store_true", help="skip rustac, pystac, stac-migrate")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built")
    ap.add_argument("--other", type=Path,
                    help="also compare this mlm-migrate binary (e.g. another allocator) on -o")
    ap.add_argument("--scratch", type=Path, default=Path("/tmp/mlm-migrate-bench"))
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = ap.parse_args()
    if args.quick:
        args.items, args.rss_items, args.no_peers = min(args.items, 1_000), 0, True
    args.pairs = max(args.pairs, 5)
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is missing: the benchmark reads the official examples there")

    scratch = args.scratch
    scratch.mkdir(parents=True, exist_ok=True)
    if args.no_build:
        binary = ROOT / "target" / "release" / "mlm-migrate"
        floors = sorted((ROOT / "target" / "release" / "deps").glob("floor-*"))
        floor = next(p for p in reversed(floors) if os.access(p, os.X_OK) and p.suffix == "")
    else:
        binary, floor = build()

    texts = sources()
    n = args.items
    data, ndjson = scratch / "catalog", scratch / "items.ndjson"
    size = build_catalog(data, n, texts)
    build_ndjson(ndjson, n, texts)
    out, out_nd = scratch / "out", scratch / "out.ndjson"
    RUNS["dir"] = scratch / "runs"
    if RUNS["dir"].exists():
        shutil.rmtree(RUNS["dir"])
    RUNS["dir"].mkdir()
    env = dict(os.environ, NO_COLOR="1", MLM_MIGRATE_CACHE=str(scratch / "no-schema-cache"))
    env.pop("MLM_MIGRATE_SCHEMAS", None)
    floor_env = dict(env)
    floor_env.pop("RAYON_NUM_THREADS", None)

    say(f"\nmlm-migrate bulk benchmark: {n:,} items ({size / n / 1000:.1f} kB mean, "
        f"{len(texts)} official MLM 1.0-1.3 examples), {os.cpu_count()} CPUs, {args.pairs} pairs"
        f" A B A B after one warm-up each; ratio = A's throughput / B's\n")

    mm = [binary, "--allow-lossy"]
    pair("-o OUT vs floor write (rayon)",
         Side("A mlm-migrate DIR -o OUT", [*mm, data, "-o", out], env=env, fresh=out),
         Side("B floor write DIR OUT", [floor, "write", data, out], env=floor_env, fresh=out),
         n, args.pairs, scratch)
    pair("--check vs floor parse (rayon)",
         Side("A mlm-migrate --check DIR", [*mm, "--check", data], ok=(0, 1), env=env),
         Side("B floor parse DIR", [floor, "parse", data], env=floor_env),
         n, args.pairs, scratch)
    # The same catalog once migrated: what `--check` meets in CI once a catalog is kept current.
    current = scratch / "current"
    subprocess.run([*mm, "-q", data, "-o", current], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pair("--check of the migrated (up-to-date) catalog vs floor parse (rayon)",
         Side("A mlm-migrate --check CURRENT", [*mm, "--check", current], ok=(0, 1), env=env),
         Side("B floor parse CURRENT", [floor, "parse", current], env=floor_env),
         n, args.pairs, scratch)
    large = scratch / "large"
    large_size = build_large(large, texts)
    pair(f"one item of {large_size / 1e6:.1f} MB (21,843 classes): --check vs floor parse",
         Side("A mlm-migrate --check ITEM", [*mm, "--check", large], ok=(0, 1), env=env),
         Side("B floor parse ITEM", [floor, "parse", large], env=floor_env),
         1, args.pairs, scratch)
    pair("-o OUT: 2 threads vs 1",
         Side("A mlm-migrate -j2 -o OUT", [*mm, "-j2", data, "-o", out], env=env, fresh=out),
         Side("B mlm-migrate -j1 -o OUT", [*mm, "-j1", data, "-o", out], env=env, fresh=out),
         n, args.pairs, scratch, what="speed-up")
    pair("--check: 2 threads vs 1",
         Side("A mlm-migrate -j2 --check", [*mm, "-j2", "--check", data], ok=(0, 1), env=env),
         Side("B mlm-migrate -j1 --check", [*mm, "-j1", "--check", data], ok=(0, 1), env=env),
         n, args.pairs, scratch, what="speed-up")
    if args.other:
        pair(f"-o OUT vs {args.other}",
             Side("A mlm-migrate DIR -o OUT", [*mm, data, "-o", out], env=env, fresh=out),
             Side("B other DIR -o OUT", [args.other, "--allow-lossy", data, "-o", out],
                  env=env, fresh=out),
             n, args.pairs, scratch)

    ours_nd = Side("A mlm-migrate ITEMS.ndjson -o OUT", [*mm, ndjson, "-o", out_nd], (out_nd,),
                   env=env)
    pair("NDJSON vs floor ndjson (one thread)", ours_nd,
         Side("B floor ndjson", [floor, "ndjson", ndjson, out_nd], (out_nd,), env=floor_env),
         n, args.pairs, scratch)
    if args.no_peers:
        say("\npeers skipped (--quick or --no-peers)")
    else:
        py, rustac, reasons = install_python_peers(scratch)
        peers = []
        if rustac:
            peers.append(Side("B rustac translate --migrate",
                              [rustac, "translate", "--migrate", ndjson, out_nd], (out_nd,)))
        else:
            say(f"skipped rustac: {reasons.get('rustac') or reasons.get('all')}")
        if py:
            script = scratch / "pystac_migrate.py"
            script.write_text(PYSTAC)
            peers.append(Side("B pystac from_dict(migrate=True)", [py, script, ndjson, out_nd],
                              (out_nd,)))
        else:
            why = reasons.get("pystac") or reasons.get("pystac-ext-mlm") or reasons.get("all")
            say(f"skipped pystac: {why}")
        module, why = install_stac_migrate(scratch)
        if module:
            script = scratch / "stac_migrate.js"
            script.write_text(STAC_MIGRATE)
            peers.append(Side("B stac-migrate Migrate.item", ["node", script, module, ndjson,
                                                              out_nd], (out_nd,)))
        else:
            say(f"skipped stac-migrate: {why}")
        for peer in peers:
            ours = Side(ours_nd.label, ours_nd.cmd, ours_nd.clear, env=env)
            pair(f"NDJSON vs {peer.label[2:]}", ours, peer, n, args.pairs, scratch)

    if args.rss_items:
        rss_at_scale(binary, env, scratch, args.rss_items, texts)
        rss_of_collection(binary, env, scratch, 2_000, texts)

    for p in (data, large, ndjson, out, out_nd, RUNS["dir"]):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    if not args.keep:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
