// input.cc: reading and decoding the CLI's input files.
#include "input.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "tralign/error.h"
#include "tralign/segment.h"

namespace tralign::cli {
namespace {

// The strerror() text of `error` with a lower-case first letter ("no such file or directory").
std::string describe_errno(int error) {
  std::string text = std::strerror(error);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

// Room for `size` bytes in `bytes`, its whole 2 MiB pages advised as huge pages before the
// first write (Linux): a large file is read in a few hundred page faults, not one per 4 KiB
// (some 75,000 for two 150 MB files, each costing microseconds on a virtual machine).
void reserve_for_file(std::string& bytes, std::size_t size) {
  bytes.reserve(size);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
  const auto begin = reinterpret_cast<std::uintptr_t>(bytes.data());
  const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = (begin + bytes.capacity()) & ~(kHuge - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#endif
}

// Appends code point `cp` (valid, not a surrogate) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Converts UTF-16 (after its BOM, at byte 2) to UTF-8 without a BOM. Throws CliError for an odd
// length, an unpaired surrogate or a NUL character.
std::string utf16_to_utf8(const std::string& bytes, bool big_endian, const std::string& path) {
  if (bytes.size() % 2 != 0) {
    throw CliError(display_name(path),
                   fmt::format("truncated UTF-16 (odd number of bytes: {})", bytes.size()));
  }
  auto unit = [&](std::size_t i) {
    const auto a = static_cast<unsigned char>(bytes[i]);
    const auto b = static_cast<unsigned char>(bytes[i + 1]);
    return static_cast<char32_t>(big_endian ? (a << 8) | b : (b << 8) | a);
  };
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  for (std::size_t i = 2; i < bytes.size(); i += 2) {
    char32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 4 > bytes.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
        throw CliError(display_name(path),
                       fmt::format("invalid UTF-16 (unpaired surrogate) at byte offset {}", i));
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      throw CliError(display_name(path),
                     fmt::format("invalid UTF-16 (unpaired surrogate) at byte offset {}", i));
    }
    if (cp == 0) {
      throw CliError(display_name(path),
                     fmt::format("binary file (NUL character at byte offset {})", i));
    }
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

void check_readable(const std::string& path) {
  if (path == "-") return;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw CliError(path, describe_errno(errno));
  if (S_ISDIR(info.st_mode)) throw CliError(path, "is a directory");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw CliError(path, describe_errno(errno));
  std::fclose(file);
}

std::string read_file(const std::string& path) {
  std::FILE* file = stdin;
  std::string bytes;
  if (path != "-") {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw CliError(path, describe_errno(errno));
    if (S_ISDIR(info.st_mode)) throw CliError(path, "is a directory");
    file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) throw CliError(path, describe_errno(errno));
    // A regular file is read straight into storage of its size (growing a string by appends
    // copies the text several times over); what a growing file adds is read as from a pipe.
    if (S_ISREG(info.st_mode) && info.st_size > 0) {
      reserve_for_file(bytes, static_cast<std::size_t>(info.st_size));
      bytes.resize(static_cast<std::size_t>(info.st_size));
      bytes.resize(std::fread(bytes.data(), 1, bytes.size(), file));
    }
  }
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  if (file != stdin) std::fclose(file);
  if (failed) throw CliError(display_name(path), "read error: " + describe_errno(error));
  return bytes;
}

std::string decode_text(std::string bytes, const std::string& path) {
  const std::string_view view(bytes);
  if (view.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4) ||
      view.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) {
    throw CliError(display_name(path), "UTF-32 is not supported (convert it to UTF-8)");
  }
  if (view.substr(0, 2) == "\xFF\xFE") return utf16_to_utf8(bytes, false, path);
  if (view.substr(0, 2) == "\xFE\xFF") return utf16_to_utf8(bytes, true, path);
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    // Mostly NULs at every other byte: ASCII-heavy UTF-16 that lacks its byte order mark.
    const std::size_t sample = std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t{1};
    std::size_t even = 0, odd = 0;
    for (std::size_t i = 0; i < sample; i += 2) {
      even += bytes[i] == '\0';
      odd += bytes[i + 1] == '\0';
    }
    if (sample >= 4 && (even > sample * 3 / 8) != (odd > sample * 3 / 8)) {
      throw CliError(display_name(path),
                     "looks like UTF-16 without a byte order mark (add a BOM or convert it to "
                     "UTF-8)");
    }
    throw CliError(display_name(path), fmt::format("binary file (NUL byte at offset {})", offset));
  }
  try {
    validate_utf8(view);
  } catch (const EncodingError& e) {
    throw CliError(display_name(path), fmt::format("invalid UTF-8 at byte offset {}", e.offset()));
  }
  return bytes;
}

std::string read_text(const std::string& path) { return decode_text(read_file(path), path); }

}  // namespace tralign::cli
