// RunReferenceStep: an op the compiler left to runtime/reference's plain
// kernels (rare ops, or dtypes the code generator does not cover).
#include "runtime/exec/internal/prepared_plan.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"
#include "runtime/reference/evaluate.h"

namespace kiln {
namespace exec_internal {

Status RunReferenceStep(const PreparedStep& step, RunContext& ctx) {
  const tensorflow::NodeDef& node = step.step->node();
  const OpSpec* spec = FindOpSpec(node.op());
  if (spec == nullptr) return Unimplemented("unknown op '" + node.op() + "'");
  std::vector<Tensor>& values = ctx.arena->values;
  std::vector<Tensor> inputs;
  inputs.reserve(step.inputs.size());
  for (int v : step.inputs) inputs.push_back(values[v]);
  // Built per call: NodeAttrSource caches defaults lazily, so one shared
  // instance would race between concurrent runs.
  NodeAttrSource attrs(node, spec);
  ReferenceOptions options;
  if (step.runs) options.random_stream = step.runs->fetch_add(1);
  KILN_ASSIGN_OR_RETURN(std::vector<Tensor> outputs,
                        EvaluateReference(*spec, inputs, attrs, options));
  if (outputs.size() < step.outputs.size()) {
    return Internal("reference kernel returned " +
                    std::to_string(outputs.size()) + " outputs, the plan has " +
                    std::to_string(step.outputs.size()));
  }
  for (size_t i = 0; i < step.outputs.size(); ++i) {
    values[step.outputs[i]] = std::move(outputs[i]);
  }
  return OkStatus();
}

}  // namespace exec_internal
}  // namespace kiln
