#!/usr/bin/env bash
# Runs the command-line tool under valgrind memcheck on the example pair (every command and
# format) and on bad input (invalid UTF-8, binary, UTF-16 with and without a BOM, a directory,
# a missing file, closed standard input, cut standard input, unknown options). Fails if memcheck
# reports any error or a definite/indirect leak, or if an exit status is not the expected one.
#   tests/valgrind_cli.sh [TRALIGN_BIN]     (default: build/bin/tralign; a non-sanitized build)
# Memcheck's own exit status is 99 (--error-exitcode), not 1, because `diff` exits 1 when it
# finds something.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${TRALIGN_BIN:-$root/build/bin/tralign}}
en=$root/examples/data/en.txt
de=$root/examples/data/de.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
[ -x "$bin" ] || { echo "no tralign binary at $bin"; exit 1; }

printf 'Gr\xc3\xbc\xc3\x9fe. Dann \xc3\x28 kaputt.\n' >"$work/invalid.txt"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' >"$work/binary.png"
printf '\xff\xfeH\x00i\x00.\x00 \x00B\x00y\x00e\x00.\x00\n\x00' >"$work/utf16bom.txt"
printf 'H\x00i\x00.\x00 \x00B\x00y\x00e\x00.\x00\n\x00' >"$work/utf16nobom.txt"
printf '\xef\xbb\xbfOne.\r\nTwo.\r\n\r\n' >"$work/bom_crlf.txt"
printf '\n \n\t\n' >"$work/blank.txt"

failures=0
runs=0
# check EXPECTED_STATUS [STDIN_MODE] ARGS...: STDIN_MODE is "closed", "cut" or "-" (/dev/null).
check() {
  local expected=$1 stdin_mode=$2
  shift 2
  local log="$work/valgrind.log"
  local status
  runs=$((runs + 1))
  local vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
            --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
            --track-origins=yes --log-file="$log" "$bin" "$@")
  case $stdin_mode in
    closed) "${vg[@]}" >/dev/null 2>"$work/stderr" <&- ;;
    cut) printf 'Fine. Cut \xe2\x82' | "${vg[@]}" >/dev/null 2>"$work/stderr" ;;
    *) "${vg[@]}" >/dev/null 2>"$work/stderr" </dev/null ;;
  esac
  status=$?
  local summary
  summary=$(grep -E "ERROR SUMMARY" "$log" | sed 's/^==[0-9]*== //')
  if [ "$status" != "$expected" ]; then
    failures=$((failures + 1))
    echo "FAIL (exit $status, expected $expected): tralign $* [stdin: $stdin_mode]"
    cat "$work/stderr"
    grep -vE "^==[0-9]+== ?$" "$log" | head -60
  else
    echo "ok   (exit $status; $summary): tralign $* [stdin: $stdin_mode]"
  fi
}

# Good input: every command and format. diff exits 1 when it finds something, so 0 or 1 is
# decided by the tool itself first.
"$bin" diff "$en" "$de" >/dev/null 2>&1
diff_status=$?
check 0 - segment "$en"
check 0 - segment --lang de --input lines "$de"
check 0 - segment "$work/bom_crlf.txt"
for format in beads tsv json tmx xliff; do
  check 0 - align --source-lang en --target-lang de --format "$format" "$en" "$de"
done
for format in text json html; do
  check "$diff_status" - diff --source-lang en --target-lang de --format "$format" "$en" "$de"
done
check 0 - align "$work/utf16bom.txt" "$work/utf16bom.txt"
check 0 - align "$work/blank.txt" "$work/blank.txt"
"$bin" diff "$en" "$en" >/dev/null 2>&1
check $? - diff --format json "$en" "$en"
# Bad input: exit 2.
check 2 - segment "$work/invalid.txt"
check 2 - align "$en" "$work/invalid.txt"
check 2 - diff "$work/binary.png" "$de"
check 2 - segment "$work/utf16nobom.txt"
check 2 - segment "$work"
check 2 - align "$en" "$work/missing.txt"
check 2 - segment --lang en_US "$en"
check 2 - align --format nonsense "$en" "$de"
check 2 - diff --no-such-option "$en" "$de"
check 2 closed segment -
check 2 cut align - "$de"

echo "$runs runs under memcheck, $failures failed"
[ "$failures" = 0 ]
