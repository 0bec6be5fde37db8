// The whole pipeline: segment both texts, align them, check the alignment.
#include "tralign/tralign.h"

#include <fmt/format.h>

#include <utility>

namespace tralign {

void Options::validate() const {
  source.validate();
  target.validate();
  align.validate();
  check.validate();
}

struct Aligner::Rep {
  explicit Rep(Options o) : options(std::move(o)), source(options.source), target(options.target) {}
  Options options;
  Segmenter source;
  Segmenter target;
};

namespace {

// Segments one side, naming it in the error message.
Document segment_side(const Segmenter& segmenter, std::string_view text, const char* side) {
  Document document;
  document.text = text;
  try {
    document.segments = segmenter.segment(text);
  } catch (const EncodingError& e) {
    throw EncodingError(fmt::format("{} text: {}", side, e.what()), e.offset());
  } catch (const InputError& e) {
    throw InputError(fmt::format("{} text: {}", side, e.what()));
  }
  document.lang = segmenter.language(text);
  return document;
}

}  // namespace

Aligner::Aligner(Options options) {
  options.validate();
  rep_ = std::make_unique<Rep>(std::move(options));
}
Aligner::~Aligner() = default;
Aligner::Aligner(Aligner&&) noexcept = default;
Aligner& Aligner::operator=(Aligner&&) noexcept = default;

const Options& Aligner::options() const { return rep_->options; }

Report Aligner::align(std::string_view source_text, std::string_view target_text) const {
  Report report;
  report.source = segment_side(rep_->source, source_text, "source");
  report.target = segment_side(rep_->target, target_text, "target");
  report.alignment = tralign::align(report.source, report.target, rep_->options.align);
  return report;
}

Report Aligner::diff(std::string_view source_text, std::string_view target_text) const {
  Report report = align(source_text, target_text);
  report.findings = check(report.source, report.target, report.alignment, rep_->options.check);
  return report;
}

Report align(std::string_view source_text, std::string_view target_text, const Options& options) {
  return Aligner(options).align(source_text, target_text);
}

Report diff(std::string_view source_text, std::string_view target_text, const Options& options) {
  return Aligner(options).diff(source_text, target_text);
}

}  // namespace tralign
