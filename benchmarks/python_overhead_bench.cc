// python_overhead_bench: the C++ side of benchmarks/python_bench.py. Times one Aligner over the
// documents of a pair of running-text files (documents split at every empty line, "\n\n", exactly
// as python_bench.py splits them), so the Python binding's time for the same work can be
// compared with it.
//
// Usage:
//   python_overhead_bench [--source-lang TAG] [--target-lang TAG] [--task diff|align]
//                         [--runs N] [--warmup N] [--whole] [--jobs N] SOURCE.raw TARGET.raw
// Prints one JSON object: documents, bytes, task, the wall-clock and the process CPU time of
// every run in milliseconds, and their medians (CPU time is steadier on a loaded machine).
// One untimed pass comes first (--warmup 0 leaves it out), so the timed runs find ICU's data
// loaded and the heap grown, as in a long-running process. --whole aligns each file as one
// document instead. --jobs N runs the documents through a
// BatchAligner with N threads (the reference for python_bench.py's two-thread figures).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tralign/tralign.h"

namespace {

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void print_list(const char* name, const std::vector<double>& values) {
  std::printf(", \"%s\": [", name);
  for (std::size_t i = 0; i < values.size(); ++i) std::printf("%s%.3f", i ? ", " : "", values[i]);
  std::printf("], \"median_%s\": %.3f", name, median_of(values));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "python_overhead_bench: cannot read " << path << "\n";
    std::exit(2);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

// The documents of a file: the text between occurrences of "\n\n" (Python's str.split("\n\n")).
std::vector<std::string> split_documents(const std::string& text) {
  std::vector<std::string> documents;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find("\n\n", start);
    if (at == std::string::npos) {
      documents.push_back(text.substr(start));
      return documents;
    }
    documents.push_back(text.substr(start, at - start));
    start = at + 2;
  }
}

[[noreturn]] void usage() {
  std::cerr
      << "usage: python_overhead_bench [--source-lang TAG] [--target-lang TAG] "
         "[--task diff|align] [--runs N] [--warmup N] [--whole] [--jobs N] SOURCE.raw TARGET.raw\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  tralign::Options options;
  std::string task = "diff";
  int runs = 5;
  bool whole = false;
  int jobs = 0;
  int warmup = 1;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--source-lang" && has_value) {
      options.source.lang = argv[++i];
    } else if (arg == "--target-lang" && has_value) {
      options.target.lang = argv[++i];
    } else if (arg == "--task" && has_value) {
      task = argv[++i];
    } else if (arg == "--runs" && has_value) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--warmup" && has_value) {
      warmup = std::max(0, std::atoi(argv[++i]));
    } else if (arg == "--jobs" && has_value) {
      jobs = std::max(0, std::atoi(argv[++i]));
    } else if (arg == "--whole") {
      whole = true;
    } else if (!arg.empty() && arg[0] == '-') {
      usage();
    } else {
      paths.emplace_back(arg);
    }
  }
  if (paths.size() != 2 || (task != "diff" && task != "align")) usage();

  const std::string source_text = read_file(paths[0]);
  const std::string target_text = read_file(paths[1]);
  std::vector<std::string> sources =
      whole ? std::vector<std::string>{source_text} : split_documents(source_text);
  std::vector<std::string> targets =
      whole ? std::vector<std::string>{target_text} : split_documents(target_text);
  if (sources.size() != targets.size()) {
    std::cerr << "python_overhead_bench: " << sources.size() << " source documents but "
              << targets.size() << " target documents\n";
    return 2;
  }

  const tralign::Aligner aligner(options);
  const bool diff = task == "diff";
  tralign::BatchOptions batch_options;
  batch_options.jobs = std::max(jobs, 1);
  batch_options.task = diff ? tralign::BatchTask::kDiff : tralign::BatchTask::kAlign;
  const tralign::BatchAligner batch(options, batch_options);
  std::vector<double> times;
  std::vector<double> cpu_times;
  std::size_t checksum = 0;  // keeps the work observable
  for (int run = -warmup; run < runs; ++run) {
    if (run == 0) checksum = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    if (jobs > 0) {
      std::size_t next = 0;
      batch.run(
          [&]() -> std::optional<tralign::BatchDocument> {
            if (next == sources.size()) return std::nullopt;
            tralign::BatchDocument document{std::to_string(next), sources[next], targets[next], "",
                                            ""};
            ++next;
            return document;
          },
          [&](tralign::BatchResult result) {
            checksum += result.report.alignment.beads.size() + result.report.findings.size();
          });
    } else {
      for (std::size_t d = 0; d < sources.size(); ++d) {
        const tralign::Report report =
            diff ? aligner.diff(sources[d], targets[d]) : aligner.align(sources[d], targets[d]);
        checksum += report.alignment.beads.size() + report.findings.size();
      }
    }
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - start;
    if (run < 0) continue;
    times.push_back(elapsed.count());
    cpu_times.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
  }
  std::printf("{\"documents\": %zu, \"bytes\": %zu, \"task\": \"%s\"", sources.size(),
              source_text.size() + target_text.size(), task.c_str());
  print_list("wall_ms", times);
  print_list("cpu_ms", cpu_times);
  std::printf(", \"checksum\": %zu}\n", checksum);
  return 0;
}
