// The report's machine formats: beads, TSV, the JSON report, TMX 1.4b and XLIFF 1.2. The
// side-by-side text view is in report_text.cc, the HTML report in report_html.cc.
//
// Every writer builds its output in a buffer flushed to the stream every 64 KiB (fmt for the
// numbers), so a report of millions of segments is written in time linear in its size.
#include "tralign/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report_util.h"
#include "report_width.h"
#include "tralign/error.h"
#include "tralign/version.h"

namespace tralign {

namespace report_util {

std::string format_confidence(double confidence) {
  if (!(confidence > 0.0)) return "0";  // also NaN
  if (confidence >= 1.0) return "1";
  std::string text = fmt::format("{:.4f}", confidence);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

bool joins_without_space(std::string_view lang) {
  const std::size_t dash = lang.find_first_of("-_");
  std::string primary(lang.substr(0, dash));
  for (char& c : primary) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return primary == "zh" || primary == "ja" || primary == "yue";
}

void validate_report(const Report& report) {
  for (const Document* document : {&report.source, &report.target}) {
    const char* side = document == &report.source ? "source" : "target";
    for (std::size_t k = 0; k < document->segments.size(); ++k) {
      const Segment& s = document->segments[k];
      if (s.begin > s.end || s.end > document->text.size()) {
        throw InputError(
            fmt::format("report: {} segment {} lies outside its text (bytes {}-{} of {})", side, k,
                        s.begin, s.end, document->text.size()));
      }
    }
  }
  const std::size_t n = report.source.segments.size();
  const std::size_t m = report.target.segments.size();
  for (std::size_t k = 0; k < report.alignment.beads.size(); ++k) {
    const Bead& b = report.alignment.beads[k];
    if (b.source_begin > b.source_end || b.source_end > n || b.target_begin > b.target_end ||
        b.target_end > m) {
      throw InputError(fmt::format(
          "report: bead {} ([{}, {}) : [{}, {})) names segments that do not exist ({} source, {} "
          "target)",
          k, b.source_begin, b.source_end, b.target_begin, b.target_end, n, m));
    }
  }
  for (std::size_t k = 0; k < report.findings.size(); ++k) {
    const Finding& f = report.findings[k];
    const bool bad =
        std::any_of(f.source.begin(), f.source.end(), [&](std::uint32_t i) { return i >= n; }) ||
        std::any_of(f.target.begin(), f.target.end(), [&](std::uint32_t j) { return j >= m; });
    if (bad) {
      throw InputError(fmt::format(
          "report: finding {} ({}) names segments that do not exist ({} source, {} target)", k,
          to_string(f.kind), n, m));
    }
  }
}

BeadIndex::BeadIndex(const Report& report)
    : source_bead_(report.source.segments.size(), kNone),
      target_bead_(report.target.segments.size(), kNone) {
  const auto& beads = report.alignment.beads;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    for (auto i = beads[k].source_begin; i < beads[k].source_end && i < source_bead_.size(); ++i)
      source_bead_[i] = k;
    for (auto j = beads[k].target_begin; j < beads[k].target_end && j < target_bead_.size(); ++j)
      target_bead_[j] = k;
  }
}

std::vector<std::size_t> BeadIndex::beads_of(const Finding& finding) const {
  std::vector<std::size_t> beads;
  for (const std::uint32_t i : finding.source)
    if (i < source_bead_.size() && source_bead_[i] != kNone) beads.push_back(source_bead_[i]);
  for (const std::uint32_t j : finding.target)
    if (j < target_bead_.size() && target_bead_[j] != kNone) beads.push_back(target_bead_[j]);
  std::sort(beads.begin(), beads.end());
  beads.erase(std::unique(beads.begin(), beads.end()), beads.end());
  return beads;
}

std::string bead_type(const Bead& bead) {
  return fmt::format("{}-{}", bead.source_count(), bead.target_count());
}

}  // namespace report_util

namespace {

using report_util::append_flat;
using report_util::append_json_string;
using report_util::append_xml;
using report_util::Buffer;
using report_util::format_confidence;

std::string_view segment_text(const Document& document, std::uint32_t k) {
  const Segment& s = document.segments[k];
  return document.text.substr(s.begin, s.end - s.begin);
}

// The first and last code point of `text` (non-empty).
char32_t first_code_point(std::string_view text) {
  std::size_t len;
  return report_util::decode_lenient(text, 0, len);
}
char32_t last_code_point(std::string_view text) {
  std::size_t k = text.size() - 1;
  for (int n = 0; n < 3 && k > 0 && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80; ++n) --k;
  std::size_t len;
  const char32_t cp = report_util::decode_lenient(text, k, len);
  return k + len == text.size() ? cp : report_util::kReplacement;
}

// The segments [begin, end) of one side of a bead as one line of the pair outputs: joined with
// a space, or with nothing between two wide characters in Chinese and Japanese (so
// "你好。" + "再见。" is "你好。再见。" but "OK." + "Bye." stays "OK. Bye."); empty segments
// are skipped; tabs and line breaks become spaces. Into `out`, whose room is kept (no
// allocation per bead when it is reused).
void side_text(const Document& document, std::uint32_t begin, std::uint32_t end, std::string& out) {
  const bool tight = report_util::joins_without_space(document.lang);
  out.clear();
  for (std::uint32_t k = begin; k < end; ++k) {
    const std::string_view piece = segment_text(document, k);
    if (piece.empty()) continue;
    if (!out.empty()) {
      const bool wide = report_util::code_point_width(last_code_point(out)) == 2 ||
                        report_util::code_point_width(first_code_point(piece)) == 2;
      if (!tight || !wide) out += ' ';
    }
    append_flat(out, piece);
  }
}

// A BCP 47 tag for xml:lang and the TMX/XLIFF language attributes ("und" when unknown).
std::string_view xml_lang(const Document& document) {
  return document.lang.empty() ? std::string_view("und") : std::string_view(document.lang);
}

// The bead's two sides as pair-output lines, or false when it is not written (one side empty
// or blank, or a confidence below the threshold).
bool pair_of(const Report& report, const Bead& bead, const WriteOptions& options,
             std::string& source, std::string& target) {
  if (bead.source_count() == 0 || bead.target_count() == 0) return false;
  if (!(bead.confidence >= options.min_confidence)) return false;
  side_text(report.source, bead.source_begin, bead.source_end, source);
  side_text(report.target, bead.target_begin, bead.target_end, target);
  return !source.empty() && !target.empty();
}

void append_indexes(std::string& out, std::uint32_t begin, std::uint32_t end,
                    std::string_view separator) {
  out += '[';
  for (std::uint32_t k = begin; k < end; ++k) {
    if (k > begin) out += separator;
    fmt::format_to(std::back_inserter(out), "{}", k);
  }
  out += ']';
}

void append_indexes(std::string& out, const std::vector<std::uint32_t>& indexes,
                    std::string_view separator) {
  out += '[';
  for (std::size_t k = 0; k < indexes.size(); ++k) {
    if (k > 0) out += separator;
    fmt::format_to(std::back_inserter(out), "{}", indexes[k]);
  }
  out += ']';
}

// One side of the JSON report.
void append_json_document(Buffer& buffer, const Document& document, std::string_view path,
                          bool compact) {
  std::string& out = buffer.text;
  const std::string_view comma = compact ? "," : ", ";
  const std::string_view colon = compact ? ":" : ": ";
  out += '{';
  out += compact ? "" : "\n    ";
  out += "\"path\"";
  out += colon;
  append_json_string(out, path);
  out += compact ? "," : ",\n    ";
  out += "\"lang\"";
  out += colon;
  append_json_string(out, document.lang);
  out += compact ? "," : ",\n    ";
  out += "\"segments\"";
  out += colon;
  out += '[';
  for (std::uint32_t k = 0; k < document.segments.size(); ++k) {
    const Segment& s = document.segments[k];
    if (k > 0) out += ',';
    out += compact ? "" : "\n      ";
    fmt::format_to(std::back_inserter(out), "{{\"index\"{}{}{}\"text\"{}", colon, k, comma, colon);
    append_json_string(out, segment_text(document, k));
    fmt::format_to(std::back_inserter(out), "{}\"begin\"{}{}{}\"end\"{}{}{}\"paragraph\"{}{}}}",
                   comma, colon, s.begin, comma, colon, s.end, comma, colon, s.paragraph);
    buffer.maybe_flush();
  }
  if (!compact && !document.segments.empty()) out += "\n    ";
  out += ']';
  out += compact ? "}" : "\n  }";
}

}  // namespace

Severity Report::max_severity() const {
  Severity worst = Severity::kInfo;
  for (const Finding& f : findings) worst = std::max(worst, f.severity);
  return worst;
}

void WriteOptions::validate() const {
  if (!(min_confidence >= 0.0 && min_confidence <= 1.0)) {
    throw OptionsError(
        fmt::format("WriteOptions.min_confidence must be in [0, 1], got {}", min_confidence));
  }
}

void write_beads(std::ostream& out, const Report& report) {
  report_util::validate_report(report);
  Buffer buffer(out);
  std::string& text = buffer.text;
  for (const Bead& bead : report.alignment.beads) {
    append_indexes(text, bead.source_begin, bead.source_end, ", ");
    text += ':';
    append_indexes(text, bead.target_begin, bead.target_end, ", ");
    text += ':';
    text += format_confidence(bead.confidence);
    text += '\n';
    buffer.maybe_flush();
  }
  buffer.flush();
}

void write_tsv(std::ostream& out, const Report& report, const WriteOptions& options) {
  options.validate();
  report_util::validate_report(report);
  Buffer buffer(out);
  std::string source;
  std::string target;
  for (const Bead& bead : report.alignment.beads) {
    if (!pair_of(report, bead, options, source, target)) continue;
    buffer.text += source;
    buffer.text += '\t';
    buffer.text += target;
    buffer.text += '\n';
    buffer.maybe_flush();
  }
  buffer.flush();
}

void write_json(std::ostream& out, const Report& report, const WriteOptions& options) {
  options.validate();
  report_util::validate_report(report);
  const bool compact = options.compact;
  const std::string_view comma = compact ? "," : ", ";
  const std::string_view colon = compact ? ":" : ": ";
  const std::string_view member = compact ? "," : ",\n  ";  // between top-level members
  const std::string_view item = compact ? "" : "\n    ";    // before an array item
  Buffer buffer(out);
  std::string& text = buffer.text;

  text += compact ? "{\"version\":1" : "{\n  \"version\": 1";
  text += member;
  fmt::format_to(std::back_inserter(text), "\"source\"{}", colon);
  append_json_document(buffer, report.source, report.source_path, compact);
  text += member;
  fmt::format_to(std::back_inserter(text), "\"target\"{}", colon);
  append_json_document(buffer, report.target, report.target_path, compact);

  text += member;
  fmt::format_to(std::back_inserter(text), "\"beads\"{}[", colon);
  const auto& beads = report.alignment.beads;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    const Bead& b = beads[k];
    if (k > 0) text += ',';
    text += item;
    fmt::format_to(std::back_inserter(text), "{{\"source\"{}", colon);
    append_indexes(text, b.source_begin, b.source_end, comma);
    fmt::format_to(std::back_inserter(text), "{}\"target\"{}", comma, colon);
    append_indexes(text, b.target_begin, b.target_end, comma);
    fmt::format_to(std::back_inserter(text), "{}\"confidence\"{}{}}}", comma, colon,
                   format_confidence(b.confidence));
    buffer.maybe_flush();
  }
  if (!compact && !beads.empty()) text += "\n  ";
  text += ']';

  text += member;
  fmt::format_to(std::back_inserter(text), "\"findings\"{}[", colon);
  for (std::size_t k = 0; k < report.findings.size(); ++k) {
    const Finding& f = report.findings[k];
    if (k > 0) text += ',';
    text += item;
    fmt::format_to(std::back_inserter(text), "{{\"kind\"{}\"{}\"{}\"severity\"{}\"{}\"{}\"code\"{}",
                   colon, to_string(f.kind), comma, colon, to_string(f.severity), comma, colon);
    append_json_string(text, f.code);
    fmt::format_to(std::back_inserter(text), "{}\"source\"{}", comma, colon);
    append_indexes(text, f.source, comma);
    fmt::format_to(std::back_inserter(text), "{}\"target\"{}", comma, colon);
    append_indexes(text, f.target, comma);
    fmt::format_to(std::back_inserter(text), "{}\"message\"{}", comma, colon);
    append_json_string(text, f.message);
    fmt::format_to(std::back_inserter(text),
                   "{0}\"confidence\"{1}{2}{0}\"source_begin\"{1}{3}{0}\"source_end\"{1}{4}"
                   "{0}\"target_begin\"{1}{5}{0}\"target_end\"{1}{6}}}",
                   comma, colon, format_confidence(f.confidence), f.source_begin, f.source_end,
                   f.target_begin, f.target_end);
    buffer.maybe_flush();
  }
  if (!compact && !report.findings.empty()) text += "\n  ";
  text += ']';
  text += compact ? "}\n" : "\n}\n";
  buffer.flush();
}

void write_tmx(std::ostream& out, const Report& report, const WriteOptions& options) {
  options.validate();
  report_util::validate_report(report);
  Buffer buffer(out);
  std::string& text = buffer.text;
  const std::string_view source_lang = xml_lang(report.source);
  const std::string_view target_lang = xml_lang(report.target);
  text +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
      "<tmx version=\"1.4\">\n"
      "  <header creationtool=\"tralign\" creationtoolversion=\"";
  append_xml(text, version(), true);
  text += "\" segtype=\"sentence\" o-tmf=\"tralign\" adminlang=\"en\" srclang=\"";
  append_xml(text, source_lang, true);
  text += "\" datatype=\"plaintext\"/>\n  <body>\n";
  std::string source;
  std::string target;
  const auto& beads = report.alignment.beads;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    const Bead& bead = beads[k];
    if (!pair_of(report, bead, options, source, target)) continue;
    fmt::format_to(std::back_inserter(text),
                   "    <tu tuid=\"{}\">\n"
                   "      <prop type=\"x-bead\">{}</prop>\n"
                   "      <prop type=\"x-confidence\">{}</prop>\n"
                   "      <tuv xml:lang=\"",
                   k, report_util::bead_type(bead), format_confidence(bead.confidence));
    append_xml(text, source_lang, true);
    text += "\"><seg>";
    append_xml(text, source);
    text += "</seg></tuv>\n      <tuv xml:lang=\"";
    append_xml(text, target_lang, true);
    text += "\"><seg>";
    append_xml(text, target);
    text += "</seg></tuv>\n    </tu>\n";
    buffer.maybe_flush();
  }
  text += "  </body>\n</tmx>\n";
  buffer.flush();
}

namespace {

// A finding as the text of an XLIFF note: "warning drift (drift.short): the message".
void append_note(std::string& out, const Finding& f, std::string_view indent) {
  // Priority 1 is the highest in XLIFF 1.2.
  const int priority = f.severity == Severity::kError     ? 1
                       : f.severity == Severity::kWarning ? 2
                                                          : 3;
  const std::string_view annotates = f.target.empty()   ? "source"
                                     : f.source.empty() ? "target"
                                                        : "general";
  fmt::format_to(std::back_inserter(out),
                 "{}<note from=\"tralign\" priority=\"{}\" annotates=\"{}\">", indent, priority,
                 annotates);
  std::string note = fmt::format("{} {}", to_string(f.severity), to_string(f.kind));
  if (!f.code.empty()) note += fmt::format(" ({})", f.code);
  note += ": ";
  note += f.message;
  std::string flat;
  append_flat(flat, note);
  append_xml(out, flat);
  out += "</note>\n";
}

}  // namespace

void write_xliff(std::ostream& out, const Report& report, const WriteOptions& options) {
  options.validate();
  report_util::validate_report(report);
  const auto& beads = report.alignment.beads;

  // Which trans-unit holds each finding: every written bead that holds one of its segments;
  // a finding in no written bead (an omission's 1-0 bead, say) is a note of the file header.
  std::vector<std::string> sides(2 * beads.size());
  std::vector<bool> written(beads.size(), false);
  for (std::size_t k = 0; k < beads.size(); ++k)
    written[k] = pair_of(report, beads[k], options, sides[2 * k], sides[2 * k + 1]);
  const report_util::BeadIndex index(report);
  std::vector<std::vector<std::size_t>> notes(beads.size());
  std::vector<std::size_t> header_notes;
  for (std::size_t f = 0; f < report.findings.size(); ++f) {
    bool placed = false;
    for (const std::size_t k : index.beads_of(report.findings[f])) {
      if (!written[k]) continue;
      notes[k].push_back(f);
      placed = true;
    }
    if (!placed) header_notes.push_back(f);
  }

  Buffer buffer(out);
  std::string& text = buffer.text;
  const std::string_view source_lang = xml_lang(report.source);
  const std::string_view target_lang = xml_lang(report.target);
  text +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
      "  <file original=\"";
  append_xml(text,
             report.source_path.empty() ? std::string_view("source")
                                        : std::string_view(report.source_path),
             true);
  text += "\" source-language=\"";
  append_xml(text, source_lang, true);
  text += "\" target-language=\"";
  append_xml(text, target_lang, true);
  text +=
      "\" datatype=\"plaintext\" tool-id=\"tralign\">\n"
      "    <header>\n"
      "      <tool tool-id=\"tralign\" tool-name=\"tralign\" tool-version=\"";
  append_xml(text, version(), true);
  text += "\"/>\n";
  for (const std::size_t f : header_notes) append_note(text, report.findings[f], "      ");
  text += "    </header>\n    <body>\n";
  for (std::size_t k = 0; k < beads.size(); ++k) {
    if (!written[k]) continue;
    const Bead& bead = beads[k];
    fmt::format_to(std::back_inserter(text),
                   "      <trans-unit id=\"{}\">\n        <source xml:lang=\"", k);
    append_xml(text, source_lang, true);
    text += "\">";
    append_xml(text, sides[2 * k]);
    text += "</source>\n        <target xml:lang=\"";
    append_xml(text, target_lang, true);
    text += "\">";
    append_xml(text, sides[2 * k + 1]);
    fmt::format_to(std::back_inserter(text),
                   "</target>\n"
                   "        <context-group name=\"alignment\" purpose=\"information\">\n"
                   "          <context context-type=\"x-bead\">{}</context>\n"
                   "          <context context-type=\"x-confidence\">{}</context>\n"
                   "        </context-group>\n",
                   report_util::bead_type(bead), format_confidence(bead.confidence));
    for (const std::size_t f : notes[k]) append_note(text, report.findings[f], "        ");
    text += "      </trans-unit>\n";
    sides[2 * k].clear();
    sides[2 * k].shrink_to_fit();
    sides[2 * k + 1].clear();
    sides[2 * k + 1].shrink_to_fit();
    buffer.maybe_flush();
  }
  text += "    </body>\n  </file>\n</xliff>\n";
  buffer.flush();
}

}  // namespace tralign
