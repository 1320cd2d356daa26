// StepProfile: where an Executor's runs spend their time, step by step
// (TensorFlow's RunMetadata step stats). With a profile set, each step's
// wall time is added to its entry; a GPU step is timed to the end of its
// device work, so the stream is synchronized after each one, which makes
// the run itself slower: a tool to find the expensive steps, not to time
// runs.
//
//   kiln::StepProfile profile;
//   executor.set_profile(&profile);
//   ... runs ...
//   for (const kiln::StepTime& t : profile.Sorted()) ...
#ifndef KILN_RUNTIME_EXEC_STEP_PROFILE_H_
#define KILN_RUNTIME_EXEC_STEP_PROFILE_H_

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace kiln {

struct StepTime {
  std::string node, op;  // op: the node's op, or the step kind's name
  bool on_device = false;
  double seconds = 0;  // summed over `runs`
  int64_t runs = 0;
};

class StepProfile {
 public:
  // Adds `seconds` to step `index` (of `steps` in the plan).
  void Add(size_t index, size_t steps, const std::string& node,
           const std::string& op, bool on_device, double seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    if (times_.size() < steps) times_.resize(steps);
    StepTime& t = times_[index];
    if (t.runs == 0) {
      t.node = node;
      t.op = op;
      t.on_device = on_device;
    }
    t.seconds += seconds;
    ++t.runs;
  }

  // The steps that ran, the most time first.
  std::vector<StepTime> Sorted() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<StepTime> out;
    for (const StepTime& t : times_)
      if (t.runs > 0) out.push_back(t);
    std::sort(out.begin(), out.end(), [](const StepTime& a, const StepTime& b) {
      return a.seconds > b.seconds;
    });
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<StepTime> times_;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_STEP_PROFILE_H_
