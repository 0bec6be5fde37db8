// Lexical anchors: a single pass over the bytes of a segment.
#include "align_anchors.h"

#include <cstddef>
#include <cstring>

#include "simd_bytes.h"

namespace tralign {
namespace internal {
namespace {

constexpr std::uint64_t kQuestionBit = std::uint64_t{1} << 63;
constexpr std::uint64_t kExclamationBit = std::uint64_t{1} << 62;
// Bits 0-29: capitalised words (names); bits 30-61: numbers, URLs, hashtags, mentions.
constexpr int kWordBits = 30;
constexpr int kStrictBits = 32;

// FNV-1a, 64 bits.
struct Hasher {
  std::uint64_t state = 1469598103934665603ULL;
  void add(unsigned char byte) {
    state ^= byte;
    state *= 1099511628211ULL;
  }
  std::uint64_t bit(bool word) const {
    const std::uint64_t mixed = (state ^ (state >> 29)) * 0x9E3779B97F4A7C15ULL;
    const auto index = static_cast<int>((mixed >> 32) % (word ? kWordBits : kStrictBits));
    return std::uint64_t{1} << (word ? index : kWordBits + index);
  }
};

inline bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

// Bytes that continue a word: ASCII letters and digits, '_', '-', and every non-ASCII byte.
struct WordBytes {
  bool table[256] = {};
  constexpr WordBytes() {
    for (int c = 0; c < 256; ++c)
      table[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 c >= 0x80 || c == '_' || c == '-';
  }
};
constexpr WordBytes kWordBytes;
inline bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Full-width digit U+FF10..U+FF19 (EF BC 90..99) at position k: its value, else -1.
inline int full_width_digit(std::string_view s, std::size_t k) {
  if (k + 2 < s.size() && static_cast<unsigned char>(s[k]) == 0xEF &&
      static_cast<unsigned char>(s[k + 1]) == 0xBC) {
    const auto c = static_cast<unsigned char>(s[k + 2]);
    if (c >= 0x90 && c <= 0x99) return c - 0x90;
  }
  return -1;
}

// A letter that starts a word: ASCII letter or any non-ASCII lead byte except punctuation
// blocks we know (general punctuation E2 80, CJK symbols E3 80, full-width forms EF BC/BD).
inline bool is_word_byte(unsigned char c) { return c != '_' && c != '-' && kWordBytes.table[c]; }

// Upper-case Latin letter at position k: ASCII A-Z or Latin-1 À..Þ (C3 80..C3 9E, not ×).
inline bool is_upper_at(std::string_view s, std::size_t k) {
  const auto c = static_cast<unsigned char>(s[k]);
  if (is_ascii_upper(c)) return true;
  if (c == 0xC3 && k + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[k + 1]);
    return d >= 0x80 && d <= 0x9E && d != 0x97;
  }
  return false;
}

#if defined(__SSE2__)
constexpr std::size_t kBlock = 16;

// The bytes from p on that hold no anchor, seen from a token boundary past the first word:
// the length of the longest prefix of the 16 bytes at p made of lower-case ASCII letters,
// '-', the separators ` ,.;'"()` and the bytes 80-DF of 2-byte sequences (not a C3 that may
// start a word: À-Þ are upper-case), cut after its last separator (the words before it are
// whole) and before any "www." (a URL). 0: none.
inline std::size_t plain_prefix(const unsigned char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto is = [&v](unsigned char c) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c)));
  };
  auto bits = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  // Lower-case letters; the bytes 80-DF (negative and below E0 as signed bytes).
  const __m128i lower = bytes_in_range(v, 'a', 26);
  const __m128i two_byte = _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(0xE0)));
  const __m128i dot = is('.');
  const __m128i separator =
      _mm_or_si128(_mm_or_si128(_mm_or_si128(is(' '), is(',')), _mm_or_si128(dot, is(';'))),
                   _mm_or_si128(_mm_or_si128(is('\''), is('"')), _mm_or_si128(is('('), is(')'))));
  // A C3 is inside a word when the byte before it is a letter or a byte of a 2-byte sequence.
  const unsigned inside = (bits(_mm_or_si128(lower, two_byte)) << 1) & 0xFFFF;
  const unsigned plain =
      (bits(_mm_or_si128(_mm_or_si128(lower, separator), _mm_or_si128(is('-'), two_byte))) &
       ~(bits(is(0xC3)) & ~inside));
  unsigned prefix = ((plain + 1) & ~plain) - 1;  // the run of ones from bit 0
  const unsigned w = bits(is('w'));
  const unsigned www = w & (w >> 1) & (w >> 2) & (bits(dot) >> 3) & prefix;
  if (www != 0) prefix &= (www & (~www + 1)) - 1;
  const unsigned cuts = bits(separator) & prefix;
  return cuts == 0 ? 0 : static_cast<std::size_t>(32 - __builtin_clz(cuts));
}

// The number of bytes from p on (at most 16) that simply continue a word: ASCII letters and
// digits, '_', '-', and the bytes 80 and above but those that start punctuation (E2 80, E3 80,
// EF BC, EF BD; an E2, E3 or EF in the last byte, whose next is not loaded).
inline std::size_t word_run(const unsigned char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto is = [&v](unsigned char c) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c)));
  };
  auto bits = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  const __m128i letter = ascii_letters(v);
  const __m128i digit = bytes_in_range(v, '0', 10);
  const unsigned simple = bits(_mm_or_si128(
      _mm_or_si128(letter, digit),
      _mm_or_si128(_mm_cmplt_epi8(v, _mm_setzero_si128()), _mm_or_si128(is('_'), is('-')))));
  const unsigned last = 1u << 15;
  const unsigned stops = (bits(_mm_or_si128(is(0xE2), is(0xE3))) & ((bits(is(0x80)) >> 1) | last)) |
                         (bits(is(0xEF)) & ((bits(_mm_or_si128(is(0xBC), is(0xBD))) >> 1) | last));
  return static_cast<std::size_t>(__builtin_ctz(~(simple & ~stops)));  // bits 16+ are clear
}
#endif

}  // namespace

std::uint64_t anchor_signature(std::string_view text) {
  std::uint64_t signature = 0;
  const std::size_t size = text.size();
  bool first_word = true;
  std::size_t k = 0;
#if defined(__SSE2__)
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  unsigned char padded[kBlock] = {};  // the last bytes, then zeros (no anchor, not plain)
#endif
  while (k < size) {
#if defined(__SSE2__)
    if (!first_word && static_cast<unsigned char>(text[k]) < 0xE0) {
      std::size_t skip;
      if (k + kBlock <= size) {
        skip = plain_prefix(bytes + k);
      } else {
        std::memcpy(padded, bytes + k, size - k);
        std::memset(padded + (size - k), 0, kBlock - (size - k));
        skip = plain_prefix(padded);
      }
      if (skip != 0) {
        k += skip;
        continue;
      }
    }
#endif
    const auto c = static_cast<unsigned char>(text[k]);
    if (c == '?') {
      signature |= kQuestionBit;
      ++k;
      continue;
    }
    if (c == '!') {
      signature |= kExclamationBit;
      ++k;
      continue;
    }
    if (c == 0xEF && k + 2 < size && static_cast<unsigned char>(text[k + 1]) == 0xBC) {
      const auto d = static_cast<unsigned char>(text[k + 2]);
      if (d == 0x9F) signature |= kQuestionBit;     // U+FF1F ？
      if (d == 0x81) signature |= kExclamationBit;  // U+FF01 ！
    }
    // Numbers: a run of digits (ASCII or full-width), hashed by value without leading zeros.
    if (is_ascii_digit(c) || full_width_digit(text, k) >= 0) {
      Hasher h;
      h.add('#');
      bool leading = true;
      while (k < size) {
        int digit = -1;
        if (is_ascii_digit(static_cast<unsigned char>(text[k]))) {
          digit = text[k] - '0';
          ++k;
        } else if ((digit = full_width_digit(text, k)) >= 0) {
          k += 3;
        } else {
          break;
        }
        if (leading && digit == 0) continue;
        leading = false;
        h.add(static_cast<unsigned char>('0' + digit));
      }
      signature |= h.bit(false);
      first_word = false;
      continue;
    }
    if (is_space(c) || !is_word_byte(c)) {
      // URLs, hashtags and mentions start with a marker or a scheme; handled as whole tokens.
      if ((c == '#' || c == '@') && k + 1 < size &&
          is_word_byte(static_cast<unsigned char>(text[k + 1]))) {
        Hasher h;
        h.add(c);
        ++k;
        while (k < size && (is_word_byte(static_cast<unsigned char>(text[k])) || text[k] == '_'))
          h.add(static_cast<unsigned char>(text[k++]));
        signature |= h.bit(false);
        first_word = false;
        continue;
      }
      ++k;
      continue;
    }
    // A word (letters and digits, plus the inside of URLs and e-mail addresses).
    const std::size_t start = k;
    const bool upper = is_upper_at(text, k);
    bool url = false;
    while (k < size) {
#if defined(__SSE2__)
      if (k + kBlock <= size) {
        const std::size_t run = word_run(bytes + k);
        k += run;
        if (run == kBlock) continue;
      }
#endif
      const auto d = static_cast<unsigned char>(text[k]);
      if (d < 0x80 && kWordBytes.table[d]) {  // the common case: ASCII inside a word
        ++k;
        continue;
      }
      if (kWordBytes.table[d]) {
        // Stop before punctuation blocks encoded with 3 bytes (E2 80 xx, E3 80 xx, EF BC xx).
        if ((d == 0xE2 || d == 0xE3) && k + 1 < size &&
            static_cast<unsigned char>(text[k + 1]) == 0x80)
          break;
        if (d == 0xEF && k + 1 < size && (static_cast<unsigned char>(text[k + 1]) & 0xFE) == 0xBC)
          break;
        ++k;
        continue;
      }
      if ((d == ':' || d == '/' || d == '.' || d == '@') && k + 1 < size &&
          is_word_byte(static_cast<unsigned char>(text[k + 1])) &&
          (d != ':' || text.substr(k, 3) == "://")) {
        if (d == ':' || d == '@' || text.substr(start, 4) == "www.") url = true;
        if (d == '.' && !url) break;
        ++k;
        continue;
      }
      break;
    }
    const std::size_t length = k - start;
    if (url || (upper && !first_word && length >= 2)) {
      Hasher h;
      h.add(url ? 'u' : 'w');
      for (std::size_t p = start; p < k; ++p) h.add(static_cast<unsigned char>(text[p]));
      signature |= h.bit(!url);
    }
    if (k == start) ++k;  // never stall
    first_word = false;
  }
  return signature;
}

std::uint64_t strict_anchor_mask() { return ~((std::uint64_t{1} << kWordBits) - 1); }

AnchorWeights default_anchor_weights() {
  AnchorWeights weights;
  weights.match = 1.5;
  weights.mismatch = 0.5;
  weights.cap = 4.0;
  weights.strict_mask = strict_anchor_mask();
  return weights;
}

}  // namespace internal
}  // namespace tralign
