//===- AssignSlots.cpp - Arena slots by liveness --------------------------===//
#include "compiler/Plan/AssignSlots.h"

#include <algorithm>
#include <vector>

namespace kiln::compiler {
namespace {

constexpr int kForever = 1 << 30;

struct Liveness {
  std::vector<int> root;     // the value whose buffer a value uses
  std::vector<int> lastUse;  // per root: last step reading it or an alias
  std::vector<bool> outside; // per root: not in the arena
};

Liveness analyze(const Plan &plan) {
  int n = plan.values_size();
  Liveness live{std::vector<int>(n), std::vector<int>(n, -1),
                std::vector<bool>(n, false)};
  for (int v = 0; v < n; ++v)
    live.root[v] = v;
  for (const PlanFeed &feed : plan.feeds())
    live.outside[feed.value()] = true;
  for (const PlanConstant &constant : plan.constants())
    live.outside[constant.value()] = true;
  for (const PlanStep &step : plan.steps()) {
    bool aliasing = step.kind() == PlanStep::ALIAS;
    for (int out : step.outputs()) {
      if (aliasing)
        live.root[out] = live.root[step.inputs(0)];
      else if (step.kind() == PlanStep::READ_VARIABLE ||
               step.kind() == PlanStep::VAR_HANDLE)
        live.outside[out] = true;
    }
  }
  for (int s = 0; s < plan.steps_size(); ++s)
    for (int in : plan.steps(s).inputs())
      live.lastUse[live.root[in]] = std::max(live.lastUse[live.root[in]], s);
  for (const PlanFetch &fetch : plan.fetches()) {
    live.outside[live.root[fetch.value()]] = true;
    live.lastUse[live.root[fetch.value()]] = kForever;
  }
  return live;
}

} // namespace

void assignSlots(Plan &plan) {
  Liveness live = analyze(plan);
  // Host and device buffers never share a slot: one free list for each.
  std::vector<int> freeSlots[2];
  int numSlots = 0;
  for (PlanValue &value : *plan.mutable_values())
    value.set_slot(-1);
  // Roots whose slot can be released after each step.
  std::vector<std::vector<int>> releaseAfter(plan.steps_size());
  for (int s = 0; s < plan.steps_size(); ++s) {
    const PlanStep &step = plan.steps(s);
    for (int out : step.outputs()) {
      if (live.root[out] != out || live.outside[out])
        continue;
      std::vector<int> &free = freeSlots[plan.values(out).on_device()];
      int slot;
      if (free.empty()) {
        slot = numSlots++;
      } else {
        slot = free.back();
        free.pop_back();
      }
      plan.mutable_values(out)->set_slot(slot);
      releaseAfter[std::max(live.lastUse[out], s)].push_back(out);
    }
    for (int root : releaseAfter[s])
      freeSlots[plan.values(root).on_device()].push_back(
          plan.values(root).slot());
  }
  plan.set_num_slots(numSlots);
}

} // namespace kiln::compiler
