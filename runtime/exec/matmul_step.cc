// RunMatMulStep: a MATMUL step (MatMul/BatchMatMulV2 + bias + activation) on
// runtime/cpu's oneDNN glue.
#include "runtime/cpu/onednn_matmul.h"
#include "runtime/exec/internal/prepared_plan.h"

namespace kiln {
namespace exec_internal {

Status RunMatMulStep(const PreparedStep& step, RunContext& ctx) {
  KILN_RETURN_IF_ERROR(step.prepare_error);
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& a = values[step.inputs[0]];
  const Tensor& b = values[step.inputs[1]];
  const Tensor* bias =
      step.inputs.size() > 2 ? &values[step.inputs[2]] : nullptr;
  KILN_ASSIGN_OR_RETURN(
      TensorShape shape,
      cpu::MatMulOutputShape(a.shape(), b.shape(), step.matmul));
  const int out = step.outputs[0];
  KILN_ASSIGN_OR_RETURN(values[out], AllocateValue(ctx, out, a.dtype(), shape));
  return cpu::MatMul(a, b, bias, step.matmul, &values[out]);
}

}  // namespace exec_internal
}  // namespace kiln
