#!/usr/bin/env python3
"""Hard-wraps a text whose lines are paragraphs, for measuring `--input paragraphs`.

    wrap_text.py IN COLUMNS WRAPPED FLAT

Each line of IN is a paragraph (as in the corpora's line-parallel .raw files); its runs of
white space become single spaces. WRAPPED gets each paragraph wrapped at COLUMNS (Python's
textwrap: long words are not broken, hyphens are no break points), FLAT the same paragraph on
one line; both put a blank line after each paragraph. The two files have the same bytes but
for line breaks in place of spaces, so segments of one are at the same offsets in the other.
"""
import sys
import textwrap


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    source, columns, wrapped_path, flat_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    with open(source, encoding="utf-8") as f:
        paragraphs = f.read().split("\n")
    if paragraphs and paragraphs[-1] == "":
        paragraphs.pop()
    with open(wrapped_path, "w", encoding="utf-8") as wrapped, \
            open(flat_path, "w", encoding="utf-8") as flat:
        for paragraph in paragraphs:
            paragraph = " ".join(paragraph.split())
            lines = textwrap.wrap(paragraph, columns, break_long_words=False,
                                  break_on_hyphens=False)
            wrapped.write("\n".join(lines) + "\n\n")
            flat.write(paragraph + "\n\n")


if __name__ == "__main__":
    main()
