// The side-by-side view of `tralign diff` (write_text) and the terminal width of text.
//
// Layout of a row, for a width W and d digits of segment numbers:
//   NNN source text (column of cs)   M NNN target text (column of ct)
// with cs + ct = W - 2d - 5. Segment numbers are 1-based (segment index + 1). Each segment starts
// a row with its number and wraps within its column; the two sides of a bead start on the same
// row, so a bead takes as many rows as its taller side. M is the bead's marker: `<` omitted
// source, `>` added target, `!` any other finding, blank for none. The messages of the findings
// follow the last bead each one is about. A blank row stands where either side starts a new
// paragraph.
#include <fmt/format.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_util.h"
#include "report_width.h"
#include "utf8.h"
#include "tralign/error.h"
#include "tralign/report.h"

namespace tralign {

namespace report_util {

int code_point_width(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;  // C0, DEL, C1 controls
  if (cp < 0x7F) return 1;
  if (cp == 0xAD) return 1;                    // soft hyphen: terminals show it
  if (cp >= 0x1160 && cp <= 0x11FF) return 0;  // Hangul medial vowels, final consonants
  const auto c = static_cast<UChar32>(cp);
  if ((U_GET_GC_MASK(c) & (U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK)) != 0) return 0;
  const int east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t len = 1;
  for (std::size_t i = 0; i < text.size(); i += len) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      len = 1;
      ++width;
      continue;
    }
    width += static_cast<std::size_t>(code_point_width(decode_lenient(text, i, len)));
  }
  return width;
}

std::vector<std::string_view> wrap(std::string_view text, std::size_t columns) {
  constexpr std::size_t kNoBreak = std::string_view::npos;
  columns = std::max<std::size_t>(columns, 1);
  std::vector<std::string_view> lines;
  std::size_t start = 0;             // first byte of the current line
  std::size_t width = 0;             // columns of text[start, i)
  std::size_t break_end = kNoBreak;  // the last place the line may end ...
  std::size_t break_next = 0;        // ... and where the next line then starts
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len;
    const char32_t cp = decode_lenient(text, i, len);
    const auto w = static_cast<std::size_t>(code_point_width(cp));
    if (cp == ' ') {
      if (i == start) {  // no line starts with a space
        start = i = i + len;
        continue;
      }
      if (break_next != i) break_end = i;  // the first space of a run ends the line
      break_next = i + len;
    } else if (w == 0 && break_end == i) {  // a mark stays with its base
      break_end = break_next = i + len;
    } else if (w == 2 && i > start && break_next != i) {  // a line may end before a wide
      break_end = break_next = i;                         // character (after a space: there)
    }
    if (cp != ' ' && w > 0 && width + w > columns && width > 0) {
      if (break_end != kNoBreak && break_end > start) {
        lines.push_back(text.substr(start, break_end - start));
        start = break_next;
        while (start < i && text[start] == ' ') ++start;
      } else {  // a word wider than the column: cut it
        lines.push_back(text.substr(start, i - start));
        start = i;
      }
      width = display_width(text.substr(start, i - start));
      break_end = kNoBreak;
      continue;  // the same character again, on the new line
    }
    width += w;
    i += len;
    if (w == 2) break_end = break_next = i;  // ... and after one
  }
  std::size_t end = text.size();
  while (end > start && text[end - 1] == ' ') --end;
  if (end > start) lines.push_back(text.substr(start, end - start));
  return lines;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t len = 1;
  for (std::size_t i = 0; i < text.size(); i += len) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      len = 1;
      out += static_cast<char>(c);
      continue;
    }
    len = utf8::flat_break_length(text, i, utf8::Flatten::kTabsAndBreaks);
    if (len > 0) {
      out += ' ';
      continue;
    }
    const char32_t cp = decode_lenient(text, i, len);
    if (cp < 0x20) {
      utf8::append(out, 0x2400 + cp);  // Control Pictures: ␀ .. ␟
    } else if (cp == 0x7F) {
      utf8::append(out, 0x2421);  // ␡
    } else if (cp >= 0x80 && cp < 0xA0) {
      utf8::append(out, kReplacement);
    } else {
      out.append(text.data() + i, len);  // U+FFFD for invalid UTF-8 too (decode gives it)
      if (cp == kReplacement && len == 1) out.replace(out.size() - 1, 1, "\xEF\xBF\xBD");
    }
  }
  return out;
}

}  // namespace report_util

void TextViewOptions::validate() const {
  if (width < 1)
    throw OptionsError(fmt::format("TextViewOptions.width must be at least 1, got {}", width));
  if (context < 0) {
    throw OptionsError(fmt::format("TextViewOptions.context must be at least 0, got {}", context));
  }
}

namespace {

using report_util::display_width;
using report_util::terminal_safe;
using report_util::wrap;

// Narrower widths are laid out as this many columns (and so overflow).
constexpr std::size_t kMinWidth = 24;
// The narrowest text column.
constexpr std::size_t kMinColumn = 4;

enum class Style { kPlain, kDim, kBold, kRed, kGreen, kYellow };

std::string_view sgr(Style style) {
  switch (style) {
    case Style::kPlain:
      return "";
    case Style::kDim:
      return "\x1b[2m";
    case Style::kBold:
      return "\x1b[1m";
    case Style::kRed:
      return "\x1b[31m";
    case Style::kGreen:
      return "\x1b[32m";
    case Style::kYellow:
      return "\x1b[33m";
  }
  return "";
}

// The marker of a finding's kind and its colour.
char marker_of(FindingKind kind) {
  return kind == FindingKind::kOmission ? '<' : kind == FindingKind::kAddition ? '>' : '!';
}
Style style_of(char marker) {
  return marker == '<' ? Style::kRed : marker == '>' ? Style::kGreen : Style::kYellow;
}

// One output line as styled pieces; written without trailing spaces, with ANSI colours only
// around non-blank styled pieces (so the text without colours is the same either way).
class Line {
 public:
  void add(std::string_view text, Style style = Style::kPlain) {
    if (!text.empty()) pieces_.emplace_back(std::string(text), style);
  }
  void pad(std::size_t columns) {
    if (columns > 0) pieces_.emplace_back(std::string(columns, ' '), Style::kPlain);
  }

  void write(std::string& out, bool color) {
    while (!pieces_.empty()) {  // drop trailing blanks
      std::string& last = pieces_.back().first;
      const std::size_t end = last.find_last_not_of(' ');
      if (end != std::string::npos) {
        last.resize(end + 1);
        break;
      }
      pieces_.pop_back();
    }
    for (const auto& [text, style] : pieces_) {
      const bool styled =
          color && style != Style::kPlain && text.find_first_not_of(' ') != std::string::npos;
      if (styled) out += sgr(style);
      out += text;
      if (styled) out += "\x1b[0m";
    }
    out += '\n';
    pieces_.clear();
  }

 private:
  std::vector<std::pair<std::string, Style>> pieces_;
};

// `text` padded with spaces to `columns` columns on the left.
std::string right_aligned(const std::string& text, std::size_t columns) {
  const std::size_t width = display_width(text);
  return width >= columns ? text : std::string(columns - width, ' ') + text;
}

std::size_t digits(std::size_t n) {
  std::size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

class TextView {
 public:
  TextView(const Report& report, const TextViewOptions& options)
      : report_(report), options_(options), index_(report) {
    const std::size_t n = report.source.segments.size();
    const std::size_t m = report.target.segments.size();
    digits_ = digits(std::max(n, m));
    width_ = std::max(static_cast<std::size_t>(options.width), kMinWidth);
    const std::size_t fixed = 2 * digits_ + 5;  // numbers, their spaces, the marker and its spaces
    const std::size_t columns = width_ > fixed + 2 * kMinColumn ? width_ - fixed : 2 * kMinColumn;
    source_columns_ = columns / 2;
    target_columns_ = columns - source_columns_;

    const auto& beads = report.alignment.beads;
    markers_.assign(beads.size(), ' ');
    messages_.resize(beads.size());
    for (std::size_t f = 0; f < report.findings.size(); ++f) {
      const Finding& finding = report.findings[f];
      const std::vector<std::size_t> held = index_.beads_of(finding);
      if (held.empty()) {
        loose_.push_back(f);
        continue;
      }
      for (const std::size_t k : held) markers_[k] = stronger(markers_[k], marker_of(finding.kind));
      messages_[held.back()].push_back(f);
    }
  }

  void write(std::ostream& out) {
    report_util::Buffer buffer(out);
    std::string& text = buffer.text;
    write_header(text);
    const auto& beads = report_.alignment.beads;
    const std::size_t context = static_cast<std::size_t>(options_.context);
    std::size_t next = 0;  // the first bead not yet written
    std::size_t k = 0;
    while (k < beads.size()) {
      // The next stretch to write: everything, or the beads with findings and their context.
      std::size_t first = k;
      std::size_t last = beads.size() - 1;
      if (options_.only_problems) {
        std::size_t problem = k;
        while (problem < beads.size() && markers_[problem] == ' ') ++problem;
        if (problem == beads.size()) break;
        first = problem > k + context ? problem - context : k;
        last = problem;
        for (std::size_t j = problem + 1; j < beads.size() && j <= last + 2 * context + 1; ++j)
          if (markers_[j] != ' ') last = j;
        last = std::min(last + context, beads.size() - 1);
      }
      if (first > next) write_gap(text);
      for (std::size_t j = first; j <= last; ++j) {
        write_bead(text, j, j > first);
        buffer.maybe_flush();
      }
      next = k = last + 1;
    }
    if (next < beads.size()) write_gap(text);
    for (const std::size_t f : loose_) write_message(text, report_.findings[f]);
    write_summary(text);
    buffer.flush();
  }

 private:
  // '<' over '>' over '!' over ' '.
  static char stronger(char a, char b) {
    for (const char c : {'<', '>', '!'})
      if (a == c || b == c) return c;
    return ' ';
  }

  std::string label(const Document& document, const std::string& path,
                    std::string_view fallback) const {
    std::string text = path.empty() ? std::string(fallback) : path;
    if (!document.lang.empty()) text += " (" + document.lang + ")";
    return terminal_safe(text);
  }

  void write_header(std::string& out) {
    const std::string source = label(report_.source, report_.source_path, "source");
    const std::string target = label(report_.target, report_.target_path, "target");
    write_rows(out, {{"", source}}, {{"", target}}, ' ', Style::kBold, Style::kBold);
  }

  // One bead: its rows, then the messages of the findings that end in it.
  void write_bead(std::string& out, std::size_t k, bool may_break_paragraph) {
    const Bead& bead = report_.alignment.beads[k];
    if (may_break_paragraph && starts_paragraph(bead)) out += '\n';
    const char marker = markers_[k];
    std::vector<std::pair<std::string, std::string>> source;
    std::vector<std::pair<std::string, std::string>> target;
    for (auto i = bead.source_begin; i < bead.source_end; ++i)
      source.emplace_back(std::to_string(i + 1), segment_text(report_.source, i));
    for (auto j = bead.target_begin; j < bead.target_end; ++j)
      target.emplace_back(std::to_string(j + 1), segment_text(report_.target, j));
    write_rows(out, source, target, marker, marker == '<' ? Style::kRed : Style::kPlain,
               marker == '>' ? Style::kGreen : Style::kPlain);
    for (const std::size_t f : messages_[k]) write_message(out, report_.findings[f]);
    last_source_ = bead.source_end > bead.source_begin ? bead.source_end : last_source_;
    last_target_ = bead.target_end > bead.target_begin ? bead.target_end : last_target_;
  }

  // True when a side of the bead starts a paragraph after the last segment written on it.
  bool starts_paragraph(const Bead& bead) const {
    const auto& s = report_.source.segments;
    const auto& t = report_.target.segments;
    const bool source = bead.source_end > bead.source_begin && last_source_ > 0 &&
                        s[bead.source_begin].paragraph != s[last_source_ - 1].paragraph;
    const bool target = bead.target_end > bead.target_begin && last_target_ > 0 &&
                        t[bead.target_begin].paragraph != t[last_target_ - 1].paragraph;
    return source || target;
  }

  static std::string segment_text(const Document& document, std::uint32_t k) {
    const Segment& s = document.segments[k];
    return terminal_safe(document.text.substr(s.begin, s.end - s.begin));
  }

  // Rows of (number, text) pieces for one side, each text wrapped to `columns`.
  static std::vector<std::pair<std::string, std::string_view>> layout(
      const std::vector<std::pair<std::string, std::string>>& items, std::size_t columns) {
    std::vector<std::pair<std::string, std::string_view>> rows;
    for (const auto& [number, text] : items) {
      const std::vector<std::string_view> pieces = wrap(text, columns);
      if (pieces.empty()) rows.emplace_back(number, std::string_view());
      for (std::size_t p = 0; p < pieces.size(); ++p)
        rows.emplace_back(p == 0 ? number : std::string(), pieces[p]);
    }
    return rows;
  }

  void write_rows(std::string& out, const std::vector<std::pair<std::string, std::string>>& source,
                  const std::vector<std::pair<std::string, std::string>>& target, char marker,
                  Style source_style, Style target_style) {
    const auto left = layout(source, source_columns_);
    const auto right = layout(target, target_columns_);
    const std::string marker_text(1, marker);
    for (std::size_t r = 0; r < std::max(left.size(), right.size()); ++r) {
      Line line;
      if (r < left.size()) {
        line.add(right_aligned(left[r].first, digits_), Style::kDim);
        line.pad(1);
        line.add(left[r].second, source_style);
        line.pad(source_columns_ - std::min(source_columns_, display_width(left[r].second)) + 1);
      } else {
        line.pad(digits_ + 1 + source_columns_ + 1);
      }
      line.add(marker_text, style_of(marker));
      line.pad(1);
      if (r < right.size()) {
        line.add(right_aligned(right[r].first, digits_), Style::kDim);
        line.pad(1);
        line.add(right[r].second, target_style);
      }
      line.write(out, options_.color);
    }
  }

  // "  < error omission: the message", wrapped under the text column, the label coloured.
  void write_message(std::string& out, const Finding& finding) {
    const char marker = marker_of(finding.kind);
    const std::string label =
        fmt::format("{} {}", to_string(finding.severity), to_string(finding.kind));
    const std::string text = terminal_safe(label + ": " + finding.message);
    const std::size_t indent = digits_ + 1;
    const std::size_t columns = width_ > indent + 2 + kMinColumn ? width_ - indent - 2 : kMinColumn;
    const Style style = style_of(marker);
    bool first = true;
    for (const std::string_view piece : wrap(text, columns)) {
      Line line;
      line.pad(indent);
      if (first) {
        line.add(std::string(1, marker), style);
        line.pad(1);
      } else {
        line.pad(2);
      }
      // The part of the piece inside the label is coloured.
      const auto offset = static_cast<std::size_t>(piece.data() - text.data());
      const std::size_t in_label =
          offset < label.size() ? std::min(piece.size(), label.size() - offset) : 0;
      line.add(piece.substr(0, in_label), style);
      line.add(piece.substr(in_label));
      line.write(out, options_.color);
      first = false;
    }
  }

  void write_gap(std::string& out) {
    Line line;
    line.add("...", Style::kDim);
    line.write(out, options_.color);
  }

  // "12 beads, 10 source and 11 target segments (numbered from 1); 2 findings: 1 omission,
  // 1 addition (1 error, 1 warning)"
  void write_summary(std::string& out) {
    std::string text = fmt::format("{}, {} source and {} target segments (numbered from 1); ",
                                   plural(report_.alignment.beads.size(), "bead"),
                                   report_.source.segments.size(), report_.target.segments.size());
    std::map<FindingKind, std::size_t> kinds;
    std::array<std::size_t, 3> severities{};
    for (const Finding& f : report_.findings) {
      ++kinds[f.kind];
      ++severities[static_cast<std::size_t>(f.severity)];
    }
    if (report_.findings.empty()) {
      text += "no findings";
    } else {
      text += plural(report_.findings.size(), "finding") + ":";
      const char* separator = " ";
      for (const auto& [kind, count] : kinds) {
        text += fmt::format("{}{} {}", separator, count, to_string(kind));
        separator = ", ";
      }
      separator = " (";
      for (const Severity s : {Severity::kError, Severity::kWarning, Severity::kInfo}) {
        const std::size_t count = severities[static_cast<std::size_t>(s)];
        if (count == 0) continue;
        text += fmt::format("{}{} {}", separator, count, to_string(s));
        separator = ", ";
      }
      text += ")";
    }
    Style style = Style::kPlain;
    if (!report_.findings.empty() && report_.max_severity() == Severity::kError) {
      style = Style::kRed;
    } else if (!report_.findings.empty() && report_.max_severity() == Severity::kWarning) {
      style = Style::kYellow;
    }
    out += '\n';
    for (const std::string_view piece : wrap(text, width_)) {
      Line line;
      line.add(piece, style);
      line.write(out, options_.color);
    }
  }

  const Report& report_;
  const TextViewOptions& options_;
  const report_util::BeadIndex index_;
  std::size_t digits_ = 1;
  std::size_t width_ = 0;
  std::size_t source_columns_ = 0;
  std::size_t target_columns_ = 0;
  std::vector<char> markers_;                       // per bead
  std::vector<std::vector<std::size_t>> messages_;  // per bead: findings that end in it
  std::vector<std::size_t> loose_;                  // findings in no bead
  std::uint32_t last_source_ = 0;                   // one past the last segment written
  std::uint32_t last_target_ = 0;
};

}  // namespace

void write_text(std::ostream& out, const Report& report, const TextViewOptions& options) {
  options.validate();
  report_util::validate_report(report);
  TextView(report, options).write(out);
}

}  // namespace tralign
