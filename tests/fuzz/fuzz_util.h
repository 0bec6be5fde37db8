// fuzz_util.h: what the fuzz targets share: a check that aborts (so libFuzzer records the
// input), an independent oracle for UTF-8 and white space, and the invariants of segments and
// beads that every input must keep.
#ifndef TRALIGN_TESTS_FUZZ_FUZZ_UTIL_H_
#define TRALIGN_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tralign/align.h"
#include "tralign/segment.h"

// Aborts with a message when `condition` is false; libFuzzer saves the input as a crash.
#define TRALIGN_FUZZ_CHECK(condition, message)                                              \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: check failed: %s: %s\n", __FILE__, __LINE__, #condition, \
                   std::string(message).c_str());                                           \
      std::abort();                                                                         \
    }                                                                                       \
  } while (false)

namespace tralign::fuzz {

// Length of the valid UTF-8 sequence at text[i] (1-4), or 0 if it is invalid (overlong,
// surrogate, above U+10FFFF, truncated). Written independently of src/utf8.h on purpose.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const std::size_t n = text.size() - i;
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  const auto cont = [&](std::size_t k) { return k < n && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Offset of the first invalid UTF-8 sequence, or npos.
inline std::size_t first_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

// `bytes` with every invalid UTF-8 byte and every NUL replaced by '?': valid input text.
inline std::string sanitize_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8_sequence_length(bytes, i);
    if (len == 0 || bytes[i] == '\0') {
      out += '?';
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

// Decodes the valid UTF-8 sequence at text[i]; sets `len`.
inline char32_t decode_at(std::string_view text, std::size_t i, std::size_t& len) {
  len = utf8_sequence_length(text, i);
  const auto b = [&](std::size_t k) {
    return static_cast<char32_t>(static_cast<unsigned char>(text[i + k]));
  };
  switch (len) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

// Unicode's White_Space property (PropList.txt), plus U+FEFF (a BOM or zero-width no-break
// space), which the segmenter also trims.
inline bool is_white_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}

// True if text[begin, end) is only white space (valid UTF-8 assumed).
inline bool only_white_space(std::string_view text, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end;) {
    std::size_t len;
    if (!is_white_space(decode_at(text, i, len))) return false;
    i += len;
  }
  return true;
}

inline bool on_boundary(std::string_view text, std::size_t offset) {
  return offset == text.size() ||
         (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80);
}

inline std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Number of lines of text[start, size) as InputMode::kLines counts them: LF, CRLF and CR end a
// line; a final line end does not start another line.
inline std::size_t count_lines(std::string_view text) {
  std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  std::size_t lines = 0;
  for (std::size_t i = start; i < text.size();) {
    ++lines;
    while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
    if (i < text.size() && text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    if (i < text.size()) ++i;
  }
  return lines;
}

// The invariants of Segmenter::segment() on valid text: segments in order, on UTF-8
// boundaries, trimmed, lengths in code points, paragraphs non-decreasing, and only white space
// between them (kText, kParagraphs: nothing is lost); with kLines one segment per line; with
// kParagraphs no blank line inside a segment.
inline void check_segments(std::string_view text, const std::vector<Segment>& segments,
                           InputMode input) {
  std::size_t previous_end = 0;
  std::uint32_t previous_paragraph = 0;
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const Segment& s = segments[k];
    const std::string where = "segment " + std::to_string(k);
    TRALIGN_FUZZ_CHECK(s.begin <= s.end && s.end <= text.size(), where + ": bad range");
    TRALIGN_FUZZ_CHECK(s.begin >= previous_end, where + ": overlaps the previous segment");
    TRALIGN_FUZZ_CHECK(on_boundary(text, s.begin) && on_boundary(text, s.end),
                       where + ": offset inside a UTF-8 sequence");
    const std::string_view piece = text.substr(s.begin, s.end - s.begin);
    std::size_t cr_lf = 0;  // kParagraphs: a CR LF inside a segment counts as one code point
    for (std::size_t at = piece.find("\r\n"); at != std::string_view::npos;
         at = piece.find("\r\n", at + 2))
      ++cr_lf;
    TRALIGN_FUZZ_CHECK(s.length == count_code_points(piece) - cr_lf, where + ": length");
    TRALIGN_FUZZ_CHECK(k == 0 || s.paragraph >= previous_paragraph,
                       where + ": paragraph goes back");
    if (!piece.empty()) {
      std::size_t len;
      TRALIGN_FUZZ_CHECK(!is_white_space(decode_at(text, s.begin, len)), where + ": untrimmed");
      std::size_t last = s.end - 1;
      while ((static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
      TRALIGN_FUZZ_CHECK(!is_white_space(decode_at(text, last, len)), where + ": untrimmed end");
    }
    if (input != InputMode::kLines) {
      TRALIGN_FUZZ_CHECK(!piece.empty(), where + ": empty segment in running text");
      TRALIGN_FUZZ_CHECK(only_white_space(text, previous_end, s.begin),
                         where + ": text before it is not white space (text lost)");
      TRALIGN_FUZZ_CHECK(input == InputMode::kParagraphs ||
                             piece.find_first_of("\r\n") == std::string_view::npos,
                         where + ": line break inside a segment of kText");
      for (std::size_t at = piece.find_first_of("\r\n"); at != std::string_view::npos;
           at = piece.find_first_of("\r\n", at + 1)) {
        std::size_t next = at + 1;  // the next line's first byte
        if (piece[at] == '\r' && next < piece.size() && piece[next] == '\n') ++next;
        const std::size_t line_end = piece.find_first_of("\r\n", next);
        TRALIGN_FUZZ_CHECK(!only_white_space(piece, next, std::min(line_end, piece.size())),
                           where + ": a blank line inside a segment");
      }
    } else {
      TRALIGN_FUZZ_CHECK(s.paragraph == k, where + ": line number");
      TRALIGN_FUZZ_CHECK(piece.find_first_of("\r\n") == std::string_view::npos,
                         where + ": line break inside a line");
    }
    previous_end = s.end;
    previous_paragraph = s.paragraph;
  }
  if (input != InputMode::kLines) {
    TRALIGN_FUZZ_CHECK(only_white_space(text, previous_end, text.size()),
                       "text after the last segment is not white space (text lost)");
  } else {
    TRALIGN_FUZZ_CHECK(segments.size() == count_lines(text), "one segment per line");
  }
}

// Beads cover [0, source_count) and [0, target_count) exactly once, in order, each bead
// non-empty, with confidence in [0, 1] and a finite cost.
inline void check_beads(const std::vector<Bead>& beads, std::size_t source_count,
                        std::size_t target_count, int max_bead) {
  std::uint32_t s = 0, t = 0;
  for (std::size_t k = 0; k < beads.size(); ++k) {
    const Bead& b = beads[k];
    const std::string where = "bead " + std::to_string(k);
    TRALIGN_FUZZ_CHECK(b.source_begin == s && b.target_begin == t, where + ": gap or overlap");
    TRALIGN_FUZZ_CHECK(b.source_end >= b.source_begin && b.target_end >= b.target_begin,
                       where + ": reversed");
    TRALIGN_FUZZ_CHECK(b.source_count() + b.target_count() > 0, where + ": empty bead");
    TRALIGN_FUZZ_CHECK(max_bead <= 0 || (b.source_count() <= static_cast<std::uint32_t>(max_bead) &&
                                         b.target_count() <= static_cast<std::uint32_t>(max_bead)),
                       where + ": larger than max_bead");
    TRALIGN_FUZZ_CHECK(b.confidence >= 0.0 && b.confidence <= 1.0,
                       where + ": confidence " + std::to_string(b.confidence));
    TRALIGN_FUZZ_CHECK(b.cost == b.cost && b.cost < 1e300 && b.cost > -1e300,
                       where + ": cost not finite");
    s = b.source_end;
    t = b.target_end;
  }
  TRALIGN_FUZZ_CHECK(s == source_count && t == target_count,
                     "beads end at " + std::to_string(s) + "/" + std::to_string(t) + ", not " +
                         std::to_string(source_count) + "/" + std::to_string(target_count));
}

}  // namespace tralign::fuzz

#endif  // TRALIGN_TESTS_FUZZ_FUZZ_UTIL_H_
