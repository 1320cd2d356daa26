#include "frontend/train/schedules.h"

#include <algorithm>
#include <cmath>

namespace kiln {
namespace schedules {

LearningRateSchedule ExponentialDecay(double initial, double decay_steps,
                                      double decay_rate, bool staircase) {
  return [=](int64_t step) {
    double p = step / decay_steps;
    if (staircase) p = std::floor(p);
    return initial * std::pow(decay_rate, p);
  };
}

LearningRateSchedule PiecewiseConstantDecay(std::vector<int64_t> boundaries,
                                            std::vector<double> values) {
  return [boundaries, values](int64_t step) {
    size_t i = 0;
    while (i < boundaries.size() && step > boundaries[i]) ++i;
    return values[std::min(i, values.size() - 1)];
  };
}

LearningRateSchedule CosineDecay(double initial, double decay_steps,
                                 double alpha) {
  return [=](int64_t step) {
    const double done = std::min<double>(step, decay_steps) / decay_steps;
    const double cosine = 0.5 * (1 + std::cos(M_PI * done));
    return initial * ((1 - alpha) * cosine + alpha);
  };
}

}  // namespace schedules
}  // namespace kiln
