// VAR_HANDLE, READ_VARIABLE and ASSIGN_VARIABLE: resource variables through
// the run's VariableTransaction (reads see the run's own earlier writes;
// nothing is published unless the whole run succeeds).
#include "runtime/exec/internal/prepared_plan.h"

namespace kiln {
namespace exec_internal {
namespace {

StatusOr<const std::string*> VariableOf(const PreparedStep& step,
                                        RunContext& ctx) {
  if (ctx.variables == nullptr) {
    return FailedPrecondition("the plan uses variables but Run got no store");
  }
  const std::string* name = ctx.arena->resources[step.inputs[0]];
  if (name == nullptr) {
    return Internal("input 0 is not a variable handle");
  }
  return name;
}

Status CheckDtype(const PreparedStep& step, const std::string& variable,
                  DataType actual) {
  if (step.attr_dtype == tensorflow::DT_INVALID || step.attr_dtype == actual) {
    return OkStatus();
  }
  return InvalidArgument("variable '" + variable + "' holds " +
                         DataTypeName(actual) + " but the op expects " +
                         DataTypeName(step.attr_dtype));
}

}  // namespace

Status RunVariableStep(const PreparedStep& step, RunContext& ctx) {
  switch (step.kind) {
    case PlanStep::VAR_HANDLE:
      ctx.arena->resources[step.outputs[0]] = &step.variable;
      return OkStatus();
    case PlanStep::READ_VARIABLE: {
      KILN_ASSIGN_OR_RETURN(const std::string* name, VariableOf(step, ctx));
      KILN_ASSIGN_OR_RETURN(Tensor value, ctx.variables->Read(*name));
      KILN_RETURN_IF_ERROR(CheckDtype(step, *name, value.dtype()));
      ctx.arena->values[step.outputs[0]] = std::move(value);
      return OkStatus();
    }
    case PlanStep::ASSIGN_VARIABLE: {
      KILN_ASSIGN_OR_RETURN(const std::string* name, VariableOf(step, ctx));
      const Tensor& value = ctx.arena->values[step.inputs[1]];
      KILN_RETURN_IF_ERROR(CheckDtype(step, *name, value.dtype()));
      // A deep copy: the input may live in the arena or a caller's feed.
      KILN_ASSIGN_OR_RETURN(Tensor copy, value.DeepCopy());
      return ctx.variables->Assign(*name, std::move(copy));
    }
    default:
      return Internal("not a variable step");
  }
}

}  // namespace exec_internal
}  // namespace kiln
