#!/usr/bin/python3
"""Kernel benchmarks (not tests): cold start to the first executed cell's reply, the `1+1` round trip and,
with --cell, the round trip of a given cell (bench/run.sh times a DSL run this way against plain Java).

    /usr/bin/python3 kernel/bench/kernel_bench.py [--starts 5] [--trips 200] [--cell CODE] [--json] [JAVA_HOME ...]

Builds nothing: run `mvn -B -q -DskipTests -pl kernel -am package` first. Each JDK gets a kernelspec in a
scratch Jupyter dir. Prints medians (and min/max) per JDK.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))


def install(prefix, name, home):
    subprocess.run([os.path.join(REPO, "install/install.sh"), "--prefix", prefix, "--name", name,
                    "--java", os.path.join(home, "bin/java"), "--in-place", "--no-build"],
                   check=True, stdout=subprocess.DEVNULL)


def execute(client, code):
    msg_id = client.execute(code)
    while True:
        reply = client.get_shell_msg(timeout=120)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def cold_start(name):
    from jupyter_client.manager import KernelManager
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel(stderr=subprocess.DEVNULL)  # the kernel's own log
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    ready = time.perf_counter() - t0
    reply = execute(kc, "1+1")
    first_cell = time.perf_counter() - t0
    assert reply["content"]["status"] == "ok", reply
    return km, kc, ready, first_cell


def timed(client, code, repeats):
    """Median round trip of a cell over `repeats` runs, after one untimed run."""
    assert execute(client, code)["content"]["status"] == "ok", code
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        execute(client, code)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--trips", type=int, default=200)
    parser.add_argument("--cell", help="also time this cell (median of --cell-repeats, after one warm-up run)")
    parser.add_argument("--cell-repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the figures")
    parser.add_argument("homes", nargs="*",
                        default=["/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"])
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="zeroth-bench-")
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        os.environ[var] = os.path.join(work, var.lower())
    os.environ["JUPYTER_PATH"] = os.path.join(work, "share/jupyter")
    print(f"{'JDK':<40} {'kernel_info ready':>18} {'first cell reply':>17} {'1+1 round trip':>15}"
          + (f" {'cell':>10}" if args.cell else ""))
    figures = {}
    for home in args.homes:
        if not os.path.exists(os.path.join(home, "bin/java")):
            continue
        name = "bench-" + os.path.basename(home)
        install(work, name, home)
        readies, firsts = [], []
        for _ in range(args.starts):
            km, kc, ready, first = cold_start(name)
            readies.append(ready)
            firsts.append(first)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        km, kc, _, _ = cold_start(name)
        for _ in range(20):  # warm the JIT before timing the round trip
            execute(kc, "1+1")
        trips = []
        for _ in range(args.trips):
            t = time.perf_counter()
            execute(kc, "1+1")
            trips.append(time.perf_counter() - t)
        cell = timed(kc, args.cell, args.cell_repeats) if args.cell else None
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        jdk = os.path.basename(home)
        figures[jdk] = {"ready_s": statistics.median(readies), "first_cell_s": statistics.median(firsts),
                        "round_trip_s": statistics.median(trips), "cell_s": cell}
        print(f"{jdk:<40} {statistics.median(readies):>16.2f} s "
              f"{statistics.median(firsts):>15.2f} s {statistics.median(trips) * 1000:>12.1f} ms"
              + (f" {cell:>8.3f} s" if cell else "")
              + f"   (first cell min {min(firsts):.2f} / max {max(firsts):.2f} s over {args.starts} starts;"
              f" 1+1 p90 {sorted(trips)[int(0.9 * len(trips))] * 1000:.1f} ms over {args.trips})")
    if args.json:
        print(json.dumps(figures))

if __name__ == "__main__":
    sys.exit(main())
