// segment_rules.cc: tralign's own sentence rules at ICU's candidate breaks.
#include "segment_rules.h"

#include <unicode/uchar.h>

#include "utf8.h"

namespace tralign::rules {
namespace {

bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0xFEFF || u_isUWhiteSpace(static_cast<UChar32>(c));
}

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
      {begin, end, paragraph_,
       static_cast<std::uint32_t>(utf8::count_code_points(text_.substr(begin, end - begin)))});
}

bool ParagraphSplitter::keep_break(std::size_t pos) {
  (void)pos;
  return true;
}

void ParagraphSplitter::split(std::string_view text, std::size_t begin, std::size_t end,
                              std::uint32_t paragraph, std::vector<Segment>& out) {
  text_ = text;
  para_begin_ = begin;
  para_end_ = end;
  seg_begin_ = begin;
  paragraph_ = paragraph;
  out_ = &out;
  UErrorCode status = U_ZERO_ERROR;
  utext_openUTF8(&utext_, text.data() + begin, static_cast<int64_t>(end - begin), &status);
  iterator_.setText(&utext_, status);
  for (int32_t b = iterator_.next(); b != icu::BreakIterator::DONE; b = iterator_.next()) {
    const std::size_t pos = begin + static_cast<std::size_t>(b);
    if (pos >= end) break;
    if (rules_enabled_ && !keep_break(pos)) continue;
    emit(seg_begin_, pos);
    seg_begin_ = pos;
  }
  emit(seg_begin_, end);
}

}  // namespace tralign::rules
