// RunMatMulStep: a MATMUL step (MatMul/BatchMatMulV2 + bias + activation)
// through the runtime library's C entry that the plan names (kiln_rt_matmul,
// oneDNN underneath), the entry compiled code reaches too.
#include "runtime/abi/kiln_rt.h"
#include "runtime/cpu/onednn_matmul.h"
#include "runtime/exec/internal/prepared_plan.h"

namespace kiln {
namespace exec_internal {
namespace {

int MatMulFlags(const cpu::MatMulOptions& o) {
  return (o.transpose_a ? KILN_RT_MATMUL_TRANSPOSE_A : 0) |
         (o.transpose_b ? KILN_RT_MATMUL_TRANSPOSE_B : 0) |
         (o.batched ? KILN_RT_MATMUL_BATCHED : 0);
}

}  // namespace

StatusOr<MatMulCall> PrepareMatMulCall(const PreparedStep& step,
                                       RunContext& ctx) {
  KILN_RETURN_IF_ERROR(step.prepare_error);
  std::vector<Tensor>& values = ctx.arena->values;
  MatMulCall call;
  call.a = &values[step.inputs[0]];
  call.b = &values[step.inputs[1]];
  call.bias = step.inputs.size() > 2 ? &values[step.inputs[2]] : nullptr;
  KILN_ASSIGN_OR_RETURN(
      TensorShape shape,
      cpu::MatMulOutputShape(call.a->shape(), call.b->shape(), step.matmul));
  const int out = step.outputs[0];
  KILN_ASSIGN_OR_RETURN(values[out],
                        AllocateValue(ctx, out, call.a->dtype(), shape));
  call.y = &values[out];
  KILN_RETURN_IF_ERROR(cpu::CheckMatMulOperands(*call.a, *call.b, call.bias,
                                                step.matmul, *call.y));
  return call;
}

Status RunMatMulStep(const PreparedStep& step, RunContext& ctx) {
  KILN_ASSIGN_OR_RETURN(MatMulCall call, PrepareMatMulCall(step, ctx));
  const Tensor& a = *call.a;
  const Tensor& b = *call.b;
  const Tensor* bias = call.bias;
  Tensor& y = *call.y;
  const int rc =
      step.matmul_entry(a.dtype(), MatMulFlags(step.matmul),
                        static_cast<int>(step.matmul.activation), a.dims(),
                        a.shape().dim_sizes().data(), a.raw_data(), b.dims(),
                        b.shape().dim_sizes().data(), b.raw_data(),
                        bias ? bias->raw_data() : nullptr, y.raw_data());
  if (rc != 0) {
    return Unimplemented(
        "kiln_rt_matmul has no kernel for " + DataTypeName(a.dtype()) +
        " with activation " +
        std::to_string(static_cast<int>(step.matmul.activation)));
  }
  return OkStatus();
}

}  // namespace exec_internal
}  // namespace kiln
