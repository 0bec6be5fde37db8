// segment_rules.cc: tralign's own sentence rules at ICU's candidate breaks.
#include "segment_rules.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>

#include "utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#define TRALIGN_SEGMENT_SSE2 1
#endif

namespace tralign::rules {
namespace {

// Unicode's White_Space property (a stable list: ICU's u_isUWhiteSpace) and the BOM U+FEFF.
bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  switch (c) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

// Kana (U+3041..U+30FF), CJK ideographs (U+3400..U+9FFF) and Hangul syllables: letters without
// case that are none of the punctuation classes below; most characters of CJK text are here,
// so the predicates answer them without asking ICU.
bool is_cjk_letter(char32_t c) {
  return (c >= 0x3041 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7A3);
}

// UAX #29 Close: quotation marks and brackets, opening or closing.
bool is_bracket_or_quote(char32_t c) {
  if (c < 0x80)
    return c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' ||
           c == '}';
  if (is_cjk_letter(c)) return false;
  return u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK) == U_SB_CLOSE;
}

bool is_letter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_isalpha(static_cast<UChar32>(c));
}
bool is_upper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (is_cjk_letter(c)) return false;
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}
bool is_lower(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  if (is_cjk_letter(c)) return false;
  return u_islower(static_cast<UChar32>(c));
}
bool is_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(static_cast<UChar32>(c));
}
bool is_roman(char32_t c) {
  return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' || c == 'M';
}
// Sentence terminators that are not a full stop (UAX #29 STerm), e.g. ? ! 。 ！ ？ ؟ ।
bool is_sterm(char32_t c) {
  if (c < 0x80) return c == '?' || c == '!';
  if (is_cjk_letter(c)) return false;
  return u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK) == U_SB_STERM;
}
// Han, Kana, Hangul and CJK punctuation: scripts written without spaces between words.
bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF5B && c <= 0xFF65) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}
bool is_cjk_sterm(char32_t c) { return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF61; }

// True when s[i] (with i + 3 <= end, or a full stop anywhere) begins a candidate for
// find_extra_breaks(): "." or one of the three-byte sequences "…" (E2 80 A6), "。" (E3 80 82),
// "！" (EF BC 81), "？" (EF BC 9F), "｡" (EF BD A1).
bool is_candidate(const unsigned char* s, std::size_t i, std::size_t end) {
  if (s[i] == '.') return true;
  if (i + 3 > end) return false;
  switch (s[i]) {
    case 0xE2:
      return s[i + 1] == 0x80 && s[i + 2] == 0xA6;
    case 0xE3:
      return s[i + 1] == 0x80 && s[i + 2] == 0x82;
    case 0xEF:
      return (s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x9F)) ||
             (s[i + 1] == 0xBD && s[i + 2] == 0xA1);
    default:
      return false;
  }
}

#if defined(TRALIGN_SEGMENT_SSE2)
// One bit per candidate (see is_candidate) beginning in s[0, 16); reads s[0, 18). Whole
// sequences are compared at once, not a lead byte that every Kana or "，" shares.
unsigned candidate_mask(const unsigned char* s) {
  auto eq = [](__m128i v, int byte) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(byte)));
  };
  const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i dots = eq(v0, '.');
  // A three-byte candidate begins with E2, E3 or EF. Blocks without any lead byte of a
  // three- or four-byte sequence (E0..FF) need only the full stops: ASCII, Latin letters with
  // accents (C3 ..), Cyrillic. (The test is by the byte class, not the three bytes, so that in
  // CJK text, where every block has such bytes, the branch always goes the same way.)
  const __m128i class_e0 = _mm_set1_epi8(static_cast<char>(0xE0));
  const __m128i long_leads = eq(_mm_and_si128(v0, class_e0), 0xE0);
  if (_mm_movemask_epi8(long_leads) == 0) return static_cast<unsigned>(_mm_movemask_epi8(dots));
  const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 1));
  const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 2));
  const __m128i mid80 = eq(v1, 0x80);
  const __m128i ellipsis = _mm_and_si128(_mm_and_si128(eq(v0, 0xE2), mid80), eq(v2, 0xA6));
  const __m128i stop = _mm_and_si128(_mm_and_si128(eq(v0, 0xE3), mid80), eq(v2, 0x82));
  const __m128i fullwidth = _mm_and_si128(
      eq(v0, 0xEF),
      _mm_or_si128(_mm_and_si128(eq(v1, 0xBC), _mm_or_si128(eq(v2, 0x81), eq(v2, 0x9F))),
                   _mm_and_si128(eq(v1, 0xBD), eq(v2, 0xA1))));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(dots, ellipsis), _mm_or_si128(stop, fullwidth))));
}
#endif

// Number of code points in valid UTF-8 text[begin, end): the bytes that are not continuation
// bytes (10xxxxxx, -128..-65 as signed bytes), sixteen at a time with SSE2. The last partial
// block is one more load (ending at `end`, or starting at `begin` when the text is long
// enough) with the bytes outside text[begin, end) masked off, instead of a byte loop.
std::size_t count_code_points(std::string_view text, std::size_t begin, std::size_t end) {
#if defined(TRALIGN_SEGMENT_SSE2)
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const __m128i limit = _mm_set1_epi8(-65);
  const __m128i one = _mm_set1_epi8(1);
  // Keeps the bytes k of a block with low <= k < 16 (0 <= low <= 16).
  auto tail_bytes = [](std::size_t low) {
    alignas(16) static constexpr signed char kOnes[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                          0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
                                                          1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(kOnes + 16 - low));
  };
  auto count_block = [&](std::size_t at, __m128i keep) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
    const __m128i starts = _mm_and_si128(_mm_cmpgt_epi8(v, limit), keep);
    const __m128i sums = _mm_sad_epu8(starts, _mm_setzero_si128());
    return static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
  };
  std::size_t count = 0;
  std::size_t i = begin;
  for (; i + 16 <= end; i += 16) count += count_block(i, one);
  if (i == end) return count;
  if (end >= 16) {  // the 16 bytes that end at `end`, of which the last end - i are new
    const std::size_t at = end - 16;
    return count + count_block(at, tail_bytes(i - at));
  }
  if (i + 16 <= text.size()) {  // the 16 bytes that start at i, of which the first end - i
    // Bytes i..end-1 are kept: the complement of "k >= end - i".
    return count + count_block(i, _mm_andnot_si128(tail_bytes(end - i), one));
  }
  return count + utf8::count_code_points(text.substr(i, end - i));
#else
  return utf8::count_code_points(text.substr(begin, end - begin));
#endif
}

#if defined(TRALIGN_SEGMENT_SSE2)
// One bit per position of s[0, 16) where a bracket or quote that ParagraphSplitter counts
// begins: ( ) [ ] " « » „ “ ” （ ） 「 」 『 』. Reads s[0, 18).
unsigned pair_mask(const unsigned char* s) {
  const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 1));
  const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 2));
  auto eq = [](__m128i v, int byte) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(byte)));
  };
  // v in [low, low + span]: unsigned, by the saturating difference.
  auto in = [](__m128i v, int low, int span) {
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(low)));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(static_cast<char>(span))), d);
  };
  const __m128i ascii = _mm_or_si128(
      _mm_or_si128(_mm_or_si128(eq(v0, '('), eq(v0, ')')), _mm_or_si128(eq(v0, '['), eq(v0, ']'))),
      eq(v0, '"'));
  const __m128i guillemets = _mm_and_si128(eq(v0, 0xC2), _mm_or_si128(eq(v1, 0xAB), eq(v1, 0xBB)));
  const __m128i curly = _mm_and_si128(_mm_and_si128(eq(v0, 0xE2), eq(v1, 0x80)), in(v2, 0x9C, 2));
  const __m128i corner = _mm_and_si128(_mm_and_si128(eq(v0, 0xE3), eq(v1, 0x80)), in(v2, 0x8C, 3));
  const __m128i fullwidth =
      _mm_and_si128(_mm_and_si128(eq(v0, 0xEF), eq(v1, 0xBC)), in(v2, 0x88, 1));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
      _mm_or_si128(ascii, guillemets), _mm_or_si128(curly, _mm_or_si128(corner, fullwidth)))));
}
#endif

// Longest word looked at as an abbreviation, in bytes; longer words are ordinary words.
constexpr std::size_t kMaxWord = 64;
// How far (bytes) to look ahead for the bracket or quote that closes an open one.
constexpr std::size_t kPairWindow = 300;

}  // namespace

std::size_t skip_space(std::string_view text, std::size_t i, std::size_t end) {
  while (i < end) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!(c == ' ' || (c >= '\t' && c <= '\r'))) return i;
      ++i;
      continue;
    }
    std::size_t len;
    if (!is_space(utf8::decode(text, i, len))) return i;
    i += len;
  }
  return end;
}

std::size_t skip_space_back(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin) {
    const auto c = static_cast<unsigned char>(text[end - 1]);
    if (c < 0x80) {
      if (!(c == ' ' || (c >= '\t' && c <= '\r'))) return end;
      --end;
      continue;
    }
    std::size_t start;
    if (!is_space(utf8::decode_before(text, end, start))) return end;
    end = start;
  }
  return begin;
}

ParagraphSplitter::ParagraphSplitter(icu::BreakIterator& iterator, const LanguageRules& rules)
    : iterator_(iterator), rules_(rules) {}

ParagraphSplitter::~ParagraphSplitter() { utext_close(&utext_); }

void ParagraphSplitter::emit(std::size_t begin, std::size_t end) {
  begin = skip_space(text_, begin, end);
  end = skip_space_back(text_, begin, end);
  if (begin == end) return;
  out_->push_back(
      {begin, end, paragraph_, static_cast<std::uint32_t>(count_code_points(text_, begin, end))});
}

Abbreviation ParagraphSplitter::lookup(std::string_view word) {
  if (word.empty()) return Abbreviation::kNone;
  const bool may_be_listed = rules_.abbreviation_buckets.test(abbreviation_bucket(word));
  auto it = may_be_listed ? rules_.abbreviations.find(word) : rules_.abbreviations.end();
  if (it != rules_.abbreviations.end()) return it->second;
  // A capitalised form of a listed lower-case abbreviation ("Vgl." at a sentence start).
  std::size_t len;
  const char32_t first = utf8::decode(word, 0, len);
  if (!is_upper(first)) return Abbreviation::kNone;
  key_.clear();
  utf8::append(key_, static_cast<char32_t>(u_tolower(static_cast<UChar32>(first))));
  key_.append(word.substr(len));
  if (!rules_.abbreviation_buckets.test(abbreviation_bucket(key_))) return Abbreviation::kNone;
  it = rules_.abbreviations.find(key_);
  return it != rules_.abbreviations.end() ? it->second : Abbreviation::kNone;
}

// With `pos` the start of a sentence as ICU sees it: when ICU broke between a terminator and
// its closing quote or bracket (French « Oui. » has a space before »), the break belongs
// after the closers and their spaces. Returns the corrected position (or `pos`).
std::size_t ParagraphSplitter::shift_over_closers(std::size_t pos) const {
  std::size_t len;
  const char32_t next = utf8::decode(text_, pos, len);
  if (!is_bracket_or_quote(next) || next == '(' || next == '[' || next == '{') return pos;
  std::size_t i = pos;
  while (i < para_end_) {
    const char32_t c = utf8::decode(text_, i, len);
    if (!is_bracket_or_quote(c)) break;
    i += len;
  }
  // An opening quote is followed by its first word; a closing one by space or the end.
  if (i < para_end_ && !is_space(utf8::decode(text_, i, len))) return pos;
  // Only when a terminator precedes (possibly with spaces in between).
  std::size_t start;
  std::size_t j = skip_space_back(text_, seg_begin_, pos);
  if (j == seg_begin_) return pos;
  const char32_t before = utf8::decode_before(text_, j, start);
  if (before != '.' && !is_sterm(before) && before != 0x2026) return pos;
  return skip_space(text_, i, para_end_);
}

// Counts the bracket or quote (if any) that begins at text_[i], i < pos.
void ParagraphSplitter::count_pair(std::size_t i, std::size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
  switch (s[i]) {
    case '(':
    case '[':
      ++parens_;
      break;
    case ')':
    case ']':
      parens_ -= parens_ > 0;
      break;
    case '"':
      ascii_quotes_ ^= 1;
      break;
    case 0xC2:
      if (i + 1 < pos && s[i + 1] == 0xAB) ++guillemets_;                   // «
      if (i + 1 < pos && s[i + 1] == 0xBB) guillemets_ -= guillemets_ > 0;  // »
      break;
    case 0xE2:
      if (i + 2 < pos && s[i + 1] == 0x80) {
        if (s[i + 2] == 0x9E) {  // „
          ++low_quotes_;
        } else if (s[i + 2] == 0x9C) {  // “ closes „ in German, opens in English
          if (low_quotes_ > 0)
            --low_quotes_;
          else
            ++curly_quotes_;
        } else if (s[i + 2] == 0x9D) {  // ”
          if (curly_quotes_ > 0)
            --curly_quotes_;
          else
            low_quotes_ -= low_quotes_ > 0;
        }
      }
      break;
    case 0xEF:
      if (i + 2 < pos && s[i + 1] == 0xBC && s[i + 2] == 0x88) ++parens_;  // （
      if (i + 2 < pos && s[i + 1] == 0xBC && s[i + 2] == 0x89) parens_ -= parens_ > 0;
      break;
    case 0xE3:
      if (i + 2 < pos && s[i + 1] == 0x80) {
        if (s[i + 2] == 0x8C || s[i + 2] == 0x8E) ++corner_quotes_;  // 「 『
        if (s[i + 2] == 0x8D || s[i + 2] == 0x8F) corner_quotes_ -= corner_quotes_ > 0;
      }
      break;
    default:
      break;
  }
}

// Counts brackets and quotes opened and not closed in text[seg_begin_, pos).
void ParagraphSplitter::scan_pairs(std::size_t pos) {
  std::size_t i = scanned_;
#if defined(TRALIGN_SEGMENT_SSE2)
  // Sixteen bytes at a time; only the positions where a bracket or quote begins are counted.
  const auto* s = reinterpret_cast<const unsigned char*>(text_.data());
  for (; i + 18 <= pos; i += 16) {
    for (unsigned mask = pair_mask(s + i); mask != 0; mask &= mask - 1)
      count_pair(i + static_cast<std::size_t>(__builtin_ctz(mask)), pos);
  }
#endif
  for (; i < pos; ++i) count_pair(i, pos);
  if (pos > scanned_) scanned_ = pos;
}

// True when `pos` lies inside brackets or quotes that close soon after and the sentence goes
// on after them: "(see p. 5. It is there) and", „Ich komme. Jetzt“, sagte er.
bool ParagraphSplitter::continues_after_pair(std::size_t pos) {
  scan_pairs(pos);
  if (parens_ == 0 && ascii_quotes_ == 0 && low_quotes_ == 0 && curly_quotes_ == 0 &&
      guillemets_ == 0 && corner_quotes_ == 0) {
    return false;
  }
  const std::size_t limit = std::min(para_end_, pos + kPairWindow);
  std::size_t len;
  for (std::size_t i = pos; i < limit; i += len) {
    const char32_t c = utf8::decode(text_, i, len);
    const bool closes_paren = parens_ > 0 && (c == ')' || c == ']' || c == 0xFF09);
    const bool closes_quote =
        (ascii_quotes_ > 0 && c == '"') ||
        ((low_quotes_ > 0 || curly_quotes_ > 0) && (c == 0x201C || c == 0x201D)) ||
        (guillemets_ > 0 && c == 0xBB) || (corner_quotes_ > 0 && (c == 0x300D || c == 0x300F));
    if (closes_paren) return true;
    if (!closes_quote) continue;
    // The quote ends here: does the sentence continue after it?
    std::size_t j = i + len;
    while (j < para_end_) {
      std::size_t l;
      const char32_t d = utf8::decode(text_, j, l);
      if (!is_bracket_or_quote(d) || d == '(') break;
      j += l;
    }
    j = skip_space(text_, j, para_end_);
    if (j >= para_end_) return false;
    const char32_t after = utf8::decode(text_, j, len);
    return is_lower(after) || after == ',' || after == ';' || after == ':' || after == 0x2013 ||
           after == 0x2014 || after == 0x3001 || after == 0xFF0C ||
           (rules_.quotative && (after == 0x3068 || after == 0x3063));
  }
  return false;
}

// The rules at a break after a full stop that ends text[.., term_start + 1).
bool ParagraphSplitter::keep_full_stop(std::size_t term_start, std::size_t pos) {
  std::size_t start;
  // An ellipsis ("..."): ICU breaks only before a capital letter; keep it.
  if (term_start > seg_begin_ && text_[term_start - 1] == '.') return true;
  // The word before the full stop.
  std::size_t word_begin = term_start;
  bool after_cjk = false;
  while (word_begin > seg_begin_ && term_start - word_begin <= kMaxWord) {
    const char32_t c = utf8::decode_before(text_, word_begin, start);
    if (is_space(c)) break;
    if (is_cjk(c)) {  // "他在U.S.住了": the word is the Latin run
      after_cjk = true;
      break;
    }
    // Elision: "l'Ing.", "dell'Avv.", "d’Av.": the word after the apostrophe.
    if ((c == '\'' || c == 0x2019) && word_begin < term_start) break;
    word_begin = start;
  }
  if (term_start - word_begin > kMaxWord) return true;
  std::size_t len;
  while (word_begin < term_start && is_bracket_or_quote(utf8::decode(text_, word_begin, len)))
    word_begin += len;
  const std::string_view word = text_.substr(word_begin, term_start - word_begin);
  if (word.empty()) return true;
  (void)after_cjk;
  // URLs and e-mail addresses end sentences like words.
  if (word.find('@') != std::string_view::npos || word.find("://") != std::string_view::npos ||
      word.substr(0, 4) == "www.") {
    return true;
  }

  // The next word.
  const char32_t next = utf8::decode(text_, pos, len);
  if (is_lower(next)) return false;
  const bool next_digit = is_digit(next);
  const bool next_opens = is_bracket_or_quote(next);
  std::size_t next_end = pos;
  bool next_all_caps = true;
  while (next_end < para_end_) {
    const char32_t c = utf8::decode(text_, next_end, len);
    if (!is_letter(c)) break;
    next_all_caps = next_all_caps && is_upper(c);
    next_end += len;
  }
  const std::string_view next_word = text_.substr(pos, next_end - pos);
  next_all_caps = next_all_caps && !next_word.empty() && next_word.size() <= 6;
  // Whether the next word starts a sentence; asked only by the rules that need it (a hash
  // look-up). Another initial ("J. I. Kraszewski") starts none, even when it is also a word.
  auto next_starts = [&] {
    const bool next_initial =
        utf8::count_code_points(next_word) == 1 && next_end < para_end_ && text_[next_end] == '.';
    return !next_initial && (next_opens || rules_.starters.count(next_word) > 0);
  };

  // Abbreviations, longest first: "Dr. rer. nat.", "z. B.", then the word alone.
  Abbreviation kind = Abbreviation::kNone;
  {
    std::size_t parts_begin[3] = {word_begin, 0, 0};
    int parts = 1;
    std::size_t b = word_begin;
    while (parts < 3) {
      const std::size_t e = skip_space_back(text_, seg_begin_, b);
      if (e == b || e == seg_begin_ || text_[e - 1] != '.') break;
      std::size_t pb = e - 1;
      while (pb > seg_begin_ && e - pb <= 8) {
        const char32_t c = utf8::decode_before(text_, pb, start);
        if (is_space(c)) break;
        pb = start;
      }
      if (e - pb > 7 || pb == e - 1) break;
      parts_begin[parts++] = pb;
      b = pb;
    }
    std::string& compound = compound_;
    for (int n = parts; n >= 2 && kind == Abbreviation::kNone; --n) {
      compound.clear();
      for (int k = n - 1; k >= 1; --k) {
        const std::size_t pb = parts_begin[k];
        const std::size_t pe = skip_space_back(text_, pb, parts_begin[k - 1]);
        compound.append(text_.substr(pb, pe - pb));  // ends with its full stop
      }
      compound.append(word);
      kind = lookup(compound);
    }
    if (kind == Abbreviation::kNone) kind = lookup(word);
  }
  switch (kind) {
    case Abbreviation::kAlways:
      return false;
    case Abbreviation::kNumeric:
      if (next_digit) return false;
      break;
    case Abbreviation::kCommon:
      return next_starts();
    case Abbreviation::kFinal:
      return !(next_digit || next_all_caps);
    case Abbreviation::kNone:
      break;
  }

  // Classify the word by its letters.
  std::size_t letters = 0, digits = 0, dots = 0, others = 0, code_points = 0;
  bool roman = true;
  bool short_parts = true;
  std::size_t part = 0;
  for (std::size_t i = 0; i < word.size(); i += len) {
    const char32_t c = utf8::decode(word, i, len);
    ++code_points;
    if (c == '.') {
      ++dots;
      short_parts = short_parts && part > 0 && part <= 2;
      part = 0;
    } else if (is_letter(c)) {
      ++letters;
      ++part;
      roman = roman && is_roman(c);
    } else if (is_digit(c)) {
      ++digits;
      roman = false;
    } else {
      ++others;
      roman = false;
    }
  }
  short_parts = short_parts && part > 0 && part <= 2;
  // A list marker at the start of a sentence: "1. Dies ist ...", "b. Then", "IV. Results".
  const bool at_start = skip_space(text_, seg_begin_, word_begin) == word_begin;
  if (at_start && dots == 0 && others == 0 && code_points <= 4 && (letters == 0 || digits == 0) &&
      (digits > 0 || roman || letters == 1)) {
    return false;
  }
  // An initial ("Jonas E. Smith", "z. B.") or a dotted abbreviation ("U.S.", "Ph.D.").
  if (letters == 1 && code_points == 1) {
    if (rules_.language == "en" && word == "I") return true;
    return next_starts();
  }
  if (dots > 0 && others == 0 && digits == 0 && short_parts) return next_starts();
  // Numbers: ordinals ("25. Oktober", "im 19. Jahrhundert") and lists after a colon.
  if (digits > 0 && digits == code_points) {
    const std::size_t prev_end = skip_space_back(text_, seg_begin_, word_begin);
    if (prev_end > seg_begin_ && text_[prev_end - 1] == ':') return false;
    if (rules_.ordinal_dot) {
      if (rules_.months.count(next_word) > 0) return false;
      if (next_starts()) return true;
      return digits > 3;
    }
  }
  return true;
}

bool ParagraphSplitter::keep_break(std::size_t pos) {
  // The terminator before the break, behind any spaces and closing quotes or brackets.
  std::size_t i = pos;
  std::size_t start;
  bool closes = false;
  while (i > seg_begin_) {
    const char32_t c = utf8::decode_before(text_, i, start);
    if (is_space(c)) {
      i = start;
    } else if (is_bracket_or_quote(c)) {
      closes = true;
      i = start;
    } else {
      break;
    }
  }
  if (i == seg_begin_) return false;  // nothing but quotes and spaces so far
  if (continues_after_pair(pos)) return false;
  const char32_t term = utf8::decode_before(text_, i, start);
  std::size_t len;
  const char32_t next = utf8::decode(text_, pos, len);
  if (is_cjk_sterm(term)) {
    // Japanese 「はい。」と言った: a quotative particle after the closing quote goes on.
    return !(closes && rules_.quotative &&
             (next == 0x3068 || (next == 0x3063 && pos + 3 < para_end_)));
  }
  if (is_sterm(term)) {
    // "Why?" she asked. — lower case after ? or ! continues the sentence.
    return !is_lower(next);
  }
  if (term == '.' && !closes) return keep_full_stop(start, pos);
  if (term == '.' && is_lower(next)) return false;
  return true;
}

// Breaks ICU does not make: after an ellipsis "…" before a capital letter, after a full stop
// with no space before a capitalised word ("world.Today"), outside URLs and names, and after
// a CJK terminator before an opening quote. One pass over the paragraph's candidates (".",
// "…", "。", "！", "？", "｡"), each looked at by the rule for its kind.
void ParagraphSplitter::find_extra_breaks() {
  extra_.clear();
  for (std::size_t i = find_candidate(para_begin_); i < para_end_; i = find_candidate(i + 1)) {
    switch (static_cast<unsigned char>(text_[i])) {
      case '.':
        after_full_stop(i);
        break;
      case 0xE2:
        after_ellipsis(i);
        break;
      default:
        after_cjk_terminator(i);
        break;
    }
  }
  std::sort(extra_.begin(), extra_.end());
}

// An ellipsis "…" at `i` before a capital letter.
void ParagraphSplitter::after_ellipsis(std::size_t i) {
  std::size_t len;
  if (i + 3 > para_end_) return;
  std::size_t j = i + 3;
  while (j < para_end_ && text_[j] == '.') ++j;
  const bool after_open = i > para_begin_ && (text_[i - 1] == '(' || text_[i - 1] == '[');
  std::size_t k = j;
  while (k < para_end_) {
    const char32_t c = utf8::decode(text_, k, len);
    if (!is_bracket_or_quote(c) || c == '(' || c == '[') break;
    k += len;
  }
  const std::size_t next = skip_space(text_, k, para_end_);
  if (!after_open && next > k && next < para_end_ && is_upper(utf8::decode(text_, next, len)))
    extra_.push_back(next);
}

// "world.Today" at the full stop `dot`: letters, a full stop, a capitalised word of lower-case
// letters; or a lower-case list marker after a sentence end.
void ParagraphSplitter::after_full_stop(std::size_t dot) {
  std::size_t len;
  std::size_t start;
  if (dot == para_begin_ || dot + 2 >= para_end_) return;
  const auto after = static_cast<unsigned char>(text_[dot + 1]);
  if (after == ' ') {
    // "Read it. b. Follow it.": a lower-case list marker after a sentence end (after a
    // word, not after an initial or an abbreviation part as in "u. a. Herrn").
    std::size_t k = dot + 1;
    while (k < para_end_ && text_[k] == ' ') ++k;
    if (dot >= para_begin_ + 2 && text_[dot - 2] != ' ' && text_[dot - 2] != '.' &&
        text_[dot - 1] != '.' && k + 3 < para_end_ && text_[k] >= 'a' && text_[k] <= 'z' &&
        text_[k + 1] == '.' && text_[k + 2] == ' ') {
      const std::size_t next = skip_space(text_, k + 2, para_end_);
      if (next < para_end_ && is_upper(utf8::decode(text_, next, len))) extra_.push_back(k);
    }
    return;
  }
  if (!(after >= 'A' && after <= 'Z') && after < 0xC0) return;
  const char32_t first = utf8::decode(text_, dot + 1, len);
  if (!is_upper(first)) return;
  // The word after: upper then at least two lower-case letters, then space or punctuation.
  std::size_t k = dot + 1 + len;
  std::size_t lower = 0;
  while (k < para_end_) {
    const char32_t c = utf8::decode(text_, k, len);
    if (!is_lower(c)) break;
    ++lower;
    k += len;
  }
  if (lower < 2) return;
  if (k < para_end_) {
    const char32_t c = utf8::decode(text_, k, len);
    if (!is_space(c) && c != ',' && c != ';' && c != ':' && c != '!' && c != '?') return;
  }
  // The word before: at least two letters, one of them lower case, nothing else.
  std::size_t b = dot;
  std::size_t letters = 0;
  bool has_lower = false;
  while (b > para_begin_ && dot - b < kMaxWord) {
    const char32_t c = utf8::decode_before(text_, b, start);
    if (!is_letter(c)) break;
    ++letters;
    has_lower = has_lower || is_lower(c);
    b = start;
  }
  if (letters < 2 || !has_lower) return;
  if (b > para_begin_ && !is_space(utf8::decode_before(text_, b, start))) return;
  if (lookup(text_.substr(b, dot - b)) != Abbreviation::kNone) return;
  extra_.push_back(dot + 1);
}

// 「本当？」「うん。」, 贵。（约一百元。）: a CJK terminator at `i` (and its closing quotes), then
// an opening quote or bracket. (A full-width terminator that begins the paragraph is not
// looked at.)
void ParagraphSplitter::after_cjk_terminator(std::size_t i) {
  std::size_t len;
  if ((static_cast<unsigned char>(text_[i]) == 0xEF && i == para_begin_) || i + 3 > para_end_)
    return;
  const char32_t c = utf8::decode(text_, i, len);
  if (!is_cjk_sterm(c)) return;
  std::size_t k = i + len;
  while (k < para_end_) {
    const char32_t d = utf8::decode(text_, k, len);
    if (d != 0x300D && d != 0x300F && d != 0x201D && d != 0xFF09) break;
    k += len;
  }
  if (k >= para_end_) return;
  const char32_t opener = utf8::decode(text_, k, len);
  if (opener == 0x300C || opener == 0x300E || opener == 0x201C || opener == 0xFF08)
    extra_.push_back(k);
}

void ParagraphSplitter::set_chunk(std::string_view text, std::size_t begin, std::size_t end) {
  chunk_ = text;
  chunk_begin_ = begin;
  chunk_end_ = end;
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&utext_, text.data() + begin, static_cast<int64_t>(end - begin), &status);
  iterator_.setText(&utext_, status);
  next_break_ = begin;
  batch_.clear();
  batch_next_ = 0;
  searched_from_ = block_ = static_cast<std::size_t>(-1);
  found_ = 0;
  block_mask_ = 0;
}

std::size_t ParagraphSplitter::search_candidate(std::size_t from) {
  searched_from_ = from;
  const auto* s = reinterpret_cast<const unsigned char*>(chunk_.data());
  std::size_t i = from;
#if defined(TRALIGN_SEGMENT_SSE2)
  // The rest of the last block's mask first: the next candidate is often in the same block.
  if (from >= block_ && from < block_ + 16) {
    const unsigned rest = block_mask_ & (~0u << (from - block_));
    if (rest != 0) return found_ = block_ + static_cast<std::size_t>(__builtin_ctz(rest));
    i = block_ + 16;
  }
  for (; i + 18 <= chunk_end_; i += 16) {
    const unsigned mask = candidate_mask(s + i);
    if (mask != 0) {
      block_ = i;
      block_mask_ = mask;
      return found_ = i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
  }
#endif
  for (; i < chunk_end_; ++i) {
    if (is_candidate(s, i, chunk_end_)) return found_ = i;
  }
  return found_ = chunk_end_;
}

void ParagraphSplitter::advance() {
  if (batch_next_ == batch_.size()) {
    // ICU's breaks in batches: its state machine runs without our rules in between, which
    // keeps its tables and branch history warm.
    batch_.clear();
    batch_next_ = 0;
    while (batch_.size() < kBatch) {
      const int32_t b = iterator_.next();
      if (b == icu::BreakIterator::DONE) {
        batch_.push_back(static_cast<std::size_t>(-1));
        break;
      }
      batch_.push_back(chunk_begin_ + static_cast<std::size_t>(b));
    }
  }
  next_break_ = batch_[batch_next_];
  // After DONE, stay there (the last entry) instead of asking ICU again.
  if (next_break_ != static_cast<std::size_t>(-1)) ++batch_next_;
}

void ParagraphSplitter::split(std::string_view text, std::size_t begin, std::size_t end,
                              std::uint32_t paragraph, std::vector<Segment>& out) {
  text_ = text;
  para_begin_ = begin;
  para_end_ = end;
  seg_begin_ = begin;
  scanned_ = begin;
  parens_ = ascii_quotes_ = low_quotes_ = curly_quotes_ = guillemets_ = corner_quotes_ = 0;
  paragraph_ = paragraph;
  out_ = &out;
  // A paragraph outside the current chunk (a text of 2 GiB or more) gets a chunk of its own,
  // before find_extra_breaks() searches it (its byte streams end at the chunk's end).
  if (text.data() != chunk_.data() || text.size() != chunk_.size() || begin < chunk_begin_ ||
      end > chunk_end_) {
    set_chunk(text, begin, end);
  }
  if (rules_enabled_) find_extra_breaks();
  std::size_t next_extra = 0;

  // Ends the current segment at `pos` (if that leaves text on both sides).
  auto cut = [&](std::size_t pos) {
    if (pos <= seg_begin_ || pos >= para_end_) return;
    emit(seg_begin_, pos);
    seg_begin_ = pos;
    scanned_ = pos;
    parens_ = ascii_quotes_ = low_quotes_ = curly_quotes_ = guillemets_ = corner_quotes_ = 0;
  };

  while (next_break_ <= begin) advance();
  for (; next_break_ < end; advance()) {
    std::size_t pos = next_break_;
    if (!rules_enabled_) {
      cut(pos);
      continue;
    }
    while (next_extra < extra_.size() && extra_[next_extra] < pos) {
      const std::size_t extra = extra_[next_extra++];
      if (extra > seg_begin_ && !continues_after_pair(extra)) cut(extra);
    }
    pos = shift_over_closers(pos);
    if (pos <= seg_begin_ || pos >= end) continue;
    if (keep_break(pos)) cut(pos);
  }
  while (rules_enabled_ && next_extra < extra_.size()) {
    const std::size_t extra = extra_[next_extra++];
    if (extra > seg_begin_ && !continues_after_pair(extra)) cut(extra);
  }
  emit(seg_begin_, end);
}

}  // namespace tralign::rules
