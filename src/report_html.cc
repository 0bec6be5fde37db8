// The HTML report of `tralign diff --format html`: one self-contained file for reviewers.
//
// Layout: a summary (counts by kind, each a link to the first row of that kind, and the list
// of all findings, each a link to its row), an SVG plot of the alignment path, a toolbar (a
// filter that shows only the beads with findings; previous/next buttons and the n/j and p/k
// keys), then the two texts side by side, one table row per bead.
//
// Scaling, decided: the whole table is always in the HTML (readable, searchable and printable
// without JavaScript), cut into tables of kChunkBeads rows, each in a block with
// `content-visibility: auto` and an estimated `contain-intrinsic-block-size`, so the browser
// styles, lays out and paints only the chunks near the viewport: a 10,000-bead report opens
// and scrolls like a short one. The rows are not duplicated as JSON; the script reads the DOM.
// The plot draws the whole path as one <path>; it links every bead up to kMaxPlotPoints beads
// and, above that, every bead with a finding or a low confidence plus an even sample.
//
// Safety: every text from the input (segments, paths, languages, messages) is escaped; the
// page's Content-Security-Policy forbids every fetch (no network, no external files).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report_html_assets.h"
#include "report_util.h"
#include "tralign/report.h"
#include "tralign/version.h"

namespace tralign {

namespace {

// A bead's posterior below this: the aligner thinks it more likely wrong than right.
constexpr double kLowConfidence = 0.5;
// Rows per table chunk (the unit of content-visibility).
constexpr std::size_t kChunkBeads = 50;
// Beads the plot links one by one before it samples.
constexpr std::size_t kMaxPlotPoints = 1500;
// The findings list starts open up to this many findings.
constexpr std::size_t kOpenListFindings = 100;
// Height estimates (CSS pixels at the page's 15px font) for contain-intrinsic-block-size.
constexpr double kLinePx = 22.5;
constexpr double kRowPaddingPx = 14.0;
constexpr double kChunkHeadPx = 80.0;  // caption and column headers
constexpr double kTableHeadPx = 34.0;  // column headers
constexpr double kTextCharsPerLine = 60.0;
constexpr double kNoteCharsPerLine = 45.0;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

constexpr FindingKind kKinds[] = {FindingKind::kOmission, FindingKind::kAddition,
                                  FindingKind::kUntranslated, FindingKind::kDrift,
                                  FindingKind::kMismatch};

// The text marker of a kind (shown with its colour, so colour is never the only signal).
std::string_view marker(FindingKind kind) {
  switch (kind) {
    case FindingKind::kOmission:
      return "\u2212";  // minus sign
    case FindingKind::kAddition:
      return "+";
    case FindingKind::kUntranslated:
      return "\u2261";  // identical to
    case FindingKind::kDrift:
      return "\u2248";  // almost equal to
    case FindingKind::kMismatch:
      return "\u2260";  // not equal to
  }
  return "\u2022";
}

// A one-line explanation of a kind, for the summary table.
std::string_view describe(FindingKind kind) {
  switch (kind) {
    case FindingKind::kOmission:
      return "source text missing from the target";
    case FindingKind::kAddition:
      return "target text with no source";
    case FindingKind::kUntranslated:
      return "target text left in the source language";
    case FindingKind::kDrift:
      return "sides that do not match as a translation should";
    case FindingKind::kMismatch:
      return "numbers, links or names that differ";
  }
  return "";
}

// Appends `text` escaped for HTML text and attribute values. C0 controls other than tab, line
// feed and carriage return (which HTML does not allow) become U+FFFD.
void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
            c == '\x7f') {
          out += "\uFFFD";
        } else {
          out += c;
        }
    }
  }
}

// "3", "3–5", "3–5, 9" for a sorted list of indexes.
std::string ranges(const std::vector<std::uint32_t>& indexes) {
  std::string out;
  for (std::size_t i = 0; i < indexes.size();) {
    std::size_t j = i;
    while (j + 1 < indexes.size() && indexes[j + 1] == indexes[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(indexes[i]);
    if (j > i) out += "\u2013" + std::to_string(indexes[j]);
    i = j + 1;
  }
  return out;
}

// 1234567 -> "1,234,567".
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "1 finding", "2 findings", "10,000 findings".
std::string count_of(std::size_t n, std::string_view noun, std::string_view plural) {
  return fmt::format("{} {}", grouped(n), n == 1 ? noun : plural);
}

// One finding as it touches one bead.
struct RowFinding {
  std::size_t finding = 0;  // index into Report::findings
  bool source = false;      // the finding names source segments of this bead
  bool target = false;      // ... target segments of this bead
  bool first = false;       // this is the finding's first bead (its message is shown here)
};

class HtmlWriter {
 public:
  HtmlWriter(std::ostream& out, const Report& report) : out_(out), report_(report) { index(); }

  void write() {
    write_head();
    write_header();
    put("<main>\n<div class=\"overview\">\n");
    write_summary();
    write_plot();
    put("</div>\n");
    write_toolbar();
    write_beads();
    put("</main>\n");
    write_footer();
    flush();
  }

 private:
  // ---- output buffer ----
  void put(std::string_view s) {
    buffer_ += s;
    if (buffer_.size() > (1u << 16)) flush();
  }
  void put_escaped(std::string_view s) { append_escaped(buffer_, s); }
  template <typename... Args>
  void putf(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(buffer_), format, std::forward<Args>(args)...);
  }
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

  // ---- the report's structure ----
  const std::vector<Bead>& beads() const { return report_.alignment.beads; }

  static std::string_view text_of(const Document& doc, std::uint32_t i) {
    if (i >= doc.segments.size()) return {};
    const Segment& s = doc.segments[i];
    if (s.begin >= doc.text.size() || s.end <= s.begin) return {};
    return doc.text.substr(s.begin, std::min(s.end, doc.text.size()) - s.begin);
  }

  // Segment -> bead maps, findings per bead, first bead per finding, plot positions.
  void index() {
    const std::size_t ns = report_.source.segments.size();
    const std::size_t nt = report_.target.segments.size();
    std::vector<std::uint32_t> source_bead(ns, kNone), target_bead(nt, kNone);
    for (std::size_t b = 0; b < beads().size(); ++b) {
      const Bead& bead = beads()[b];
      for (auto i = bead.source_begin; i < bead.source_end && i < ns; ++i)
        source_bead[i] = static_cast<std::uint32_t>(b);
      for (auto i = bead.target_begin; i < bead.target_end && i < nt; ++i)
        target_bead[i] = static_cast<std::uint32_t>(b);
    }
    row_findings_.assign(beads().size(), {});
    first_bead_.assign(report_.findings.size(), kNone);
    for (std::size_t f = 0; f < report_.findings.size(); ++f) {
      const Finding& finding = report_.findings[f];
      std::vector<std::pair<std::uint32_t, int>> touched;  // (bead, 1 source | 2 target)
      for (auto i : finding.source)
        if (i < ns && source_bead[i] != kNone) touched.emplace_back(source_bead[i], 1);
      for (auto i : finding.target)
        if (i < nt && target_bead[i] != kNone) touched.emplace_back(target_bead[i], 2);
      std::sort(touched.begin(), touched.end());
      for (std::size_t k = 0; k < touched.size();) {
        RowFinding rf;
        rf.finding = f;
        const std::uint32_t b = touched[k].first;
        for (; k < touched.size() && touched[k].first == b; ++k) {
          (touched[k].second == 1 ? rf.source : rf.target) = true;
        }
        rf.first = first_bead_[f] == kNone;
        if (rf.first) first_bead_[f] = b;
        row_findings_[b].push_back(rf);
      }
    }
    // The strongest finding of a row decides its colour: highest severity, then first.
    for (auto& row : row_findings_) {
      std::stable_sort(row.begin(), row.end(), [&](const RowFinding& a, const RowFinding& b) {
        return report_.findings[a.finding].severity > report_.findings[b.finding].severity;
      });
    }
    // Plot positions: cumulative lengths in code points (the length model's unit); segment
    // counts when a side has no length at all.
    auto cumulative = [](const Document& doc) {
      std::vector<double> pos(doc.segments.size() + 1, 0.0);
      double total = 0;
      for (const Segment& s : doc.segments) total += s.length;
      for (std::size_t i = 0; i < doc.segments.size(); ++i)
        pos[i + 1] = pos[i] + (total > 0 ? doc.segments[i].length : 1.0);
      return pos;
    };
    source_pos_ = cumulative(report_.source);
    target_pos_ = cumulative(report_.target);
    // The strip's scale: the largest distance from the diagonal, at least 1% (so that the
    // noise of a faithful translation stays small).
    deviation_scale_ = 0.01;
    for (const Bead& b : beads()) {
      deviation_scale_ = std::max(deviation_scale_, std::abs(target_fraction(b.target_end) -
                                                             source_fraction(b.source_end)));
    }
  }

  bool low(const Bead& bead) const { return bead.confidence < kLowConfidence; }

  static std::string display_path(const std::string& path, std::string_view fallback) {
    return path.empty() ? std::string(fallback) : path;
  }
  // The file name without its folders (for the title and the heading).
  static std::string short_path(const std::string& path, std::string_view fallback) {
    const std::size_t slash = path.find_last_of("/\\");
    if (slash == std::string::npos || slash + 1 == path.size()) return display_path(path, fallback);
    return path.substr(slash + 1);
  }

  // ---- page parts ----
  void write_head() {
    put("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    put("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    put("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'\">\n");
    putf("<meta name=\"generator\" content=\"tralign {}\">\n", version());
    put("<title>");
    put_escaped(short_path(report_.source_path, "source"));
    put(" \u2192 ");
    put_escaped(short_path(report_.target_path, "target"));
    putf(" \u00b7 {} \u00b7 tralign</title>\n",
         count_of(report_.findings.size(), "finding", "findings"));
    put("<style>");
    put(html_assets::kStyle);
    put("</style>\n</head>\n<body>\n");
    put("<a class=\"skip\" href=\"#beads\">Skip to the texts</a>\n");
  }

  void write_side_name(const Document& doc, const std::string& path, std::string_view side) {
    put("<b>");
    put_escaped(display_path(path, side));
    put("</b>");
    if (!doc.lang.empty()) {
      put(" (");
      put_escaped(doc.lang);
      put(")");
    }
    putf(", {}", count_of(doc.segments.size(), "segment", "segments"));
  }

  void write_header() {
    put("<header class=\"top\">\n<h1><span class=\"tool\">tralign</span> ");
    put_escaped(short_path(report_.source_path, "source"));
    put(" \u2192 ");
    put_escaped(short_path(report_.target_path, "target"));
    put("</h1>\n<p class=\"files\">Source ");
    write_side_name(report_.source, report_.source_path, "source");
    put(" \u00b7 Target ");
    write_side_name(report_.target, report_.target_path, "target");
    putf(" \u00b7 {}.</p>\n</header>\n", count_of(beads().size(), "bead", "beads"));
  }

  // A link to the row of bead `b`.
  void bead_link(std::uint32_t b, std::string_view text) {
    putf("<a href=\"#bead-{}\">", b);
    put_escaped(text);
    put("</a>");
  }

  void write_summary() {
    const auto& findings = report_.findings;
    put("<section class=\"summary\" aria-labelledby=\"summary-h\">\n");
    put("<h2 id=\"summary-h\">Summary</h2>\n");
    std::size_t by_severity[3] = {0, 0, 0};
    for (const Finding& f : findings) {
      const int s = static_cast<int>(f.severity);
      if (s >= 0 && s < 3) ++by_severity[s];
    }
    if (findings.empty()) {
      put("<p class=\"verdict clean\">\u2713 No findings: every bead reads as a "
          "translation.</p>\n");
    } else {
      // "3 findings: 1 error, 2 warnings." (severities with none are left out)
      std::string parts;
      const std::string named[3] = {grouped(by_severity[0]) + " info",
                                    count_of(by_severity[1], "warning", "warnings"),
                                    count_of(by_severity[2], "error", "errors")};
      for (int s = 2; s >= 0; --s) {
        if (by_severity[s] == 0) continue;
        parts += (parts.empty() ? "" : ", ") + named[s];
      }
      putf("<p class=\"verdict\">{}: {}.</p>\n", count_of(findings.size(), "finding", "findings"),
           parts);
    }
    put("<table class=\"counts\">\n<caption>Findings by kind</caption>\n");
    put("<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Count</th>"
        "<th scope=\"col\">First</th><th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n");
    for (const FindingKind kind : kKinds) {
      std::size_t count = 0;
      std::uint32_t first = kNone;
      for (std::size_t f = 0; f < findings.size(); ++f) {
        if (findings[f].kind != kind) continue;
        ++count;
        first = std::min(first, first_bead_[f]);
      }
      const std::string_view name = to_string(kind);
      putf(
          "<tr class=\"k-{}{}\"><th scope=\"row\"><span class=\"mk\" "
          "aria-hidden=\"true\">{}</span>{}</th>",
          name, count == 0 ? " zero" : "", marker(kind), name);
      putf("<td class=\"n\">{}</td><td>", count);
      if (first != kNone) {
        putf("<a href=\"#bead-{}\" aria-label=\"First {}: bead {}\">bead {}</a>", first, name,
             first, first);
      } else {
        put("\u2014");
      }
      putf("</td><td>{}</td></tr>\n", describe(kind));
    }
    std::size_t low_count = 0;
    std::uint32_t first_low = kNone;
    for (std::size_t b = 0; b < beads().size(); ++b) {
      if (!low(beads()[b])) continue;
      ++low_count;
      if (first_low == kNone) first_low = static_cast<std::uint32_t>(b);
    }
    putf(
        "<tr class=\"{}\"><th scope=\"row\"><span class=\"mk low\" aria-hidden=\"true\">?</span>"
        "low confidence</th><td class=\"n\">{}</td><td>",
        low_count == 0 ? "zero" : "lowrow", low_count);
    if (first_low != kNone) {
      putf("<a href=\"#bead-{}\" aria-label=\"First low-confidence bead: {}\">bead {}</a>",
           first_low, first_low, first_low);
    } else {
      put("\u2014");
    }
    putf("</td><td>beads aligned with a confidence below {}</td></tr>\n", kLowConfidence);
    put("</tbody>\n</table>\n");

    if (!findings.empty()) {
      putf("<details class=\"list\"{}><summary>All {}</summary>\n<ol class=\"findings\">\n",
           findings.size() <= kOpenListFindings ? " open" : "",
           count_of(findings.size(), "finding", "findings"));
      for (std::size_t f = 0; f < findings.size(); ++f) write_list_item(f);
      put("</ol>\n</details>\n");
    }
    put("</section>\n");
  }

  void write_list_item(std::size_t f) {
    const Finding& finding = report_.findings[f];
    const std::string_view kind = to_string(finding.kind);
    putf(
        "<li id=\"finding-{}\" class=\"k-{} sev-{}\"><span class=\"mk\" "
        "aria-hidden=\"true\">{}</span>",
        f, kind, to_string(finding.severity), marker(finding.kind));
    if (first_bead_[f] != kNone) {
      putf("<a class=\"go\" href=\"#bead-{}\">{} at bead {}</a>", first_bead_[f], kind,
           first_bead_[f]);
    } else {
      put(kind);
    }
    putf("<span class=\"sev\">{}</span> ", to_string(finding.severity));
    put_escaped(finding.message);
    write_where(finding);
    put("</li>\n");
  }

  // " (source 3–5 · target 7)" in muted text.
  void write_where(const Finding& finding) {
    std::string where;
    if (!finding.source.empty()) where += "source " + ranges(finding.source);
    if (!finding.target.empty()) {
      if (!where.empty()) where += " \u00b7 ";
      where += "target " + ranges(finding.target);
    }
    if (where.empty()) return;
    put(" <span class=\"where\">(");
    put(where);
    put(")</span>");
  }

  // ---- the plot ----
  struct Point {
    double x, y;
  };
  // The main plot (source against target) and, below it, a strip with the path's distance
  // from the diagonal (target fraction minus source fraction), which shows what the main plot
  // is too small to: a dropped or added stretch is a step, a drift a slope.
  static constexpr double kPlotLeft = 46, kPlotRight = 330, kPlotTop = 12, kPlotBottom = 296;
  static constexpr double kStripZero = 372, kStripHalf = 30;

  // Fractions of each side's length before segment i (0 to 1).
  double source_fraction(std::uint32_t i) const {
    const double total = source_pos_.back();
    return total > 0 ? source_pos_[std::min<std::size_t>(i, source_pos_.size() - 1)] / total : 0;
  }
  double target_fraction(std::uint32_t i) const {
    const double total = target_pos_.back();
    return total > 0 ? target_pos_[std::min<std::size_t>(i, target_pos_.size() - 1)] / total : 0;
  }

  Point at(std::uint32_t source_segment, std::uint32_t target_segment, bool strip) const {
    const double sx = source_fraction(source_segment), ty = target_fraction(target_segment);
    const double x = kPlotLeft + sx * (kPlotRight - kPlotLeft);
    if (strip) return {x, kStripZero - (ty - sx) / deviation_scale_ * kStripHalf};
    return {x, kPlotBottom - ty * (kPlotBottom - kPlotTop)};
  }
  Point begin_of(const Bead& b, bool strip = false) const {
    return at(b.source_begin, b.target_begin, strip);
  }
  Point end_of(const Bead& b, bool strip = false) const {
    return at(b.source_end, b.target_end, strip);
  }

  void segment_path(std::string& d, const Bead& bead, bool strip) const {
    const Point p = begin_of(bead, strip), q = end_of(bead, strip);
    fmt::format_to(std::back_inserter(d), "M{:.1f} {:.1f}L{:.1f} {:.1f}", p.x, p.y, q.x, q.y);
  }

  // The low-confidence stretches, the path and the findings' beads, in the main plot or the
  // strip.
  void write_paths(bool strip) {
    const auto& bs = beads();
    std::string low_d;
    for (const Bead& b : bs)
      if (low(b)) segment_path(low_d, b, strip);
    if (!low_d.empty()) putf("<path class=\"lowpath\" d=\"{}\"/>\n", low_d);
    std::string d;
    const Point start = begin_of(bs.front(), strip);
    fmt::format_to(std::back_inserter(d), "M{:.1f} {:.1f}", start.x, start.y);
    for (const Bead& b : bs) {
      const Point q = end_of(b, strip);
      fmt::format_to(std::back_inserter(d), "L{:.1f} {:.1f}", q.x, q.y);
    }
    putf("<path class=\"path\" d=\"{}\"/>\n", d);
    for (const FindingKind kind : kKinds) {
      std::string kd;
      for (std::size_t b = 0; b < bs.size(); ++b) {
        for (const RowFinding& rf : row_findings_[b]) {
          if (report_.findings[rf.finding].kind != kind) continue;
          segment_path(kd, bs[b], strip);
          break;
        }
      }
      if (!kd.empty()) putf("<path class=\"fpath k-{}\" d=\"{}\"/>\n", to_string(kind), kd);
    }
  }

  // The shape of a kind's marker, centred on p (colour is not the only signal).
  void put_shape(FindingKind kind, Point p, double r) {
    const std::string_view name = to_string(kind);
    switch (kind) {
      case FindingKind::kOmission:
        putf(
            "<rect class=\"fk k-{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
            "height=\"{:.1f}\"/>",
            name, p.x - r, p.y - r, 2 * r, 2 * r);
        break;
      case FindingKind::kAddition:
        putf(
            "<path class=\"fk k-{}\" d=\"M{:.1f} {:.1f}l{:.1f} {:.1f}l{:.1f} {:.1f}l{:.1f} "
            "{:.1f}z\"/>",
            name, p.x, p.y - 1.3 * r, 1.3 * r, 1.3 * r, -1.3 * r, 1.3 * r, -1.3 * r, -1.3 * r);
        break;
      case FindingKind::kUntranslated:
        putf("<path class=\"fk k-{}\" d=\"M{:.1f} {:.1f}l{:.1f} {:.1f}h{:.1f}z\"/>", name, p.x,
             p.y - 1.3 * r, 1.2 * r, 2.1 * r, -2.4 * r);
        break;
      case FindingKind::kDrift:
        putf("<circle class=\"fk k-{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\"/>", name, p.x, p.y,
             r);
        break;
      case FindingKind::kMismatch:
        putf("<path class=\"fk k-{}\" d=\"M{:.1f} {:.1f}l{:.1f} {:.1f}m0 {:.1f}l{:.1f} {:.1f}\"/>",
             name, p.x - r, p.y - r, 2 * r, 2 * r, -2 * r, -2 * r, 2 * r);
        break;
    }
  }

  void write_plot() {
    const auto& bs = beads();
    put("<figure class=\"plot\" aria-labelledby=\"plot-cap\">\n");
    put("<svg viewBox=\"0 0 340 424\" role=\"group\" aria-labelledby=\"plot-t\" "
        "aria-describedby=\"plot-d\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    put("<title id=\"plot-t\">Alignment path</title>\n<desc id=\"plot-d\">");
    putf(
        "Source position (x, characters) against target position (y). {} as points on the "
        "path, each a link to its row; the dashed line is the diagonal of a translation that "
        "follows the source evenly. Below, a strip shows the path's distance from that "
        "diagonal.",
        count_of(bs.size(), "bead", "beads"));
    put("</desc>\n");
    // Axes and the diagonal.
    putf("<path class=\"axis\" d=\"M{0} {1}V{2}H{3}\"/>\n", kPlotLeft, kPlotTop, kPlotBottom,
         kPlotRight);
    putf("<path class=\"ideal\" d=\"M{} {}L{} {}\"/>\n", kPlotLeft, kPlotBottom, kPlotRight,
         kPlotTop);
    putf("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">source ", (kPlotLeft + kPlotRight) / 2,
         kPlotBottom + 24);
    if (!report_.source.lang.empty()) {
      put("(");
      put_escaped(report_.source.lang);
      put(") ");
    }
    putf("\u2192 {} chars</text>\n", grouped(static_cast<std::size_t>(source_pos_.back())));
    putf("<text x=\"14\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {0})\">target ",
         (kPlotTop + kPlotBottom) / 2);
    if (!report_.target.lang.empty()) {
      put("(");
      put_escaped(report_.target.lang);
      put(") ");
    }
    putf("\u2192 {} chars</text>\n", grouped(static_cast<std::size_t>(target_pos_.back())));
    putf("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">0</text>\n", kPlotLeft - 6,
         kPlotBottom + 12);

    if (!bs.empty()) {
      write_paths(false);
      // One linked point per bead (sampled above kMaxPlotPoints).
      const std::size_t stride = bs.size() <= kMaxPlotPoints ? 1 : bs.size() / kMaxPlotPoints + 1;
      const double r = bs.size() <= 200 ? 2.2 : 1.4;
      for (std::size_t b = 0; b < bs.size(); ++b) {
        const bool flagged = low(bs[b]) || !row_findings_[b].empty();
        if (!flagged && b % stride != 0) continue;
        const Point q = end_of(bs[b]);
        putf(
            "<a href=\"#bead-{}\" tabindex=\"-1\"><circle class=\"pt{}\" cx=\"{:.1f}\" "
            "cy=\"{:.1f}\" r=\"{}\"><title>bead {}: confidence {:.2f}</title></circle></a>\n",
            b, low(bs[b]) ? " low" : "", q.x, q.y, r, b, bs[b].confidence);
      }
      // One marker per finding, on its first bead; these links are in the tab order.
      for (std::size_t f = 0; f < report_.findings.size(); ++f) {
        if (first_bead_[f] == kNone) continue;
        const Finding& finding = report_.findings[f];
        const Bead& b = bs[first_bead_[f]];
        const Point p = begin_of(b), q = end_of(b);
        putf("<a href=\"#bead-{}\" aria-label=\"{} at bead {}\">", first_bead_[f],
             to_string(finding.kind), first_bead_[f]);
        put_shape(finding.kind, {(p.x + q.x) / 2, (p.y + q.y) / 2}, 4.2);
        putf("<title>{} at bead {}: ", to_string(finding.kind), first_bead_[f]);
        put_escaped(finding.message);
        put("</title></a>\n");
      }
      // The strip: distance from the diagonal.
      putf("<path class=\"ideal\" d=\"M{0} {1}H{2}\"/>\n", kPlotLeft, kStripZero, kPlotRight);
      putf("<path class=\"axis\" d=\"M{0} {1}V{2}\"/>\n", kPlotLeft, kStripZero - kStripHalf,
           kStripZero + kStripHalf);
      putf("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">+{:.1f}%</text>\n", kPlotLeft - 3,
           kStripZero - kStripHalf + 8, deviation_scale_ * 100);
      putf("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">\u2212{:.1f}%</text>\n", kPlotLeft - 3,
           kStripZero + kStripHalf, deviation_scale_ * 100);
      putf(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">distance from the diagonal "
          "(target ahead \u2191, behind \u2193)</text>\n",
          (kPlotLeft + kPlotRight) / 2, kStripZero + kStripHalf + 16);
      write_paths(true);
    }
    put("</svg>\n");
    // The legend, in HTML so that it is read in order.
    put("<ul class=\"legend\" aria-label=\"Legend\">");
    put("<li><svg viewBox=\"0 0 12 12\" aria-hidden=\"true\"><path class=\"path\" "
        "d=\"M1 11L11 1\"/></svg>path</li>");
    put("<li><svg viewBox=\"0 0 12 12\" aria-hidden=\"true\"><path class=\"ideal\" "
        "d=\"M1 11L11 1\"/></svg>diagonal</li>");
    put("<li><svg viewBox=\"0 0 12 12\" aria-hidden=\"true\"><path class=\"lowpath\" "
        "d=\"M2 10L10 2\"/></svg>low confidence</li>");
    for (const FindingKind kind : kKinds) {
      put("<li><svg viewBox=\"0 0 12 12\" aria-hidden=\"true\">");
      put_shape(kind, {6, 6}, 3.6);
      putf("</svg>{}</li>", to_string(kind));
    }
    put("</ul>\n");
    put("<figcaption id=\"plot-cap\">The alignment path, source position (x) against target "
        "position (y): an omission is a horizontal step, an addition a vertical one. Below: "
        "its distance from the diagonal. Each point links to its row.</figcaption>\n");
    put("</figure>\n");
  }

  void write_toolbar() {
    put("<nav class=\"toolbar\" aria-label=\"Review tools\">\n");
    // Without JavaScript the filter works through :has(); it is hidden where neither is there.
    put("<label class=\"filter\"><input type=\"checkbox\" id=\"only-problems\">Show only beads "
        "with findings</label>\n");
    put("<button type=\"button\" class=\"js-only\" id=\"prev-finding\">\u2191 Previous "
        "finding</button>\n<button type=\"button\" class=\"js-only\" id=\"next-finding\">"
        "\u2193 Next finding</button>\n");
    put("<span class=\"keys js-only\">Keys: <kbd>n</kbd> or <kbd>j</kbd> next finding, "
        "<kbd>p</kbd> or <kbd>k</kbd> previous</span>\n");
    put("<span id=\"nav-status\" class=\"sr\" role=\"status\" aria-live=\"polite\"></span>\n");
    put("</nav>\n");
  }

  double row_height(std::size_t b) const {
    const Bead& bead = beads()[b];
    auto lines = [](const Document& doc, std::uint32_t begin, std::uint32_t end) {
      double n = 0;
      for (auto i = begin; i < end && i < doc.segments.size(); ++i)
        n += std::ceil((doc.segments[i].length + 5.0) / kTextCharsPerLine);
      return std::max(n, 1.0);
    };
    double notes = 0;
    for (const RowFinding& rf : row_findings_[b]) {
      notes +=
          rf.first
              ? 1 + std::ceil(static_cast<double>(report_.findings[rf.finding].message.size()) /
                              kNoteCharsPerLine)
              : 1;
    }
    const double n = std::max({lines(report_.source, bead.source_begin, bead.source_end),
                               lines(report_.target, bead.target_begin, bead.target_end), notes,
                               low(bead) ? 2.0 : 1.0});
    return n * kLinePx + kRowPaddingPx;
  }

  void write_beads() {
    const auto& bs = beads();
    put("<section id=\"beads\" aria-labelledby=\"beads-h\">\n");
    put("<h2 id=\"beads-h\" class=\"sr\">The texts side by side</h2>\n");
    if (bs.empty()) {
      put("<p class=\"empty\">Nothing to show: both texts are empty.</p>\n</section>\n");
      return;
    }
    for (std::size_t begin = 0; begin < bs.size(); begin += kChunkBeads) {
      const std::size_t end = std::min(bs.size(), begin + kChunkBeads);
      double height = begin == 0 ? kChunkHeadPx : kTableHeadPx;
      bool any = false;
      for (std::size_t b = begin; b < end; ++b) {
        height += row_height(b);
        any = any || !row_findings_[b].empty();
      }
      putf("<div class=\"chunk{}\" style=\"contain-intrinsic-block-size:auto {:.0f}px\">\n",
           any ? "" : " nof", height);
      // One visible caption; the tables after the first are visually one with it.
      if (begin == 0) {
        put("<table class=\"beads\">\n<caption>Source and target side by side, one row per bead");
        if (bs.size() > kChunkBeads) putf(" (beads 0\u2013{} in this table)", end - 1);
        put(" <span class=\"note\">(bead and segment numbers count from 0, as in the JSON "
            "report; under the bead number: its confidence; \u00b6 marks a new "
            "paragraph)</span></caption>\n");
      } else {
        putf("<table class=\"beads\">\n<caption class=\"sr\">Beads {}\u2013{} of {}</caption>\n",
             begin, end - 1, grouped(bs.size()));
      }
      put("<colgroup><col class=\"c-bead\"><col class=\"c-src\"><col class=\"c-tgt\">"
          "<col class=\"c-notes\"></colgroup>\n");
      put("<thead><tr><th scope=\"col\">Bead</th><th scope=\"col\">Source");
      write_lang_suffix(report_.source);
      put("</th><th scope=\"col\">Target");
      write_lang_suffix(report_.target);
      put("</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>\n");
      for (std::size_t b = begin; b < end; ++b) write_row(b);
      put("</tbody>\n</table>\n</div>\n");
    }
    put("</section>\n");
  }

  void write_lang_suffix(const Document& doc) {
    if (doc.lang.empty()) return;
    put(" \u00b7 ");
    put_escaped(doc.lang);
  }

  // One side of a bead: its segments, paragraph marks, the highlight of the strongest finding
  // that names this side.
  void write_cell(std::size_t b, bool source_side) {
    const Bead& bead = beads()[b];
    const Document& doc = source_side ? report_.source : report_.target;
    std::uint32_t begin = source_side ? bead.source_begin : bead.target_begin;
    std::uint32_t end = source_side ? bead.source_end : bead.target_end;
    end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(doc.segments.size()));
    begin = std::min(begin, end);
    const Finding* strongest = nullptr;
    for (const RowFinding& rf : row_findings_[b]) {
      if (source_side ? rf.source : rf.target) {
        strongest = &report_.findings[rf.finding];
        break;
      }
    }
    auto new_paragraph = [&](std::uint32_t i) {
      return i > 0 && doc.segments[i].paragraph != doc.segments[i - 1].paragraph;
    };
    const bool break_before = begin < end && new_paragraph(begin);
    putf("<td class=\"{}{}", source_side ? "src" : "tgt", break_before ? " pbr" : "");
    if (strongest != nullptr) putf(" hl k-{}", to_string(strongest->kind));
    put("\"");
    if (!doc.lang.empty()) {
      put(" lang=\"");
      put_escaped(doc.lang);
      put("\"");
    }
    put(" dir=\"auto\">");
    if (begin == end) {
      put(source_side ? "<span class=\"none\">no source text</span>"
                      : "<span class=\"none\">no target text</span>");
    }
    for (std::uint32_t i = begin; i < end; ++i) {
      // The strongest finding that names this very segment: its colour and marker.
      const Finding* named = nullptr;
      for (const RowFinding& rf : row_findings_[b]) {
        const Finding& f = report_.findings[rf.finding];
        const auto& list = source_side ? f.source : f.target;
        if (std::find(list.begin(), list.end(), i) != list.end()) {
          named = &f;
          break;
        }
      }
      if (named != nullptr) {
        putf("<span class=\"seg hl k-{}\">", to_string(named->kind));
      } else {
        put("<span class=\"seg\">");
      }
      if (new_paragraph(i)) {
        put("<span class=\"pb\" aria-hidden=\"true\">\u00b6</span><span class=\"sr\">New "
            "paragraph. </span>");
      }
      if (named != nullptr) {
        putf("<span class=\"mk\" aria-hidden=\"true\">{}</span><span class=\"sr\">({}) </span>",
             marker(named->kind), to_string(named->kind));
      }
      putf("<span class=\"sx\">{}</span>", i);
      const std::string_view text = text_of(doc, i);
      if (text.empty()) {
        put("<span class=\"empty\">(empty)</span>");
      } else {
        put_escaped(text);
      }
      put("</span>");
    }
    put("</td>");
  }

  void write_row(std::size_t b) {
    const Bead& bead = beads()[b];
    const auto& rfs = row_findings_[b];
    put("<tr id=\"bead-");
    putf("{}\"", b);
    std::string cls;
    if (!rfs.empty())
      cls += fmt::format("f k-{}", to_string(report_.findings[rfs[0].finding].kind));
    if (low(bead)) cls += cls.empty() ? "low" : " low";
    if (!cls.empty()) putf(" class=\"{}\"", cls);
    if (!rfs.empty()) put(" tabindex=\"-1\"");
    put(">");
    const double confidence = std::isfinite(bead.confidence) ? bead.confidence : 0.0;
    putf(
        "<th scope=\"row\"><a href=\"#bead-{0}\">{0}</a><span class=\"conf\">{1:.2f}{2}</span>"
        "</th>",
        b, confidence, low(bead) ? " ?" : "");
    write_cell(b, true);
    write_cell(b, false);
    put("<td class=\"notes\">");
    for (const RowFinding& rf : rfs) {
      const Finding& finding = report_.findings[rf.finding];
      const std::string_view kind = to_string(finding.kind);
      if (rf.first) {
        putf(
            "<div class=\"fd k-{0} sev-{1}\"><span class=\"mk\" aria-hidden=\"true\">{2}</span>"
            "<span class=\"kind\">{0}</span><span class=\"sev\">{1}</span>"
            "<span class=\"msg\">",
            kind, to_string(finding.severity), marker(finding.kind));
        put_escaped(finding.message);
        put("</span></div>");
      } else {
        putf(
            "<div class=\"fd cont k-{0}\"><span class=\"mk\" aria-hidden=\"true\">{1}</span>"
            "{0} continued from <a href=\"#bead-{2}\">bead {2}</a></div>",
            kind, marker(finding.kind), first_bead_[rf.finding]);
      }
    }
    if (low(bead)) {
      putf(
          "<div class=\"lowtag\"><span class=\"mk low\" aria-hidden=\"true\">?</span>low "
          "confidence ({:.2f}): the alignment of this bead is doubtful</div>",
          confidence);
    }
    put("</td></tr>\n");
  }

  void write_footer() {
    putf(
        "<footer>Made by tralign {} (sentence alignment after Gale &amp; Church, 1993). "
        "Confidence is the posterior probability of a bead; below {} it is marked low. "
        "This page loads nothing from the network.</footer>\n",
        version(), kLowConfidence);
    put("<script>");
    put(html_assets::kScript);
    put("</script>\n</body>\n</html>\n");
  }

  std::ostream& out_;
  const Report& report_;
  std::string buffer_;
  std::vector<std::vector<RowFinding>> row_findings_;  // per bead
  std::vector<std::uint32_t> first_bead_;              // per finding; kNone if it names none
  std::vector<double> source_pos_, target_pos_;        // cumulative lengths, size n + 1
  double deviation_scale_ = 0.01;                      // the strip's half height, a fraction
};

}  // namespace

void write_html(std::ostream& out, const Report& report) {
  report_util::validate_report(report);
  HtmlWriter(out, report).write();
}

}  // namespace tralign
