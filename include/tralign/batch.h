// tralign/batch.h: aligns many document pairs on a pool of threads, with bounded memory.
//
// Usage:
//   tralign::Options options;
//   options.source.lang = "de";
//   options.target.lang = "fr";
//   tralign::BatchOptions batch;
//   batch.jobs = 4;                                      // worker threads
//   const tralign::BatchAligner aligner(options, batch);
//   std::size_t next = 0;
//   aligner.run(
//       [&]() -> std::optional<tralign::BatchDocument> {  // called on this thread
//         if (next == pairs.size()) return std::nullopt;
//         return tralign::BatchDocument{std::to_string(next), pairs[next].first,
//                                       pairs[next++].second};
//       },
//       [&](tralign::BatchResult result) {                // in input order, on this thread
//         if (result.error) std::cerr << result.id << ": " << result.error_message << "\n";
//         else tralign::write_json(std::cout, result.report, {0.0, true});
//       });
//
// Documents are pulled from the caller as workers free up: at most BatchOptions::max_in_flight
// documents (read but not yet delivered) exist at a time, so memory is bounded by that number
// times the size of the largest document and its report, however long the input is.
#ifndef TRALIGN_BATCH_H_
#define TRALIGN_BATCH_H_

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tralign/report.h"

namespace tralign {

struct Options;
class Aligner;

// One document pair to align. Owns its texts (UTF-8).
struct BatchDocument {
  std::string id;           // the caller's tag, copied to the result (may be empty)
  std::string source_text;  // the source document
  std::string target_text;  // its translation
  std::string source_path;  // copied to Report::source_path (may be empty)
  std::string target_path;  // copied to Report::target_path (may be empty)
};

// What the pool does with every document.
enum class BatchTask {
  kAlign,  // segment and align (Aligner::align): beads, no findings
  kDiff,   // segment, align and check (Aligner::diff): beads and findings
};

struct BatchOptions {
  // Worker threads. 0 (default): std::thread::hardware_concurrency() (at least 1). Range 0-1024.
  int jobs = 0;
  // Most documents held at once: handed out by the source callback but not yet returned from
  // the sink callback (queued, being aligned, or waiting for their turn in input order). Memory
  // is bounded by it. 0 (default): 4 × jobs. Must be at least 1; below jobs it idles workers.
  std::size_t max_in_flight = 0;
  // true (default): results are delivered in input order; false: as soon as each is done
  // (BatchResult::index and ::id tell which document it is).
  bool ordered = true;
  // kDiff (default) or kAlign.
  BatchTask task = BatchTask::kDiff;
  // Throws OptionsError naming the field, the rule and the value.
  void validate() const;
};

// The outcome for one document. Owns the document, so the report's text views stay valid for
// as long as the result lives (moving the result keeps them valid).
struct BatchResult {
  std::size_t index = 0;                    // 0-based position of the document in the input
  std::string id;                           // BatchDocument::id
  std::unique_ptr<BatchDocument> document;  // the input document (the report refers to it)
  Report report;                            // empty when `error` is set
  std::exception_ptr error;                 // the exception the document raised, if any
  std::string error_message;                // its what() (empty when there is no error)
  std::string output;  // free for the caller: e.g. the report serialized by BatchHooks::finish
};

// Optional per-document work done on the worker threads, so that it runs in parallel rather
// than on the calling thread. Both callbacks are called concurrently: they must be thread-safe.
struct BatchHooks {
  // Before aligning: turns what the source produced into the texts to align (e.g. reads the
  // files named by source_path and target_path, or parses a JSON line kept in source_text).
  // May change the id. An exception makes the document fail (BatchResult::error).
  std::function<void(BatchDocument&)> prepare;
  // After aligning, for documents without an error: e.g. writes the report into
  // BatchResult::output. An exception makes the document fail.
  std::function<void(BatchResult&)> finish;
};

// Pulls BatchDocument values from a source callback, aligns them on `jobs` threads, and
// pushes BatchResult values to a sink callback. Build once; run() is const and may be called
// from several threads at once (each call has its own pool).
class BatchAligner {
 public:
  // Returns the next document, or std::nullopt at the end of the input.
  using Source = std::function<std::optional<BatchDocument>()>;
  // Receives one result; called once per document.
  using Sink = std::function<void(BatchResult)>;

  // Throws OptionsError for invalid options.
  explicit BatchAligner(const Options& options, BatchOptions batch = {});
  ~BatchAligner();
  BatchAligner(BatchAligner&&) noexcept;
  BatchAligner& operator=(BatchAligner&&) noexcept;

  // Runs the whole input through the pool and returns when every result has been delivered.
  // `source` and `sink` are called on the calling thread only, never at the same time. A
  // document that fails (invalid UTF-8, ...) is delivered with `error` set; the others go on.
  // An exception thrown by `source` or `sink` stops the pool and is rethrown here.
  void run(const Source& source, const Sink& sink) const;
  // The same, with `hooks` run on the worker threads before and after each alignment.
  void run(const Source& source, const Sink& sink, const BatchHooks& hooks) const;

  // Aligns `documents` and returns one result per document, in input order (whatever
  // BatchOptions::ordered says). Holds every result in memory: for small inputs.
  std::vector<BatchResult> run(std::vector<BatchDocument> documents) const;

  // The pipeline used for every document.
  const Aligner& aligner() const;
  // The options, with 0 defaults resolved (jobs and max_in_flight are never 0 here).
  const BatchOptions& batch_options() const;

 private:
  struct Rep;
  std::unique_ptr<Rep> rep_;
};

}  // namespace tralign

#endif  // TRALIGN_BATCH_H_
