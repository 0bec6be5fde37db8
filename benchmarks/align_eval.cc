// align_eval: aligns two line-segmented files (one segment per line) with tralign::align and
// prints the beads as `[i, j]:[k]:CONFIDENCE`, the format of score_alignments.py.
//
//   align_eval [--plain] [--no-anchors] [--no-lexicon] [--mean C] [--variance S2] [--max-bead K]
//   [--exact] SRC TGT
//
// --exact prints every bead's cost and confidence at full precision (`[i]:[k]:COST:CONFIDENCE`,
// %.17g) and the model's c and s² as a last line: benchmarks/identity.sh compares two builds'
// outputs with it, to show that a change meant to leave results alone does.
//
// Lengths are code points; paragraph = line number (as `tralign align --input lines`).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tralign/align.h"

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "align_eval: cannot read " << path << "\n";
    std::exit(2);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

tralign::Document lines(const std::string& text) {
  tralign::Document doc;
  doc.text = text;
  std::size_t begin = 0;
  std::uint32_t line = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    tralign::Segment seg;
    seg.begin = begin;
    seg.end = end;
    seg.paragraph = line++;
    std::uint32_t length = 0;
    for (std::size_t k = begin; k < end; ++k)
      length += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80 ? 1 : 0;
    seg.length = length;
    doc.segments.push_back(seg);
    begin = end + 1;
  }
  return doc;
}

void print_side(std::ostringstream& out, std::uint32_t begin, std::uint32_t end) {
  out << '[';
  for (std::uint32_t k = begin; k < end; ++k) out << (k > begin ? ", " : "") << k;
  out << ']';
}

}  // namespace

int main(int argc, char** argv) {
  tralign::AlignOptions options;
  const char* paths[2] = {nullptr, nullptr};
  int count = 0;
  bool exact = false;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--plain") {
      options.plain = true;
    } else if (arg == "--no-anchors") {
      options.anchors = false;
    } else if (arg == "--no-lexicon") {
      options.lexicon = false;
    } else if (arg == "--mean" && k + 1 < argc) {
      options.mean = std::atof(argv[++k]);
    } else if (arg == "--variance" && k + 1 < argc) {
      options.variance = std::atof(argv[++k]);
    } else if (arg == "--max-bead" && k + 1 < argc) {
      options.max_bead = std::atoi(argv[++k]);
    } else if (arg == "--exact") {
      exact = true;
    } else if (count < 2) {
      paths[count++] = argv[k];
    }
  }
  if (count != 2) {
    std::cerr
        << "usage: align_eval [--plain] [--no-anchors] [--no-lexicon] [--mean C] [--variance S2] "
           "[--max-bead K] [--exact] SRC TGT\n";
    return 2;
  }
  const std::string source_text = read_file(paths[0]);
  const std::string target_text = read_file(paths[1]);
  const tralign::Document source = lines(source_text), target = lines(target_text);
  const tralign::Alignment alignment = tralign::align(source, target, options);
  std::ostringstream out;
  for (const tralign::Bead& bead : alignment.beads) {
    print_side(out, bead.source_begin, bead.source_end);
    out << ':';
    print_side(out, bead.target_begin, bead.target_end);
    char score[64];
    if (exact)
      std::snprintf(score, sizeof score, ":%.17g:%.17g\n", bead.cost, bead.confidence);
    else
      std::snprintf(score, sizeof score, ":%.4f\n", bead.confidence);
    out << score;
  }
  if (exact) {
    char model[64];
    std::snprintf(model, sizeof model, "c=%.17g s2=%.17g\n", alignment.model.mean,
                  alignment.model.variance);
    out << model;
  }
  std::cout << out.str();
  std::cerr << "c=" << alignment.model.mean << " s2=" << alignment.model.variance << "\n";
  return 0;
}
