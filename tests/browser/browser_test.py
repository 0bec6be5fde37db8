#!/usr/bin/python3
"""The HTML report in a real browser (Debian's chromium, headless, no network).

Loads the report of the canonical example (../shared/data/cxtweetchat) and of a generated
10,000-segment document, written by `tralign diff --format html`, and checks what a reviewer
relies on: the omitted byline and the added date line are marked, a click on a finding in the
summary scrolls to its row, n/p walk the findings, the filter shows only problems (also with
JavaScript off), input text stays text, nothing is fetched from the network. Screenshots are
kept in --out as artifacts.

Exit status: 0 all passed, 1 a check failed, 77 skipped (no chromium).
"""

import argparse
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, find_chromium  # noqa: E402

SKIP = 77
BIG_SEGMENTS = 10000
HOSTILE = '<script>window.__pwned = 1</script> & "quotes" </td></tr> <img src=x onerror="window.__pwned = 2">'

failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def run_diff(tralign, source, target, html, source_lang, target_lang):
    with open(html, "wb") as out:
        done = subprocess.run([tralign, "diff", "--format", "html", "--source-lang", source_lang,
                               "--target-lang", target_lang, source, target],
                              stdout=out, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):
        sys.exit(f"tralign diff failed ({done.returncode}): {done.stderr.decode()}")


# ---- the generated 10,000-segment document ----
def pseudo_words(rng, n, syllables):
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def generate_big(folder, segments=BIG_SEGMENTS, seed=20191025):
    """A source text of `segments` sentences in paragraphs and its 'translation': every word
    mapped to a longer pseudo-German word, numbers kept. The translation drops two sentences
    (an omission near 30%) and adds one paragraph (an addition near 70%). One sentence holds
    markup that must stay text."""
    rng = random.Random(seed)
    source_words = pseudo_words(rng, 600, ["ka", "lo", "mi", "ne", "ta", "ro", "su", "vi", "pe",
                                           "dor", "lin", "mar", "tes", "qua", "zo", "ben"])
    target_words = pseudo_words(rng, 600, ["schu", "ber", "lich", "ung", "ein", "gen", "hof",
                                           "keit", "stra", "wald", "zeit", "ach", "umm", "ren"])
    rng.shuffle(target_words)
    translate = dict(zip(source_words, target_words))
    source, target = [], []
    source_paragraph, target_paragraph = [], []
    omitted = range(int(segments * 0.3), int(segments * 0.3) + 2)
    added_at = int(segments * 0.7)
    hostile_at = 123
    for i in range(segments):
        words = [rng.choice(source_words) for _ in range(rng.randint(5, 22))]
        if rng.random() < 0.2:
            words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 9999)))
        src = " ".join(words)
        tgt = " ".join(translate.get(w, w) for w in words)
        if i == hostile_at:
            src += " " + HOSTILE
            tgt += " " + HOSTILE
        src = src[0].upper() + src[1:] + "."
        tgt = tgt[0].upper() + tgt[1:] + "."
        source_paragraph.append(src)
        if i not in omitted:
            target_paragraph.append(tgt)
        if i == added_at:
            target.append(" ".join(target_paragraph))
            target_paragraph = []
            target.append("Zusatz: Diese Zeile gibt es nur in der Zielsprache und sonst nirgends.")
        if rng.random() < 0.2:
            source.append(" ".join(source_paragraph))
            if target_paragraph:
                target.append(" ".join(target_paragraph))
            source_paragraph, target_paragraph = [], []
    source.append(" ".join(source_paragraph))
    if target_paragraph:
        target.append(" ".join(target_paragraph))
    paths = os.path.join(folder, "big-en.txt"), os.path.join(folder, "big-de.txt")
    for path, paragraphs in zip(paths, (source, target)):
        with open(path, "w", encoding="utf-8") as out:
            out.write("\n\n".join(paragraphs) + "\n")
    return paths


# ---- page checks ----
JS_ROW_OF_TEXT = """
(function (side, text) {
  for (const td of document.querySelectorAll('td.' + side)) {
    if (td.textContent.includes(text)) {
      const tr = td.closest('tr');
      return {row: tr.id, rowClass: tr.className, cellClass: td.className,
              notes: tr.querySelector('td.notes').textContent};
    }
  }
  return null;
})"""


def row_of_text(browser, side, text):
    return browser.eval(f"{JS_ROW_OF_TEXT}({side!r}, {text!r})")


def row_in_viewport(browser, row_id):
    return browser.eval(f"""(function () {{
      const r = document.getElementById({row_id!r});
      if (!r) return false;
      const box = r.getBoundingClientRect();
      return box.bottom > 0 && box.top < innerHeight && box.height > 0;
    }})()""")


def settle(browser, script=True):
    """Waits two animation frames (scrolling and style are done); without page scripts (no
    animation frames) a short sleep and a forced layout."""
    if script:
        browser.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))")
    else:
        time.sleep(0.3)
        browser.eval("document.body.getBoundingClientRect().height")


def check_structure(browser, name):
    s = browser.eval("""({
      lang: document.documentElement.lang,
      title: document.title,
      tables: document.querySelectorAll('table.beads').length,
      captions: document.querySelectorAll('table.beads > caption').length,
      colHeads: document.querySelectorAll('table.beads thead th[scope=col]').length,
      rows: document.querySelectorAll('table.beads tbody tr').length,
      rowHeads: document.querySelectorAll('table.beads tbody tr > th[scope=row]').length,
      plotLinks: document.querySelectorAll('figure.plot svg a[href^="#bead-"]').length,
      brokenLinks: [...document.querySelectorAll('a[href^="#bead-"]')]
          .filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length,
      scripts: document.scripts.length,
      external: [...document.querySelectorAll('[src],link[href]')].length,
      pwned: window.__pwned === undefined ? 0 : window.__pwned,
    })""")
    check(s["lang"] == "en" and s["title"], f"{name}: <html lang> and a <title>")
    check(s["tables"] >= 1 and s["captions"] == s["tables"], f"{name}: every table has a caption")
    check(s["colHeads"] == 4 * s["tables"], f"{name}: column headers with scope=col")
    check(s["rows"] > 0 and s["rowHeads"] == s["rows"], f"{name}: a row header (scope=row) per bead")
    check(s["plotLinks"] > 0, f"{name}: the plot's points link to rows ({s['plotLinks']} links)")
    check(s["brokenLinks"] == 0, f"{name}: every #bead-N link has its row")
    check(s["scripts"] == 1 and s["external"] == 0, f"{name}: one inline script, no src= or <link>")
    check(s["pwned"] == 0, f"{name}: no script from the input ran")
    return s


def check_no_network(browser, name):
    urls = [e["params"]["request"]["url"] for e in browser.events("Network.requestWillBeSent")]
    outside = [u for u in urls if not (u.startswith("file:") or u.startswith("data:"))]
    check(not outside, f"{name}: nothing requested from the network ({len(urls)} requests: "
                       f"{', '.join(outside[:3]) or 'file/data only'})")


def check_click_scrolls(browser, name, link_selector, shots):
    """Clicks the first link matching `link_selector` in the summary; its row must come into
    view and be the :target."""
    browser.eval("window.scrollTo(0, 0)")
    settle(browser)
    link = browser.eval(f"""(function () {{
      const a = document.querySelector({link_selector!r});
      if (!a) return null;
      a.scrollIntoView({{block: 'center'}});
      const box = a.getBoundingClientRect();
      return {{href: a.getAttribute('href'), x: box.left + Math.min(20, box.width / 2),
               y: box.top + box.height / 2, scrollY: scrollY}};
    }})()""")
    if not check(link is not None, f"{name}: a summary link to a finding ({link_selector})"):
        return None
    row_id = link["href"][1:]
    browser.click(link["x"], link["y"])
    for _ in range(50):
        settle(browser)
        if browser.eval("location.hash") == link["href"]:
            break
    settle(browser)
    state = browser.eval(f"""({{hash: location.hash, scrollY: scrollY,
      target: !!document.querySelector('#{row_id}:target')}})""")
    check(state["hash"] == link["href"] and state["target"],
          f"{name}: the click made {link['href']} the :target")
    check(state["scrollY"] != link["scrollY"], f"{name}: the click scrolled the page "
                                               f"({link['scrollY']:.0f} -> {state['scrollY']:.0f})")
    check(row_in_viewport(browser, row_id), f"{name}: row {row_id} is in the viewport")
    if shots:
        browser.screenshot(shots)
    return row_id


def check_keys(browser, name):
    rows = browser.eval("[...document.querySelectorAll('tr.f')].map(r => r.id)")
    if not check(len(rows) >= 2, f"{name}: at least two rows with findings to walk ({len(rows)})"):
        return
    browser.eval("history.replaceState(null, '', location.pathname); window.scrollTo(0, 0); "
                 "document.activeElement && document.activeElement.blur()")
    settle(browser)
    seen = []
    for key in ("n", "j", "p"):
        browser.press(key)
        settle(browser)
        seen.append(browser.eval("location.hash.slice(1)"))
    check(seen == [rows[0], rows[1], rows[0]], f"{name}: n, j, p go to finding rows "
                                                f"{rows[0]}, {rows[1]}, {rows[0]} ({seen})")
    check(browser.eval("document.activeElement && document.activeElement.id") == rows[0],
          f"{name}: the row reached by the keys has the focus")
    check(row_in_viewport(browser, rows[0]), f"{name}: the row reached by the keys is in view")


def visible_rows(browser):
    return browser.eval("""(function () {
      let all = 0, shown = 0, shownOk = 0;
      for (const r of document.querySelectorAll('table.beads tbody tr')) {
        all++;
        if (r.getClientRects().length) { shown++; if (!r.classList.contains('f')) shownOk++; }
      }
      return {all, shown, shownOk};
    })()""")


JS_CHECKBOX = """(function () {
  const c = document.getElementById('only-problems');
  c.scrollIntoView({block: 'center'});
  const b = c.getBoundingClientRect();
  return {x: b.left + b.width / 2, y: b.top + b.height / 2};
})()"""


def check_filter(browser, name, script=True):
    before = visible_rows(browser)
    box = browser.eval(JS_CHECKBOX)
    browser.click(box["x"], box["y"])
    settle(browser, script)
    after = visible_rows(browser)
    findings = browser.eval("document.querySelectorAll('tr.f').length")
    check(browser.eval("document.getElementById('only-problems').checked"),
          f"{name}: the filter checkbox is checked by a click")
    check(after["shownOk"] == 0 and after["shown"] == findings and before["shown"] == before["all"],
          f"{name}: the filter shows only the {findings} rows with findings "
          f"({before['shown']} -> {after['shown']} rows)")
    hidden = browser.eval("""[...document.querySelectorAll('tr')]
        .filter(r => !r.closest('table.beads tbody') && !r.closest('.chunk.nof')
                     && !r.getClientRects().length).length""")
    check(hidden == 0, f"{name}: the filter hides no summary row or column header ({hidden})")
    box = browser.eval(JS_CHECKBOX)
    browser.click(box["x"], box["y"])
    settle(browser, script)
    check(visible_rows(browser)["shown"] == before["all"], f"{name}: unchecking shows every row")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tralign", required=True, help="the tralign executable")
    parser.add_argument("--shared", default="", help="the shared/ folder (canonical example)")
    parser.add_argument("--out", required=True, help="folder for the reports and screenshots")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    chromium = find_chromium()
    if not chromium:
        print("SKIP: chromium is not installed (make deps installs it)")
        return SKIP

    pages = []
    canonical = os.path.join(args.shared, "data", "cxtweetchat")
    if args.shared and os.path.isfile(os.path.join(canonical, "en.txt")):
        html = os.path.join(args.out, "cxtweetchat.html")
        run_diff(args.tralign, os.path.join(canonical, "en.txt"), os.path.join(canonical, "de.txt"),
                 html, "en", "de")
        pages.append(("cxtweetchat", html))
    else:
        print(f"skip: the canonical example is not there ({canonical})")
    big_source, big_target = generate_big(args.out)
    big_html = os.path.join(args.out, "big.html")
    run_diff(args.tralign, big_source, big_target, big_html, "en", "de")
    pages.append(("big", big_html))

    with Browser(chromium) as browser:
        browser.call("Network.enable")
        browser.call("Performance.enable")
        for name, html in pages:
            seconds = browser.navigate("file://" + html)
            metrics = {m["name"]: m["value"]
                       for m in browser.call("Performance.getMetrics")["metrics"]}
            print(f"info  {name}: {os.path.getsize(html) / 1e6:.2f} MB loaded in {seconds:.2f} s "
                  f"(style {metrics.get('RecalcStyleDuration', 0):.2f} s, layout "
                  f"{metrics.get('LayoutDuration', 0):.2f} s, script "
                  f"{metrics.get('ScriptDuration', 0):.2f} s, {metrics.get('Nodes', 0):.0f} nodes)")
            check_no_network(browser, name)
            structure = check_structure(browser, name)
            browser.screenshot(os.path.join(args.out, f"{name}.png"))

            if name == "cxtweetchat":
                for text in ("Share this:", "Tracey Wallace", "Subscribe to our newsletter"):
                    row = row_of_text(browser, "src", text)
                    check(row is not None and "k-omission" in row["cellClass"]
                          and "f" in row["rowClass"].split(),
                          f"{name}: the omitted byline '{text}' is marked as an omission ({row})")
                row = row_of_text(browser, "tgt", "Veröffentlicht: 2019-10-25")
                check(row is not None and "k-addition" in row["cellClass"]
                      and "addition" in row["notes"],
                      f"{name}: the added date line is marked as an addition ({row})")
                target = check_click_scrolls(browser, name, "ol.findings a.go[href]",
                                             os.path.join(args.out, f"{name}-clicked.png"))
            else:
                segments = browser.eval("document.querySelectorAll('td.src .seg').length")
                check(segments == BIG_SEGMENTS, f"{name}: all {BIG_SEGMENTS} source segments "
                                                f"are in the page ({segments})")
                check(structure["rows"] >= BIG_SEGMENTS - 100, f"{name}: one row per bead "
                                                               f"({structure['rows']} rows)")
                row = row_of_text(browser, "src", "window.__pwned = 1")
                text = browser.eval(f"document.getElementById({row['row']!r}).textContent"
                                    if row else "''")
                check(row is not None and HOSTILE in text,
                      f"{name}: markup in the input is shown as text")
                last = browser.eval("[...document.querySelectorAll('ol.findings a.go')].pop()"
                                    "?.getAttribute('href')")
                check_click_scrolls(browser, name, f"ol.findings a.go[href='{last}']"
                                    if last else "ol.findings a.go",
                                    os.path.join(args.out, f"{name}-clicked.png"))
                frames = browser.eval("""(async function () {
                  // Scrolls 100 px per frame (a fast wheel) through 400 frames from the middle,
                  // then jumps to 40 random places; returns the frame times.
                  const max = document.documentElement.scrollHeight - innerHeight;
                  async function frame() {
                    const t = performance.now();
                    await new Promise(r => requestAnimationFrame(r));
                    return performance.now() - t;
                  }
                  function stats(t) {
                    t.sort((a, b) => a - b);
                    return {median: t[t.length >> 1], p95: t[Math.floor(t.length * 0.95)],
                            max: t[t.length - 1]};
                  }
                  window.scrollTo(0, max / 2); await frame();
                  const wheel = [];
                  for (let i = 0; i < 400; i++) { window.scrollBy(0, 100); wheel.push(await frame()); }
                  const jumps = [];
                  for (let i = 0; i < 40; i++) {
                    window.scrollTo(0, max * ((i * 0.618) % 1)); jumps.push(await frame());
                  }
                  return {wheel: stats(wheel), jumps: stats(jumps), height: max};
                })()""", timeout=120)
                for kind in ("wheel", "jumps"):
                    f = frames[kind]
                    print(f"info  {name}: {kind} scrolling over {frames['height'] / 1e6:.1f} Mpx: "
                          f"frame median {f['median']:.1f} ms, 95% {f['p95']:.1f} ms, "
                          f"max {f['max']:.1f} ms")
            check_keys(browser, name)
            check_filter(browser, name)

        # Without JavaScript: the table is all there and the filter still works (CSS :has()).
        browser.call("Emulation.setScriptExecutionDisabled", {"value": True})
        name, html = pages[0]
        browser.navigate("file://" + html)
        check(not browser.eval("document.documentElement.classList.contains('js')"),
              f"{name} without JavaScript: the page script did not run")
        check(browser.eval("document.querySelectorAll('table.beads tbody tr').length") > 0,
              f"{name} without JavaScript: the rows are in the page")
        check_filter(browser, f"{name} without JavaScript", script=False)
        browser.call("Emulation.setScriptExecutionDisabled", {"value": False})

    print(f"screenshots and reports in {args.out}")
    if failures:
        print(f"{len(failures)} check(s) failed:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
