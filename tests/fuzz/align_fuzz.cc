// align_fuzz: the aligner on random segment lengths (tralign::align_lengths) and on random
// Documents (tralign::align, with anchors and paragraphs): lopsided counts, empty sides,
// extreme lengths, every option. Valid options must give beads that cover both sides exactly
// once, in order, with confidences in [0, 1] and finite costs, the same way twice; invalid
// options must raise OptionsError and nothing else.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "tralign/align.h"
#include "tralign/error.h"
#include "tralign/segment.h"

namespace {

// Segments per side at most: enough for the band to widen many times, small enough that one
// input stays in milliseconds under the sanitizers.
constexpr std::size_t kMaxSegments = 1000;

tralign::AlignOptions consume_options(FuzzedDataProvider& data) {
  tralign::AlignOptions options;
  const std::uint8_t flags = data.ConsumeIntegral<std::uint8_t>();
  options.plain = (flags & 1) != 0;
  options.paragraphs = (flags & 2) == 0;
  options.anchors = (flags & 4) == 0;
  // Mostly valid bead sizes, sometimes outside 1..8.
  options.max_bead = (flags & 8) ? data.ConsumeIntegralInRange<int>(-1, 10)
                                 : data.ConsumeIntegralInRange<int>(1, 8);
  auto consume_parameter = [&](std::uint8_t kind) -> double {
    switch (kind % 8) {
      case 0:
      case 1:
      case 2:
        return 0.0;  // estimate
      case 3:
        return data.ConsumeFloatingPointInRange<double>(1e-3, 10.0);
      case 4:
        return data.ConsumeFloatingPoint<double>();  // anything, NaN and infinities included
      case 5:
        return std::numeric_limits<double>::denorm_min();
      case 6:
        return 1e300;
      default:
        return -1.0;
    }
  };
  options.mean = consume_parameter(static_cast<std::uint8_t>(flags >> 4));
  options.variance = consume_parameter(data.ConsumeIntegral<std::uint8_t>());
  return options;
}

bool options_valid(const tralign::AlignOptions& options) {
  try {
    options.validate();
    return true;
  } catch (const tralign::OptionsError&) {
    return false;
  }
}

// Lengths: small (typical sentences), zero, or extreme.
std::vector<std::uint32_t> consume_lengths(FuzzedDataProvider& data, std::size_t count) {
  std::vector<std::uint32_t> lengths;
  lengths.reserve(count);
  for (std::size_t k = 0; k < count && data.remaining_bytes() > 0; ++k) {
    const std::uint8_t kind = data.ConsumeIntegral<std::uint8_t>();
    if (kind < 200) {
      lengths.push_back(kind);
    } else if (kind < 250) {
      lengths.push_back(data.ConsumeIntegralInRange<std::uint32_t>(0, 100000));
    } else {
      lengths.push_back(data.ConsumeIntegral<std::uint32_t>());
    }
  }
  return lengths;
}

// A side where the fuzz data is the text: sanitized to valid UTF-8, cut into segments at the
// byte positions the data chooses (on character boundaries), paragraph breaks at line ends.
tralign::Document make_document(const std::string& text, FuzzedDataProvider& data) {
  tralign::Document document;
  document.text = text;
  std::size_t begin = 0;
  std::uint32_t paragraph = 0;
  while (begin < text.size() && document.segments.size() < kMaxSegments) {
    std::size_t end = begin + 1 + data.ConsumeIntegralInRange<std::size_t>(0, 80);
    if (end > text.size()) end = text.size();
    while (end < text.size() && !tralign::fuzz::on_boundary(text, end)) ++end;
    const std::string_view piece = std::string_view(text).substr(begin, end - begin);
    document.segments.push_back(
        {begin, end, paragraph,
         static_cast<std::uint32_t>(tralign::fuzz::count_code_points(piece))});
    if (piece.find('\n') != std::string_view::npos) ++paragraph;
    begin = end;
  }
  return document;
}

void check_same(const tralign::Alignment& a, const tralign::Alignment& b) {
  TRALIGN_FUZZ_CHECK(a.beads.size() == b.beads.size(), "a second run gives other beads");
  for (std::size_t k = 0; k < a.beads.size(); ++k) {
    const tralign::Bead& x = a.beads[k];
    const tralign::Bead& y = b.beads[k];
    TRALIGN_FUZZ_CHECK(x.source_end == y.source_end && x.target_end == y.target_end &&
                           x.confidence == y.confidence,
                       "a second run gives other beads");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  FuzzedDataProvider data(bytes, size);
  const bool documents = data.ConsumeBool();
  const tralign::AlignOptions options = consume_options(data);
  const bool valid = options_valid(options);
  const int max_bead = options.plain ? std::min(options.max_bead, 2) : options.max_bead;

  if (!documents) {
    // Lopsided on purpose: each side's count is chosen independently, and often 0 or 1.
    auto consume_count = [&] {
      switch (data.ConsumeIntegralInRange<int>(0, 3)) {
        case 0:
          return std::size_t{0};
        case 1:
          return std::size_t{1};
        default:
          return data.ConsumeIntegralInRange<std::size_t>(0, kMaxSegments);
      }
    };
    const std::size_t source_count = consume_count();
    const std::size_t target_count = consume_count();
    const std::vector<std::uint32_t> source = consume_lengths(data, source_count);
    const std::vector<std::uint32_t> target = consume_lengths(data, target_count);
    tralign::Alignment alignment;
    try {
      alignment = tralign::align_lengths(source, target, options);
    } catch (const tralign::OptionsError& e) {
      TRALIGN_FUZZ_CHECK(!valid, std::string("OptionsError for valid options: ") + e.what());
      return 0;
    }
    TRALIGN_FUZZ_CHECK(valid, "invalid options accepted");
    tralign::fuzz::check_beads(alignment.beads, source.size(), target.size(), max_bead);
    TRALIGN_FUZZ_CHECK(alignment.model.mean > 0 && alignment.model.variance > 0,
                       "the model's parameters are not positive");
    check_same(alignment, tralign::align_lengths(source, target, options));
    return 0;
  }

  // Documents: the rest of the data is "source \x1E target" (no separator: split in half).
  std::string rest = data.ConsumeBytesAsString(data.remaining_bytes() / 2);
  const std::size_t separator = rest.find('\x1e');
  const std::size_t cut = separator == std::string::npos ? rest.size() / 2 : separator;
  const std::string source_text = tralign::fuzz::sanitize_utf8(rest.substr(0, cut));
  const std::string target_text =
      tralign::fuzz::sanitize_utf8(rest.substr(std::min(cut + 1, rest.size())));
  tralign::Document source = make_document(source_text, data);
  tralign::Document target = make_document(target_text, data);
  source.lang = "en";
  target.lang = "de";
  tralign::Alignment alignment;
  try {
    alignment = tralign::align(source, target, options);
  } catch (const tralign::OptionsError& e) {
    TRALIGN_FUZZ_CHECK(!valid, std::string("OptionsError for valid options: ") + e.what());
    return 0;
  }
  TRALIGN_FUZZ_CHECK(valid, "invalid options accepted");
  tralign::fuzz::check_beads(alignment.beads, source.segments.size(), target.segments.size(),
                             max_bead);
  check_same(alignment, tralign::align(source, target, options));
  return 0;
}
