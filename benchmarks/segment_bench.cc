// segment_bench: speed of tralign's Segmenter against ICU's sentence BreakIterator alone,
// on the same text in the same run (median of several runs).
//
// Usage: segment_bench [--runs N] LANG:PATH ...
//   PATH is a UTF-8 file, or an .xz file (decompressed in memory with `xz -dc`).
//   Example: segment_bench --runs 5 en:../shared/corpora/en-de/wmtbig.en.seg.xz
//
// ICU alone: BreakIterator::createSentenceInstance(locale) over one utext_openUTF8 of the
// whole text, next() to the end (break positions are byte offsets, no UTF-16 copy).
// tralign: Segmenter({lang}).segment(text): UTF-8 and binary checks, paragraphs, one ICU pass
// over the text, tralign's rules, trimming, code-point lengths and the result vector.
//
// Each run times both, in alternating order (ICU first in even runs, tralign first in odd
// ones), by the wall clock and by the thread's CPU time (CLOCK_THREAD_CPUTIME_ID). On a shared
// machine the wall clock also counts the time the thread waits for a core; the CPU time does
// not, so its ratio is the steadier figure. Output columns: lang, file, MB, ICU MB/s and
// tralign MB/s (wall clock, median), ICU's breaks, tralign's segments, tralign / ICU (wall),
// then ICU and tralign MB/s by CPU time (median) and their ratio.
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tralign/segment.h"

namespace {

std::string read_text(const std::string& path) {
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".xz") == 0) {
    const std::string command = "xz -dc '" + path + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string text;
    char buffer[1 << 16];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
    if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
    return text;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of the calling thread, in seconds.
double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Wall-clock and CPU seconds of one call of `work`.
template <typename Work>
std::pair<double, double> time_it(Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = thread_seconds();
  work();
  const double cpu = thread_seconds() - cpu_start;
  return {seconds_since(start), cpu};
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// ICU's iterator alone over the whole text; returns the number of breaks.
std::size_t run_icu(const std::string& text, const std::string& lang) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(icu::BreakIterator::createSentenceInstance(
      icu::Locale::forLanguageTag(lang, status), status));
  UText ut = UTEXT_INITIALIZER;
  utext_openUTF8(&ut, text.data(), static_cast<int64_t>(text.size()), &status);
  iterator->setText(&ut, status);
  if (U_FAILURE(status)) throw std::runtime_error(u_errorName(status));
  std::size_t breaks = 0;
  for (int32_t b = iterator->next(); b != icu::BreakIterator::DONE; b = iterator->next()) ++breaks;
  utext_close(&ut);
  return breaks;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  std::vector<std::pair<std::string, std::string>> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg.find(':') != std::string::npos && arg[0] != '-') {
      inputs.emplace_back(arg.substr(0, arg.find(':')), arg.substr(arg.find(':') + 1));
    } else {
      std::cerr << "usage: segment_bench [--runs N] LANG:PATH ...\n";
      return 2;
    }
  }
  if (inputs.empty()) {
    std::cerr << "usage: segment_bench [--runs N] LANG:PATH ...\n";
    return 2;
  }
  std::printf("%-4s %-28s %9s %10s %10s %12s %10s %6s %10s %10s %6s\n", "lang", "file", "MB",
              "ICU MB/s", "ours MB/s", "ICU breaks", "segments", "ratio", "ICU cpu", "ours cpu",
              "ratio");
  for (const auto& [lang, path] : inputs) {
    const std::string text = read_text(path);
    const double mb = static_cast<double>(text.size()) / 1e6;
    tralign::SegmenterOptions options;
    options.lang = lang;
    const tralign::Segmenter segmenter(options);
    std::vector<double> icu_wall, our_wall, icu_cpu, our_cpu;
    std::size_t breaks = 0, segments = 0;
    auto time_icu = [&] {
      const auto [wall, cpu] = time_it([&] { breaks = run_icu(text, lang); });
      icu_wall.push_back(wall);
      icu_cpu.push_back(cpu);
    };
    auto time_ours = [&] {
      const auto [wall, cpu] = time_it([&] { segments = segmenter.segment(text).size(); });
      our_wall.push_back(wall);
      our_cpu.push_back(cpu);
    };
    for (int run = 0; run < runs; ++run) {  // alternate, so both see the same machine load
      if (run % 2 == 0) {
        time_icu();
        time_ours();
      } else {
        time_ours();
        time_icu();
      }
    }
    const double icu_speed = mb / median(icu_wall);
    const double our_speed = mb / median(our_wall);
    const double icu_cpu_speed = mb / median(icu_cpu);
    const double our_cpu_speed = mb / median(our_cpu);
    const std::string name = path.substr(path.find_last_of('/') + 1);
    std::printf("%-4s %-28s %9.1f %10.1f %10.1f %12zu %10zu %5.0f%% %10.1f %10.1f %5.0f%%\n",
                lang.c_str(), name.c_str(), mb, icu_speed, our_speed, breaks, segments,
                100.0 * our_speed / icu_speed, icu_cpu_speed, our_cpu_speed,
                100.0 * our_cpu_speed / icu_cpu_speed);
    std::fflush(stdout);
  }
  return 0;
}
