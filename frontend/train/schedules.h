// Learning-rate schedules, as Keras': functions of the step number that the
// training loop evaluates on the host and writes into the optimizer's
// learning-rate variable before each step.
//
//   LearningRateSchedule lr = schedules::CosineDecay(0.1, 1000);
//   lr(500);  // 0.05
#ifndef KILN_FRONTEND_TRAIN_SCHEDULES_H_
#define KILN_FRONTEND_TRAIN_SCHEDULES_H_

#include <cstdint>
#include <functional>
#include <vector>

namespace kiln {

using LearningRateSchedule = std::function<double(int64_t step)>;

namespace schedules {

// initial * rate^(step / decay_steps) (the exponent floored with staircase).
LearningRateSchedule ExponentialDecay(double initial, double decay_steps,
                                      double decay_rate,
                                      bool staircase = false);
// values[i] while step <= boundaries[i] (values has one more entry).
LearningRateSchedule PiecewiseConstantDecay(std::vector<int64_t> boundaries,
                                            std::vector<double> values);
// initial * ((1 - alpha) * 0.5 (1 + cos(pi min(step, decay_steps) /
// decay_steps)) + alpha).
LearningRateSchedule CosineDecay(double initial, double decay_steps,
                                 double alpha = 0);

}  // namespace schedules
}  // namespace kiln

#endif  // KILN_FRONTEND_TRAIN_SCHEDULES_H_
