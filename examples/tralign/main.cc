// PLACEHOLDER until the CLI lands: tralign segment FILE.
#include <fstream>
#include <iostream>
#include <sstream>

#include "tralign/tralign.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: tralign segment FILE\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  for (const auto& s : tralign::segment(text))
    std::cout << text.substr(s.begin, s.end - s.begin) << "\n";
  return 0;
}
