// decode_fuzz: the CLI's input decoding (tralign::cli::decode_text in examples/tralign/input.h)
// on random bytes: UTF-8 with and without a BOM, UTF-16 LE/BE with a BOM, UTF-16 without one,
// UTF-32, binary. It either throws CliError with a message naming the file, or returns valid
// UTF-8 without NUL that the segmenter accepts (so the CLI never fails later on decoded text),
// unchanged when the input was valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "input.h"
#include "tralign/error.h"
#include "tralign/segment.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(bytes), size);
  const std::string path = "fuzz-input.txt";
  std::string text;
  try {
    text = tralign::cli::decode_text(input, path);
  } catch (const tralign::cli::CliError& e) {
    TRALIGN_FUZZ_CHECK(e.file() == path, "CliError does not name the file: " + e.line());
    TRALIGN_FUZZ_CHECK(e.line().find('\n') == std::string::npos, "error is not one line");
    const bool looks_utf8 = tralign::fuzz::first_invalid_utf8(input) == std::string::npos &&
                            input.find('\0') == std::string::npos;
    const bool has_bom = input.rfind("\xFF\xFE", 0) == 0 || input.rfind("\xFE\xFF", 0) == 0;
    TRALIGN_FUZZ_CHECK(!looks_utf8 || has_bom, "valid UTF-8 refused: " + e.line());
    return 0;
  }
  TRALIGN_FUZZ_CHECK(tralign::fuzz::first_invalid_utf8(text) == std::string::npos,
                     "decoded text is not valid UTF-8");
  TRALIGN_FUZZ_CHECK(text.find('\0') == std::string::npos, "decoded text has a NUL");
  const bool utf16 = input.rfind("\xFF\xFE", 0) == 0 || input.rfind("\xFE\xFF", 0) == 0;
  TRALIGN_FUZZ_CHECK(utf16 || text == input, "valid UTF-8 was changed");
  // What the CLI does next must not fail on decoded text.
  static const tralign::Segmenter segmenter;
  std::vector<tralign::Segment> segments;
  try {
    segments = segmenter.segment(text);
  } catch (const tralign::Error& e) {
    TRALIGN_FUZZ_CHECK(false, std::string("decoded text refused by the segmenter: ") + e.what());
  }
  tralign::fuzz::check_segments(text, segments, tralign::InputMode::kText);
  return 0;
}
