// segment.cc: sentence segmentation with ICU's sentence BreakIterator over a UTF-8 UText, then
// tralign's own rules (segment_rules.h) at ICU's candidate breaks.
#include "tralign/segment.h"

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <array>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "segment_rules.h"
#include "tralign/error.h"
#include "utf8.h"

namespace tralign {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Validates a BCP 47 tag with ICU; returns the ICU locale ID ("" for the empty tag).
// Throws OptionsError for a malformed tag.
std::string locale_id_for_tag(const std::string& tag) {
  if (tag.empty()) return "";
  char id[ULOC_FULLNAME_CAPACITY] = {};
  int32_t parsed = 0;
  UErrorCode status = U_ZERO_ERROR;
  uloc_forLanguageTag(tag.c_str(), id, ULOC_FULLNAME_CAPACITY, &parsed, &status);
  if (U_FAILURE(status) || parsed != static_cast<int32_t>(tag.size()) || id[0] == '\0') {
    throw OptionsError(fmt::format(
        "SegmenterOptions.lang: must be a well-formed BCP 47 language tag (like \"en\", "
        "\"de\", \"zh-Hant\", \"pt-BR\"), got \"{}\"",
        tag));
  }
  return id;
}

// The ICU language subtag of a locale ID ("de_CH" -> "de").
std::string language_of(const std::string& locale_id) {
  if (locale_id.empty()) return "";
  return icu::Locale(locale_id.c_str()).getLanguage();
}

std::unique_ptr<icu::BreakIterator> make_sentence_iterator(const std::string& locale_id) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale =
      locale_id.empty() ? icu::Locale::getRoot() : icu::Locale(locale_id.c_str());
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(locale, status));
  if (U_FAILURE(status) || !iterator) {
    throw Error(fmt::format("cannot create ICU's sentence iterator for \"{}\": {}", locale_id,
                            u_errorName(status)));
  }
  return iterator;
}

// Throws EncodingError or InputError when `text` is not usable UTF-8 text.
void check_input(std::string_view text) {
  const utf8::ScanResult scan = utf8::scan(text);
  if (scan.nul != std::string_view::npos) {
    throw InputError(fmt::format("binary data (NUL byte at offset {})", scan.nul));
  }
  if (scan.invalid != std::string_view::npos) {
    throw EncodingError(fmt::format("invalid UTF-8 at byte offset {}", scan.invalid), scan.invalid);
  }
}

// Calls `on_line(begin, end)` for every line of text[start, size) (end excludes the line
// terminator: LF, CRLF or CR). A final line terminator does not start another line.
template <typename OnLine>
void for_each_line(std::string_view text, std::size_t start, OnLine&& on_line) {
  const char* data = text.data();
  const std::size_t n = text.size();
  const bool has_cr = std::memchr(data + start, '\r', n - start) != nullptr;
  std::size_t begin = start;
  while (begin < n) {
    std::size_t end;
    std::size_t next;
    if (!has_cr) {
      const void* p = std::memchr(data + begin, '\n', n - begin);
      end = p ? static_cast<std::size_t>(static_cast<const char*>(p) - data) : n;
      next = end + 1;
    } else {
      end = begin;
      while (end < n && data[end] != '\n' && data[end] != '\r') ++end;
      next = end + 1;
      if (end + 1 < n && data[end] == '\r' && data[end + 1] == '\n') ++next;
    }
    on_line(begin, end);
    begin = next;
  }
}

struct Counts {
  std::size_t han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, greek = 0, hebrew = 0,
              thai = 0, devanagari = 0, latin = 0, other = 0;
};

}  // namespace

void validate_utf8(std::string_view text) {
  const utf8::ScanResult scan = utf8::scan(text);
  std::size_t bad = scan.invalid;
  if (scan.nul != std::string_view::npos) {
    // scan() stops at a NUL (valid UTF-8); continue after it.
    validate_utf8(text.substr(scan.nul + 1));
    return;
  }
  if (bad != std::string_view::npos) {
    throw EncodingError(fmt::format("invalid UTF-8 at byte offset {}", bad), bad);
  }
}

std::string guess_language(std::string_view text) {
  // A sample is enough: the dominant script of the first 64 KiB of letters.
  constexpr std::size_t kSample = 64 * 1024;
  if (text.substr(0, 3) == kBom) text.remove_prefix(3);
  std::size_t n = std::min(text.size(), kSample);
  while (n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) ++n;
  const std::string_view sample = text.substr(0, n);
  if (utf8::scan(sample).invalid != std::string_view::npos) return "";
  Counts counts;
  for (std::size_t i = 0; i < sample.size();) {
    const auto c = static_cast<unsigned char>(sample[i]);
    if (c < 0x80) {
      counts.latin += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
      ++i;
      continue;
    }
    std::size_t len;
    const char32_t cp = utf8::decode(sample, i, len);
    i += len;
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(cp), &status)) {
      case USCRIPT_HAN:
        ++counts.han;
        break;
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA:
        ++counts.kana;
        break;
      case USCRIPT_HANGUL:
        ++counts.hangul;
        break;
      case USCRIPT_CYRILLIC:
        ++counts.cyrillic;
        break;
      case USCRIPT_ARABIC:
        ++counts.arabic;
        break;
      case USCRIPT_GREEK:
        ++counts.greek;
        break;
      case USCRIPT_HEBREW:
        ++counts.hebrew;
        break;
      case USCRIPT_THAI:
        ++counts.thai;
        break;
      case USCRIPT_DEVANAGARI:
        ++counts.devanagari;
        break;
      case USCRIPT_LATIN:
        ++counts.latin;
        break;
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED:
        break;
      default:
        ++counts.other;
        break;
    }
  }
  // Japanese mixes Han and Kana; a modest share of Kana marks it.
  const std::size_t cjk = counts.han + counts.kana;
  const std::array<std::pair<std::size_t, const char*>, 9> scripts = {{
      {cjk, counts.kana * 10 >= cjk && counts.kana > 0 ? "ja" : "zh"},
      {counts.hangul, "ko"},
      {counts.cyrillic, "ru"},
      {counts.arabic, "ar"},
      {counts.greek, "el"},
      {counts.hebrew, "he"},
      {counts.thai, "th"},
      {counts.devanagari, "hi"},
      {counts.latin, ""},
  }};
  std::size_t best = 0;
  const char* tag = "";
  for (const auto& [count, name] : scripts) {
    if (count > best) {
      best = count;
      tag = name;
    }
  }
  // Hangul text often has some Han; Korean wins when Hangul is substantial.
  if (counts.hangul > 0 && counts.hangul * 4 >= cjk && std::string_view(tag) == "zh") tag = "ko";
  return tag;
}

void SegmenterOptions::validate() const { locale_id_for_tag(lang); }

struct Segmenter::Rep {
  SegmenterOptions options;
  std::string locale_id;                      // ICU locale ID of options.lang
  std::unique_ptr<icu::BreakIterator> given;  // prototype for options.lang
  const rules::LanguageRules* given_rules = nullptr;
  mutable std::mutex mutex;  // guards `guessed`
  mutable std::map<std::string, std::unique_ptr<icu::BreakIterator>> guessed;

  // A fresh iterator (a clone: the caller owns it) and the rules for `lang`.
  std::unique_ptr<icu::BreakIterator> iterator_for(const std::string& lang,
                                                   const rules::LanguageRules*& rules) const {
    if (!options.lang.empty()) {
      rules = given_rules;
      return std::unique_ptr<icu::BreakIterator>(given->clone());
    }
    rules = &rules::rules_for(lang);
    const std::lock_guard<std::mutex> lock(mutex);
    auto& prototype = guessed[lang];
    if (!prototype) prototype = make_sentence_iterator(locale_id_for_tag(lang));
    return std::unique_ptr<icu::BreakIterator>(prototype->clone());
  }
};

Segmenter::Segmenter(SegmenterOptions options) : rep_(std::make_unique<Rep>()) {
  rep_->locale_id = locale_id_for_tag(options.lang);
  rep_->options = std::move(options);
  if (!rep_->options.lang.empty()) {
    rep_->given = make_sentence_iterator(rep_->locale_id);
    rep_->given_rules = &rules::rules_for(language_of(rep_->locale_id));
  }
}
Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

const SegmenterOptions& Segmenter::options() const { return rep_->options; }

std::string Segmenter::language(std::string_view text) const {
  if (!rep_->options.lang.empty()) return rep_->options.lang;
  return guess_language(text);
}

std::vector<Segment> Segmenter::segment(std::string_view text) const {
  check_input(text);
  const std::size_t start = text.substr(0, 3) == kBom ? 3 : 0;
  std::vector<Segment> segments;

  if (rep_->options.input == InputMode::kLines) {
    std::uint32_t line = 0;
    for_each_line(text, start, [&](std::size_t begin, std::size_t end) {
      const std::size_t b = rules::skip_space(text, begin, end);
      const std::size_t e = b == end ? b : rules::skip_space_back(text, b, end);
      segments.push_back(
          {b, e, line++,
           static_cast<std::uint32_t>(utf8::count_code_points(text.substr(b, e - b)))});
    });
    return segments;
  }

  const std::string lang = language(text);
  const rules::LanguageRules* language_rules = nullptr;
  const std::unique_ptr<icu::BreakIterator> iterator =
      rep_->iterator_for(language_of(locale_id_for_tag(lang)), language_rules);
  segments.reserve(text.size() / 128);  // about one sentence per 100-150 bytes
  rules::ParagraphSplitter splitter(*iterator, *language_rules);
  if (text.size() - start < static_cast<std::size_t>(INT32_MAX))
    splitter.set_chunk(text, start, text.size());
  std::uint32_t paragraph = 0;
  for_each_line(text, start, [&](std::size_t begin, std::size_t end) {
    const std::size_t b = rules::skip_space(text, begin, end);
    if (b == end) return;  // a blank line: no segment, no paragraph
    const std::size_t e = rules::skip_space_back(text, b, end);
    if (e - b >= static_cast<std::size_t>(INT32_MAX)) {  // ICU's offsets are int32_t
      throw InputError(fmt::format(
          "a paragraph of {} bytes at byte offset {} (paragraphs must be under 2 GiB)", e - b, b));
    }
    splitter.split(text, b, e, paragraph++, segments);
  });
  return segments;
}

std::vector<Segment> segment(std::string_view text, const SegmenterOptions& options) {
  return Segmenter(options).segment(text);
}

}  // namespace tralign
