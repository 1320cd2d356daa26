// Variable: the handle, the first value and the ops that use them.
#include "frontend/variables/variable.h"

#include "frontend/internal/graph.h"
#include "frontend/ops/ops.h"
#include "frontend/variables/variable_handles.h"

namespace kiln {

StatusOr<Variable> Variable::FromValue(const Scope& scope, Tensor value,
                                       bool trainable) {
  KILN_RETURN_IF_ERROR(scope.status());
  Variable v;
  v.shape_ = Shape::Of(value.shape().dim_sizes());
  v.handle_ = ops::VarHandleOp(scope, value.dtype(), v.shape_);
  KILN_RETURN_IF_ERROR(scope.status());
  v.initial_ = std::move(value);
  v.trainable_ = trainable;
  internal::Graph* graph = scope.graph();
  if (graph->on_variable()) {
    graph->on_variable()(*graph->FindNode(v.handle_.node_name()), v.initial_);
  }
  return v;
}

StatusOr<Variable> Variable::Create(const Scope& scope, DataType dtype,
                                    const Shape& shape,
                                    const Initializer& initializer,
                                    uint64_t seed, bool trainable) {
  StatusOr<Tensor> value = initializer(shape, dtype, seed);
  if (!value.ok()) {
    scope.UpdateStatus(value.status());
    return value.status();
  }
  return FromValue(scope, *std::move(value), trainable);
}

Output Variable::HandleIn(const Scope& scope) const {
  internal::Graph* graph = scope.graph();
  if (handle_.op().graph() == graph) return handle_;
  // Another graph (a traced function, a graph built later): its handle of
  // the same shared name, made on first use.
  const tensorflow::GraphDef& def = graph->graph_def();
  for (int i = 0; i < def.node_size(); ++i) {
    const tensorflow::NodeDef& node = def.node(i);
    // A VarHandleOp, or a traced function's argument for this variable.
    if (VariableOf(node) == name()) {
      return Operation(node.name(), node.op(), graph->output_types(i), graph)
          .output(0);
    }
  }
  return ops::VarHandleOp(scope.WithOpName(name()), dtype(), shape_,
                          ops::VarHandleOpAttrs().SharedName(name()));
}

Output Variable::Read(const Scope& scope) const {
  return ops::ReadVariableOp(scope, HandleIn(scope), dtype());
}

Operation Variable::Assign(const Scope& scope, const Input& value) const {
  return ops::AssignVariableOp(scope, HandleIn(scope), value);
}

Operation Variable::AssignAdd(const Scope& scope, const Input& delta) const {
  return ops::AssignAddVariableOp(scope, HandleIn(scope), delta);
}

Operation Variable::AssignSub(const Scope& scope, const Input& delta) const {
  return ops::AssignSubVariableOp(scope, HandleIn(scope), delta);
}

Operation Variable::InitOp(const Scope& scope) const {
  tensorflow::TensorProto proto;
  Status s = initial_.ToProto(&proto);
  if (!s.ok()) {
    scope.UpdateStatus(s);
    return Operation();
  }
  // The Const goes in a sub-scope, so that an op name on `scope` names the
  // assignment.
  Output value = ops::ConstFromProto(scope.NewSubScope("initial_value"), proto);
  return Assign(scope, value);
}

void Variable::Initialize(VariableStore& store) const {
  store.Set(name(), initial_);
}

}  // namespace kiln
