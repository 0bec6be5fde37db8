// report_util.h (private): escaping and text helpers shared by the report writers and tested
// by tests/report_test.cc. Every function accepts any bytes: invalid UTF-8 (a path, a message)
// comes out as U+FFFD, so the JSON and XML written are always well-formed.
#ifndef TRALIGN_SRC_REPORT_UTIL_H_
#define TRALIGN_SRC_REPORT_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "tralign/report.h"
#include "utf8.h"

namespace tralign::report_util {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at `i` (< text.size()) and sets `len` to its byte length. An invalid,
// overlong, surrogate or truncated sequence yields U+FFFD with len 1.
inline char32_t decode_lenient(std::string_view text, std::size_t i, std::size_t& len) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  len = 1;
  if (c < 0x80) return c;
  std::size_t n;
  char32_t cp;
  char32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1Fu;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0Fu;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07u;
    min = 0x10000;
  } else {
    return kReplacement;
  }
  if (i + n > text.size()) return kReplacement;
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return kReplacement;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kReplacement;
  len = n;
  return cp;
}

// Appends `text` as a JSON string, quotes included (RFC 8259): `"` and `\` escaped, control
// characters as \n, \t, ... or \u00XX, U+2028 and U+2029 as \u2028 and \u2029 (so the JSON is
// also valid JavaScript), invalid UTF-8 as U+FFFD; everything else passes through as UTF-8.
inline void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    std::size_t len = 1;
    char32_t cp = c;
    if (c >= 0x80) {
      cp = decode_lenient(text, i, len);
      const bool invalid = cp == kReplacement && len == 1;
      if (!invalid && cp != 0x2028 && cp != 0x2029) {
        i += len;
        continue;
      }
    }
    out.append(text.data() + run, i - run);
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case 0x2028:
        out += "\\u2028";
        break;
      case 0x2029:
        out += "\\u2029";
        break;
      case kReplacement:  // invalid UTF-8
        out += "\xEF\xBF\xBD";
        break;
      default:  // other control characters
        out += "\\u00";
        out += kHex[(cp >> 4) & 0xF];
        out += kHex[cp & 0xF];
    }
    i += len;
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

// True for the code points XML 1.0 allows in a document (its production [2] Char).
inline bool is_xml_char(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Appends `text` escaped as XML 1.0 character data (`&`, `<`, `>`), and with `attribute` also
// `"` (for a double-quoted attribute value; tab, line feed and carriage return become character
// references there so attribute normalization keeps them). Characters XML 1.0 does not allow
// (most C0 controls, U+FFFE, U+FFFF) and invalid UTF-8 become U+FFFD.
inline void append_xml(std::string& out, std::string_view text, bool attribute = false) {
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"') {
      ++i;
      continue;
    }
    std::size_t len = 1;
    const char32_t cp = c < 0x80 ? c : decode_lenient(text, i, len);
    const bool bad = !is_xml_char(cp) || (cp == kReplacement && len == 1);
    const bool quote = c == '"' && attribute;
    const bool space = (c == '\t' || c == '\n' || c == '\r') && attribute;
    if (!bad && !quote && !space && c != '&' && c != '<' && c != '>') {
      i += len;
      continue;
    }
    out.append(text.data() + run, i - run);
    if (bad) {
      out += "\xEF\xBF\xBD";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (quote) {
      out += "&quot;";
    } else {
      out += c == '\t' ? "&#9;" : c == '\n' ? "&#10;" : "&#13;";
    }
    i += len;
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
}

// The first byte from `i` on that may start a tab or a line break: a byte below 0x20, or the
// lead byte C2 (NEL is C2 85) or E2 (LS and PS are E2 80 A8/A9); text.size() if none.
// Sixteen bytes at a time where SSE2 is there.
inline std::size_t next_control_or_break(std::string_view text, std::size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
#if defined(__SSE2__)
  const __m128i below = _mm_set1_epi8(0x1F);
  const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i e2 = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; i + 16 <= size; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, below), v);  // v <= 0x1F
    const __m128i lead = _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2));
    const int found = _mm_movemask_epi8(_mm_or_si128(control, lead));
    if (found != 0)
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(found)));
  }
#endif
  for (; i < size; ++i) {
    if (p[i] < 0x20 || p[i] == 0xC2 || p[i] == 0xE2) return i;
  }
  return size;
}

// Appends `text` with tabs and line breaks (utf8::Flatten::kTabsAndBreaks; a CR LF is one) as
// single spaces.
inline void append_flat(std::string& out, std::string_view text) {
  std::size_t run = 0;
  std::size_t i = 0;
  while ((i = next_control_or_break(text, i)) < text.size()) {
    const std::size_t len = utf8::flat_break_length(text, i, utf8::Flatten::kTabsAndBreaks);
    if (len == 0) {
      ++i;
      continue;
    }
    out.append(text.data() + run, i - run);
    out += ' ';
    i += len;
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
}

// A confidence for people and programs: at most four decimals, no trailing zeros, clamped to
// [0, 1] ("0.98", "1", "0", "0.1235"); NaN is written as 0.
std::string format_confidence(double confidence);

// True when sentences of `lang` (a BCP 47 tag) follow each other without a space: Chinese,
// Japanese and Cantonese ("zh", "zh-Hant", "ja-JP", "yue"), case-insensitively.
bool joins_without_space(std::string_view lang);

// Throws InputError when `report` is not self-consistent: a segment outside its text, a bead
// or a finding naming a segment that does not exist. Linear in the report's size.
void validate_report(const Report& report);

// Which beads hold which segments, to place the findings.
class BeadIndex {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  explicit BeadIndex(const Report& report);
  // The beads (indexes into report.alignment.beads, ascending, unique) that hold one of the
  // finding's segments; empty when it names none.
  std::vector<std::size_t> beads_of(const Finding& finding) const;

 private:
  std::vector<std::size_t> source_bead_;  // per source segment; kNone when in no bead
  std::vector<std::size_t> target_bead_;
};

// The bead's type, "2-1" for two source segments and one target segment.
std::string bead_type(const Bead& bead);

// Text buffered for an ostream: append to `text`, then call maybe_flush() now and then and
// flush() at the end (one write per ~64 KiB instead of one per piece).
class Buffer {
 public:
  explicit Buffer(std::ostream& out) : out_(out) { text.reserve(kFlushBytes + 4096); }
  ~Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  void maybe_flush() {
    if (text.size() >= kFlushBytes) flush();
  }
  void flush() {
    out_.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
  }

  std::string text;

 private:
  static constexpr std::size_t kFlushBytes = 1 << 16;
  std::ostream& out_;
};

}  // namespace tralign::report_util

#endif  // TRALIGN_SRC_REPORT_UTIL_H_
