// InferGraphShapes: runs the op table's shape functions over a GraphView.
#include "runtime/graph/graph_shapes.h"

#include <algorithm>
#include <utility>

#include "proto/tensorflow/function.pb.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"

namespace kiln {
namespace {

using tensorflow::AttrValue;
using tensorflow::NodeDef;

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string NodePrefix(const NodeDef& node) {
  return "node " + Quote(node.name()) + " (" + node.op() + ")";
}

const AttrValue* FindAttr(const NodeDef& node, const char* name) {
  auto it = node.attr().find(name);
  return it == node.attr().end() ? nullptr : &it->second;
}

// The dtype the table declares for data input `i`: fixed by the arg or by
// the node's type attr. DT_INVALID when it cannot tell.
DataType DeclaredInputType(const OpSpec& spec, int i,
                           const NodeAttrSource& attrs) {
  int first = 0;
  for (const ArgSpec& arg : spec.inputs) {
    int count = 1;
    if (!arg.number_attr.empty()) {
      std::optional<int64_t> n = attrs.GetInt(arg.number_attr);
      if (!n) return tensorflow::DT_INVALID;
      count = static_cast<int>(*n);
    }
    if (i < first + count) {
      if (arg.type_attr.empty()) return arg.type;
      return attrs.GetType(arg.type_attr).value_or(tensorflow::DT_INVALID);
    }
    first += count;
  }
  return tensorflow::DT_INVALID;
}

// Walks the graph in topological order, filling GraphShapes as it goes.
class ShapeWalker {
 public:
  ShapeWalker(const GraphView& view, GraphShapes* shapes)
      : view_(view), shapes_(*shapes) {
    for (const auto& f : view.graph().library().function()) {
      functions_.emplace(f.signature().name(), &f.signature());
    }
  }

  Status Visit(const NodeDef& node) {
    KILN_ASSIGN_OR_RETURN(std::vector<TensorType> inputs, InputTypes(node));
    std::vector<TensorType> outputs;
    if (const OpSpec* spec = FindOpSpec(node.op())) {
      KILN_ASSIGN_OR_RETURN(outputs, KnownOp(node, *spec, std::move(inputs)));
    } else {
      outputs = UnknownOp(node);
    }
    shapes_.outputs[node.name()] = std::move(outputs);
    return OkStatus();
  }

 private:
  StatusOr<std::vector<TensorType>> InputTypes(const NodeDef& node) const;
  StatusOr<std::vector<TensorType>> KnownOp(
      const NodeDef& node, const OpSpec& spec,
      std::vector<TensorType> inputs) const;
  std::vector<TensorType> UnknownOp(const NodeDef& node) const;
  int UnknownOpOutputCount(const NodeDef& node,
                           const tensorflow::OpDef* function) const;
  DataType UnknownOpDtype(const NodeDef& node,
                          const tensorflow::OpDef* function, int i) const;
  Shape UnknownOpShape(const NodeDef& node, int i) const;

  const GraphView& view_;
  GraphShapes& shapes_;
  std::map<std::string, const tensorflow::OpDef*> functions_;
};

StatusOr<std::vector<TensorType>> ShapeWalker::InputTypes(
    const NodeDef& node) const {
  std::vector<TensorType> inputs;
  for (const Edge& edge : view_.inputs(node)) {
    if (edge.is_control()) continue;
    if (shapes_.outputs.count(edge.node) == 0) {
      // A TensorFlow 1 loop's back edge (NextIteration -> Merge): its
      // producer comes later in the order, so its type is not known yet.
      inputs.push_back(TensorType{tensorflow::DT_INVALID, Shape::Unknown()});
      continue;
    }
    const std::vector<TensorType>& produced = shapes_.OutputsOf(edge.node);
    if (edge.index >= static_cast<int>(produced.size())) {
      const NodeDef* producer = view_.FindNode(edge.node);
      return InvalidArgument(NodePrefix(node) + ": input " +
                             Quote(edge.ToString()) + " refers to output " +
                             std::to_string(edge.index) + " of " +
                             NodePrefix(*producer) + ", which has " +
                             std::to_string(produced.size()) + " output(s)");
    }
    inputs.push_back(produced[edge.index]);
  }
  return inputs;
}

StatusOr<std::vector<TensorType>> ShapeWalker::KnownOp(
    const NodeDef& node, const OpSpec& spec,
    std::vector<TensorType> inputs) const {
  NodeAttrSource attrs(node, &spec, &view_);
  // Inputs from ops Kiln does not know may lack a dtype; the table's
  // declaration fills it so type resolution can go on.
  for (int i = 0; i < static_cast<int>(inputs.size()); ++i) {
    if (inputs[i].dtype == tensorflow::DT_INVALID) {
      inputs[i].dtype = DeclaredInputType(spec, i, attrs);
    }
  }
  StatusOr<std::vector<TensorType>> outputs =
      InferOutputTypes(spec, inputs, attrs);
  if (!outputs.ok()) return outputs.status().WithPrefix(NodePrefix(node));
  return outputs;
}

std::vector<TensorType> ShapeWalker::UnknownOp(const NodeDef& node) const {
  auto it = functions_.find(node.op());
  const tensorflow::OpDef* function =
      it == functions_.end() ? nullptr : it->second;
  std::vector<TensorType> outputs(UnknownOpOutputCount(node, function));
  for (int i = 0; i < static_cast<int>(outputs.size()); ++i) {
    outputs[i].dtype = UnknownOpDtype(node, function, i);
    outputs[i].shape = UnknownOpShape(node, i);
  }
  return outputs;
}

// As many outputs as anything tells: consumers, _output_shapes, Tout, the
// called function's signature. Never a guess: a `dtype` attr does not mean
// an output (AssignAddVariableOp has one and no outputs).
int ShapeWalker::UnknownOpOutputCount(const NodeDef& node,
                                      const tensorflow::OpDef* function) const {
  int n = view_.NumReferencedOutputs(node.name());
  if (const AttrValue* s = FindAttr(node, "_output_shapes")) {
    n = std::max(n, s->list().shape_size());
  }
  if (const AttrValue* tout = FindAttr(node, "Tout")) {
    n = std::max(n, tout->list().type_size());
  }
  if (function) n = std::max(n, function->output_arg_size());
  return n;
}

DataType ShapeWalker::UnknownOpDtype(const NodeDef& node,
                                     const tensorflow::OpDef* function,
                                     int i) const {
  if (function && i < function->output_arg_size()) {
    const auto& arg = function->output_arg(i);
    if (arg.type() != tensorflow::DT_INVALID) return arg.type();
    const AttrValue* t = FindAttr(node, arg.type_attr().c_str());
    return t ? t->type() : tensorflow::DT_INVALID;
  }
  if (const AttrValue* tout = FindAttr(node, "Tout")) {
    if (i < tout->list().type_size()) return tout->list().type(i);
  }
  if (const AttrValue* value = FindAttr(node, "value")) {
    if (i == 0 && value->has_tensor()) return value->tensor().dtype();
  }
  for (const char* name : {"dtype", "T"}) {
    const AttrValue* t = FindAttr(node, name);
    if (t && t->value_case() == AttrValue::kType) return t->type();
  }
  return tensorflow::DT_INVALID;
}

Shape ShapeWalker::UnknownOpShape(const NodeDef& node, int i) const {
  if (const AttrValue* s = FindAttr(node, "_output_shapes")) {
    if (i < s->list().shape_size()) return Shape::FromProto(s->list().shape(i));
  }
  if (i != 0) return Shape::Unknown();
  const AttrValue* value = FindAttr(node, "value");
  if (value && value->has_tensor()) {
    return Shape::FromProto(value->tensor().tensor_shape());
  }
  const AttrValue* shape = FindAttr(node, "shape");
  if (node.op().rfind("Placeholder", 0) == 0 && shape && shape->has_shape()) {
    return Shape::FromProto(shape->shape());
  }
  return Shape::Unknown();
}

}  // namespace

const TensorType* GraphShapes::Find(std::string_view node, int index) const {
  const std::vector<TensorType>& all = OutputsOf(node);
  if (index < 0 || index >= static_cast<int>(all.size())) return nullptr;
  return &all[index];
}

const std::vector<TensorType>& GraphShapes::OutputsOf(
    std::string_view node) const {
  static const std::vector<TensorType>* const kNone =
      new std::vector<TensorType>();
  auto it = outputs.find(node);
  return it == outputs.end() ? *kNone : it->second;
}

StatusOr<GraphShapes> InferGraphShapes(const GraphView& view) {
  GraphShapes shapes;
  ShapeWalker walker(view, &shapes);
  for (const NodeDef* node : view.topological_order()) {
    KILN_RETURN_IF_ERROR(walker.Visit(*node));
  }
  return shapes;
}

}  // namespace kiln
