// NodeBuilder: derived attrs, defaults, literal inputs, multi-output naming
// and error messages.
#include "frontend/node_builder.h"

#include <catch2/catch.hpp>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"

namespace kiln {
namespace {

const tensorflow::NodeDef& NodeOf(const Scope& scope, const Output& out,
                                  tensorflow::GraphDef* graph) {
  Status status = scope.ToGraphDef(graph);
  INFO(status.ToString());
  REQUIRE(status.ok());
  for (const auto& node : graph->node()) {
    if (node.name() == out.node_name()) return node;
  }
  FAIL("no node " << out.node_name());
  return graph->node(0);
}

TEST_CASE("T comes from the inputs' dtype and N from the list length") {
  Scope root = Scope::NewRootScope();
  auto a = ops::Placeholder(root, DT_INT64, Shape::Of({2, 3}));
  auto b = ops::Placeholder(root, DT_INT64, Shape::Of({2, 5}));
  auto c = ops::Placeholder(root, DT_INT64, Shape::Of({2, 1}));
  auto axis = ops::Const(root, int64_t{1});
  auto y = ops::ConcatV2(root.WithOpName("cat"), {a, b, c}, axis);
  CHECK(y.dtype() == DT_INT64);
  CHECK(y.shape() == Shape::Of({2, 9}));
  tensorflow::GraphDef graph;
  const auto& node = NodeOf(root, y, &graph);
  CHECK(node.attr().at("T").type() == DT_INT64);
  CHECK(node.attr().at("N").i() == 3);
  CHECK(node.attr().at("Tidx").type() == DT_INT64);
  REQUIRE(node.input_size() == 4);
  CHECK(node.input(3) == axis.name());
}

TEST_CASE("a literal index input takes the index attr's default dtype") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root, DT_FLOAT, Shape::Of({4, 5, 6}));
  auto s = ops::Sum(root.WithOpName("sum"), x, {0, 2},
                    ops::SumAttrs().KeepDims(true));
  CHECK(s.shape() == Shape::Of({1, 5, 1}));
  tensorflow::GraphDef graph;
  const auto& node = NodeOf(root, s, &graph);
  CHECK(node.attr().at("Tidx").type() == DT_INT32);
  CHECK(node.attr().at("T").type() == DT_FLOAT);
  CHECK(node.attr().at("keep_dims").b());
  // The literal became "Const/Const", TensorFlow's name for it.
  CHECK(node.input(1) == "Const/Const");
}

TEST_CASE("defaults are filled in the NodeDef") {
  Scope root = Scope::NewRootScope();
  auto a = ops::Placeholder(root, DT_FLOAT, Shape::Of({2, 3}));
  auto b = ops::Placeholder(root, DT_FLOAT, Shape::Of({2, 3}));
  auto y = ops::MatMul(root.WithOpName("mm"), a, b,
                       ops::MatMulAttrs().TransposeB(true));
  CHECK(y.shape() == Shape::Of({2, 2}));
  tensorflow::GraphDef graph;
  const auto& node = NodeOf(root, y, &graph);
  CHECK_FALSE(node.attr().at("transpose_a").b());
  CHECK(node.attr().at("transpose_b").b());
  // Every attr of the table's spec is present, as TensorFlow writes them.
  const OpSpec* spec = FindOpSpec("MatMul");
  REQUIRE(spec != nullptr);
  for (const AttrSpec& attr : spec->attrs) {
    CHECK(node.attr().count(attr.name) == 1);
  }
}

TEST_CASE("literals convert to the dtype their arg needs") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root, DT_DOUBLE, Shape::Of({3}));
  auto y = ops::Mul(root, x, 2);  // int literal -> double Const
  CHECK(y.dtype() == DT_DOUBLE);
  auto z = ops::AddV2(root, 0.5f, x);  // literal first: still double
  CHECK(z.dtype() == DT_DOUBLE);
  REQUIRE(root.ok());
  auto bad = ops::Placeholder(root, DT_INT32, Shape::Of({3}));
  ops::AddV2(root.WithOpName("add"), bad, 0.5);
  CHECK(root.status().message() ==
        "node 'add' (AddV2): input 'y': the double constant value 0.500000 "
        "is not exactly representable as int32");
}

TEST_CASE("multi-output ops name their outputs node:i") {
  Scope root = Scope::NewRootScope();
  auto logits = ops::Placeholder(root, DT_FLOAT, Shape::Of({8, 10}));
  auto labels = ops::Placeholder(root, DT_INT64, Shape::Of({8}));
  auto xent = ops::SparseSoftmaxCrossEntropyWithLogits(root.WithOpName("xent"),
                                                       logits, labels);
  CHECK(xent.operation.name() == "xent");
  CHECK(xent.operation.num_outputs() == 2);
  CHECK(xent.loss.name() == "xent");
  CHECK(xent.backprop.name() == "xent:1");
  CHECK(xent.loss.shape() == Shape::Of({8}));
  CHECK(xent.backprop.shape() == Shape::Of({8, 10}));
  auto g = ops::Identity(root.WithOpName("g"), xent.backprop);
  tensorflow::GraphDef graph;
  CHECK(NodeOf(root, g, &graph).input(0) == "xent:1");
}

TEST_CASE("the generic builder reports table errors by node") {
  Scope root = Scope::NewRootScope();
  SECTION("unknown op") {
    NodeBuilder b(root.WithOpName("n"), "NoSuchOp");
    CHECK_FALSE(b.Finalize().valid());
    CHECK(root.status().code() == StatusCode::kNotFound);
    CHECK(root.status().message() ==
          "node 'n' (NoSuchOp): op 'NoSuchOp' is not in Kiln's op table");
  }
  SECTION("missing required attr") {
    NodeBuilder b(root.WithOpName("p"), "Placeholder");
    CHECK_FALSE(b.Finalize().valid());
    CHECK(root.status().message() ==
          "node 'p' (Placeholder): missing attr 'dtype'");
  }
  SECTION("attr of the wrong kind") {
    NodeBuilder b(root.WithOpName("p"), "Placeholder");
    b.Attr("dtype", true);
    CHECK_FALSE(b.Finalize().valid());
    CHECK(root.status().message() ==
          "node 'p' (Placeholder): attr 'dtype' must be a type");
  }
  SECTION("unknown attr") {
    NodeBuilder b(root.WithOpName("p"), "Placeholder");
    b.Attr("dtype", DT_FLOAT).Attr("colour", "red");
    CHECK_FALSE(b.Finalize().valid());
    CHECK(root.status().message() ==
          "node 'p' (Placeholder): 'Placeholder' has no attr 'colour'");
  }
  SECTION("wrong number of args") {
    NodeBuilder b(root.WithOpName("m"), "MatMul");
    b.AddInput(1.0f);
    CHECK_FALSE(b.Finalize().valid());
    CHECK(root.status().message() ==
          "node 'm' (MatMul): 'MatMul' takes 2 input args but 1 were given");
  }
  SECTION("dtype disallowed by the table") {
    auto s = ops::Placeholder(root, DT_STRING, Shape::Of({2, 2}));
    ops::MatMul(root.WithOpName("m"), s, s);
    CHECK(root.status().message().rfind(
              "node 'm' (MatMul): 'MatMul' attr 'T' does not allow dtype "
              "string",
              0) == 0);
  }
  SECTION("inputs disagreeing on T") {
    auto f = ops::Placeholder(root, DT_FLOAT, Shape::Of({2}));
    auto i = ops::Placeholder(root, DT_INT32, Shape::Of({2}));
    ops::AddV2(root.WithOpName("add"), f, i);
    CHECK(root.status().message() ==
          "node 'add' (AddV2): 'AddV2' input 'y' has dtype int32 but 'T' is "
          "float");
  }
}

TEST_CASE("a failed op's Output poisons nothing but is invalid") {
  Scope root = Scope::NewRootScope();
  Output invalid;
  auto y = ops::Neg(root.WithOpName("neg"), invalid);
  CHECK_FALSE(y.valid());
  CHECK(root.status().message().find("node 'neg' (Neg): input 'x' is not a "
                                     "valid Output") == 0);
}

TEST_CASE("constant inputs drive shape functions") {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root, DT_FLOAT, Shape::Of({kUnknownDim, 28, 28}));
  auto flat = ops::Reshape(root, x, {-1, 784});
  CHECK(flat.shape() == Shape::Of({kUnknownDim, 784}));
  auto t = ops::Transpose(root, x, {2, 0, 1});
  CHECK(t.shape() == Shape::Of({28, kUnknownDim, 28}));
}

}  // namespace
}  // namespace kiln
