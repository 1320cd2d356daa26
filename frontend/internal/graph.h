// internal::Graph: the GraphDef under construction that every Scope derived
// from one root shares, with its sticky status. Private to frontend/.
#ifndef KILN_FRONTEND_INTERNAL_GRAPH_H_
#define KILN_FRONTEND_INTERNAL_GRAPH_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/graph/shape_context.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

class Output;
class Scope;
class GradOp;

namespace internal {

class Graph {
 public:
  // Turns an Output of another graph into one of this graph (a traced
  // function's captures); unset, such inputs are an error.
  using CaptureFn = std::function<StatusOr<Output>(const Output&)>;
  void set_capture(CaptureFn capture) { capture_ = std::move(capture); }
  const CaptureFn& capture() const { return capture_; }
  // Called with each variable created in this graph (a traced function
  // initializes the variables its first trace creates, as tf.function
  // allows); unset, nothing happens.
  using VariableFn = std::function<void(const tensorflow::NodeDef& handle,
                                        const Tensor& initial_value)>;
  void set_on_variable(VariableFn fn) { on_variable_ = std::move(fn); }
  const VariableFn& on_variable() const { return on_variable_; }

  const Status& status() const { return status_; }
  void UpdateStatus(const Status& status) {
    if (status_.ok() && !status.ok()) status_ = status;
  }

  const tensorflow::GraphDef& graph_def() const { return graph_def_; }
  const tensorflow::NodeDef* FindNode(std::string_view name) const {
    auto it = index_.find(std::string(name));
    return it == index_.end() ? nullptr : &graph_def_.node(it->second);
  }
  // The node's position in the graph (its creation order, which is a
  // topological order), or -1.
  int FindNodeIndex(std::string_view name) const {
    auto it = index_.find(std::string(name));
    return it == index_.end() ? -1 : it->second;
  }
  // The dtype and shape of each output of node `index`, as inferred when
  // the node was built.
  const std::vector<TensorType>& output_types(int index) const {
    return output_types_[index];
  }
  // Adds `fn` to the graph's function library; a function of that name is
  // already there is kept (names of traced functions are unique).
  void AddFunction(const tensorflow::FunctionDef& fn) {
    for (const auto& f : graph_def_.library().function()) {
      if (f.signature().name() == fn.signature().name()) return;
    }
    *graph_def_.mutable_library()->add_function() = fn;
  }
  void AddNode(tensorflow::NodeDef node, std::vector<TensorType> outputs) {
    index_.emplace(node.name(), graph_def_.node_size());
    *graph_def_.add_node() = std::move(node);
    output_types_.push_back(std::move(outputs));
  }

  // A gradient for one node, in place of its op's registered one (control
  // flow: cond and while_loop know their branches' callables).
  using NodeGradient =
      std::function<Status(const Scope&, const GradOp&,
                           const std::vector<Output>&, std::vector<Output>*)>;
  void SetNodeGradient(const std::string& node, NodeGradient fn) {
    node_gradients_[node] = std::move(fn);
  }
  const NodeGradient* FindNodeGradient(const std::string& node) const {
    auto it = node_gradients_.find(node);
    return it == node_gradients_.end() ? nullptr : &it->second;
  }

  // The shared_ptr the root Scope owns this graph by (Operations keep it
  // weakly, to tell a live graph from a destroyed one).
  void set_self(std::weak_ptr<const Graph> self) { self_ = std::move(self); }
  const std::weak_ptr<const Graph>& self() const { return self_; }

 private:
  std::unordered_map<std::string, NodeGradient> node_gradients_;
  std::weak_ptr<const Graph> self_;
  CaptureFn capture_;
  VariableFn on_variable_;
  Status status_;
  tensorflow::GraphDef graph_def_;
  std::unordered_map<std::string, int> index_;
  std::vector<std::vector<TensorType>> output_types_;
};

}  // namespace internal
}  // namespace kiln

#endif  // KILN_FRONTEND_INTERNAL_GRAPH_H_
