// PLACEHOLDER until the segmentation module lands: one segment per non-empty line.
#include "tralign/segment.h"

#include "tralign/error.h"

namespace tralign {

void SegmenterOptions::validate() const {}

struct Segmenter::Rep {
  SegmenterOptions options;
};

Segmenter::Segmenter(SegmenterOptions options) : rep_(std::make_unique<Rep>()) {
  options.validate();
  rep_->options = std::move(options);
}
Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;
const SegmenterOptions& Segmenter::options() const { return rep_->options; }
std::string Segmenter::language(std::string_view) const { return rep_->options.lang; }

std::vector<Segment> Segmenter::segment(std::string_view text) const {
  std::vector<Segment> segments;
  std::size_t begin = 0;
  std::uint32_t line = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    if (end > begin || rep_->options.input == InputMode::kLines) {
      if (!(end == text.size() && begin == end))
        segments.push_back({begin, end, line, static_cast<std::uint32_t>(end - begin)});
    }
    ++line;
    begin = end + 1;
  }
  return segments;
}

std::vector<Segment> segment(std::string_view text, const SegmenterOptions& options) {
  return Segmenter(options).segment(text);
}

void validate_utf8(std::string_view) {}
std::string guess_language(std::string_view) { return ""; }

}  // namespace tralign
