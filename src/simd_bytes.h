// Private: classes of 16 bytes at a time (SSE2), or 32 (AVX2), for the scans of
// align_anchors.cc and align_lexicon.cc.
#ifndef TRALIGN_SRC_SIMD_BYTES_H_
#define TRALIGN_SRC_SIMD_BYTES_H_

#if defined(__SSE2__)
#include <emmintrin.h>

namespace tralign {
namespace internal {

// 0xFF in every byte of v within [first, first + count) (count <= 128), else 0. The range is
// shifted to start at -128, where a signed comparison tests it.
inline __m128i bytes_in_range(__m128i v, unsigned char first, int count) {
  return _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - first))),
                        _mm_set1_epi8(static_cast<char>(-128 + count)));
}

// The same for the ASCII letters of either case.
inline __m128i ascii_letters(__m128i v) {
  return bytes_in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
}

}  // namespace internal
}  // namespace tralign

#endif  // __SSE2__

// The same for 32 bytes at a time (AVX2), for code that checks __builtin_cpu_supports("avx2").
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define TRALIGN_SIMD_BYTES_AVX2 1

namespace tralign {
namespace internal {

__attribute__((target("avx2"))) inline __m256i bytes_in_range(__m256i v, unsigned char first,
                                                              int count) {
  return _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(-128 + count)),
                           _mm256_add_epi8(v, _mm256_set1_epi8(static_cast<char>(0x80 - first))));
}

__attribute__((target("avx2"))) inline __m256i ascii_letters(__m256i v) {
  return bytes_in_range(_mm256_or_si256(v, _mm256_set1_epi8(0x20)), 'a', 26);
}

}  // namespace internal
}  // namespace tralign

#endif  // __GNUC__ && __x86_64__
#endif  // TRALIGN_SRC_SIMD_BYTES_H_
