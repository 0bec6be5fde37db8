// segment.cc: sentence segmentation with ICU's sentence BreakIterator over a UTF-8 UText, then
// tralign's own rules (segment_rules.h) at ICU's candidate breaks.
#include "tralign/segment.h"

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "huge_pages.h"
#include "segment_rules.h"
#include "tralign/error.h"
#include "utf8.h"

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define TRALIGN_SEGMENT_SSSE3 1
#endif

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

#if defined(TRALIGN_SEGMENT_SSSE3)
// UTF-8 validation sixteen bytes at a time: the "lookup" algorithm of Keiser and Lemire,
// "Validating UTF-8 in less than one instruction per byte" (Software: Practice and Experience
// 51(5), 2021), as in simdjson. Each byte is classified with the previous one by three
// 16-entry tables (the high and low nibble of the previous byte, the high nibble of this one);
// a bit common to all three is an error. Needs SSSE3 (pshufb, palignr).
struct Utf8Blocks {
  __m128i error = _mm_setzero_si128();
  __m128i nul = _mm_setzero_si128();
  __m128i cr = _mm_setzero_si128();
  __m128i previous = _mm_setzero_si128();
  __m128i previous_incomplete = _mm_setzero_si128();
};

constexpr char kTooShort = 1 << 0;  // a lead byte not followed by a continuation byte
constexpr char kTooLong = 1 << 1;   // a continuation byte after ASCII
constexpr char kOverlong3 = 1 << 2;
constexpr char kTooLarge = 1 << 3;
constexpr char kSurrogate = 1 << 4;
constexpr char kOverlong2 = 1 << 5;
constexpr char kTooLarge1000 = 1 << 6;
constexpr char kOverlong4 = 1 << 6;
constexpr char kTwoConts = static_cast<char>(1 << 7);
constexpr char kCarry = kTooShort | kTooLong | kTwoConts;

// The three lookup tables of the algorithm (Keiser and Lemire), shared by the
// SSSE3 and AVX2 versions (SSE2 only: baseline on x86-64).
inline __m128i byte_1_high_table() {
  return _mm_setr_epi8(kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
                       kTooLong, kTwoConts, kTwoConts, kTwoConts, kTwoConts, kTooShort | kOverlong2,
                       kTooShort, kTooShort | kOverlong3 | kSurrogate,
                       kTooShort | kTooLarge | kTooLarge1000 | kOverlong4);
}
inline __m128i byte_1_low_table() {
  return _mm_setr_epi8(kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry,
                       kCarry, kCarry | kTooLarge, kCarry | kTooLarge | kTooLarge1000,
                       kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
                       kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
                       kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
                       kCarry | kTooLarge | kTooLarge1000,
                       kCarry | kTooLarge | kTooLarge1000 | kSurrogate,
                       kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000);
}
inline __m128i byte_2_high_table() {
  return _mm_setr_epi8(kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
                       kTooShort,
                       kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4,
                       kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge,
                       kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
                       kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge, kTooShort,
                       kTooShort, kTooShort, kTooShort);
}

__attribute__((target("ssse3"))) inline void check_block(Utf8Blocks& state, __m128i input) {
  const __m128i low_nibble = _mm_set1_epi8(0x0F);
  state.nul = _mm_or_si128(state.nul, _mm_cmpeq_epi8(input, _mm_setzero_si128()));
  state.cr = _mm_or_si128(state.cr, _mm_cmpeq_epi8(input, _mm_set1_epi8('\r')));
  if (_mm_movemask_epi8(input) == 0) {  // ASCII: only an unfinished sequence before it
    state.error = _mm_or_si128(state.error, state.previous_incomplete);
    state.previous = input;
    return;
  }
  const __m128i prev1 = _mm_alignr_epi8(input, state.previous, 15);
  const __m128i byte_1_high =
      _mm_shuffle_epi8(byte_1_high_table(), _mm_and_si128(_mm_srli_epi16(prev1, 4), low_nibble));
  const __m128i byte_1_low = _mm_shuffle_epi8(byte_1_low_table(), _mm_and_si128(prev1, low_nibble));
  const __m128i byte_2_high =
      _mm_shuffle_epi8(byte_2_high_table(), _mm_and_si128(_mm_srli_epi16(input, 4), low_nibble));
  const __m128i special = _mm_and_si128(_mm_and_si128(byte_1_high, byte_1_low), byte_2_high);
  // Third and fourth bytes of a sequence must be continuation bytes (and only those).
  const __m128i prev2 = _mm_alignr_epi8(input, state.previous, 14);
  const __m128i prev3 = _mm_alignr_epi8(input, state.previous, 13);
  const __m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8(static_cast<char>(0xE0 - 0x80)));
  const __m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8(static_cast<char>(0xF0 - 0x80)));
  const __m128i must_be_continuation =
      _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8(static_cast<char>(0x80)));
  state.error = _mm_or_si128(state.error, _mm_xor_si128(must_be_continuation, special));
  // A lead byte in the last three positions whose sequence does not end in the block.
  const __m128i incomplete_max =
      _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
                    static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));
  state.previous_incomplete = _mm_subs_epu8(input, incomplete_max);
  state.previous = input;
}

// The result of a vectorised check: whether the text is valid UTF-8 without a NUL byte (false
// says only that utf8::scan() must find what and where) and whether it has a CR byte.
struct Checked {
  bool valid = false;
  bool has_cr = true;
};

__attribute__((target("ssse3"))) Checked check_ssse3(std::string_view text) {
  Utf8Blocks state;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    check_block(state, _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i)));
  }
  // The rest, padded with spaces: an unfinished sequence at the end meets a space (an error).
  unsigned char last[16];
  std::memset(last, ' ', sizeof last);
  if (n > i) std::memcpy(last, s + i, n - i);
  check_block(state, _mm_loadu_si128(reinterpret_cast<const __m128i*>(last)));
  const __m128i bad = _mm_or_si128(state.error, state.nul);
  return {_mm_movemask_epi8(_mm_cmpeq_epi8(bad, _mm_setzero_si128())) == 0xFFFF,
          _mm_movemask_epi8(state.cr) != 0};
}

// The same algorithm 32 bytes at a time with AVX2, and 64 at a time through ASCII (most
// blocks of Latin-script text). prev1..prev3 cross the two 128-bit lanes with a permute.
// (No member initialisers: the AVX2 code is compiled only inside functions that target it.)
struct Utf8Blocks32 {
  __m256i error, nul, cr, previous, previous_incomplete;
};

__attribute__((target("avx2"))) inline __m256i table32(__m128i table) {
  return _mm256_broadcastsi128_si256(table);
}

__attribute__((target("avx2"))) inline void check_block32(Utf8Blocks32& state, __m256i input) {
  const __m256i low_nibble = _mm256_set1_epi8(0x0F);
  // The previous 32 bytes' high lane beside this block's low lane: the bytes before each lane.
  const __m256i before = _mm256_permute2x128_si256(state.previous, input, 0x21);
  const __m256i prev1 = _mm256_alignr_epi8(input, before, 15);
  const __m256i byte_1_high = _mm256_shuffle_epi8(
      table32(byte_1_high_table()), _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low_nibble));
  const __m256i byte_1_low =
      _mm256_shuffle_epi8(table32(byte_1_low_table()), _mm256_and_si256(prev1, low_nibble));
  const __m256i byte_2_high = _mm256_shuffle_epi8(
      table32(byte_2_high_table()), _mm256_and_si256(_mm256_srli_epi16(input, 4), low_nibble));
  const __m256i special = _mm256_and_si256(_mm256_and_si256(byte_1_high, byte_1_low), byte_2_high);
  const __m256i prev2 = _mm256_alignr_epi8(input, before, 14);
  const __m256i prev3 = _mm256_alignr_epi8(input, before, 13);
  const __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80)));
  const __m256i fourth = _mm256_subs_epu8(prev3, _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80)));
  const __m256i must_be_continuation =
      _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
  state.error = _mm256_or_si256(state.error, _mm256_xor_si256(must_be_continuation, special));
  const __m256i incomplete_max =
      _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                       -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, static_cast<char>(0xF0 - 1),
                       static_cast<char>(0xE0 - 1), static_cast<char>(0xC0 - 1));
  state.previous_incomplete = _mm256_subs_epu8(input, incomplete_max);
  state.previous = input;
}

// Notes the NUL and CR bytes of a block.
__attribute__((target("avx2"))) inline void note_nul_cr(Utf8Blocks32& state, __m256i input) {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i cr = _mm256_cmpeq_epi8(input, _mm256_set1_epi8('\r'));
  state.cr = _mm256_or_si256(state.cr, cr);
  state.nul = _mm256_or_si256(state.nul, _mm256_cmpeq_epi8(input, zero));
}

__attribute__((target("avx2"))) Checked check_avx2(std::string_view text) {
  Utf8Blocks32 state;
  state.error = state.nul = state.cr = state.previous = state.previous_incomplete =
      _mm256_setzero_si256();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i + 32));
    note_nul_cr(state, a);
    note_nul_cr(state, b);
    if (_mm256_movemask_epi8(_mm256_or_si256(a, b)) == 0) {  // ASCII: only an unfinished end
      state.error = _mm256_or_si256(state.error, state.previous_incomplete);
      state.previous_incomplete = _mm256_setzero_si256();
      state.previous = b;
      continue;
    }
    check_block32(state, a);
    check_block32(state, b);
  }
  // The rest, padded with spaces: an unfinished sequence at the end meets a space (an error).
  unsigned char last[64];
  std::memset(last, ' ', sizeof last);
  if (n > i) std::memcpy(last, s + i, n - i);
  for (std::size_t k = 0; k < 64; k += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(last + k));
    note_nul_cr(state, v);
    check_block32(state, v);
  }
  const __m256i bad = _mm256_or_si256(state.error, state.nul);
  return {_mm256_testz_si256(bad, bad) != 0, _mm256_testz_si256(state.cr, state.cr) == 0};
}
#endif

// Throws EncodingError or InputError when `text` is not usable UTF-8 text; returns whether
// it has a CR byte (the line finder then looks for CR line ends too).
bool check_input(std::string_view text) {
#if defined(TRALIGN_SEGMENT_SSSE3)
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  static const bool has_ssse3 = __builtin_cpu_supports("ssse3");
  if (has_avx2 || has_ssse3) {
    const Checked checked = has_avx2 ? check_avx2(text) : check_ssse3(text);
    if (checked.valid) return checked.has_cr;
  }
#endif
  const utf8::ScanResult scan = utf8::scan(text);
  if (scan.nul != std::string_view::npos) {
    throw InputError(fmt::format("binary data (NUL byte at offset {})", scan.nul));
  }
  if (scan.invalid != std::string_view::npos) {
    throw EncodingError(fmt::format("invalid UTF-8 at byte offset {}", scan.invalid), scan.invalid);
  }
  return std::memchr(text.data(), '\r', text.size()) != nullptr;
}

// Calls `on_line(begin, end)` for every line of text[start, size) (end excludes the line
// terminator: LF, CRLF or CR). A final line terminator does not start another line. Without
// `has_cr` (no CR byte in the text) only LF ends lines.
template <typename OnLine>
void for_each_line(std::string_view text, std::size_t start, bool has_cr, OnLine&& on_line) {
  const char* data = text.data();
  const std::size_t n = text.size();
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

// A copy of `text` in which every CR and LF byte between two lines of one paragraph (lines
// with no blank line between them) is a space: hard-wrapped paragraphs as single lines.
// (In whole huge pages: a fresh 4 KiB page written costs a page fault, which made the copy of
// a large text cost more than its segmentation.)
internal::LargeArray<char> join_wrapped_lines(std::string_view text, std::size_t start,
                                              bool has_cr) {
  internal::LargeArray<char> joined(text.begin(), text.end());
  std::size_t last_end = std::string_view::npos;  // where the last non-blank line's text ends
  for_each_line(text, start, has_cr, [&](std::size_t begin, std::size_t end) {
    const std::size_t b = rules::skip_space(text, begin, end);
    if (b == end) {
      last_end = std::string_view::npos;
      return;
    }
    if (last_end != std::string_view::npos) {
      for (std::size_t k = last_end; k < b; ++k) {
        if (joined[k] == '\n' || joined[k] == '\r') joined[k] = ' ';
      }
    }
    last_end = rules::skip_space_back(text, b, end);
  });
  return joined;
}

struct Counts {
  std::size_t han = 0, kana = 0, hangul = 0, cyrillic = 0, arabic = 0, greek = 0, hebrew = 0,
              thai = 0, devanagari = 0, latin = 0, other = 0;
};

}  // namespace

void validate_utf8(std::string_view text) {
  // A NUL byte is valid UTF-8: utf8::scan() stops there, so go on after it.
  std::size_t base = 0;
  for (;;) {
    const utf8::ScanResult scan = utf8::scan(text.substr(base));
    if (scan.invalid != std::string_view::npos) {
      const std::size_t bad = base + scan.invalid;
      throw EncodingError(fmt::format("invalid UTF-8 at byte offset {}", bad), bad);
    }
    if (scan.nul == std::string_view::npos) return;
    base += scan.nul + 1;
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
  const bool has_cr = check_input(text);
  const std::size_t start = text.substr(0, 3) == kBom ? 3 : 0;
  std::vector<Segment> segments;

  if (rep_->options.input == InputMode::kLines) {
    // A segment per line, so the line breaks counted first give the room (at most: a CR LF
    // counts twice), reserved once and in huge pages instead of growing by doubling.
    const std::string_view body = text.substr(start);
    std::size_t lines = 1 + static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
    if (has_cr) lines += static_cast<std::size_t>(std::count(body.begin(), body.end(), '\r'));
    internal::reserve_huge(segments, lines);
    std::uint32_t line = 0;
    for_each_line(text, start, has_cr, [&](std::size_t begin, std::size_t end) {
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
  // About one sentence per 100-150 bytes: room for one per 64 (pages untouched until written)
  // spares most texts the copy of a reallocation.
  // (Written once, in order: transparent huge pages spare a page fault per 4 KiB, about one per
  // 170 segments, which cost as much as all of tralign's rules on a large text.)
  internal::reserve_huge(segments, text.size() / 64);
  // kParagraphs: everything below reads a copy in which the line breaks inside a paragraph are
  // spaces, so that each paragraph is one line of it, as in kText. A space for each CR and LF
  // byte keeps every offset into the copy an offset into `text`.
  const bool wrapped = rep_->options.input == InputMode::kParagraphs;
  const internal::LargeArray<char> joined =
      wrapped ? join_wrapped_lines(text, start, has_cr) : internal::LargeArray<char>();
  const std::string_view read = wrapped ? std::string_view(joined.data(), joined.size()) : text;
  rules::ParagraphSplitter splitter(*iterator, *language_rules);
  if (text.size() - start < static_cast<std::size_t>(INT32_MAX))
    splitter.set_chunk(read, start, text.size());
  std::uint32_t paragraph = 0;
  for_each_line(read, start, has_cr, [&](std::size_t begin, std::size_t end) {
    const std::size_t b = rules::skip_space(read, begin, end);
    if (b == end) return;  // a blank line: no segment, no paragraph
    const std::size_t e = rules::skip_space_back(read, b, end);
    if (e - b >= static_cast<std::size_t>(INT32_MAX)) {  // ICU's offsets are int32_t
      throw InputError(fmt::format(
          "a paragraph of {} bytes at byte offset {} (paragraphs must be under 2 GiB)", e - b, b));
    }
    const std::size_t first = segments.size();
    splitter.split(read, b, e, paragraph++, segments);
    if (!wrapped || !has_cr) return;
    // A CR LF stands for one space: one code point of the segment's length, not two.
    for (std::size_t k = first; k < segments.size(); ++k) {
      Segment& s = segments[k];
      const std::string_view piece = text.substr(s.begin, s.end - s.begin);
      for (std::size_t at = piece.find("\r\n"); at != std::string_view::npos;
           at = piece.find("\r\n", at + 2))
        --s.length;
    }
  });
  return segments;
}

std::vector<Segment> segment(std::string_view text, const SegmenterOptions& options) {
  return Segmenter(options).segment(text);
}

}  // namespace tralign
