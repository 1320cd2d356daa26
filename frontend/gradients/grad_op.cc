// GradOp and the lookups of nodes by name it needs.
#include "frontend/gradients/grad_op.h"

#include "frontend/internal/graph.h"
#include "runtime/graph/op_spec.h"

namespace kiln {

Operation OperationAt(const internal::Graph& graph, int index) {
  const tensorflow::NodeDef& node = graph.graph_def().node(index);
  return Operation(node.name(), node.op(), graph.output_types(index), &graph);
}

std::optional<Output> ResolveInput(const internal::Graph& graph,
                                   const std::string& input) {
  if (input.empty() || input[0] == '^') return std::nullopt;
  std::string name = input;
  int index = 0;
  const size_t colon = input.rfind(':');
  if (colon != std::string::npos) {
    name = input.substr(0, colon);
    index = std::stoi(input.substr(colon + 1));
  }
  const int node = graph.FindNodeIndex(name);
  if (node < 0) return std::nullopt;
  Output out(OperationAt(graph, node), index);
  if (!out.valid()) return std::nullopt;
  return out;
}

GradOp::GradOp(Operation op, const tensorflow::NodeDef* node, OutputList inputs)
    : op_(std::move(op)),
      node_(node),
      inputs_(std::move(inputs)),
      attrs_(*node, FindOpSpec(node->op())) {}

StatusOr<GradOp> GradOp::Of(const Operation& op) {
  const internal::Graph* graph = op.graph();
  const tensorflow::NodeDef* node =
      graph ? graph->FindNode(op.name()) : nullptr;
  if (node == nullptr) {
    return InvalidArgument("node '" + op.name() + "' is not in its graph");
  }
  OutputList inputs;
  for (const std::string& input : node->input()) {
    if (!input.empty() && input[0] == '^') continue;
    std::optional<Output> resolved = ResolveInput(*graph, input);
    if (!resolved) {
      return InvalidArgument("node '" + op.name() + "' reads '" + input +
                             "', which the graph lacks");
    }
    inputs.push_back(*resolved);
  }
  return GradOp(op, node, std::move(inputs));
}

bool GradOp::GetBool(const std::string& name) const {
  return attrs_.GetBool(name).value_or(false);
}

float GradOp::GetFloat(const std::string& name) const {
  return attrs_.GetFloat(name).value_or(0.0f);
}

int64_t GradOp::GetInt(const std::string& name) const {
  return attrs_.GetInt(name).value_or(0);
}

std::string GradOp::GetString(const std::string& name) const {
  return attrs_.GetString(name).value_or("");
}

std::vector<int64_t> GradOp::GetIntList(const std::string& name) const {
  return attrs_.GetIntList(name).value_or(std::vector<int64_t>{});
}

}  // namespace kiln
