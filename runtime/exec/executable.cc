// Executable::Create: checks a call plan once, so the Executor's hot path can
// trust every value number and arity it reads.
#include "runtime/exec/executable.h"

#include <string>
#include <utility>

#include "runtime/abi/library_entries.h"

namespace kiln {
namespace {

std::string StepName(int index, const PlanStep& step) {
  return "step " + std::to_string(index) + " (node '" + step.node().name() +
         "', " + PlanStep::Kind_Name(step.kind()) + ")";
}

// The inputs/outputs each kind takes; max -1 means "no upper bound".
struct Arity {
  int min_inputs, max_inputs, min_outputs, max_outputs;
};

Arity ArityOf(const PlanStep& step) {
  switch (step.kind()) {
    case PlanStep::MATMUL:
      return step.matmul().has_bias() ? Arity{3, 3, 1, 1} : Arity{2, 2, 1, 1};
    case PlanStep::ALIAS:
      return {1, -1, 1, 1};
    case PlanStep::READ_VARIABLE:
    case PlanStep::SHAPE:
    case PlanStep::COPY_TO_DEVICE:
    case PlanStep::COPY_TO_HOST:
      return {1, 1, 1, 1};
    case PlanStep::ASSIGN_VARIABLE:
      return {2, 2, 0, 0};
    case PlanStep::VAR_HANDLE:
      return {0, 0, 1, 1};
    case PlanStep::KERNEL:
      return {0, -1, 1, -1};
    case PlanStep::LIBRARY:
      return {1, -1, 1, 1};
    case PlanStep::REFERENCE:
    default:
      return {0, -1, 0, -1};
  }
}

bool InRange(int count, int min, int max) {
  return count >= min && (max < 0 || count <= max);
}

Status CheckStep(const Plan& plan, int index, const PlanStep& step) {
  const int num_values = plan.values_size();
  const std::string name = StepName(index, step);
  if (!PlanStep::Kind_IsValid(step.kind())) {
    return InvalidArgument(name + ": unknown step kind");
  }
  for (int v : step.inputs()) {
    if (v < 0 || v >= num_values) {
      return InvalidArgument(name + ": input value " + std::to_string(v) +
                             " out of range [0, " + std::to_string(num_values) +
                             ")");
    }
  }
  for (int v : step.outputs()) {
    if (v < 0 || v >= num_values) {
      return InvalidArgument(name + ": output value " + std::to_string(v) +
                             " out of range [0, " + std::to_string(num_values) +
                             ")");
    }
  }
  const bool gpu_kind =
      step.kind() == PlanStep::KERNEL || step.kind() == PlanStep::MATMUL ||
      step.kind() == PlanStep::ALIAS || step.kind() == PlanStep::LIBRARY ||
      step.kind() == PlanStep::COPY_TO_DEVICE ||
      step.kind() == PlanStep::COPY_TO_HOST ||
      step.kind() == PlanStep::READ_VARIABLE ||
      step.kind() == PlanStep::ASSIGN_VARIABLE;
  if (step.on_device() && (!gpu_kind || plan.gpu_chip().empty())) {
    return InvalidArgument(name + ": cannot run on the GPU" +
                           (plan.gpu_chip().empty()
                                ? std::string(" (the plan names no GPU chip)")
                                : std::string()));
  }
  if (!step.on_device() && (step.kind() == PlanStep::COPY_TO_DEVICE ||
                            step.kind() == PlanStep::COPY_TO_HOST)) {
    return InvalidArgument(name + ": a copy step must be on the GPU");
  }
  const Arity a = ArityOf(step);
  if (!InRange(step.inputs_size(), a.min_inputs, a.max_inputs) ||
      !InRange(step.outputs_size(), a.min_outputs, a.max_outputs)) {
    return InvalidArgument(name + ": wrong arity (" +
                           std::to_string(step.inputs_size()) + " inputs, " +
                           std::to_string(step.outputs_size()) + " outputs)");
  }
  if (step.kind() != PlanStep::KERNEL) return OkStatus();
  if (step.result_dims_size() != step.outputs_size()) {
    return InvalidArgument(
        name + ": " + std::to_string(step.result_dims_size()) +
        " result_dims for " + std::to_string(step.outputs_size()) + " outputs");
  }
  const int num_args = step.inputs_size() + step.outputs_size();
  if (step.split_size() != 0 && step.split_size() != num_args) {
    return InvalidArgument(name + ": split has " +
                           std::to_string(step.split_size()) + " entries for " +
                           std::to_string(num_args) + " arguments");
  }
  for (const PlanDims& dims : step.result_dims()) {
    for (const PlanDim& d : dims.dims()) {
      if (d.arg() >= step.inputs_size() || (d.arg() >= 0 && d.dim() < 0) ||
          (d.arg() < 0 && d.constant() < 0)) {
        return InvalidArgument(name + ": bad result dim (arg " +
                               std::to_string(d.arg()) + ", dim " +
                               std::to_string(d.dim()) + ")");
      }
    }
  }
  for (const PlanDimEquality& e : step.dim_equalities()) {
    if (e.arg_a() < 0 || e.arg_a() >= num_args || e.arg_b() >= num_args ||
        e.dim_a() < 0 || e.dim_b() < 0) {
      return InvalidArgument(name + ": bad dim equality");
    }
  }
  return OkStatus();
}

}  // namespace

StatusOr<std::shared_ptr<const Executable>> Executable::Create(
    Plan plan, const KernelResolver& resolve,
    std::shared_ptr<const void> code_owner) {
  const int num_values = plan.values_size();
  for (int i = 0; i < num_values; ++i) {
    if (plan.values(i).slot() >= plan.num_slots() ||
        plan.values(i).slot() < -1) {
      return InvalidArgument(
          "value " + std::to_string(i) + " ('" + plan.values(i).name() +
          "'): slot " + std::to_string(plan.values(i).slot()) +
          " out of range (num_slots " + std::to_string(plan.num_slots()) + ")");
    }
  }
  std::shared_ptr<Executable> exe(new Executable());
  exe->kernels_.assign(plan.steps_size(), nullptr);
  for (int i = 0; i < plan.steps_size(); ++i) {
    const PlanStep& step = plan.steps(i);
    KILN_RETURN_IF_ERROR(CheckStep(plan, i, step));
    if (step.kind() == PlanStep::MATMUL &&
        FindMatMulEntry(step.kernel()) == nullptr) {
      return InvalidArgument(StepName(i, step) + ": library entry '" +
                             step.kernel() +
                             "' not found (MATMUL steps name '" +
                             std::string(kMatMulEntrySymbol) + "')");
    }
    if (step.kind() != PlanStep::KERNEL) continue;
    KernelEntry entry = resolve ? resolve(step.kernel()) : nullptr;
    if (entry == nullptr) {
      return InvalidArgument(StepName(i, step) + ": kernel symbol '" +
                             step.kernel() + "' not found");
    }
    exe->kernels_[i] = entry;
  }
  exe->constant_index_.assign(num_values, -1);
  for (const PlanConstant& c : plan.constants()) {
    if (c.value() < 0 || c.value() >= num_values) {
      return InvalidArgument("constant for value " + std::to_string(c.value()) +
                             " out of range");
    }
    StatusOr<Tensor> t = Tensor::FromProto(c.tensor());
    if (!t.ok()) {
      return t.status().WithPrefix("constant '" +
                                   plan.values(c.value()).name() + "'");
    }
    exe->constant_index_[c.value()] = static_cast<int>(exe->constants_.size());
    exe->constants_.push_back(std::move(t).value());
  }
  // Every value a step reads comes from a feed, a constant or an earlier
  // step; feeds and constants are never overwritten.
  std::vector<bool> defined(num_values, false), external(num_values, false);
  for (const PlanConstant& c : plan.constants()) {
    defined[c.value()] = external[c.value()] = true;
  }
  for (const PlanFeed& f : plan.feeds()) {
    if (f.value() < 0 || f.value() >= num_values) {
      return InvalidArgument("feed '" + f.name() + "': value " +
                             std::to_string(f.value()) + " out of range");
    }
    defined[f.value()] = external[f.value()] = true;
  }
  for (int i = 0; i < plan.steps_size(); ++i) {
    const PlanStep& step = plan.steps(i);
    for (int v : step.inputs()) {
      if (!defined[v]) {
        return InvalidArgument(
            StepName(i, step) + ": reads value " + std::to_string(v) + " ('" +
            plan.values(v).name() + "') before any step produces it");
      }
    }
    for (int v : step.outputs()) {
      if (external[v]) {
        return InvalidArgument(
            StepName(i, step) + ": writes value " + std::to_string(v) + " ('" +
            plan.values(v).name() + "'), a feed or constant");
      }
      defined[v] = true;
    }
  }
  for (const PlanFetch& f : plan.fetches()) {
    if (f.value() < 0 || f.value() >= num_values) {
      return InvalidArgument("fetch '" + f.name() + "': value " +
                             std::to_string(f.value()) + " out of range");
    }
  }
  exe->plan_ = std::move(plan);
  exe->code_owner_ = std::move(code_owner);
  return std::shared_ptr<const Executable>(std::move(exe));
}

const Tensor* Executable::constant(int value) const {
  if (value < 0 || value >= static_cast<int>(constant_index_.size())) {
    return nullptr;
  }
  const int index = constant_index_[value];
  return index < 0 ? nullptr : &constants_[index];
}

}  // namespace kiln
