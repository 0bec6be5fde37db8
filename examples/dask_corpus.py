#!/usr/bin/python3
"""Aligns a JSONL corpus on a Dask cluster and writes JSONL reports.

Every input line is one document pair, {"id": ..., "source": "text", "target": "text"}; every
output line is the JSON report of `tralign diff --format json` (or `align` with --task align)
with the document's "id" first, or {"id": ..., "error": "..."} for a document that cannot be
aligned (the others go on; exit status 2 at the end) -- the lines of `tralign diff --jsonl`.

    # A LocalCluster on this machine (one worker process per core):
    PYTHONPATH=build/python python3 examples/dask_corpus.py --source-lang de --target-lang fr \\
        corpus.jsonl reports/
    # A running cluster (dask-scheduler, and dask-worker on each machine, with tralign
    # importable on every worker and the paths shared):
    python3 examples/dask_corpus.py --scheduler tcp://host:8786 'shards/*.jsonl' reports/

Inputs are files or glob patterns (quote them), plain or compressed (.gz, .xz, ...). Each
input file gives OUTPUT_DIR/NAME.jsonl; with --blocksize (the default for plain files: cut so
that every worker thread gets about four tasks), the outputs are OUTPUT_DIR/part-NNNNN.jsonl,
which read in name order hold the reports in input order (--merge FILE writes them as one
file). Progress goes to standard error as each output shard is written.
"""
import argparse
import glob
import math
import os
import shutil
import sys
import time


def import_tralign():
    try:
        import tralign
    except ImportError:
        # Run from a checkout after `make`: the package is assembled in build/python.
        build = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                             "build", "python")
        sys.path.insert(0, build)
        import tralign
    import tralign.dask

    return tralign


def parse_size(text):
    units = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KIB": 2**10, "MIB": 2**20,
             "GIB": 2**30}
    number = text.rstrip("kKmMgGiIbB")
    unit = text[len(number):].upper()
    if unit not in units:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 16MB, 1048576)")
    try:
        return max(1, int(float(number) * units[unit]))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 16MB, 1048576)") from None


def expand(patterns):
    files = []
    for pattern in patterns:
        matched = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not matched:
            raise SystemExit(f"dask_corpus: {pattern}: no file matches")
        for path in matched:
            if not os.path.isfile(path):
                raise SystemExit(f"dask_corpus: {path}: no such file")
            files.append(path)
    return files


def auto_blocksize(files, threads):
    """About four tasks per worker thread, blocks of 64 KB to 64 MB; None (one task per file)
    when a file is compressed (compressed files cannot be cut)."""
    if any(f.endswith((".gz", ".bz2", ".xz", ".zst", ".lz4")) for f in files):
        return None
    total = sum(os.path.getsize(f) for f in files)
    return min(64 * 2**20, max(64 * 2**10, math.ceil(total / (4 * max(1, threads)))))


class Progress:
    """One line on standard error per output shard: shards, documents, errors, rates."""

    def __init__(self, quiet, input_bytes):
        self.quiet = quiet
        self.input_bytes = input_bytes
        self.start = time.perf_counter()
        self.documents = 0
        self.errors = 0

    def __call__(self, summary, done, total):
        self.documents += summary["documents"]
        self.errors += summary["errors"]
        if self.quiet:
            return
        seconds = time.perf_counter() - self.start
        print(f"[{seconds:7.1f} s] {done}/{total} shards, {self.documents:,} documents "
              f"({self.errors:,} errors), {self.documents / max(seconds, 1e-9):,.1f} "
              f"documents/s, last {os.path.basename(summary['output'])}",
              file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="JSONL files or glob patterns, one document pair a line")
    parser.add_argument("output_dir", metavar="OUTPUT_DIR", help="where the report shards go")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="a running scheduler (tcp://host:8786); default: a LocalCluster")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="LocalCluster worker processes (default: the number of cores)")
    parser.add_argument("--threads-per-worker", type=int, default=1,
                        help="LocalCluster threads per worker (default 1)")
    parser.add_argument("--source-lang", help="BCP 47 tag of the sources (default: guessed)")
    parser.add_argument("--target-lang", help="BCP 47 tag of the targets (default: guessed)")
    parser.add_argument("--input", choices=["text", "lines", "paragraphs"], default="text",
                        help="running text (default), one segment a line, or hard-wrapped "
                             "text whose paragraphs end at blank lines")
    parser.add_argument("--task", choices=["diff", "align"], default="diff",
                        help="diff (default: beads and findings) or align (beads only)")
    parser.add_argument("--blocksize", type=parse_size,
                        help="cut plain inputs into blocks of this size (e.g. 16MB); "
                             "default: about four tasks per worker thread")
    parser.add_argument("--one-task-per-file", action="store_true",
                        help="do not cut files: one task and one output shard per input file")
    parser.add_argument("--merge", metavar="FILE",
                        help="also write every report, in input order, to FILE")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress report")
    args = parser.parse_args()

    tralign = import_tralign()
    from distributed import Client, LocalCluster

    files = expand(args.inputs)
    input_bytes = sum(os.path.getsize(f) for f in files)
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        # Spawned worker processes find tralign through PYTHONPATH, as this process did.
        package_parent = os.path.dirname(os.path.dirname(os.path.abspath(tralign.__file__)))
        path = os.environ.get("PYTHONPATH", "")
        if package_parent not in path.split(os.pathsep):
            os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, path) if p)
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=args.threads_per_worker,
                               processes=True, dashboard_address=":0")
        client = Client(cluster)
    try:
        try:
            client.run(tralign.dask.aligner_builds)
        except Exception as e:  # the workers cannot unpickle a function of tralign.dask
            raise SystemExit(f"dask_corpus: the workers cannot import tralign ({e!r}); install "
                             "it on every worker machine (pip install .) or put it on their "
                             "PYTHONPATH") from None
        threads = sum(client.nthreads().values())
        blocksize = None if args.one_task_per_file else (args.blocksize or
                                                         auto_blocksize(files, threads))
        if not args.quiet:
            where = args.scheduler or "a LocalCluster"
            print(f"dask_corpus: {len(files)} file(s), {input_bytes / 1e6:,.1f} MB, on {where}: "
                  f"{len(client.nthreads())} workers, {threads} threads"
                  f"{'' if blocksize is None else f', blocks of {blocksize / 1e6:,.2f} MB'}"
                  f"; dashboard {client.dashboard_link}", file=sys.stderr, flush=True)
        progress = Progress(args.quiet, input_bytes)
        summaries = tralign.dask.align_jsonl(
            client, files, args.output_dir, source_lang=args.source_lang,
            target_lang=args.target_lang, task=args.task, blocksize=blocksize, input=args.input,
            progress=progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if args.merge:
        with open(args.merge, "wb") as out:
            for summary in summaries:
                with open(summary["output"], "rb") as shard:
                    shutil.copyfileobj(shard, out)
    seconds = time.perf_counter() - progress.start
    if not args.quiet:
        print(f"dask_corpus: {progress.documents:,} documents ({progress.errors:,} errors) in "
              f"{seconds:.1f} s, {progress.documents / max(seconds, 1e-9):,.1f} documents/s, "
              f"{input_bytes / max(seconds, 1e-9) / 1e6:,.2f} MB/s of input; "
              f"{len(summaries)} shards in {args.output_dir}", file=sys.stderr)
    return 2 if progress.errors else 0


if __name__ == "__main__":
    sys.exit(main())
