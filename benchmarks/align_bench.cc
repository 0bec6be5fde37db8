// align_bench: speed, memory and 1-1 recall of tralign::align on line-parallel files.
//
//   align_bench [--plain] [--no-anchors] [--runs R] SRC TGT N...
//
// For every N: the first N lines of both files become two documents (one segment per line,
// lengths in code points, as `--input lines`), align() runs R times (default 3), and the
// median time (wall; CPU in the last column) is reported with pairs per second and the share
// of the gold 1-1 pairs (line i with line i) found as 1-1 beads. Peak memory (max RSS) is
// printed at the end; run one N per process to measure the memory of one size.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tralign/align.h"

namespace {

std::string read_lines(const char* path, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "align_bench: cannot read " << path << "\n";
    std::exit(2);
  }
  std::string text, line;
  for (std::size_t k = 0; k < count && std::getline(in, line); ++k) {
    text += line;
    text += '\n';
  }
  return text;
}

// CPU time of the process (align() runs on one thread): steadier than wall time on a shared
// machine.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
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

}  // namespace

int main(int argc, char** argv) {
  tralign::AlignOptions options;
  int runs = 3;
  std::vector<const char*> args;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--plain") {
      options.plain = true;
    } else if (arg == "--no-anchors") {
      options.anchors = false;
    } else if (arg == "--runs" && k + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++k]));
    } else {
      args.push_back(argv[k]);
    }
  }
  if (args.size() < 3) {
    std::cerr << "usage: align_bench [--plain] [--no-anchors] [--runs R] SRC TGT N...\n";
    return 2;
  }
  std::printf("%10s %10s %14s %12s %10s %10s\n", "pairs", "seconds", "pairs/s", "1-1 kept", "beads",
              "cpu s");
  for (std::size_t a = 2; a < args.size(); ++a) {
    const auto count = static_cast<std::size_t>(std::atoll(args[a]));
    const std::string source_text = read_lines(args[0], count);
    const std::string target_text = read_lines(args[1], count);
    const tralign::Document source = lines(source_text), target = lines(target_text);
    std::vector<double> times, cpu_times;
    tralign::Alignment alignment;
    for (int r = 0; r < runs; ++r) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = cpu_seconds();
      alignment = tralign::align(source, target, options);
      cpu_times.push_back(cpu_seconds() - cpu_start);
      times.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu_times.begin(), cpu_times.end());
    const double median = times[times.size() / 2];
    std::size_t kept = 0;
    for (const tralign::Bead& b : alignment.beads)
      kept += (b.source_count() == 1 && b.target_count() == 1 && b.source_begin == b.target_begin);
    const std::size_t pairs = std::min(source.segments.size(), target.segments.size());
    std::printf(
        "%10zu %10.4f %14.0f %11.2f%% %10zu %10.4f\n", pairs, median,
        static_cast<double>(pairs) / median,
        100.0 * static_cast<double>(kept) / static_cast<double>(std::max<std::size_t>(1, pairs)),
        alignment.beads.size(), cpu_times[cpu_times.size() / 2]);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("max RSS: %ld kB\n", usage.ru_maxrss);
  return 0;
}
