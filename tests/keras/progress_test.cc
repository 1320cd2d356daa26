// The progress line: step counter, bar, ETA or total time, per-step time,
// and the logs in name order.
#include "frontend/keras/progress.h"

#include <catch2/catch.hpp>
#include <cstdio>

namespace kiln {
namespace keras {
namespace {

TEST_CASE("the progress line reads as Keras'", "[progress]") {
  const Logs logs = {{"loss", 0.50021}, {"accuracy", 0.82211}};
  const std::string mid = ProgressBar::Line(430, 1719, 0.5, logs, true);
  // 430 of 1719 steps: 5 of the bar's 20 cells done.
  const std::string done = "\u2501\u2501\u2501\u2501\u2501\u2500";
  CHECK(mid.rfind(" 430/1719 " + done, 0) == 0);
  CHECK_THAT(mid,
             Catch::Contains("1ms/step - accuracy: 0.8221 - loss: 0.5002"));
  const std::string end = ProgressBar::Line(1719, 1719, 3.2, logs, false);
  CHECK(end == "1719/1719 3s 2ms/step - accuracy: 0.8221 - loss: 0.5002");
  // A dataset's length is not known ahead.
  CHECK(ProgressBar::Line(12, 0, 0.5, {}, true).rfind("12/Unknown ", 0) == 0);
}

TEST_CASE("without a terminal, one line per epoch", "[progress]") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  ProgressBar bar(f, 10, 1);
  for (int i = 1; i <= 10; ++i) bar.Update(i, {{"loss", 1.0 / i}});
  bar.Finish({{"loss", 0.1}});
  std::rewind(f);
  char buf[512] = {};
  const size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
  std::fclose(f);
  const std::string text(buf, n);
  CHECK(std::count(text.begin(), text.end(), '\n') == 1);
  CHECK(text.find('\r') == std::string::npos);
  CHECK_THAT(text, Catch::Contains("10/10"));
  CHECK_THAT(text, Catch::Contains("loss: 0.1000"));
}

}  // namespace
}  // namespace keras
}  // namespace kiln
