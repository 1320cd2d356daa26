// CompiledEvaluator: one numerics case as a compiled one-node graph.
#include "tests/numerics/compiled_evaluator.h"

#include <set>
#include <string>

#include "compiler/CpuCompiler.h"
#include "frontend/session.h"

namespace kiln {
namespace numerics {
namespace {

// Inputs that TensorFlow graphs carry as constants and the compiler needs
// as constants (fusible reductions, transposes, one-hots, fills).
std::set<size_t> ConstantPositions(const std::string& op, size_t num_inputs) {
  static const std::set<std::string> axis1 = {
      "Sum", "Mean", "Max", "Min", "Prod", "ArgMax",
      "Transpose", "Reshape", "ExpandDims"};
  if (axis1.count(op)) return {1};
  if (op == "OneHot") return {1, 2, 3};
  if (op == "Fill") return {0};
  if (op == "Slice") return {1, 2};
  if (op == "StridedSlice") return {1, 2, 3};
  if (op == "ConcatV2") return {num_inputs - 1};
  return {};
}

StatusOr<tensorflow::GraphDef> OneNodeGraph(const OpSpec& spec,
                                            const tensorflow::NodeDef& node,
                                            const std::vector<Tensor>& inputs) {
  tensorflow::GraphDef graph;
  std::set<size_t> constants = ConstantPositions(spec.name, inputs.size());
  tensorflow::NodeDef op = node;
  op.set_name("op");
  op.clear_input();
  for (size_t i = 0; i < inputs.size(); ++i) {
    tensorflow::NodeDef& in = *graph.add_node();
    in.set_name("in" + std::to_string(i));
    auto& attrs = *in.mutable_attr();
    attrs["dtype"].set_type(inputs[i].dtype());
    if (constants.count(i)) {
      in.set_op("Const");
      KILN_RETURN_IF_ERROR(inputs[i].ToProto(attrs["value"].mutable_tensor()));
    } else {
      in.set_op("Placeholder");
      inputs[i].shape().ToProto(attrs["shape"].mutable_shape());
    }
    op.add_input(in.name());
  }
  *graph.add_node() = op;
  return graph;
}

}  // namespace

Evaluator CompiledEvaluator(bool fuse) {
  SessionOptions options;
  options.compiler = compiler::newCpuCompiler();
  options.compile.fuse = fuse;
  return [options](const OpSpec& spec, const tensorflow::NodeDef& node,
                   const std::vector<Tensor>& inputs)
             -> StatusOr<std::vector<Tensor>> {
    KILN_ASSIGN_OR_RETURN(tensorflow::GraphDef graph,
                          OneNodeGraph(spec, node, inputs));
    KILN_ASSIGN_OR_RETURN(std::unique_ptr<Session> session,
                          Session::Create(std::move(graph), options));
    std::set<size_t> constants = ConstantPositions(spec.name, inputs.size());
    Session::Feeds feeds;
    for (size_t i = 0; i < inputs.size(); ++i)
      if (!constants.count(i))
        feeds.emplace_back("in" + std::to_string(i), inputs[i]);
    std::vector<std::string> fetches;
    for (size_t k = 0; k < spec.outputs.size(); ++k)
      fetches.push_back("op:" + std::to_string(k));
    std::vector<Tensor> outputs;
    KILN_RETURN_IF_ERROR(session->Run(feeds, fetches, {}, &outputs));
    return outputs;
  };
}

}  // namespace numerics
}  // namespace kiln
