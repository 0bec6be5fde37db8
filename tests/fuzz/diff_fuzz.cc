// diff_fuzz: the whole pipeline (tralign::Aligner::diff) on random pairs of texts, then every
// output format (beads, tsv, json, tmx, xliff, text, html). Invalid text must raise InputError
// naming the side; valid text must give segments and beads that keep their invariants,
// findings that refer to existing segments, output that is valid UTF-8 (XML outputs without
// characters XML 1.0 forbids), and JSON that parses and round-trips every segment's text.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tuple>

#include "fuzz_util.h"
#include "tralign/tralign.h"

namespace {

constexpr const char* kTags[] = {"", "en", "de", "fr", "ja", "zh-Hant", "ar", "th", "ru", "tr"};

const tralign::Aligner& aligner_for(int source_tag, int target_tag, bool lines, bool plain) {
  static std::map<std::tuple<int, int, bool, bool>, std::unique_ptr<tralign::Aligner>> cache;
  auto& slot = cache[{source_tag, target_tag, lines, plain}];
  if (!slot) {
    tralign::Options options;
    options.source.lang = kTags[source_tag];
    options.target.lang = kTags[target_tag];
    options.source.input = options.target.input =
        lines ? tralign::InputMode::kLines : tralign::InputMode::kText;
    options.align.plain = plain;
    slot = std::make_unique<tralign::Aligner>(options);
  }
  return *slot;
}

bool usable(const std::string& text) {
  return tralign::fuzz::first_invalid_utf8(text) == std::string::npos &&
         text.find('\0') == std::string::npos;
}

// Characters XML 1.0 cannot carry, not even as a character reference.
bool xml_safe(const std::string& xml) {
  for (std::size_t i = 0; i < xml.size(); ++i) {
    const auto c = static_cast<unsigned char>(xml[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    if (c == 0xEF && i + 2 < xml.size() && static_cast<unsigned char>(xml[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(xml[i + 2]) == 0xBE ||
         static_cast<unsigned char>(xml[i + 2]) == 0xBF)) {
      return false;  // U+FFFE, U+FFFF
    }
  }
  // Character references to forbidden characters (&#1; ... &#x1F;) are not allowed either.
  for (std::size_t at = xml.find("&#"); at != std::string::npos; at = xml.find("&#", at + 2)) {
    const bool hex = at + 2 < xml.size() && (xml[at + 2] == 'x' || xml[at + 2] == 'X');
    const std::size_t start = at + (hex ? 3 : 2);
    const std::size_t end = xml.find(';', start);
    if (end == std::string::npos || end == start || end - start > 8) return false;
    unsigned long cp = 0;
    try {
      cp = std::stoul(xml.substr(start, end - start), nullptr, hex ? 16 : 10);
    } catch (...) {
      return false;
    }
    if ((cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF) {
      return false;
    }
  }
  return true;
}

void check_side_json(const nlohmann::json& side, const tralign::Document& document) {
  const auto& segments = side.at("segments");
  TRALIGN_FUZZ_CHECK(segments.size() == document.segments.size(), "JSON segment count");
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const tralign::Segment& s = document.segments[k];
    TRALIGN_FUZZ_CHECK(segments[k].at("index").get<std::size_t>() == k, "JSON index");
    TRALIGN_FUZZ_CHECK(segments[k].at("begin").get<std::size_t>() == s.begin &&
                           segments[k].at("end").get<std::size_t>() == s.end,
                       "JSON offsets");
    TRALIGN_FUZZ_CHECK(
        segments[k].at("text").get<std::string>() == document.text.substr(s.begin, s.end - s.begin),
        "JSON text does not round-trip for segment " + std::to_string(k));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  FuzzedDataProvider data(bytes, size);
  const int source_tag = data.ConsumeIntegralInRange<int>(0, std::size(kTags) - 1);
  const int target_tag = data.ConsumeIntegralInRange<int>(0, std::size(kTags) - 1);
  const std::uint8_t flags = data.ConsumeIntegral<std::uint8_t>();
  const bool lines = (flags & 1) != 0;
  const bool plain = (flags & 2) != 0;
  const bool sanitize = (flags & 4) == 0;  // mostly valid text, sometimes raw bytes
  const int width = data.ConsumeIntegralInRange<int>(1, 200);  // 0 is an OptionsError

  std::string rest = data.ConsumeRemainingBytesAsString();
  const std::size_t separator = rest.find('\x1e');
  const std::size_t cut = separator == std::string::npos ? rest.size() / 2 : separator;
  std::string source_text = rest.substr(0, cut);
  std::string target_text = rest.substr(std::min(cut + 1, rest.size()));
  if (sanitize) {
    source_text = tralign::fuzz::sanitize_utf8(source_text);
    target_text = tralign::fuzz::sanitize_utf8(target_text);
  }

  const tralign::Aligner& aligner = aligner_for(source_tag, target_tag, lines, plain);
  tralign::Report report;
  try {
    report = aligner.diff(source_text, target_text);
  } catch (const tralign::InputError& e) {
    const std::string message = e.what();
    const bool source_bad = !usable(source_text);
    TRALIGN_FUZZ_CHECK(source_bad || !usable(target_text),
                       "InputError for usable texts: " + message);
    TRALIGN_FUZZ_CHECK(message.rfind(source_bad ? "source" : "target", 0) == 0,
                       "InputError does not name the side: " + message);
    return 0;
  }
  TRALIGN_FUZZ_CHECK(usable(source_text) && usable(target_text), "unusable text accepted");

  const tralign::InputMode input = lines ? tralign::InputMode::kLines : tralign::InputMode::kText;
  tralign::fuzz::check_segments(source_text, report.source.segments, input);
  tralign::fuzz::check_segments(target_text, report.target.segments, input);
  tralign::fuzz::check_beads(report.alignment.beads, report.source.segments.size(),
                             report.target.segments.size(), 0);
  for (const tralign::Finding& f : report.findings) {
    for (std::uint32_t i : f.source)
      TRALIGN_FUZZ_CHECK(i < report.source.segments.size(), "finding names a missing segment");
    for (std::uint32_t i : f.target)
      TRALIGN_FUZZ_CHECK(i < report.target.segments.size(), "finding names a missing segment");
    TRALIGN_FUZZ_CHECK(std::is_sorted(f.source.begin(), f.source.end()) &&
                           std::is_sorted(f.target.begin(), f.target.end()),
                       "finding's indexes not sorted");
    TRALIGN_FUZZ_CHECK(f.source_begin <= f.source_end && f.source_end <= source_text.size() &&
                           f.target_begin <= f.target_end && f.target_end <= target_text.size(),
                       "finding's byte range outside the text");
    TRALIGN_FUZZ_CHECK(f.confidence >= 0.0 && f.confidence <= 1.0, "finding's confidence");
    TRALIGN_FUZZ_CHECK(tralign::fuzz::first_invalid_utf8(f.message) == std::string::npos,
                       "finding's message is not valid UTF-8");
  }

  // Every output format: valid UTF-8; XML without forbidden characters; JSON round-trips.
  std::ostringstream beads, tsv, json, tmx, xliff, text, html;
  tralign::write_beads(beads, report);
  tralign::write_tsv(tsv, report);
  tralign::write_json(json, report, {0.0, (flags & 8) != 0});
  tralign::write_tmx(tmx, report);
  tralign::write_xliff(xliff, report);
  tralign::TextViewOptions view;
  view.width = width;
  view.color = (flags & 16) != 0;
  view.only_problems = (flags & 32) != 0;
  view.context = flags >> 6;
  tralign::write_text(text, report, view);
  tralign::write_html(html, report);
  for (const auto* out : {&beads, &tsv, &json, &tmx, &xliff, &text, &html}) {
    TRALIGN_FUZZ_CHECK(tralign::fuzz::first_invalid_utf8(out->str()) == std::string::npos,
                       "an output is not valid UTF-8");
  }
  TRALIGN_FUZZ_CHECK(xml_safe(tmx.str()), "TMX has a character XML forbids");
  TRALIGN_FUZZ_CHECK(xml_safe(xliff.str()), "XLIFF has a character XML forbids");
  std::size_t bead_lines = 0;
  for (const char c : beads.str()) bead_lines += c == '\n';
  TRALIGN_FUZZ_CHECK(bead_lines == report.alignment.beads.size(), "one line per bead");

  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(json.str());
  } catch (const nlohmann::json::exception& e) {
    TRALIGN_FUZZ_CHECK(false, std::string("JSON does not parse: ") + e.what());
  }
  check_side_json(parsed.at("source"), report.source);
  check_side_json(parsed.at("target"), report.target);
  TRALIGN_FUZZ_CHECK(parsed.at("beads").size() == report.alignment.beads.size(), "JSON beads");
  TRALIGN_FUZZ_CHECK(parsed.at("findings").size() == report.findings.size(), "JSON findings");

  // Deterministic: the same report and JSON again.
  const tralign::Report again = aligner.diff(source_text, target_text);
  std::ostringstream json_again;
  tralign::write_json(json_again, again, {0.0, (flags & 8) != 0});
  TRALIGN_FUZZ_CHECK(json_again.str() == json.str(), "a second run gives another report");
  return 0;
}
