// segment_fuzz: Segmenter::segment() on random bytes, on random valid UTF-8 and with every
// language tag ICU knows (plus malformed ones). Invalid input must raise EncodingError at the
// first bad byte (InputError for a NUL byte); valid input must keep every segment invariant
// (fuzz_util.h) and give the same segments twice.
#include <fuzzer/FuzzedDataProvider.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_util.h"
#include "tralign/error.h"
#include "tralign/segment.h"

namespace {

using tralign::InputMode;
using tralign::Segmenter;
using tralign::SegmenterOptions;

// Every locale ICU has data for, as a BCP 47 tag, plus the project's examples and some
// malformed or unusual tags.
const std::vector<std::string>& language_tags() {
  static const std::vector<std::string> tags = [] {
    std::vector<std::string> result = {"",
                                       "en",
                                       "de",
                                       "zh-Hant",
                                       "pt-BR",
                                       "ja",
                                       "th",
                                       "ar",
                                       "und",
                                       "x-private",
                                       "en_US",
                                       "e",
                                       "english",
                                       "de--DE",
                                       "123",
                                       "en-",
                                       "-en",
                                       "a b",
                                       "zh-Hant-TW-u-nu-hanidec",
                                       "\xff\xfe",
                                       "i-klingon",
                                       "sr-Latn-RS",
                                       "root"};
    int32_t count = 0;
    const icu::Locale* locales = icu::Locale::getAvailableLocales(count);
    for (int32_t i = 0; i < count; ++i) {
      char tag[ULOC_FULLNAME_CAPACITY] = {};
      UErrorCode status = U_ZERO_ERROR;
      uloc_toLanguageTag(locales[i].getName(), tag, sizeof tag, /*strict=*/1, &status);
      if (U_SUCCESS(status)) result.emplace_back(tag);
    }
    return result;
  }();
  return tags;
}

// Segmenters are built once per (tag, mode), as a real caller would; nullptr for a tag that
// Segmenter rejects (which must be with OptionsError).
const Segmenter* segmenter_for(const std::string& tag, InputMode input) {
  static std::map<std::pair<std::string, InputMode>, std::unique_ptr<Segmenter>> cache;
  const auto key = std::make_pair(tag, input);
  auto it = cache.find(key);
  if (it == cache.end()) {
    std::unique_ptr<Segmenter> segmenter;
    try {
      segmenter = std::make_unique<Segmenter>(SegmenterOptions{tag, input});
    } catch (const tralign::OptionsError&) {
      // A malformed tag: rejected cleanly.
    }
    it = cache.emplace(key, std::move(segmenter)).first;
  }
  return it->second.get();
}

// Characters that matter to segmentation: ASCII punctuation and spaces, line ends, quotes,
// ellipses, CJK full stops, Thai, Arabic, combining marks, zero-width and odd spaces,
// emoji, supplementary planes.
constexpr char32_t kInteresting[] = {
    U'.',   U'!',   U'?',    U' ',    U'\n',    U'\r',  U'\t',  U'"',   U'\'',  U'(',
    U')',   U'A',   U'a',    U'Z',    U'1',     U'9',   U':',   U';',   U',',   U'-',
    0x0085, 0x00A0, 0x00AB,  0x00BB,  0x00BF,   0x00A1, 0x0301, 0x0308, 0x037E, 0x0589,
    0x061F, 0x06D4, 0x0964,  0x0E2F,  0x0E01,   0x1680, 0x2000, 0x200B, 0x200D, 0x2018,
    0x2019, 0x201C, 0x201D,  0x2026,  0x2028,   0x2029, 0x202F, 0x205F, 0x3000, 0x3001,
    0x3002, 0x300C, 0x300D,  0x30A2,  0x4E00,   0xAC00, 0xFE52, 0xFEFF, 0xFF0E, 0xFF01,
    0xFF1F, 0xFFFD, 0x1F600, 0x1F1E9, 0x10FFFF, 0xE000, 0x0410, 0x03A3, 0x05D0, 0x00DF};

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Random valid UTF-8 built from the remaining bytes: mostly interesting characters, some
// arbitrary code points (never surrogates or NUL).
std::string random_utf8(FuzzedDataProvider& data) {
  std::string text;
  while (data.remaining_bytes() > 0) {
    const std::uint8_t choice = data.ConsumeIntegral<std::uint8_t>();
    if (choice < 160) {
      append_utf8(text, kInteresting[choice % std::size(kInteresting)]);
    } else if (choice < 224) {
      text += static_cast<char>(0x20 + choice % 0x5F);  // printable ASCII
    } else {
      char32_t cp = data.ConsumeIntegralInRange<char32_t>(1, 0x10FFFF);
      if (cp >= 0xD800 && cp <= 0xDFFF) cp -= 0x800;
      append_utf8(text, cp);
    }
  }
  return text;
}

// `text` with the line ends between two lines of one paragraph (two lines that are not blank,
// with no blank line between) made spaces, byte for byte: what kParagraphs reads.
std::string joined_paragraphs(const std::string& text) {
  std::string joined = text;
  const std::size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  bool previous_blank = true;
  std::size_t previous_break = std::string::npos, previous_break_end = 0;
  for (std::size_t i = start; i < text.size();) {
    std::size_t end = i;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    const bool blank = tralign::fuzz::only_white_space(text, i, end);
    if (!blank && !previous_blank && previous_break != std::string::npos)
      for (std::size_t k = previous_break; k < previous_break_end; ++k) joined[k] = ' ';
    std::size_t next = end;
    if (next < text.size()) next += text[next] == '\r' && next + 1 < text.size() &&
                                    text[next + 1] == '\n' ? 2 : 1;
    previous_blank = blank;
    previous_break = end;
    previous_break_end = next;
    i = next;
  }
  return joined;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  FuzzedDataProvider data(bytes, size);
  const auto& tags = language_tags();
  const std::string tag = tags[data.ConsumeIntegralInRange<std::size_t>(0, tags.size() - 1)];
  constexpr InputMode kModes[] = {InputMode::kText, InputMode::kLines, InputMode::kParagraphs};
  const InputMode input = kModes[data.ConsumeIntegralInRange<std::size_t>(0, 2)];
  const bool valid = data.ConsumeBool();
  const std::string text = valid ? random_utf8(data) : data.ConsumeRemainingBytesAsString();

  const Segmenter* segmenter = segmenter_for(tag, input);
  if (segmenter == nullptr) return 0;

  const std::size_t invalid = tralign::fuzz::first_invalid_utf8(text);
  const std::size_t nul = text.find('\0');
  std::vector<tralign::Segment> segments;
  try {
    segments = segmenter->segment(text);
  } catch (const tralign::EncodingError& e) {
    TRALIGN_FUZZ_CHECK(invalid != std::string::npos, "EncodingError for valid UTF-8");
    TRALIGN_FUZZ_CHECK(e.offset() == invalid, "EncodingError at " + std::to_string(e.offset()) +
                                                  ", the first bad byte is at " +
                                                  std::to_string(invalid));
    return 0;
  } catch (const tralign::InputError& e) {
    TRALIGN_FUZZ_CHECK(nul != std::string::npos,
                       std::string("InputError without NUL: ") + e.what());
    return 0;
  }
  TRALIGN_FUZZ_CHECK(invalid == std::string::npos && nul == std::string::npos,
                     "invalid input accepted");
  tralign::fuzz::check_segments(text, segments, input);
  if (input == InputMode::kParagraphs) {
    // The segments of running text in which each paragraph's lines are joined by spaces.
    const std::string joined = joined_paragraphs(text);
    const Segmenter* running = segmenter_for(tag, InputMode::kText);
    const std::vector<tralign::Segment> expected = running->segment(joined);
    TRALIGN_FUZZ_CHECK(expected.size() == segments.size(),
                       "kParagraphs: not the segments of the joined text");
    for (std::size_t k = 0; k < expected.size(); ++k) {
      TRALIGN_FUZZ_CHECK(expected[k].begin == segments[k].begin &&
                             expected[k].end == segments[k].end &&
                             expected[k].paragraph == segments[k].paragraph,
                         "kParagraphs: segment " + std::to_string(k) +
                             " differs from the joined text's");
    }
  }

  // Deterministic: the same segments again, from the same segmenter and from a guess.
  const std::vector<tralign::Segment> again = segmenter->segment(text);
  TRALIGN_FUZZ_CHECK(again.size() == segments.size(), "different segment count on a second call");
  for (std::size_t k = 0; k < again.size(); ++k) {
    TRALIGN_FUZZ_CHECK(again[k].begin == segments[k].begin && again[k].end == segments[k].end &&
                           again[k].paragraph == segments[k].paragraph,
                       "different segments on a second call");
  }
  const std::string lang = segmenter->language(text);
  TRALIGN_FUZZ_CHECK(lang == tralign::guess_language(text) || !tag.empty(),
                     "language() differs from guess_language()");
  return 0;
}
