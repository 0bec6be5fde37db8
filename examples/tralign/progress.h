// progress.h: a one-line progress bar on standard error for long batch runs.
#ifndef TRALIGN_EXAMPLES_PROGRESS_H_
#define TRALIGN_EXAMPLES_PROGRESS_H_

#include <chrono>
#include <cstddef>

namespace tralign::cli {

// Counts documents read and done and redraws one line on standard error at most ten times a
// second, starting only once the work has run for half a second (short runs stay silent).
// Disabled (every call a no-op) unless `enabled`; the CLI enables it when standard error is a
// terminal and --quiet is not given.
class Progress {
 public:
  // `total`: the number of documents when known, else 0. `read_unit`: what read counts
  // ("files", "documents").
  Progress(bool enabled, std::size_t total, const char* read_unit);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void set_read(std::size_t read);  // so many files or documents have been read so far
  void done_one();                  // a document was aligned and written
  // Erases the line (call before printing anything else to standard error, and at the end).
  void clear();

 private:
  void draw(bool force);

  bool enabled_;
  std::size_t total_;
  const char* read_unit_;
  std::size_t read_ = 0;
  std::size_t done_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace tralign::cli

#endif  // TRALIGN_EXAMPLES_PROGRESS_H_
