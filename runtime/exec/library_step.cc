// RunLibraryStep: a LIBRARY step, one op run by runtime/cpu's library
// kernels (oneDNN): Conv2D (with a fused bias and activation when the plan
// says so), its backprops and the pools in float32, in the blocked layouts
// the plan chose. Other dtypes (and problems oneDNN declines) take the
// reference kernel, except with blocked layouts, which only oneDNN reads.
#include "runtime/abi/library_entries.h"
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
  auto allocate = [&](const TensorShape& shape) {
    return AllocateValue(ctx, out, tensorflow::DT_FLOAT, shape);
  };
  cpu::WindowLayouts layouts;
  if (auto in = node.attr().find(kBlockedInputChannelsAttr);
      in != node.attr().end()) {
    layouts.blocked_in_channels = in->second.i();
  }
  if (auto out = node.attr().find(kBlockedOutputAttr);
      out != node.attr().end()) {
    layouts.blocked_out = out->second.b();
  }
  auto activation = node.attr().find(kFusedActivationAttr);
  const bool fused = node.op() == "Conv2D" &&
                     (inputs.size() == 3 || activation != node.attr().end());
  if (fused) {
    KILN_ASSIGN_OR_RETURN(cpu::Activation act,
                          cpu::ParseActivation(activation != node.attr().end()
                                                   ? activation->second.s()
                                                   : std::string()));
    KILN_ASSIGN_OR_RETURN(
        values[out],
        cpu::RunFusedConv2D(attrs, inputs[0], inputs[1],
                            inputs.size() == 3 ? &inputs[2] : nullptr, act,
                            allocate, layouts, step.packed_filters.get()));
    return OkStatus();
  }
  StatusOr<Tensor> y = cpu::RunWindowOp(node.op(), attrs, inputs, allocate,
                                        layouts, step.packed_filters.get());
  if (y.status().code() == StatusCode::kUnimplemented && !layouts.any()) {
    return RunReferenceStep(step, ctx);
  }
  KILN_RETURN_IF_ERROR(y.status());
  values[out] = std::move(*y);
  return OkStatus();
}

}  // namespace exec_internal
}  // namespace kiln
