// utf8.h (private): UTF-8 validation and decoding helpers used by the segmenter, and the rule
// for flattening a text to one line that the report writers and the check share.
#ifndef TRALIGN_SRC_UTF8_H_
#define TRALIGN_SRC_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tralign::utf8 {

// The result of scanning a text: the offset of the first invalid UTF-8 sequence and of the
// first NUL byte (npos when there is none). Scanning stops at the first problem of either kind.
struct ScanResult {
  std::size_t invalid = std::string_view::npos;
  std::size_t nul = std::string_view::npos;
};

// Scans `text` once: rejects overlong forms, surrogates (U+D800..U+DFFF), code points above
// U+10FFFF and truncated sequences; records the first NUL byte. Fast on every script: ASCII
// runs go eight bytes at a time (entered only after an ASCII byte, so CJK text does not pay for
// a failed word test per character), and each multi-byte sequence is checked by its length
// class with the exact second-byte ranges of RFC 3629 instead of decoding the code point.
inline ScanResult scan(std::string_view text) {
  ScanResult result;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  auto continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0) {
        result.nul = i;
        return result;
      }
      ++i;
      // An ASCII run: eight bytes at a time while none is NUL or non-ASCII.
      while (i + 8 <= n) {
        std::uint64_t word;
        std::memcpy(&word, s + i, 8);
        const std::uint64_t high = word & 0x8080808080808080ULL;
        const std::uint64_t zero = (word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL;
        if ((high | zero) != 0) break;
        i += 8;
      }
      continue;
    }
    if (c < 0xE0) {  // two bytes: C2..DF, then a continuation byte
      if (c < 0xC2 || i + 2 > n || !continuation(s[i + 1])) break;
      i += 2;
    } else if (c < 0xF0) {  // three bytes: E0 A0..BF, ED 80..9F (no surrogates), else 80..BF
      if (i + 3 > n) break;
      const unsigned char c1 = s[i + 1];
      if (!continuation(c1) || !continuation(s[i + 2]) || (c == 0xE0 && c1 < 0xA0) ||
          (c == 0xED && c1 >= 0xA0)) {
        break;
      }
      i += 3;
    } else {  // four bytes: F0 90..BF, F4 80..8F (up to U+10FFFF), F1..F3 80..BF
      if (c > 0xF4 || i + 4 > n) break;
      const unsigned char c1 = s[i + 1];
      if (!continuation(c1) || !continuation(s[i + 2]) || !continuation(s[i + 3]) ||
          (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
        break;
      }
      i += 4;
    }
  }
  if (i < n) result.invalid = i;
  return result;
}

// Decodes the code point starting at `i` of valid UTF-8 `text`; sets `len` to its byte length.
inline char32_t decode(std::string_view text, std::size_t i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    len = 1;
    return c;
  }
  auto cont = [&](std::size_t k) {
    return static_cast<char32_t>(static_cast<unsigned char>(text[i + k]) & 0x3Fu);
  };
  if (c < 0xE0) {
    len = 2;
    return (static_cast<char32_t>(c & 0x1Fu) << 6) | cont(1);
  }
  if (c < 0xF0) {
    len = 3;
    return (static_cast<char32_t>(c & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
  }
  len = 4;
  return (static_cast<char32_t>(c & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

// Decodes the code point that ends just before `i` (i > 0); sets `start` to its first byte.
inline char32_t decode_before(std::string_view text, std::size_t i, std::size_t& start) {
  std::size_t k = i - 1;
  while (k > 0 && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
  start = k;
  std::size_t len;
  return decode(text, k, len);
}

// Number of code points in valid UTF-8 `text`.
inline std::size_t count_code_points(std::string_view text) {
  // Code points = bytes - continuation bytes (10xxxxxx), eight bytes at a time.
  std::size_t continuation = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    // One bit per continuation byte, moved to bit 0 of its byte, summed by a multiply.
    const std::uint64_t marks = ((word & ~(word << 1)) & 0x8080808080808080ULL) >> 7;
    continuation += static_cast<std::size_t>((marks * 0x0101010101010101ULL) >> 56);
  }
  for (; i < text.size(); ++i) continuation += (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  return text.size() - continuation;
}

// Appends `cp` (a Unicode scalar value) to `out` as UTF-8.
inline void append(std::string& out, char32_t cp) {
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

// Which characters flattening a text to one line writes as one space (a CR LF pair is one).
enum class Flatten {
  // The tab and every character that ends a line for some reader of a line-based file: LF, VT,
  // FF, CR, the file/group/record separators (Python's str.splitlines), NEL, LS and PS. For
  // what people and programs read as one line: TSV, TMX, XLIFF, the text view, messages.
  kTabsAndBreaks,
  // CR and LF only: the check reads a hard-wrapped text (InputMode::kParagraphs) as the flat one.
  kLineBreaks,
};

// The length in bytes of what flattening writes as one space at byte `i` (< text.size()) of
// `text`: 2 for a CR LF, the character's length for another; 0 where none starts. Any bytes.
inline std::size_t flat_break_length(std::string_view text, std::size_t i, Flatten flatten) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c == '\r') return i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
  if (c == '\n') return 1;
  if (flatten == Flatten::kLineBreaks) return 0;
  if (c == '\t' || c == '\v' || c == '\f' || (c >= 0x1C && c <= 0x1E)) return 1;
  // NEL is C2 85; LS and PS are E2 80 A8 and E2 80 A9.
  if (c == 0xC2) return text.substr(i, 2) == "\xC2\x85" ? 2 : 0;
  if (c == 0xE2) {
    const std::string_view three = text.substr(i, 3);
    return three == "\xE2\x80\xA8" || three == "\xE2\x80\xA9" ? 3 : 0;
  }
  return 0;
}

}  // namespace tralign::utf8

#endif  // TRALIGN_SRC_UTF8_H_
