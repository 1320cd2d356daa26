// GradOp: what a gradient function sees of the node it differentiates: its
// data inputs and outputs as Outputs, and its attrs (with the op table's
// defaults).
//
//   Status TanhGrad(const Scope& s, const GradOp& op, const OutputList& dy,
//                   OutputList* dx) {
//     Output y = op.output(0);
//     dx->push_back(ops::Mul(s, dy[0], ops::Sub(s, 1.0, ops::Square(s, y))));
//     return OkStatus();
//   }
#ifndef KILN_FRONTEND_GRADIENTS_GRAD_OP_H_
#define KILN_FRONTEND_GRADIENTS_GRAD_OP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "frontend/output.h"
#include "proto/tensorflow/node_def.pb.h"
#include "runtime/base/status.h"
#include "runtime/graph/node_attr_source.h"

namespace kiln {

class Scope;

class GradOp {
 public:
  // The node `op` of its graph; InvalidArgument when an input names a node
  // the graph lacks.
  static StatusOr<GradOp> Of(const Operation& op);

  const Operation& op() const { return op_; }
  const std::string& type() const { return op_.op_type(); }
  const std::string& name() const { return op_.name(); }
  const tensorflow::NodeDef& node() const { return *node_; }
  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  const Output& input(int i) const { return inputs_[i]; }
  const OutputList& inputs() const { return inputs_; }
  int num_outputs() const { return op_.num_outputs(); }
  Output output(int i) const { return op_.output(i); }

  // Attrs, falling back to the op table's defaults.
  bool GetBool(const std::string& name) const;
  int64_t GetInt(const std::string& name) const;
  std::string GetString(const std::string& name) const;
  std::vector<int64_t> GetIntList(const std::string& name) const;
  float GetFloat(const std::string& name) const;

 private:
  GradOp(Operation op, const tensorflow::NodeDef* node, OutputList inputs);

  Operation op_;
  const tensorflow::NodeDef* node_;
  OutputList inputs_;  // data inputs only
  NodeAttrSource attrs_;
};

// The Output a NodeDef input string ("node", "node:2") names in `op`'s
// graph; nullopt for control inputs ("^node") and unknown nodes.
std::optional<Output> ResolveInput(const internal::Graph& graph,
                                   const std::string& input);

// The Operation at `index` of `graph` (creation order).
Operation OperationAt(const internal::Graph& graph, int index);

}  // namespace kiln

#endif  // KILN_FRONTEND_GRADIENTS_GRAD_OP_H_
