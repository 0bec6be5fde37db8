// report_width.h (private): how many terminal columns text takes, and wrapping by columns, for
// the side-by-side view (report_text.cc, which implements these with ICU's properties).
#ifndef TRALIGN_SRC_REPORT_WIDTH_H_
#define TRALIGN_SRC_REPORT_WIDTH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tralign::report_util {

// Columns a terminal gives `cp` (as wcwidth does, from ICU's Unicode properties): 2 for East
// Asian Wide and Fullwidth (CJK, kana, Hangul syllables, most emoji); 0 for nonspacing and
// enclosing marks (Mn, Me), format characters (Cf, except the soft hyphen U+00AD), Hangul
// medial vowels and final consonants (U+1160..U+11FF) and control characters; 1 otherwise
// (East Asian Ambiguous counts 1, as in a non-CJK locale).
int code_point_width(char32_t cp);

// The sum of code_point_width over `text` (invalid UTF-8 counts as U+FFFD: 1 column).
std::size_t display_width(std::string_view text);

// Splits `text` (one line, no line breaks) into pieces of at most `columns` columns: at spaces
// (dropped at the break), before and after wide characters (CJK has no spaces), and inside a
// word only when the word alone is wider than `columns`. Marks stay with their base. A single
// character wider than `columns` gets a piece of its own. Empty text gives no pieces.
std::vector<std::string_view> wrap(std::string_view text, std::size_t columns);

// `text` made safe for a terminal: on one line as append_flat writes it (tabs and line breaks as
// spaces), and the other C0 controls and DEL as their Control Pictures (U+2400..U+2421: "␛" for
// ESC, so no escape sequence reaches the terminal), the other C1 controls and invalid UTF-8 as
// U+FFFD.
std::string terminal_safe(std::string_view text);

}  // namespace tralign::report_util

#endif  // TRALIGN_SRC_REPORT_WIDTH_H_
