// commands.h: the three commands of the CLI, over parsed arguments.
#ifndef TRALIGN_EXAMPLES_COMMANDS_H_
#define TRALIGN_EXAMPLES_COMMANDS_H_

#include <string>
#include <vector>

namespace tralign::cli {

// Exit statuses of the CLI.
constexpr int kExitOk = 0;
constexpr int kExitFound = 1;  // diff found something at or above --fail-on
constexpr int kExitError = 2;  // bad usage or unusable input

// Every option of every command, with the defaults of --help.
struct Args {
  std::string command;  // "segment", "align" or "diff"
  // segment
  std::string lang;
  std::string file;
  // align and diff
  std::string source_lang;
  std::string target_lang;
  std::string source;
  std::string target;
  double mean = 0.0;
  double variance = 0.0;
  int max_bead = 3;
  bool plain = false;
  bool no_paragraphs = false;
  bool no_anchors = false;
  bool no_lexicon = false;
  double min_confidence = 0.0;
  // diff
  std::string color = "auto";
  std::string fail_on = "warning";
  std::vector<std::string> ignore;
  std::string ignore_file;
  bool only_problems = false;
  int context = 3;
  int width = 0;  // 0: from the terminal
  // many documents
  std::string batch;
  bool jsonl = false;
  int jobs = 0;
  bool quiet = false;
  // common
  std::string input = "text";
  std::string format;  // empty: the command's default
  std::string output;  // empty: standard output
};

// Each returns the exit status; throws CliError (exit 2) for unusable input.
int run_segment(const Args& args);
int run_pair(const Args& args);   // align or diff of one pair
int run_batch(const Args& args);  // align or diff with --batch or --jsonl

}  // namespace tralign::cli

#endif  // TRALIGN_EXAMPLES_COMMANDS_H_
