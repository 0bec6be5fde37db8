// Tests of the segmentation module: edge cases first, then properties, languages, the
// golden-rule set and the canonical example.
#include "tralign/segment.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tralign/error.h"

namespace {

using tralign::InputMode;
using tralign::Segment;
using tralign::Segmenter;
using tralign::SegmenterOptions;

// The texts of the segments of `text`.
std::vector<std::string> split(std::string_view text, const std::string& lang = "",
                               InputMode input = InputMode::kText) {
  SegmenterOptions options;
  options.lang = lang;
  options.input = input;
  std::vector<std::string> result;
  for (const Segment& s : Segmenter(options).segment(text))
    result.emplace_back(text.substr(s.begin, s.end - s.begin));
  return result;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("Empty text and blank lines give no segments", "[segment]") {
  CHECK(split("").empty());
  CHECK(split("\n\n  \n\t\r\n").empty());
  CHECK(split("\xEF\xBB\xBF").empty());
}

TEST_CASE("A leading BOM is skipped and offsets point into the original bytes", "[segment]") {
  const std::string text = "\xEF\xBB\xBFHello there. How are you?";
  const auto segments = Segmenter().segment(text);
  REQUIRE(segments.size() == 2);
  CHECK(segments[0].begin == 3);
  CHECK(text.substr(segments[1].begin, segments[1].end - segments[1].begin) == "How are you?");
}

TEST_CASE("LF, CRLF and CR line ends each end a paragraph", "[segment]") {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    const std::string text = "Title line" + eol + eol + "First one. Second one." + eol;
    const auto segments = Segmenter().segment(text);
    REQUIRE(segments.size() == 3);
    CHECK(segments[0].paragraph == 0);
    CHECK(segments[1].paragraph == 1);
    CHECK(segments[2].paragraph == 1);
    CHECK(split(text) == Strings{"Title line", "First one.", "Second one."});
  }
}
