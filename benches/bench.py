#!/usr/bin/env python3
"""Benchmark harness for koers: builds synthetic sites of N story pages
(examples/gen_corpus.rs) and records, per size, the full-build time and peak
memory of `koers build`, the incremental rebuild time of `koers serve` after
editing one story, and the same corpus built with Hugo (when installed) as a
reference in the same run. Writes the results as a Markdown table.

Usage (from the repository root):

    cargo build --release --bin koers --example gen_corpus
    python3 benches/bench.py [--sizes 1000,10000,50000] [--repeat 3] [--instructions 1000] [--out BENCHMARKS-results.md]

Full builds run --repeat times per size, koers and Hugo in turn, each into a
new folder, after the generated corpus has been written to disk; the median
of each tool is reported. Timings are wall-clock seconds on whatever machine
runs this; run it on an otherwise idle machine and compare numbers from the
same run only. With valgrind installed, the instructions of one build of
the --instructions size are counted too: a figure that does not move with
the machine's load.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOERS = ROOT / "target" / "release" / "koers"
GEN = ROOT / "target" / "release" / "examples" / "gen_corpus"


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time; returns (wall-clock seconds, peak RSS in
    MiB, CPU seconds: user and system). CPU time moves less than wall-clock
    time with the load of a shared machine."""
    start = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M %U %S"] + cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{proc.stderr[-2000:]}")
    peak_kib, user, system = proc.stderr.strip().splitlines()[-1].split()
    return elapsed, int(peak_kib) / 1024, float(user) + float(system)


def settle(seconds=10):
    """Lets the freshly generated corpus reach the disk before timing, so
    that its write-back does not compete with the first build."""
    os.sync()
    time.sleep(seconds)


def median_run(runs):
    """The median wall-clock and CPU time of repeated runs, and the largest
    peak memory."""
    mid = lambda xs: sorted(xs)[len(xs) // 2]
    return mid([r[0] for r in runs]), max(r[1] for r in runs), mid([r[2] for r in runs])


def instructions(site):
    """Instructions of one full build under callgrind: unlike times, the
    same for the same binary and input whatever else the machine does."""
    if not shutil.which("valgrind"):
        return None
    with tempfile.TemporaryDirectory(prefix="koers-callgrind-") as tmp:
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", str(KOERS), "build", "--quiet", "--content", str(site / "content"), "--output", f"{tmp}/site"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    for line in proc.stderr.splitlines():
        if "refs:" in line:
            return int(line.split("refs:")[1].strip().replace(",", ""))
    raise SystemExit(f"callgrind gave no count:\n{proc.stderr[-2000:]}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
        return r.read().decode("utf-8", "replace")


def status(port):
    return json.loads(fetch(port, "/__koers/status"))


def wait_idle(port, deadline_s=900):
    """Waits until koers serve has no rebuild running."""
    deadline = time.time() + deadline_s
    while True:
        try:
            st = status(port)
            if st["version"] >= 1 and not st["building"]:
                return
        except OSError:
            pass
        if time.time() > deadline:
            raise SystemExit("koers serve did not finish its rebuild")
        time.sleep(0.01)


def incremental(content, output, edits=5):
    """Starts koers serve, edits one story `edits` times and measures, per
    edit, the time from the file write until the rebuilt page is served
    (what an author waits for) and until the whole site is rebuilt (the
    overviews, reports and search index that show the story). Each edit
    waits for the previous rebuild to finish. Returns (best, median) of
    both: ((page best, page median), (site best, site median))."""
    port = free_port()
    proc = subprocess.Popen(
        [str(KOERS), "serve", "--port", str(port), "--content", str(content), "--output", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_idle(port)
        story = content / "stories" / "story-5.md"
        original = story.read_text()
        page, site = [], []
        for k in range(edits):
            marker = f"bewerking-{k}-{time.time_ns()}"
            version = status(port)["version"]
            start = time.perf_counter()
            story.write_text(original + f"\n{marker}\n")
            while marker not in fetch(port, "/stories/story-5/"):
                time.sleep(0.002)
            page.append(time.perf_counter() - start)
            while True:
                st = status(port)
                if st["version"] > version and not st["building"]:
                    break
                time.sleep(0.01)
            site.append(time.perf_counter() - start)
            time.sleep(0.2)
        story.write_text(original)
        best_median = lambda xs: (min(xs), sorted(xs)[len(xs) // 2])
        return best_median(page), best_median(site)
    finally:
        proc.terminate()
        proc.wait()


def pdf_note(n, site):
    """Times koers with the PDF edition on: a fresh build, then a rebuild
    into the same output, which takes every unchanged PDF from it."""
    config = site / "content" / "site.yaml"
    config.write_text(config.read_text().replace("pdf: false", "pdf: true"))
    out = site / "out-pdf"
    settle(3)
    fresh = timed([str(KOERS), "build", "--quiet", "--content", str(site / "content"), "--output", str(out)])
    settle(3)
    again = timed([str(KOERS), "build", "--quiet", "--content", str(site / "content"), "--output", str(out)])
    config.write_text(config.read_text().replace("pdf: true", "pdf: false"))
    pdfs = sorted(out.rglob("*.pdf"))
    size = sum(p.stat().st_size for p in pdfs)
    return (
        f"{n} stories with the PDF edition on ({len(pdfs)} PDFs, {size / 1e6:.1f} MB): "
        f"fresh build {fresh[0]:.2f} s ({fresh[2]:.1f} s CPU, {fresh[1]:.0f} MiB), "
        f"into the same output again {again[0]:.2f} s ({again[2]:.1f} s CPU)."
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--incremental-max", type=int, default=10000, help="largest size to measure incremental rebuilds for")
    parser.add_argument("--repeat", type=int, default=3, help="full builds per tool and size, alternating; the median is reported")
    parser.add_argument("--instructions", type=int, default=1000, help="count the instructions of a build of this size with callgrind (0: do not)")
    parser.add_argument("--out", default=None)
    parser.add_argument("--pdf", action="store_true", help="also time koers with the PDF edition on (the corpus has it off, as Hugo makes none): a fresh build, then one into the same output")
    parser.add_argument("--hugo", default=None, help="the Hugo binary to compare with (default: hugo on PATH)")
    args = parser.parse_args()
    for tool in (KOERS, GEN):
        if not tool.exists():
            raise SystemExit(f"{tool} missing: cargo build --release --bin koers --example gen_corpus")
    hugo = args.hugo or shutil.which("hugo")
    hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else "not installed"
    koers_version = subprocess.run([str(KOERS), "--version"], capture_output=True, text=True).stdout.strip()
    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="koers-bench-") as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            site = Path(tmp) / f"koers-{n}"
            hugo_site = Path(tmp) / f"hugo-{n}"
            subprocess.run([str(GEN), str(n), str(site), str(hugo_site)], check=True)
            settle()
            # Alternating builds, each into a new folder (deleting a large
            # folder slows down creating files for minutes afterwards); the
            # median of each tool's runs.
            koers_runs, hugo_runs = [], []
            for r in range(args.repeat):
                # Each build starts with the disk caught up: the output the
                # other tool has just written (up to a gigabyte) is not
                # still being written back while this one is timed.
                settle(3)
                koers_runs.append(timed([str(KOERS), "build", "--quiet", "--content", str(site / "content"), "--output", str(site / f"out-{r}")]))
                if hugo:
                    settle(3)
                    hugo_runs.append(timed([hugo, "--quiet", "-s", str(hugo_site), "-d", str(hugo_site / f"public-{r}")]))
            full, peak, cpu = median_run(koers_runs)
            pages = sum(1 for _ in (site / "out-0").rglob("*.html"))
            inc = incremental(site / "content", site / "out-serve") if n <= args.incremental_max else None
            if hugo:
                h_full, h_peak, h_cpu = median_run(hugo_runs)
            else:
                h_full, h_peak, h_cpu = None, None, None
            if args.pdf:
                notes.append(pdf_note(n, site))
            row = {"stories": n, "pages": pages, "koers_s": full, "koers_cpu": cpu, "koers_mib": peak, "inc": inc, "hugo_s": h_full, "hugo_cpu": h_cpu, "hugo_mib": h_peak}
            rows.append(row)
            print(json.dumps(row), flush=True)
        # Last, so that its folder is not deleted just before a timed build.
        counted_site = Path(tmp) / f"koers-{args.instructions}"
        if args.instructions and counted_site.exists():
            counted = instructions(counted_site)
            if counted:
                print(f"instructions of one build of {args.instructions} stories (callgrind): {counted:,}", flush=True)
                notes.append(f"Instructions of one koers build of {args.instructions} stories (`valgrind --tool=callgrind`): {counted / 1e9:.2f} billion.")
    lines = [
        f"koers: {koers_version}; Hugo: {hugo_version}; machine: {os.cpu_count()} cores; full builds: median of {args.repeat}, koers and Hugo in turn.",
        "",
        "| stories | koers pages | koers full build (CPU) | koers peak memory | edit to page served (best / median of 5) | edit to site rebuilt (best / median) | Hugo full build (CPU) | Hugo peak memory | time koers/Hugo | CPU koers/Hugo | memory koers/Hugo |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ms = lambda pair: f"{pair[0] * 1000:.0f} ms / {pair[1] * 1000:.0f} ms"
    for r in rows:
        inc = f"{ms(r['inc'][0])} | {ms(r['inc'][1])}" if r["inc"] else "– | –"
        hugo_s = f"{r['hugo_s']:.2f} s ({r['hugo_cpu']:.1f} s)" if r["hugo_s"] else "–"
        hugo_m = f"{r['hugo_mib']:.0f} MiB" if r["hugo_mib"] else "–"
        ratio_t = f"{r['koers_s'] / r['hugo_s']:.2f}×" if r["hugo_s"] else "–"
        ratio_c = f"{r['koers_cpu'] / r['hugo_cpu']:.2f}×" if r["hugo_cpu"] else "–"
        ratio_m = f"{r['koers_mib'] / r['hugo_mib']:.2f}×" if r["hugo_mib"] else "–"
        lines.append(
            f"| {r['stories']} | {r['pages']} | {r['koers_s']:.2f} s ({r['koers_cpu']:.1f} s) | {r['koers_mib']:.0f} MiB | {inc} | {hugo_s} | {hugo_m} | {ratio_t} | {ratio_c} | {ratio_m} |"
        )
    lines.extend([""] + notes if notes else [])
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text)


if __name__ == "__main__":
    sys.exit(main())
