#!/usr/bin/python3
"""Corpus scale: documents per second on one core versus two, with the C++ thread pool
(`tralign diff --jsonl --jobs 1|2`) and with Dask (tralign.dask.align_jsonl on a LocalCluster
of 1 or 2 single-threaded worker processes).

Sets (../shared/corpora): de-fr/wmtdoc (its 691 news documents, from wmtdoc.docs, repeated
--repeat times), and the first --lines lines of en-de, en-zh and en-ja wmtbig (.seg.xz, read
as a stream) cut into documents of --doc-lines lines inside each entry of wmtbig.docs (a
whole test set or system output there). A document's lines are joined by line breaks (one
paragraph a line). Each set is written once as JSONL ({"id", "source", "target"} a line).

Every setting runs --runs times, taking turns (so that load from other processes hits every
setting alike), and the median is reported with its range. Outputs are checked: every run of
every setting (CLI or Dask) writes the same bytes (the Dask shards concatenated in order).
The Dask figures are for warm clusters (started, one untimed run first, so the workers have
imported tralign and built their Aligner); their start-up time is given apart. Both use the
same blocks (--blocks per set, cut at line boundaries). Worker CPU time is measured on the
workers. The load average (os.getloadavg) is printed before and after each set.

    PYTHONPATH=build/python /usr/bin/python3 benchmarks/corpus_bench.py \\
        [--tralign build/bin/tralign] [--runs 5] [--lines 40000] [--quick]
"""
import argparse
import hashlib
import json
import lzma
import os
import shutil
import statistics
import importlib
import subprocess
import tempfile
import time

# The environment as it was before Dask's LocalCluster changed it for its workers
# (MALLOC_TRIM_THRESHOLD_=65536, OMP_NUM_THREADS=1, ...): the CLI runs in this one.
CLI_ENV = dict(os.environ)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SETS = [  # (name, corpus path under corpora/, source, target, kind)
    ("de-fr wmtdoc", "de-fr/wmtdoc", "de", "fr", "docs"),
    ("en-de wmtbig", "en-de/wmtbig", "en", "de", "big"),
    ("en-zh wmtbig", "en-zh/wmtbig", "en", "zh", "big"),
    ("en-ja wmtbig", "en-ja/wmtbig", "en", "ja", "big"),
]


def read_lines(path, limit):
    """The first `limit` lines (all when 0) of `path` or of `path`.xz, without line breaks."""
    if os.path.exists(path):
        opener = open
    elif os.path.exists(path + ".xz"):
        opener, path = lzma.open, path + ".xz"
    else:
        raise FileNotFoundError(path)
    lines = []
    with opener(path, "rt", encoding="utf-8", newline="\n") as f:
        for line in f:
            lines.append(line.rstrip("\n"))
            if limit and len(lines) == limit:
                break
    return lines


def documents(corpus, source, target, limit, doc_lines):
    """(id, source text, target text): the .docs entries, each cut into documents of at most
    `doc_lines` lines (0: whole entries), over the first `limit` lines (0: all)."""
    source_lines = read_lines(f"{corpus}.{source}.seg", limit)
    target_lines = read_lines(f"{corpus}.{target}.seg", limit)
    end = min(len(source_lines), len(target_lines))
    with open(f"{corpus}.docs", encoding="utf-8") as f:
        for line in f:
            name, first, count = line.rstrip("\n").split("\t")
            first, count = int(first), int(count)
            last = min(first + count, end)
            step = doc_lines or count
            for begin in range(first, last, step):
                stop = min(begin + step, last)
                yield (f"{name}:{begin}", "\n".join(source_lines[begin:stop]) + "\n",
                       "\n".join(target_lines[begin:stop]) + "\n")


def write_jsonl(path, docs, repeat):
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for r in range(repeat):
            for name, s, t in docs:
                prefix = f"{r}:" if repeat > 1 else ""
                f.write(json.dumps({"id": prefix + name, "source": s, "target": t},
                                   ensure_ascii=False) + "\n")
                n += 1
    return n


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_cli(tralign, path, out_path, source, target, jobs):
    """Seconds and CPU seconds of one `tralign diff --jsonl` run, its output in out_path."""
    command = [tralign, "diff", "--jsonl", "--quiet", "--fail-on", "never", "--source-lang",
               source, "--target-lang", target, "--jobs", str(jobs)]
    with open(path, "rb") as stdin, open(out_path, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdin=stdin, stdout=out, env=CLI_ENV)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} < {path}: exit {os.waitstatus_to_exitcode(status)}")
    return seconds, usage.ru_utime + usage.ru_stime


def run_dask(client, path, out_dir, source, target, blocksize):
    """Seconds and CPU seconds (workers and this process) of one tralign.dask.align_jsonl run;
    returns the output shards too (in input order)."""
    import tralign.dask

    shutil.rmtree(out_dir, ignore_errors=True)
    cpu_before = client.run(time.process_time)
    own_before = time.process_time()
    start = time.perf_counter()
    summaries = tralign.dask.align_jsonl(client, path, out_dir, source_lang=source,
                                         target_lang=target, blocksize=blocksize)
    seconds = time.perf_counter() - start
    cpu_after = client.run(time.process_time)
    cpu = sum(cpu_after[w] - cpu_before[w] for w in cpu_after) + time.process_time() - own_before
    return seconds, cpu, [s["output"] for s in summaries]


def merged_sha(shards, merged_path):
    with open(merged_path, "wb") as out:
        for shard in shards:
            with open(shard, "rb") as f:
                shutil.copyfileobj(f, out)
    return sha256(merged_path)


def same_reports(cli_path, dask_path):
    with open(cli_path, encoding="utf-8") as a, open(dask_path, encoding="utf-8") as b:
        n = 0
        for line_a, line_b in zip(a, b):
            if json.loads(line_a) != json.loads(line_b):
                return f"line {n + 1} differs"
            n += 1
        if a.readline() or b.readline():
            return "not as many lines"
    return None


def start_cluster(workers):
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0")
    client = Client(cluster)
    return cluster, client, time.perf_counter() - start


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def summary_line(label, times, cpus, n, size, base):
    t = statistics.median(times)
    return (f"  {label:<22} {t:7.2f} s  ({min(times):.2f}-{max(times):.2f})  {n / t:8.1f} docs/s"
            f"  {size / t / 1e6:6.2f} MB/s  CPU {statistics.median(cpus):6.2f} s"
            f"  speedup {base / t:4.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--tralign", default=os.path.join(ROOT, "build", "bin", "tralign"))
    parser.add_argument("--corpora", default=os.path.join(ROOT, "..", "shared", "corpora"))
    parser.add_argument("--runs", type=int, default=5, help="runs per setting (median; 5)")
    parser.add_argument("--lines", type=int, default=40000,
                        help="lines of each wmtbig set (0: all; default 40000)")
    parser.add_argument("--doc-lines", type=int, default=20,
                        help="lines per wmtbig document (default 20)")
    parser.add_argument("--repeat", type=int, default=6,
                        help="copies of de-fr wmtdoc (default 6)")
    parser.add_argument("--blocks", type=int, default=16,
                        help="Dask tasks per set: blocks of the JSONL file (default 16)")
    parser.add_argument("--sets", default=",".join(s[0].split()[0] for s in SETS),
                        help="language pairs to run (default: de-fr,en-de,en-zh,en-ja)")
    parser.add_argument("--no-dask", action="store_true", help="the thread pool only")
    parser.add_argument("--quick", action="store_true",
                        help="3 runs, 8000 wmtbig lines, 2 copies of wmtdoc")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.lines, args.repeat = 3, 8000, 2

    dask_note = None
    if not args.no_dask:
        try:
            importlib.import_module("distributed")
            tralign = importlib.import_module("tralign")
            importlib.import_module("tralign.dask")

            # Spawned workers find tralign through PYTHONPATH, as this process did.
            parent = os.path.dirname(os.path.dirname(os.path.abspath(tralign.__file__)))
            path = os.environ.get("PYTHONPATH", "")
            if parent not in path.split(os.pathsep):
                os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (parent, path) if p)
        except ImportError as e:
            dask_note = f"Dask left out: {e} (python3-distributed, PYTHONPATH=build/python)"
    use_dask = not args.no_dask and dask_note is None

    print(f"tralign diff on {os.cpu_count()} cores; median of {args.runs} runs (min-max); "
          f"CLI: {os.path.relpath(args.tralign, ROOT)} --jsonl --jobs N; Dask: LocalCluster of "
          f"N single-threaded worker processes, align_jsonl in {args.blocks} blocks")
    if dask_note:
        print(dask_note)
    clusters = {}
    tmp = tempfile.mkdtemp(prefix="corpus_bench.")
    try:
        if use_dask:
            for workers in (1, 2):
                cluster, client, seconds = start_cluster(workers)
                clusters[workers] = (cluster, client)
                print(f"LocalCluster of {workers} worker(s) started in {seconds:.1f} s")
        wanted = args.sets.split(",")
        for name, rel, source, target, kind in SETS:
            if name.split()[0] not in wanted:
                continue
            corpus = os.path.join(args.corpora, rel)
            if not os.path.exists(corpus + ".docs"):
                print(f"\n{name}: {corpus}.docs is absent; left out")
                continue
            start = time.perf_counter()
            if kind == "docs":
                docs = list(documents(corpus, source, target, 0, 0))
                repeat = args.repeat
                how = f"{len(docs)} documents x {repeat}"
            else:
                docs = list(documents(corpus, source, target, args.lines, args.doc_lines))
                repeat = 1
                how = (f"first {args.lines or 'all'} lines, documents of {args.doc_lines} "
                       f"lines")
            path = os.path.join(tmp, f"{rel.replace('/', '-')}.jsonl")
            n = write_jsonl(path, docs, repeat)
            size = os.path.getsize(path)
            blocksize = max(1, -(-size // args.blocks))
            print(f"\n{name} ({how}): {n} documents, {size / 1e6:.1f} MB of JSONL "
                  f"(made in {time.perf_counter() - start:.1f} s); load before {load()}")
            settings = [("cli", 1), ("cli", 2)] + ([("dask", 1), ("dask", 2)] if use_dask else [])
            times = {s: [] for s in settings}
            cpus = {s: [] for s in settings}
            digest = {}
            out = os.path.join(tmp, "out.jsonl")
            cli_reference = os.path.join(tmp, "cli.jsonl")
            if use_dask:  # warm-up: workers import tralign and build their Aligner
                for workers in (1, 2):
                    run_dask(clusters[workers][1], path, os.path.join(tmp, "shards"), source,
                             target, blocksize)
            for _ in range(args.runs):
                for setting in settings:
                    kind_, jobs = setting
                    if kind_ == "cli":
                        seconds, cpu = run_cli(args.tralign, path, out, source, target, jobs)
                        sha = sha256(out)
                        if not os.path.exists(cli_reference):
                            shutil.copyfile(out, cli_reference)
                    else:
                        seconds, cpu, shards = run_dask(clusters[jobs][1], path,
                                                        os.path.join(tmp, "shards"), source,
                                                        target, blocksize)
                        sha = merged_sha(shards, out)
                        if sha != digest[("cli", 1)]:
                            problem = same_reports(cli_reference, out) or "other bytes"
                            raise SystemExit(f"{name}: Dask with {jobs} worker(s): {problem} "
                                             "than the CLI's reports")
                    if digest.setdefault(setting, sha) != sha:
                        raise SystemExit(f"{name}: {setting}: output differs between runs")
                    times[setting].append(seconds)
                    cpus[setting].append(cpu)
            if digest[("cli", 1)] != digest[("cli", 2)]:
                raise SystemExit(f"{name}: --jobs 2 output differs from --jobs 1")
            os.unlink(cli_reference)
            for kind_, label in (("cli", "CLI --jobs"), ("dask", "Dask workers")):
                if (kind_, 1) not in times:
                    continue
                base = statistics.median(times[(kind_, 1)])
                for jobs in (1, 2):
                    print(summary_line(f"{label} {jobs}", times[(kind_, jobs)],
                                       cpus[(kind_, jobs)], n, size, base))
            if use_dask:
                ratio = statistics.median(times[("dask", 1)]) / statistics.median(
                    times[("cli", 1)])
                print(f"  Dask 1 worker / CLI --jobs 1: {ratio:.2f}x the time; "
                      f"every run's output byte for byte the same as CLI --jobs 1's")
            print(f"  load after {load()}")
    finally:
        for cluster, client in clusters.values():
            client.close()
            cluster.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
