// utf8.h (private): UTF-8 validation and decoding helpers used by the segmenter.
#ifndef TRALIGN_SRC_UTF8_H_
#define TRALIGN_SRC_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace tralign::utf8 {

// The result of scanning a text: the offset of the first invalid UTF-8 sequence and of the
// first NUL byte (npos when there is none). Scanning stops at the first problem of either kind.
struct ScanResult {
  std::size_t invalid = std::string_view::npos;
  std::size_t nul = std::string_view::npos;
};

// Scans `text` once: rejects overlong forms, surrogates (U+D800..U+DFFF), code points above
// U+10FFFF and truncated sequences; records the first NUL byte. ASCII runs are checked eight
// bytes at a time.
inline ScanResult scan(std::string_view text) {
  ScanResult result;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes, none of them NUL.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      const std::uint64_t has_high = word & 0x8080808080808080ULL;
      const std::uint64_t has_zero = (word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL;
      if ((has_high | has_zero) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      if (c == 0) {
        result.nul = i;
        return result;
      }
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t min;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = 0x800;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = 0x10000;
      cp = c & 0x07u;
    } else {
      result.invalid = i;
      return result;
    }
    if (i + len > n) {
      result.invalid = i;
      return result;
    }
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) {
        result.invalid = i;
        return result;
      }
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      result.invalid = i;
      return result;
    }
    i += len;
  }
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

}  // namespace tralign::utf8

#endif  // TRALIGN_SRC_UTF8_H_
