#!/usr/bin/python3
"""The Python binding's cost: (1) its overhead over the same alignment in C++, (2) two threads
against one after the other.

(1) Overhead. Every document pair of a corpus's running text (``*.raw``, documents split at
every empty line) is aligned with one Aligner, in C++ by ``python_overhead_bench`` and in Python
by ``tralign.Aligner.diff``, each after two untimed passes (ICU's data loaded, the heap grown).
They take turns, three runs each, until each has ``--runs`` runs; medians and fastest runs are
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
BLOCK = 3  # C++ and Python take turns, this many runs each (after two untimed passes each)
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


def cpp_runs(binary, corpora_dir, corpus, source, target, task, runs, jobs=0):
    """`runs` runs of python_overhead_bench (jobs > 0: its BatchAligner) in one process, after
    two untimed passes: ([wall ms], [cpu ms], checksum of one pass)."""
    out = subprocess.run(
        [binary, "--source-lang", source, "--target-lang", target, "--task", task, "--runs",
         str(runs), "--warmup", "2", "--jobs", str(jobs),
         os.path.join(corpora_dir, f"{corpus}.{source}.raw"),
         os.path.join(corpora_dir, f"{corpus}.{target}.raw")],
        check=True, stdout=subprocess.PIPE, text=True).stdout
    result = json.loads(out)
    return result["wall_ms"], result["cpu_ms"], result["checksum"] // runs


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
            for _ in range(2):
                python_run(aligner, pairs, task, True)  # two untimed passes, as in C++
            for block in range(0, args.runs, BLOCK):
                runs = min(BLOCK, args.runs - block)
                w, c, cpp_sum = cpp_runs(binary, args.corpora, corpus, source, target, task, runs)
                cpp_wall += w
                cpp_cpu += c
                for _ in range(runs):
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
                             cpp_min=min(cpp_cpu), py_min=min(py_cpu), obj_min=min(obj_cpu)))
            print(f"{corpus} {task}: C++ {med(cpp_cpu):.0f} ms CPU, Python {med(py_cpu):.0f} / "
                  f"{med(obj_cpu):.0f} ms CPU", file=sys.stderr)
    return rows


def threads(args, tralign):
    corpus, source, target = CORPORA[0]
    pairs = read_documents(args.corpora, corpus, source, target)
    aligner = tralign.Aligner(source, target)
    one = lambda pair: aligner.diff(*pair)  # noqa: E731
    sequential, pool, many = [], [], []
    cpu = {"sequential": [], "pool": [], "many": [], "cpp1": [], "cpp2": []}  # CPU s per wall s
    cpp1, cpp2 = [], []
    binary = os.path.join(args.build, "bin", "python_overhead_bench")
    with concurrent.futures.ThreadPoolExecutor(2) as executor:
        list(executor.map(one, pairs[:20]))  # warm up both threads
        for _ in range(args.runs):
            texts = fresh(pairs)
            start, start_cpu = time.perf_counter(), time.process_time()
            for pair in texts:
                one(pair)
            sequential.append(time.perf_counter() - start)
            cpu["sequential"].append((time.process_time() - start_cpu) / sequential[-1])
            texts = fresh(pairs)
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in executor.map(one, texts):
                pass
            pool.append(time.perf_counter() - start)
            cpu["pool"].append((time.process_time() - start_cpu) / pool[-1])
            texts = fresh(pairs)
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in tralign.align_many(texts, jobs=2, aligner=aligner):
                pass
            many.append(time.perf_counter() - start)
            cpu["many"].append((time.process_time() - start_cpu) / many[-1])
            for jobs, times in ((1, cpp1), (2, cpp2)):
                wall, cpu_ms, _ = cpp_runs(binary, args.corpora, corpus, source, target, "diff",
                                           1, jobs)
                times.append(wall[0] / 1000)
                cpu[f"cpp{jobs}"].append(cpu_ms[0] / wall[0])
    med = statistics.median
    return dict(corpus=corpus, documents=len(pairs), sequential=med(sequential), pool=med(pool),
                many=med(many), cpp1=med(cpp1), cpp2=med(cpp2),
                ranges=[(min(x), max(x)) for x in (sequential, pool, many, cpp1, cpp2)],
                cpu={key: med(values) for key, values in cpu.items()})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="the CMake build folder")
    parser.add_argument("--corpora", default=os.path.join(HERE, "..", "..", "shared", "corpora"))
    parser.add_argument("--runs", type=int, default=7, help="runs of each measurement (median)")
    parser.add_argument("--tasks", nargs="+", default=["diff", "align"],
                        choices=["diff", "align"])
    parser.add_argument("--skip-threads", action="store_true")
    parser.add_argument("--skip-overhead", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, os.path.join(args.build, "python"))
    import tralign  # noqa: E402 (the build's package)

    command = "/usr/bin/python3 benchmarks/python_bench.py " + " ".join(sys.argv[1:])
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} at the start; "
          f"median of {args.runs} runs, C++ and Python taking turns (3 runs each). Command: `{command}`\n")
    rows = [] if args.skip_overhead else overhead(args, tralign)
    if rows:
        print_overhead(rows)
    if not args.skip_threads:
        print_threads(threads(args, tralign))


def print_overhead(rows):
    print("CPU time of the whole corpus, ms: median (fastest run). Overhead: Python against C++, "
          "by medians (by fastest runs).\n")
    print("| corpus | task | documents | MB | C++ | Python call | overhead | "
          "Python + objects | overhead | wall ms C++ / Python |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")

    def pct(a, b):
        return f"{100 * (a / b - 1):+.1f}%"

    for r in rows:
        print(f"| {r['corpus']} | {r['task']} | {r['documents']} | {r['mb']:.2f} | "
              f"{r['cpp_cpu']:.0f} ({r['cpp_min']:.0f}) | {r['py_cpu']:.0f} ({r['py_min']:.0f}) | "
              f"{pct(r['py_cpu'], r['cpp_cpu'])} ({pct(r['py_min'], r['cpp_min'])}) | "
              f"{r['obj_cpu']:.0f} ({r['obj_min']:.0f}) | "
              f"{pct(r['obj_cpu'], r['cpp_cpu'])} ({pct(r['obj_min'], r['cpp_min'])}) | "
              f"{r['cpp_wall']:.0f} / {r['py_wall']:.0f} |")


def print_threads(t):
    print(f"\nTwo threads on {os.cpu_count()} cores, {t['corpus']} ({t['documents']} documents, "
          "diff, one Aligner), wall-clock seconds: median (fastest, slowest run); speed-up over "
          "one thread of the same kind by medians (by fastest runs):\n")
    print("| how | seconds | speed-up | cores busy (CPU s / wall s) |")
    print("|---|--:|--:|--:|")
    for name, key, (low, high) in zip(
            ("Python: one after the other", "Python: ThreadPoolExecutor(2).map",
             "Python: align_many(jobs=2)", "C++: BatchAligner, jobs 1",
             "C++: BatchAligner, jobs 2"),
            ("sequential", "pool", "many", "cpp1", "cpp2"), t["ranges"]):
        base, (base_low, _) = ((t["cpp1"], t["ranges"][3]) if key.startswith("cpp")
                               else (t["sequential"], t["ranges"][0]))
        print(f"| {name} | {t[key]:.3f} ({low:.3f}, {high:.3f}) | "
              f"{base / t[key]:.2f}x ({base_low / low:.2f}x) | {t['cpu'][key]:.2f} |")


if __name__ == "__main__":
    main()
