#!/bin/sh
# identity.sh: shows whether a change to the aligner leaves its results alone. Runs two builds'
# align_eval --exact (beads, costs and confidences at full precision, the model's c and s²) on
# the gold-aligned sets and the corpora of ../shared and compares them file by file.
#
#   benchmarks/identity.sh [--confidence-tolerance T] OLD_ALIGN_EVAL NEW_ALIGN_EVAL [WORKDIR]
#
# OLD_ALIGN_EVAL is usually main's build (build/bin/align_eval), NEW_ALIGN_EVAL the change's.
# Prints one line per input ("same" or "DIFFERS: N of M lines") and exits 1 if any differs.
# With --confidence-tolerance, an input whose beads, costs and model are the same and whose
# confidences differ by at most T is "same beads" (with the largest difference), not DIFFERS:
# for changes that only reorder the sums of the forward-backward pass (its log sums, about
# 1e5 over 200,000 pairs, are exact to some 1e-11).
# The 200,000-pair slice of en-de wmtbig is decompressed into WORKDIR (default: a temp dir).
set -eu
tolerance=
if [ "${1:-}" = --confidence-tolerance ] && [ $# -ge 2 ]; then
  tolerance=$2
  shift 2
fi
if [ $# -lt 2 ]; then
  echo "usage: $0 [--confidence-tolerance T] OLD_ALIGN_EVAL NEW_ALIGN_EVAL [WORKDIR]" >&2
  exit 2
fi
old=$1
new=$2
shared=$(cd "$(dirname "$0")/../../shared" 2>/dev/null && pwd) || {
  echo "identity.sh: ../shared is not beside the project" >&2
  exit 2
}
work=${3:-$(mktemp -d)}
mkdir -p "$work"
corpora=$shared/corpora
dev=$shared/eval/dev
if [ ! -s "$work/wmtbig200k.en" ]; then
  xz -dc "$corpora/en-de/wmtbig.en.seg.xz" | head -n 200000 > "$work/wmtbig200k.en"
  xz -dc "$corpora/en-de/wmtbig.de.seg.xz" | head -n 200000 > "$work/wmtbig200k.de"
fi
# name source target [options]
cases="
hun_dtm $dev/hun_dtm/src.txt $dev/hun_dtm/tgt.txt
textberg $dev/textberg_dev/src.txt $dev/textberg_dev/tgt.txt
textberg-plain $dev/textberg_dev/src.txt $dev/textberg_dev/tgt.txt --plain
bible $corpora/en-zh/bible.en.seg $corpora/en-zh/bible.zh.seg
wmtref-en-de $corpora/en-de/wmtref.en.seg $corpora/en-de/wmtref.de.seg
wmtref-en-zh $corpora/en-zh/wmtref.en.seg $corpora/en-zh/wmtref.zh.seg
wmtref-en-ja $corpora/en-ja/wmtref.en.seg $corpora/en-ja/wmtref.ja.seg
wmtdoc-de-fr $corpora/de-fr/wmtdoc.de.seg $corpora/de-fr/wmtdoc.fr.seg
wmtbig200k-en-de $work/wmtbig200k.en $work/wmtbig200k.de
wmtbig200k-en-de-no-lexicon $work/wmtbig200k.en $work/wmtbig200k.de --no-lexicon
"
status=0
echo "$cases" | while read -r name source target options; do
  [ -n "$name" ] || continue
  # shellcheck disable=SC2086
  "$old" --exact $options "$source" "$target" > "$work/$name.old" 2> /dev/null
  # shellcheck disable=SC2086
  "$new" --exact $options "$source" "$target" > "$work/$name.new" 2> /dev/null
  if cmp -s "$work/$name.old" "$work/$name.new"; then
    echo "$name: same ($(wc -l < "$work/$name.new") lines)"
  elif [ -n "$tolerance" ] && largest=$(paste -d '\n' "$work/$name.old" "$work/$name.new" | awk -F: -v t="$tolerance" '
      NR % 2 == 1 { old = $0; next }
      {
        # Bead lines: [i..]:[j..]:COST:CONFIDENCE; everything but the confidence must match.
        n = split(old, a, ":"); m = split($0, b, ":")
        if (n != 4 || m != 4) { if (old != $0) exit 1; next }
        if (a[1] != b[1] || a[2] != b[2] || a[3] != b[3]) exit 1
        d = a[4] - b[4]; if (d < 0) d = -d
        if (d > t) exit 1
        if (d > worst) worst = d
      }
      END { printf "%.3g", worst }') && [ "$(wc -l < "$work/$name.old")" = "$(wc -l < "$work/$name.new")" ]; then
    echo "$name: same beads, costs and model; confidences within $largest ($(wc -l < "$work/$name.new") lines)"
  else
    differ=$(diff "$work/$name.old" "$work/$name.new" | grep -c '^>' || true)
    echo "$name: DIFFERS: $differ of $(wc -l < "$work/$name.new") lines"
    echo 1 > "$work/.differs"
  fi
done
if [ -f "$work/.differs" ]; then
  rm -f "$work/.differs"
  status=1
fi
exit $status
