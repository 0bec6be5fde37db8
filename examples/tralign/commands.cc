// commands.cc: segment, align and diff, for one pair of files or many documents.
#include "commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <regex>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "input.h"
#include "progress.h"
#include "terminal.h"
#include "tralign/tralign.h"

namespace tralign::cli {
namespace {

// Where the output goes: standard output, or a file opened on first use.
class Output {
 public:
  explicit Output(std::string path) : path_(std::move(path)) {}
  ~Output() {
    if (file_ != nullptr && file_ != stdout) std::fclose(file_);
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  bool is_stdout() const { return path_.empty() || path_ == "-"; }

  // Opens the file now (write() opens it on first use otherwise).
  void open() {
    if (file_ != nullptr) return;
    if (is_stdout()) {
      file_ = stdout;
      return;
    }
    file_ = std::fopen(path_.c_str(), "wb");
    if (file_ == nullptr) throw CliError(path_, std::strerror(errno));
  }

  void write(std::string_view data) {
    open();
    if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
      throw CliError(is_stdout() ? "<stdout>" : path_, std::strerror(errno));
    }
  }

  void flush() {
    if (file_ != nullptr && std::fflush(file_) != 0) {
      throw CliError(is_stdout() ? "<stdout>" : path_, std::strerror(errno));
    }
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

// Validates a BCP 47 tag given to `option`; throws CliError naming the option.
void check_lang(const std::string& option, const std::string& tag) {
  SegmenterOptions options;
  options.lang = tag;
  try {
    options.validate();
  } catch (const OptionsError&) {
    throw CliError(option, fmt::format("\"{}\" is not a BCP 47 language tag (like en, de, "
                                       "zh-Hant, pt-BR)",
                                       tag));
  }
}

InputMode input_mode(const std::string& input) {
  if (input == "lines") return InputMode::kLines;
  return input == "paragraphs" ? InputMode::kParagraphs : InputMode::kText;
}

// The patterns of --ignore-file: one ECMAScript regular expression a line, # comments.
std::vector<std::string> read_ignore_file(const std::string& path) {
  const std::string text = read_text(path);
  std::vector<std::string> patterns;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.pop_back();
    }
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    line.erase(0, start);
    try {
      std::regex check(line, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw CliError(fmt::format("{}:{}", display_name(path), number),
                     fmt::format("invalid regular expression \"{}\": {}", line, e.what()));
    }
    patterns.push_back(line);
  }
  return patterns;
}

// The library's options from the CLI's.
Options make_options(const Args& args) {
  check_lang("--source-lang", args.source_lang);
  check_lang("--target-lang", args.target_lang);
  Options options;
  options.source.lang = args.source_lang;
  options.target.lang = args.target_lang;
  options.source.input = options.target.input = input_mode(args.input);
  options.align.mean = args.mean;
  options.align.variance = args.variance;
  options.align.max_bead = args.max_bead;
  options.align.plain = args.plain;
  options.align.paragraphs = !args.no_paragraphs;
  options.align.anchors = !args.no_anchors;
  options.align.lexicon = !args.no_lexicon;
  for (const std::string& kind : args.ignore) {
    try {
      options.check.ignore_kinds.push_back(parse_finding_kind(kind));
    } catch (const OptionsError&) {
      throw CliError("--ignore", fmt::format("unknown finding kind \"{}\" (omission, addition, "
                                             "untranslated, drift, mismatch)",
                                             kind));
    }
  }
  if (!args.ignore_file.empty()) options.check.ignore_patterns = read_ignore_file(args.ignore_file);
  try {
    options.validate();
  } catch (const OptionsError& e) {
    throw CliError("", e.what());
  }
  return options;
}

// The default --format of a command and mode.
std::string output_format(const Args& args, bool many) {
  if (!args.format.empty()) return args.format;
  if (many) return "json";
  return args.command == "diff" ? "text" : "beads";
}

// Checks that --format fits the command and mode; throws CliError otherwise.
void check_format(const Args& args, const std::string& format, bool many) {
  const bool diff = args.command == "diff";
  bool ok;
  if (many) {
    ok = diff ? format == "json" : (format == "json" || format == "tsv" || format == "beads");
  } else {
    ok = diff ? (format == "text" || format == "json" || format == "html")
              : (format == "beads" || format == "tsv" || format == "json" || format == "tmx" ||
                 format == "xliff");
  }
  if (!ok) {
    throw CliError("--format",
                   many ? fmt::format("{} cannot be used with --batch or --jsonl ({})", format,
                                      diff ? "json only" : "json, tsv or beads")
                        : fmt::format("{} is not a format of tralign {} ({})", format, args.command,
                                      diff ? "text, json, html" : "beads, tsv, json, tmx, xliff"));
  }
}

// Throws CliError when one side has segments and the other none ("one side empty").
void check_sides(const Report& report, const std::string& source_name,
                 const std::string& target_name) {
  const bool source_empty = report.source.segments.empty();
  const bool target_empty = report.target.segments.empty();
  if (source_empty && !target_empty) throw CliError(source_name, "no text to align");
  if (target_empty && !source_empty) throw CliError(target_name, "no text to align");
}

// The file a library error is about: its message starts with "source text" or "target text".
std::string file_of(const std::string& message, const std::string& source_name,
                    const std::string& target_name) {
  if (message.rfind("source", 0) == 0) return source_name;
  if (message.rfind("target", 0) == 0) return target_name;
  return source_name + ", " + target_name;
}

// The problem without the library's "source text: " prefix.
std::string problem_of(const std::string& message) {
  for (std::string_view prefix : {"source text: ", "target text: "}) {
    if (message.rfind(prefix, 0) == 0) return message.substr(prefix.size());
  }
  return message;
}

// True when a finding at or above --fail-on exists.
bool fails(const Report& report, const std::string& fail_on) {
  if (fail_on == "never" || report.findings.empty()) return false;
  return report.max_severity() >= parse_severity(fail_on);
}

// One document's output in a single-pair or batch run.
// Writes the report in `format` to `out`; `output` tells whether it goes to a terminal.
void write_report(const Args& args, const std::string& format, const Report& report,
                  const Output& output, std::ostream& out) {
  WriteOptions write;
  write.min_confidence = args.min_confidence;
  write.validate();  // before the first byte: a bad option writes nothing
  if (format == "beads") {
    write_beads(out, report);
  } else if (format == "tsv") {
    write_tsv(out, report, write);
  } else if (format == "json") {
    write_json(out, report, write);
  } else if (format == "tmx") {
    write_tmx(out, report, write);
  } else if (format == "xliff") {
    write_xliff(out, report, write);
  } else if (format == "html") {
    write_html(out, report);
  } else {
    TextViewOptions view;
    const int fd = output.is_stdout() ? STDOUT_FILENO : -1;
    view.width = args.width > 0 ? args.width : terminal_width(fd);
    view.color = args.color == "always" || (args.color == "auto" && fd >= 0 && auto_color(fd));
    view.only_problems = args.only_problems;
    view.context = args.context;
    write_text(out, report, view);
  }
}

// The report in `format`, as a string (one document of a batch).
std::string render(const Args& args, const std::string& format, const Report& report,
                   const Output& output) {
  std::ostringstream out;
  write_report(args, format, report, output, out);
  return out.str();
}

// A stream buffer that hands what is written to an Output 64 KiB at a time, so that a report
// is never held whole in memory (the TSV of a million pairs is some 300 MB). An error of the
// Output (a full disk, a closed pipe) is thrown out of the stream (badbit is set to throw).
class OutputBuffer : public std::streambuf {
 public:
  explicit OutputBuffer(Output& output) : output_(output), buffer_(std::size_t{1} << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

 protected:
  int_type overflow(int_type c) override {
    drain();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* data, std::streamsize count) override {
    const auto size = static_cast<std::size_t>(count);
    if (size > static_cast<std::size_t>(epptr() - pptr())) {
      drain();
      if (size >= buffer_.size()) {  // a large piece goes straight through
        output_.write(std::string_view(data, size));
        return count;
      }
    }
    std::memcpy(pptr(), data, size);
    pbump(static_cast<int>(size));
    return count;
  }
  int sync() override {
    drain();
    return 0;
  }

 private:
  void drain() {
    output_.write(std::string_view(pbase(), static_cast<std::size_t>(pptr() - pbase())));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  Output& output_;
  std::vector<char> buffer_;
};

// Calls write(stream) with a stream straight to `output`, then flushes it.
template <typename Write>
void stream_to(Output& output, Write&& write) {
  OutputBuffer buffer(output);
  std::ostream out(&buffer);
  out.exceptions(std::ios::badbit);
  write(out);
  out.flush();
  output.flush();
}

// A compact JSON report with `"id": ID` as its first member, on one line.
std::string json_line(const Report& report, const std::string& id_json) {
  std::ostringstream out;
  WriteOptions write;
  write.compact = true;
  write_json(out, report, write);
  std::string json = out.str();
  while (!json.empty() && (json.back() == '\n' || json.back() == '\r' || json.back() == ' ')) {
    json.pop_back();
  }
  std::size_t body = json.find_first_not_of(" \t\r\n", 1);
  if (json.empty() || json[0] != '{' || body == std::string::npos) {
    return fmt::format("{{\"id\":{}}}\n", id_json);
  }
  if (json[body] == '}') return fmt::format("{{\"id\":{}}}\n", id_json);
  return fmt::format("{{\"id\":{},{}\n", id_json, std::string_view(json).substr(body));
}

std::string json_error_line(const std::string& id_json, const std::string& message) {
  return fmt::format("{{\"id\":{},\"error\":{}}}\n", id_json, nlohmann::json(message).dump());
}

// Appends `s` with its line breaks and tabs as spaces: CR, LF (a CR LF as one space), tab, VT,
// FF, the separators FS, GS and RS (U+001C-U+001E), NEL (U+0085), LS and PS (U+2028, U+2029):
// what Python's str.splitlines() splits at, as the TSV writer flattens them. The bytes that may
// start one are looked up in a table; the runs between them are copied whole.
void append_one_line(std::string& out, std::string_view s) {
  static constexpr auto kMayBreak = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c :
         {'\r', '\n', '\t', '\v', '\f', '\x1C', '\x1D', '\x1E', '\xC2', '\xE2'})
      table[c] = true;
    return table;
  }();
  std::size_t run = 0, i = 0;
  while (i < s.size()) {
    if (!kMayBreak[static_cast<unsigned char>(s[i])]) {
      ++i;
      continue;
    }
    std::size_t length = 0;  // of the break at i (0: none)
    if (s[i] == '\r') {
      length = i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
    } else if (s[i] == '\xC2') {
      length = s.compare(i, 2, "\xC2\x85") == 0 ? 2 : 0;
    } else if (s[i] == '\xE2') {
      length = s.compare(i, 3, "\xE2\x80\xA8") == 0 || s.compare(i, 3, "\xE2\x80\xA9") == 0 ? 3 : 0;
    } else {
      length = 1;
    }
    if (length == 0) {
      ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    out += ' ';
    i += length;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace

int run_segment(const Args& args) {
  check_lang("--lang", args.lang);
  SegmenterOptions options;
  options.lang = args.lang;
  options.input = input_mode(args.input);
  const Segmenter segmenter(options);
  const std::string text = read_text(args.file);
  std::vector<Segment> segments;
  try {
    segments = segmenter.segment(text);
  } catch (const InputError& e) {
    throw CliError(display_name(args.file), e.what());
  }
  // One segment a line, streamed (a large text's segments are not held twice).
  Output output(args.output);  // opened only now: bad input leaves an existing file alone
  stream_to(output, [&](std::ostream& out) {
    std::string line;
    for (const Segment& segment : segments) {
      line.clear();
      append_one_line(line,
                      std::string_view(text).substr(segment.begin, segment.end - segment.begin));
      line += '\n';
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
  });
  return kExitOk;
}

int run_pair(const Args& args) {
  if (args.source.empty() || args.target.empty()) {
    throw CliError("", fmt::format("tralign {} needs SOURCE and TARGET (or --batch FILE or "
                                   "--jsonl); see tralign {} --help",
                                   args.command, args.command));
  }
  if (args.source == "-" && args.target == "-") {
    throw CliError("", "only one of SOURCE and TARGET can be - (standard input)");
  }
  const bool diff = args.command == "diff";
  const std::string format = output_format(args, false);
  check_format(args, format, false);
  const Options options = make_options(args);
  const Aligner aligner(options);
  const std::string source_name = display_name(args.source);
  const std::string target_name = display_name(args.target);
  const std::string source_text = read_text(args.source);
  const std::string target_text = read_text(args.target);
  Report report;
  try {
    report =
        diff ? aligner.diff(source_text, target_text) : aligner.align(source_text, target_text);
  } catch (const InputError& e) {
    throw CliError(file_of(e.what(), source_name, target_name), problem_of(e.what()));
  }
  check_sides(report, source_name, target_name);
  report.source_path = args.source;
  report.target_path = args.target;
  Output output(args.output);  // opened only now: bad input leaves an existing file alone
  stream_to(output, [&](std::ostream& out) { write_report(args, format, report, output, out); });
  return diff && fails(report, args.fail_on) ? kExitFound : kExitOk;
}

int run_batch(const Args& args) {
  if (!args.batch.empty() && args.jsonl)
    throw CliError("", "--batch and --jsonl exclude each other");
  if (!args.source.empty() || !args.target.empty()) {
    throw CliError("", fmt::format("{} reads the documents; give no SOURCE or TARGET",
                                   args.jsonl ? "--jsonl" : "--batch"));
  }
  const bool diff = args.command == "diff";
  const std::string format = output_format(args, true);
  check_format(args, format, true);
  const Options options = make_options(args);

  // --batch: every pair listed up front (paths only), each file checked before any output.
  struct Pair {
    std::string source, target;
  };
  std::vector<Pair> pairs;
  if (!args.batch.empty()) {
    const std::string list = read_text(args.batch);
    std::istringstream lines(list);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
      ++number;
      if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
      const std::size_t tab = line.find('\t');
      if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos || tab == 0 ||
          tab + 1 == line.size()) {
        throw CliError(fmt::format("{}:{}", display_name(args.batch), number),
                       "expected SOURCE<TAB>TARGET (two paths separated by one tab)");
      }
      Pair pair{line.substr(0, tab), line.substr(tab + 1)};
      if (pair.source == "-" || pair.target == "-") {
        throw CliError(fmt::format("{}:{}", display_name(args.batch), number),
                       "- (standard input) cannot be used in a batch file");
      }
      check_readable(pair.source);
      check_readable(pair.target);
      pairs.push_back(std::move(pair));
    }
  }

  // Standard input is read through std::cin only (--jsonl): no need to sync with C stdio.
  if (args.jsonl) std::ios::sync_with_stdio(false);

  BatchOptions batch;
  batch.jobs = args.jobs;
  batch.task = diff ? BatchTask::kDiff : BatchTask::kAlign;
  const BatchAligner aligner(options, batch);
  Output output(args.output);
  output.open();
  Progress progress(!args.quiet && is_terminal(STDERR_FILENO), pairs.size(),
                    args.jsonl ? "documents" : "files");
  std::atomic<std::size_t> files_read{0};  // --batch: counted by the workers

  // The calling thread only hands out paths (--batch) or raw lines (--jsonl) and writes what
  // the workers rendered; reading, decoding, parsing and rendering run on the workers.
  std::size_t next = 0;
  long line_number = 0;
  std::map<std::size_t, long> line_of;  // --jsonl: the input line of every document in flight
  auto source = [&]() -> std::optional<BatchDocument> {
    BatchDocument document;
    document.id = std::to_string(next);
    if (!args.batch.empty()) {
      if (next == pairs.size()) return std::nullopt;
      document.source_path = pairs[next].source;
      document.target_path = pairs[next].target;
    } else {
      std::string line;
      do {
        if (!std::getline(std::cin, line)) return std::nullopt;
        ++line_number;
      } while (line.find_first_not_of(" \t\r") == std::string::npos);
      document.source_text = std::move(line);
      line_of[next] = line_number;
    }
    ++next;
    if (args.jsonl) progress.set_read(next);
    return document;
  };

  BatchHooks hooks;
  hooks.prepare = [&args, &files_read](BatchDocument& document) {
    if (!args.batch.empty()) {
      document.source_text = read_text(document.source_path);
      ++files_read;
      document.target_text = read_text(document.target_path);
      ++files_read;
      return;
    }
    const std::string line = std::move(document.source_text);
    document.source_text.clear();
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      throw CliError("", fmt::format("invalid JSON: {}", e.what()));
    }
    if (!object.is_object()) throw CliError("", "expected a JSON object");
    if (const auto id = object.find("id"); id != object.end()) document.id = id->dump();
    for (const char* key : {"source", "target"}) {
      const auto field = object.find(key);
      if (field == object.end() || !field->is_string()) {
        throw CliError("", fmt::format("\"{}\" must be a string (the document's text)", key));
      }
    }
    document.source_text = object["source"].get<std::string>();
    document.target_text = object["target"].get<std::string>();
  };
  hooks.finish = [&args, &format, &output](BatchResult& result) {
    const bool jsonl = args.batch.empty();
    check_sides(result.report, jsonl ? "source" : result.document->source_path,
                jsonl ? "target" : result.document->target_path);
    if (format == "json") {
      result.output = json_line(result.report, result.id);
    } else {
      result.output = render(args, format, result.report, output);
      if (format == "beads") result.output += '\n';
    }
  };

  int status = kExitOk;
  auto sink = [&](BatchResult result) {
    if (!args.jsonl) progress.set_read(files_read);
    progress.done_one();
    long line = 0;
    if (const auto at = line_of.find(result.index); at != line_of.end()) {
      line = at->second;
      line_of.erase(at);
    }
    if (!result.error) {
      if (diff && fails(result.report, args.fail_on) && status == kExitOk) status = kExitFound;
      output.write(result.output);
      return;
    }
    // Where the problem is: --batch names the file, --jsonl the input line.
    std::string file;
    std::string problem;
    try {
      std::rethrow_exception(result.error);
    } catch (const CliError& e) {
      file = e.file();
      problem = e.what();
    } catch (const std::exception& e) {
      if (args.jsonl) {
        problem = e.what();  // "source text: ..." or "target text: ..."
      } else {
        file = file_of(e.what(), result.document->source_path, result.document->target_path);
        problem = problem_of(e.what());
      }
    }
    if (args.jsonl) {
      if (!file.empty()) problem = file + ": " + problem;  // "target: no text to align"
      file = fmt::format("<stdin>:{}", line);
    }
    progress.clear();
    std::fprintf(stderr, "tralign: %s: %s\n", file.c_str(), problem.c_str());
    status = kExitError;
    if (format == "json") output.write(json_error_line(result.id, problem));
  };

  aligner.run(source, sink, hooks);
  progress.clear();
  output.flush();
  return status;
}

}  // namespace tralign::cli
