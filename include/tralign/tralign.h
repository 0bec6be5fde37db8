// tralign/tralign.h: the umbrella header. Lines up a text with its translation, sentence by
// sentence, and reports what went wrong in the translation.
//
// Usage:
//   #include <tralign/tralign.h>
//
//   tralign::Options options;
//   options.source.lang = "en";
//   options.target.lang = "de";
//   const tralign::Aligner aligner(options);            // build once; const and thread-safe
//   tralign::Report report = aligner.diff(en_text, de_text);   // segment, align, check
//   for (const tralign::Finding& f : report.findings)
//     std::cout << tralign::to_string(f.severity) << ": " << f.message << "\n";
//   tralign::write_json(std::cout, report);
#ifndef TRALIGN_TRALIGN_H_
#define TRALIGN_TRALIGN_H_

#include <memory>
#include <string_view>

#include "tralign/align.h"
#include "tralign/batch.h"
#include "tralign/check.h"
#include "tralign/error.h"
#include "tralign/length_model.h"
#include "tralign/report.h"
#include "tralign/segment.h"
#include "tralign/version.h"

namespace tralign {

// Everything the pipeline needs, with the defaults of each stage.
struct Options {
  SegmenterOptions source;  // language and input mode of the source text
  SegmenterOptions target;  // language and input mode of the target text
  AlignOptions align;
  CheckOptions check;
  // Throws OptionsError naming the field, the rule and the value.
  void validate() const;
};

// The whole pipeline, built once from options (segmenters hold ICU rules). Its methods are
// const and safe to call from several threads at once.
class Aligner {
 public:
  // Throws OptionsError for invalid options.
  explicit Aligner(Options options = {});
  ~Aligner();
  Aligner(Aligner&&) noexcept;
  Aligner& operator=(Aligner&&) noexcept;

  // Segments and aligns; no findings. The report refers to the given texts.
  // Throws EncodingError for invalid UTF-8 (InputError::what() names the side).
  Report align(std::string_view source_text, std::string_view target_text) const;
  // Segments, aligns and checks.
  Report diff(std::string_view source_text, std::string_view target_text) const;

  const Options& options() const;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

// One-shot conveniences: Aligner(options).align/diff(...).
Report align(std::string_view source_text, std::string_view target_text,
             const Options& options = {});
Report diff(std::string_view source_text, std::string_view target_text,
            const Options& options = {});

}  // namespace tralign

#endif  // TRALIGN_TRALIGN_H_
