// Tests of the HTML report (src/report_html.cc): escaping, structure, findings, chunks, plot.
// The same page in a real browser: tests/browser/browser_test.py.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tralign/report.h"

namespace {

using tralign::Bead;
using tralign::Finding;
using tralign::FindingKind;
using tralign::Report;
using tralign::Severity;

// Two texts of `sentences`, a new paragraph every `per_paragraph` sentences, and a report with
// 1-1 beads. The texts live here; the report refers to them, so a Pair is never copied.
struct Pair {
  std::string source_text;
  std::string target_text;
  Report report;
  Pair(const std::vector<std::string>& source, const std::vector<std::string>& target,
       std::size_t per_paragraph = 3) {
    fill(source, per_paragraph, source_text, report.source);
    fill(target, per_paragraph, target_text, report.target);
    report.source.lang = "en";
    report.target.lang = "de";
    report.source_path = "en.txt";
    report.target_path = "de.txt";
    for (std::uint32_t i = 0; i < std::min(source.size(), target.size()); ++i) {
      report.alignment.beads.push_back(Bead{i, i + 1, i, i + 1, 0.9, 0.1});
    }
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;

  static void fill(const std::vector<std::string>& sentences, std::size_t per_paragraph,
                   std::string& text, tralign::Document& doc) {
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      if (i > 0) text += i % per_paragraph == 0 ? "\n" : " ";
      tralign::Segment s;
      s.begin = text.size();
      text += sentences[i];
      s.end = text.size();
      s.paragraph = static_cast<std::uint32_t>(i / per_paragraph);
      s.length = static_cast<std::uint32_t>(sentences[i].size());
      doc.segments.push_back(s);
    }
    doc.text = text;
  }
};

std::vector<std::string> numbered(std::size_t n, const std::string& word) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(word + " " + std::to_string(i) + ".");
  return out;
}

std::string html_of(const Report& report) {
  std::ostringstream out;
  tralign::write_html(out, report);
  return out.str();
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The element of `html` that has id="`id`", from its start tag to the end of that tag's line
// (rows and list items are written one per line).
std::string line_with_id(const std::string& html, const std::string& id) {
  const auto at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  const auto begin = html.rfind('<', at);
  return html.substr(begin, html.find('\n', at) - begin);
}

// Checks that every non-void element is closed in order (the script and style contents are
// skipped); returns the first problem, or "" when the page is balanced.
std::string balance_problem(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "col", "input", "br", "img", "link"};
  std::vector<std::string> open;
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    if (html.compare(at, 2, "<!") == 0) continue;
    const bool closing = html.compare(at + 1, 1, "/") == 0;
    const std::size_t name_begin = at + (closing ? 2 : 1);
    std::size_t name_end = name_begin;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) {
      ++name_end;
    }
    const std::size_t tag_end = html.find('>', at);
    if (name_end == name_begin || tag_end == std::string::npos)
      return "a stray < at " + std::to_string(at);
    const std::string name = html.substr(name_begin, name_end - name_begin);
    if (html[tag_end - 1] == '/' || kVoid.count(name) > 0) continue;
    if (!closing) {
      open.push_back(name);
      if (name == "script" || name == "style") at = html.find("</" + name + ">", at) - 1;
    } else if (open.empty() || open.back() != name) {
      return "</" + name + "> closes <" + (open.empty() ? "nothing" : open.back()) + ">";
    } else {
      open.pop_back();
    }
  }
  return open.empty() ? "" : "<" + open.back() + "> is never closed";
}

Finding finding(FindingKind kind, Severity severity, std::vector<std::uint32_t> source,
                std::vector<std::uint32_t> target, std::string message) {
  Finding f;
  f.kind = kind;
  f.severity = severity;
  f.source = std::move(source);
  f.target = std::move(target);
  f.message = std::move(message);
  return f;
}

}  // namespace

// Edge cases first.

TEST_CASE("An empty report is a complete page that says both texts are empty", "[report_html]") {
  const Pair pair({}, {});
  const std::string html = html_of(pair.report);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("both texts are empty") != std::string::npos);
  CHECK(html.find("No findings") != std::string::npos);
  CHECK(balance_problem(html).empty());
}

TEST_CASE("A script tag in a source text stays text", "[report_html]") {
  const Pair pair({"Hello <script>alert(1)</script> & \"friends\" 'here'."},
                  {"Hallo </td></tr><img src=x onerror=alert(2)>."});
  const std::string html = html_of(pair.report);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; "
                  "&#39;here&#39;.") != std::string::npos);
  CHECK(html.find("&lt;/td&gt;&lt;/tr&gt;&lt;img src=x onerror=alert(2)&gt;") != std::string::npos);
  CHECK(count(html, "<script") == 1);  // the page's own
  CHECK(count(html, "</script>") == 1);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(balance_problem(html).empty());
}

TEST_CASE("Paths, languages and messages are escaped wherever they appear", "[report_html]") {
  Pair pair({"One."}, {"Eins."});
  pair.report.source_path = "dir/<b>en\".txt";
  pair.report.target_path = "</title><script>x()</script>";
  pair.report.source.lang = "en\" onmouseover=\"x()";
  pair.report.findings.push_back(finding(FindingKind::kMismatch, Severity::kWarning, {0}, {0},
                                         "number <i>1</i> & \"2\" differ"));
  const std::string html = html_of(pair.report);
  CHECK(html.find("&lt;b&gt;en&quot;.txt") != std::string::npos);
  CHECK(html.find("&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("onmouseover=\"") == std::string::npos);
  CHECK(html.find("lang=\"en&quot; onmouseover=&quot;x()\"") != std::string::npos);
  CHECK(html.find("number &lt;i&gt;1&lt;/i&gt; &amp; &quot;2&quot; differ") != std::string::npos);
  CHECK(count(html, "<script") == 1);
  CHECK(balance_problem(html).empty());
}

TEST_CASE("Control characters that HTML forbids become U+FFFD", "[report_html]") {
  const Pair pair({std::string("a\x01") + "b\x7f" + "c\td."}, {"x."});
  const std::string html = html_of(pair.report);
  CHECK(html.find("a\uFFFDb\uFFFDc\td.") != std::string::npos);
}

TEST_CASE("A one-sided report shows the missing side as no text", "[report_html]") {
  Pair pair({"Only source."}, {});
  pair.report.alignment.beads = {Bead{0, 1, 0, 0, 0.2, 3.0}};
  const std::string html = html_of(pair.report);
  CHECK(html.find("no target text") != std::string::npos);
  CHECK(line_with_id(html, "bead-0").find("class=\"low\"") != std::string::npos);
  CHECK(balance_problem(html).empty());
}

// Structure.

TEST_CASE("The page is self-contained and forbids every fetch", "[report_html]") {
  const Pair pair(numbered(5, "Sentence"), numbered(5, "Satz"));
  const std::string html = html_of(pair.report);
  CHECK(html.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("<style>") != std::string::npos);
  CHECK(count(html, "http:") + count(html, "https:") == 1);  // the SVG namespace only
  CHECK(html.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
}

TEST_CASE("Every bead is a table row with a row header and every segment appears once",
          "[report_html]") {
  const Pair pair(numbered(7, "Sentence"), numbered(7, "Satz"));
  const std::string html = html_of(pair.report);
  for (int b = 0; b < 7; ++b) {
    const std::string row = line_with_id(html, "bead-" + std::to_string(b));
    CHECK(row.find("<th scope=\"row\"><a href=\"#bead-" + std::to_string(b) + "\">") !=
          std::string::npos);
    CHECK(row.find("Sentence " + std::to_string(b) + ".") != std::string::npos);
    CHECK(row.find("Satz " + std::to_string(b) + ".") != std::string::npos);
  }
  CHECK(count(html, "<tr id=\"bead-") == 7);
  CHECK(count(html, "<span class=\"seg\">") == 14);
  CHECK(count(html, "<th scope=\"col\">") == 4 + 4);  // the beads table + the counts table
  CHECK(count(html, "<caption") == 2);
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("lang=\"de\" dir=\"auto\"") != std::string::npos);
  CHECK(balance_problem(html).empty());
}

TEST_CASE("Paragraph breaks are marked where a new paragraph starts", "[report_html]") {
  const Pair pair(numbered(6, "Sentence"), numbered(6, "Satz"), 3);
  const std::string html = html_of(pair.report);
  // Segments 3 start the second paragraph on both sides; 0 starts the text and is not marked.
  CHECK(count(line_with_id(html, "bead-3"), "<td class=\"src pbr\"") == 1);
  CHECK(count(line_with_id(html, "bead-3"), "<td class=\"tgt pbr\"") == 1);
  CHECK(count(line_with_id(html, "bead-3"), "\u00b6") == 2);
  CHECK(count(line_with_id(html, "bead-0"), "\u00b6") == 0);
  CHECK(count(line_with_id(html, "bead-4"), "\u00b6") == 0);
}

// Findings.

TEST_CASE("Findings mark their rows and sides with colour, marker and message", "[report_html]") {
  Pair pair(numbered(5, "Sentence"), numbered(4, "Satz"));
  pair.report.alignment.beads = {Bead{0, 1, 0, 1, 0.9, 0}, Bead{1, 2, 1, 2, 0.9, 0},
                                 Bead{2, 3, 2, 2, 0.9, 0}, Bead{3, 4, 2, 3, 0.9, 0},
                                 Bead{4, 5, 3, 4, 0.3, 0}};
  pair.report.findings = {
      finding(FindingKind::kOmission, Severity::kError, {2}, {}, "dropped sentence"),
      finding(FindingKind::kMismatch, Severity::kWarning, {3, 4}, {2, 3}, "numbers differ")};
  const std::string html = html_of(pair.report);

  const std::string omitted = line_with_id(html, "bead-2");
  CHECK(omitted.find("class=\"f k-omission\" tabindex=\"-1\"") != std::string::npos);
  CHECK(omitted.find("<td class=\"src hl k-omission\"") != std::string::npos);
  CHECK(omitted.find("no target text") != std::string::npos);
  CHECK(omitted.find("<span class=\"kind\">omission</span><span class=\"sev\">error</span>"
                     "<span class=\"msg\">dropped sentence</span>") != std::string::npos);
  CHECK(omitted.find("\u2212</span>") != std::string::npos);  // the text marker

  // A finding over two beads: its message on the first, a link back on the second.
  const std::string first = line_with_id(html, "bead-3");
  const std::string second = line_with_id(html, "bead-4");
  CHECK(first.find("hl k-mismatch") != std::string::npos);
  CHECK(first.find("numbers differ") != std::string::npos);
  CHECK(second.find("numbers differ") == std::string::npos);
  CHECK(second.find("mismatch continued from <a href=\"#bead-3\">") != std::string::npos);
  CHECK(second.find("class=\"f k-mismatch low\"") != std::string::npos);
  CHECK(second.find("low confidence (0.30)") != std::string::npos);

  CHECK(count(html, "<tr id=\"bead-") == 5);
  CHECK(line_with_id(html, "bead-0").find("class=\"f") == std::string::npos);
  CHECK(balance_problem(html).empty());
}

TEST_CASE("The summary counts findings by kind and links to the first of each", "[report_html]") {
  Pair pair(numbered(6, "Sentence"), numbered(6, "Satz"));
  pair.report.findings = {finding(FindingKind::kAddition, Severity::kWarning, {}, {4}, "added a"),
                          finding(FindingKind::kAddition, Severity::kWarning, {}, {1}, "added b"),
                          finding(FindingKind::kDrift, Severity::kInfo, {5}, {5}, "drifts")};
  const std::string html = html_of(pair.report);
  CHECK(html.find("3 findings: 2 warnings, 1 info.") != std::string::npos);
  CHECK(html.find("addition</th><td class=\"n\">2</td><td><a href=\"#bead-1\"") !=
        std::string::npos);
  CHECK(html.find("drift</th><td class=\"n\">1</td><td><a href=\"#bead-5\"") != std::string::npos);
  CHECK(html.find("omission</th><td class=\"n\">0</td><td>\u2014</td>") != std::string::npos);
  // The list: one item per finding, in the report's order, each a link to its row.
  CHECK(line_with_id(html, "finding-0").find("href=\"#bead-4\">addition at bead 4</a>") !=
        std::string::npos);
  CHECK(line_with_id(html, "finding-1").find("href=\"#bead-1\"") != std::string::npos);
  CHECK(line_with_id(html, "finding-2").find("(source 5 \u00b7 target 5)") != std::string::npos);
  // Markers in the plot: one per finding, a link in the tab order.
  CHECK(count(html, "aria-label=\"addition at bead") == 2);
}

TEST_CASE("A finding that names no segment is listed without a link", "[report_html]") {
  Pair pair(numbered(2, "Sentence"), numbered(2, "Satz"));
  pair.report.findings = {
      finding(FindingKind::kDrift, Severity::kWarning, {}, {}, "the whole text drifts")};
  const std::string html = html_of(pair.report);
  CHECK(line_with_id(html, "finding-0").find("href") == std::string::npos);
  CHECK(line_with_id(html, "finding-0").find("the whole text drifts") != std::string::npos);
  CHECK(html.find(" class=\"f k-") == std::string::npos);  // no row is marked
  CHECK(balance_problem(html).empty());
}

// Scale.

TEST_CASE("Long documents are cut into tables of 50 rows, all in the page", "[report_html]") {
  Pair pair(numbered(120, "Sentence"), numbered(120, "Satz"));
  pair.report.findings = {finding(FindingKind::kOmission, Severity::kError, {70}, {}, "x")};
  const std::string html = html_of(pair.report);
  CHECK(count(html, "<div class=\"chunk") == 3);
  CHECK(count(html, "<div class=\"chunk nof\"") == 2);  // the filter hides chunks without findings
  CHECK(count(html, "<table class=\"beads\">") == 3);
  CHECK(count(html, "<caption class=\"sr\">Beads 50\u201399 of 120</caption>") == 1);
  CHECK(count(html, "<tr id=\"bead-") == 120);
  CHECK(count(html, "contain-intrinsic-block-size:auto ") == 3);
  CHECK(balance_problem(html).empty());
}

TEST_CASE("The plot links every bead up to 1500 and samples above, keeping flagged beads",
          "[report_html]") {
  Pair small(numbered(40, "Sentence"), numbered(40, "Satz"));
  CHECK(count(html_of(small.report), "<a href=\"#bead-") == 40 /*plot*/ + 40 /*rows*/);

  Pair big(numbered(4000, "S"), numbered(4000, "T"), 10);
  big.report.alignment.beads[3333].confidence = 0.1;
  big.report.findings = {finding(FindingKind::kAddition, Severity::kWarning, {}, {2001}, "x")};
  const std::string html = html_of(big.report);
  const std::size_t plot_links = count(html, "tabindex=\"-1\"><circle");
  CHECK(plot_links <= 1500 + 2);
  CHECK(plot_links >= 1000);
  CHECK(html.find("<a href=\"#bead-3333\" tabindex=\"-1\"><circle class=\"pt low\"") !=
        std::string::npos);
  CHECK(html.find("<a href=\"#bead-2001\" tabindex=\"-1\"><circle") != std::string::npos);
  CHECK(count(html, "<tr id=\"bead-") == 4000);
  CHECK(balance_problem(html).empty());
}
