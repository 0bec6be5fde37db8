// segment_rules.h (private): tralign's own sentence rules, applied at ICU's candidate breaks.
//
// ICU's sentence iterator (UAX #29) breaks after every full stop that is followed by an
// upper-case letter, so it breaks inside "z. B. Honor", "25. Oktober" and "11:00 a.m. EST".
// ParagraphSplitter asks ICU for candidate breaks, then keeps or drops each one with general
// rules driven by per-language lists (abbreviations, sentence starters, months), and adds the
// few breaks ICU cannot see (an ellipsis "…" before a capital letter, "end.Next" with no space).
#ifndef TRALIGN_SRC_SEGMENT_RULES_H_
#define TRALIGN_SRC_SEGMENT_RULES_H_

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tralign/segment.h"

namespace tralign::rules {

// What a word followed by a full stop is.
enum class Abbreviation : std::uint8_t {
  kNone,     // not a known abbreviation: the full stop may end the sentence
  kAlways,   // never ends a sentence: titles and "e.g." ("Dr.", "Prof.", "z. B.", "vgl.")
  kNumeric,  // does not end a sentence before a number ("No. 5", "Nr. 3", "S. 12", "Art. 5")
  kCommon,   // ends a sentence only before a sentence starter ("Inc.", "Jr.", "U.S.")
  kFinal,    // often ends a sentence: only lower case, numbers, all-caps words or
             // punctuation continue it ("etc.", "usw.", "a.m." in "11:00 a.m. EST")
};

// The rule data of one language.
struct LanguageRules {
  std::string language;  // ICU language subtag ("de"), "" for the generic rules
  // Abbreviations without their final full stop, internal full stops kept, no spaces:
  // "Dr", "z.B", "e.g", "Dr.med". Looked up as written and with the first letter lowered.
  std::unordered_map<std::string_view, Abbreviation> abbreviations;
  // A filter in front of `abbreviations`: bit abbreviation_bucket(key) is set for every key, so
  // a word whose bit is clear needs no hash look-up.
  std::bitset<1024> abbreviation_buckets;
  // Capitalised words that typically begin a sentence ("The", "Der", "Il").
  std::unordered_set<std::string_view> starters;
  // Month names (and their abbreviations) that follow an ordinal number ("25. Oktober").
  std::unordered_set<std::string_view> months;
  bool ordinal_dot = false;  // "25. Oktober", "3. Platz": a number with a full stop is ordinal
  bool quotative = false;  // Japanese: 「…。」と言った — a quotative particle continues
};

// The bucket of a word for LanguageRules::abbreviation_buckets: its length in bytes and its
// first byte, an ASCII letter folded to lower case (so "Vgl" and "vgl" share a bucket).
inline std::size_t abbreviation_bucket(std::string_view word) {
  if (word.empty()) return 0;
  auto first = static_cast<unsigned char>(word[0]);
  if (first >= 'A' && first <= 'Z') first = static_cast<unsigned char>(first | 0x20);
  return (word.size() * 131 + first) & 1023;
}

// The rules for an ICU language subtag ("de"); unknown languages get the generic rules.
const LanguageRules& rules_for(std::string_view language);

// The first byte at or after `i` in text[i, end) that is not white space (`end` if none).
std::size_t skip_space(std::string_view text, std::size_t i, std::size_t end);
// One past the last byte in text[begin, end) that is not white space (`begin` if none).
std::size_t skip_space_back(std::string_view text, std::size_t begin, std::size_t end);

// Splits paragraphs into sentences with one (cloned, not shared) ICU iterator. Not
// thread-safe: one per call of Segmenter::segment().
class ParagraphSplitter {
 public:
  ParagraphSplitter(icu::BreakIterator& iterator, const LanguageRules& rules);
  ~ParagraphSplitter();
  ParagraphSplitter(const ParagraphSplitter&) = delete;
  ParagraphSplitter& operator=(const ParagraphSplitter&) = delete;

  // Lets ICU run over text[begin, end) in one pass (it breaks at every line end anyway);
  // later split() calls for paragraphs inside it take their candidates from that pass
  // instead of resetting the iterator per paragraph. Needs end - begin < 2^31 (ICU's
  // int32_t offsets); split() falls back to one pass per paragraph otherwise.
  void set_chunk(std::string_view text, std::size_t begin, std::size_t end);

  // Appends the sentences of text[begin, end) (a trimmed, non-empty paragraph) to `out`.
  // Paragraphs of one chunk must come in order.
  void split(std::string_view text, std::size_t begin, std::size_t end, std::uint32_t paragraph,
             std::vector<Segment>& out);

  // With rules off, split() returns ICU's breaks as they are (for measurements).
  void set_rules_enabled(bool enabled) { rules_enabled_ = enabled; }

 private:
  void advance();  // next ICU candidate of the chunk into next_break_
  // The first candidate for find_extra_breaks() (".", "…", "。", "！", "？", "｡") at or
  // after `from` in the chunk (chunk_end_ if none). The last answer is kept, so the chunk is
  // searched about once, not once per paragraph.
  std::size_t find_candidate(std::size_t from) {
    return from >= searched_from_ && from <= found_ ? found_ : search_candidate(from);
  }
  std::size_t search_candidate(std::size_t from);
  bool keep_break(std::size_t pos);
  bool keep_full_stop(std::size_t term_start, std::size_t pos);
  Abbreviation lookup(std::string_view word);
  std::size_t shift_over_closers(std::size_t pos) const;
  bool continues_after_pair(std::size_t pos);
  void scan_pairs(std::size_t pos);
  void count_pair(std::size_t i, std::size_t pos);
  void find_extra_breaks();
  void after_ellipsis(std::size_t i);
  void after_full_stop(std::size_t dot);
  void after_cjk_terminator(std::size_t i);
  void emit(std::size_t begin, std::size_t end);

  icu::BreakIterator& iterator_;
  const LanguageRules& rules_;
  UText utext_ = UTEXT_INITIALIZER;
  bool rules_enabled_ = true;
  // State of the paragraph being split.
  std::string_view text_;
  std::size_t para_begin_ = 0, para_end_ = 0, seg_begin_ = 0;
  std::uint32_t paragraph_ = 0;
  std::vector<Segment>* out_ = nullptr;
  std::string key_;       // reused buffer for abbreviation look-ups
  std::string compound_;  // reused buffer for multi-part abbreviations ("z.B")
  // Open brackets and quotes in text[seg_begin_, scanned_), for breaks inside them.
  std::size_t scanned_ = 0;
  int parens_ = 0, ascii_quotes_ = 0, low_quotes_ = 0, curly_quotes_ = 0, guillemets_ = 0,
      corner_quotes_ = 0;
  std::vector<std::size_t> extra_;  // breaks ICU cannot see, in order (reused buffer)
  // The chunk ICU runs over and its next candidate break (absolute byte offset).
  std::string_view chunk_;
  std::size_t chunk_begin_ = 0, chunk_end_ = 0, next_break_ = 0;
  // ICU's next breaks (absolute offsets; -1 after the last), asked for kBatch at a time.
  static constexpr std::size_t kBatch = 256;
  std::vector<std::size_t> batch_;
  std::size_t batch_next_ = 0;
  std::size_t searched_from_ = static_cast<std::size_t>(-1), found_ = 0;  // find_candidate()
  std::size_t block_ = static_cast<std::size_t>(-1);  // the last 16-byte block searched
  unsigned block_mask_ = 0;                           // and its candidates, one bit each
};

}  // namespace tralign::rules

#endif  // TRALIGN_SRC_SEGMENT_RULES_H_
