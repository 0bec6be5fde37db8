#!/usr/bin/python3
"""The Python binding's cost: (1) its overhead over the same alignment in C++, (2) two threads
against one after the other.

(1) Overhead. Every document pair of a corpus's running text (``*.raw``, documents split at
every empty line) is aligned with one Aligner, in C++ by ``python_overhead_bench`` and in Python
by ``tralign.Aligner.diff``. The two alternate, one run each, ``--runs`` times; the medians are
compared. "call" is ``aligner.diff(s, t)`` alone (the report stays a C++ object); "objects" also
builds every Python object (``.source``, ``.target``, ``.beads``, ``.findings``). The texts are
fresh ``str`` objects in every run, so their UTF-8 conversion is paid every time.

(2) Threads. The documents of one corpus with one Aligner: one after the other, then on two
threads (``ThreadPoolExecutor.map``), then ``tralign.align_many(jobs=2)``; wall-clock medians.

    /usr/bin/python3 benchmarks/python_bench.py --build build-py --runs 7

Prints Markdown tables (figures, the machine, the command). Needs the build's python/ folder
(the tralign package) and bin/python_overhead_bench.
"""
import argparse
import concurrent.futures
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = [  # (corpus prefix, source, target)
    ("de-fr/wmtdoc", "de", "fr"),
    ("en-ja/wmtdoc", "en", "ja"),
    ("en-zh/wmtdoc", "en", "zh"),
]


def read_documents(corpora_dir, corpus, source, target):
    """The (source, target) document pairs of a corpus's .raw files, split at "\\n\\n"."""
    texts = []
    for lang in (source, target):
        with open(os.path.join(corpora_dir, f"{corpus}.{lang}.raw"), encoding="utf-8") as f:
            texts.append(f.read())
    sources, targets = texts[0].split("\n\n"), texts[1].split("\n\n")
    if len(sources) != len(targets):
        raise SystemExit(f"{corpus}: {len(sources)} source but {len(targets)} target documents")
    return list(zip(sources, targets))


def fresh(pairs):
    """Copies of the texts as new str objects (no cached UTF-8 form)."""
    return [(s.encode("utf-8").decode("utf-8"), t.encode("utf-8").decode("utf-8"))
            for s, t in pairs]


def cpp_run(binary, corpora_dir, corpus, source, target, task):
    """One run of python_overhead_bench: (wall ms, cpu ms)."""
    out = subprocess.run(
        [binary, "--source-lang", source, "--target-lang", target, "--task", task, "--runs", "1",
         os.path.join(corpora_dir, f"{corpus}.{source}.raw"),
         os.path.join(corpora_dir, f"{corpus}.{target}.raw")],
        check=True, stdout=subprocess.PIPE, text=True).stdout
    result = json.loads(out)
    return result["median_wall_ms"], result["median_cpu_ms"], result["checksum"]


def python_run(aligner, pairs, task, objects):
    """One run through the binding: (wall ms, cpu ms, checksum)."""
    texts = fresh(pairs)
    run = aligner.diff if task == "diff" else aligner.align
    checksum = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for source, target in texts:
        report = run(source, target)
        if objects:
            report.source, report.target  # builds the segment objects too
            checksum += len(report.beads) + len(report.findings)
        else:
            checksum += 1
    return (1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu), checksum)


def overhead(args, tralign):
    binary = os.path.join(args.build, "bin", "python_overhead_bench")
    rows = []
    for corpus, source, target in CORPORA:
        if not os.path.exists(os.path.join(args.corpora, f"{corpus}.{source}.raw")):
            print(f"skipping {corpus}: absent", file=sys.stderr)
            continue
        pairs = read_documents(args.corpora, corpus, source, target)
        size = sum(len(s.encode()) + len(t.encode()) for s, t in pairs)
        aligner = tralign.Aligner(source, target)
        for task in args.tasks:
            cpp_wall, cpp_cpu, py_wall, py_cpu, obj_wall, obj_cpu = [], [], [], [], [], []
            python_run(aligner, pairs[:20], task, True)  # warm up
            for _ in range(args.runs):
                w, c, cpp_sum = cpp_run(binary, args.corpora, corpus, source, target, task)
                cpp_wall.append(w)
                cpp_cpu.append(c)
                w, c, _ = python_run(aligner, pairs, task, False)
                py_wall.append(w)
                py_cpu.append(c)
                w, c, py_sum = python_run(aligner, pairs, task, True)
                obj_wall.append(w)
                obj_cpu.append(c)
            if cpp_sum != py_sum:
                raise SystemExit(f"{corpus}: C++ and Python disagree ({cpp_sum} != {py_sum})")
            med = statistics.median
            rows.append(dict(corpus=corpus, task=task, documents=len(pairs), mb=size / 1e6,
                             cpp_wall=med(cpp_wall), cpp_cpu=med(cpp_cpu),
                             py_wall=med(py_wall), py_cpu=med(py_cpu),
                             obj_wall=med(obj_wall), obj_cpu=med(obj_cpu),
                             cpp_cpu_range=(min(cpp_cpu), max(cpp_cpu)),
                             py_cpu_range=(min(py_cpu), max(py_cpu))))
            print(f"{corpus} {task}: C++ {med(cpp_cpu):.0f} ms CPU, Python {med(py_cpu):.0f} / "
                  f"{med(obj_cpu):.0f} ms CPU", file=sys.stderr)
    return rows


def threads(args, tralign):
    corpus, source, target = CORPORA[0]
    pairs = read_documents(args.corpora, corpus, source, target)
    aligner = tralign.Aligner(source, target)
    one = lambda pair: aligner.diff(*pair)  # noqa: E731
    sequential, pool, many = [], [], []
    with concurrent.futures.ThreadPoolExecutor(2) as executor:
        list(executor.map(one, pairs[:20]))  # warm up both threads
        for _ in range(args.runs):
            texts = fresh(pairs)
            start = time.perf_counter()
            for pair in texts:
                one(pair)
            sequential.append(time.perf_counter() - start)
            texts = fresh(pairs)
            start = time.perf_counter()
            for _ in executor.map(one, texts):
                pass
            pool.append(time.perf_counter() - start)
            texts = fresh(pairs)
            start = time.perf_counter()
            for _ in tralign.align_many(texts, jobs=2, aligner=aligner):
                pass
            many.append(time.perf_counter() - start)
    med = statistics.median
    return dict(corpus=corpus, documents=len(pairs), sequential=med(sequential), pool=med(pool),
                many=med(many), ranges=[(min(x), max(x)) for x in (sequential, pool, many)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="the CMake build folder")
    parser.add_argument("--corpora", default=os.path.join(HERE, "..", "..", "shared", "corpora"))
    parser.add_argument("--runs", type=int, default=7, help="runs of each measurement (median)")
    parser.add_argument("--tasks", nargs="+", default=["diff", "align"],
                        choices=["diff", "align"])
    parser.add_argument("--skip-threads", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(args.build, "python"))
    import tralign  # noqa: E402 (the build's package)

    command = "/usr/bin/python3 benchmarks/python_bench.py " + " ".join(sys.argv[1:])
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; median of {args.runs} runs, C++ and Python runs "
          f"alternating. Command: `{command}`\n")
    rows = overhead(args, tralign)
    print("| corpus | task | documents | MB | C++ ms (CPU) | Python call ms (CPU) | overhead | "
          "Python + objects ms (CPU) | overhead | C++ / Python ms (wall) |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        print(f"| {r['corpus']} | {r['task']} | {r['documents']} | {r['mb']:.2f} | "
              f"{r['cpp_cpu']:.0f} | {r['py_cpu']:.0f} | {100 * (r['py_cpu'] / r['cpp_cpu'] - 1):+.1f}% | "
              f"{r['obj_cpu']:.0f} | {100 * (r['obj_cpu'] / r['cpp_cpu'] - 1):+.1f}% | "
              f"{r['cpp_wall']:.0f} / {r['py_wall']:.0f} |")
    if not args.skip_threads:
        t = threads(args, tralign)
        print(f"\nTwo threads on {os.cpu_count()} cores, {t['corpus']} ({t['documents']} "
              "documents, diff, one Aligner), wall-clock:\n")
        print("| how | seconds (median, range) | speed-up |")
        print("|---|--:|--:|")
        for name, key, (low, high) in zip(
                ("one after the other", "ThreadPoolExecutor(2).map", "align_many(jobs=2)"),
                ("sequential", "pool", "many"), t["ranges"]):
            print(f"| {name} | {t[key]:.3f} ({low:.3f}-{high:.3f}) | "
                  f"{t['sequential'] / t[key]:.2f}x |")


if __name__ == "__main__":
    main()
