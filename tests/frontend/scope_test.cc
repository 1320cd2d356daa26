// Scope: unique names, name scopes, control dependencies, devices and the
// sticky status.
#include "frontend/scope.h"

#include <catch2/catch.hpp>

#include "frontend/ops/ops.h"

namespace kiln {
namespace {

tensorflow::GraphDef GraphOf(const Scope& scope) {
  tensorflow::GraphDef graph;
  Status status = scope.ToGraphDef(&graph);
  INFO(status.ToString());
  REQUIRE(status.ok());
  return graph;
}

const tensorflow::NodeDef& NodeNamed(const tensorflow::GraphDef& graph,
                                     const std::string& name) {
  for (const auto& node : graph.node()) {
    if (node.name() == name) return node;
  }
  FAIL("no node named " << name);
  return graph.node(0);
}

Output FloatInput(const Scope& scope, std::vector<int64_t> dims) {
  return ops::Placeholder(scope, DT_FLOAT, Shape::Of(std::move(dims)));
}

TEST_CASE("ops get unique names as TensorFlow gives them") {
  Scope root = Scope::NewRootScope();
  auto a = FloatInput(root, {2, 2});
  auto b = FloatInput(root, {2, 2});
  auto m0 = ops::MatMul(root, a, b);
  auto m1 = ops::MatMul(root, a, b);
  auto m2 = ops::MatMul(root, a, b);
  CHECK(a.name() == "Placeholder");
  CHECK(b.name() == "Placeholder_1");
  CHECK(m0.name() == "MatMul");
  CHECK(m1.name() == "MatMul_1");
  CHECK(m2.name() == "MatMul_2");

  // WithOpName names are made unique the same way.
  auto f0 = ops::Relu(root.WithOpName("fc"), m0);
  auto f1 = ops::Relu(root.WithOpName("fc"), m1);
  CHECK(f0.name() == "fc");
  CHECK(f1.name() == "fc_1");
  // The op name applies to one op only: the scope it came from is unchanged.
  CHECK(ops::Relu(root, m2).name() == "Relu");
  CHECK(root.num_nodes() == 8);
}

TEST_CASE("a taken suffix is skipped") {
  Scope root = Scope::NewRootScope();
  auto x = FloatInput(root.WithOpName("x_1"), {1});
  auto y = FloatInput(root.WithOpName("x"), {1});
  auto z = FloatInput(root.WithOpName("x"), {1});
  CHECK(x.name() == "x_1");
  CHECK(y.name() == "x");
  CHECK(z.name() == "x_2");
}

TEST_CASE("sub-scopes prefix names and are unique themselves") {
  Scope root = Scope::NewRootScope();
  auto x = FloatInput(root.WithOpName("x"), {4, 3});
  Scope dense = root.NewSubScope("dense");
  Scope dense1 = root.NewSubScope("dense");
  Scope inner = dense.NewSubScope("inner");
  CHECK(dense.name_scope() == "dense");
  CHECK(dense1.name_scope() == "dense_1");
  CHECK(inner.name_scope() == "dense/inner");
  CHECK(ops::Relu(dense, x).name() == "dense/Relu");
  CHECK(ops::Relu(dense, x).name() == "dense/Relu_1");
  CHECK(ops::Relu(dense1.WithOpName("act"), x).name() == "dense_1/act");
  CHECK(ops::Relu(inner, x).name() == "dense/inner/Relu");
  // An empty name keeps the scope (and shares its names).
  CHECK(ops::Relu(dense.NewSubScope(""), x).name() == "dense/Relu_2");
  GraphOf(root);
}

TEST_CASE("control dependencies come after the data inputs") {
  Scope root = Scope::NewRootScope();
  auto x = FloatInput(root.WithOpName("x"), {3});
  auto init_a = ops::NoOp(root.WithOpName("init_a"));
  auto init_b = ops::NoOp(root.WithOpName("init_b"));
  // Given in any order, written sorted by name, as TensorFlow writes them.
  Scope deps = root.WithControlDependencies({init_b, init_a});
  auto y = ops::AddV2(deps.WithOpName("y"), x, x);
  auto z = ops::Neg(deps.WithControlDependencies(y).WithOpName("z"), x);
  auto w = ops::Neg(deps.WithNoControlDependencies().WithOpName("w"), x);
  // Repeating a dependency does not repeat the edge.
  auto v = ops::Neg(deps.WithControlDependencies({init_a}).WithOpName("v"), x);

  tensorflow::GraphDef graph = GraphOf(root);
  const auto& ny = NodeNamed(graph, "y");
  REQUIRE(ny.input_size() == 4);
  CHECK(ny.input(0) == "x");
  CHECK(ny.input(1) == "x");
  CHECK(ny.input(2) == "^init_a");
  CHECK(ny.input(3) == "^init_b");
  const auto& nz = NodeNamed(graph, "z");
  REQUIRE(nz.input_size() == 4);
  CHECK(nz.input(3) == "^y");
  CHECK(NodeNamed(graph, "w").input_size() == 1);
  CHECK(NodeNamed(graph, "v").input_size() == 3);
}

TEST_CASE("literals built under control dependencies get them too") {
  Scope root = Scope::NewRootScope();
  auto x = FloatInput(root.WithOpName("x"), {3});
  auto init = ops::NoOp(root.WithOpName("init"));
  ops::AddV2(root.WithControlDependencies({init}).WithOpName("y"), x, 1.0f);
  tensorflow::GraphDef graph = GraphOf(root);
  const auto& konst = NodeNamed(graph, "Const/Const");
  REQUIRE(konst.input_size() == 1);
  CHECK(konst.input(0) == "^init");
}

TEST_CASE("devices are set on the ops of a scope") {
  Scope root = Scope::NewRootScope();
  auto x = FloatInput(root.WithOpName("x"), {3});
  Scope gpu = root.WithDevice("/device:GPU:0");
  ops::Neg(gpu.WithOpName("on_gpu"), x);
  ops::Neg(gpu.NewSubScope("s").WithDevice("/device:CPU:0"), x);
  tensorflow::GraphDef graph = GraphOf(root);
  CHECK(NodeNamed(graph, "x").device().empty());
  CHECK(NodeNamed(graph, "on_gpu").device() == "/device:GPU:0");
  CHECK(NodeNamed(graph, "s/Neg").device() == "/device:CPU:0");
}

TEST_CASE("the first error sticks and later ops are not built") {
  Scope root = Scope::NewRootScope();
  auto a = FloatInput(root.WithOpName("a"), {2, 3});
  auto b = FloatInput(root.WithOpName("b"), {4, 5});
  Scope layer = root.NewSubScope("layer");
  auto bad = ops::MatMul(layer.WithOpName("fc"), a, b);
  CHECK_FALSE(bad.valid());
  CHECK_FALSE(root.ok());
  CHECK(root.status().code() == StatusCode::kInvalidArgument);
  CHECK(root.status().message() ==
        "node 'layer/fc' (MatMul): 'MatMul' inner dimensions differ: 3 vs 4");
  // Every scope of the graph sees it.
  CHECK_FALSE(layer.ok());
  CHECK(layer.status() == root.status());

  // Later ops are no-ops, even valid ones, and a second error is dropped.
  const int nodes = root.num_nodes();
  auto later = ops::Relu(root, a);
  CHECK_FALSE(later.valid());
  ops::MatMul(root.WithOpName("again"), b, b);
  CHECK(root.num_nodes() == nodes);
  CHECK(root.status().message().find("layer/fc") != std::string::npos);

  tensorflow::GraphDef graph;
  Status status = root.ToGraphDef(&graph);
  CHECK(status == root.status());
}

TEST_CASE("ToGraphDef stamps TensorFlow's versions") {
  Scope root = Scope::NewRootScope();
  FloatInput(root, {1});
  tensorflow::GraphDef graph = GraphOf(root);
  CHECK(graph.versions().producer() == kGraphDefProducer);
  CHECK(graph.versions().min_consumer() == kGraphDefMinConsumer);
  CHECK(graph.node_size() == 1);
}

TEST_CASE("outputs of another graph are rejected") {
  Scope g1 = Scope::NewRootScope();
  Scope g2 = Scope::NewRootScope();
  auto x = FloatInput(g1.WithOpName("x"), {2});
  auto y = ops::Neg(g2, x);
  CHECK_FALSE(y.valid());
  CHECK(g1.ok());
  CHECK(g2.status().message().find("another graph") != std::string::npos);
}

TEST_CASE("bad node names are errors") {
  Scope root = Scope::NewRootScope();
  FloatInput(root.WithOpName("has space"), {1});
  CHECK(root.status().message().find("invalid node name 'has space'") !=
        std::string::npos);
}

}  // namespace
}  // namespace kiln
