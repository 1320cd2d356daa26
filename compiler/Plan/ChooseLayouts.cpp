//===- ChooseLayouts.cpp - Blocked layouts between library steps ----------===//

#include "compiler/Plan/ChooseLayouts.h"

#include <set>
#include <vector>

#include "runtime/abi/library_entries.h"

namespace kiln::compiler {
namespace {

namespace tf = tensorflow;

// A reader of a value: step `step` takes it as input `position`.
struct Use {
  int step, position;
};

// Float32 [n, h, w, c] with c known (the other dims may vary by run).
bool floatWithChannels(const kiln::PlanValue &value) {
  return value.dtype() == tf::DT_FLOAT && !value.shape().unknown_rank() &&
         value.shape().dim_size() == 4 && value.shape().dim(3).size() > 0;
}

// A forward LIBRARY step that can read and write blocked activations.
bool takesBlocked(const kiln::Plan &plan, const kiln::PlanStep &step) {
  if (step.kind() != kiln::PlanStep::LIBRARY || step.outputs_size() != 1 ||
      step.inputs_size() < 1)
    return false;
  const tf::NodeDef &node = step.node();
  const std::string &op = node.op();
  if (op != "Conv2D" && op != "MaxPool" && op != "AvgPool")
    return false;
  auto format = node.attr().find("data_format");
  if (format != node.attr().end() && format->second.s() != "NHWC")
    return false;
  const kiln::PlanValue &x = plan.values(step.inputs(0));
  if (!floatWithChannels(x) || !floatWithChannels(plan.values(step.outputs(0))))
    return false;
  if (op != "Conv2D")
    return true;
  // No groups: the filter's input depth is x's.
  const kiln::PlanValue &filter = plan.values(step.inputs(1));
  return filter.shape().dim_size() == 4 &&
         filter.shape().dim(2).size() == x.shape().dim(3).size();
}

} // namespace

int chooseLibraryLayouts(kiln::Plan &plan) {
  std::vector<std::vector<Use>> uses(plan.values_size());
  for (int s = 0; s < plan.steps_size(); ++s)
    for (int k = 0; k < plan.steps(s).inputs_size(); ++k)
      uses[plan.steps(s).inputs(k)].push_back({s, k});
  std::set<int> fetched;
  for (const kiln::PlanFetch &fetch : plan.fetches())
    fetched.insert(fetch.value());
  int blocked = 0;
  for (int s = 0; s < plan.steps_size(); ++s) {
    if (!takesBlocked(plan, plan.steps(s)))
      continue;
    const int value = plan.steps(s).outputs(0);
    const std::vector<Use> &readers = uses[value];
    bool ok = !readers.empty() && !fetched.count(value) &&
              !plan.values(value).is_alias();
    for (const Use &use : readers)
      ok = ok && use.position == 0 && takesBlocked(plan, plan.steps(use.step));
    if (!ok)
      continue;
    (*plan.mutable_steps(s)
          ->mutable_node()
          ->mutable_attr())[kiln::kBlockedOutputAttr]
        .set_b(true);
    const int64_t channels = plan.values(value).shape().dim(3).size();
    for (const Use &use : readers)
      (*plan.mutable_steps(use.step)
            ->mutable_node()
            ->mutable_attr())[kiln::kBlockedInputChannelsAttr]
          .set_i(channels);
    ++blocked;
  }
  return blocked;
}

} // namespace kiln::compiler
