// tralign/segment.h: sentence segmentation with ICU plus tralign's own rules.
//
// Usage:
//   tralign::SegmenterOptions options;
//   options.lang = "de";
//   const tralign::Segmenter segmenter(options);       // build once (loads ICU rules)
//   std::string text = "Es gibt z. B. Äpfel. Am 25. Oktober kam er.";
//   for (const tralign::Segment& s : segmenter.segment(text))   // const, thread-safe
//     std::cout << text.substr(s.begin, s.end - s.begin) << "\n";
//
// Input is UTF-8 (a leading BOM is skipped; CRLF and CR line ends are line breaks). A line
// break ends a paragraph (InputMode::kText). Results own no text: a Segment is a pair of byte
// offsets into the caller's text, trimmed of surrounding white space.
#ifndef TRALIGN_SEGMENT_H_
#define TRALIGN_SEGMENT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tralign {

// One sentence (or one line, with InputMode::kLines) of a text.
struct Segment {
  std::size_t begin = 0;       // byte offset of the first byte, in the caller's text
  std::size_t end = 0;         // byte offset one past the last byte; text[begin, end) is trimmed
  std::uint32_t paragraph = 0; // 0-based paragraph index: the n-th non-blank line (blank
                               // lines count as none); with kLines: the line number; with
                               // kParagraphs: the n-th run of non-blank lines
  std::uint32_t length = 0;    // length in the length model's unit: Unicode code points
};

// How the input is split.
enum class InputMode {
  kText,   // running text: paragraphs at line breaks, sentences found by ICU + tralign's rules
  kLines,  // already segmented: every line is one segment (an empty line is an empty segment)
  // Hard-wrapped running text (Project Gutenberg's books, e-mail, fixed-width exports): blank
  // lines end paragraphs, and a line break inside a paragraph is a space. A segment may then
  // span lines: its text in the caller's text holds the line breaks (reports write each as
  // one space), and its length counts each (LF, CR or CR LF) as one code point. Segmenting
  // takes a copy of the text.
  kParagraphs,
};

struct SegmenterOptions {
  // BCP 47 language tag ("en", "de", "zh-Hant", "pt-BR"). Empty (default): guess the
  // language from the text's script where it can be, else use ICU's root rules.
  std::string lang;
  // kText (default), kLines or kParagraphs.
  InputMode input = InputMode::kText;
  // Throws OptionsError naming the field, the rule and the value (a malformed tag).
  void validate() const;
};

// A sentence segmenter, built once from options. segment() is const and thread-safe.
class Segmenter {
 public:
  // Throws OptionsError for invalid options.
  explicit Segmenter(SegmenterOptions options = {});
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  // Splits `text` into segments, in order. Throws EncodingError (with the byte offset) for
  // invalid UTF-8 and InputError for binary data ("binary data (NUL byte at offset N)").
  // Time and memory are linear in the text; works paragraph by paragraph. With kLines, a
  // final line break does not start another (empty) segment.
  std::vector<Segment> segment(std::string_view text) const;

  // The language the segmenter uses for `text`: options().lang if given, else the guess.
  std::string language(std::string_view text) const;

  const SegmenterOptions& options() const;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

// A segmented text: the caller's text, its segments and its language. Owns no text.
struct Document {
  std::string_view text;          // the caller's UTF-8 text; must outlive the Document
  std::vector<Segment> segments;  // in order
  std::string lang;               // BCP 47 tag used (given or guessed); may be empty
};

// One-shot convenience: Segmenter(options).segment(text).
std::vector<Segment> segment(std::string_view text, const SegmenterOptions& options = {});

// Throws EncodingError naming the byte offset of the first invalid UTF-8 sequence.
void validate_utf8(std::string_view text);

// Guesses a language tag from the dominant script of `text`: "zh" (Han), "ja" (Kana),
// "ko" (Hangul), "ru" (Cyrillic), "ar" (Arabic), "el", "he", "th", ...; "" for Latin or
// unknown (ICU's root rules apply).
std::string guess_language(std::string_view text);

}  // namespace tralign

#endif  // TRALIGN_SEGMENT_H_
