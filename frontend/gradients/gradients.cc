// Gradients: reverse-mode differentiation over the graph being built. Nodes
// are visited from the last to the first (creation order is topological),
// restricted to those on a path from an x to a y; each node's output
// gradients are summed, handed to its gradient function, and the results
// queued on its inputs.
#include "frontend/gradients/gradients.h"

#include <map>
#include <utility>

#include "frontend/gradients/grad_helpers.h"
#include "frontend/gradients/registry.h"
#include "frontend/internal/graph.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace {

using Key = std::pair<int, int>;  // node index, output index

class Backprop {
 public:
  Backprop(const Scope& scope, const internal::Graph& graph,
           const GradientsOptions& options)
      : scope_(scope.NewSubScope("gradients")),
        graph_(graph),
        options_(options),
        num_nodes_(graph.graph_def().node_size()) {}

  Status Run(const OutputList& ys, const OutputList& xs, OutputList* grads);

 private:
  Status Check(const OutputList& ys, const OutputList& xs) const;
  void FindInputs();
  std::vector<bool> Relevant(const OutputList& ys, const OutputList& xs) const;
  Status Seed(const OutputList& ys);
  Output SumPending(const Scope& s, const Key& key);
  Status Visit(int node, const std::map<Key, std::vector<int>>& x_at,
               OutputList* grads);

  Scope scope_;
  const internal::Graph& graph_;
  const GradientsOptions& options_;
  int num_nodes_;
  std::vector<std::vector<int>> input_nodes_;  // data inputs, per node
  std::vector<bool> relevant_;
  std::map<Key, OutputList> pending_;
};

int NodeIndex(const internal::Graph& graph, const Output& t) {
  return graph.FindNodeIndex(t.node_name());
}

Status Backprop::Check(const OutputList& ys, const OutputList& xs) const {
  for (const OutputList* list : {&ys, &xs}) {
    for (const Output& t : *list) {
      if (!t.valid() || t.op().graph() != &graph_ || NodeIndex(graph_, t) < 0) {
        return InvalidArgument("Gradients: tensor '" +
                               (t.valid() ? t.name() : "<invalid>") +
                               "' is not an output of this scope's graph");
      }
    }
  }
  if (!options_.grad_ys.empty() && options_.grad_ys.size() != ys.size()) {
    return InvalidArgument(
        "Gradients: " + std::to_string(options_.grad_ys.size()) +
        " grad_ys for " + std::to_string(ys.size()) + " ys");
  }
  for (size_t i = 0; i < options_.grad_ys.size(); ++i) {
    const Output& g = options_.grad_ys[i];
    if (!g.valid() || g.dtype() != ys[i].dtype()) {
      return InvalidArgument("Gradients: grad_ys[" + std::to_string(i) +
                             "] must be a " + DataTypeName(ys[i].dtype()) +
                             " tensor like '" + ys[i].name() + "'");
    }
  }
  return OkStatus();
}

void Backprop::FindInputs() {
  input_nodes_.assign(num_nodes_, {});
  for (int i = 0; i < num_nodes_; ++i) {
    for (const std::string& input : graph_.graph_def().node(i).input()) {
      std::optional<Output> t = ResolveInput(graph_, input);
      if (t) input_nodes_[i].push_back(NodeIndex(graph_, *t));
    }
  }
}

// Nodes downstream of an x and upstream of a y (recorded, when a tape
// records).
std::vector<bool> Backprop::Relevant(const OutputList& ys,
                                     const OutputList& xs) const {
  std::vector<bool> from_x(num_nodes_, false), to_y(num_nodes_, false);
  for (const Output& x : xs) from_x[NodeIndex(graph_, x)] = true;
  for (int i = 0; i < num_nodes_; ++i) {
    for (int in : input_nodes_[i]) from_x[i] = from_x[i] || from_x[in];
  }
  for (const Output& y : ys) to_y[NodeIndex(graph_, y)] = true;
  for (int i = num_nodes_ - 1; i >= 0; --i) {
    if (!to_y[i]) continue;
    for (int in : input_nodes_[i]) to_y[in] = true;
  }
  std::vector<bool> relevant(num_nodes_);
  for (int i = 0; i < num_nodes_; ++i) relevant[i] = from_x[i] && to_y[i];
  return relevant;
}

Status Backprop::Seed(const OutputList& ys) {
  for (size_t i = 0; i < ys.size(); ++i) {
    Output g = options_.grad_ys.empty() ? ops::OnesLike(scope_, ys[i])
                                        : options_.grad_ys[i];
    pending_[{NodeIndex(graph_, ys[i]), ys[i].index()}].push_back(g);
  }
  return scope_.status();
}

Output Backprop::SumPending(const Scope& s, const Key& key) {
  auto it = pending_.find(key);
  if (it == pending_.end() || it->second.empty()) return Output();
  Output sum = it->second[0];
  for (size_t i = 1; i < it->second.size(); ++i) {
    sum = ops::AddV2(s, sum, it->second[i]);
  }
  return sum;
}

Status Backprop::Visit(int node, const std::map<Key, std::vector<int>>& x_at,
                       OutputList* grads) {
  const Operation op = OperationAt(graph_, node);
  const Scope s = scope_.NewSubScope(op.name() + "_grad");
  OutputList dy(op.num_outputs());
  bool any = false;
  for (int k = 0; k < op.num_outputs(); ++k) {
    dy[k] = SumPending(s, {node, k});
    any = any || dy[k].valid();
    auto xs = x_at.find({node, k});
    if (xs == x_at.end()) continue;
    for (int x : xs->second) (*grads)[x] = dy[k];
  }
  if (!any) return OkStatus();
  if (options_.recorded && !options_.recorded(node)) return OkStatus();
  // A node that produces an x but whose inputs lie on no path from an x
  // passes nothing on: its gradient function is not built (for control
  // flow that would build a whole loop, or recurse).
  bool inputs_relevant = false;
  for (int in : input_nodes_[node])
    inputs_relevant = inputs_relevant || relevant_[in];
  if (!inputs_relevant) return OkStatus();
  const internal::Graph::NodeGradient* custom =
      graph_.FindNodeGradient(op.name());
  GradFunc fn = nullptr;
  if (custom == nullptr) {
    StatusOr<GradFunc> registered =
        GradientRegistry::Global().Lookup(op.op_type());
    if (!registered.ok()) {
      return NotFound(registered.status().message() + " (node '" + op.name() +
                      "')");
    }
    if (*registered == nullptr) return OkStatus();
    fn = *registered;
  }
  KILN_ASSIGN_OR_RETURN(GradOp gop, GradOp::Of(op));
  OutputList dx;
  Status status = custom ? (*custom)(s, gop, dy, &dx) : fn(s, gop, dy, &dx);
  if (status.ok()) status = s.status();
  if (!status.ok()) {
    return Status(status.code(), "the gradient of node '" + op.name() + "' (" +
                                     op.op_type() + "): " + status.message());
  }
  if (static_cast<int>(dx.size()) != gop.num_inputs()) {
    return Internal("the gradient of '" + op.op_type() + "' gave " +
                    std::to_string(dx.size()) + " results for " +
                    std::to_string(gop.num_inputs()) + " inputs");
  }
  for (int j = 0; j < gop.num_inputs(); ++j) {
    const Output& in = gop.input(j);
    const int from = NodeIndex(graph_, in);
    if (!dx[j].valid() || !relevant_[from] ||
        !grad::IsDifferentiable(in.dtype())) {
      continue;
    }
    pending_[{from, in.index()}].push_back(dx[j]);
  }
  return OkStatus();
}

Status Backprop::Run(const OutputList& ys, const OutputList& xs,
                     OutputList* grads) {
  KILN_RETURN_IF_ERROR(Check(ys, xs));
  FindInputs();
  relevant_ = Relevant(ys, xs);
  KILN_RETURN_IF_ERROR(Seed(ys));
  std::map<Key, std::vector<int>> x_at;
  for (size_t i = 0; i < xs.size(); ++i) {
    x_at[{NodeIndex(graph_, xs[i]), xs[i].index()}].push_back(
        static_cast<int>(i));
  }
  grads->assign(xs.size(), Output());
  for (int node = num_nodes_ - 1; node >= 0; --node) {
    if (relevant_[node]) KILN_RETURN_IF_ERROR(Visit(node, x_at, grads));
  }
  if (options_.unconnected == UnconnectedGradients::kZero) {
    for (size_t i = 0; i < xs.size(); ++i) {
      if (!(*grads)[i].valid() && xs[i].dtype() != DT_RESOURCE) {
        (*grads)[i] = ops::ZerosLike(scope_, xs[i]);
      }
    }
  }
  return scope_.status();
}

}  // namespace

Status Gradients(const Scope& scope, const OutputList& ys, const OutputList& xs,
                 OutputList* grad_xs, const GradientsOptions& options) {
  KILN_RETURN_IF_ERROR(scope.status());
  // In a traced function, tensors of other graphs (a variable's handle)
  // stand for their captured copies.
  internal::Graph& graph = *scope.graph();
  auto local = [&](const OutputList& list) -> StatusOr<OutputList> {
    OutputList out;
    for (const Output& t : list) {
      if (t.valid() && t.op().graph() != &graph && graph.capture()) {
        KILN_ASSIGN_OR_RETURN(Output captured, graph.capture()(t));
        out.push_back(captured);
      } else {
        out.push_back(t);
      }
    }
    return out;
  };
  KILN_ASSIGN_OR_RETURN(OutputList local_ys, local(ys));
  KILN_ASSIGN_OR_RETURN(OutputList local_xs, local(xs));
  Backprop backprop(scope, graph, options);
  Status status = backprop.Run(local_ys, local_xs, grad_xs);
  scope.UpdateStatus(status);
  return status;
}

}  // namespace kiln
