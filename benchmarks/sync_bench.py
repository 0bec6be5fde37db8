#!/usr/bin/python3
"""Staying in sync across a long gap: a block of K consecutive lines taken out of one side of a
line-parallel document, aligned by `tralign align --input lines`.

usage: benchmarks/sync_bench.py [--bin build/bin] [--pairs en-de,en-zh,en-ja]
                                [--gaps 50,200,1000] [--at 0.5] [--options=--plain]

Documents: ../shared/corpora/PAIR/wmtref.{SRC,TGT}.seg (gold: line i <-> line i). From line
AT x n on, K lines are taken out of the target (an omission: the gold has K 1-0 beads there)
or out of the source (an addition: K 0-1 beads), everything else 1-1. Per case: the share of
the gold beads found exactly, and the longest run of consecutive wrong beads ("lost sync":
Gale & Church's model alone misaligned 515 beads in a row on a 6,700-sentence novel). OPTIONS
(written --options=..., split at spaces) are passed on to `tralign align` (`--plain`: the
paper's model alone). Writes a Markdown table
to standard output.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'corpora'))
BEAD = re.compile(r'^\[([^\]]*)\]:\[([^\]]*)\]')


def ids(s):
    return tuple(int(x) for x in s.split(',') if x.strip())


def read_lines(path):
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


def align(binary, options, source_lang, target_lang, source, target, work):
    paths = []
    for name, lines in (('source.txt', source), ('target.txt', target)):
        path = os.path.join(work, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        paths.append(path)
    out = subprocess.run([binary, 'align', '--input', 'lines', '--source-lang', source_lang,
                          '--target-lang', target_lang, '--format', 'beads', *options, *paths],
                         check=True, capture_output=True, text=True).stdout
    beads = []
    for line in out.splitlines():
        m = BEAD.match(line)
        beads.append((ids(m.group(1)), ids(m.group(2))))
    return beads


def score(beads, gold):
    """(share of gold beads found, longest run of consecutive beads not in the gold)."""
    gold_set = set(gold)
    found = sum(1 for b in beads if b in gold_set)
    longest = run = 0
    for b in beads:
        run = 0 if b in gold_set else run + 1
        longest = max(longest, run)
    return found / len(gold), longest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--bin', default=os.path.join(HERE, '..', 'build', 'bin'))
    parser.add_argument('--pairs', default='en-de,en-zh,en-ja')
    parser.add_argument('--gaps', default='50,200,1000')
    parser.add_argument('--at', type=float, default=0.5)
    parser.add_argument('--options', default='', help='more options of tralign align')
    args = parser.parse_args()
    binary = os.path.join(args.bin, 'tralign')
    options = args.options.split()
    gaps = [int(k) for k in args.gaps.split(',')]
    if not os.path.isdir(CORPORA):
        sys.exit(f'sync_bench.py: {CORPORA} not found')
    print('| pair | lines | gap of K lines taken out of | ' +
          ' | '.join(f'K = {k}: gold beads found, longest wrong run' for k in gaps) + ' |')
    print('|---|---:|---|' + '---:|' * len(gaps))
    with tempfile.TemporaryDirectory() as work:
        for pair in args.pairs.split(','):
            sl, tl = pair.split('-')
            src = read_lines(os.path.join(CORPORA, pair, f'wmtref.{sl}.seg'))
            tgt = read_lines(os.path.join(CORPORA, pair, f'wmtref.{tl}.seg'))
            n = min(len(src), len(tgt))
            src, tgt = src[:n], tgt[:n]
            at = int(args.at * n)
            for side in ('target (omission)', 'source (addition)'):
                cells = []
                for k in gaps:
                    kept = range(at, at + k)
                    if side.startswith('target'):
                        beads = align(binary, options, sl, tl, src, tgt[:at] + tgt[at + k:], work)
                        gold = [((i,), (i if i < at else i - k,)) for i in range(n)
                                if i not in kept] + [((i,), ()) for i in kept]
                    else:
                        beads = align(binary, options, sl, tl, src[:at] + src[at + k:], tgt, work)
                        gold = [((i if i < at else i - k,), (i,)) for i in range(n)
                                if i not in kept] + [((), (i,)) for i in kept]
                    found, longest = score(beads, gold)
                    cells.append(f'{100 * found:.2f}%, {longest}')
                print(f'| {pair} | {n} | {side} | ' + ' | '.join(cells) + ' |', flush=True)


if __name__ == '__main__':
    main()
