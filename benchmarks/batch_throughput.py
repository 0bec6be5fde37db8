#!/usr/bin/python3
"""Batch throughput of `tralign align|diff --jsonl` with --jobs 1 versus --jobs N.

Splits a line-parallel corpus into documents by its .docs file (name, first line, count),
writes them as JSONL ({"id", "source", "target"}, a document's lines joined by line breaks),
repeated --repeat times so the run is long enough to time, and runs the tool on it.

    /usr/bin/python3 benchmarks/batch_throughput.py --tralign build/bin/tralign \
        --corpus ../shared/corpora/de-fr/wmtdoc --source de --target fr --repeat 10 --runs 5
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time


def documents(corpus, source, target):
    with open(f"{corpus}.{source}.seg", encoding="utf-8") as f:
        source_lines = f.read().split("\n")
    with open(f"{corpus}.{target}.seg", encoding="utf-8") as f:
        target_lines = f.read().split("\n")
    with open(f"{corpus}.docs", encoding="utf-8") as f:
        for line in f:
            name, first, count = line.rstrip("\n").split("\t")
            first, count = int(first), int(count)
            yield (name, "\n".join(source_lines[first:first + count]) + "\n",
                   "\n".join(target_lines[first:first + count]) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tralign", default="build/bin/tralign")
    parser.add_argument("--corpus", default="../shared/corpora/de-fr/wmtdoc")
    parser.add_argument("--source", default="de")
    parser.add_argument("--target", default="fr")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the corpus")
    parser.add_argument("--runs", type=int, default=5, help="runs per setting (median)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--command", default="diff", choices=["align", "diff"])
    args = parser.parse_args()

    docs = list(documents(args.corpus, args.source, args.target))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for r in range(args.repeat):
            for name, s, t in docs:
                f.write(json.dumps({"id": f"{r}:{name}", "source": s, "target": t},
                                   ensure_ascii=False) + "\n")
        path = f.name
    size = os.path.getsize(path)
    n = len(docs) * args.repeat
    print(f"{n} documents ({len(docs)} x {args.repeat}), {size / 1e6:.1f} MB of JSONL; "
          f"{args.command} --jsonl, median of {args.runs} runs")
    reference = None
    times = {jobs: [] for jobs in args.jobs}
    cpu = {jobs: [] for jobs in args.jobs}
    try:
        # Alternating runs, so that load from other processes hits every setting alike.
        for _ in range(args.runs):
            for jobs in args.jobs:
                command = [args.tralign, args.command, "--jsonl", "--quiet", "--source-lang",
                           args.source, "--target-lang", args.target, "--jobs", str(jobs)]
                if args.command == "diff":
                    command += ["--fail-on", "never"]
                with open(path, "rb") as stdin, tempfile.TemporaryFile() as out:
                    start = time.perf_counter()
                    child = subprocess.Popen(command, stdin=stdin, stdout=out)
                    _, status, usage = os.wait4(child.pid, 0)
                    times[jobs].append(time.perf_counter() - start)
                    cpu[jobs].append(usage.ru_utime + usage.ru_stime)
                    if os.waitstatus_to_exitcode(status) != 0:
                        raise SystemExit(f"{command} failed")
                    out.seek(0)
                    output = out.read()
                if reference is None:
                    reference = output
                elif output != reference:
                    raise SystemExit(f"--jobs {jobs}: output differs from --jobs {args.jobs[0]}")
        base = statistics.median(times[args.jobs[0]])
        base_min = min(times[args.jobs[0]])
        for jobs in args.jobs:
            t = statistics.median(times[jobs])
            print(f"--jobs {jobs}: {t:6.2f} s median (min {min(times[jobs]):.2f}, "
                  f"max {max(times[jobs]):.2f})  {n / t:7.1f} documents/s  "
                  f"{size / t / 1e6:5.2f} MB/s  CPU {statistics.median(cpu[jobs]):.2f} s  "
                  f"speedup {base / t:.2f}x (of the fastest runs {base_min / min(times[jobs]):.2f}x)")
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
