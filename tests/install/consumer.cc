// Links the installed library and aligns two small texts.
#include <tralign/tralign.h>

#include <iostream>

int main() {
  const char* source = "The cat sat on the mat. It was happy.\n";
  const char* target = "Die Katze sass auf der Matte. Sie war froh.\n";
  tralign::Options options;
  options.source.lang = "en";
  options.target.lang = "de";
  const tralign::Report report = tralign::Aligner(options).diff(source, target);
  if (report.source.segments.empty() || report.alignment.beads.empty()) return 1;
  std::cout << "tralign " << tralign::version() << ": " << report.alignment.beads.size()
            << " beads\n";
  return 0;
}
