// PreparePlan: flattens the plan's protos into the records Run walks.
#include "runtime/exec/internal/prepared_plan.h"

#include <utility>

#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"

namespace kiln {
namespace exec_internal {
namespace {

void PrepareKernel(const PlanStep& step, PreparedStep* out) {
  for (const PlanDims& dims : step.result_dims()) {
    std::vector<KernelDim>& result = out->result_dims.emplace_back();
    for (const PlanDim& d : dims.dims()) {
      result.push_back({d.constant(), d.arg(), d.dim()});
    }
  }
  out->split.assign(step.split().begin(), step.split().end());
  for (int i = 0; i < static_cast<int>(out->split.size()); ++i) {
    if (out->split[i]) {
      out->first_split = i;
      break;
    }
  }
  if (out->first_split < 0) out->split.clear();
}

void PrepareAttrs(const PlanStep& step, PreparedStep* out) {
  const tensorflow::NodeDef& node = step.node();
  NodeAttrSource attrs(node, FindOpSpec(node.op()));
  switch (step.kind()) {
    case PlanStep::MATMUL: {
      const PlanMatMul& m = step.matmul();
      out->matmul_entry = FindMatMulEntry(step.kernel());
      out->matmul.transpose_a = m.transpose_a();
      out->matmul.transpose_b = m.transpose_b();
      out->matmul.batched = m.batched();
      StatusOr<cpu::Activation> act = cpu::ParseActivation(m.activation());
      if (act.ok()) {
        out->matmul.activation = *act;
      } else {
        out->prepare_error = act.status();
      }
      break;
    }
    case PlanStep::READ_VARIABLE:
    case PlanStep::ASSIGN_VARIABLE:
      out->attr_dtype = attrs.GetType("dtype").value_or(tensorflow::DT_INVALID);
      break;
    case PlanStep::SHAPE:
      out->attr_dtype =
          attrs.GetType("out_type").value_or(tensorflow::DT_INT32);
      break;
    case PlanStep::VAR_HANDLE:
      out->variable = attrs.GetString("shared_name").value_or("");
      if (out->variable.empty()) out->variable = node.name();
      break;
    case PlanStep::ALIAS:
      if (node.op() == "Squeeze") {
        out->squeeze_dims =
            attrs.GetIntList("squeeze_dims").value_or(std::vector<int64_t>{});
      }
      break;
    default:
      break;
  }
}

}  // namespace

PreparedPlan PreparePlan(const Executable& executable) {
  const Plan& plan = executable.plan();
  PreparedPlan prepared;
  prepared.values.resize(plan.values_size());
  for (int v = 0; v < plan.values_size(); ++v) {
    const PlanValue& pv = plan.values(v);
    ValueInfo& info = prepared.values[v];
    info.dtype = pv.dtype();
    info.slot = pv.slot();
    info.on_device = pv.on_device();
    info.unknown_rank = pv.shape().unknown_rank();
    for (const auto& d : pv.shape().dim()) info.dims.push_back(d.size());
    if (executable.constant(v) != nullptr) prepared.constants.push_back(v);
  }
  std::vector<int> alias_source(plan.values_size(), -1);
  for (int i = 0; i < plan.steps_size(); ++i) {
    const PlanStep& step = plan.steps(i);
    PreparedStep& out = prepared.steps.emplace_back();
    out.kind = step.kind();
    out.on_device = step.on_device();
    out.step = &step;
    out.error_prefix = "node '" + step.node().name() + "'";
    if (!step.node().op().empty()) {
      out.error_prefix += " (" + step.node().op() + ")";
    }
    out.inputs.assign(step.inputs().begin(), step.inputs().end());
    out.outputs.assign(step.outputs().begin(), step.outputs().end());
    out.kernel = executable.kernel(i);
    if (out.kind == PlanStep::REFERENCE) {
      out.runs = std::make_shared<std::atomic<uint64_t>>(0);
    }
    if (step.kind() == PlanStep::KERNEL) PrepareKernel(step, &out);
    const std::string& op = step.node().op();
    if (step.kind() == PlanStep::LIBRARY && step.inputs_size() >= 2 &&
        (op == "Conv2D" || op == "DepthwiseConv2dNative") &&
        executable.constant(step.inputs(1)) != nullptr) {
      out.packed_filters = std::make_shared<cpu::PackedFilters>();
    }
    PrepareAttrs(step, &out);
    if (step.kind() == PlanStep::ALIAS)
      alias_source[out.outputs[0]] = out.inputs[0];
  }
  prepared.uses_gpu = !plan.gpu_chip().empty();
  for (const PlanFeed& f : plan.feeds()) prepared.feeds.push_back(f.value());
  for (const PlanFetch& f : plan.fetches()) {
    prepared.fetches.push_back(f.value());
    bool in_arena = false;
    // Bounded walk: a malformed plan could make the alias chain a cycle.
    int v = f.value();
    for (int n = 0; v >= 0 && !in_arena && n <= plan.values_size(); ++n) {
      in_arena = prepared.values[v].slot >= 0;
      v = alias_source[v];
    }
    prepared.fetch_needs_copy.push_back(in_arena);
  }
  return prepared;
}

StatusOr<Tensor> AllocateValue(RunContext& ctx, int value, DataType dtype,
                               const TensorShape& shape) {
  const ValueInfo& info = ctx.plan->values[value];
  Allocator* allocator = DefaultCpuAllocator();
  if (info.on_device) {
    if (ctx.gpu == nullptr) return Internal("a device value without a GPU");
    allocator = GpuTensorAllocator(ctx.gpu);
  }
  if (info.slot >= 0)
    return ctx.arena->Take(info.slot, dtype, shape, allocator);
  return Tensor::Allocate(dtype, shape, allocator);
}

}  // namespace exec_internal
}  // namespace kiln
