// main.cc: the tralign command-line tool: arguments (CLI11), --help, --version, exit codes.
// The commands themselves are in commands.cc; everything else is the library's.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "commands.h"
#include "input.h"
#include "tralign/tralign.h"
#include "usage.h"

namespace {

using tralign::cli::Args;

// Prints `tralign: MESSAGE` as one line on standard error and returns exit status 2.
int usage_error(std::string message) {
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  std::fprintf(stderr, "tralign: %s\n", message.c_str());
  return tralign::cli::kExitError;
}

// The options shared by align and diff.
void add_pair_options(CLI::App& command, Args& args) {
  command.add_option("SOURCE", args.source, "the source text (- for standard input)");
  command.add_option("TARGET", args.target, "its translation (- for standard input)");
  command.add_option("--source-lang", args.source_lang, "BCP 47 tag of SOURCE");
  command.add_option("--target-lang", args.target_lang, "BCP 47 tag of TARGET");
  command.add_option("--input", args.input, "text|lines|paragraphs")
      ->check(CLI::IsMember({"text", "lines", "paragraphs"}));
  command.add_option("--format", args.format, "output format");
  command.add_option("--mean", args.mean, "target characters per source character")
      ->check(CLI::Range(0.0, 1000.0));
  command.add_option("--variance", args.variance, "variance per source character")
      ->check(CLI::Range(0.0, 1000.0));
  command.add_option("--max-bead", args.max_bead, "most segments on one side of a bead")
      ->check(CLI::Range(1, 8));
  command.add_flag("--plain", args.plain, "the paper's model exactly");
  command.add_flag("--no-paragraphs", args.no_paragraphs, "do not align paragraphs first");
  command.add_flag("--no-anchors", args.no_anchors, "lengths only");
  command.add_flag("--no-lexicon", args.no_lexicon, "no second pass with a learned lexicon");
  command.add_option("-o,--output", args.output, "output file");
  command.add_option("--batch", args.batch, "file of SOURCE<TAB>TARGET lines");
  command.add_flag("--jsonl", args.jsonl, "JSON lines documents on standard input");
  command.add_option("-j,--jobs", args.jobs, "worker threads")->check(CLI::Range(0, 1024));
  command.add_flag("-q,--quiet", args.quiet, "no progress bar");
}

int run(int argc, char** argv) {
  // --help and --version first: they work whatever else is on the line.
  std::string_view command;
  bool help = false;
  bool version = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") help = true;
    if (arg == "-V" || arg == "--version") version = true;
    if (command.empty() && (arg == "segment" || arg == "align" || arg == "diff")) command = arg;
  }
  if (help) {
    const std::string_view text = tralign::cli::usage(command);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return tralign::cli::kExitOk;
  }
  if (version) {
    std::printf("tralign %s\n", tralign::version());
    return tralign::cli::kExitOk;
  }

  Args args;
  CLI::App app("tralign", "tralign");
  app.set_help_flag();
  app.require_subcommand(0, 1);
  app.allow_windows_style_options(false);

  CLI::App* segment = app.add_subcommand("segment", "split a text into sentences");
  segment->set_help_flag();
  segment->add_option("FILE", args.file, "the text (- for standard input)");
  segment->add_option("--lang", args.lang, "BCP 47 tag");
  segment->add_option("--input", args.input, "text|lines|paragraphs")
      ->check(CLI::IsMember({"text", "lines", "paragraphs"}));
  segment->add_option("-o,--output", args.output, "output file");

  CLI::App* align = app.add_subcommand("align", "align a text with its translation");
  align->set_help_flag();
  add_pair_options(*align, args);
  align->add_option("--min-confidence", args.min_confidence, "drop weaker beads")
      ->check(CLI::Range(0.0, 1.0));

  CLI::App* diff = app.add_subcommand("diff", "align and check a translation");
  diff->set_help_flag();
  add_pair_options(*diff, args);
  diff->add_option("--color,--colour", args.color, "auto|always|never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  diff->add_option("--fail-on", args.fail_on, "error|warning|info|never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  diff->add_option("--ignore", args.ignore, "finding kind to drop")
      ->delimiter(',')
      ->allow_extra_args(false);
  diff->add_option("--ignore-file", args.ignore_file, "regular expressions of texts to ignore");
  diff->add_flag("--only-problems", args.only_problems, "only beads with findings");
  diff->add_option("-C,--context", args.context, "beads of context")->check(CLI::Range(0, 1000000));
  diff->add_option("--width", args.width, "total columns")->check(CLI::Range(20, 10000));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return usage_error(std::string(e.what()) + " (see tralign --help)");
  }
  if (app.get_subcommands().empty()) {
    return usage_error("a command is needed: segment, align or diff (see tralign --help)");
  }
  args.command = app.get_subcommands().front()->get_name();
  if (args.command == "segment") {
    if (args.file.empty()) return usage_error("tralign segment needs FILE (- for standard input)");
    return tralign::cli::run_segment(args);
  }
  if (!args.batch.empty() || args.jsonl) return tralign::cli::run_batch(args);
  return tralign::cli::run_pair(args);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const tralign::cli::CliError& e) {
    return usage_error(e.line());
  } catch (const tralign::Error& e) {
    return usage_error(e.what());
  } catch (const std::exception& e) {
    return usage_error(std::string("internal error: ") + e.what());
  }
}
