// ProgressBar: Keras' per-epoch progress line,
//   1719/1719 ━━━━━━━━━━━━━━━━━━━━ 3s 2ms/step - accuracy: 0.8221 - loss:
//   0.5002
// redrawn in place (at most every 0.1 s) when the output is a terminal,
// printed once at the end of the epoch otherwise (or with verbose 2).
#ifndef KILN_FRONTEND_KERAS_PROGRESS_H_
#define KILN_FRONTEND_KERAS_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "frontend/keras/callback.h"

namespace kiln {
namespace keras {

class ProgressBar {
 public:
  ProgressBar(std::FILE* out, int64_t steps, int verbose);
  void Update(int64_t step, const Logs& logs);
  void Finish(const Logs& logs);

  // The line for `step` of `steps` after `seconds` (no newline).
  static std::string Line(int64_t step, int64_t steps, double seconds,
                          const Logs& logs, bool bar);

 private:
  std::FILE* out_;
  int64_t steps_;
  int64_t last_step_ = 0;  // the latest Update's
  int verbose_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_PROGRESS_H_
