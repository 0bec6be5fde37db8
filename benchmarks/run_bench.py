#!/usr/bin/python3
"""make bench: runs every benchmark in benchmarks/ on ../shared/corpora and ../shared/eval and
rewrites benchmarks/RESULTS.md (machine, date, commit, every figure with its command) and the
plots in benchmarks/plots/.

usage:
  /usr/bin/python3 benchmarks/run_bench.py [--quick] [--build build] [--out FILE] [--plots DIR]
                                           [--runs R] [--only NAME,...]
  /usr/bin/python3 benchmarks/run_bench.py --nltk SRC TGT N LINKS   (one NLTK timing, internal)

Run from anywhere; commands run in the repository root and are shown relative to it.

RESULTS.md is rewritten in place: every figure this driver makes sits between
`<!-- bench:begin NAME -->` and `<!-- bench:end NAME -->` markers, right under the `##`
heading of its module (a missing heading is added at the end). Everything outside the markers
(the modules' hand-written notes) is kept as it is. The template is the current
benchmarks/RESULTS.md, whatever --out is.

Sections (--only): segmentation, golden, align, nltk, e2e, quality, findings, batch, python,
corpus. Every timed figure is the median of R runs (R = --runs, 5; 3 with --quick), each a
separate process unless said otherwise, with the range (min-max) beside it. Inputs are fixed
files; the flawed translations use fixed seeds.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = '../shared'  # relative to ROOT, as in every command shown
CORPORA = SHARED + '/corpora'
EVAL = SHARED + '/eval'
PY = '/usr/bin/python3'

PAIRS = [('en', 'de'), ('en', 'zh'), ('en', 'ja')]
SECTIONS = ['segmentation', 'golden', 'align', 'nltk', 'e2e', 'quality', 'findings', 'batch',
            'python', 'corpus']

# Benchmarks in benchmarks/ that this driver runs (others are listed as not run).
KNOWN = {'segment_bench.cc', 'align_bench.cc', 'align_eval.cc', 'diff_driver.cc',
         'stage_bench.cc', 'findings_eval.py', 'batch_throughput.py', 'run_bench.py',
         'python_bench.py', 'python_overhead_bench.cc', 'corpus_bench.py', 'nltk_compare.py'}


# ---------------------------------------------------------------------------------------------
# Running things


class Runner:
    def __init__(self, args):
        self.args = args
        self.log = []  # (section, seconds)

    def run(self, cmd, stdout=None, env=None, check=True, stdin=None, timeout=None):
        """Runs cmd in ROOT; returns (stdout text or None, wall seconds, max RSS kB, status).
        A command still running after `timeout` seconds (default --timeout) is killed and
        raises TimeoutError."""
        timeout = timeout or self.args.timeout
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        out_file = stdout if stdout is not None else tempfile.TemporaryFile()
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=out_file, stderr=subprocess.PIPE,
                                 env=full_env, stdin=stdin)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        timed_out = not timer.is_alive() and seconds >= timeout
        timer.cancel()
        code = os.waitstatus_to_exitcode(status)
        child.returncode = code  # keep Popen from waiting on a reaped child
        text = None
        if stdout is None:
            out_file.seek(0)
            text = out_file.read().decode('utf-8', 'replace')
            out_file.close()
        if timed_out:
            raise TimeoutError('%s: killed after %.0f s' % (shlex.join(cmd), seconds))
        if check and code != 0:
            raise RuntimeError('%s failed (%d): %s' % (shlex.join(cmd), code,
                                                      err.decode('utf-8', 'replace')[-800:]))
        return text, seconds, usage.ru_maxrss, code


def spread(values, fmt='%.3g'):
    """'median (min-max)'."""
    m = statistics.median(values)
    if len(values) == 1 or fmt % min(values) == fmt % max(values):
        return fmt % m
    return (fmt + ' (' + fmt + '–' + fmt + ')') % (m, min(values), max(values))


def med(values):
    return statistics.median(values)


def cmdline(cmd, env=None):
    prefix = ''.join('%s=%s ' % (k, v) for k, v in (env or {}).items())
    return prefix + shlex.join(cmd)


def code_block(lines):
    return '```\n' + '\n'.join(lines) + '\n```\n'


def rel(path):
    return os.path.relpath(path, ROOT)


# ---------------------------------------------------------------------------------------------
# Inputs: the large sets decompressed once into BUILD/bench-data (deterministic files)


class Data:
    def __init__(self, build):
        self.dir = os.path.join(build, 'bench-data')
        os.makedirs(os.path.join(ROOT, self.dir), exist_ok=True)
        self.made = []  # commands that made the files

    def wmtbig(self, pair, lang):
        """The decompressed ../shared/corpora/PAIR/wmtbig.LANG.seg (cached)."""
        src = '%s/%s/wmtbig.%s.seg.xz' % (CORPORA, pair, lang)
        dst = '%s/wmtbig.%s.%s.seg' % (self.dir, pair, lang)
        full_src, full_dst = os.path.join(ROOT, src), os.path.join(ROOT, dst)
        if not os.path.exists(full_dst) or os.path.getmtime(full_dst) < os.path.getmtime(full_src):
            with open(full_dst + '.tmp', 'wb') as f:
                subprocess.run(['xz', '-dc', full_src], stdout=f, check=True)
            os.replace(full_dst + '.tmp', full_dst)
        self.made.append('xz -dc %s > %s' % (src, dst))
        return dst

    def lines_at_least(self, pair, lang, n):
        """A file of at least n lines: wmtbig, repeated as a whole as often as needed."""
        base = self.wmtbig(pair, lang)
        full = os.path.join(ROOT, base)
        count = count_lines(full)
        if count >= n:
            return base
        copies = -(-n // count)
        dst = '%s/wmtbig%dx.%s.%s.seg' % (self.dir, copies, pair, lang)
        full_dst = os.path.join(ROOT, dst)
        if not os.path.exists(full_dst) or os.path.getmtime(full_dst) < os.path.getmtime(full):
            with open(full, 'rb') as f:
                data = f.read()
            with open(full_dst + '.tmp', 'wb') as f:
                for _ in range(copies):
                    f.write(data)
            os.replace(full_dst + '.tmp', full_dst)
        self.made.append('for k in $(seq %d); do cat %s; done > %s' % (copies, base, dst))
        return dst

    def head(self, path, n, name):
        """The first n lines of path (cached)."""
        dst = '%s/%s' % (self.dir, name)
        full_dst = os.path.join(ROOT, dst)
        with open(os.path.join(ROOT, path), encoding='utf-8') as f:
            lines = f.read().split('\n')[:n]
        with open(full_dst, 'w', encoding='utf-8') as f:
            f.write(''.join(l + '\n' for l in lines))
        return dst


_line_counts = {}


def count_lines(path):
    if path not in _line_counts:
        n = 0
        with open(path, 'rb') as f:
            for block in iter(lambda: f.read(1 << 24), b''):
                n += block.count(b'\n')
        _line_counts[path] = n
    return _line_counts[path]


def bytes_of_first_lines(path, n):
    total = 0
    with open(os.path.join(ROOT, path), 'rb') as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            total += len(line)
    return total


# ---------------------------------------------------------------------------------------------
# Sections. Each returns {'blocks': {name: markdown}, 'data': {...}} pieces through `out`.


def section_segmentation(r, cfg, data, out):
    b = r.args.bin
    files = []
    if cfg['quick']:
        for pair, lang in (('en-de', 'en'), ('en-de', 'de'), ('en-zh', 'zh'), ('en-ja', 'ja')):
            files.append((lang, '%s/%s/wmtref.%s.raw' % (CORPORA, pair, lang)))
    else:
        for pair, lang in (('en-de', 'en'), ('en-de', 'de'), ('en-zh', 'zh'), ('en-ja', 'ja')):
            files.append((lang, data.wmtbig(pair, lang)))
        for pair, lang in (('en-de', 'en'), ('en-de', 'de'), ('en-zh', 'zh'), ('en-ja', 'ja')):
            files.append((lang, '%s/%s/wmtref.%s.raw' % (CORPORA, pair, lang)))
    results = {f: {'icu': [], 'ours': [], 'ratio': [], 'cpu_ratio': []} for f in files}
    in_process = 3
    for _ in range(cfg['runs']):  # alternate files, so load hits all alike
        for lang, path in files:
            text, _, _, _ = r.run([b + '/segment_bench', '--runs', str(in_process),
                                   '%s:%s' % (lang, path)])
            row = text.strip().split('\n')[-1].split()
            res = results[(lang, path)]
            res['mb'] = float(row[2])
            res['icu'].append(float(row[3]))
            res['ours'].append(float(row[4]))
            res['breaks'], res['segments'] = int(row[5]), int(row[6])
            res['ratio'].append(float(row[4]) / float(row[3]))
            res['cpu_ratio'].append(float(row[9]) / float(row[8]))
    md = ['### Speed: tralign\'s Segmenter beside ICU\'s sentence iterator alone\n',
          'Both in the same process on the same text (one thread): each process times %d runs '
          'of each, alternating which goes first, and reports the medians (so that neither '
          'pays alone for a cold first run: on the 2 MB files one cold run per process gave '
          '71–75%%, with ICU, whose rule data the Segmenter had already loaded, warm). '
          'MB/s: median of %d processes (min–max); CPU: thread CPU time, which does not count '
          'waiting for a core.\n' % (in_process, cfg['runs']),
          '| lang | file | MB | ICU alone MB/s | tralign MB/s | tralign / ICU | tralign / ICU (CPU) '
          '| segments |',
          '|---|---|---:|---:|---:|---:|---:|---:|']
    for lang, path in files:
        res = results[(lang, path)]
        md.append('| %s | %s | %.1f | %s | %s | %s | %s | %d |' % (
            lang, os.path.basename(path), res['mb'], spread(res['icu'], '%.0f'),
            spread(res['ours'], '%.0f'), '%.0f%%' % (100 * med(res['ratio'])),
            '%.0f%%' % (100 * med(res['cpu_ratio'])), res['segments']))
    md.append('')
    md.append('Command (each file, %d times, files alternating):' % cfg['runs'])
    lines = sorted(set(data.made)) if not cfg['quick'] else []
    lines += [cmdline([b + '/segment_bench', '--runs', str(in_process), '%s:%s' % (lang, path)])
              for lang, path in files]
    md.append(code_block(lines))
    out['blocks']['segmentation'] = '\n'.join(md)
    out['data']['segmentation'] = [
        {'lang': lang, 'file': os.path.basename(path), 'path': path,
         'icu': med(results[(lang, path)]['icu']),
         'ours': med(results[(lang, path)]['ours']),
         'ratio': med(results[(lang, path)]['ratio'])} for lang, path in files]


def section_golden(r, cfg, data, out):
    exe = r.args.bin + '/tests/segment_test'
    if not os.path.exists(os.path.join(ROOT, exe)):
        out['blocks']['golden'] = '(%s is not built: the golden-rule figures are left out.)\n' % exe
        return
    cmd = [exe, 'The golden-rule set*']
    text, _, _, _ = r.run(cmd)
    rows = [l for l in text.split('\n') if l.startswith('golden rules')]
    md = ['### Accuracy: the golden-rule set\n',
          '| lang | cases | tralign | ICU alone | ICU ss=standard |', '|---|---:|---:|---:|---:|']
    for l in rows:
        m = re.match(r'golden rules (\S+)\s+(\d+) cases: tralign\s+([\d.]+%)'
                     r'\s+ICU alone\s+([\d.]+%)'
                     r'\s+ICU ss=standard\s+([\d.]+%)', l)
        if m:
            md.append('| %s |' % ' | '.join(m.groups()))
    md.append('')
    md.append('Command: `%s | grep "golden rules"`\n' % cmdline(cmd))
    out['blocks']['golden'] = '\n'.join(md)


def align_bench_runs(r, cfg, src, tgt, n, extra=()):
    """R processes of align_bench for one size: times, RSS, 1-1 kept."""
    cmd = [r.args.bin + '/align_bench'] + list(extra) + ['--runs', '1', src, tgt, str(n)]
    times, rss, kept, pairs = [], [], [], 0
    for _ in range(cfg['runs']):
        try:
            text, _, _, _ = r.run(cmd, timeout=cfg['align_timeout'])
        except TimeoutError:
            return {'pairs': n, 'times': [cfg['align_timeout']], 'rss': [0], 'kept': 0, 'cmd': cmd,
                    'killed': True}
        rows = [l.split() for l in text.split('\n') if re.match(r'\s*\d', l)]
        pairs = int(rows[0][0])
        times.append(float(rows[0][1]))
        kept.append(float(rows[0][3].rstrip('%')))
        rss.append(int(re.search(r'max RSS: (\d+)', text).group(1)))
        if times[-1] > cfg['slow']:  # a slow size: one run is enough to see it
            break
    return {'pairs': pairs, 'times': times, 'rss': rss, 'kept': med(kept), 'cmd': cmd}


def section_align(r, cfg, data, out):
    rows, series, cmds, baseline = [], {}, [], {}
    for sl, tl in PAIRS:
        pair = '%s-%s' % (sl, tl)
        variants = [('tralign', ())]
        if pair == 'en-de':
            variants.append(('tralign --plain', ('--plain',)))
        base, _, base_rss, _ = r.run([r.args.bin + '/align_bench', '--runs', '1',
                                      data.wmtbig(pair, sl), data.wmtbig(pair, tl), '0'])
        baseline[pair] = int(re.search(r'max RSS: (\d+)', base).group(1))
        for name, extra in variants:
            sizes = cfg['align_sizes']
            if cfg['quick'] and (pair != 'en-de' or extra):
                sizes = sizes[:2]
            elif extra:  # --plain: up to 100k (at 1M it ran for more than 400 s)
                sizes = [n for n in sizes if n <= 100000]
            for n in sizes:
                src = data.lines_at_least(pair, sl, n)
                tgt = data.lines_at_least(pair, tl, n)
                res = align_bench_runs(r, cfg, src, tgt, n, extra)
                res['input_bytes'] = bytes_of_first_lines(src, n) + bytes_of_first_lines(tgt, n)
                res['pair'], res['variant'] = pair, name
                rows.append(res)
                cmds.append(cmdline(res['cmd']))
                if res.get('killed'):
                    break  # larger sizes would be killed too
                series.setdefault('%s %s' % (name, pair), []).append(res)
    md = ['### Speed and memory: pre-segmented pairs (`--input lines`), 1k to 1M pairs\n',
          'align_bench: the first N lines of both files are two documents (one segment a line); '
          'one `align()` per process (default options: calibrated model, anchors; `--plain`: the '
          'paper\'s model, up to 100k pairs), %d processes per row (one when a run takes more than '
          '%d s). Time excludes reading; peak RSS is the whole process (the input text once, '
          'the segments, the alignment); "over input" is (RSS − input bytes − the RSS of the '
          'same process with N = 0, %s) / (2N segments). en-zh and en-ja have fewer than 1M '
          'lines: their files are repeated whole to reach 1M. "1-1 kept": gold pairs '
          '(line i ↔ line i) found '
          'as 1-1 beads.\n' % (cfg['runs'], cfg['slow'], ', '.join(
              '%s %.1f MB' % (k, v / 1024) for k, v in baseline.items())),
          '| pair | mode | pairs | seconds | pairs/s | peak RSS MB | input MB | '
          'over input, B/segment '
          '| 1-1 kept |',
          '|---|---|---:|---:|---:|---:|---:|---:|---:|']
    for res in rows:
        if res.get('killed'):
            md.append('| %s | %s | %s | > %d (killed) | < %s | | | | |' % (
                res['pair'], 'plain' if '--plain' in res['cmd'] else 'default',
                '{:,}'.format(res['pairs']), cfg['align_timeout'],
                '{:,.0f}'.format(res['pairs'] / cfg['align_timeout'])))
            continue
        t = med(res['times'])
        rss = med(res['rss']) * 1024
        md.append('| %s | %s | %s | %s | %s | %s | %.1f | %.0f | %.2f%% |' % (
            res['pair'], res['variant'].replace('tralign', 'default') if res['variant'] == 'tralign'
            else 'plain', '{:,}'.format(res['pairs']), spread(res['times'], '%.3g') + (
                ' (%d run: over %d s)' % (len(res['times']), cfg['slow'])
                if len(res['times']) < cfg['runs'] else ''),
            '{:,.0f}'.format(res['pairs'] / t), spread([x / 1024 for x in res['rss']], '%.0f'),
            res['input_bytes'] / 1e6,
            (rss - res['input_bytes'] - baseline[res['pair']] * 1024) / (2 * res['pairs']),
            res['kept']))
    md.append('')
    md.append('Commands (each %d times; the input files are made by):' % cfg['runs'])
    md.append(code_block(sorted(set(data.made)) + cmds))
    out['blocks']['align'] = '\n'.join(md)
    out['data']['align_rows'] = [
        {'pair': x['pair'], 'variant': x['variant'], 'pairs': x['pairs'],
         'killed': bool(x.get('killed')),
         'rate': 0 if x.get('killed') else x['pairs'] / med(x['times']),
         'over': 0 if x.get('killed') else (med(x['rss']) * 1024 - x['input_bytes']
                                             - baseline[x['pair']] * 1024) / (2 * x['pairs']),
         'kept': x['kept']} for x in rows]
    out['data']['align'] = {k: [{'pairs': x['pairs'], 'time': med(x['times']),
                                 'tmin': min(x['times']), 'tmax': max(x['times']),
                                 'rss': med(x['rss']) / 1024} for x in v]
                            for k, v in series.items()}


# --- NLTK --------------------------------------------------------------------------------------


def nltk_main(argv):
    """--nltk SRC TGT N LINKS: NLTK's align_blocks on the first N lines; prints seconds."""
    from nltk.translate.gale_church import align_blocks
    src, tgt, n, links = argv[0], argv[1], int(argv[2]), argv[3]
    with open(src, encoding='utf-8') as f:
        s = [len(l) for l in f.read().split('\n')[:n]]
    with open(tgt, encoding='utf-8') as f:
        t = [len(l) for l in f.read().split('\n')[:n]]
    start = time.perf_counter()
    result = align_blocks(s, t)
    seconds = time.perf_counter() - start
    with open(links, 'w') as f:
        json.dump(result, f)
    print('%.6f' % seconds)


def bead_links(beads_text):
    links = set()
    for line in beads_text.split('\n'):
        m = re.match(r'\[([^\]]*)\]:\[([^\]]*)\]', line)
        if not m:
            continue
        s = [int(x) for x in m.group(1).split(',') if x.strip()]
        t = [int(x) for x in m.group(2).split(',') if x.strip()]
        links.update((i, j) for i in s for j in t)
    return links


def section_nltk(r, cfg, data, out):
    sl, tl = 'en', 'de'
    src = '%s/en-de/wmtref.%s.seg' % (CORPORA, sl)
    tgt = '%s/en-de/wmtref.%s.seg' % (CORPORA, tl)
    rows, cmds = [], []
    links_file = os.path.join(ROOT, data.dir, 'nltk.links.json')
    # The interpreter with NLTK imported and nothing aligned: the memory floor of every NLTK run.
    _, _, base_rss, _ = r.run([PY, '-c', 'import nltk.translate.gale_church'])
    for n in cfg['nltk_sizes']:
        ncmd = [PY, 'benchmarks/run_bench.py', '--nltk', src, tgt, str(n), rel(links_file)]
        ntimes, nrss = [], []
        for _ in range(cfg['nltk_runs']):
            text, _, rss, _ = r.run(ncmd)
            ntimes.append(float(text.strip()))
            nrss.append(rss)
        with open(links_file) as f:
            nltk_links = set(tuple(x) for x in json.load(f))
        plain = align_bench_runs(r, cfg, src, tgt, n, ('--plain',))
        default = align_bench_runs(r, cfg, src, tgt, n)
        s_head = data.head(src, n, 'nltk.src.txt')
        t_head = data.head(tgt, n, 'nltk.tgt.txt')
        ecmd = [r.args.bin + '/align_eval', '--plain', s_head, t_head]
        beads, _, _, _ = r.run(ecmd)
        ours = bead_links(beads)
        same = len(ours & nltk_links) / max(1, len(ours | nltk_links))
        rows.append({'n': n, 'nltk': ntimes, 'nltk_rss': nrss, 'plain': plain, 'default': default,
                     'agree': same, 'diff': len(ours ^ nltk_links)})
        cmds += [cmdline(ncmd), cmdline(plain['cmd']), cmdline(default['cmd']),
                 'head -%d %s > %s; head -%d %s > %s' % (n, src, s_head, n, tgt, t_head),
                 cmdline(ecmd)]
    md = ['### Beside NLTK\'s Gale-Church (`nltk.translate.gale_church.align_blocks`)\n',
          'en-de wmtref, first N lines (lengths in code points on both). NLTK fills the whole '
          'n×m table in Python, so it runs only on small inputs. Time: median of %d runs for '
          'NLTK (in-process timer around `align_blocks`), %d processes for tralign (align_bench); '
          'peak RSS of the process (NLTK\'s includes the interpreter: %.0f MB with NLTK imported '
          'and nothing aligned). "same links": the sentence pairs of tralign `--plain` beads '
          '(align_eval) that NLTK also outputs, over the union of both (NLTK computes δ with the '
          'mean of both lengths, the paper with the source length, so costs differ slightly).\n'
          % (cfg['nltk_runs'], cfg['runs'], base_rss / 1024),
          '| pairs | NLTK s | tralign --plain s | tralign default s | NLTK / plain | NLTK RSS MB '
          '| plain RSS MB | same links | links differing |',
          '|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for x in rows:
        md.append('| %d | %s | %s | %s | %.0f× | %s | %s | %.1f%% | %d |' % (
            x['n'], spread(x['nltk'], '%.3g'), spread(x['plain']['times'], '%.2g'),
            spread(x['default']['times'], '%.2g'), med(x['nltk']) / med(x['plain']['times']),
            spread([v / 1024 for v in x['nltk_rss']], '%.0f'),
            spread([v / 1024 for v in x['plain']['rss']], '%.1f'), 100 * x['agree'], x['diff']))
    md.append('')
    md.append('Commands (timed ones %d times):' % cfg['runs'])
    md.append(code_block(cmds))
    out['blocks']['nltk'] = '\n'.join(md)
    out['data']['nltk'] = rows
    out['data']['nltk_base_rss'] = base_rss / 1024


# --- end to end and stages ---------------------------------------------------------------------


def paragraph_crossings(report):
    """(beads across paragraph pairs, beads with both sides) of an align JSON report whose
    texts are line-parallel (paragraph i translates paragraph i)."""
    sp = [seg['paragraph'] for seg in report['source']['segments']]
    tp = [seg['paragraph'] for seg in report['target']['segments']]
    bad = both = 0
    for bead in report['beads']:
        if not bead['source'] or not bead['target']:
            continue
        both += 1
        if {sp[i] for i in bead['source']} != {tp[j] for j in bead['target']}:
            bad += 1
    return bad, both


def section_e2e(r, cfg, data, out):
    b = r.args.bin
    sets = [('en', 'de', 'en-de', 'wmtref')]
    if not cfg['quick']:
        sets += [('en', 'zh', 'en-zh', 'wmtref'), ('en', 'ja', 'en-ja', 'wmtref'),
                 ('de', 'fr', 'de-fr', 'wmtdoc')]
    rows, cmds = [], []
    for sl, tl, pair, name in sets:
        src = '%s/%s/%s.%s.raw' % (CORPORA, pair, name, sl)
        tgt = '%s/%s/%s.%s.raw' % (CORPORA, pair, name, tl)
        scmd = [b + '/stage_bench', '--runs', str(cfg['runs']), '--json', '%s:%s' % (sl, src),
                '%s:%s' % (tl, tgt)]
        text, _, _, _ = r.run(scmd)
        st = json.loads(text)
        acmd = [b + '/tralign', 'align', '--source-lang', sl, '--target-lang', tl, '--format',
                'beads', src, tgt]
        dcmd = [b + '/tralign', 'diff', '--source-lang', sl, '--target-lang', tl, '--format',
                'json', '--fail-on', 'never', src, tgt]
        cli = {'align': [], 'diff': [], 'align_rss': [], 'diff_rss': []}
        for _ in range(cfg['runs']):
            for key, cmd in (('align', acmd), ('diff', dcmd)):
                with open(os.devnull, 'wb') as devnull:
                    _, secs, rss, _ = r.run(cmd, stdout=devnull)
                cli[key].append(secs)
                cli[key + '_rss'].append(rss)
        jcmd = [b + '/tralign', 'align', '--source-lang', sl, '--target-lang', tl, '--format',
                'json', src, tgt]
        text, _, _, _ = r.run(jcmd)
        rows.append({'pair': pair, 'set': name, 'stage': st, 'cli': cli,
                     'crossing': paragraph_crossings(json.loads(text))})
        cmds += [cmdline(scmd), cmdline(acmd) + ' > /dev/null', cmdline(dcmd) + ' > /dev/null',
                 cmdline(jcmd) + ' > align.json']
    md = ['### End to end: raw text in, beads out, beside ICU\'s iterator alone\n',
          'Raw text (`--input text`, real paragraphs) on both sides. stage_bench times, in one '
          'process and alternating over %d runs, ICU\'s sentence iterator alone on both texts '
          'and `Aligner::align` (segment + align) and `Aligner::diff` (+ check) on the same '
          'texts; "no lexicon" is `Aligner::align` with `AlignOptions::lexicon = false` '
          '(`--no-lexicon`: no second pass with the learned lexicon; not the default, shown '
          'for what that pass costs); the CLI columns are whole `tralign` processes (reading, '
          'writing to /dev/null), %d runs each. Seconds: median (min–max).\n'
          % (cfg['runs'], cfg['runs']),
          '| pair | set | MB (both) | segments | ICU alone s | align s | align / ICU '
          '| no lexicon / ICU | diff s | CLI align s | CLI diff --format json s '
          '| CLI diff RSS MB |',
          '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for x in rows:
        st, cli = x['stage'], x['cli']
        icu = st['stages']['icu']
        md.append('| %s | %s | %.1f | %d + %d | %s | %s | %.1f× | %.1f× | %s | %s | %s | %.0f |' % (
            x['pair'], x['set'], st['mb'], st['source_segments'], st['target_segments'],
            spread(icu), spread(st['stages']['e2e_align']),
            med(st['stages']['e2e_align']) / med(icu),
            med(st['stages']['e2e_nolex']) / med(icu), spread(st['stages']['e2e_diff']),
            spread(cli['align']), spread(cli['diff']), med(cli['diff_rss']) / 1024))
    md.append('')
    md.append('### Raw text: beads within their paragraph pair\n')
    md.append('The `.raw` files are line-parallel: paragraph (line) i of one side translates '
              'paragraph i of the other. A bead with segments on both sides whose paragraphs '
              'are not one such pair is wrong (from `tralign align --format json`, whose '
              'segments carry their paragraph).\n')
    md.append('| pair | set | beads with both sides | across paragraph pairs |')
    md.append('|---|---|---:|---:|')
    for x in rows:
        bad, both = x['crossing']
        md.append('| %s | %s | %d | %d (%.2f%%) |' % (x['pair'], x['set'], both, bad,
                                                     100.0 * bad / max(both, 1)))
    md.append('')
    md.append('### Speed of each stage (MB of input, both texts, per second; one thread)\n')
    names = ['icu', 'segment', 'align', 'check', 'json']
    md.append('| pair | set | ' + ' | '.join(
        ['ICU alone', 'segment', 'align', 'check', 'JSON writer']) + ' | beads | findings |')
    md.append('|---|---|' + '---:|' * (len(names) + 2))
    for x in rows:
        st = x['stage']
        md.append('| %s | %s | %s | %d | %d |' % (x['pair'], x['set'], ' | '.join(
            '%.1f' % (st['mb'] / med(st['stages'][n])) for n in names), st['beads'],
            st['findings']))
    md.append('')
    md.append('Commands (the CLI ones %d times each):' % cfg['runs'])
    md.append(code_block(cmds))
    out['blocks']['e2e'] = '\n'.join(md)
    out['data']['e2e'] = rows


# --- quality -----------------------------------------------------------------------------------


def dev_sets(quick):
    sets = []
    for d in sorted(glob.glob(os.path.join(ROOT, EVAL, 'dev', '*'))):
        if not os.path.exists(os.path.join(d, 'gold.align')):
            continue
        with open(os.path.join(d, 'langs')) as f:
            sl, tl = f.read().split()
        base = rel(d)
        sets.append((os.path.basename(d), sl, tl, base + '/src.txt', base + '/tgt.txt',
                     base + '/gold.align'))
    if quick:  # the whole Bible takes minutes
        return sets
    c = CORPORA + '/en-zh'
    sets.append(('bible (en-zh)', 'en', 'zh', c + '/bible.en.seg', c + '/bible.zh.seg',
                 c + '/bible.gold.align'))
    return sets


BEAD = re.compile(r'^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]')


def read_beads(path):
    """(source indexes, target indexes) of every bead of a beads file ([i, j]:[k]:...)."""
    return [(a, b) for a, b, _ in read_confident_beads(path)]


def gold_on_path(gold, hyp):
    """(on, finer): the shares of the gold beads with both sides whose first and last nodes
    both lie on the hypothesis' path (the gold bead is the hypothesis' beads between them
    merged), and of those the hypothesis splits into more than one bead."""
    nodes, whole = {(0, 0)}, set()
    for a, b in read_beads(hyp):
        if a and b:
            nodes.add((a[0], b[0]))
            nodes.add((a[-1] + 1, b[-1] + 1))
            whole.add((tuple(a), tuple(b)))
    both = [(a, b) for a, b in read_beads(gold) if a and b]
    on = [(a, b) for a, b in both if (a[0], b[0]) in nodes and (a[-1] + 1, b[-1] + 1) in nodes]
    finer = sum((tuple(a), tuple(b)) not in whole for a, b in on)
    return len(on) / max(len(both), 1), finer / max(len(both), 1)


def ceiling_beads(gold, hyp, out):
    """Writes to `out` the gold beads, each one whose two ends lie on the hypothesis' path
    replaced by the hypothesis' beads between them (null beads included): the beads of a path
    that goes wherever the gold goes but splits as finely as the hypothesis does. Its strict F1
    is the most the hypothesis' granularity allows against this gold."""
    after, node = {}, (0, 0)  # the hypothesis' beads by the node they start from
    for a, b in read_beads(hyp):
        end = (a[-1] + 1 if a else node[0], b[-1] + 1 if b else node[1])
        after[node] = ((a, b), end)
        node = end
    lines, node = [], (0, 0)
    for a, b in read_beads(gold):
        if a and b:  # the gold may skip segments: a bead starts at its own first ones
            node = (a[0], b[0])
        end = (a[-1] + 1 if a else node[0], b[-1] + 1 if b else node[1])
        chain, at = [], node
        while at in after and at != end and at[0] <= end[0] and at[1] <= end[1]:
            bead, next_at = after[at]
            if next_at == at:  # an empty bead: no step along the path
                break
            chain.append(bead)
            at = next_at
        beads = chain if a and b and at == end else [(a, b)]
        lines += ['%s:%s' % (list(x), list(y)) for x, y in beads]
        node = end
    with open(out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


CONFIDENCE_BINS = [(0.0, 0.5), (0.5, 0.9), (0.9, 0.99), (0.99, 1.0)]


def read_confident_beads(path):
    """(source indexes, target indexes, confidence) of every bead of a beads file
    ([i, j]:[k]:0.98; a gold file's beads, with none, have confidence 1)."""
    beads = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = BEAD.match(line)
            if m:
                a, b = ([int(x) for x in re.findall(r'\d+', side)] for side in m.groups())
                rest = line[m.end():].strip().lstrip(':').strip()
                beads.append((a, b, float(rest) if rest else 1.0))
    return beads


def calibration(gold, hyp_beads):
    """How well the beads' confidences predict that they are right. A bead is right (strict)
    when the gold holds the same bead, and right (within) when all its segments belong to one
    gold bead (a null bead: when its segments have no counterpart in the gold; segments the gold
    leaves out count as such). Per confidence bin: beads, mean confidence, shares right; and the
    Brier score and the expected calibration error (ten equal bins) against strict rightness."""
    exact, source_of, target_of = set(), {}, {}
    for k, (a, b) in enumerate(gold):
        exact.add((tuple(a), tuple(b)))
        for x in a:
            source_of[x] = k if b else None
        for y in b:
            target_of[y] = k if a else None
    rows = []
    for a, b, p in hyp_beads:
        strict = (tuple(a), tuple(b)) in exact
        if not strict and not (a and b):  # a null bead left out of the gold
            strict = all(source_of.get(x) is None for x in a) and all(
                target_of.get(y) is None for y in b) and len(a) + len(b) == 1
        homes = {source_of.get(x) for x in a} | {target_of.get(y) for y in b}
        within = strict or (len(homes) == 1 and None not in homes and bool(a) and bool(b)) or (
            not (a and b) and homes <= {None})
        rows.append((p, strict, within))
    def share(sel, field):  # the mean of a field over the rows of a bin
        return sum(x[field] for x in sel) / len(sel) if sel else float('nan')

    def binned(edges):  # the rows by confidence, in [lo, hi) (the last bin holds 1.0 too)
        return [[x for x in rows if lo <= x[0] < hi or (hi == 1.0 and x[0] == 1.0)]
                for lo, hi in edges]

    out = {'beads': len(rows), 'bins': []}
    for (lo, hi), sel in zip(CONFIDENCE_BINS, binned(CONFIDENCE_BINS)):
        out['bins'].append({'lo': lo, 'hi': hi, 'beads': len(sel), 'mean': share(sel, 0),
                            'strict': share(sel, 1), 'within': share(sel, 2)})
    n = max(len(rows), 1)
    out['brier'] = sum((x[0] - x[1]) ** 2 for x in rows) / n
    out['ece'] = sum(len(sel) / n * abs(share(sel, 0) - share(sel, 1))
                     for sel in binned([(k / 10, (k + 1) / 10) for k in range(10)]) if sel)
    return out


def calibration_block(r, cfg, data, hyps):
    """The calibration table: the development sets' beads (hyps: (name, gold, beads file)) and
    the first 100,000 lines of each wmtbig pair (gold: line i with line i)."""
    sets, cmds = [], []
    for name, gold, hyp in hyps:
        sets.append((name, calibration(read_beads(os.path.join(ROOT, gold)),
                                       read_confident_beads(os.path.join(ROOT, hyp)))))
    n = 100000
    for sl, tl in PAIRS:
        pair = '%s-%s' % (sl, tl)
        src = data.head(data.wmtbig(pair, sl), n, 'calibration.%s.%s.seg' % (pair, sl))
        tgt = data.head(data.wmtbig(pair, tl), n, 'calibration.%s.%s.seg' % (pair, tl))
        hyp = '%s/calibration.%s.beads' % (data.dir, pair)
        acmd = [r.args.bin + '/tralign', 'align', '--input', 'lines', '--source-lang', sl,
                '--target-lang', tl, '--format', 'beads', src, tgt]
        with open(os.path.join(ROOT, hyp), 'wb') as f:
            r.run(acmd, stdout=f)
        cmds.append(cmdline(acmd) + ' > ' + hyp)
        sets.append(('wmtbig %s, %d lines' % (pair, n),
                     calibration([([k], [k]) for k in range(n)],
                                 read_confident_beads(os.path.join(ROOT, hyp)))))
    md = ['### Confidence against the gold\n',
          'Every bead of `tralign align` carries its posterior probability (forward-backward '
          'over the search\'s lattice). Here the beads of the runs above, and of the first '
          '100,000 lines of each wmtbig pair (gold: line i with line i), grouped by confidence. '
          '"right": the gold holds the same bead; "within": all its segments lie in one gold '
          'bead (a finer split of a gold bead, as on the Bible\'s verse-level gold; a null bead '
          'is right when its segment has no counterpart in the gold). Brier score and expected '
          'calibration error (ECE, ten equal bins) against "right". Computed by '
          '`calibration()` in run_bench.py from the beads files.\n',
          '| set | beads | Brier | ECE | ' + ' | '.join(
              'conf %s–%s: beads, mean, right, within' % (lo, hi) for lo, hi in CONFIDENCE_BINS)
          + ' |',
          '|---|---:|---:|---:|' + '---|' * len(CONFIDENCE_BINS)]
    for name, c in sets:
        cells = []
        for bn in c['bins']:
            cells.append('%d, %.3f, %.3f, %.3f' % (bn['beads'], bn['mean'], bn['strict'],
                                                   bn['within']) if bn['beads'] else '0')
        md.append('| %s | %d | %.3f | %.3f | %s |' % (name, c['beads'], c['brier'], c['ece'],
                                                      ' | '.join(cells)))
    md.append('')
    md.append('Commands (besides those above):')
    md.append(code_block(cmds))
    return '\n'.join(md), sets


def section_quality(r, cfg, data, out):
    b = r.args.bin
    rows, cmds, hyps = [], [], []
    for name, sl, tl, src, tgt, gold in dev_sets(cfg['quick']):
        row = {'name': name, 'pair': '%s-%s' % (sl, tl)}
        for mode, extra in (('tralign', []), ('plain', ['--plain'])):
            if mode == 'plain' and name.startswith('bible'):
                continue  # --plain on the 30,000 x 42,687 Bible ran for about 7 minutes
            hyp = '%s/quality.%s.%s.beads' % (data.dir, re.sub(r'\W+', '_', name), mode)
            acmd = [b + '/tralign', 'align', '--input', 'lines', '--source-lang', sl,
                    '--target-lang', tl, '--format', 'beads'] + extra + [src, tgt]
            with open(os.path.join(ROOT, hyp), 'wb') as f:
                _, secs, _, _ = r.run(acmd, stdout=f)
            scmd = [PY, EVAL + '/score_alignments.py', '-g', gold, '-t', hyp, '--nulls', '--json']
            text, _, _, _ = r.run(scmd)
            row[mode] = json.loads(text)
            row[mode]['seconds'] = secs
            row[mode]['corners'] = gold_on_path(os.path.join(ROOT, gold), os.path.join(ROOT, hyp))
            cmds += [cmdline(acmd) + ' > ' + hyp, cmdline(scmd)]
            if mode == 'tralign':
                hyps.append((name, gold, hyp))
                ceiling = hyp.replace('.beads', '.ceiling.beads')
                ceiling_beads(os.path.join(ROOT, gold), os.path.join(ROOT, hyp),
                              os.path.join(ROOT, ceiling))
                ccmd = [PY, EVAL + '/score_alignments.py', '-g', gold, '-t', ceiling, '--json']
                text, _, _, _ = r.run(ccmd)
                row[mode]['ceiling'] = json.loads(text)['f1_strict']
                cmds += ['# the gold beads split as tralign splits them (ceiling_beads)',
                         cmdline(ccmd)]
        rows.append(row)
    md = ['### Quality on the development sets\n',
          '`tralign align --input lines` (default options) and `--plain` (the paper\'s model: '
          'c = 1, s² = 6.8, no anchors), scored by ../shared/eval/score_alignments.py (strict '
          'and lax F1 as Vecalign\'s score.py; "null F1": segments with no counterpart found as '
          'such). `--plain` is not run on the whole Bible (30,000 × 42,687 segments: it ran for '
          'about 7 minutes). "Gold on path": the share of gold beads whose two ends both lie '
          'on tralign\'s path, so that tralign\'s beads between them make up the gold bead, '
          'maybe split finer (a diagnostic, not a score: the Bible\'s gold beads are whole '
          'verses, and a verse of two English and two Chinese sentences is one 2-2 gold bead '
          'even where its sentences translate one to one); "split finer": the share of all '
          'gold beads that lie on the path as more than one of tralign\'s beads; "ceiling": '
          'the strict F1 of the gold beads with every one whose ends lie on tralign\'s path '
          'split as tralign splits it (`ceiling_beads` in run_bench.py), i.e. what tralign '
          'would score if every gold bead off its path were found whole and it kept its own '
          'granularity elsewhere.\n',
          '| set | pair | strict F1 | lax F1 | null F1 | gold on path | split finer | ceiling | '
          'plain strict F1 | plain lax F1 | plain null F1 | seconds |',
          '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']

    def nf(res):
        return '%.3f' % res['null_f1'] if res.get('null_gold') else 'n/a'
    for x in rows:
        t, p = x['tralign'], x.get('plain')
        plain = ('%.3f | %.3f | %s' % (p['f1_strict'], p['f1_lax'], nf(p)) if p
                 else 'not run | | ')
        md.append('| %s | %s | %.3f | %.3f | %s | %.3f | %.3f | %.3f | %s | %.2f |' % (
            x['name'], x['pair'], t['f1_strict'], t['f1_lax'], nf(t), t['corners'][0],
            t['corners'][1], t.get('ceiling', float('nan')), plain, t['seconds']))
    md.append('')
    md.append('Commands:')
    md.append(code_block(cmds))
    block, sets = calibration_block(r, cfg, data, hyps)
    md.append(block)
    out['blocks']['quality'] = '\n'.join(md)
    out['data']['quality'] = rows
    out['data']['calibration'] = sets


def section_findings(r, cfg, data, out):
    cmd = [PY, 'benchmarks/findings_eval.py', '--bin', r.args.bin]
    if cfg['quick']:
        cmd += ['--seeds', '1', '--sets', 'hun_dtm,en-de']
    text, secs, _, _ = r.run(cmd)
    blocks, current, nulls = [], None, []
    for line in text.split('\n'):
        if not line.strip():
            continue
        if not line.startswith(' '):
            current = {'title': line.strip(), 'kinds': {}}
            blocks.append(current)
        elif line.strip().startswith('from '):
            nulls.append(line.strip())
        elif current is not None:
            f = line.split()
            if len(f) == 6 and f[0] != 'kind':
                current['kinds'][f[0]] = (float(f[1]), float(f[2]), float(f[3]), int(f[4]),
                                          int(f[5]))
    blocks = [bl for bl in blocks if bl['kinds']]
    kinds = sorted({k for bl in blocks for k in bl['kinds'] if k != 'all'}) + ['all']
    md = ['### Findings on flawed translations\n',
          'benchmarks/findings_eval.py: flawed translations made by ../shared/eval/perturb.py '
          '(fixed seeds; omitted, added, untranslated and truncated segments, 3%% of the beads '
          'each) from hun_dtm, 2,000 beads of the en-zh Bible and 2,000 lines of each wmtref; '
          'reports from diff_driver (the pipeline of `tralign diff --input lines`), scored by '
          'score_findings.py. F1 per kind (expected count in parentheses); the whole run took '
          '%.0f s.\n' % secs,
          '| set | ' + ' | '.join(kinds) + ' |', '|---|' + '---:|' * len(kinds)]
    for bl in blocks:
        md.append('| %s | %s |' % (bl['title'], ' | '.join(
            ('%.3f (%d)' % (bl['kinds'][k][2], bl['kinds'][k][3])) if k in bl['kinds'] else '–'
            for k in kinds)))
    md.append('')
    if nulls:
        md.append('Unaligned segments on textberg_dev (score_alignments.py --nulls):\n')
        md.append(code_block(nulls))
    md.append('Command: `%s`\n' % cmdline(cmd))
    out['blocks']['findings'] = '\n'.join(md)
    out['data']['findings'] = {'all': blocks[-1]['kinds'] if blocks else {}, 'nulls': nulls}


# --- corpus scale, Python binding: other helpers' scripts, run as they are --------------------


def verbatim(r, title, cmd, env=None, note='', timeout=None):
    text, secs, _, code = r.run(cmd, env=env, check=False, timeout=timeout)
    md = ['### %s\n' % title]
    if note:
        md.append(note + '\n')
    md.append('Command (%.0f s, exit %d): `%s`\n' % (secs, code, cmdline(cmd, env)))
    md.append(code_block(text.rstrip('\n').split('\n') if text.strip() else ['(no output)']))
    return '\n'.join(md)


def section_batch(r, cfg, data, out):
    repeat, runs = ('2', '3') if cfg['quick'] else ('10', str(cfg['runs']))
    cmd = [PY, 'benchmarks/batch_throughput.py', '--tralign', r.args.bin + '/tralign',
           '--corpus', CORPORA + '/de-fr/wmtdoc', '--source', 'de', '--target', 'fr', '--repeat',
           repeat, '--runs', runs]
    out['blocks']['batch'] = verbatim(
        r, 'Batch throughput: `tralign diff --jsonl`, --jobs 1 against --jobs 2', cmd,
        note='The de-fr wmtdoc documents, repeated, as JSONL on standard input; runs alternate '
             'between the settings; outputs compared byte for byte.')
    m = re.search(r'--jobs 2:.*?speedup ([\d.]+)x', out['blocks']['batch'])
    if m:
        out['data']['batch_speedup'] = float(m.group(1))


def script_help(path):
    try:
        return subprocess.run([PY, path, '--help'], cwd=ROOT, capture_output=True, text=True,
                              timeout=60).stdout
    except subprocess.TimeoutExpired:
        return ''


def section_python(r, cfg, data, out):
    path = 'benchmarks/python_bench.py'
    if not os.path.exists(os.path.join(ROOT, path)):
        out['blocks']['python'] = '(benchmarks/python_bench.py is not in the tree yet.)\n'
        return
    cmd = [PY, path, '--build', r.args.build]
    if cfg['quick']:
        cmd += ['--runs', '3', '--tasks', 'diff', '--skip-threads']
    text, secs, _, code = r.run(cmd, check=False, timeout=cfg['script_timeout'])
    # The script prints Markdown (its command included): kept as it is.
    out['blocks']['python'] = '\n'.join([
        '### Python binding: overhead over C++, two threads against one\n',
        'benchmarks/python_bench.py (%.0f s, exit %d); its own output follows.\n' % (secs, code),
        text.rstrip('\n') if code == 0 else code_block(text.rstrip('\n').split('\n')), ''])
    overheads = []
    for line in text.split('\n'):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) >= 7 and re.match(r'[+-][\d.]+%', cells[6]):
            overheads.append((float(cells[6].split('%')[0]), '%s %s' % (cells[0], cells[1])))
    if code == 0 and overheads:
        out['data']['python_overhead'] = max(overheads)


def section_corpus(r, cfg, data, out):
    path = 'benchmarks/corpus_bench.py'
    if not os.path.exists(os.path.join(ROOT, path)):
        out['blocks']['corpus'] = '(benchmarks/corpus_bench.py is not in the tree yet.)\n'
        return
    cmd = [PY, path, '--tralign', r.args.bin + '/tralign']
    if cfg['quick']:
        cmd += ['--quick', '--sets', 'de-fr', '--runs', '3']
    env = {'PYTHONPATH': r.args.build + '/python'}
    out['blocks']['corpus'] = verbatim(r, 'Thread pool and Dask (benchmarks/corpus_bench.py)',
                                       cmd, env, timeout=cfg['script_timeout'])


# ---------------------------------------------------------------------------------------------
# Plots


def plots(out, plot_dir):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    made = []
    os.makedirs(plot_dir, exist_ok=True)
    data = out['data']
    if 'align' in data or 'nltk' in data:
        for key, ylabel, fname in (('time', 'seconds (median; bars: min–max)', 'align_time.png'),
                                   ('rss', 'peak RSS, MB', 'align_memory.png')):
            fig, ax = plt.subplots(figsize=(7, 4.5))
            for name, pts in sorted(data.get('align', {}).items()):
                xs = [p['pairs'] for p in pts]
                ys = [p[key] for p in pts]
                if key == 'time':
                    err = [[p['time'] - p['tmin'] for p in pts],
                           [p['tmax'] - p['time'] for p in pts]]
                    ax.errorbar(xs, ys, yerr=err, marker='o', capsize=3, label=name)
                else:
                    ax.plot(xs, ys, marker='o', label=name)
            if data.get('nltk'):
                rows = data['nltk']
                xs = [x['n'] for x in rows]
                if key == 'time':
                    ys = [med(x['nltk']) for x in rows]
                    err = [[med(x['nltk']) - min(x['nltk']) for x in rows],
                           [max(x['nltk']) - med(x['nltk']) for x in rows]]
                    ax.errorbar(xs, ys, yerr=err, marker='s', capsize=3, color='black',
                                label='NLTK gale_church en-de')
                    ys = [med(x['plain']['times']) for x in rows]
                    ax.plot(xs, ys, marker='^', linestyle='--', color='grey',
                            label='tralign --plain en-de (NLTK sizes)')
                else:
                    ax.plot(xs, [med(x['nltk_rss']) / 1024 for x in rows], marker='s',
                            color='black', label='NLTK gale_church en-de')
                    ax.axhline(data['nltk_base_rss'], color='black', linestyle=':', linewidth=1,
                               label='Python + NLTK imported, nothing aligned')
                    ax.plot(xs, [med(x['plain']['rss']) / 1024 for x in rows], marker='^',
                            linestyle='--', color='grey',
                            label='tralign --plain en-de (NLTK sizes)')
            ax.set_xscale('log')
            ax.set_yscale('log')
            ax.set_xlabel('sentence pairs (pre-segmented)')
            ax.set_ylabel(ylabel)
            ax.set_title('Alignment %s against size' % ('time' if key == 'time' else 'memory'))
            ax.grid(True, which='both', alpha=0.3)
            ax.legend(fontsize=8)
            fig.tight_layout()
            fig.savefig(os.path.join(plot_dir, fname), dpi=100)
            plt.close(fig)
            made.append(fname)
    if data.get('e2e'):
        rows = data['e2e']
        names = [('icu', 'ICU alone'), ('segment', 'segment'), ('align', 'align'),
                 ('check', 'check'), ('json', 'JSON writer')]
        fig, ax = plt.subplots(figsize=(8, 4.5))
        width = 0.8 / len(rows)
        for k, x in enumerate(rows):
            st = x['stage']
            ys = [st['mb'] / med(st['stages'][n]) for n, _ in names]
            ax.bar([i + k * width for i in range(len(names))], ys, width,
                   label='%s %s' % (x['pair'], x['set']))
        ax.set_xticks([i + width * (len(rows) - 1) / 2 for i in range(len(names))])
        ax.set_xticklabels([label for _, label in names])
        ax.set_yscale('log')
        ax.set_ylabel('MB of input per second (both texts)')
        ax.set_title('Speed of each stage, raw text (median)')
        ax.grid(True, axis='y', which='both', alpha=0.3)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(plot_dir, 'stages.png'), dpi=100)
        plt.close(fig)
        made.append('stages.png')
    if data.get('segmentation'):
        rows = data['segmentation']
        fig, ax = plt.subplots(figsize=(8, 4))
        xs = range(len(rows))
        ax.bar([x - 0.2 for x in xs], [x['icu'] for x in rows], 0.4, label='ICU iterator alone')
        ax.bar([x + 0.2 for x in xs], [x['ours'] for x in rows], 0.4, label='tralign Segmenter')
        ax.set_xticks(list(xs))
        ax.set_xticklabels(['%s\n%s' % (x['lang'], x['file'].split('.')[0]) for x in rows])
        ax.set_ylabel('MB/s (median)')
        ax.set_title('Sentence segmentation speed, one thread')
        ax.legend(fontsize=8)
        ax.grid(True, axis='y', alpha=0.3)
        fig.tight_layout()
        fig.savefig(os.path.join(plot_dir, 'segmentation.png'), dpi=100)
        plt.close(fig)
        made.append('segmentation.png')
    return made


# ---------------------------------------------------------------------------------------------
# RESULTS.md: generated blocks under their module headings; everything else kept


# block name -> (heading to find (regex, case-insensitive) or create)
PLACES = [
    ('header', None, None),
    ('segmentation', r'segment', 'Segmentation'),
    ('golden', r'segment', 'Segmentation'),
    ('align', r'align', 'Alignment'),
    ('nltk', r'align', 'Alignment'),
    ('quality', r'align', 'Alignment'),
    ('e2e', r'end to end|end-to-end', 'End to end and stages'),
    ('findings', r'finding|check', 'Findings'),
    ('python', r'python', 'Python binding'),
    ('batch', r'corpus|batch|scale', 'Corpus scale'),
    ('corpus', r'corpus|batch|scale', 'Corpus scale'),
]
MARK = re.compile(r'<!-- bench:begin (\S+) -->.*?<!-- bench:end \1 -->\n?', re.S)


def assemble(template, blocks):
    text = MARK.sub('', template)
    text = re.sub(r'\n{3,}', '\n\n', text)
    lines = text.split('\n')
    # preamble, then sections starting at '## '
    starts = [k for k, l in enumerate(lines) if l.startswith('## ')]
    pre = lines[:starts[0]] if starts else lines
    sections = []
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        sections.append({'heading': lines[a], 'body': lines[a + 1:b], 'blocks': []})
    extra = []
    for name, pattern, title in PLACES:
        if name not in blocks or name == 'header':
            continue
        target = None
        for s in sections + extra:
            if re.search(pattern, s['heading'][3:], re.I):
                target = s
                break
        if target is None:
            target = {'heading': '## ' + title, 'body': [], 'blocks': []}
            extra.append(target)
        target['blocks'].append(name)
    out = [l for l in pre]
    while out and not out[-1].strip():
        out.pop()
    if 'header' in blocks:
        out += ['', '<!-- bench:begin header -->', blocks['header'].rstrip('\n'),
                '<!-- bench:end header -->']
    for s in sections + extra:
        out += ['', s['heading'], '']
        for name in s['blocks']:
            out += ['<!-- bench:begin %s -->' % name, blocks[name].rstrip('\n'),
                    '<!-- bench:end %s -->' % name, '']
        body = s['body']
        while body and not body[0].strip():
            body = body[1:]
        if s['blocks'] and any(l.strip() for l in body):
            out += ['<!-- bench:begin notes-%s -->' % re.sub(r'\W+', '-', s['heading'][3:]).lower(),
                    '*Below: the module\'s own notes, written by hand (their figures are from '
                    'the time they were written; the tables above are regenerated by '
                    '`make bench`).*',
                    '<!-- bench:end notes-%s -->' % re.sub(r'\W+', '-', s['heading'][3:]).lower(),
                    '']
        while body and not body[-1].strip():
            body = body[:-1]
        out += body
    return '\n'.join(out).rstrip('\n') + '\n'


def machine():
    info = {}
    with open('/proc/cpuinfo') as f:
        models = re.findall(r'model name\s*:\s*(.*)', f.read())
    info['cpu'] = '%s, %d cores' % (models[0] if models else platform.processor(),
                                                    os.cpu_count())
    with open('/proc/meminfo') as f:
        kb = int(re.search(r'MemTotal:\s*(\d+)', f.read()).group(1))
    info['ram'] = '%.1f GB' % (kb / 1024 / 1024)
    try:
        with open('/etc/debian_version') as f:
            debian = 'Debian ' + f.read().strip()
    except OSError:
        debian = platform.system()
    info['os'] = '%s, Linux %s' % (debian, platform.release())

    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT).stdout.strip()
        except OSError:
            return '?'
    info['compiler'] = out(['c++', '--version']).split('\n')[0]
    info['icu'] = out(['pkg-config', '--modversion', 'icu-uc'])
    try:
        import nltk
        nltk_version = nltk.__version__
    except ImportError:
        nltk_version = 'not installed'
    info['python'] = 'Python %s (/usr/bin/python3), NLTK %s' % (platform.python_version(),
                                                                 nltk_version)
    info['commit'] = out(['git', 'rev-parse', '--short', 'HEAD'])
    info['subject'] = out(['git', 'log', '-1', '--format=%s'])
    status = subprocess.run(['git', 'status', '--porcelain', '-uno'], capture_output=True,
                            text=True, cwd=ROOT).stdout
    dirty = [l for l in status.split('\n') if l.strip()]
    info['dirty'] = [l[3:] for l in dirty]
    return info


def summary(data):
    """The issues' targets beside the figures of this run (rows whose figures are missing are
    left out)."""
    rows = []

    def add(issue, target, measured, met):
        rows.append('| %s | %s | %s | %s |' % (issue, target, measured, 'yes' if met else '**no**'))
    seg = data.get('segmentation')
    if seg:
        for files, what in ((lambda x: 'wmtbig' in x['file'], 'wmtbig, the issue\'s corpora'),
                            (lambda x: 'wmtbig' not in x['file'], 'wmtref raw text')):
            ratios = [x['ratio'] for x in seg if files(x)]
            if ratios:
                add('#2', 'segmentation ≥ 75%% of ICU\'s iterator alone (%s)' % what,
                    '%.0f–%.0f%% (%d files)' % (100 * min(ratios), 100 * max(ratios),
                                                len(ratios)), min(ratios) >= 0.75)
    big = [x for x in data.get('align_rows', []) if x['variant'] == 'tralign']
    if big:
        n = max(x['pairs'] for x in big)
        for x in [x for x in big if x['pairs'] == n]:
            if x['killed']:
                add('#3', 'align ≥ 1M pairs/s (%s, %s pairs)' % (x['pair'], '{:,}'.format(n)),
                    'killed after the time limit', False)
                continue
            add('#3', 'align ≥ 1M pairs/s (%s, %s pairs)' % (x['pair'], '{:,}'.format(n)),
                '{:,.0f} pairs/s'.format(x['rate']), x['rate'] >= 1e6)
            add('#3', 'memory ≤ input + 300 B/segment (%s)' % x['pair'],
                'input + %.0f B/segment' % x['over'], x['over'] <= 300)
            add('#3', '≥ 98.5%% of gold 1-1 pairs kept (%s)' % x['pair'], '%.2f%%' % x['kept'],
                x['kept'] >= 98.5)
    for x in data.get('e2e', []):
        st = x['stage']['stages']
        ratio = med(st['e2e_align']) / med(st['icu'])
        add('#3', 'raw text in, beads out ≤ 1.5× ICU alone (%s %s)' % (x['pair'], x['set']),
            '%.1f×' % ratio, ratio <= 1.5)
    targets = {'textberg_dev': 0.75, 'hun_dtm': 0.975, 'bible (en-zh)': 0.90}
    for x in data.get('quality', []):
        if x['name'] in targets:
            f1 = x['tralign']['f1_strict']
            add('#3', 'strict F1 ≥ %.3g on %s' % (targets[x['name']], x['name']), '%.3f' % f1,
                f1 >= targets[x['name']])
    for x in data.get('nltk', []):
        add('#3', '`--plain` gives NLTK\'s beads (%d pairs)' % x['n'],
            '%.1f%% of links the same' % (100 * x['agree']), x['diff'] == 0)
    fin = data.get('findings')
    if fin and fin['all']:
        kinds = fin['all']
        if 'all' in kinds:
            add('#4', 'findings F1 ≥ 0.9 overall', '%.3f' % kinds['all'][2],
                kinds['all'][2] >= 0.9)
        for k, v in sorted(kinds.items()):
            if k != 'all' and v[3] > 0:
                add('#4', 'findings F1 ≥ 0.8: %s' % k, '%.3f' % v[2], v[2] >= 0.8)
        for line in fin['nulls']:
            m = re.search(r'from (\w+)\s.*F1=([\d.]+)', line)
            if m and m.group(1) == 'findings':
                add('#4', 'unaligned-segment F1 ≥ 0.6 on textberg_dev', m.group(2),
                    float(m.group(2)) >= 0.6)
    if 'python_overhead' in data:
        pct, where = data['python_overhead']
        add('#6', 'Python binding adds < 10%% (largest: %s)' % where, '%+.1f%%' % pct, pct < 10)
    if 'batch_speedup' in data:
        add('#9', 'thread pool ≥ 1.8× on 2 cores', '%.2f×' % data['batch_speedup'],
            data['batch_speedup'] >= 1.8)
    if not rows:
        return ''
    return '\n'.join(['The issues\' targets beside this run\'s figures (details in the sections '
                      'below):\n', '| issue | target | measured | met |', '|---|---|---|---|']
                     + rows) + '\n'


# The figures behind the targets table, kept in RESULTS.md (one line, an HTML comment) so that
# a run of some sections (--only) can still list every target: the others' come from the runs
# that made their sections.
DATA = re.compile(r'^<!-- bench:data (.*) -->$', re.M)


def previous_data(path):
    """The figures saved in the RESULTS.md at `path` ({} when none)."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding='utf-8') as f:
        m = DATA.search(f.read())
    try:
        return json.loads(m.group(1)) if m else {}
    except ValueError:
        return {}


def header(args, cfg, info, load_start, load_end, started, seconds, plot_links, section_times,
           not_run, data, partial=False):
    cmd = 'make bench-quick' if cfg['quick'] else 'make bench'
    md = ['Regenerated by `%s` (`%s`) on %s UTC in %.1f minutes, at commit `%s` ("%s")%s.' % (
        cmd, cmdline([PY] + ['benchmarks/run_bench.py'] + sys.argv[1:]),
        started.strftime('%Y-%m-%d %H:%M'), seconds / 60, info['commit'], info['subject'],
        ' with uncommitted changes (built as they were) in %s' % ', '.join(
            '`%s`' % f for f in info['dirty']) if info['dirty'] else ''),
          ('This is the quick subset (fewer sizes and runs, small inputs); `make bench` makes '
           'the full benchmarks/RESULTS.md.' if cfg['quick'] else
           '`make bench-quick` runs a one-minute subset and writes '
           '`$(BUILD)/bench/RESULTS.quick.md`'
           ' (this file is left alone).') + ' Neither runs inside `make test`.', '',
          '| machine | |', '|---|---|',
          '| CPU | %s |' % info['cpu'], '| RAM | %s |' % info['ram'],
          '| load average (1 min) | %.2f at the start, %.2f at the end |' % (load_start, load_end),
          '| system | %s |' % info['os'], '| compiler | %s, CMake Release build in `%s` |' % (
              info['compiler'], args.build),
          '| ICU | %s |' % info['icu'], '| Python | %s |' % info['python'], '',
          'Method: every timed figure is the median of %d runs (each a separate process unless '
          'said otherwise) with the range, min–max, beside it; inputs are the fixed files of '
          '../shared (no random input), the flawed translations use fixed seeds (1, 2, 3). The '
          'machine is shared: timings are noisy, ratios measured in the same run are the '
          'figures to read. Time per section: %s.' % (
              cfg['runs'], ', '.join('%s %.0f s' % (n, s) for n, s in section_times)), '']
    try:
        table = summary(data)
        if partial and table:
            table = table.replace(
                "this run's figures (details in the sections below)",
                "the latest figures of each section (details in the sections below; this run "
                "made those of %s, the others come from the runs that made their sections)"
                % ', '.join(n for n, _ in section_times), 1)
        md.append(table)
    except Exception as e:  # never lose the figures over the summary
        md.append('(summary table failed: %s)\n' % e)
    md.append('<!-- bench:data %s -->\n' % json.dumps(data, sort_keys=True, default=str))
    if not_run:
        md.append('Not run by the driver (no known command line): %s.\n' % ', '.join(not_run))
    if plot_links:
        md.append('Plots:\n')
        md += ['![%s](%s)' % (alt, link) for alt, link in plot_links]
        md.append('')
    return '\n'.join(md)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--nltk':
        nltk_main(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__)
    ap.add_argument('--quick', action='store_true', help='the one-minute subset')
    ap.add_argument('--build', default='build', help='build folder (relative to the root)')
    ap.add_argument('--out', help='default: benchmarks/RESULTS.md (quick: BUILD/bench/'
                                  'RESULTS.quick.md)')
    ap.add_argument('--plots', help='default: plots/ beside --out')
    ap.add_argument('--runs', type=int)
    ap.add_argument('--timeout', type=float, default=900,
                    help='seconds after which one benchmark process is killed (default 900)')
    ap.add_argument('--only', help='comma-separated sections: ' + ','.join(SECTIONS))
    args = ap.parse_args()
    args.build = rel(os.path.abspath(args.build)) if os.path.isabs(args.build) else args.build
    args.bin = args.build + '/bin'
    if not os.path.isdir(os.path.join(ROOT, SHARED)):
        sys.exit('run_bench: %s is absent' % os.path.normpath(os.path.join(ROOT, SHARED)))
    quick = args.quick
    cfg = {'quick': quick, 'runs': args.runs or (3 if quick else 5),
           'align_sizes': [1000, 10000, 100000] if quick else [1000, 10000, 100000, 1000000],
           'nltk_sizes': [100, 300] if quick else [100, 200, 500, 1000],
           'nltk_runs': 3, 'slow': 60, 'align_timeout': 120 if quick else 300,
           'script_timeout': 180 if quick else 600}
    out_path = args.out or (os.path.join(args.build, 'bench', 'RESULTS.quick.md') if quick
                            else 'benchmarks/RESULTS.md')
    out_path = os.path.join(ROOT, out_path) if not os.path.isabs(out_path) else out_path
    plot_dir = args.plots or os.path.join(os.path.dirname(out_path), 'plots')
    plot_dir = os.path.join(ROOT, plot_dir) if not os.path.isabs(plot_dir) else plot_dir
    only = args.only.split(',') if args.only else SECTIONS
    for name in only:
        if name not in SECTIONS:
            sys.exit('run_bench: unknown section %s' % name)
    r = Runner(args)
    data = Data(args.build)
    out = {'blocks': {}, 'data': {}}
    started = datetime.datetime.utcnow()
    load_start = os.getloadavg()[0]
    t0 = time.perf_counter()
    section_times = []
    for name in only:
        s0 = time.perf_counter()
        print('run_bench: %s ...' % name, flush=True)
        try:
            globals()['section_' + name](r, cfg, data, out)
        except Exception as e:  # one failing benchmark must not lose the others' figures
            out['blocks'][name] = '### %s\n\n**Failed:** `%s`\n' % (name, str(e)[:1500])
            print('run_bench: %s failed: %s' % (name, e), file=sys.stderr)
        section_times.append((name, time.perf_counter() - s0))
        print('run_bench: %s done in %.0f s' % (name, section_times[-1][1]), flush=True)
    # A partial run keeps the other sections' figures (and draws its plots from them too).
    partial = set(only) != set(SECTIONS) and not cfg['quick']
    figures = dict(previous_data(out_path), **out['data']) if partial else out['data']
    try:
        made = plots({'data': figures}, plot_dir)
    except ImportError as e:  # the figures matter more than the pictures
        print('run_bench: no plots (%s; apt-get install python3-matplotlib)' % e, file=sys.stderr)
        made = []
    seconds = time.perf_counter() - t0
    titles = {'align_time.png': 'alignment time against size, log-log (tralign and NLTK)',
              'align_memory.png': 'alignment peak memory against size, log-log (tralign and NLTK)',
              'stages.png': 'speed of each stage', 'segmentation.png': 'segmentation speed'}
    plot_links = [(titles[f], os.path.relpath(os.path.join(plot_dir, f), os.path.dirname(out_path)))
                  for f in made]
    not_run = sorted(os.path.basename(p) for p in glob.glob(os.path.join(HERE, '*'))
                     if os.path.isfile(p) and p.endswith(('.cc', '.py', '.sh'))
                     and os.path.basename(p) not in KNOWN)
    out['blocks']['header'] = header(args, cfg, machine(), load_start, os.getloadavg()[0],
                                     started, seconds, plot_links, section_times, not_run,
                                     figures, partial)
    template = '# Benchmark results\n'
    if os.path.exists(os.path.join(HERE, 'RESULTS.md')):
        with open(os.path.join(HERE, 'RESULTS.md'), encoding='utf-8') as f:
            template = f.read()
    if os.path.exists(out_path):  # blocks of sections not run this time are kept
        with open(out_path, encoding='utf-8') as f:
            for m in MARK.finditer(f.read()):
                name = m.group(1)
                if name not in out['blocks'] and not name.startswith('notes-'):
                    body = m.group(0).split('\n', 1)[1]
                    out['blocks'][name] = body[:body.rfind('<!-- bench:end')]
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path + '.tmp', 'w', encoding='utf-8') as f:
        f.write(assemble(template, out['blocks']))
    os.replace(out_path + '.tmp', out_path)
    print('run_bench: wrote %s and %d plots in %s (%.1f minutes)' % (
        rel(out_path), len(made), rel(plot_dir), seconds / 60))


if __name__ == '__main__':
    main()
