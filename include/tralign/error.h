// tralign/error.h: the one exception hierarchy of tralign.
//
// Usage:
//   try {
//     auto segments = tralign::segment(text);
//   } catch (const tralign::EncodingError& e) {
//     std::cerr << e.what() << " at byte " << e.offset() << "\n";
//   }
//
// Exceptions are for misuse and unusable input only. A flawed translation is never an
// exception: it is a Finding in the result (see check.h).
#ifndef TRALIGN_ERROR_H_
#define TRALIGN_ERROR_H_

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tralign {

// Root of every exception tralign throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An option has a value outside its rule (the message names field, rule and value),
// or a language tag is malformed.
class OptionsError : public Error {
 public:
  using Error::Error;
};

// The input text cannot be used: it is not valid UTF-8, it is binary, it is too large.
class InputError : public Error {
 public:
  using Error::Error;
};

// The input text is not valid UTF-8; offset() is the byte offset of the first bad byte.
class EncodingError : public InputError {
 public:
  EncodingError(const std::string& message, std::size_t offset)
      : InputError(message), offset_(offset) {}
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

}  // namespace tralign

#endif  // TRALIGN_ERROR_H_
