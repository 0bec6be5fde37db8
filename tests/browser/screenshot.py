#!/usr/bin/python3
"""A screenshot of an HTML report in headless chromium (how docs/report.png is made).

    cd ../shared/data/cxtweetchat
    ../../../main/build/bin/tralign diff --source-lang en --target-lang de --format html \\
        en.txt de.txt > /tmp/report.html
    /usr/bin/python3 tests/browser/screenshot.py /tmp/report.html docs/report.png --only-problems
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, find_chromium  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--only-problems", action="store_true",
                        help="tick 'Show only beads with findings' first")
    args = parser.parse_args()
    chromium = find_chromium()
    if not chromium:
        sys.exit("chromium is not installed")
    with Browser(chromium, args.width, args.height) as browser:
        browser.navigate("file://" + os.path.abspath(args.html))
        if args.only_problems:
            browser.eval("document.getElementById('only-problems').click()")
        browser.eval("window.scrollTo(0, 0)")
        browser.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        browser.screenshot(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
