// Tests of the checks (check.h): each finding kind on small texts, severities, the ignore
// options, option validation, and the canonical example.
#include "tralign/check.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "check_text.h"
#include "tralign/error.h"
#include "tralign/tralign.h"

namespace {

using tralign::Finding;
using tralign::FindingKind;
using tralign::Severity;

const std::filesystem::path kSourceDir = TRALIGN_SOURCE_DIR;
const std::filesystem::path kSharedDir = TRALIGN_SHARED_DIR;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

tralign::Options options_for(const char* source_lang, const char* target_lang) {
  tralign::Options options;
  options.source.lang = source_lang;
  options.target.lang = target_lang;
  return options;
}

std::vector<Finding> diff(const std::string& source, const std::string& target,
                          const tralign::Options& options) {
  return tralign::Aligner(options).diff(source, target).findings;
}

// The findings at warning or above.
std::vector<Finding> serious(const std::vector<Finding>& findings) {
  std::vector<Finding> out;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
               [](const Finding& f) { return f.severity >= Severity::kWarning; });
  return out;
}

const Finding* find_kind(const std::vector<Finding>& findings, FindingKind kind) {
  const auto it = std::find_if(findings.begin(), findings.end(),
                               [kind](const Finding& f) { return f.kind == kind; });
  return it == findings.end() ? nullptr : &*it;
}

const std::string kMuseumEn =
    "The museum opens at nine in the morning.\n"
    "Tickets cost 12 euros for adults and 6 euros for children.\n"
    "The collection includes paintings from the seventeenth century.\n"
    "Guided tours start every hour from the main entrance.\n"
    "The café on the second floor serves lunch until three.\n"
    "Visit our website at https://museum.example.org for details.\n"
    "The museum is closed on Mondays and public holidays.\n";

const std::string kMuseumDe =
    "Das Museum öffnet um neun Uhr morgens.\n"
    "Eintrittskarten kosten 12 Euro für Erwachsene und 6 Euro für Kinder.\n"
    "Die Sammlung umfasst Gemälde aus dem siebzehnten Jahrhundert.\n"
    "Führungen beginnen jede Stunde am Haupteingang.\n"
    "Das Café im zweiten Stock serviert Mittagessen bis drei Uhr.\n"
    "Besuchen Sie unsere Website unter https://museum.example.org für Einzelheiten.\n"
    "Das Museum ist montags und an Feiertagen geschlossen.\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

TEST_CASE("A faithful translation has no finding at warning or above", "[check]") {
  const auto findings = diff(kMuseumEn, kMuseumDe, options_for("en", "de"));
  CHECK(serious(findings).empty());
}

TEST_CASE("A number that differs inside a bead is a mismatch on that bead", "[check]") {
  const std::string de = replace(kMuseumDe, "kosten 12 Euro", "kosten 15 Euro");
  const auto findings = serious(diff(kMuseumEn, de, options_for("en", "de")));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::kMismatch);
  CHECK(findings[0].source == std::vector<std::uint32_t>{1});
  CHECK(findings[0].target == std::vector<std::uint32_t>{1});
  CHECK(findings[0].message.find("12") != std::string::npos);
  CHECK(findings[0].message.find("15") != std::string::npos);
}

// The number differences between one source and one target segment (check_text.h), as
// "code: message" lines.
std::vector<std::string> number_differences(const std::string& source, const char* source_lang,
                                            const std::string& target, const char* target_lang) {
  const auto s = tralign::internal::analyze(source, source_lang);
  const auto t = tralign::internal::analyze(target, target_lang);
  std::vector<std::string> out;
  for (const auto& d : tralign::internal::compare_entities({&s.entities}, {&t.entities}))
    out.push_back(d.code + ": " + d.message);
  return out;
}

TEST_CASE("Numbers a translation writes its own way are no mismatch", "[check]") {
  using Strings = std::vector<std::string>;
  // A name's number dropped, a month as its name, a time and a scale in CJK words (with and
  // without a space before them), lakh, Han numerals.
  CHECK(number_differences("Covid-19 cases rose.", "en", "新冠病例增加。", "zh").empty());
  CHECK(number_differences("The G7 met.", "en", "七国集团开会了。", "zh").empty());
  CHECK(number_differences("It closed in December.", "en", "它在 12 月关闭。", "zh").empty());
  CHECK(number_differences("It closed in November.", "en", "11月に閉館した。", "ja").empty());
  CHECK(number_differences("By 7pm we boarded.", "en", "晚上 7 点，我们登船了。", "zh").empty());
  CHECK(number_differences("By 7pm we boarded.", "en", "晚上7点，我们登船了。", "zh").empty());
  CHECK(number_differences("At 15:30 it was issued.", "en", "15时30分发布。", "zh").empty());
  CHECK(number_differences("At seven o'clock.", "en", "7 点多。", "zh").empty());
  CHECK(number_differences("It was $266.5 million.", "en", "为 2.665 亿澳元。", "zh").empty());
  CHECK(number_differences("It nears 14 lakh.", "en", "接近 140 万例。", "zh").empty());
  CHECK(number_differences("It nears 14 lakh.", "en", "Es nähert sich 1.400.000.", "de").empty());
  CHECK(number_differences("It lasted 20 years.", "en", "持续了二十年。", "zh").empty());
  CHECK(number_differences("Article 22 applies.", "en", "第二十二条适用。", "zh").empty());
  CHECK(number_differences("It began in 2021.", "en", "二〇二一年开始。", "zh").empty());
  CHECK(number_differences("They are 1,400,000.", "en", "共一百四十万。", "zh").empty());
  CHECK(number_differences("Plans 14 and 5.", "en", "十四五。", "zh").empty());
  // A number in Han numerals that the source does not hold is not reported either.
  CHECK(number_differences("It lasted long.", "en", "持续了二十年。", "zh").empty());
  // What still differs is still found.
  CHECK(number_differences("At 15:30 it was issued.", "en", "15时40分发布。", "zh") ==
        Strings{"mismatch.number: numbers differ: 15:30 in the source, 15时40分 in the target"});
  CHECK(number_differences("Covid-19 cases rose by 900.", "en", "新冠病例增加了800例。", "zh") ==
        Strings{"mismatch.number: numbers differ: 900 in the source, 800 in the target"});
  CHECK(number_differences("It was $266.5 million.", "en", "为 2.675 亿澳元。", "zh") ==
        Strings{"mismatch.number: numbers differ: 266.5 in the source, 2.675 in the target"});
  CHECK(number_differences("It lasted 30 years.", "en", "持续了二十年。", "zh") ==
        Strings{"mismatch.number: numbers missing from the target: 30"});
  // A letter between two numbers is no name: 20x16 against 16x12 loses the 12.
  CHECK(number_differences("Prints of 20x16 inches.", "en", "Drucke mit 16x12 Zoll.", "de") ==
        Strings{"mismatch.number: numbers differ: 20 in the source, 12 in the target"});
}

TEST_CASE("A URL that differs inside a bead is a mismatch", "[check]") {
  const std::string de =
      replace(kMuseumDe, "https://museum.example.org", "https://museum.example.de");
  const auto findings = serious(diff(kMuseumEn, de, options_for("en", "de")));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::kMismatch);
  CHECK(findings[0].source == std::vector<std::uint32_t>{5});
}

TEST_CASE("A target segment copied from the source is untranslated", "[check]") {
  const std::string de = replace(kMuseumDe, "Führungen beginnen jede Stunde am Haupteingang.",
                                 "Guided tours start every hour from the main entrance.");
  const auto findings = serious(diff(kMuseumEn, de, options_for("en", "de")));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::kUntranslated);
  CHECK(findings[0].target == std::vector<std::uint32_t>{3});
}

TEST_CASE("A message quotes a segment on one line: its tabs and line breaks as spaces", "[check]") {
  // Lines end at LF and CR only (InputMode::kLines): VT, FF, FS-RS, NEL, LS and PS stay inside.
  const std::string copied =
      "Guided\ttours\vstart\fevery\x1Chour\x1D"
      "from\x1Ethe\xC2\x85main\u2028entrance\u2029now.";
  tralign::Options options = options_for("en", "de");
  options.source.input = options.target.input = tralign::InputMode::kLines;
  const std::string en =
      replace(kMuseumEn, "Guided tours start every hour from the main entrance.", copied);
  const std::string de =
      replace(kMuseumDe, "Führungen beginnen jede Stunde am Haupteingang.", copied);
  const auto findings = serious(diff(en, de, options));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::kUntranslated);
  CHECK(findings[0].message ==
        "target segment is a copy of the source: "
        "\u201cGuided tours start every hour from the main entrance now.\u201d");
}

TEST_CASE("A target segment left in the source's script is untranslated", "[check]") {
  const std::string en =
      "The museum opens at nine in the morning.\n"
      "Tickets cost twelve euros for adults and six euros for children.\n"
      "The collection includes paintings from the seventeenth century.\n"
      "Guided tours start every hour from the main entrance, and they last about fifty "
      "minutes.\n"
      "The café on the second floor serves lunch until three.\n";
  const std::string zh =
      "博物馆早上九点开门。\n"
      "成人票价十二欧元，儿童六欧元。\n"
      "这些收藏包括十七世纪的绘画。\n"
      "Guided tours start at the main entrance every hour and last about fifty minutes.\n"
      "二楼的咖啡馆供应午餐到三点。\n";
  const auto findings = serious(diff(en, zh, options_for("en", "zh")));
  const Finding* untranslated = find_kind(findings, FindingKind::kUntranslated);
  REQUIRE(untranslated != nullptr);
  CHECK(untranslated->target == std::vector<std::uint32_t>{3});
}

TEST_CASE("The example pair reports the added date line and the dropped last line", "[check]") {
  const std::string en = read_file(kSourceDir / "examples/data/en.txt");
  const std::string de = read_file(kSourceDir / "examples/data/de.txt");
  REQUIRE(!en.empty());
  const tralign::Report report = tralign::Aligner(options_for("en", "de")).diff(en, de);
  const auto findings = serious(report.findings);
  REQUIRE(findings.size() == 2);
  const Finding* addition = find_kind(findings, FindingKind::kAddition);
  const Finding* omission = find_kind(findings, FindingKind::kOmission);
  REQUIRE(addition != nullptr);
  REQUIRE(omission != nullptr);
  CHECK(addition->source.empty());
  CHECK(addition->target == std::vector<std::uint32_t>{1});
  CHECK(omission->target.empty());
  CHECK(omission->source ==
        std::vector<std::uint32_t>{static_cast<std::uint32_t>(report.source.segments.size() - 1)});
  // The byte ranges cover the segments named.
  const auto& added = report.target.segments[1];
  CHECK(addition->target_begin == added.begin);
  CHECK(addition->target_end == added.end);
}

// A made-up language: every English word spelled backwards with a suffix, in the same order.
// Lengths stay proportional, and the only way to tell the sentences apart is their words.
std::string made_up(const std::string& sentence) {
  std::string out, word;
  auto flush = [&]() {
    if (word.empty()) return;
    out += std::string(word.rbegin(), word.rend()) + "u";
    word.clear();
  };
  for (char c : sentence) {
    if (c == ' ' || c == '.') {
      flush();
      out += c;
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

TEST_CASE("A short dropped sentence beside a long one is found with the document's lexicon",
          "[check]") {
  // Forty sentences from a small vocabulary (so that words recur), one per line.
  const std::vector<std::string> nouns = {
      "river",   "village", "teacher", "harvest", "bridge",  "market", "winter", "doctor",
      "garden",  "letter",  "kitchen", "soldier", "island",  "forest", "castle", "engine",
      "pilgrim", "lantern", "meadow",  "orchard", "harbour", "valley", "tower",  "farmer",
      "station", "library", "painter", "sailor",  "chapel",  "window"};
  const std::vector<std::string> verbs = {"crossed",  "painted", "opened",  "visited",
                                          "closed",   "guarded", "mended",  "watched",
                                          "sketched", "counted", "praised", "followed"};
  std::vector<std::string> sentences;
  unsigned state = 7;
  auto next = [&state](std::size_t n) {
    state = state * 1103515245U + 12345U;
    return static_cast<std::size_t>((state >> 16) % n);
  };
  for (int k = 0; k < 40; ++k) {
    std::string s = "the " + nouns[next(nouns.size())] + " " + verbs[next(verbs.size())] + " the " +
                    nouns[next(nouns.size())];
    if (k % 3 != 1) {
      s += " near the " + nouns[next(nouns.size())] + " and the " + nouns[next(nouns.size())] +
           " after the " + nouns[next(nouns.size())];
    }
    sentences.push_back(s + ".");
  }
  constexpr std::uint32_t kDropped = 19;  // short (k % 3 == 1), between two long ones
  std::string source, target;
  for (std::uint32_t k = 0; k < sentences.size(); ++k) {
    source += sentences[k] + "\n";
    if (k != kDropped) target += made_up(sentences[k]) + "\n";
  }
  tralign::Options options = options_for("en", "en");
  options.source.input = tralign::InputMode::kLines;
  options.target.input = tralign::InputMode::kLines;
  const auto findings = serious(diff(source, target, options));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == FindingKind::kOmission);
  CHECK(findings[0].source == std::vector<std::uint32_t>{kDropped});
}

TEST_CASE("Ignored kinds are never reported", "[check]") {
  const std::string de = replace(kMuseumDe, "kosten 12 Euro", "kosten 15 Euro");
  tralign::Options options = options_for("en", "de");
  options.check.ignore_kinds = {FindingKind::kMismatch};
  const auto findings = diff(kMuseumEn, de, options);
  CHECK(find_kind(findings, FindingKind::kMismatch) == nullptr);
}

TEST_CASE("A finding whose segments match an ignore pattern is dropped", "[check]") {
  const std::string de = replace(kMuseumDe, "Führungen beginnen jede Stunde am Haupteingang.",
                                 "Guided tours start every hour from the main entrance.");
  tralign::Options options = options_for("en", "de");
  options.check.ignore_patterns = {"^Guided tours"};
  CHECK(serious(diff(kMuseumEn, de, options)).empty());
  options.check.ignore_patterns = {"^Something else"};
  CHECK(serious(diff(kMuseumEn, de, options)).size() == 1);
}

TEST_CASE("Findings are ordered by position and their confidence is a probability", "[check]") {
  std::string de = replace(kMuseumDe, "kosten 12 Euro", "kosten 15 Euro");
  de = replace(de, "https://museum.example.org", "https://museum.example.de");
  const auto findings = diff(kMuseumEn, de, options_for("en", "de"));
  REQUIRE(findings.size() >= 2);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    CHECK(findings[i].confidence >= 0.0);
    CHECK(findings[i].confidence <= 1.0);
    CHECK(!findings[i].code.empty());
    CHECK(!findings[i].message.empty());
    if (i > 0 && !findings[i].source.empty() && !findings[i - 1].source.empty())
      CHECK(findings[i - 1].source.front() <= findings[i].source.front());
  }
}

TEST_CASE("Kind and severity names round-trip and unknown names are rejected", "[check]") {
  for (const FindingKind kind :
       {FindingKind::kOmission, FindingKind::kAddition, FindingKind::kUntranslated,
        FindingKind::kDrift, FindingKind::kMismatch})
    CHECK(tralign::parse_finding_kind(tralign::to_string(kind)) == kind);
  for (const Severity severity : {Severity::kInfo, Severity::kWarning, Severity::kError})
    CHECK(tralign::parse_severity(tralign::to_string(severity)) == severity);
  CHECK_THROWS_AS(tralign::parse_finding_kind("typo"), tralign::OptionsError);
  CHECK_THROWS_AS(tralign::parse_severity("fatal"), tralign::OptionsError);
}

TEST_CASE("Invalid check options are rejected with the field named", "[check]") {
  tralign::CheckOptions options;
  options.error_posterior = 2.0;
  CHECK_THROWS_WITH(options.validate(), Catch::Contains("error_posterior"));
  options = {};
  options.copy_similarity = -0.5;
  CHECK_THROWS_AS(options.validate(), tralign::OptionsError);
  options = {};
  options.lexicon_outlier = 0.0;
  CHECK_THROWS_WITH(options.validate(), Catch::Contains("lexicon_outlier"));
  options = {};
  options.lexicon_rounds = 0;
  CHECK_THROWS_WITH(options.validate(), Catch::Contains("lexicon_rounds"));
  options = {};
  options.ignore_patterns = {"("};
  CHECK_THROWS_AS(options.validate(), tralign::OptionsError);
}

TEST_CASE("The canonical example reports the added date and the dropped byline only",
          "[check][shared]") {
  const std::filesystem::path dir = kSharedDir / "data" / "cxtweetchat";
  if (!std::filesystem::exists(dir / "en.txt")) {
    WARN("skipped: " << dir.string() << " is absent");
    return;
  }
  const std::string en = read_file(dir / "en.txt");
  const std::string de = read_file(dir / "de.txt");
  const tralign::Report report = tralign::Aligner(options_for("en", "de")).diff(en, de);
  const auto findings = serious(report.findings);
  REQUIRE(findings.size() == 2);
  const Finding* addition = find_kind(findings, FindingKind::kAddition);
  const Finding* omission = find_kind(findings, FindingKind::kOmission);
  REQUIRE(addition != nullptr);
  REQUIRE(omission != nullptr);
  CHECK(addition->target == std::vector<std::uint32_t>{1});
  CHECK(report.target.text.substr(report.target.segments[1].begin, 15) == "Veröffentlicht");
  const std::uint32_t n = static_cast<std::uint32_t>(report.source.segments.size());
  CHECK(omission->source == std::vector<std::uint32_t>{n - 3, n - 2, n - 1});
  CHECK(report.source.text.substr(report.source.segments[n - 3].begin, 11) == "Share this:");
}

}  // namespace
