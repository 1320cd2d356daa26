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
      "Sum",    "Mean",      "Max",     "Min",       "Prod",
      "ArgMax", "Transpose", "Reshape", "ExpandDims"};
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

// The feeds (non-constant inputs) and fetches of a case's one-node graph.
struct OneNodeRun {
  Session::Feeds feeds;
  std::vector<std::string> fetches;
};

OneNodeRun RunOf(const OpSpec& spec, const std::vector<Tensor>& inputs) {
  OneNodeRun run;
  std::set<size_t> constants = ConstantPositions(spec.name, inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!constants.count(i))
      run.feeds.emplace_back("in" + std::to_string(i), inputs[i]);
  for (size_t k = 0; k < spec.outputs.size(); ++k)
    run.fetches.push_back("op:" + std::to_string(k));
  return run;
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
    OneNodeRun run = RunOf(spec, inputs);
    std::vector<Tensor> outputs;
    KILN_RETURN_IF_ERROR(session->Run(run.feeds, run.fetches, {}, &outputs));
    return outputs;
  };
}

Evaluator GpuBundleEvaluator(testing::GpuCaseWriter* writer) {
  Evaluator cpu = CompiledEvaluator(true);
  return [cpu, writer](const OpSpec& spec, const tensorflow::NodeDef& node,
                       const std::vector<Tensor>& inputs)
             -> StatusOr<std::vector<Tensor>> {
    KILN_ASSIGN_OR_RETURN(std::vector<Tensor> outputs, cpu(spec, node, inputs));
    KILN_ASSIGN_OR_RETURN(tensorflow::GraphDef graph,
                          OneNodeGraph(spec, node, inputs));
    OneNodeRun run = RunOf(spec, inputs);
    CompileRequest request;
    std::vector<Tensor> feeds;
    for (const auto& [name, value] : run.feeds) {
      request.feeds.push_back({name, value.dtype(), value.shape().dim_sizes()});
      feeds.push_back(value);
    }
    request.fetches = run.fetches;
    const std::string name =
        "c" + std::to_string(writer->num_runs()) + "_" + spec.name;
    Status compiled = writer->AddBundle(name, graph, request);
    // Contractions sum in another order on the GPU (cuBLAS and cuDNN pick
    // tiles and split-K): float32 results differ by more than rounding.
    const bool contraction = spec.name == "MatMul" ||
                             spec.name == "BatchMatMulV2" ||
                             spec.name.rfind("Conv", 0) == 0;
    KILN_RETURN_IF_ERROR(
        compiled.ok()
            ? writer->AddRun(name, feeds, outputs, contraction ? 1e-3 : 0)
            : writer->AddCompileFailure(name, compiled));
    return outputs;
  };
}

}  // namespace numerics
}  // namespace kiln
