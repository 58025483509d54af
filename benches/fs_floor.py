#!/usr/bin/env python3
"""The file system's share of a build: creates N folders with one file of
SIZE bytes each (as a site generator writes N pretty-URL pages), on two
threads, and prints the wall-clock and CPU time that took. Neither koers nor
Hugo can build N pages faster than this on the same disk.

Usage:

    python3 benches/fs_floor.py DIR [N=10000] [SIZE=24000]

DIR must not exist; it is left behind for you to remove. Run it minutes
apart from large deletions: on ext4 without a journal, creating files right
after many were deleted is several times slower (see BENCHMARKS.md).
"""

import os
import sys
import threading
import time


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    root = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 24000
    data = b"x" * size
    os.makedirs(os.path.join(root, "stories"))

    def work(first):
        for i in range(first, n, 2):
            folder = os.path.join(root, "stories", f"story-{i}")
            os.mkdir(folder)
            with open(os.path.join(folder, "index.html"), "wb") as f:
                f.write(data)

    start, cpu = time.perf_counter(), os.times()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    end, cpu_end = time.perf_counter(), os.times()
    print(
        f"{n} folders with a {size}-byte file: {end - start:.2f} s wall-clock, "
        f"{cpu_end.user - cpu.user:.2f} s user, {cpu_end.system - cpu.system:.2f} s system"
    )


if __name__ == "__main__":
    main()
