// check_text.h (private): what the checks need to know about one segment's text: its scripts,
// a normalized form for copy detection, and the tokens that must survive translation
// (numbers, times, URLs, e-mail addresses, hashtags, @mentions, placeholders, names).
#ifndef TRALIGN_SRC_CHECK_TEXT_H_
#define TRALIGN_SRC_CHECK_TEXT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tralign::internal {

// Writing systems the checks tell apart. Han and Kana stay apart (Japanese mixes both).
enum class Script : std::uint8_t {
  kOther,
  kLatin,
  kCyrillic,
  kGreek,
  kArabic,
  kHebrew,
  kHan,
  kKana,
  kHangul,
  kThai,
  kDevanagari,
};
inline constexpr std::size_t kScriptCount = 11;

// How a language writes numbers: which of '.' and ',' is the decimal separator.
enum class DecimalStyle : std::uint8_t { kPoint, kComma };

// kComma for languages that write 1.000,5 (de, fr, es, it, pt, nl, ru, pl, ...), else kPoint.
DecimalStyle decimal_style(std::string_view lang);

// A number or a time found in a text.
struct NumberToken {
  std::string text;        // as written, for messages
  std::string key;         // canonical: "1000.5", or "t17:00" for a time of day
  std::string alt_key;     // the other reading of an ambiguous "1,000" / "1.000"; may be empty
  std::string digits_key;  // the digits without leading and trailing zeros ("15" for 1.5/150)
  bool scaled = false;     // followed by a scale word (million, Mio., 万, lakh, ...)
  // The other side may rightly have no counterpart, so an unmatched one is not reported (and
  // it is no anchor): a plain integer below 11 (often written out in words), a number glued
  // to a word of a cased script ("Covid-19", "G7": part of a name, which translations often
  // drop), a month before 月 or 월 (a month's name elsewhere), a number in Han numerals
  // (二十, 二〇二一: found only to match the other side's digits).
  bool optional = false;
};

// The tokens of one segment that a translation keeps unchanged (compared per bead).
struct Entities {
  std::vector<NumberToken> numbers;
  std::vector<std::string> urls;          // lower-cased, without a trailing '/'
  std::vector<std::string> emails;        // lower-cased
  std::vector<std::string> hashtags;      // lower-cased, with '#'
  std::vector<std::string> mentions;      // lower-cased, with '@'
  std::vector<std::string> placeholders;  // as written: {0}, %s, %1$s, {{name}}, ${x}
};

// Everything the checks use about one segment. Built once per segment.
struct SegmentFacts {
  std::string_view text;                             // trimmed segment text
  std::array<std::uint32_t, kScriptCount> script{};  // letters per script
  std::uint32_t letters = 0;                         // all letters (code points)
  std::uint32_t words = 0;                           // runs of letters
  std::uint32_t lower_words = 0;                     // words that start with a lower-case letter
  std::uint32_t caseless_letters = 0;                // letters of scripts without case (Han, ...)
  bool ends_terminal = false;  // ends with . ! ? 。 ！ ？ … (closing quotes/brackets skipped)
  std::string normalized;      // case-folded letters and digits only (UTF-8)
  std::vector<std::uint32_t> grams;           // sorted hashed character bigrams of `normalized`
  std::vector<std::uint64_t> strong_anchors;  // sorted hashes: numbers, URLs, tags, placeholders
  std::vector<std::uint64_t> name_anchors;    // sorted hashes of capitalized / foreign words
  // Sorted unique hashes of the segment's content terms, for a lexicon learned from the
  // document: the first five letters of every word of a spaced script (a crude stem), and
  // for Han, Kana and Thai every pair of neighbouring letters (and every Han letter).
  std::vector<std::uint64_t> terms;
  Entities entities;

  // No letters at all (numbers, punctuation, symbols or nothing).
  bool no_letters() const { return letters == 0; }
  // Looks like a list of names (every word capitalized, at most four words) or a single
  // caseless token run with no lower-case words: "Tracey Wallace", "Patagonia", "NBA".
  bool names_only() const;
  // The dominant script of the letters; kOther when there are none.
  Script dominant_script() const;
};

// Analyzes `text` (a trimmed segment) written in language `lang`.
SegmentFacts analyze(std::string_view text, std::string_view lang);

// `text` with each line break (LF, CR or CR LF: inside a segment of hard-wrapped text,
// InputMode::kParagraphs) as one space: the text the check reads.
std::string without_line_breaks(std::string_view text);

// Dice coefficient of the two segments' character-bigram multisets, in [0, 1].
double similarity(const SegmentFacts& a, const SegmentFacts& b);

// Number of elements two sorted vectors share (multiset intersection).
std::size_t count_common(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// One difference between the entities of two sides of a bead.
struct EntityDifference {
  std::string code;     // "mismatch.number", "mismatch.url", ...
  std::string message;  // one line
};

// The differences between the entities of a bead's source side and target side.
std::vector<EntityDifference> compare_entities(const std::vector<const Entities*>& source,
                                               const std::vector<const Entities*>& target);

}  // namespace tralign::internal

#endif  // TRALIGN_SRC_CHECK_TEXT_H_
