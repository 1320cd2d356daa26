#include "frontend/keras/progress.h"

#include <unistd.h>

#include <cmath>

namespace kiln {
namespace keras {
namespace {

constexpr int kBarWidth = 20;

std::string Duration(double seconds) {
  char buf[32];
  if (seconds >= 1) {
    std::snprintf(buf, sizeof(buf), "%.0fs", seconds);
  } else {
    std::snprintf(buf, sizeof(buf), "%.0fms", seconds * 1e3);
  }
  return buf;
}

std::string PerStep(double seconds) {
  char buf[32];
  if (seconds >= 1) {
    std::snprintf(buf, sizeof(buf), "%.0fs/step", seconds);
  } else if (seconds >= 1e-3) {
    std::snprintf(buf, sizeof(buf), "%.0fms/step", seconds * 1e3);
  } else {
    std::snprintf(buf, sizeof(buf), "%.0fus/step", seconds * 1e6);
  }
  return buf;
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, int64_t steps, int verbose)
    : out_(out),
      steps_(steps),
      verbose_(verbose),
      tty_(out != nullptr && isatty(fileno(out))),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

std::string ProgressBar::Line(int64_t step, int64_t steps, double seconds,
                              const Logs& logs, bool bar) {
  const int width = static_cast<int>(std::to_string(steps).size());
  char head[64];
  if (steps > 0) {
    std::snprintf(head, sizeof(head), "%*lld/%lld", width,
                  static_cast<long long>(step), static_cast<long long>(steps));
  } else {  // a dataset of unknown length
    std::snprintf(head, sizeof(head), "%lld/Unknown",
                  static_cast<long long>(step));
  }
  std::string line = head;
  if (bar && steps > 0) {
    const int done = steps > 0 ? static_cast<int>(kBarWidth * step / steps) : 0;
    line += " ";
    for (int i = 0; i < kBarWidth; ++i) line += i < done ? "\u2501" : "\u2500";
  }
  const double per_step = step > 0 ? seconds / step : 0;
  if (step < steps && steps > 0) {
    line += " " + Duration(per_step * (steps - step)) + " " + PerStep(per_step);
  } else {
    line += " " + Duration(seconds) + " " + PerStep(per_step);
  }
  for (const auto& [name, value] : logs) {
    char buf[96];
    std::snprintf(buf, sizeof(buf), " - %s: %.4f", name.c_str(), value);
    line += buf;
  }
  return line;
}

void ProgressBar::Update(int64_t step, const Logs& logs) {
  last_step_ = step;
  if (verbose_ != 1 || !tty_) return;
  const auto now = std::chrono::steady_clock::now();
  if (step < steps_ && now - last_draw_ < std::chrono::milliseconds(100)) {
    return;
  }
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  std::fprintf(out_, "\r%s\x1b[K",
               Line(step, steps_, seconds, logs, true).c_str());
  std::fflush(out_);
}

void ProgressBar::Finish(const Logs& logs) {
  if (verbose_ == 0 || out_ == nullptr) return;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
          .count();
  const int64_t done = steps_ > 0 ? steps_ : last_step_;
  const std::string line = Line(done, steps_, seconds, logs, verbose_ == 1);
  std::fprintf(out_, "%s%s\n", tty_ && verbose_ == 1 ? "\r" : "", line.c_str());
  std::fflush(out_);
}

}  // namespace keras
}  // namespace kiln
