// progress.cc: the progress line: [=====     ] 120/691 documents, 250 files read, 41.2/s, 0:14 left
#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "terminal.h"

namespace tralign::cli {
namespace {

constexpr auto kDelay = std::chrono::milliseconds(500);     // silent for runs shorter than this
constexpr auto kInterval = std::chrono::milliseconds(100);  // at most ten redraws a second

std::string format_duration(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

Progress::Progress(bool enabled, std::size_t total, const char* read_unit)
    : enabled_(enabled),
      total_(total),
      read_unit_(read_unit),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { clear(); }

void Progress::set_read(std::size_t read) {
  read_ = read;
  draw(false);
}

void Progress::done_one() {
  ++done_;
  draw(false);
}

void Progress::clear() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

void Progress::draw(bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && (now - start_ < kDelay || now - last_draw_ < kInterval)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  std::string counts;
  if (total_ > 0) {
    counts = fmt::format(" {}/{} documents, {} {} read, {:.1f}/s", done_, total_, read_, read_unit_,
                         rate);
    if (rate > 0 && done_ < total_) {
      counts += ", " + format_duration(static_cast<double>(total_ - done_) / rate) + " left";
    }
  } else {
    counts =
        fmt::format(" {} documents done, {} {} read, {:.1f}/s", done_, read_, read_unit_, rate);
  }
  const int width = std::min(terminal_width(STDERR_FILENO), 200) - 1;
  std::string line = "tralign:";
  const int bar = width - static_cast<int>(line.size() + counts.size()) - 3;
  if (total_ > 0 && bar >= 10) {
    const auto filled = static_cast<int>(static_cast<double>(bar) * static_cast<double>(done_) /
                                         static_cast<double>(total_));
    line += " [" + std::string(static_cast<std::size_t>(filled), '=') +
            std::string(static_cast<std::size_t>(bar - filled), ' ') + "]";
  }
  line += counts;
  if (static_cast<int>(line.size()) > width)
    line.resize(static_cast<std::size_t>(std::max(width, 0)));
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace tralign::cli
