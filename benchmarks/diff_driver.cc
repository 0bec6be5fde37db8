// diff_driver: `tralign diff --input lines --format json` for the findings measurement,
// independent of the CLI and report modules (benchmarks/findings_eval.py can use either).
//
//   diff_driver [--source-lang TAG] [--target-lang TAG] [--text] [--band N] SRC TGT > report.json
//
// Prints {"beads": [...], "findings": [...]} with the fields score_findings.py reads
// (kind, severity, source, target) plus code, confidence and message.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tralign/tralign.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "diff_driver: cannot read " << path << "\n";
    std::exit(2);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

void print_list(std::ostream& out, const std::vector<std::uint32_t>& v) {
  out << '[';
  for (std::size_t k = 0; k < v.size(); ++k) out << (k ? ", " : "") << v[k];
  out << ']';
}

void print_range(std::ostream& out, std::uint32_t b, std::uint32_t e) {
  out << '[';
  for (auto k = b; k < e; ++k) out << (k > b ? ", " : "") << k;
  out << ']';
}

}  // namespace

int main(int argc, char** argv) {
  tralign::Options options;
  options.source.input = tralign::InputMode::kLines;
  options.target.input = tralign::InputMode::kLines;
  std::string paths[2];
  int npaths = 0;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--source-lang" && k + 1 < argc) {
      options.source.lang = argv[++k];
    } else if (arg == "--target-lang" && k + 1 < argc) {
      options.target.lang = argv[++k];
    } else if (arg == "--text") {
      options.source.input = options.target.input = tralign::InputMode::kText;
    } else if (arg == "--band" && k + 1 < argc) {
      options.check.realign_band = std::atoi(argv[++k]);
    } else if (npaths < 2) {
      paths[npaths++] = arg;
    } else {
      std::cerr << "usage: diff_driver [--source-lang TAG] [--target-lang TAG] [--text] "
                   "[--band N] SRC TGT\n";
      return 2;
    }
  }
  if (npaths != 2) {
    std::cerr << "diff_driver: need SRC and TGT\n";
    return 2;
  }
  const std::string source = read_file(paths[0]);
  const std::string target = read_file(paths[1]);
  try {
    const tralign::Aligner aligner(options);
    const tralign::Report report = aligner.diff(source, target);
    std::ostream& out = std::cout;
    out << "{\"version\": 1,\n\"model\": {\"mean\": " << report.alignment.model.mean
        << ", \"variance\": " << report.alignment.model.variance << "},\n\"beads\": [";
    bool first = true;
    for (const tralign::Bead& b : report.alignment.beads) {
      out << (first ? "\n" : ",\n") << "{\"source\": ";
      print_range(out, b.source_begin, b.source_end);
      out << ", \"target\": ";
      print_range(out, b.target_begin, b.target_end);
      out << ", \"confidence\": " << b.confidence << "}";
      first = false;
    }
    out << "],\n\"findings\": [";
    first = true;
    for (const tralign::Finding& f : report.findings) {
      out << (first ? "\n" : ",\n") << "{\"kind\": \"" << tralign::to_string(f.kind)
          << "\", \"severity\": \"" << tralign::to_string(f.severity) << "\", \"code\": \""
          << f.code << "\", \"confidence\": " << f.confidence << ", \"source\": ";
      print_list(out, f.source);
      out << ", \"target\": ";
      print_list(out, f.target);
      out << ", \"message\": \"" << escape(f.message) << "\"}";
      first = false;
    }
    out << "]}\n";
  } catch (const tralign::Error& e) {
    std::cerr << "diff_driver: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
