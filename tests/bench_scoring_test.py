"""The scoring helpers of benchmarks/run_bench.py on hand-made beads: the quality section's
ceiling (ceiling_beads), gold-on-path shares (gold_on_path) and confidence table
(calibration). They only read and write small files: no build is needed."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'benchmarks'))

import run_bench  # noqa: E402


def write(path, lines):
    path.write_text(''.join(line + '\n' for line in lines), encoding='utf-8')
    return str(path)


def test_ceiling_splits_gold_beads_on_the_path_as_the_hypothesis_does(tmp_path):
    gold = write(tmp_path / 'gold', ['[0]:[0]', '[1, 2]:[1, 2]', '[3]:[3, 4]', '[4]:[5]'])
    # 1-2 split finer on the path; 3 and 4 off the path (the hypothesis drifts there).
    hyp = write(tmp_path / 'hyp', ['[0]:[0]:0.9', '[1]:[1]:0.9', '[2]:[2]:0.9',
                                   '[3]:[3]:0.5', '[4]:[4, 5]:0.5'])
    out = str(tmp_path / 'ceiling')
    run_bench.ceiling_beads(gold, hyp, out)
    assert run_bench.read_beads(out) == [
        ([0], [0]), ([1], [1]), ([2], [2]), ([3], [3, 4]), ([4], [5])]


def test_ceiling_keeps_a_gold_null_bead_and_starts_after_skipped_segments(tmp_path):
    # The gold skips source segment 1; its next bead starts at its own first segments.
    gold = write(tmp_path / 'gold', ['[0]:[0]', '[2]:[1]', '[]:[2]'])
    hyp = write(tmp_path / 'hyp', ['[0]:[0]:1', '[1, 2]:[1]:1', '[]:[2]:1'])
    out = str(tmp_path / 'ceiling')
    run_bench.ceiling_beads(gold, hyp, out)
    assert run_bench.read_beads(out) == [([0], [0]), ([2], [1]), ([], [2])]


def test_gold_on_path_counts_ends_on_the_path_and_finer_splits(tmp_path):
    gold = write(tmp_path / 'gold', ['[0]:[0]', '[1, 2]:[1, 2]', '[3]:[3]'])
    hyp = write(tmp_path / 'hyp', ['[0]:[0]', '[1]:[1]', '[2]:[2]', '[3]:[]', '[]:[3]'])
    on, finer = run_bench.gold_on_path(gold, hyp)
    assert (on, finer) == (2 / 3, 1 / 3)


def test_calibration_bins_right_and_within_and_scores(tmp_path):
    gold = [([0], [0]), ([1, 2], [1]), ([3], []), ([4], [2])]
    hyp = write(tmp_path / 'hyp', ['[0]:[0]:0.99', '[1]:[1]:0.6', '[2]:[]:0.3', '[3]:[]:0.95',
                                   '[4]:[2]:1.0'])
    c = run_bench.calibration(gold, run_bench.read_confident_beads(hyp))
    assert c['beads'] == 5
    by_bin = {(b['lo'], b['hi']): b for b in c['bins']}
    low = by_bin[(0.0, 0.5)]  # [2]:[] splits the gold bead [1, 2]:[1]: neither
    assert (low['beads'], low['strict'], low['within']) == (1, 0.0, 0.0)
    mid = by_bin[(0.5, 0.9)]  # [1]:[1] lies within [1, 2]:[1]
    assert (mid['beads'], mid['strict'], mid['within']) == (1, 0.0, 1.0)
    high = by_bin[(0.9, 0.99)]  # the gold's own null bead
    assert (high['beads'], high['strict'], high['within']) == (1, 1.0, 1.0)
    top = by_bin[(0.99, 1.0)]  # 1.0 falls in the last bin
    assert (top['beads'], top['strict']) == (2, 1.0)
    assert abs(c['brier'] - (0.01 ** 2 + 0.6 ** 2 + 0.3 ** 2 + 0.05 ** 2 + 0.0) / 5) < 1e-12
    # ECE, ten bins: |0.3 - 0| + |0.6 - 0| + |0.95 - 1| + |0.995 - 1| * 2, each by its share.
    assert abs(c['ece'] - (0.3 + 0.6 + 0.05 + 0.01) / 5) < 1e-12


def test_a_null_bead_on_a_segment_the_gold_leaves_out_is_right():
    gold = [([0], [0]), ([2], [1])]  # source segment 1 is in no gold bead
    c = run_bench.calibration(gold, [([0], [0], 1.0), ([1], [], 0.8), ([2], [1], 1.0)])
    mid = [b for b in c['bins'] if b['lo'] == 0.5][0]
    assert (mid['beads'], mid['strict'], mid['within']) == (1, 1.0, 1.0)
