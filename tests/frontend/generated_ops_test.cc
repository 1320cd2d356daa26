// The generated builders' C++ signatures: TensorFlow's argument order,
// required attrs as parameters, chainable attrs structs, structs for several
// outputs and Operation for none.
#include <catch2/catch.hpp>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"

namespace kiln {
namespace {

const tensorflow::NodeDef& Node(const Scope& scope, const std::string& name,
                                tensorflow::GraphDef* graph) {
  Status status = scope.ToGraphDef(graph);
  INFO(status.ToString());
  REQUIRE(status.ok());
  for (const auto& node : graph->node()) {
    if (node.name() == name) return node;
  }
  FAIL("no node " << name);
  return graph->node(0);
}

TEST_CASE("required attrs are parameters, the rest an attrs struct") {
  Scope root = Scope::NewRootScope();
  auto unknown = ops::Placeholder(root.WithOpName("u"), DT_FLOAT);
  CHECK(unknown.shape() == Shape::Unknown());
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            ops::PlaceholderAttrs().Shape(Shape::Of({4, 3})));
  CHECK(x.shape() == Shape::Of({4, 3}));
  auto i = ops::Cast(root.WithOpName("cast"), x, DT_INT32,
                     ops::CastAttrs().Truncate(true));
  CHECK(i.dtype() == DT_INT32);
  auto am = ops::ArgMax(root.WithOpName("argmax"), x, 1,
                        ops::ArgMaxAttrs().OutputType(DT_INT32));
  CHECK(am.dtype() == DT_INT32);
  CHECK(am.shape() == Shape::Of({4}));
  auto mm = ops::MatMul(root.WithOpName("mm"), x, x,
                        ops::MatMulAttrs().TransposeA(true).TransposeB(false));
  CHECK(mm.shape() == Shape::Of({3, 3}));
  auto sq = ops::Squeeze(root, ops::ExpandDims(root, x, 0),
                         ops::SqueezeAttrs().SqueezeDims({0}));
  CHECK(sq.shape() == Shape::Of({4, 3}));

  tensorflow::GraphDef graph;
  CHECK(Node(root, "cast", &graph).attr().at("Truncate").b());
  CHECK(Node(root, "cast", &graph).attr().at("SrcT").type() == DT_FLOAT);
  CHECK(Node(root, "cast", &graph).attr().at("DstT").type() == DT_INT32);
  CHECK(Node(root, "argmax", &graph).attr().at("output_type").type() ==
        DT_INT32);
  CHECK(Node(root, "mm", &graph).attr().at("transpose_a").b());
}

TEST_CASE("resource variables: handles, reads and assigns") {
  Scope root = Scope::NewRootScope();
  auto var =
      ops::VarHandleOp(root.WithOpName("w"), DT_FLOAT, Shape::Of({784, 10}),
                       ops::VarHandleOpAttrs().SharedName("w"));
  CHECK(var.dtype() == DT_RESOURCE);
  Operation assign =
      ops::AssignVariableOp(root.WithOpName("assign"), var,
                            ops::Const(root, 0.f, Shape::Of({784, 10})));
  CHECK(assign.valid());
  CHECK(assign.num_outputs() == 0);
  auto read = ops::ReadVariableOp(root.WithControlDependencies({assign}), var,
                                  DT_FLOAT);
  CHECK(read.dtype() == DT_FLOAT);
  Operation noop = ops::NoOp(root.WithOpName("init"));
  CHECK(noop.name() == "init");

  tensorflow::GraphDef graph;
  const auto& handle = Node(root, "w", &graph);
  CHECK(handle.attr().at("shared_name").s() == "w");
  CHECK(handle.attr().at("container").s().empty());
  CHECK(Shape::FromProto(handle.attr().at("shape").shape()) ==
        Shape::Of({784, 10}));
  const auto& r = Node(root, read.node_name(), &graph);
  REQUIRE(r.input_size() == 2);
  CHECK(r.input(1) == "^assign");
}

TEST_CASE("variables' dtype and shape reach their reads and assigns") {
  Scope root = Scope::NewRootScope();
  auto var = ops::VarHandleOp(root.WithOpName("v"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 3}));
  CHECK(ops::ReadVariableOp(root, var, DT_FLOAT).shape() ==
        Shape::Of({kUnknownDim, 3}));
  CHECK(
      ops::AssignVariableOp(root, var, ops::Const(root, 1.f, Shape::Of({2, 3})))
          .valid());
  SECTION("a read of another dtype") {
    ops::ReadVariableOp(root.WithOpName("r"), var, DT_INT32);
    CHECK(root.status().message() ==
          "node 'r' (ReadVariableOp): 'ReadVariableOp' uses a float "
          "variable as int32");
  }
  SECTION("an assign of another shape") {
    ops::AssignVariableOp(root.WithOpName("a"), var,
                          ops::Const(root, 1.f, Shape::Of({2, 4})));
    CHECK(root.status().message() ==
          "node 'a' (AssignVariableOp): 'AssignVariableOp' assigns a value "
          "of shape [2,4] to a variable of shape [?,3]");
  }
}

TEST_CASE("list inputs take an OutputList or a braced list") {
  Scope root = Scope::NewRootScope();
  auto a = ops::Placeholder(root, DT_FLOAT, Shape::Of({2, 3}));
  auto b = ops::Placeholder(root, DT_FLOAT, Shape::Of({2, 3}));
  OutputList parts = {a, b, a};
  auto cat = ops::ConcatV2(root, parts, -1);
  CHECK(cat.shape() == Shape::Of({2, 9}));
  auto stacked = ops::Pack(root, {a, b}, ops::PackAttrs().Axis(-1));
  CHECK(stacked.shape() == Shape::Of({2, 3, 2}));
  // A literal may sit in a list; it takes the list's dtype.
  auto mixed = ops::Pack(root, {ops::Const(root, {1.f, 2.f}), {3, 4}});
  CHECK(mixed.dtype() == DT_FLOAT);
  CHECK(mixed.shape() == Shape::Of({2, 2}));
  CHECK(root.ok());
}

TEST_CASE("several outputs come back as a struct") {
  Scope root = Scope::NewRootScope();
  auto logits = ops::Placeholder(root, DT_FLOAT, Shape::Of({kUnknownDim, 10}));
  auto labels = ops::Placeholder(root, DT_FLOAT, Shape::Of({kUnknownDim, 10}));
  ops::SoftmaxCrossEntropyWithLogitsOutputs xent =
      ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), logits,
                                         labels);
  CHECK(xent.loss.shape() == Shape::Of({kUnknownDim}));
  CHECK(xent.backprop.shape() == Shape::Of({kUnknownDim, 10}));
  CHECK(xent.backprop.name() == "xent:1");
  CHECK(xent.operation.output(1) == xent.backprop);
}

TEST_CASE("a failed builder returns invalid handles") {
  Scope root = Scope::NewRootScope();
  auto a = ops::Placeholder(root, DT_FLOAT, Shape::Of({2, 3}));
  auto labels = ops::Placeholder(root, DT_INT32, Shape::Of({5}));
  auto xent = ops::SparseSoftmaxCrossEntropyWithLogits(root, a, labels);
  CHECK_FALSE(xent.operation.valid());
  CHECK_FALSE(xent.loss.valid());
  CHECK_FALSE(root.ok());
  CHECK_FALSE(ops::NoOp(root).valid());
}

TEST_CASE("the attrs struct holds TensorFlow's defaults") {
  ops::StridedSliceAttrs s;
  CHECK(s.begin_mask == 0);
  CHECK(s.shrink_axis_mask == 0);
  CHECK(ops::BiasAddAttrs().data_format == "NHWC");
  CHECK(ops::OneHotAttrs().axis == -1);
  CHECK(ops::ArgMaxAttrs().output_type == DT_INT64);
  CHECK(ops::EqualAttrs().incompatible_shape_error);
  CHECK(ops::PlaceholderAttrs().shape == Shape::Unknown());
  CHECK(ops::VarHandleOpAttrs().allowed_devices.empty());
}

}  // namespace
}  // namespace kiln
