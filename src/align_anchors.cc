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
  // add() of the n bytes at p, which lie in the text [begin, end). Eight at a time, with no
  // branch on n inside the last eight: the length of a word is hard to predict.
  void add_bytes(const unsigned char* p, std::size_t n, const unsigned char* begin,
                 const unsigned char* end) {
    if (n == 0) return;
    for (; n > 8; p += 8, n -= 8) {
      std::uint64_t x = load8(p);
      for (int j = 0; j < 8; ++j, x >>= 8) add(static_cast<unsigned char>(x));
    }
    std::uint64_t x;
    if (end - p >= 8) {
      x = load8(p);
    } else if (end - begin >= 8) {  // the last 8 bytes of the text end with those at p
      x = load8(end - 8) >> (8 * (p + 8 - end));
    } else {
      x = 0;
      for (std::size_t j = 0; j < n; ++j) x |= static_cast<std::uint64_t>(p[j]) << (8 * j);
    }
    // Byte j counts where bit j of `take` is set (a mask, not a branch).
    std::uint64_t take = (std::uint64_t{1} << n) - 1;
    for (int j = 0; j < 8; ++j, x >>= 8, take >>= 1) {
      const std::uint64_t next = (state ^ (x & 0xFF)) * 1099511628211ULL;
      state ^= (next ^ state) & (0 - (take & 1));
    }
  }
  // The 8 bytes at p, the first in the lowest bits.
  static std::uint64_t load8(const unsigned char* p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    return x;
#else
    std::uint64_t x = 0;
    for (int j = 0; j < 8; ++j) x |= static_cast<std::uint64_t>(p[j]) << (8 * j);
    return x;
#endif
  }
  std::uint64_t bit(bool word) const {
    const std::uint64_t mixed = (state ^ (state >> 29)) * 0x9E3779B97F4A7C15ULL;
    const auto index = static_cast<int>((mixed >> 32) % (word ? kWordBits : kStrictBits));
    return std::uint64_t{1} << (word ? index : kWordBits + index);
  }
};

inline bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_ascii_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

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

// Whether the text at k starts with `prefix` (a literal of at most 4 bytes).
template <std::size_t N>
inline bool starts_with(std::string_view s, std::size_t k, const char (&prefix)[N]) {
  if (s.size() - k < N - 1) return false;
  for (std::size_t i = 0; i + 1 < N; ++i)
    if (s[k + i] != prefix[i]) return false;
  return true;
}

// Classes of the 64 bytes of a segment from `base` on, one bit per byte (bit i: byte base + i),
// decided with the bytes around them; bytes past the segment's end are taken as zeros, which
// belong to no class.
struct Window {
  std::size_t base = 0;
  std::size_t end = 0;  // base + 64
  // Bytes that hold no anchor seen from a token boundary past the first word (its bit 0 is not
  // alone enough: see plain_prefix): lower-case ASCII letters, '-', the separators
  // ` ,.;'"()` and the bytes 80-DF of 2-byte sequences, but not a C3 that may start a word
  // (À-Þ are upper-case): a C3 after a byte other than a lower-case letter or 80-DF.
  std::uint64_t plain = 0;
  std::uint64_t separator = 0;  // ` ,.;'"()`
  std::uint64_t www = 0;        // the first byte of "www." (a URL)
  std::uint64_t c3 = 0;         // C3
  // Bytes that simply continue a word: ASCII letters and digits, '_', '-', and the bytes 80 and
  // above but those that start punctuation (E2 80, E3 80, EF BC, EF BD).
  std::uint64_t word = 0;
};

// The bytes a window reads from its base on: 64, and 3 more to see what follows them.
constexpr std::size_t kWindowBytes = 64;
constexpr std::size_t kWindowReach = kWindowBytes + 3;

// Sets the window's classes from the bit masks every classify() finds, one bit per byte: `plain`
// still counting every C3, which is dropped here where it may start a word (after a byte that is
// not in `lower_or_two_byte`).
inline void set_classes(Window& w, std::uint64_t plain, std::uint64_t lower_or_two_byte,
                        std::uint64_t separator, std::uint64_t www, std::uint64_t c3,
                        std::uint64_t word) {
  w.plain = plain & ~(c3 & ~(lower_or_two_byte << 1));
  w.separator = separator;
  w.www = www;
  w.c3 = c3;
  w.word = word;
}

#if defined(__SSE2__)
// The classes of the 64 bytes at p (reads p[0, kWindowReach + 12]).
inline void classify(const unsigned char* p, Window& w) {
  auto bits = [](__m128i m) { return static_cast<std::uint64_t>(_mm_movemask_epi8(m)); };
  auto load = [](const unsigned char* q) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
  };
  std::uint64_t plain = 0, letter_or_two_byte = 0, c3 = 0, separator = 0, www = 0, word = 0;
  for (int lane = 0; lane < 4; ++lane) {
    const unsigned char* q = p + 16 * lane;
    const __m128i v = load(q), v1 = load(q + 1), v2 = load(q + 2), v3 = load(q + 3);
    auto is = [&v](unsigned char c) {
      return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c)));
    };
    auto is1 = [](__m128i x, unsigned char c) {
      return _mm_cmpeq_epi8(x, _mm_set1_epi8(static_cast<char>(c)));
    };
    const __m128i lower = bytes_in_range(v, 'a', 26);
    const __m128i two_byte = _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(0xE0)));
    const __m128i dash = is('-');
    const __m128i sep =
        _mm_or_si128(_mm_or_si128(_mm_or_si128(is(' '), is(',')), _mm_or_si128(is('.'), is(';'))),
                     _mm_or_si128(_mm_or_si128(is('\''), is('"')), _mm_or_si128(is('('), is(')'))));
    const __m128i lower_or_two_byte = _mm_or_si128(lower, two_byte);
    const __m128i simple = _mm_or_si128(
        _mm_or_si128(ascii_letters(v), bytes_in_range(v, '0', 10)),
        _mm_or_si128(_mm_cmplt_epi8(v, _mm_setzero_si128()), _mm_or_si128(is('_'), dash)));
    const __m128i stop =
        _mm_or_si128(_mm_and_si128(_mm_or_si128(is(0xE2), is(0xE3)), is1(v1, 0x80)),
                     _mm_and_si128(is(0xEF), is1(_mm_or_si128(v1, _mm_set1_epi8(1)), 0xBD)));
    const __m128i www_start = _mm_and_si128(_mm_and_si128(is('w'), is1(v1, 'w')),
                                            _mm_and_si128(is1(v2, 'w'), is1(v3, '.')));
    const int shift = 16 * lane;
    plain |= bits(_mm_or_si128(_mm_or_si128(lower_or_two_byte, sep), dash)) << shift;
    letter_or_two_byte |= bits(lower_or_two_byte) << shift;
    c3 |= bits(is(0xC3)) << shift;
    separator |= bits(sep) << shift;
    www |= bits(www_start) << shift;
    word |= bits(_mm_andnot_si128(stop, simple)) << shift;
  }
  set_classes(w, plain, letter_or_two_byte, separator, www, c3, word);
}
constexpr std::size_t kPaddedBytes = kWindowReach + 13;
#else
// The classes of single bytes, for the scalar classify().
enum ByteClass : unsigned char {
  kPlainByte = 1,       // lower-case ASCII letter, 80-DF, separator or '-'
  kLowerOrTwoByte = 2,  // lower-case ASCII letter or 80-DF
  kSeparatorByte = 4,   // ` ,.;'"()`
  kC3Byte = 8,          // C3
  kWordByte = 16,       // kWordBytes
  kLookAheadByte = 32,  // E2, E3, EF, 'w': their class depends on the bytes after them
};
struct ByteClasses {
  unsigned char table[256] = {};
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      const bool lower_or_two_byte = (c >= 'a' && c <= 'z') || (c >= 0x80 && c < 0xE0);
      const bool separator = c == ' ' || c == ',' || c == '.' || c == ';' || c == '\'' ||
                             c == '"' || c == '(' || c == ')';
      int bits = 0;
      if (lower_or_two_byte || separator || c == '-') bits |= kPlainByte;
      if (lower_or_two_byte) bits |= kLowerOrTwoByte;
      if (separator) bits |= kSeparatorByte;
      if (c == 0xC3) bits |= kC3Byte;
      if (kWordBytes.table[c]) bits |= kWordByte;
      if (c == 0xE2 || c == 0xE3 || c == 0xEF || c == 'w') bits |= kLookAheadByte;
      table[c] = static_cast<unsigned char>(bits);
    }
  }
};
constexpr ByteClasses kByteClasses;

// The classes of the 64 bytes at p (reads p[0, kWindowReach)), a byte at a time.
inline void classify(const unsigned char* p, Window& w) {
  std::uint64_t plain = 0, lower_or_two_byte = 0, separator = 0, c3 = 0, word = 0, www = 0;
  std::uint64_t stops = 0;
  for (int i = 0; i < static_cast<int>(kWindowBytes); ++i) {
    const unsigned char c = p[i];
    const unsigned classes = kByteClasses.table[c];
    plain |= static_cast<std::uint64_t>(classes & kPlainByte) << i;
    lower_or_two_byte |= static_cast<std::uint64_t>((classes & kLowerOrTwoByte) >> 1) << i;
    separator |= static_cast<std::uint64_t>((classes & kSeparatorByte) >> 2) << i;
    c3 |= static_cast<std::uint64_t>((classes & kC3Byte) >> 3) << i;
    word |= static_cast<std::uint64_t>((classes & kWordByte) >> 4) << i;
    if ((classes & kLookAheadByte) != 0) {
      const unsigned char next = p[i + 1];
      const std::uint64_t bit = std::uint64_t{1} << i;
      if (c == 'w' && next == 'w' && p[i + 2] == 'w' && p[i + 3] == '.') www |= bit;
      if ((c != 'w' && c != 0xEF && next == 0x80) || (c == 0xEF && (next | 1) == 0xBD))
        stops |= bit;
    }
  }
  set_classes(w, plain, lower_or_two_byte, separator, www, c3, word & ~stops);
}
constexpr std::size_t kPaddedBytes = kWindowReach;
#endif

#if defined(TRALIGN_SIMD_BYTES_AVX2)
// The same with AVX2 (reads p[0, kWindowReach]).
__attribute__((target("avx2"))) inline std::uint64_t bits(__m256i m) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(m));
}
__attribute__((target("avx2"))) inline __m256i load(const unsigned char* q) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
}
__attribute__((target("avx2"))) inline __m256i is(__m256i x, unsigned char c) {
  return _mm256_cmpeq_epi8(x, _mm256_set1_epi8(static_cast<char>(c)));
}

// 0xFF in the bytes of v that are separators ` ,.;'"()`: looked up by their two halves, each
// in a table of 16 (bit 0: 2x, bit 1: 3x; no byte 80 or above).
__attribute__((target("avx2"))) inline __m256i separators(__m256i v) {
  const __m256i low_table =  // 0-F: ' ' . '"' . . . . '\'' '(' ')' . ';' ',' . '.' .
      _mm256_setr_epi8(1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 2, 1, 0, 1, 0,  //
                       1, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 2, 1, 0, 1, 0);
  const __m256i high_table = _mm256_setr_epi8(0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                              0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  const __m256i low = _mm256_shuffle_epi8(low_table, _mm256_and_si256(v, nibble));
  const __m256i high =
      _mm256_shuffle_epi8(high_table, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
  return _mm256_cmpgt_epi8(_mm256_and_si256(low, high), _mm256_setzero_si256());
}

__attribute__((target("avx2"), noinline)) void classify_avx2(const unsigned char* p, Window& w) {
  std::uint64_t plain = 0, letter_or_two_byte = 0, c3 = 0, separator = 0, www = 0, word = 0;
  for (int lane = 0; lane < 2; ++lane) {
    const unsigned char* q = p + 32 * lane;
    const __m256i v = load(q), v1 = load(q + 1), v2 = load(q + 2), v3 = load(q + 3);
    const __m256i lower = bytes_in_range(v, 'a', 26);
    const __m256i two_byte = _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(0xE0)), v);
    const __m256i dash = is(v, '-');
    const __m256i sep = separators(v);
    const __m256i lower_or_two_byte = _mm256_or_si256(lower, two_byte);
    const __m256i simple =
        _mm256_or_si256(_mm256_or_si256(ascii_letters(v), bytes_in_range(v, '0', 10)),
                        _mm256_or_si256(_mm256_cmpgt_epi8(_mm256_setzero_si256(), v),
                                        _mm256_or_si256(is(v, '_'), dash)));
    const __m256i stop = _mm256_or_si256(
        _mm256_and_si256(_mm256_or_si256(is(v, 0xE2), is(v, 0xE3)), is(v1, 0x80)),
        _mm256_and_si256(is(v, 0xEF), is(_mm256_or_si256(v1, _mm256_set1_epi8(1)), 0xBD)));
    const __m256i www_start = _mm256_and_si256(_mm256_and_si256(is(v, 'w'), is(v1, 'w')),
                                               _mm256_and_si256(is(v2, 'w'), is(v3, '.')));
    const int shift = 32 * lane;
    plain |= bits(_mm256_or_si256(_mm256_or_si256(lower_or_two_byte, sep), dash)) << shift;
    letter_or_two_byte |= bits(lower_or_two_byte) << shift;
    c3 |= bits(is(v, 0xC3)) << shift;
    separator |= bits(sep) << shift;
    www |= bits(www_start) << shift;
    word |= bits(_mm256_andnot_si256(stop, simple)) << shift;
  }
  set_classes(w, plain, letter_or_two_byte, separator, www, c3, word);
}

// The classes of the last 64 bytes of a segment, at p (reads p[0, 64)): the bytes after them
// are taken as zeros.
__attribute__((target("avx2"), noinline)) void classify_tail_avx2(const unsigned char* p,
                                                                  Window& w) {
  std::uint64_t plain = 0, letter_or_two_byte = 0, c3 = 0, separator = 0, simple = 0;
  std::uint64_t e2_or_e3 = 0, ef = 0, x80 = 0, bc_or_bd = 0, ww = 0, dot = 0;
  for (int lane = 0; lane < 2; ++lane) {
    const __m256i v = load(p + 32 * lane);
    const __m256i lower_or_two_byte =
        _mm256_or_si256(bytes_in_range(v, 'a', 26),
                        _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(0xE0)), v));
    const __m256i dash = is(v, '-');
    const __m256i is_dot = is(v, '.');
    const __m256i sep = separators(v);
    const __m256i word =
        _mm256_or_si256(_mm256_or_si256(ascii_letters(v), bytes_in_range(v, '0', 10)),
                        _mm256_or_si256(_mm256_cmpgt_epi8(_mm256_setzero_si256(), v),
                                        _mm256_or_si256(is(v, '_'), dash)));
    const int shift = 32 * lane;
    plain |= bits(_mm256_or_si256(_mm256_or_si256(lower_or_two_byte, sep), dash)) << shift;
    letter_or_two_byte |= bits(lower_or_two_byte) << shift;
    c3 |= bits(is(v, 0xC3)) << shift;
    separator |= bits(sep) << shift;
    simple |= bits(word) << shift;
    e2_or_e3 |= bits(_mm256_or_si256(is(v, 0xE2), is(v, 0xE3))) << shift;
    ef |= bits(is(v, 0xEF)) << shift;
    x80 |= bits(is(v, 0x80)) << shift;
    bc_or_bd |= bits(is(_mm256_or_si256(v, _mm256_set1_epi8(1)), 0xBD)) << shift;
    ww |= bits(is(v, 'w')) << shift;
    dot |= bits(is_dot) << shift;
  }
  set_classes(w, plain, letter_or_two_byte, separator, ww & (ww >> 1) & (ww >> 2) & (dot >> 3),
              c3, simple & ~((e2_or_e3 & (x80 >> 1)) | (ef & (bc_or_bd >> 1))));
}

bool has_avx2() {
  static const bool supported = __builtin_cpu_supports("avx2");
  return supported;
}
#endif

// The window of the segment `bytes[0, size)` from k on.
inline void load_window(const unsigned char* bytes, std::size_t size, std::size_t k, Window& w) {
#if defined(TRALIGN_SIMD_BYTES_AVX2)
  if (has_avx2() && k + kWindowReach > size && k + kWindowBytes >= size && size >= kWindowBytes) {
    w.base = size - kWindowBytes;  // at or before k
    w.end = size;
    return classify_tail_avx2(bytes + w.base, w);
  }
#endif
  w.base = k;
  w.end = k + kWindowBytes;
  if (k + kPaddedBytes <= size) {
#if defined(TRALIGN_SIMD_BYTES_AVX2)
    if (has_avx2()) return classify_avx2(bytes + k, w);
#endif
    classify(bytes + k, w);
  } else {
    // The last bytes, then zeros, copied in blocks of fixed size where the last block overlaps
    // the one before (much cheaper than a call to memcpy of any size).
    unsigned char padded[kPaddedBytes] = {};
    const unsigned char* from = bytes + k;
    const std::size_t n = size - k;
    if (n >= 16) {
      for (std::size_t i = 0; i + 16 < n; i += 16) std::memcpy(padded + i, from + i, 16);
      std::memcpy(padded + n - 16, from + n - 16, 16);
    } else if (n >= 8) {
      std::memcpy(padded, from, 8);
      std::memcpy(padded + n - 8, from + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(padded, from, 4);
      std::memcpy(padded + n - 4, from + n - 4, 4);
    } else {
      padded[0] = from[0];  // n is 1 to 3 (k < size)
      padded[n / 2] = from[n / 2];
      padded[n - 1] = from[n - 1];
    }
#if defined(TRALIGN_SIMD_BYTES_AVX2)
    if (has_avx2()) return classify_avx2(padded, w);
#endif
    classify(padded, w);
  }
}

// The bytes from k on that hold no anchor, seen from a token boundary past the first word: the
// longest run of plain bytes from k (a C3 at k may start a word), cut after its last separator
// (the words before it are whole) and before any "www." (a URL). 0: none.
inline std::size_t plain_prefix(const Window& w, std::size_t k) {
  const int r = static_cast<int>(k - w.base);
  const std::uint64_t plain = (w.plain >> r) & ~((w.c3 >> r) & 1);
  std::uint64_t prefix = ((plain + 1) & ~plain) - 1;  // the run of ones from bit 0
  const std::uint64_t www = (w.www >> r) & prefix;
  if (www != 0) prefix &= (www & (~www + 1)) - 1;
  const std::uint64_t cuts = (w.separator >> r) & prefix;
  return cuts == 0 ? 0 : static_cast<std::size_t>(64 - __builtin_clzll(cuts));
}

// The number of bytes from k on that simply continue a word, up to the window's end.
inline std::size_t word_run(const Window& w, std::size_t k) {
  const int r = static_cast<int>(k - w.base);
  const std::uint64_t stops = ~(w.word >> r);
  return stops == 0 ? kWindowBytes : static_cast<std::size_t>(__builtin_ctzll(stops));
}

}  // namespace

std::uint64_t anchor_signature(std::string_view text) {
  std::uint64_t signature = 0;
  const std::size_t size = text.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  Window window;  // end 0: loaded when first needed
  bool first_word = true;
  std::size_t k = 0;
  while (k < size) {
    if (!first_word) {
      if (k >= window.end) load_window(bytes, size, k, window);
      k += plain_prefix(window, k);  // to the next token that may hold an anchor
      if (k >= size) break;
    }
    const auto c = static_cast<unsigned char>(text[k]);
    if (!is_ascii_letter(c)) {  // letters start words: the common case
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
    }
    // A word (letters and digits, plus the inside of URLs and e-mail addresses).
    const std::size_t start = k;
    const bool upper = is_upper_at(text, k);
    bool url = false;
    while (k < size) {
      if (k >= window.end) load_window(bytes, size, k, window);
      k += word_run(window, k);
      if (k >= window.end || k >= size) continue;
      // A byte that ends the run: punctuation encoded with 3 bytes (E2 80 xx, E3 80 xx,
      // EF BC xx, EF BD xx), or ASCII that may continue a URL or e-mail address.
      const auto d = static_cast<unsigned char>(text[k]);
      if ((d == ':' || d == '/' || d == '.' || d == '@') && k + 1 < size &&
          is_word_byte(static_cast<unsigned char>(text[k + 1])) &&
          (d != ':' || starts_with(text, k, "://"))) {
        if (d == ':' || d == '@' || starts_with(text, start, "www.")) url = true;
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
      h.add_bytes(bytes + start, length, bytes, bytes + size);
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
