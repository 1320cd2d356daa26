// VAR_HANDLE, READ_VARIABLE and ASSIGN_VARIABLE: resource variables through
// the run's VariableTransaction (reads see the run's own earlier writes;
// nothing is published unless the whole run succeeds). A variable lives
// where its last write was made: steps on the GPU read and write device
// values (a host value read there is uploaded and, when the run commits,
// moved there); host steps download a device value.
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

// The variable's value on the step's side of the bus.
StatusOr<Tensor> ReadOnSide(const PreparedStep& step, const std::string& name,
                            RunContext& ctx) {
  KILN_ASSIGN_OR_RETURN(Tensor value, ctx.variables->Read(name));
  if (value.on_device() == step.on_device) return value;
  if (!step.on_device) return DownloadFromGpu(value);
  KILN_ASSIGN_OR_RETURN(Tensor uploaded, UploadToGpu(ctx.gpu, value));
  ctx.variables->Move(name, value, uploaded);
  return uploaded;
}

// A copy nothing else writes (the input may live in the arena or a
// caller's feed), where the step runs.
StatusOr<Tensor> CopyForAssign(const PreparedStep& step, const Tensor& value,
                               RunContext& ctx) {
  if (value.on_device() != step.on_device) {
    return Internal("ASSIGN_VARIABLE's value is on the other side of the bus");
  }
  if (step.on_device) return CopyOnGpu(ctx.gpu, value);
  return value.DeepCopy();
}

}  // namespace

Status RunVariableStep(const PreparedStep& step, RunContext& ctx) {
  switch (step.kind) {
    case PlanStep::VAR_HANDLE:
      ctx.arena->resources[step.outputs[0]] = &step.variable;
      return OkStatus();
    case PlanStep::READ_VARIABLE: {
      KILN_ASSIGN_OR_RETURN(const std::string* name, VariableOf(step, ctx));
      KILN_ASSIGN_OR_RETURN(Tensor value, ReadOnSide(step, *name, ctx));
      KILN_RETURN_IF_ERROR(CheckDtype(step, *name, value.dtype()));
      ctx.arena->values[step.outputs[0]] = std::move(value);
      return OkStatus();
    }
    case PlanStep::ASSIGN_VARIABLE: {
      KILN_ASSIGN_OR_RETURN(const std::string* name, VariableOf(step, ctx));
      const Tensor& value = ctx.arena->values[step.inputs[1]];
      KILN_RETURN_IF_ERROR(CheckDtype(step, *name, value.dtype()));
      KILN_ASSIGN_OR_RETURN(Tensor copy, CopyForAssign(step, value, ctx));
      return ctx.variables->Assign(*name, std::move(copy));
    }
    default:
      return Internal("not a variable step");
  }
}

}  // namespace exec_internal
}  // namespace kiln
