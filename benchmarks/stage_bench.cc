// stage_bench: time of each stage of the pipeline on one pair of raw texts, beside ICU's
// sentence iterator alone on the same two texts, in the same run (alternating, R runs).
//
//   stage_bench [--runs R] [--json] [--input text|lines] SLANG:SOURCE TLANG:TARGET
//
// Stages, timed separately on every run (the objects they need are built before timing):
//   icu        ICU's BreakIterator::createSentenceInstance over utext_openUTF8, next() to the
//              end, on both texts (the reference: what sentence splitting alone costs)
//   segment    Segmenter::segment on both texts (UTF-8 check, paragraphs, ICU, tralign's rules)
//   align      tralign::align on the two documents (default options)
//   check      tralign::check on the alignment (default options)
//   json       tralign::write_json of the whole report into a byte-counting sink
//   e2e_align  Aligner::align(source, target): raw text in, beads out (segment + align)
//   e2e_nolex  the same without the lexicon's second pass (AlignOptions::lexicon = false)
//   e2e_diff   Aligner::diff(source, target): segment + align + check
// Prints, per stage, the median, minimum and maximum seconds and MB/s of input (both texts);
// with --json one JSON object instead. Peak memory (max RSS) of the process is printed last.
#include <sys/resource.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include "tralign/tralign.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "stage_bench: cannot read " << path << "\n";
    std::exit(2);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
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

// A stream buffer that only counts the bytes written to it.
class CountingBuffer : public std::streambuf {
 public:
  std::size_t count() const { return count_; }

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++count_;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    count_ += static_cast<std::size_t>(n);
    return n;
  }

 private:
  std::size_t count_ = 0;
};

struct Stage {
  std::string name;
  std::vector<double> seconds;
};

double time_it(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::pair<std::string, std::string> split_arg(const std::string& arg) {
  const std::size_t colon = arg.find(':');
  if (colon == std::string::npos || colon == 0) return {"", arg};
  return {arg.substr(0, colon), arg.substr(colon + 1)};
}

int usage() {
  std::cerr << "usage: stage_bench [--runs R] [--json] [--input text|lines] SLANG:SOURCE "
               "TLANG:TARGET\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  bool json = false;
  tralign::InputMode input = tralign::InputMode::kText;
  std::vector<std::string> files;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--runs" && k + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++k]));
    } else if (arg == "--json") {
      json = true;
    } else if (arg == "--input" && k + 1 < argc) {
      const std::string mode = argv[++k];
      if (mode != "text" && mode != "lines") return usage();
      input = mode == "lines" ? tralign::InputMode::kLines : tralign::InputMode::kText;
    } else if (arg.empty() || arg[0] == '-') {
      return usage();
    } else {
      files.push_back(arg);
    }
  }
  if (files.size() != 2) return usage();
  const auto [source_lang, source_path] = split_arg(files[0]);
  const auto [target_lang, target_path] = split_arg(files[1]);
  const std::string source_text = read_file(source_path);
  const std::string target_text = read_file(target_path);
  const double mb = static_cast<double>(source_text.size() + target_text.size()) / 1e6;

  try {
    tralign::Options options;
    options.source.lang = source_lang;
    options.source.input = input;
    options.target.lang = target_lang;
    options.target.input = input;
    const tralign::Aligner aligner(options);
    tralign::Options no_lexicon_options = options;
    no_lexicon_options.align.lexicon = false;
    const tralign::Aligner no_lexicon_aligner(no_lexicon_options);
    const tralign::Segmenter source_segmenter(options.source);
    const tralign::Segmenter target_segmenter(options.target);
    const std::string icu_source_lang = source_lang.empty() ? "und" : source_lang;
    const std::string icu_target_lang = target_lang.empty() ? "und" : target_lang;

    std::vector<Stage> stages = {{"icu", {}},      {"segment", {}},  {"align", {}},
                                 {"check", {}},    {"json", {}},     {"e2e_align", {}},
                                 {"e2e_diff", {}}, {"e2e_nolex", {}}};
    std::size_t breaks = 0, beads = 0, beads_no_lexicon = 0, findings = 0, json_bytes = 0;
    tralign::Document source{source_text, {}, source_lang};
    tralign::Document target{target_text, {}, target_lang};
    for (int run = 0; run < runs; ++run) {
      stages[0].seconds.push_back(time_it([&] {
        breaks = run_icu(source_text, icu_source_lang) + run_icu(target_text, icu_target_lang);
      }));
      stages[1].seconds.push_back(time_it([&] {
        source.segments = source_segmenter.segment(source_text);
        target.segments = target_segmenter.segment(target_text);
      }));
      tralign::Alignment alignment;
      stages[2].seconds.push_back(
          time_it([&] { alignment = tralign::align(source, target, options.align); }));
      std::vector<tralign::Finding> found;
      stages[3].seconds.push_back(
          time_it([&] { found = tralign::check(source, target, alignment, options.check); }));
      beads = alignment.beads.size();
      findings = found.size();
      tralign::Report report{
          source, target, source_path, target_path, std::move(alignment), std::move(found)};
      stages[4].seconds.push_back(time_it([&] {
        CountingBuffer sink;
        std::ostream out(&sink);
        tralign::write_json(out, report);
        json_bytes = sink.count();
      }));
      stages[5].seconds.push_back(
          time_it([&] { beads = aligner.align(source_text, target_text).alignment.beads.size(); }));
      stages[6].seconds.push_back(
          time_it([&] { findings = aligner.diff(source_text, target_text).findings.size(); }));
      stages[7].seconds.push_back(time_it([&] {
        beads_no_lexicon =
            no_lexicon_aligner.align(source_text, target_text).alignment.beads.size();
      }));
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);

    if (json) {
      std::printf(
          "{\"mb\": %.6f, \"runs\": %d, \"source_segments\": %zu, "
          "\"target_segments\": %zu, \"icu_breaks\": %zu, \"beads\": %zu, "
          "\"findings\": %zu, \"json_bytes\": %zu, \"max_rss_kb\": %ld, \"stages\": {",
          mb, runs, source.segments.size(), target.segments.size(), breaks, beads, findings,
          json_bytes, usage.ru_maxrss);
      for (std::size_t s = 0; s < stages.size(); ++s) {
        std::printf("%s\"%s\": [", s ? ", " : "", stages[s].name.c_str());
        for (std::size_t r = 0; r < stages[s].seconds.size(); ++r)
          std::printf("%s%.6f", r ? ", " : "", stages[s].seconds[r]);
        std::printf("]");
      }
      std::printf("}}\n");
      return 0;
    }
    std::printf("%.1f MB (both texts), %zu + %zu segments, %zu beads, %zu findings, %d runs\n", mb,
                source.segments.size(), target.segments.size(), beads, findings, runs);
    std::printf("%-10s %10s %10s %10s %10s\n", "stage", "median s", "min s", "max s", "MB/s");
    for (const Stage& stage : stages) {
      const double m = median(stage.seconds);
      std::printf("%-10s %10.4f %10.4f %10.4f %10.1f\n", stage.name.c_str(), m,
                  *std::min_element(stage.seconds.begin(), stage.seconds.end()),
                  *std::max_element(stage.seconds.begin(), stage.seconds.end()), mb / m);
    }
    std::printf("max RSS: %ld kB\n", usage.ru_maxrss);
  } catch (const tralign::Error& e) {
    std::cerr << "stage_bench: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
