// Timing helpers the benchmarks share: medians, and two things timed in
// alternation (so a shared machine's load affects both alike).
#ifndef KILN_BENCH_INTERLEAVED_H_
#define KILN_BENCH_INTERLEAVED_H_

#include <algorithm>
#include <chrono>
#include <functional>
#include <utility>
#include <vector>

namespace kiln::bench {

inline double Median(std::vector<double> t) {
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Medians (seconds) of a and b over `runs` alternations after 10 warm-ups.
inline std::pair<double, double> Interleaved(const std::function<void()>& a,
                                             const std::function<void()>& b,
                                             int runs) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> ta, tb;
  for (int i = 0; i < runs + 10; ++i) {
    for (int which = 0; which < 2; ++which) {
      const auto start = Clock::now();
      (which == 0 ? a : b)();
      const double s =
          std::chrono::duration<double>(Clock::now() - start).count();
      if (i >= 10) (which == 0 ? ta : tb).push_back(s);
    }
  }
  return {Median(ta), Median(tb)};
}

}  // namespace kiln::bench

#endif  // KILN_BENCH_INTERLEAVED_H_
