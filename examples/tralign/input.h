// input.h: reading the CLI's input files (whole, binary-safe) and decoding them to UTF-8.
#ifndef TRALIGN_EXAMPLES_INPUT_H_
#define TRALIGN_EXAMPLES_INPUT_H_

#include <stdexcept>
#include <string>
#include <string_view>

namespace tralign::cli {

// A problem the CLI reports as one line `tralign: FILE: PROBLEM` and exit status 2.
class CliError : public std::runtime_error {
 public:
  CliError(std::string file, const std::string& problem)
      : std::runtime_error(problem), file_(std::move(file)) {}
  // The file (or option) the problem is about; may be empty.
  const std::string& file() const noexcept { return file_; }
  // The one line for standard error, without the program name.
  std::string line() const { return file_.empty() ? what() : file_ + ": " + what(); }

 private:
  std::string file_;
};

// Reads all of `path` ("-": standard input) as bytes. Throws CliError for a missing or
// unreadable file or a directory.
std::string read_file(const std::string& path);

// Decodes file bytes to UTF-8 text: UTF-8 (a BOM is kept; the segmenter skips it, so offsets
// stay file offsets) or UTF-16 LE/BE with a BOM (converted; offsets then refer to the UTF-8
// text). Throws CliError (naming `path`) for a binary file, UTF-16 without a BOM, UTF-32, an
// odd-length or malformed UTF-16 file, or invalid UTF-8 (with the byte offset).
std::string decode_text(std::string bytes, const std::string& path);

// read_file() then decode_text().
std::string read_text(const std::string& path);

// Checks, without reading it, that `path` is an existing readable regular file (or "-").
// Throws CliError otherwise.
void check_readable(const std::string& path);

// The name of a path in messages: "-" is "<stdin>".
std::string display_name(const std::string& path);

}  // namespace tralign::cli

#endif  // TRALIGN_EXAMPLES_INPUT_H_
