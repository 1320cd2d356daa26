// Variable: a resource variable in the graph being built (TensorFlow's
// tf.Variable): a VarHandleOp whose shared name is the node's name, plus
// the value it starts with, made on the host by an Initializer.
//
//   KILN_ASSIGN_OR_RETURN(Variable w, Variable::Create(
//       root.WithOpName("dense/kernel"), DT_FLOAT, Shape::Of({784, 300}),
//       initializers::GlorotUniform(), /*seed=*/42));
//   Output y = ops::MatMul(root, x, w.Read(root));
//   Operation step = w.AssignSub(root, ops::Mul(root, lr, dw));
//   ...
//   w.Initialize(session->variables());  // or run w.InitOp(root) once
#ifndef KILN_FRONTEND_VARIABLES_VARIABLE_H_
#define KILN_FRONTEND_VARIABLES_VARIABLE_H_

#include <string>

#include "frontend/output.h"
#include "frontend/scope.h"
#include "frontend/variables/initializers.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

class Variable {
 public:
  Variable() = default;

  // Adds the VarHandleOp and makes the initial value; errors (a bad shape,
  // an initializer that cannot make the dtype) also go to the scope.
  static StatusOr<Variable> Create(const Scope& scope, DataType dtype,
                                   const Shape& shape,
                                   const Initializer& initializer,
                                   uint64_t seed = 0, bool trainable = true);
  // From a value computed elsewhere.
  static StatusOr<Variable> FromValue(const Scope& scope, Tensor value,
                                      bool trainable = true);

  bool valid() const { return handle_.valid(); }
  const Output& handle() const { return handle_; }
  // The handle to use in `scope`'s graph: handle() in the graph the
  // variable was made in, elsewhere (a traced function, another graph) a
  // VarHandleOp of the same shared name there, made on first use. Read and
  // the assignments build on it, so a Variable works in any graph.
  Output HandleIn(const Scope& scope) const;
  // The VariableStore key: the VarHandleOp's name.
  const std::string& name() const { return handle_.node_name(); }
  DataType dtype() const { return initial_.dtype(); }
  const Shape& shape() const { return shape_; }
  bool trainable() const { return trainable_; }
  const Tensor& initial_value() const { return initial_; }
  int64_t num_elements() const { return initial_.NumElements(); }

  // ReadVariableOp, AssignVariableOp, AssignAdd/SubVariableOp.
  Output Read(const Scope& scope) const;
  Operation Assign(const Scope& scope, const Input& value) const;
  Operation AssignAdd(const Scope& scope, const Input& delta) const;
  Operation AssignSub(const Scope& scope, const Input& delta) const;

  // An AssignVariableOp of the initial value (a Const in the graph), for
  // graphs run without the host.
  Operation InitOp(const Scope& scope) const;
  // Puts the initial value straight into `store`.
  void Initialize(VariableStore& store) const;

 private:
  Output handle_;
  Shape shape_;
  Tensor initial_;
  bool trainable_ = true;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_VARIABLES_VARIABLE_H_
