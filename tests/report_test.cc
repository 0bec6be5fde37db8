// Tests of the report writers (src/report.cc, src/report_text.cc): beads, TSV, the JSON report
// of INTERFACE.md, TMX 1.4b, XLIFF 1.2 and the side-by-side text view. The HTML report has its
// own file (report_html_test.cc). TMX and XLIFF are validated with xmllint (Debian's
// libxml2-utils) against tests/data/schemas/; those checks skip with a message without it.
#include "tralign/report.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report_util.h"
#include "report_width.h"
#include "tralign/error.h"

namespace {

using tralign::Bead;
using tralign::Finding;
using tralign::FindingKind;
using tralign::Report;
using tralign::Severity;
using tralign::TextViewOptions;
using tralign::WriteOptions;
using Json = nlohmann::json;

// Two texts made of `source` and `target` sentences (a new paragraph every `per_paragraph`) and
// a report over them; beads are added by the test. The texts live here; the report refers to
// them, so a Pair is never copied.
struct Pair {
  std::string source_text;
  std::string target_text;
  Report report;
  Pair(const std::vector<std::string>& source, const std::vector<std::string>& target,
       std::size_t per_paragraph = 100) {
    fill(source, per_paragraph, source_text, report.source);
    fill(target, per_paragraph, target_text, report.target);
    report.source.lang = "en";
    report.target.lang = "de";
    report.source_path = "en.txt";
    report.target_path = "de.txt";
  }
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;

  // Adds a bead of `s` source and `t` target segments after the last one.
  Pair& bead(std::uint32_t s, std::uint32_t t, double confidence = 0.9) {
    const auto& beads = report.alignment.beads;
    const std::uint32_t i = beads.empty() ? 0 : beads.back().source_end;
    const std::uint32_t j = beads.empty() ? 0 : beads.back().target_end;
    report.alignment.beads.push_back(Bead{i, i + s, j, j + t, confidence, 0.1});
    return *this;
  }
  // 1-1 beads over both sides (the shorter side's length).
  Pair& diagonal(double confidence = 0.9) {
    for (std::size_t k = 0;
         k < std::min(report.source.segments.size(), report.target.segments.size()); ++k)
      bead(1, 1, confidence);
    return *this;
  }

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

Finding finding(FindingKind kind, Severity severity, std::vector<std::uint32_t> source,
                std::vector<std::uint32_t> target, std::string message) {
  Finding f;
  f.kind = kind;
  f.severity = severity;
  f.code = std::string(tralign::to_string(kind)) + ".test";
  f.source = std::move(source);
  f.target = std::move(target);
  f.message = std::move(message);
  f.confidence = 0.75;
  return f;
}

std::vector<std::string> numbered(std::size_t n, const std::string& word) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(word + " " + std::to_string(i) + ".");
  return out;
}

std::string beads_of(const Report& r) {
  std::ostringstream out;
  tralign::write_beads(out, r);
  return out.str();
}
std::string tsv_of(const Report& r, WriteOptions o = {}) {
  std::ostringstream out;
  tralign::write_tsv(out, r, o);
  return out.str();
}
std::string json_of(const Report& r, WriteOptions o = {}) {
  std::ostringstream out;
  tralign::write_json(out, r, o);
  return out.str();
}
std::string tmx_of(const Report& r, WriteOptions o = {}) {
  std::ostringstream out;
  tralign::write_tmx(out, r, o);
  return out.str();
}
std::string xliff_of(const Report& r, WriteOptions o = {}) {
  std::ostringstream out;
  tralign::write_xliff(out, r, o);
  return out.str();
}
std::string text_of(const Report& r, TextViewOptions o = {}) {
  std::ostringstream out;
  tralign::write_text(out, r, o);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

// --- xmllint ------------------------------------------------------------------------------

bool have_xmllint() { return std::system("xmllint --version > /dev/null 2>&1") == 0; }

std::filesystem::path schemas() {
  return std::filesystem::path(TRALIGN_SOURCE_DIR) / "tests" / "data" / "schemas";
}

// Runs xmllint with `arguments` on `xml` written to a scratch file named `name` (in a fresh
// folder, with the schemas copied beside it so a DOCTYPE's system identifier resolves); returns
// its exit status and leaves its messages in `messages`.
int xmllint(const std::string& xml, const std::string& name, const std::string& arguments,
            std::string& messages) {
  static int serial = 0;
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("tralign_report_test_" + std::to_string(::getpid()) + "_" + std::to_string(serial++));
  std::filesystem::create_directories(dir);
  for (const auto& entry : std::filesystem::directory_iterator(schemas()))
    std::filesystem::copy_file(entry.path(), dir / entry.path().filename());
  std::ofstream(dir / name, std::ios::binary) << xml;
  const auto log = dir / "xmllint.log";
  const std::string command = "cd '" + dir.string() + "' && xmllint --noout --nonet " + arguments +
                              " '" + name + "' > xmllint.log 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  messages.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);
  return status;
}

void require_valid_tmx(const std::string& tmx) {
  std::string messages;
  // --valid checks against the DOCTYPE's tmx14.dtd (copied beside the file); the explicit
  // --dtdvalid makes sure a file without the DOCTYPE is not taken as valid.
  INFO(tmx);
  const int status = xmllint(tmx, "out.tmx", "--valid --dtdvalid tmx14.dtd", messages);
  INFO(messages);
  REQUIRE(status == 0);
}

void require_valid_xliff(const std::string& xliff) {
  std::string messages;
  INFO(xliff);
  const int status = xmllint(xliff, "out.xlf", "--schema xliff-core-1.2-subset.xsd", messages);
  INFO(messages);
  REQUIRE(status == 0);
}

// The character data of every <tag>...</tag> in `xml`, in order (the writers put none of those
// elements inside each other).
std::vector<std::string> elements(const std::string& xml, const std::string& tag) {
  std::vector<std::string> out;
  const std::regex pattern("<" + tag + "(?: [^>]*)?>([^<]*)</" + tag + ">");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), pattern);
       it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1]);
  return out;
}

// Undoes the five XML escapes the writers use.
std::string unescape_xml(std::string text) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : entities) {
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
      text.replace(at, std::string(entity).size(), plain);
  }
  return text;
}

// The example everything below uses: an omitted byline, an added date line, a number mismatch.
struct Example : Pair {
  Example()
      : Pair({"A Walk Through Old Town", "By Anna Keller", "The tour starts at 10:30.",
              "It costs 12 euros.", "Follow us."},
             {"Ein Spaziergang durch die Altstadt", "Stand: 3. März 2026",
              "Die Führung beginnt um 10:30 Uhr.", "Sie kostet 13 Euro.", "Folgen Sie uns."},
             2) {
    // 0-0, 1-[], []-1, 2-2, 3-3, 4-4
    bead(1, 1, 0.98).bead(1, 0, 0.6).bead(0, 1, 0.55).bead(1, 1, 0.97).bead(1, 1, 0.8);
    bead(1, 1, 1.0);
    report.findings.push_back(finding(FindingKind::kOmission, Severity::kError, {1}, {},
                                      "1 source segment with no counterpart in the target"));
    report.findings.push_back(finding(FindingKind::kAddition, Severity::kWarning, {}, {1},
                                      "1 target segment with no counterpart in the source"));
    report.findings.push_back(
        finding(FindingKind::kMismatch, Severity::kWarning, {3}, {3}, "12 is not 13"));
  }
};

// The source and target segment indexes of every bead line of write_beads.
void parse_beads(const std::string& text, std::vector<std::uint32_t>& source,
                 std::vector<std::uint32_t>& target, std::vector<double>& scores) {
  const std::regex bead(R"(^\[((?:\d+(?:, \d+)*)?)\]:\[((?:\d+(?:, \d+)*)?)\]:([0-9.]+)$)");
  for (const std::string& line : lines_of(text)) {
    std::smatch m;
    INFO(line);
    REQUIRE(std::regex_match(line, m, bead));
    for (int side = 1; side <= 2; ++side) {
      std::istringstream in(std::regex_replace(m[side].str(), std::regex(","), " "));
      for (std::uint32_t k; in >> k;) (side == 1 ? source : target).push_back(k);
    }
    scores.push_back(std::stod(m[3]));
  }
}

std::vector<std::uint32_t> iota(std::size_t n) {
  std::vector<std::uint32_t> out(n);
  for (std::size_t k = 0; k < n; ++k) out[k] = static_cast<std::uint32_t>(k);
  return out;
}

}  // namespace

// --- beads --------------------------------------------------------------------------------

TEST_CASE("Beads are one line each with 0-based indexes, [] for an empty side and the score",
          "[report]") {
  Example example;
  const std::string beads = beads_of(example.report);
  CHECK(beads ==
        "[0]:[0]:0.98\n"
        "[1]:[]:0.6\n"
        "[]:[1]:0.55\n"
        "[2]:[2]:0.97\n"
        "[3]:[3]:0.8\n"
        "[4]:[4]:1\n");
  Pair many(numbered(5, "S"), numbered(3, "T"));
  many.bead(2, 1, 0.123456).bead(3, 2, 0);
  CHECK(beads_of(many.report) == "[0, 1]:[0]:0.1235\n[2, 3, 4]:[1, 2]:0\n");
}

TEST_CASE("Every segment of both sides is in exactly one bead line, in order", "[report]") {
  Pair pair(numbered(40, "S"), numbered(37, "T"));
  // 1-1, 2-1, 1-0, 0-1, 3-2, ... until both sides are used up
  const std::pair<std::uint32_t, std::uint32_t> types[] = {{1, 1}, {2, 1}, {1, 0},
                                                           {0, 1}, {3, 2}, {1, 2}};
  std::uint32_t i = 0;
  std::uint32_t j = 0;
  for (std::size_t k = 0; i < 40 || j < 37; ++k) {
    const auto [s, t] = types[k % 6];
    const std::uint32_t ds = std::min<std::uint32_t>(s, 40 - i);
    const std::uint32_t dt = std::min<std::uint32_t>(t, 37 - j);
    if (ds + dt == 0) continue;
    pair.bead(ds, dt);
    i += ds;
    j += dt;
  }
  std::vector<std::uint32_t> source;
  std::vector<std::uint32_t> target;
  std::vector<double> scores;
  parse_beads(beads_of(pair.report), source, target, scores);
  CHECK(source == iota(40));
  CHECK(target == iota(37));
  CHECK(scores.size() == pair.report.alignment.beads.size());
}

TEST_CASE("An empty report writes nothing in the line formats and empty documents elsewhere",
          "[report]") {
  Pair empty({}, {});
  CHECK(beads_of(empty.report).empty());
  CHECK(tsv_of(empty.report).empty());
  const Json json = Json::parse(json_of(empty.report));
  CHECK(json["beads"].empty());
  CHECK(json["source"]["segments"].empty());
  CHECK(json["findings"].empty());
  CHECK(count(tmx_of(empty.report), "<tu ") == 0);
  CHECK(count(xliff_of(empty.report), "<trans-unit") == 0);
  CHECK_THAT(text_of(empty.report), Catch::Contains("0 beads") && Catch::Contains("no findings"));
}

// --- TSV ----------------------------------------------------------------------------------

TEST_CASE("TSV has one line per bead with both sides, segments joined with a space", "[report]") {
  Example example;
  CHECK(tsv_of(example.report) ==
        "A Walk Through Old Town\tEin Spaziergang durch die Altstadt\n"
        "The tour starts at 10:30.\tDie Führung beginnt um 10:30 Uhr.\n"
        "It costs 12 euros.\tSie kostet 13 Euro.\n"
        "Follow us.\tFolgen Sie uns.\n");
  Pair merged({"One.", "Two."}, {"Eins und zwei."});
  merged.bead(2, 1);
  CHECK(tsv_of(merged.report) == "One. Two.\tEins und zwei.\n");
}

TEST_CASE("TSV joins Chinese and Japanese sentences without a space between wide characters",
          "[report]") {
  Pair pair({"Hello.", "Bye."}, {"你好。", "再见。"});
  pair.report.target.lang = "zh-Hans";
  pair.bead(2, 2);
  CHECK(tsv_of(pair.report) == "Hello. Bye.\t你好。再见。\n");
  pair.report.target.lang = "de";
  CHECK(tsv_of(pair.report) == "Hello. Bye.\t你好。 再见。\n");
}

TEST_CASE("TSV turns tabs and every kind of line break inside a segment into spaces", "[report]") {
  Pair pair({"a\tb\nc\rd\x0b"
             "e\x0c"
             "f\xc2\x85g\xe2\x80\xa8h\xe2\x80\xa9i"},
            {"x"});
  pair.bead(1, 1);
  CHECK(tsv_of(pair.report) == "a b c d e f g h i\tx\n");
  for (const std::string& line : lines_of(tsv_of(pair.report))) CHECK(count(line, "\t") == 1);
}

// --- min_confidence -----------------------------------------------------------------------

TEST_CASE("min_confidence drops weaker beads from TSV, TMX and XLIFF, keeps equal ones",
          "[report]") {
  Example example;
  WriteOptions options;
  options.min_confidence = 0.97;
  CHECK(tsv_of(example.report, options) ==
        "A Walk Through Old Town\tEin Spaziergang durch die Altstadt\n"
        "The tour starts at 10:30.\tDie Führung beginnt um 10:30 Uhr.\n"
        "Follow us.\tFolgen Sie uns.\n");
  CHECK(count(tmx_of(example.report, options), "<tu ") == 3);
  CHECK(count(xliff_of(example.report, options), "<trans-unit ") == 3);
  options.min_confidence = 1;
  CHECK(tsv_of(example.report, options) == "Follow us.\tFolgen Sie uns.\n");
  // The bead list and the JSON report are whole whatever the threshold.
  const Json json = Json::parse(json_of(example.report, options));
  CHECK(json["beads"].size() == example.report.alignment.beads.size());
}

TEST_CASE("min_confidence outside [0, 1] is an OptionsError naming the field, writing nothing",
          "[report]") {
  Example example;
  for (const double bad : {-0.01, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    WriteOptions options;
    options.min_confidence = bad;
    std::ostringstream out;
    CHECK_THROWS_WITH(tralign::write_tsv(out, example.report, options),
                      Catch::Contains("min_confidence"));
    CHECK_THROWS_AS(tralign::write_tmx(out, example.report, options), tralign::OptionsError);
    CHECK_THROWS_AS(tralign::write_xliff(out, example.report, options), tralign::OptionsError);
    CHECK_THROWS_AS(tralign::write_json(out, example.report, options), tralign::OptionsError);
    CHECK(out.str().empty());
  }
}

// --- JSON ---------------------------------------------------------------------------------

TEST_CASE("The JSON report has the fields of INTERFACE.md and every segment exactly once",
          "[report]") {
  Example example;
  const Json json = Json::parse(json_of(example.report));
  CHECK(json["version"] == 1);
  for (const auto& [side, doc, text, path] :
       {std::tuple{"source", &example.report.source, &example.source_text, "en.txt"},
        std::tuple{"target", &example.report.target, &example.target_text, "de.txt"}}) {
    INFO(side);
    const Json& document = json[side];
    CHECK(document["path"] == path);
    CHECK(document["lang"] == doc->lang);
    REQUIRE(document["segments"].size() == doc->segments.size());
    for (std::size_t k = 0; k < doc->segments.size(); ++k) {
      const Json& s = document["segments"][k];
      CHECK(s["index"] == k);
      CHECK(s["begin"] == doc->segments[k].begin);
      CHECK(s["end"] == doc->segments[k].end);
      CHECK(s["paragraph"] == doc->segments[k].paragraph);
      CHECK(s["text"] == text->substr(s["begin"].get<std::size_t>(),
                                      s["end"].get<std::size_t>() - s["begin"].get<std::size_t>()));
    }
  }
  std::vector<std::uint32_t> source;
  std::vector<std::uint32_t> target;
  for (const Json& bead : json["beads"]) {
    for (const Json& i : bead["source"]) source.push_back(i);
    for (const Json& j : bead["target"]) target.push_back(j);
    CHECK(bead["confidence"].get<double>() >= 0);
    CHECK(bead["confidence"].get<double>() <= 1);
  }
  CHECK(source == iota(5));
  CHECK(target == iota(5));
  CHECK(json["beads"][1]["target"] == Json::array());
  REQUIRE(json["findings"].size() == 3);
  const Json& omission = json["findings"][0];
  CHECK(omission["kind"] == "omission");
  CHECK(omission["severity"] == "error");
  CHECK(omission["code"] == "omission.test");
  CHECK(omission["source"] == Json::array({1}));
  CHECK(omission["target"] == Json::array());
  CHECK(omission["message"] == "1 source segment with no counterpart in the target");
  CHECK(omission["confidence"] == 0.75);
  for (const char* field : {"source_begin", "source_end", "target_begin", "target_end"})
    CHECK(omission.contains(field));
}

TEST_CASE("Compact JSON is one line with the same content as the indented report", "[report]") {
  Example example;
  WriteOptions compact;
  compact.compact = true;
  const std::string line = json_of(example.report, compact);
  CHECK(count(line, "\n") == 1);
  CHECK(line.back() == '\n');
  CHECK(Json::parse(line) == Json::parse(json_of(example.report)));
  // The indented report: one segment, bead or finding per line.
  const std::string indented = json_of(example.report);
  CHECK(count(indented, "\n") >= 10 + 6 + 3);
}

TEST_CASE("JSON escapes quotes, backslashes, control characters, U+2028 and invalid UTF-8",
          "[report]") {
  const std::string nasty =
      "say \"hi\" \\ path\t\x01\x1f\x7f end \xe2\x80\xa8 and \xe2\x80\xa9 bad \xff\xc3 </script>";
  Pair pair({nasty}, {"ok"});
  pair.bead(1, 1);
  pair.report.source_path = "dir\\\"quoted\".txt";
  pair.report.findings.push_back(
      finding(FindingKind::kDrift, Severity::kInfo, {0}, {0}, "message with \"" + nasty));
  const std::string text = json_of(pair.report);
  // No raw control character (other than the line breaks of the layout) and no raw U+2028.
  for (const char c : text) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
  CHECK(count(text, "\xe2\x80\xa8") == 0);
  CHECK(count(text, "\\u2028") == 2);
  CHECK(count(text, "\\u0001") == 2);
  const Json json = Json::parse(text);
  const std::string expected =
      "say \"hi\" \\ path\t\x01\x1f\x7f end \xe2\x80\xa8 and \xe2\x80\xa9 bad \xef\xbf\xbd\xef\xbf"
      "\xbd </script>";
  CHECK(json["source"]["segments"][0]["text"] == expected);
  CHECK(json["source"]["path"] == "dir\\\"quoted\".txt");
  CHECK(json["findings"][0]["message"] == "message with \"" + expected);
}

// --- TMX ----------------------------------------------------------------------------------

TEST_CASE("TMX has the 1.4b header and one tu per bead with both sides, bead type, confidence",
          "[report]") {
  Example example;
  const std::string tmx = tmx_of(example.report);
  CHECK_THAT(tmx, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                    "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">"));
  for (const char* attribute :
       {"creationtool=\"tralign\"", "creationtoolversion=\"", "segtype=\"sentence\"", "o-tmf=\"",
        "adminlang=\"en\"", "srclang=\"en\"", "datatype=\"plaintext\""})
    CHECK_THAT(tmx, Catch::Contains(attribute));
  CHECK(count(tmx, "<tu ") == 4);
  CHECK(elements(tmx, "prop") ==
        std::vector<std::string>{"1-1", "0.98", "1-1", "0.97", "1-1", "0.8", "1-1", "1"});
  CHECK_THAT(tmx, Catch::Contains("<tu tuid=\"3\">"));  // the bead's index
  CHECK(elements(tmx, "seg") ==
        std::vector<std::string>{"A Walk Through Old Town", "Ein Spaziergang durch die Altstadt",
                                 "The tour starts at 10:30.", "Die Führung beginnt um 10:30 Uhr.",
                                 "It costs 12 euros.", "Sie kostet 13 Euro.", "Follow us.",
                                 "Folgen Sie uns."});
  CHECK(count(tmx, "<tuv xml:lang=\"en\">") == 4);
  CHECK(count(tmx, "<tuv xml:lang=\"de\">") == 4);
}

TEST_CASE("TMX is valid against the TMX 1.4b DTD, also with XML specials in the texts",
          "[report]") {
  if (!have_xmllint()) {
    WARN("xmllint is missing (Debian: libxml2-utils); TMX validation skipped");
    return;
  }
  Example example;
  require_valid_tmx(tmx_of(example.report));
  Pair nasty({"a < b && c > \"d\" 'e' ]]> \x01\x0b\x1f \xef\xbf\xbe bad\xff"}, {"<x/>&amp;"});
  nasty.report.source.lang = "";  // written as "und"
  nasty.bead(1, 1);
  const std::string tmx = tmx_of(nasty.report);
  require_valid_tmx(tmx);
  CHECK_THAT(tmx, Catch::Contains("srclang=\"und\""));
  const auto segs = elements(tmx, "seg");
  REQUIRE(segs.size() == 2);
  CHECK(unescape_xml(segs[0]) ==
        "a < b && c > \"d\" 'e' ]]> \xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd bad\xef\xbf\xbd");
  CHECK(unescape_xml(segs[1]) == "<x/>&amp;");
  // A broken document is caught, so the check is not vacuous.
  std::string broken = tmx_of(example.report);
  broken.replace(broken.find("segtype=\"sentence\""), 18, "segtype=\"word\"");
  std::string messages;
  CHECK(xmllint(broken, "out.tmx", "--valid --dtdvalid tmx14.dtd", messages) != 0);
}

// --- XLIFF --------------------------------------------------------------------------------

TEST_CASE("XLIFF 1.2 has a trans-unit per bead with both sides and the findings as notes",
          "[report]") {
  Example example;
  const std::string xliff = xliff_of(example.report);
  CHECK_THAT(xliff, Catch::Contains(
                        "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"));
  CHECK_THAT(xliff, Catch::Contains("original=\"en.txt\" source-language=\"en\" "
                                    "target-language=\"de\" datatype=\"plaintext\""));
  CHECK(count(xliff, "<trans-unit ") == 4);
  CHECK(elements(xliff, "source").size() == 4);
  CHECK(elements(xliff, "target").size() == 4);
  CHECK(elements(xliff, "context") ==
        std::vector<std::string>{"1-1", "0.98", "1-1", "0.97", "1-1", "0.8", "1-1", "1"});
  // The omission and the addition are in 1-0 and 0-1 beads, which are not trans-units: their
  // notes are in the header. The mismatch is a note of its bead's trans-unit.
  const std::string header = xliff.substr(0, xliff.find("</header>"));
  CHECK_THAT(header, Catch::Contains("priority=\"1\" annotates=\"source\">error omission "
                                     "(omission.test): 1 source segment"));
  CHECK_THAT(header, Catch::Contains("priority=\"2\" annotates=\"target\">warning addition"));
  const std::string unit = xliff.substr(xliff.find("<trans-unit id=\"4\">"));
  CHECK_THAT(unit.substr(0, unit.find("</trans-unit>")),
             Catch::Contains("priority=\"2\" annotates=\"general\">warning mismatch "
                             "(mismatch.test): 12 is not 13</note>"));
  CHECK(count(xliff, "<note ") == 3);
}

TEST_CASE("XLIFF is valid against the XLIFF 1.2 schema, also with XML specials everywhere",
          "[report]") {
  if (!have_xmllint()) {
    WARN("xmllint is missing (Debian: libxml2-utils); XLIFF validation skipped");
    return;
  }
  Example example;
  require_valid_xliff(xliff_of(example.report));
  Pair nasty({"<b>bold</b> & \"q\" \x02\x1b[31m"}, {"ok > fine"});
  nasty.report.source_path = "a\"b<c>&d.txt";
  nasty.bead(1, 1);
  nasty.report.findings.push_back(finding(FindingKind::kUntranslated, Severity::kInfo, {0}, {0},
                                          "note with <tags> & \"quotes\"\nand a line break"));
  const std::string xliff = xliff_of(nasty.report);
  require_valid_xliff(xliff);
  CHECK(unescape_xml(elements(xliff, "source").at(0)) ==
        "<b>bold</b> & \"q\" \xef\xbf\xbd\xef\xbf\xbd[31m");
  CHECK(unescape_xml(elements(xliff, "note").at(0)) ==
        "info untranslated (untranslated.test): note with <tags> & \"quotes\" and a line break");
  CHECK_THAT(xliff, Catch::Contains("original=\"a&quot;b&lt;c&gt;&amp;d.txt\""));
  // A broken document is caught, so the check is not vacuous.
  std::string broken = xliff_of(example.report);
  broken.replace(broken.find("priority=\"1\""), 12, "priority=\"11\"");
  std::string messages;
  CHECK(xmllint(broken, "out.xlf", "--schema xliff-core-1.2-subset.xsd", messages) != 0);
}

// --- every segment once, in every pair format ---------------------------------------------

TEST_CASE("Each pair format holds every segment of its beads once and no other", "[report]") {
  Pair pair(numbered(30, "Source"), numbered(26, "Target"), 4);
  pair.bead(2, 1).bead(1, 1).bead(1, 0).bead(3, 2);
  while (pair.report.alignment.beads.back().target_end < 24) pair.bead(1, 1);
  pair.bead(30 - pair.report.alignment.beads.back().source_end, 2);
  // The texts of the segments in written beads (both sides non-empty), in order.
  std::vector<std::string> expected;
  for (const Bead& b : pair.report.alignment.beads) {
    if (b.source_count() == 0 || b.target_count() == 0) continue;
    for (auto i = b.source_begin; i < b.source_end; ++i)
      expected.push_back(numbered(30, "Source")[i]);
    for (auto j = b.target_begin; j < b.target_end; ++j)
      expected.push_back(numbered(26, "Target")[j]);
  }
  // Every sentence ends in "N." and is followed by a space or the end of its field.
  const auto split = [](const std::vector<std::string>& fields) {
    std::vector<std::string> out;
    const std::regex sentence(R"((?:Source|Target) \d+\.)");
    for (const std::string& field : fields)
      for (auto it = std::sregex_iterator(field.begin(), field.end(), sentence);
           it != std::sregex_iterator(); ++it)
        out.push_back(it->str());
    return out;
  };
  std::vector<std::string> tsv_fields;
  for (const std::string& line : lines_of(tsv_of(pair.report))) {
    tsv_fields.push_back(line.substr(0, line.find('\t')));
    tsv_fields.push_back(line.substr(line.find('\t') + 1));
  }
  CHECK(split(tsv_fields) == expected);
  CHECK(split(elements(tmx_of(pair.report), "seg")) == expected);
  std::vector<std::string> xliff_fields;
  const std::string xliff = xliff_of(pair.report);
  const auto sources = elements(xliff, "source");
  const auto targets = elements(xliff, "target");
  REQUIRE(sources.size() == targets.size());
  for (std::size_t k = 0; k < sources.size(); ++k) {
    xliff_fields.push_back(sources[k]);
    xliff_fields.push_back(targets[k]);
  }
  CHECK(split(xliff_fields) == expected);
}

// --- report validation --------------------------------------------------------------------

TEST_CASE("A report that is not self-consistent is an InputError and nothing is written",
          "[report]") {
  const auto check_all = [](const Report& report, const char* what) {
    INFO(what);
    std::ostringstream out;
    CHECK_THROWS_AS(tralign::write_beads(out, report), tralign::InputError);
    CHECK_THROWS_AS(tralign::write_tsv(out, report), tralign::InputError);
    CHECK_THROWS_AS(tralign::write_json(out, report), tralign::InputError);
    CHECK_THROWS_AS(tralign::write_tmx(out, report), tralign::InputError);
    CHECK_THROWS_AS(tralign::write_xliff(out, report), tralign::InputError);
    CHECK_THROWS_AS(tralign::write_text(out, report), tralign::InputError);
    CHECK_THROWS_AS(tralign::write_html(out, report), tralign::InputError);
    CHECK(out.str().empty());
  };
  {
    Example example;
    example.report.source.segments[2].end = 10'000;
    check_all(example.report, "a segment outside its text");
  }
  {
    Example example;
    example.report.alignment.beads.back().target_end = 6;
    check_all(example.report, "a bead past the last segment");
  }
  {
    Example example;
    example.report.findings[0].source = {5};
    check_all(example.report, "a finding naming a missing segment");
  }
}

// --- helpers shared by the writers --------------------------------------------------------

TEST_CASE("Confidences are written with at most four decimals, clamped to [0, 1]", "[report]") {
  using tralign::report_util::format_confidence;
  CHECK(format_confidence(0.98) == "0.98");
  CHECK(format_confidence(1.0) == "1");
  CHECK(format_confidence(1.7) == "1");
  CHECK(format_confidence(0.0) == "0");
  CHECK(format_confidence(-3) == "0");
  CHECK(format_confidence(std::nan("")) == "0");
  CHECK(format_confidence(0.123456) == "0.1235");
  CHECK(format_confidence(0.99999) == "1");
  CHECK(format_confidence(0.00004) == "0");
}

TEST_CASE("Display width counts wide characters two columns and combining marks none", "[report]") {
  using tralign::report_util::display_width;
  CHECK(display_width("abc") == 3);
  CHECK(display_width("日本語") == 6);
  CHECK(display_width("한국어") == 6);
  CHECK(display_width("ｆｕｌｌ") == 8);   // fullwidth forms
  CHECK(display_width("e\xcc\x81") == 1);  // e + combining acute
  CHECK(display_width("a\xe2\x80\x8b"
                      "b") == 2);                 // zero-width space
  CHECK(display_width("\xf0\x9f\x98\x80") == 2);  // emoji
  CHECK(display_width("\xff") == 1);              // invalid UTF-8: U+FFFD
}

TEST_CASE("Wrapping keeps every piece within its columns and loses no character", "[report]") {
  using tralign::report_util::display_width;
  using tralign::report_util::wrap;
  const std::string text =
      "Die Führung beginnt um 10:30 Uhr. 日本語のテキストはとても長い文章です。 Cafe\xcc\x81 "
      "supercalifragilisticexpialidocious x";
  for (std::size_t columns = 1; columns <= 40; ++columns) {
    INFO(columns);
    std::string joined;
    for (const std::string_view piece : wrap(text, columns)) {
      CHECK((display_width(piece) <= columns || display_width(piece) == 2));
      joined += piece;
    }
    std::string without_spaces;
    for (const char c : text)
      if (c != ' ') without_spaces += c;
    std::string joined_without_spaces;
    for (const char c : joined)
      if (c != ' ') joined_without_spaces += c;
    CHECK(joined_without_spaces == without_spaces);
  }
}

// --- the text view ------------------------------------------------------------------------

TEST_CASE("The text view fits every width, with wide characters and combining marks", "[report]") {
  using tralign::report_util::display_width;
  Pair pair({"日本語のテキストはとても長い文章で、幅を正しく数える必要があります。",
             "Cafe\xcc\x81 cre\xcc\x80me bru\xcc\x82le\xcc\x81"
             "e with many combining marks.",
             "A plain sentence of some length that wraps."},
            {"Japanese text that is long and must be measured correctly.", "短い文。",
             "Ein einfacher Satz, der umbricht, weil er lang genug ist."});
  pair.diagonal();
  pair.report.findings.push_back(finding(FindingKind::kDrift, Severity::kWarning, {1}, {1},
                                         "a long message that must wrap under the text column "
                                         "too: 日本語のメッセージ"));
  for (const int width : {24, 30, 41, 50, 70, 71, 80, 100, 120, 200}) {
    TextViewOptions options;
    options.width = width;
    const std::string text = text_of(pair.report, options);
    INFO(text);
    for (const std::string& line : lines_of(text)) {
      INFO(line);
      CHECK(display_width(line) <= static_cast<std::size_t>(width));
    }
  }
}

TEST_CASE("The text view shows numbered segments side by side, markers and messages", "[report]") {
  Example example;
  TextViewOptions options;
  options.width = 100;
  const std::string text = text_of(example.report, options);
  const std::vector<std::string> lines = lines_of(text);
  CHECK_THAT(lines.at(0), Catch::Contains("en.txt (en)") && Catch::Contains("de.txt (de)"));
  // Width 100, one digit: a source column of (100 - 7) / 2 = 46, the marker at column 49.
  CHECK(lines.at(1) == "1 A Walk Through Old Town" + std::string(26, ' ') +
                           "1 Ein Spaziergang durch die Altstadt");
  std::size_t omitted = 0;
  std::size_t added = 0;
  std::size_t other = 0;
  for (const std::string& line : lines) {
    if (line.size() < 50) continue;
    omitted += line.substr(48, 2) == " <";
    added += line.substr(48, 2) == " >";
    other += line.substr(48, 2) == " !";
  }
  CHECK(omitted == 1);
  CHECK(added == 1);
  CHECK(other == 1);
  CHECK_THAT(text, Catch::Contains("2 By Anna Keller" + std::string(33, ' ') + "<\n"));
  CHECK_THAT(text, Catch::Contains("\n" + std::string(49, ' ') + "> 2 Stand: 3. März 2026\n"));
  CHECK_THAT(text, Catch::Contains("< error omission: 1 source segment with no counterpart"));
  CHECK_THAT(text, Catch::Contains("> warning addition: 1 target segment"));
  CHECK_THAT(text, Catch::Contains("! warning mismatch: 12 is not 13"));
  std::string flat = text;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  CHECK_THAT(flat, Catch::EndsWith("  6 beads, 5 source and 5 target segments (numbered from 1); "
                                   "3 findings: 1 omission, 1 addition, 1 mismatch (1 error, 2 "
                                   "warning) "));
  // Every segment once: its number and its text.
  for (const char* sentence :
       {"A Walk Through Old Town", "By Anna Keller", "The tour starts at 10:30.",
        "It costs 12 euros.", "Follow us.", "Stand: 3. März 2026", "Folgen Sie uns."})
    CHECK(count(text, sentence) == 1);
}

TEST_CASE("Colours only when asked: red omissions, green additions, yellow others", "[report]") {
  Example example;
  TextViewOptions options;
  CHECK(count(text_of(example.report, options), "\x1b") == 0);
  options.color = true;
  const std::string text = text_of(example.report, options);
  CHECK_THAT(text, Catch::Contains("\x1b[31m<") && Catch::Contains("\x1b[31mBy Anna Keller"));
  CHECK_THAT(text, Catch::Contains("\x1b[32m>") && Catch::Contains("\x1b[32mStand: 3. März"));
  CHECK_THAT(text, Catch::Contains("\x1b[33m!"));
  CHECK_THAT(text, Catch::Contains("\x1b[0m"));
  // Without the escape sequences it is the plain view.
  options.color = false;
  CHECK(std::regex_replace(text, std::regex("\x1b\\[[0-9;]*m"), "") ==
        text_of(example.report, options));
}

TEST_CASE("Control characters in the texts reach the terminal only as Control Pictures",
          "[report]") {
  Pair pair({"evil \x1b]0;title\x07 and \x1b[2J clear\x9b"}, {"fine"});
  pair.bead(1, 1);
  pair.report.source_path = "name\x1b[31m.txt";
  TextViewOptions options;
  options.width = 200;
  const std::string text = text_of(pair.report, options);
  CHECK(count(text, "\x1b") == 0);
  CHECK(count(text, "\x07") == 0);
  CHECK_THAT(text, Catch::Contains("evil ␛]0;title␇ and ␛[2J clear"));
  CHECK_THAT(text, Catch::Contains("name␛[31m.txt"));
}

TEST_CASE("Only problems shows the beads with findings, their context and ... for the rest",
          "[report]") {
  Pair pair(numbered(30, "Source"), numbered(30, "Target"));
  pair.diagonal();
  pair.report.findings.push_back(
      finding(FindingKind::kDrift, Severity::kWarning, {14}, {14}, "drift here"));
  TextViewOptions options;
  options.width = 100;
  options.only_problems = true;
  options.context = 2;
  const std::string text = text_of(pair.report, options);
  for (int k = 0; k < 30; ++k) {
    const bool shown = k >= 12 && k <= 16;
    INFO(k);
    CHECK(count(text, "Source " + std::to_string(k) + ".") == (shown ? 1u : 0u));
  }
  CHECK(count(text, "\n...\n") == 2);
  CHECK_THAT(text, Catch::Contains("! warning drift: drift here"));
  options.context = 0;
  const std::string tight = text_of(pair.report, options);
  CHECK(count(tight, "Source 13.") == 0);
  CHECK(count(tight, "Source 14.") == 1);
  // Without findings nothing but the header, a gap and the summary.
  pair.report.findings.clear();
  CHECK(lines_of(text_of(pair.report, options)).size() == 4);
}

TEST_CASE("Text view options are validated: width below 1 and negative context are errors",
          "[report]") {
  Example example;
  std::ostringstream out;
  TextViewOptions options;
  options.width = 0;
  CHECK_THROWS_WITH(tralign::write_text(out, example.report, options), Catch::Contains("width"));
  options.width = 80;
  options.context = -1;
  CHECK_THROWS_WITH(tralign::write_text(out, example.report, options), Catch::Contains("context"));
  CHECK(out.str().empty());
  options.context = 0;
  options.width = 1;  // laid out as 24
  for (const std::string& line : lines_of(text_of(example.report, options)))
    CHECK(tralign::report_util::display_width(line) <= 24);
}
