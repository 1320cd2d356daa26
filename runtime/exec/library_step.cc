// RunLibraryStep: a LIBRARY step, one op run by runtime/cpu's library
// kernels (oneDNN): Conv2D, its backprops and the pools in float32. Other
// dtypes (and problems oneDNN declines) take the reference kernel.
#include "runtime/cpu/onednn_window.h"
#include "runtime/exec/internal/prepared_plan.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"

namespace kiln {
namespace exec_internal {

Status RunLibraryStep(const PreparedStep& step, RunContext& ctx) {
  const tensorflow::NodeDef& node = step.step->node();
  if (!cpu::IsWindowOp(node.op())) {
    return Unimplemented("no library kernel for '" + node.op() + "'");
  }
  std::vector<Tensor>& values = ctx.arena->values;
  std::vector<Tensor> inputs;
  inputs.reserve(step.inputs.size());
  for (int v : step.inputs) inputs.push_back(values[v]);
  const int out = step.outputs[0];
  NodeAttrSource attrs(node, FindOpSpec(node.op()));
  StatusOr<Tensor> y = cpu::RunWindowOp(
      node.op(), attrs, inputs, [&](const TensorShape& shape) {
        return AllocateValue(ctx, out, tensorflow::DT_FLOAT, shape);
      });
  if (y.status().code() == StatusCode::kUnimplemented) {
    return RunReferenceStep(step, ctx);
  }
  KILN_RETURN_IF_ERROR(y.status());
  values[out] = std::move(*y);
  return OkStatus();
}

}  // namespace exec_internal
}  // namespace kiln
