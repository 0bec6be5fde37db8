"""tralign.dask on a LocalCluster of two worker processes: the same reports as one process.

Skipped (with the reason) when python3-dask or python3-distributed is missing. The workers
import tralign from the PYTHONPATH that ctest sets; the cluster is started once per module.
"""
import glob
import json
import os
import subprocess
import sys

import pytest

import tralign
import tralign.dask

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("TRALIGN_SOURCE_DIR", os.path.join(HERE, "..", "..", ".."))
SHARED_DIR = os.environ.get("TRALIGN_SHARED_DIR", os.path.join(SOURCE_DIR, "..", "shared"))
LANGS = dict(source_lang="de", target_lang="fr")


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def _documents():
    """(source, target) document pairs: the first 40 documents of the de-fr wmtdoc set when
    ../shared is there, and variants of the project's example pair (a sentence dropped,
    paragraphs swapped) either way."""
    pairs = []
    corpus = os.path.join(SHARED_DIR, "corpora", "de-fr", "wmtdoc")
    if os.path.exists(corpus + ".docs"):
        de = _read(corpus + ".de.seg").split("\n")
        fr = _read(corpus + ".fr.seg").split("\n")
        with open(corpus + ".docs", encoding="utf-8") as f:
            for line in list(f)[:40]:
                _, first, count = line.rstrip("\n").split("\t")
                first, count = int(first), int(count)
                pairs.append(("\n".join(de[first:first + count]) + "\n",
                              "\n".join(fr[first:first + count]) + "\n"))
    else:
        print(f"tralign.dask test: {corpus}.docs is absent; the example texts only")
    en = _read(os.path.join(SOURCE_DIR, "examples", "data", "en.txt"))
    de = _read(os.path.join(SOURCE_DIR, "examples", "data", "de.txt"))
    paragraphs = de.split("\n")
    for k in range(len(paragraphs)):
        pairs.append((en, "\n".join(paragraphs[:k] + paragraphs[k + 1:])))
    pairs.append((en, "\n".join(reversed(paragraphs))))
    return pairs


DOCUMENTS = _documents()


def _local(pairs, task="diff", **options):
    aligner = tralign.Aligner(**options)
    return [getattr(aligner, task)(s, t).to_dict() for s, t in pairs]


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask.bag", reason="python3-dask is not installed")
    distributed = pytest.importorskip("distributed", reason="python3-distributed is not installed")
    # Worker processes are spawned: they find tralign through PYTHONPATH, like any program.
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(tralign.__file__)))
    path = os.environ.get("PYTHONPATH", "")
    if package_parent not in path.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, path) if p)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as c:
            yield c


def test_import_tralign_dask_does_not_import_dask():
    code = "import sys, tralign, tralign.dask; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_align_pairs_on_two_worker_processes_gives_the_reports_of_one_process(client):
    expected = _local(DOCUMENTS, **LANGS)
    reports = tralign.dask.align_pairs(client, DOCUMENTS, chunk_size=3, **LANGS)
    assert len(reports) == len(DOCUMENTS)
    assert [r["beads"] for r in reports] == [r["beads"] for r in expected]
    assert reports == expected  # findings and segments too
    assert any(r["findings"] for r in reports)
    # Both worker processes took part, and each built its Aligner once for all its tasks.
    builds = client.run(tralign.dask.aligner_builds)
    assert len(builds) == 2
    assert all(n == 1 for n in builds.values()), builds
    tralign.dask.align_pairs(client, DOCUMENTS[:8], chunk_size=1, **LANGS)
    assert client.run(tralign.dask.aligner_builds) == builds


def test_align_pairs_task_align_gives_beads_without_findings(client):
    pairs = DOCUMENTS[-6:]
    reports = tralign.dask.align_pairs(client, pairs, task="align", input="lines", **LANGS)
    expected = _local(pairs, task="align", input="lines", **LANGS)
    assert reports == expected
    assert all(r["findings"] == [] for r in reports)
    for report, (source, target) in zip(reports, pairs):
        assert len(report["source"]["segments"]) == len(source.splitlines())
        assert len(report["target"]["segments"]) == len(target.splitlines())


def test_a_bad_document_is_reported_in_its_place_or_raised(client):
    pairs = [DOCUMENTS[0], ("Ein Satz.\x00", "Une phrase."), DOCUMENTS[1]]
    reports = tralign.dask.align_pairs(client, pairs, errors="report", chunk_size=2, **LANGS)
    assert reports[0] == _local(pairs[:1], **LANGS)[0]
    assert set(reports[1]) == {"id", "error"} and reports[1]["id"] == 1
    assert reports[1]["error"]
    assert reports[2] == _local(pairs[2:], **LANGS)[0]
    with pytest.raises(ValueError):
        tralign.dask.align_pairs(client, pairs, **LANGS)


def test_align_bag_keeps_order_and_ids(client):
    import dask.bag

    records = [{"id": f"doc-{i}", "source": s, "target": t}
               for i, (s, t) in enumerate(DOCUMENTS[:12])]
    bag = dask.bag.from_sequence(records, npartitions=4)
    reports = client.compute(tralign.dask.align_bag(bag, **LANGS)).result()
    expected = _local(DOCUMENTS[:12], **LANGS)
    assert [r["id"] for r in reports] == [r["id"] for r in records]
    assert [{k: v for k, v in r.items() if k != "id"} for r in reports] == expected
    # Without a client: Dask's local scheduler, the same reports.
    import dask

    with dask.config.set(scheduler="sync"):
        assert tralign.dask.align_bag(bag, **LANGS).compute() == reports


def _write_shards(directory, shards):
    for name, lines in shards.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            for line in lines:
                f.write(line + "\n")


def _read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_jsonl_shards_round_trip(client, tmp_path):
    shards = {}
    expected = {}
    for k, name in enumerate(["a.jsonl", "b.jsonl", "c.jsonl"]):
        docs = DOCUMENTS[k::3][:6]
        lines = [json.dumps({"id": f"{name}:{i}", "source": s, "target": t}, ensure_ascii=False)
                 for i, (s, t) in enumerate(docs)]
        shards[name] = lines
        expected[name] = [dict(id=f"{name}:{i}", **r) for i, r in enumerate(_local(docs, **LANGS))]
    # A line without id gets its position; a blank line is skipped; bad JSON is reported.
    shards["c.jsonl"] += ["", json.dumps({"source": "Ein Satz.", "target": "Une phrase."}),
                          "{not json"]
    expected["c.jsonl"] += [dict(id=6, **_local([("Ein Satz.", "Une phrase.")], **LANGS)[0]),
                            None]
    (tmp_path / "in").mkdir()
    _write_shards(tmp_path / "in", shards)
    seen = []
    summaries = tralign.dask.align_jsonl(
        client, str(tmp_path / "in" / "*.jsonl"), str(tmp_path / "out"),
        progress=lambda summary, done, total: seen.append((done, total)), **LANGS)
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]
    assert [os.path.basename(s["output"]) for s in summaries] == ["a.jsonl", "b.jsonl",
                                                                  "c.jsonl"]
    assert [s["errors"] for s in summaries] == [0, 0, 1]
    for name in shards:
        got = _read_jsonl(tmp_path / "out" / name)
        want = expected[name]
        assert len(got) == len(want)
        for g, w in zip(got, want):
            if w is None:
                assert set(g) == {"id", "error"} and "JSON" in g["error"]
            else:
                assert g == w
                assert next(iter(g)) == "id"  # the id first, like `tralign diff --jsonl`
    assert not glob.glob(str(tmp_path / "out" / "*.tmp-*"))

    # Cut into blocks: part-NNNNN.jsonl shards, which read in name order give the input order.
    summaries = tralign.dask.align_jsonl(client, str(tmp_path / "in" / "a.jsonl"),
                                         str(tmp_path / "parts"), blocksize=2000, **LANGS)
    names = [os.path.basename(s["output"]) for s in summaries]
    assert len(names) > 1 and names == sorted(names) and names[0] == "part-00000.jsonl"
    joined = [r for s in summaries for r in _read_jsonl(s["output"])]
    assert joined == expected["a.jsonl"]


def test_align_jsonl_names_what_is_missing(client, tmp_path):
    with pytest.raises(FileNotFoundError, match="no file matches"):
        tralign.dask.align_jsonl(client, str(tmp_path / "*.jsonl"), str(tmp_path / "out"))
    with pytest.raises(ValueError, match="task"):
        tralign.dask.align_pairs(client, DOCUMENTS[:1], task="check")


def test_the_example_script_aligns_a_jsonl_corpus_on_a_local_cluster(client, tmp_path):
    script = os.path.join(SOURCE_DIR, "examples", "dask_corpus.py")
    if not os.path.exists(script):
        pytest.skip(f"{script} is absent")
    docs = DOCUMENTS[:10]
    with open(tmp_path / "corpus.jsonl", "w", encoding="utf-8") as f:
        for i, (s, t) in enumerate(docs):
            f.write(json.dumps({"id": i, "source": s, "target": t}, ensure_ascii=False) + "\n")
    run = subprocess.run(
        [sys.executable, script, "--workers", "2", "--source-lang", "de", "--target-lang", "fr",
         "--blocksize", "4KB", "--merge", str(tmp_path / "all.jsonl"),
         str(tmp_path / "corpus.jsonl"), str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert run.returncode == 0, run.stderr
    assert "shards" in run.stderr and f"{len(docs)} documents" in run.stderr
    reports = _read_jsonl(tmp_path / "all.jsonl")
    assert reports == [dict(id=i, **r) for i, r in enumerate(_local(docs, **LANGS))]
    assert len(glob.glob(str(tmp_path / "out" / "part-*.jsonl"))) > 1
