// The inline style sheet and script of the HTML report (src/report_html.cc). Private.
//
// Nothing here loads anything: the page's Content-Security-Policy forbids every network fetch.
// The script is an enhancement only (keyboard navigation, previous/next buttons, the filter
// without :has()); the page is complete without it.
#ifndef TRALIGN_REPORT_HTML_ASSETS_H_
#define TRALIGN_REPORT_HTML_ASSETS_H_

namespace tralign::html_assets {

// Colours: every text colour has a contrast of at least 4.5:1 on its background (WCAG AA);
// each finding kind has a colour AND a text marker and a shape in the plot.
inline constexpr const char kStyle[] = R"css(
:root{--fg:#1d2433;--muted:#555e6e;--bg:#fff;--panel:#f5f6f8;--line:#d5d9e0;--para:#6b7383;
--link:#1a56b8;--focus:#0b57d0;--bar:3rem;
--omission:#b42318;--omission-bg:#fdecea;--addition:#067647;--addition-bg:#e6f6ec;
--untranslated:#6b3fc4;--untranslated-bg:#f1ebfd;--drift:#a04100;--drift-bg:#fdf0e3;
--mismatch:#1c5cc4;--mismatch-bg:#e8f0fd;--low:#8a5a00;--low-bg:#fff6dc}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,tr:focus,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:-999px;top:0;background:var(--fg);color:#fff;padding:.4em .8em;z-index:9}
.skip:focus{left:.5em}
header.top{padding:1rem 1.5rem .5rem;border-bottom:1px solid var(--line)}
h1{font-size:1.35rem;margin:0 0 .2rem}
h1 .tool{color:var(--muted);font-weight:600}
h2{font-size:1.1rem;margin:0 0 .5rem}
.files{margin:0;color:var(--muted)}
.files b{color:var(--fg)}
.overview{display:flex;flex-wrap:wrap;gap:1.5rem;padding:1rem 1.5rem;align-items:flex-start}
.summary{flex:1 1 28rem;min-width:18rem}
.verdict{margin:0 0 .75rem;font-weight:600}
.verdict.clean{color:var(--addition)}
table.counts{border-collapse:collapse;margin:0 0 .75rem;min-width:20rem}
table.counts caption{text-align:left;font-weight:600;padding-bottom:.25rem}
table.counts th,table.counts td{padding:.2rem .75rem .2rem .4rem;border-bottom:1px solid var(--line);text-align:left}
table.counts td.n{text-align:right;font-variant-numeric:tabular-nums}
table.counts tr.zero{color:var(--muted)}
table.counts thead th{font-size:.85rem;color:var(--muted);font-weight:600}
.mk{display:inline-block;min-width:1.35em;height:1.35em;line-height:1.35em;text-align:center;border-radius:.3em;font-weight:700;color:#fff;background:var(--muted);margin-right:.3em;font-size:.85em}
.k-omission .mk,.mk.k-omission{background:var(--omission)}
.k-addition .mk,.mk.k-addition{background:var(--addition)}
.k-untranslated .mk,.mk.k-untranslated{background:var(--untranslated)}
.k-drift .mk,.mk.k-drift{background:var(--drift)}
.k-mismatch .mk,.mk.k-mismatch{background:var(--mismatch)}
.mk.low{background:var(--low)}
.zero .mk{background:var(--para)}
details.list{margin:.25rem 0 0}
details.list summary{cursor:pointer;font-weight:600}
ol.findings{margin:.4rem 0 0;padding:0 0 0 2.2rem;max-height:22rem;overflow:auto}
ol.findings li{margin:.2rem 0}
ol.findings .sev,.fd .sev{font-size:.78rem;text-transform:uppercase;letter-spacing:.03em;font-weight:700;border:1px solid currentColor;border-radius:.25em;padding:0 .25em;margin:0 .3em}
.sev-error .sev{color:var(--omission)}
.sev-warning .sev{color:var(--drift)}
.sev-info .sev{color:var(--muted)}
.where{color:var(--muted);font-size:.88rem}
figure.plot{flex:0 0 auto;margin:0;width:22rem;max-width:100%}
figure.plot svg{width:100%;height:auto;display:block;background:var(--panel);border:1px solid var(--line);border-radius:.4rem}
figure.plot figcaption{font-size:.85rem;color:var(--muted);margin-top:.35rem}
.legend{list-style:none;padding:0;margin:.35rem 0 0;display:flex;flex-wrap:wrap;gap:.2rem .9rem;font-size:.82rem;color:var(--fg)}
.plot .legend svg{width:1.1em;height:1.1em;vertical-align:-.2em;margin-right:.25em;border:0;background:none;display:inline}
svg .axis{stroke:var(--para);stroke-width:1;fill:none}
svg .ideal{stroke:#7d8594;stroke-width:1;stroke-dasharray:4 3;fill:none}
svg .path{stroke:var(--fg);stroke-width:1.6;fill:none;stroke-linejoin:round}
svg .lowpath{stroke:#e0a100;stroke-width:5;fill:none;stroke-linecap:round;opacity:.75}
svg .pt{fill:var(--fg)}
svg a:hover .pt,svg a:focus .pt{fill:var(--focus)}
svg .pt.low{fill:#a06a00}
svg .fk{stroke:#fff;stroke-width:.8}
svg .fk.k-omission{fill:var(--omission)}svg .fk.k-addition{fill:var(--addition)}
svg .fk.k-untranslated{fill:var(--untranslated)}svg .fk.k-drift{fill:none;stroke:var(--drift);stroke-width:2}
svg .fk.k-mismatch{stroke:var(--mismatch);stroke-width:2.2;fill:none}
svg .fpath{fill:none;stroke-width:3.4;stroke-linecap:round;opacity:.85}
svg .fpath.k-omission{stroke:var(--omission)}svg .fpath.k-addition{stroke:var(--addition)}
svg .fpath.k-untranslated{stroke:var(--untranslated)}svg .fpath.k-drift{stroke:var(--drift)}svg .fpath.k-mismatch{stroke:var(--mismatch)}
svg text{font-size:10px;fill:var(--muted);font-family:inherit}
svg a:focus{outline:none}
svg a:focus .fk,svg a:focus .pt{stroke:var(--focus);stroke-width:3}
.toolbar{position:sticky;top:0;z-index:3;height:var(--bar);display:flex;align-items:center;gap:1rem;padding:0 1.5rem;background:var(--bg);border-top:1px solid var(--line);border-bottom:1px solid var(--line);overflow-x:auto;white-space:nowrap}
.toolbar label{cursor:pointer}
.toolbar input{width:1.05rem;height:1.05rem;vertical-align:-.15em;margin:0 .35rem 0 0}
.toolbar button{font:inherit;font-size:.9rem;padding:.2rem .6rem;border:1px solid var(--line);border-radius:.3rem;background:var(--panel);color:var(--fg);cursor:pointer}
.toolbar button:hover{background:#e8ebf0}
.toolbar .keys{color:var(--muted);font-size:.88rem}
kbd{font:inherit;font-size:.85em;border:1px solid var(--line);border-bottom-width:2px;border-radius:.25em;padding:0 .3em;background:var(--panel);color:var(--fg)}
.js-only{display:none}
.filter{display:none}
@supports selector(:has(*)){.filter{display:inline}}
.js .filter{display:inline}
.js .js-only{display:inline-block}
.js .no-js{display:none}
#beads{padding:0 1.5rem 2rem}
table.beads{width:100%;border-collapse:separate;border-spacing:0;table-layout:fixed}
.chunk{content-visibility:auto}
table.beads caption{text-align:left;font-weight:600;padding:.9rem 0 .35rem;color:var(--fg)}
table.beads caption .note{font-weight:400;color:var(--muted);font-size:.88rem}
col.c-bead{width:5.2rem}col.c-src,col.c-tgt{width:37%}col.c-notes{width:26%}
table.beads thead th{position:sticky;top:var(--bar);z-index:2;background:var(--panel);text-align:left;font-size:.85rem;color:var(--muted);padding:.35rem .6rem;border-bottom:2px solid var(--line)}
table.beads td,table.beads tbody th{vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
table.beads tbody th{font-weight:400;text-align:left;font-size:.82rem;color:var(--muted);white-space:nowrap}
table.beads tbody th a{font-weight:600;font-size:.9rem;text-decoration:none}
table.beads tbody th a:hover{text-decoration:underline}
.conf{display:block;font-variant-numeric:tabular-nums}
tr.low th .conf{color:var(--low);font-weight:700}
tr.low th{background:var(--low-bg)}
tr{scroll-margin-top:calc(var(--bar) + 2.5rem)}
tr:target th,tr:target td{box-shadow:inset 0 2px 0 var(--focus),inset 0 -2px 0 var(--focus)}
tr:target th{box-shadow:inset 4px 0 0 var(--focus),inset 0 2px 0 var(--focus),inset 0 -2px 0 var(--focus)}
td.pbr{border-top:2px solid var(--para)}
.pb{color:var(--para);font-weight:700;margin-right:.3em}
.seg{display:block}
.seg+.seg{margin-top:.25rem}
.sx{color:var(--muted);font-size:.72rem;margin-right:.35em;font-variant-numeric:tabular-nums;vertical-align:.1em}
.none{color:var(--muted);font-style:italic}
.empty{color:var(--muted);font-style:italic}
td.hl{border-left:4px solid var(--muted)}
td.hl.k-omission{border-left-color:var(--omission)}td.hl.k-addition{border-left-color:var(--addition)}
td.hl.k-untranslated{border-left-color:var(--untranslated)}td.hl.k-drift{border-left-color:var(--drift)}
td.hl.k-mismatch{border-left-color:var(--mismatch)}
.seg.hl{margin:0 -.3rem;padding:.15rem .3rem;border-radius:.25rem}
.seg.hl.k-omission{background:var(--omission-bg)}.seg.hl.k-addition{background:var(--addition-bg)}
.seg.hl.k-untranslated{background:var(--untranslated-bg)}.seg.hl.k-drift{background:var(--drift-bg)}
.seg.hl.k-mismatch{background:var(--mismatch-bg)}
.fd{margin:0 0 .3rem;font-size:.9rem}
.fd .kind{font-weight:700}
.fd.k-omission .kind{color:var(--omission)}.fd.k-addition .kind{color:var(--addition)}
.fd.k-untranslated .kind{color:var(--untranslated)}.fd.k-drift .kind{color:var(--drift)}
.fd.k-mismatch .kind{color:var(--mismatch)}
.fd .msg{display:block}
.fd.cont{color:var(--muted);font-size:.82rem}
.lowtag{color:var(--low);font-size:.85rem}
html.only-problems table.beads tbody tr:not(.f),html.only-problems .chunk.nof{display:none}
body:has(#only-problems:checked) table.beads tbody tr:not(.f),body:has(#only-problems:checked) .chunk.nof{display:none}
footer{padding:1rem 1.5rem 2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
@media (max-width:60rem){col.c-notes{width:30%}col.c-bead{width:4.2rem}.overview{padding:1rem}#beads{padding:0 .5rem 2rem}}
@media print{.toolbar,.skip{display:none}.chunk{content-visibility:visible}table.beads thead th{position:static}ol.findings{max-height:none}}
)css";

// Keyboard navigation (n/j next finding, p/k previous), the previous/next buttons, the filter
// as a class on <html> (for browsers without :has()), and a status line for screen readers.
// Finding rows are `tr.f` with id `bead-N`; the script only reads the DOM the page already has.
inline constexpr const char kScript[] = R"js(
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.f'));
  var beadOf = rows.map(function (r) { return +r.id.slice(5); });
  var status = document.getElementById('nav-status');
  var filter = document.getElementById('only-problems');
  var cur = -1;
  function say(text) { if (status) status.textContent = text; }
  // The index of the last finding row at or before bead `b` (-1 if none).
  function atOrBefore(b) {
    var lo = 0, hi = rows.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (beadOf[mid] <= b) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }
  // Where a row reached by a jump sits: its scroll-margin-top below the top of the viewport.
  function line() {
    return rows.length ? parseFloat(getComputedStyle(rows[0]).scrollMarginTop) || 0 : 0;
  }
  // The first finding row whose top is at or below `y` (viewport coordinates); rows are in
  // document order, so a binary search reads only a few positions.
  function firstAtOrBelow(y) {
    var lo = 0, hi = rows.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (topOf(mid) >= y) hi = mid; else lo = mid + 1;
    }
    return lo;
  }
  // The top of row `cur` right after the last jump to it; while it is still there, the reader
  // has not scrolled away and n/p count from `cur`, else from what is at the top of the view.
  var lastTop = NaN;
  function topOf(i) { return rows[i].getBoundingClientRect().top; }
  function go(i) {
    if (!rows.length) { say('No findings.'); return; }
    if (i < 0) { say('This is the first finding.'); i = 0; }
    else if (i >= rows.length) { say('This is the last finding.'); i = rows.length - 1; }
    else say('Finding row ' + (i + 1) + ' of ' + rows.length + '.');
    cur = i;
    var row = rows[i];
    if (location.hash !== '#' + row.id) location.hash = row.id;
    row.scrollIntoView({block: 'start'});
    row.focus({preventScroll: true});
    lastTop = topOf(i);
  }
  function sync() {
    var m = /^#bead-(\d+)$/.exec(location.hash);
    if (!m) return;
    var b = +m[1];
    var i = atOrBefore(b);
    cur = (i >= 0 && beadOf[i] === b) ? i : i + 0.5;
    var row = document.getElementById('bead-' + b);
    if (row && !row.classList.contains('f') && filter && filter.checked) {
      filter.checked = false;
      setFilter();
      if (row) row.scrollIntoView({block: 'start'});
    }
    lastTop = NaN;
    if (cur === Math.floor(cur)) {
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { lastTop = topOf(cur); });
      });
    }
  }
  function here() {
    return cur >= 0 && cur === Math.floor(cur) && Math.abs(topOf(cur) - lastTop) < 1;
  }
  function next() { go(here() ? cur + 1 : firstAtOrBelow(line() + 2)); }
  function prev() { go(here() ? cur - 1 : firstAtOrBelow(line() - 2) - 1); }
  function setFilter() {
    root.classList.toggle('only-problems', !!(filter && filter.checked));
  }
  window.addEventListener('hashchange', sync);
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) && t.type !== 'checkbox')) return;
    if (e.key === 'n' || e.key === 'j') { e.preventDefault(); next(); }
    else if (e.key === 'p' || e.key === 'k') { e.preventDefault(); prev(); }
  });
  var nb = document.getElementById('next-finding'), pb = document.getElementById('prev-finding');
  if (nb) nb.addEventListener('click', next);
  if (pb) pb.addEventListener('click', prev);
  if (filter) { filter.addEventListener('change', setFilter); setFilter(); }
  sync();
})();
)js";

}  // namespace tralign::html_assets

#endif  // TRALIGN_REPORT_HTML_ASSETS_H_
