"""tralign.dask: align many document pairs on a Dask cluster.

Usage::

    from dask.distributed import Client, LocalCluster
    import tralign.dask

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
        # A list of (source_text, target_text) pairs -> one JSON-like dict per pair, in order.
        reports = tralign.dask.align_pairs(client, pairs, source_lang="de", target_lang="fr")
        reports[0]["beads"]     # [{"source": [0], "target": [0], "confidence": 0.98}, ...]

        # JSONL shards on disk ({"id", "source", "target"} a line) -> JSONL report shards.
        tralign.dask.align_jsonl(client, "corpus/*.jsonl", "reports/",
                                 source_lang="de", target_lang="fr")

        # Or any dask.bag of pairs or {"id", "source", "target"} dicts -> a bag of reports.
        reports = tralign.dask.align_bag(bag, source_lang="de", target_lang="fr")

Every report is the JSON report of ``tralign diff --format json`` (``task="align"``: of
``tralign align --format json``, no findings) as a dict: ``version``, ``source``, ``target``
(each with ``lang`` and ``segments``), ``beads`` and ``findings``. Reports of documents that
came with an ``id`` (dicts, JSONL lines) start with that ``id``, like the lines of
``tralign diff --jsonl``.

Workers must be able to ``import tralign`` (the same version as the client): install the
package on every worker machine (``pip install .``) or put its directory on the workers'
``PYTHONPATH``. Each worker process builds one ``tralign.Aligner`` per set of options, on
first use, and keeps it for every later task (``aligner_builds()`` counts them). The input
and output paths of ``align_jsonl`` must be readable and writable by the workers (a shared
file system, or one machine).

Dask is imported only when a function here needs it: ``import tralign`` works without it,
and ``import tralign.dask`` too; calling ``align_pairs`` or ``align_bag`` needs python3-dask
(and ``distributed`` for a ``Client``).
"""

import glob as _glob
import json
import math
import os
import threading

__all__ = ["align_pairs", "align_bag", "align_jsonl", "align_records", "read_jsonl",
           "aligner_builds"]

_TASKS = ("align", "diff")
_ERRORS = ("raise", "report")

# One Aligner per set of options and per process, built on first use (see _aligner).
_aligners = {}
_aligners_lock = threading.Lock()
_builds = 0


def _tralign():
    import tralign  # the package this module belongs to; imported late, on the worker

    return tralign


def _check(task, errors):
    if task not in _TASKS:
        raise ValueError(f"task: must be 'align' or 'diff', got {task!r}")
    if errors not in _ERRORS:
        raise ValueError(f"errors: must be 'raise' or 'report', got {errors!r}")


def _options(source_lang, target_lang, options):
    merged = dict(options)
    if source_lang is not None:
        merged["source_lang"] = source_lang
    if target_lang is not None:
        merged["target_lang"] = target_lang
    return merged


def _aligner(options):
    """Returns this process's Aligner for `options` (a dict), building it on first use."""
    global _builds
    key = json.dumps(options, sort_keys=True, default=repr)
    aligner = _aligners.get(key)
    if aligner is None:
        with _aligners_lock:
            aligner = _aligners.get(key)
            if aligner is None:
                aligner = _tralign().Aligner(**options)
                _aligners[key] = aligner
                _builds += 1
    return aligner


def aligner_builds():
    """Returns how many Aligner objects this process has built for tralign.dask tasks.

    Run it on the workers with ``client.run(tralign.dask.aligner_builds)``: one per worker
    process and set of options, however many tasks it ran.
    """
    return _builds


def _report_dict(report):
    to_dict = getattr(report, "to_dict", None)
    if to_dict is not None:
        return to_dict()
    return json.loads(report.to_json())


class _BadDocument(ValueError):
    """A document that is not a pair, a dict or a JSON line of one; knows its id."""

    def __init__(self, message, doc_id=None):
        super().__init__(message)
        self.doc_id = doc_id


def _record(item, index):
    """(id or None, source_text, target_text, has_id) of one input element.

    Elements are (source_text, target_text) pairs, dicts with "source" and "target" (and
    optionally "id"), or JSON lines (str or bytes) holding such a dict. Raises ValueError for
    anything else (_BadDocument).
    """
    if isinstance(item, (str, bytes)):
        text = item.decode("utf-8") if isinstance(item, bytes) else item
        try:
            item = json.loads(text)
        except json.JSONDecodeError as e:
            raise _BadDocument(f"invalid JSON: {e}", index) from None
        if not isinstance(item, dict):
            raise _BadDocument("expected a JSON object", index)
    if isinstance(item, dict):
        doc_id = item.get("id", index)
        for key in ("source", "target"):
            if not isinstance(item.get(key), str):
                raise _BadDocument(f'"{key}" must be a string (the document\'s text)', doc_id)
        return doc_id, item["source"], item["target"], True
    if isinstance(item, (tuple, list)) and len(item) == 2:
        source, target = item
        if not isinstance(source, str) or not isinstance(target, str):
            raise _BadDocument("a pair must be two str: (source_text, target_text)", index)
        return None, source, target, False
    raise _BadDocument(f"expected a (source, target) pair, a dict or a JSON line, got "
                       f"{type(item).__name__}", index)


def align_records(records, task="diff", errors="report", first_index=0, **options):
    """Aligns the documents in `records` in this process; yields one dict report each, in order.

    `records` holds (source_text, target_text) pairs, dicts {"id", "source", "target"} or JSON
    lines of such dicts (blank lines are skipped). `options` are tralign.Aligner's keyword
    arguments (source_lang, target_lang, ...). A document with an id (dict, JSON line; a line
    without one gets its 0-based position plus `first_index`) gives {"id": id, **report}.
    errors="report": a document that cannot be aligned gives {"id": id, "error": "message"}
    in its place; errors="raise": the exception propagates. This is what every Dask task of
    this module runs; the Aligner is built once per process.
    """
    for doc_id, has_id, report, error in _align_iter(records, task, errors, first_index,
                                                     options):
        if error is not None:
            yield {"id": doc_id, "error": error}
        elif has_id:
            yield {"id": doc_id, **_report_dict(report)}
        else:
            yield _report_dict(report)


def _align_iter(records, task, errors, first_index, options):
    """(id, has_id, Report or None, error message or None) for every document of `records`."""
    _check(task, errors)
    method = getattr(_aligner(options), task)
    index = first_index
    for item in records:
        if isinstance(item, (str, bytes)) and not item.strip():
            continue
        doc_id = index
        try:
            given_id, source, target, has_id = _record(item, index)
            if has_id:
                doc_id = given_id
            report = method(source, target)
        except (ValueError, UnicodeError) as e:
            if errors == "raise":
                raise
            yield (e.doc_id if isinstance(e, _BadDocument) else doc_id), True, None, str(e)
        else:
            yield doc_id, has_id, report, None
        index += 1


def _align_chunk(chunk, first_index, task, errors, options):
    return list(align_records(chunk, task=task, errors=errors, first_index=first_index,
                              **options))


def align_pairs(client, pairs, source_lang=None, target_lang=None, *, task="diff",
                errors="raise", chunk_size=None, **options):
    """Aligns every (source_text, target_text) pair on the cluster; returns their reports.

    client: a dask.distributed.Client, or None for Dask's current scheduler (the default
        Client if there is one, else local processes).
    pairs: an iterable of (source_text, target_text) str pairs (or {"id", "source",
        "target"} dicts, whose reports then start with their id).
    source_lang, target_lang: BCP 47 tags, or None to guess them from the script.
    task: "diff" (default: beads and findings) or "align" (beads only, no findings).
    errors: "raise" (default): the first document that cannot be aligned raises its
        tralign.Error here; "report": it gives {"id": position, "error": "message"} in its
        place.
    chunk_size: documents per Dask task (default: about four tasks per worker thread, at most
        1000 documents a task). Larger chunks cost less scheduling, smaller ones balance
        better.
    options: the other keyword arguments of tralign.Aligner (input="lines", ...).

    Returns a list with one JSON-like dict report per pair, in input order. Holds every pair
    and report in memory; for corpora larger than memory use align_jsonl or align_bag.
    """
    _check(task, errors)
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk_size: must be at least 1, got {chunk_size}")
    pairs = list(pairs)
    if not pairs:
        return []
    options = _options(source_lang, target_lang, options)
    if client is None:
        import dask.bag

        bag = dask.bag.from_sequence(pairs, partition_size=chunk_size or 1000)
        return align_bag(bag, task=task, errors=errors, **options).compute()
    if chunk_size is None:
        threads = max(1, sum(client.nthreads().values()))
        chunk_size = min(1000, max(1, math.ceil(len(pairs) / (4 * threads))))
    chunks = [pairs[i:i + chunk_size] for i in range(0, len(pairs), chunk_size)]
    starts = range(0, len(pairs), chunk_size)
    futures = client.map(_align_chunk, chunks, starts, task=task, errors=errors, options=options,
                         pure=False)
    try:
        reports = []
        for chunk_reports in client.gather(futures):
            reports.extend(chunk_reports)
        return reports
    finally:
        for future in futures:
            future.release()


def _align_partition(records, task, errors, options):
    return list(align_records(records, task=task, errors=errors, **options))


def align_bag(bag, source_lang=None, target_lang=None, *, task="diff", errors="report",
              **options):
    """Maps a dask.bag of documents to a dask.bag of dict reports (lazy; same partitions).

    The bag's elements are (source_text, target_text) pairs, {"id", "source", "target"} dicts,
    or JSON lines of such dicts (as dask.bag.read_text gives them). Reports come in the
    order of the documents; see align_records for ids and `errors` (default "report": a bad
    document gives {"id": ..., "error": "..."} and the others go on). Write the result with
    ``.map(json.dumps).to_textfiles(...)``, or compute it.
    """
    _check(task, errors)
    options = _options(source_lang, target_lang, options)
    return bag.map_partitions(_align_partition, task=task, errors=errors, options=options)


def read_jsonl(paths, blocksize=None):
    """A dask.bag of the JSON lines (str) of `paths`: a glob pattern, a path or a list of them.

    blocksize=None: one partition per file; a byte count (int or "16MB"): files are cut into
    blocks of about that size at line boundaries (not for compressed files). Compressed files
    (.gz, .bz2, .xz) are read as they are. Raises FileNotFoundError when nothing matches.
    """
    import dask.bag

    files = _expand(paths)
    return dask.bag.read_text(files, blocksize=blocksize, encoding="utf-8",
                              errors="surrogateescape")


def _expand(paths):
    patterns = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    files = []
    for pattern in patterns:
        pattern = os.fspath(pattern)
        matched = sorted(_glob.glob(pattern)) if _glob.has_magic(pattern) else [pattern]
        files.extend(f for f in matched if os.path.isfile(f))
        if not _glob.has_magic(pattern) and not os.path.isfile(pattern):
            raise FileNotFoundError(f"{pattern}: no such file")
    if not files:
        raise FileNotFoundError(f"{paths}: no file matches")
    return files


_COMPRESSED = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}


def _compression(path):
    return next((module for ext, module in _COMPRESSED.items() if path.endswith(ext)), None)


def _parse_size(blocksize):
    if blocksize is None or isinstance(blocksize, int):
        value = blocksize
    else:
        from dask.utils import parse_bytes

        value = parse_bytes(blocksize)
    if value is not None and value < 1:
        raise ValueError(f"blocksize: must be at least 1 byte, got {blocksize!r}")
    return value


def _blocks(files, blocksize):
    """(path, start, end) of every task: whole files (end None) when blocksize is None or the
    file is compressed, else byte ranges of `blocksize` bytes (a line belongs to the block
    that holds its first byte)."""
    blocks = []
    for path in files:
        if blocksize is None or _compression(path):
            blocks.append((path, 0, None))
            continue
        size = os.path.getsize(path)
        for start in range(0, max(size, 1), blocksize):
            blocks.append((path, start, min(size, start + blocksize)))
    return blocks


def _read_block(path, start, end):
    """The lines (str, line break included) of one block of `path` (see _blocks)."""
    module = _compression(path)
    if module is not None:
        opener = __import__(module).open
        with opener(path, "rt", encoding="utf-8", errors="surrogateescape", newline="\n") as f:
            yield from f
        return
    with open(path, "rb") as f:
        if start > 0:
            f.seek(start - 1)
            f.readline()  # the rest of the line that began in the block before
        while end is None or f.tell() < end:
            line = f.readline()
            if not line:
                break
            yield line.decode("utf-8", errors="surrogateescape")


def _output_names(files, blocks):
    """One output file name per block: the input's name (without a compression suffix, with
    .jsonl) when every file is one block and the names are unique, else part-00000.jsonl,
    part-00001.jsonl, ... (in input order)."""
    if len(blocks) == len(files):
        names = []
        for path in files:
            name = os.path.basename(path)
            if _compression(name):
                name = name[:name.rindex(".")]
            names.append(name if name.endswith(".jsonl") else name + ".jsonl")
        if len(set(names)) == len(names):
            return names
    width = max(5, len(str(len(blocks) - 1)))
    return [f"part-{i:0{width}d}.jsonl" for i in range(len(blocks))]


def _write_shard(block, path, task, errors, options):
    """Aligns one block (see _blocks) and writes its reports to `path` (JSONL, via a temporary
    file renamed at the end, so a shard is either complete or absent). Returns a summary."""
    tmp = f"{path}.tmp-{os.getpid()}"
    documents = failed = 0
    with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as out:
        for doc_id, _, report, error in _align_iter(_read_block(*block), task, errors, 0,
                                                    options):
            # The C++ writer's compact JSON, with the id put first (as `tralign diff --jsonl`).
            head = '{"id":' + json.dumps(doc_id, ensure_ascii=False)
            if error is not None:
                out.write(head + ',"error":' + json.dumps(error, ensure_ascii=False) + "}\n")
                failed += 1
            else:
                body = report.to_json(compact=True).strip()
                out.write(head + ("," + body[1:] if body != "{}" else "}") + "\n")
            documents += 1
    os.replace(tmp, path)
    return {"output": path, "documents": documents, "errors": failed,
            "bytes": os.path.getsize(path)}


def align_jsonl(client, input_paths, output_dir, source_lang=None, target_lang=None, *,
                task="diff", errors="report", blocksize=None, progress=None, **options):
    """Aligns JSONL shards ({"id", "source", "target"} a line) into JSONL report shards.

    client: a dask.distributed.Client, or None for Dask's current scheduler (then `progress`
        is called only at the end).
    input_paths: a glob pattern ("corpus/*.jsonl"), a path, or a list of them (on a file
        system every worker sees); a pattern's files are taken in sorted order. Compressed
        files (.gz, .bz2, .xz) are read as they are, one task each.
    output_dir: created if missing. Each input file gives output_dir/NAME.jsonl (its name
        without a compression suffix), written by one task.
    blocksize: None (default: one task per file), or bytes (an int, or "16MB"): plain files
        are cut into blocks of that size at line boundaries, one task each. When that makes
        more tasks than files, the shards are part-00000.jsonl, part-00001.jsonl, ...: read
        in name order, they hold the reports in input order.
    Every output line is one compact JSON report with the document's "id" first (a line
    without "id" gets its 0-based position in its shard), the lines of
    `tralign diff --jsonl`; errors="report" (default) writes {"id": ..., "error": "..."} for
    a document that cannot be aligned and goes on; errors="raise" fails the shard's task.
    progress: called as progress(summary, shards_done, shards_total) as each shard is
        written; summary is {"output", "documents", "errors", "bytes"}.
    options: source_lang, target_lang, task ("diff" or "align") and tralign.Aligner's
        keyword arguments.

    Returns the summaries of every shard, in output order.
    """
    import dask

    _check(task, errors)
    options = _options(source_lang, target_lang, options)
    files = _expand(input_paths)
    blocks = _blocks(files, _parse_size(blocksize))
    os.makedirs(output_dir, exist_ok=True)
    paths = [os.path.join(output_dir, name) for name in _output_names(files, blocks)]
    write = dask.delayed(_write_shard, pure=False)
    tasks = [write(block, path, task, errors, options) for block, path in zip(blocks, paths)]
    if client is None:
        summaries = list(dask.compute(*tasks))
        if progress is not None:
            for done, summary in enumerate(summaries, 1):
                progress(summary, done, len(summaries))
        return summaries
    from distributed import as_completed

    futures = client.compute(tasks)
    position = {future.key: i for i, future in enumerate(futures)}
    summaries = [None] * len(futures)
    try:
        for done, future in enumerate(as_completed(futures), 1):
            summary = future.result()
            summaries[position[future.key]] = summary
            if progress is not None:
                progress(summary, done, len(futures))
    finally:
        for future in futures:
            future.release()
    return summaries
