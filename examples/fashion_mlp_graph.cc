// fashion_mlp_graph: builds the Fashion-MNIST MLP inference graph with Kiln's
// C++ frontend and writes it as a binary GraphDef.
//
//   fashion_mlp_graph /tmp/fashion_mlp.pb
//   kiln-dump /tmp/fashion_mlp.pb
//
// x: float [?,784] -> dense 300 relu -> dense_1 100 relu -> dense_2 10
// -> probs (softmax). Weights are resource variables (VarHandleOp), read with
// ReadVariableOp; the "init" NoOp runs their initializers (Glorot-uniform
// kernels from a seeded RNG, zero biases), as TensorFlow 1's
// global_variables_initializer does.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"

namespace {

using kiln::Operation;
using kiln::Output;
using kiln::Scope;
using kiln::Shape;
namespace ops = kiln::ops;

// Uniform in [-limit, limit) from mt19937's bits, so every platform draws
// the same weights (std::uniform_real_distribution may differ).
std::vector<float> GlorotUniform(std::mt19937& rng, int64_t fan_in,
                                 int64_t fan_out) {
  const float limit = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
  std::vector<float> values(static_cast<size_t>(fan_in * fan_out));
  for (float& v : values) {
    const float u = static_cast<float>(rng() >> 8) * (1.0f / 16777216.0f);
    v = (2.0f * u - 1.0f) * limit;
  }
  return values;
}

// A float resource variable named `name` in `scope`, its initializer and its
// read.
Output Variable(const Scope& scope, const std::string& name, const Shape& shape,
                const std::vector<float>& initial,
                std::vector<Operation>* initializers) {
  auto handle = ops::VarHandleOp(
      scope.WithOpName(name), kiln::DT_FLOAT, shape,
      ops::VarHandleOpAttrs().SharedName(scope.name_scope() + "/" + name));
  auto value =
      ops::Const(scope.WithOpName(name + "/InitialValue"), initial, shape);
  initializers->push_back(
      ops::AssignVariableOp(scope.WithOpName(name + "/Assign"), handle, value));
  return ops::ReadVariableOp(scope.WithOpName(name + "/Read"), handle,
                             kiln::DT_FLOAT);
}

// y = act(x @ kernel + bias), Keras's Dense layer.
Output Dense(const Scope& scope, const Output& x, int64_t units_in,
             int64_t units_out, bool relu, std::mt19937& rng,
             std::vector<Operation>* initializers) {
  Output kernel =
      Variable(scope, "kernel", Shape::Of({units_in, units_out}),
               GlorotUniform(rng, units_in, units_out), initializers);
  Output bias = Variable(scope, "bias", Shape::Of({units_out}),
                         std::vector<float>(units_out, 0.0f), initializers);
  Output y = ops::MatMul(scope.WithOpName("MatMul"), x, kernel);
  y = ops::BiasAdd(scope.WithOpName("BiasAdd"), y, bias);
  return relu ? ops::Relu(scope.WithOpName("Relu"), y) : y;
}

kiln::Status BuildGraph(tensorflow::GraphDef* graph) {
  Scope root = Scope::NewRootScope();
  std::mt19937 rng(20240611);
  std::vector<Operation> initializers;

  auto x = ops::Placeholder(root.WithOpName("x"), kiln::DT_FLOAT,
                            Shape::Of({kiln::kUnknownDim, 784}));
  Output h = Dense(root.NewSubScope("dense"), x, 784, 300, /*relu=*/true, rng,
                   &initializers);
  h = Dense(root.NewSubScope("dense"), h, 300, 100, /*relu=*/true, rng,
            &initializers);
  Output logits = Dense(root.NewSubScope("dense"), h, 100, 10,
                        /*relu=*/false, rng, &initializers);
  ops::Softmax(root.WithOpName("probs"), logits);
  ops::NoOp(root.WithControlDependencies(initializers).WithOpName("init"));
  return root.ToGraphDef(graph);
}

// Writes `graph` to a temporary file beside `path`, then renames it, so a
// reader never sees half a graph.
kiln::Status WriteGraph(const tensorflow::GraphDef& graph,
                        const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !graph.SerializeToOstream(&out)) {
      return kiln::Internal("cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return kiln::Internal("cannot rename " + tmp + " to " + path);
  }
  return kiln::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fashion_mlp_graph OUTPUT.pb\n";
    return 2;
  }
  tensorflow::GraphDef graph;
  kiln::Status status = BuildGraph(&graph);
  if (status.ok()) status = WriteGraph(graph, argv[1]);
  if (!status.ok()) {
    std::cerr << "fashion_mlp_graph: " << status << "\n";
    return 1;
  }
  std::cout << "fashion_mlp_graph: wrote " << graph.node_size() << " nodes to "
            << argv[1] << "\n";
  return 0;
}
