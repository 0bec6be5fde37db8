// Tests of the whole pipeline (segment, align, check, report) as properties that must hold for
// every input: segments tile the text, offsets fall on UTF-8 boundaries, beads cover every
// segment of both sides once and in order, every output format round-trips the segment texts,
// the same input gives the same output; pathological sizes; bad input at the C++ API.
// The oracles (UTF-8, Unicode white space) are the fuzzers' own (fuzz/fuzz_util.h), written
// independently of src/.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "tralign/tralign.h"
#include "utf8.h"

namespace {

using tralign::InputMode;
using tralign::Segment;
using Strings = std::vector<std::string>;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const std::string& example(const std::string& name) {
  static std::string en = read_file(TRALIGN_SOURCE_DIR "/examples/data/en.txt");
  static std::string de = read_file(TRALIGN_SOURCE_DIR "/examples/data/de.txt");
  return name == "en" ? en : de;
}

// Odd but valid texts: every line end, a BOM, blank lines, Unicode spaces, scripts without
// spaces, supplementary characters, markup characters, tabs, a sentence that never ends.
const Strings& odd_texts() {
  static const Strings texts = {
      "",
      "\n\n   \n\t\r\n",
      "\xEF\xBB\xBF",
      "\xEF\xBB\xBFOne. Two.\r\nThree? Four!\r\n\r\nFive.",
      "Old Mac.\rLines end with CR.\rOnly.",
      "  \xC2\xA0Leading and trailing Unicode spaces.\xE2\x80\x83\xE3\x80\x80 Next one.\xC2\xA0 \n",
      "Dr. Smith met Mr. J. R. R. Tolkien at 10 a.m. on Jan. 5. They talked...  It rained.",
      "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAF\xE9\xA6\x96\xE9\x83\xBD\xE3\x81\xA7\xE3\x81\x99\xE3\x80"
      "\x82\xE4\xBA\xBA\xE5\x8F\xA3\xE3\x81\xAF\xEF\xBC\x9F\xE3\x80\x8C\xE3\x81\x88\xE3\x80\x82"
      "\xE3\x80\x8D",
      "Emoji \xF0\x9F\x98\x80 end. \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA Flags! Astral "
      "\xF4\x8F\xBF\xBF.",
      "Markup <b>&amp;</b> \"quoted\" 'single' ]]> and a\ttab. Second <seg> sentence & more.",
      "Line separator\xE2\x80\xA8inside. Paragraph separator\xE2\x80\xA9too. NEL\xC2\x85here.",
      "No sentence end at all and no line end either",
      "a\nb\nc\n\n\nd",
      "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0. \xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2! "
      "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85\xD8\x9F \xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA",
  };
  return texts;
}

const Strings& language_tags() {
  static const Strings tags = {"", "en", "de", "fr", "ja", "zh-Hant", "ru", "ar", "th", "pt-BR"};
  return tags;
}

// The invariants of segment() on valid text, as Catch checks (see fuzz_util.h::check_segments).
void require_tiling(std::string_view text, const std::vector<Segment>& segments, InputMode input) {
  namespace fz = tralign::fuzz;
  std::size_t previous_end = 0;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const Segment& s = segments[k];
    INFO("segment " << k << " [" << s.begin << ", " << s.end << ")");
    REQUIRE(s.begin <= s.end);
    REQUIRE(s.end <= text.size());
    REQUIRE(s.begin >= previous_end);
    REQUIRE(fz::on_boundary(text, s.begin));
    REQUIRE(fz::on_boundary(text, s.end));
    const std::string_view piece = text.substr(s.begin, s.end - s.begin);
    REQUIRE(s.length == fz::count_code_points(piece));
    if (input == InputMode::kText) {
      REQUIRE_FALSE(piece.empty());
      REQUIRE(fz::only_white_space(text, previous_end, s.begin));
    } else {
      REQUIRE(s.paragraph == k);
    }
    if (!piece.empty()) {
      std::size_t len;
      REQUIRE_FALSE(fz::is_white_space(fz::decode_at(text, s.begin, len)));
      std::size_t last = s.end - 1;
      while (!fz::on_boundary(text, last)) --last;
      REQUIRE_FALSE(fz::is_white_space(fz::decode_at(text, last, len)));
    }
    previous_end = s.end;
  }
  if (input == InputMode::kText) {
    REQUIRE(fz::only_white_space(text, previous_end, text.size()));
  } else {
    REQUIRE(segments.size() == fz::count_lines(text));
  }
}

// Beads cover both sides once, in order, none empty, confidences in [0, 1].
void require_cover(const std::vector<tralign::Bead>& beads, std::size_t n, std::size_t m) {
  std::uint32_t s = 0, t = 0;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    const tralign::Bead& b = beads[k];
    INFO("bead " << k << " [" << b.source_begin << ", " << b.source_end << ") : [" << b.target_begin
                 << ", " << b.target_end << ")");
    REQUIRE(b.source_begin == s);
    REQUIRE(b.target_begin == t);
    REQUIRE(b.source_end >= b.source_begin);
    REQUIRE(b.target_end >= b.target_begin);
    REQUIRE(b.source_count() + b.target_count() > 0);
    REQUIRE(b.confidence >= 0.0);
    REQUIRE(b.confidence <= 1.0);
    s = b.source_end;
    t = b.target_end;
  }
  REQUIRE(s == n);
  REQUIRE(t == m);
}

tralign::Options options_for(const std::string& source_lang, const std::string& target_lang,
                             InputMode input = InputMode::kText) {
  tralign::Options options;
  options.source.lang = source_lang;
  options.target.lang = target_lang;
  options.source.input = options.target.input = input;
  return options;
}

std::string segment_text(const tralign::Document& document, std::uint32_t k) {
  const Segment& s = document.segments[k];
  return std::string(document.text.substr(s.begin, s.end - s.begin));
}

// The segments of one side of a bead joined with a space, as tsv, tmx and xliff write them.
std::string joined(const tralign::Document& document, std::uint32_t begin, std::uint32_t end) {
  std::string out;
  for (std::uint32_t k = begin; k < end; ++k)
    out += (k > begin ? " " : "") + segment_text(document, k);
  return out;
}

// XML character data with the five predefined entities and character references resolved.
std::string xml_unescape(const std::string& xml) {
  std::string out;
  for (std::size_t i = 0; i < xml.size();) {
    if (xml[i] != '&') {
      out += xml[i++];
      continue;
    }
    const std::size_t semicolon = xml.find(';', i);
    REQUIRE(semicolon != std::string::npos);
    const std::string entity = xml.substr(i + 1, semicolon - i - 1);
    if (entity == "lt") {
      out += '<';
    } else if (entity == "gt") {
      out += '>';
    } else if (entity == "amp") {
      out += '&';
    } else if (entity == "quot") {
      out += '"';
    } else if (entity == "apos") {
      out += '\'';
    } else {
      REQUIRE(entity.size() > 1);
      REQUIRE(entity[0] == '#');
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const auto cp =
          static_cast<char32_t>(std::stoul(entity.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10));
      tralign::utf8::append(out, cp);
    }
    i = semicolon + 1;
  }
  return out;
}

// The unescaped contents of every <tag ...>...</tag> element of `xml`, in order (no nesting of
// the same tag; inline markup inside is kept as text after unescaping).
Strings xml_elements(const std::string& xml, const std::string& tag) {
  Strings out;
  const std::string open = "<" + tag, close = "</" + tag + ">";
  for (std::size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
    const std::size_t after = at + open.size();
    if (after >= xml.size() || (xml[after] != '>' && xml[after] != ' ')) continue;  // <tagx
    const std::size_t content = xml.find('>', after);
    if (content == std::string::npos || xml[content - 1] == '/') continue;  // <tag/>
    const std::size_t end = xml.find(close, content);
    if (end == std::string::npos) break;
    out.push_back(xml_unescape(xml.substr(content + 1, end - content - 1)));
    at = end;
  }
  return out;
}

// Text as tsv, tmx and xliff write it: tabs and line ends as spaces.
std::string flatten(std::string text) {
  for (char& c : text)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return text;
}

std::string to_json(const tralign::Report& report) {
  std::ostringstream out;
  tralign::write_json(out, report);
  return out.str();
}

// Pairs of texts (source, target) that every property is checked on.
std::vector<std::pair<std::string, std::string>> text_pairs() {
  std::vector<std::pair<std::string, std::string>> pairs = {
      {example("en"), example("de")},
      {example("de"), example("en")},
      {example("en"), example("en")},
  };
  const Strings& odd = odd_texts();
  for (std::size_t k = 0; k < odd.size(); ++k) {
    pairs.emplace_back(odd[k], odd[(k + 3) % odd.size()]);
    pairs.emplace_back(odd[k], example("de"));
  }
  return pairs;
}

}  // namespace

// --- Invariants ----------------------------------------------------------------------------

TEST_CASE("Segments tile the text with only white space between them in every language",
          "[pipeline]") {
  Strings texts = odd_texts();
  texts.push_back(example("en"));
  texts.push_back(example("de"));
  for (const std::string& tag : language_tags()) {
    for (const InputMode input : {InputMode::kText, InputMode::kLines}) {
      const tralign::Segmenter segmenter({tag, input});
      for (const std::string& text : texts) {
        INFO("lang \"" << tag << "\", lines " << (input == InputMode::kLines) << ", text \""
                       << text.substr(0, 60) << "\"");
        require_tiling(text, segmenter.segment(text), input);
      }
    }
  }
}

TEST_CASE("Offsets fall on UTF-8 boundaries in text made only of multi-byte characters",
          "[pipeline]") {
  // Two-, three- and four-byte characters with sentence ends of each width between them.
  std::string text;
  const Strings pieces = {"\xC3\xA9\xC3\xA9", "\xE2\x80\xA6",
                          "\xE3\x80\x82",     "\xF0\x9F\x98\x80",
                          "\xEF\xBC\x81",     "\xE6\x9D\xB1\xE4\xBA\xAC",
                          "\xD0\x96.",        " "};
  for (int k = 0; k < 2000; ++k)
    text += pieces[static_cast<std::size_t>(k * 7 + k / 5) % pieces.size()];
  for (const char* tag : {"", "ja", "ru"}) {
    const auto segments = tralign::segment(text, {tag, InputMode::kText});
    CHECK(segments.size() > 10);
    require_tiling(text, segments, InputMode::kText);
  }
}

TEST_CASE("Beads cover every segment of both sides exactly once and in order", "[pipeline]") {
  const tralign::Aligner aligner(options_for("", ""));
  for (const auto& [source, target] : text_pairs()) {
    INFO("source \"" << source.substr(0, 40) << "\", target \"" << target.substr(0, 40) << "\"");
    const tralign::Report report = aligner.diff(source, target);
    require_tiling(source, report.source.segments, InputMode::kText);
    require_tiling(target, report.target.segments, InputMode::kText);
    require_cover(report.alignment.beads, report.source.segments.size(),
                  report.target.segments.size());
    for (const tralign::Finding& f : report.findings) {
      for (const std::uint32_t i : f.source) CHECK(i < report.source.segments.size());
      for (const std::uint32_t i : f.target) CHECK(i < report.target.segments.size());
    }
  }
}

TEST_CASE("Beads cover both sides for lopsided and empty sides in every mode", "[pipeline]") {
  const std::vector<std::pair<std::size_t, std::size_t>> shapes = {
      {0, 0}, {0, 1}, {1, 0}, {0, 50}, {50, 0}, {1, 1}, {1, 300}, {300, 1}, {7, 300}, {300, 299}};
  for (const auto& [n, m] : shapes) {
    std::vector<std::uint32_t> source(n), target(m);
    for (std::size_t i = 0; i < n; ++i) source[i] = static_cast<std::uint32_t>(20 + (i * 37) % 90);
    for (std::size_t j = 0; j < m; ++j) target[j] = static_cast<std::uint32_t>(25 + (j * 53) % 80);
    for (const bool plain : {false, true}) {
      for (const int max_bead : {1, 2, 3, 8}) {
        INFO(n << " against " << m << " segments, plain " << plain << ", max_bead " << max_bead);
        tralign::AlignOptions options;
        options.plain = plain;
        options.max_bead = max_bead;
        require_cover(tralign::align_lengths(source, target, options).beads, n, m);
      }
    }
  }
}

TEST_CASE("Extreme segment lengths give finite costs and valid beads", "[pipeline]") {
  const std::uint32_t huge = 0xFFFFFFFFu;
  const std::vector<std::uint32_t> source = {0, huge, 1, 0, huge, 5};
  const std::vector<std::uint32_t> target = {huge, 0, 0, 1, huge};
  const tralign::Alignment alignment = tralign::align_lengths(source, target);
  require_cover(alignment.beads, source.size(), target.size());
  for (const tralign::Bead& b : alignment.beads) CHECK(std::isfinite(b.cost));
}

TEST_CASE("JSON round-trips every segment's text and offsets and the beads", "[pipeline]") {
  const tralign::Aligner aligner(options_for("en", "de"));
  for (const auto& [source, target] : text_pairs()) {
    const tralign::Report report = aligner.diff(source, target);
    for (const bool compact : {false, true}) {
      std::ostringstream out;
      tralign::write_json(out, report, {0.0, compact});
      const nlohmann::json json = nlohmann::json::parse(out.str());
      CHECK(json.at("version") == 1);
      for (const auto* side : {&report.source, &report.target}) {
        const nlohmann::json& segments =
            json.at(side == &report.source ? "source" : "target").at("segments");
        REQUIRE(segments.size() == side->segments.size());
        for (std::uint32_t k = 0; k < segments.size(); ++k) {
          CHECK(segments[k].at("index") == k);
          CHECK(segments[k].at("begin") == side->segments[k].begin);
          CHECK(segments[k].at("end") == side->segments[k].end);
          CHECK(segments[k].at("paragraph") == side->segments[k].paragraph);
          CHECK(segments[k].at("text").get<std::string>() == segment_text(*side, k));
        }
      }
      const nlohmann::json& beads = json.at("beads");
      REQUIRE(beads.size() == report.alignment.beads.size());
      for (std::size_t k = 0; k < beads.size(); ++k) {
        const tralign::Bead& b = report.alignment.beads[k];
        std::vector<std::uint32_t> s, t;
        for (auto i = b.source_begin; i < b.source_end; ++i) s.push_back(i);
        for (auto j = b.target_begin; j < b.target_end; ++j) t.push_back(j);
        CHECK(beads[k].at("source").get<std::vector<std::uint32_t>>() == s);
        CHECK(beads[k].at("target").get<std::vector<std::uint32_t>>() == t);
      }
      CHECK(json.at("findings").size() == report.findings.size());
    }
  }
}

TEST_CASE("The beads tsv tmx and xliff formats round-trip the segment texts", "[pipeline]") {
  const tralign::Aligner aligner(options_for("en", "de"));
  for (const auto& [source, target] : text_pairs()) {
    INFO("source \"" << source.substr(0, 40) << "\", target \"" << target.substr(0, 40) << "\"");
    const tralign::Report report = aligner.diff(source, target);
    Strings source_sides, target_sides;
    std::string beads_expected;
    for (const tralign::Bead& b : report.alignment.beads) {
      std::ostringstream line;
      line << '[';
      for (auto i = b.source_begin; i < b.source_end; ++i)
        line << (i > b.source_begin ? ", " : "") << i;
      line << "]:[";
      for (auto j = b.target_begin; j < b.target_end; ++j)
        line << (j > b.target_begin ? ", " : "") << j;
      line << "]:";
      beads_expected += line.str();
      if (b.source_count() == 0 || b.target_count() == 0) continue;
      source_sides.push_back(flatten(joined(report.source, b.source_begin, b.source_end)));
      target_sides.push_back(flatten(joined(report.target, b.target_begin, b.target_end)));
    }

    std::ostringstream beads, tsv, tmx, xliff;
    tralign::write_beads(beads, report);
    std::string beads_prefixes;
    std::istringstream bead_lines(beads.str());
    for (std::string line; std::getline(bead_lines, line);)
      beads_prefixes += line.substr(0, line.rfind(':') + 1);
    CHECK(beads_prefixes == beads_expected);

    tralign::write_tsv(tsv, report);
    Strings tsv_lines;
    std::istringstream tsv_in(tsv.str());
    for (std::string line; std::getline(tsv_in, line);) tsv_lines.push_back(line);
    REQUIRE(tsv_lines.size() == source_sides.size());
    for (std::size_t k = 0; k < tsv_lines.size(); ++k)
      CHECK(tsv_lines[k] == source_sides[k] + "\t" + target_sides[k]);

    tralign::write_tmx(tmx, report);
    const Strings segs = xml_elements(tmx.str(), "seg");
    REQUIRE(segs.size() == 2 * source_sides.size());
    for (std::size_t k = 0; k < source_sides.size(); ++k) {
      CHECK(segs[2 * k] == source_sides[k]);
      CHECK(segs[2 * k + 1] == target_sides[k]);
    }

    tralign::write_xliff(xliff, report);
    CHECK(xml_elements(xliff.str(), "source") == source_sides);
    CHECK(xml_elements(xliff.str(), "target") == target_sides);
  }
}

TEST_CASE("The same input gives the same output across calls and aligners and threads",
          "[pipeline]") {
  const tralign::Options options = options_for("en", "de");
  const tralign::Aligner first(options);
  const tralign::Aligner second(options);
  const std::string& en = example("en");
  const std::string& de = example("de");
  const std::string expected = to_json(first.diff(en, de));
  CHECK(to_json(first.diff(en, de)) == expected);
  CHECK(to_json(second.diff(en, de)) == expected);
  CHECK(to_json(tralign::diff(en, de, options)) == expected);
  std::string from_thread_a, from_thread_b;
  std::thread a([&] { from_thread_a = to_json(first.diff(en, de)); });
  std::thread b([&] { from_thread_b = to_json(first.diff(en, de)); });
  a.join();
  b.join();
  CHECK(from_thread_a == expected);
  CHECK(from_thread_b == expected);
  // A copy of the text at another address gives the same report.
  const std::string en_copy = en, de_copy = de;
  CHECK(to_json(first.diff(en_copy, de_copy)) == expected);
}

TEST_CASE("The same text as source and target is reported untranslated segment by segment",
          "[pipeline]") {
  const tralign::Report report =
      tralign::diff(example("en"), example("en"), options_for("en", "de"));
  REQUIRE(report.source.segments.size() == report.target.segments.size());
  std::vector<bool> reported(report.target.segments.size(), false);
  for (const tralign::Finding& f : report.findings) {
    if (f.kind != tralign::FindingKind::kUntranslated) continue;
    for (const std::uint32_t j : f.target) reported[j] = true;
  }
  for (std::size_t j = 0; j < reported.size(); ++j) {
    INFO("target segment " << j << ": "
                           << segment_text(report.target, static_cast<std::uint32_t>(j)));
    CHECK(reported[j]);
  }
  for (const tralign::Bead& b : report.alignment.beads) {
    CHECK(b.source_count() == 1);
    CHECK(b.target_count() == 1);
  }
}

// --- Limits --------------------------------------------------------------------------------

TEST_CASE("A million one-character lines against one long line finishes with valid beads",
          "[pipeline][limits]") {
  std::string lines;
  lines.reserve(2000000);
  for (int k = 0; k < 1000000; ++k) {
    lines += static_cast<char>('a' + k % 26);
    lines += '\n';
  }
  std::string line;
  line.reserve(2000000);
  for (int k = 0; k < 1000000; ++k) line += k % 2 ? ' ' : static_cast<char>('a' + k % 26);
  for (const bool swap : {false, true}) {
    const std::string& source = swap ? line : lines;
    const std::string& target = swap ? lines : line;
    const tralign::Report report = tralign::diff(source, target, options_for("en", "de"));
    REQUIRE(report.source.segments.size() == (swap ? 1u : 1000000u));
    REQUIRE(report.target.segments.size() == (swap ? 1000000u : 1u));
    require_cover(report.alignment.beads, report.source.segments.size(),
                  report.target.segments.size());
  }
}

TEST_CASE("One segment against 100000 finishes with valid beads", "[pipeline][limits]") {
  std::string many;
  for (int k = 0; k < 100000; ++k) many += "Sentence " + std::to_string(k) + " is here. ";
  const std::string one = "Just one sentence.";
  for (const bool swap : {false, true}) {
    const tralign::Report report =
        tralign::diff(swap ? many : one, swap ? one : many, options_for("en", "en"));
    const std::size_t n = report.source.segments.size(), m = report.target.segments.size();
    REQUIRE((swap ? m : n) == 1u);
    REQUIRE((swap ? n : m) == 100000u);
    require_cover(report.alignment.beads, n, m);
  }
}

// --- Bad input at the C++ API ---------------------------------------------------------------

TEST_CASE("Invalid UTF-8 on either side is an EncodingError naming the side and the offset",
          "[pipeline]") {
  const tralign::Aligner aligner(options_for("en", "de"));
  const std::vector<std::pair<std::string, std::size_t>> bad = {
      {"\xFF starts badly.", 0},
      {"Fine. Then \xC3\x28 a bad pair.", 11},
      {"Overlong \xC0\xAF slash.", 9},
      {"Surrogate \xED\xA0\x80 half.", 10},
      {"Beyond \xF4\x90\x80\x80 U+10FFFF.", 7},
      {"Truncated at the end \xE2\x82", 21},
      {"Stray continuation \x80 byte.", 19},
      {"\xFE\xFF\x00H\x00i", 0},  // UTF-16 BE with a BOM: not UTF-8
  };
  for (const auto& [text, offset] : bad) {
    INFO("text \"" << text << "\"");
    for (const bool source_side : {true, false}) {
      try {
        (void)(source_side ? aligner.diff(text, example("de")) : aligner.diff(example("en"), text));
        FAIL("no exception");
      } catch (const tralign::EncodingError& e) {
        CHECK(e.offset() == offset);
        const std::string message = e.what();
        CHECK(message.find(source_side ? "source" : "target") != std::string::npos);
        CHECK(message.find(std::to_string(offset)) != std::string::npos);
      }
    }
  }
}

TEST_CASE("Binary data and UTF-16 without a BOM are InputErrors and not garbage segments",
          "[pipeline]") {
  std::string png("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16);
  for (int k = 0; k < 256; ++k) png += static_cast<char>(k);
  std::string utf16;
  for (const char c : std::string("Hello there. Goodbye.")) {
    utf16 += c;
    utf16 += '\0';
  }
  const std::string zeros(64, '\0');
  for (const std::string* text : std::vector<const std::string*>{&png, &utf16, &zeros}) {
    for (const InputMode input : {InputMode::kText, InputMode::kLines}) {
      CHECK_THROWS_AS(tralign::segment(*text, {"en", input}), tralign::InputError);
      CHECK_THROWS_AS(tralign::diff(*text, example("de"), options_for("en", "de", input)),
                      tralign::InputError);
      CHECK_THROWS_AS(tralign::diff(example("en"), *text, options_for("en", "de", input)),
                      tralign::InputError);
    }
  }
}

TEST_CASE("Malformed language tags are OptionsErrors naming the field", "[pipeline]") {
  for (const std::string tag : {"en_US", "e", "de--DE", "123", "en-", "-en", "a b", "\xFF\xFE", "x",
                                "zh-Hant-", "en-US-u-"}) {
    INFO("tag \"" << tag << "\"");
    CHECK_THROWS_AS(tralign::Segmenter({tag, InputMode::kText}), tralign::OptionsError);
    CHECK_THROWS_WITH(tralign::Aligner(options_for(tag, "de")), Catch::Contains("lang"));
    CHECK_THROWS_AS(tralign::Aligner(options_for("en", tag)), tralign::OptionsError);
    CHECK_THROWS_AS(tralign::diff("a", "b", options_for(tag, tag)), tralign::OptionsError);
  }
  // Well-formed tags are accepted, also of languages without special data ("english" is
  // well-formed: a language subtag has 2 to 8 letters).
  for (const std::string tag : {"en", "tlh", "english", "sr-Latn-RS", "zh-Hant-TW", "x-private"})
    CHECK_NOTHROW(tralign::Segmenter({tag, InputMode::kText}));
}

TEST_CASE("Invalid options are OptionsErrors naming the field and the value", "[pipeline]") {
  tralign::Options options;
  options.align.max_bead = 0;
  CHECK_THROWS_WITH(tralign::Aligner(options), Catch::Contains("max_bead") && Catch::Contains("0"));
  options = {};
  options.align.mean = -1.0;
  CHECK_THROWS_WITH(tralign::Aligner(options), Catch::Contains("mean"));
  options = {};
  options.align.variance = std::nan("");
  CHECK_THROWS_WITH(tralign::Aligner(options), Catch::Contains("variance"));
  options = {};
  options.check.ignore_patterns = {"(unclosed"};
  CHECK_THROWS_AS(tralign::Aligner(options), tralign::OptionsError);
}
