#!/usr/bin/python3
"""Findings measurement: flawed translations made by ../shared/eval/perturb.py, scored with
score_findings.py; plus unaligned-segment detection on textberg_dev (score_alignments.py
--nulls), from the aligner's beads and from the findings.

usage: benchmarks/findings_eval.py [--bin build/bin] [--cli] [--seeds 1,2,3] [--lines 2000]
                                   [--sets hun_dtm,bible,en-de,en-zh,en-ja] [--keep DIR]

Sets: hun_dtm (hu-en, whole), the en-zh Bible (first LINES gold beads) and the first LINES
lines of ../shared/corpora/{en-de,en-zh,en-ja}/wmtref (gold: line i <-> line i). Donor
sentences for the additions come from another corpus in the target's language. Reports are
made by `tralign diff --input lines --format json` (--cli) or by bin/diff_driver (default,
the same pipeline: tralign::Aligner::diff).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, '..', '..', 'shared'))
EVAL = os.path.join(SHARED, 'eval')
CORPORA = os.path.join(SHARED, 'corpora')
PY = '/usr/bin/python3'

DONORS = {
    'en': 'en-ja/wmtref.en.seg',
    'de': 'de-fr/wmtdoc.de.seg',
    'zh': 'en-zh/wmtdoc.zh.seg',
    'ja': 'en-ja/wmtdoc.ja.seg',
}

BEAD = re.compile(r'^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]')


def ids(s):
    return [int(x) for x in s.split(',') if x.strip()]


def head_gold(gold, n_beads, out_dir, src, tgt):
    """The first n_beads gold beads and the lines they cover."""
    beads = []
    for line in open(gold, encoding='utf-8'):
        m = BEAD.match(line)
        if m:
            beads.append((ids(m.group(1)), ids(m.group(2))))
        if len(beads) == n_beads:
            break
    ns = max([i for b in beads for i in b[0]] + [-1]) + 1
    nt = max([j for b in beads for j in b[1]] + [-1]) + 1
    src_lines = open(src, encoding='utf-8').read().split('\n')[:ns]
    tgt_lines = open(tgt, encoding='utf-8').read().split('\n')[:nt]
    write(os.path.join(out_dir, 'src.txt'), src_lines)
    write(os.path.join(out_dir, 'tgt.txt'), tgt_lines)
    with open(os.path.join(out_dir, 'gold.align'), 'w', encoding='utf-8') as f:
        for s, t in beads:
            f.write('[%s]:[%s]\n' % (', '.join(map(str, s)), ', '.join(map(str, t))))


def write(path, lines):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(''.join(l + '\n' for l in lines))


def prepare(name, work, lines):
    d = os.path.join(work, 'base_' + name)
    os.makedirs(d, exist_ok=True)
    if name == 'hun_dtm':
        base = os.path.join(EVAL, 'dev', 'hun_dtm')
        for f in ('src.txt', 'tgt.txt', 'gold.align'):
            with open(os.path.join(base, f), encoding='utf-8') as i, \
                 open(os.path.join(d, f), 'w', encoding='utf-8') as o:
                o.write(i.read())
        return d, 'hu', 'en'
    if name == 'bible':
        c = os.path.join(CORPORA, 'en-zh')
        head_gold(os.path.join(c, 'bible.gold.align'), lines, d,
                  os.path.join(c, 'bible.en.seg'), os.path.join(c, 'bible.zh.seg'))
        return d, 'en', 'zh'
    sl, tl = name.split('-')
    c = os.path.join(CORPORA, name)
    src = open(os.path.join(c, 'wmtref.%s.seg' % sl), encoding='utf-8').read().split('\n')[:lines]
    tgt = open(os.path.join(c, 'wmtref.%s.seg' % tl), encoding='utf-8').read().split('\n')[:lines]
    write(os.path.join(d, 'src.txt'), src)
    write(os.path.join(d, 'tgt.txt'), tgt)
    write(os.path.join(d, 'gold.align'), ['[%d]:[%d]' % (i, i) for i in range(len(src))])
    return d, sl, tl


def run_diff(args, sl, tl, src, tgt, out):
    if args.cli:
        cmd = [os.path.join(args.bin, 'tralign'), 'diff', '--input', 'lines', '--source-lang', sl,
               '--target-lang', tl, '--format', 'json', '--fail-on', 'never', src, tgt]
    else:
        cmd = [os.path.join(args.bin, 'diff_driver'), '--source-lang', sl, '--target-lang', tl,
               src, tgt]
    with open(out, 'w', encoding='utf-8') as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE)
    if r.returncode not in (0, 1):
        sys.exit('%s failed: %s' % (' '.join(cmd), r.stderr.decode()[:300]))


def score(pairs):
    cmd = [PY, os.path.join(EVAL, 'score_findings.py')] + pairs + ['--json']
    return json.loads(subprocess.check_output(cmd))


def table(title, res):
    print('%s' % title)
    print('  %-13s %9s %7s %6s %9s %6s' % ('kind', 'precision', 'recall', 'F1', 'expected', 'found'))
    for kind, v in res.items():
        print('  %-13s %9.3f %7.3f %6.3f %9d %6d' % (kind, v['precision'], v['recall'], v['f1'],
                                                    v['expected'], v['found']))


def nulls(args, work):
    """Unaligned-segment detection on textberg_dev: from the beads and from the findings."""
    d = os.path.join(EVAL, 'dev', 'textberg_dev')
    sl, tl = open(os.path.join(d, 'langs')).read().split()
    report = os.path.join(work, 'textberg.json')
    run_diff(args, sl, tl, os.path.join(d, 'src.txt'), os.path.join(d, 'tgt.txt'), report)
    rep = json.load(open(report, encoding='utf-8'))
    beads = os.path.join(work, 'textberg.beads')
    with open(beads, 'w') as f:
        for b in rep['beads']:
            f.write('[%s]:[%s]\n' % (', '.join(map(str, b['source'])), ', '.join(map(str, b['target']))))
    # The findings as beads: every omitted/added segment a null bead, the rest one bead.
    ns = len(open(os.path.join(d, 'src.txt'), encoding='utf-8').read().split('\n')) - 1
    nt = len(open(os.path.join(d, 'tgt.txt'), encoding='utf-8').read().split('\n')) - 1
    om = set(i for f in rep['findings'] if f['kind'] == 'omission' for i in f['source'])
    ad = set(j for f in rep['findings'] if f['kind'] == 'addition' for j in f['target'])
    fb = os.path.join(work, 'textberg_findings.beads')
    with open(fb, 'w') as f:
        for i in sorted(om):
            f.write('[%d]:[]\n' % i)
        for j in sorted(ad):
            f.write('[]:[%d]\n' % j)
        rest_s = [i for i in range(ns) if i not in om]
        rest_t = [j for j in range(nt) if j not in ad]
        f.write('[%s]:[%s]\n' % (', '.join(map(str, rest_s)), ', '.join(map(str, rest_t))))
    out = {}
    for name, hyp in (('beads', beads), ('findings', fb)):
        r = json.loads(subprocess.check_output(
            [PY, os.path.join(EVAL, 'score_alignments.py'), '-g', os.path.join(d, 'gold.align'),
             '-t', hyp, '--nulls', '--json']))
        out[name] = r
    print('textberg_dev unaligned segments (score_alignments.py --nulls):')
    for name, r in out.items():
        print('  from %-8s P=%.3f R=%.3f F1=%.3f (gold %d, found %d)' % (
            name, r['null_precision'], r['null_recall'], r['null_f1'], r['null_gold'], r['null_hyp']))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bin', default=os.path.join(HERE, '..', 'build', 'bin'))
    ap.add_argument('--cli', action='store_true', help='use `tralign diff` instead of diff_driver')
    ap.add_argument('--seeds', default='1,2,3')
    ap.add_argument('--lines', type=int, default=2000)
    ap.add_argument('--sets', default='hun_dtm,bible,en-de,en-zh,en-ja')
    ap.add_argument('--keep', help='keep the work files in this folder')
    ap.add_argument('--no-nulls', action='store_true')
    args = ap.parse_args()
    if not os.path.isdir(EVAL):
        sys.exit('findings_eval: %s is absent' % EVAL)
    work = args.keep or tempfile.mkdtemp(prefix='findings_eval.')
    os.makedirs(work, exist_ok=True)
    every = []
    for name in args.sets.split(','):
        base, sl, tl = prepare(name, work, args.lines)
        pairs = []
        for seed in args.seeds.split(','):
            out = os.path.join(work, '%s_%s' % (name, seed))
            subprocess.run([PY, os.path.join(EVAL, 'perturb.py'), os.path.join(base, 'src.txt'),
                            os.path.join(base, 'tgt.txt'), os.path.join(base, 'gold.align'), out,
                            '--donor', os.path.join(CORPORA, DONORS[tl]), '--seed', seed],
                           check=True, stdout=subprocess.DEVNULL)
            run_diff(args, sl, tl, os.path.join(out, 'src.txt'), os.path.join(out, 'tgt.txt'),
                     os.path.join(out, 'report.json'))
            pairs += [os.path.join(out, 'expected.json'), os.path.join(out, 'report.json')]
        table('%s (%s-%s, seeds %s)' % (name, sl, tl, args.seeds), score(pairs))
        every += pairs
    table('all sets', score(every))
    if not args.no_nulls:
        nulls(args, work)
    if not args.keep:
        subprocess.run(['rm', '-rf', work])


if __name__ == '__main__':
    main()
