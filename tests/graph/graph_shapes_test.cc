// Tests of InferGraphShapes and NodeAttrSource: shapes through the op table,
// variables, constant inputs, ops Kiln does not know, and errors that name
// the node.
#include "runtime/graph/graph_shapes.h"

#include <google/protobuf/text_format.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "runtime/graph/node_attr_source.h"

namespace kiln {
namespace {

using tensorflow::GraphDef;

GraphDef Parse(const std::string& text) {
  GraphDef graph;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(text, &graph));
  return graph;
}

// Shapes of `text`'s graph, which must infer without error.
GraphShapes Infer(const GraphDef& graph) {
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE(view.ok());
  StatusOr<GraphShapes> shapes = InferGraphShapes(*view);
  INFO(shapes.status().ToString());
  REQUIRE(shapes.ok());
  return *shapes;
}

std::string TypeOf(const GraphShapes& shapes, const std::string& node,
                   int i = 0) {
  const TensorType* t = shapes.Find(node, i);
  if (t == nullptr) return "none";
  const std::string dtype =
      t->dtype == tensorflow::DT_INVALID ? "?" : DataTypeName(t->dtype);
  return dtype + " " + t->shape.ToString();
}

constexpr char kDense[] = R"(
  node { name: "x" op: "Placeholder"
         attr { key: "dtype" value { type: DT_FLOAT } }
         attr { key: "shape" value { shape { dim { size: -1 } dim { size: 784 } } } } }
  node { name: "w" op: "VarHandleOp"
         attr { key: "dtype" value { type: DT_FLOAT } }
         attr { key: "shape" value { shape { dim { size: 784 } dim { size: 10 } } } } }
  node { name: "w/read" op: "ReadVariableOp" input: "w"
         attr { key: "dtype" value { type: DT_FLOAT } } }
  node { name: "fc/MatMul" op: "MatMul" input: "x" input: "w/read"
         attr { key: "T" value { type: DT_FLOAT } } }
  node { name: "relu" op: "Relu" input: "fc/MatMul"
         attr { key: "T" value { type: DT_FLOAT } } })";

TEST_CASE("Shapes flow through the op table and variables") {
  const GraphShapes shapes = Infer(Parse(kDense));
  CHECK(TypeOf(shapes, "x") == "float [?,784]");
  CHECK(TypeOf(shapes, "w") == "resource []");
  CHECK(TypeOf(shapes, "w/read") == "float [784,10]");
  // transpose_a/transpose_b are left out: the table's defaults apply.
  CHECK(TypeOf(shapes, "fc/MatMul") == "float [?,10]");
  CHECK(TypeOf(shapes, "relu") == "float [?,10]");
  CHECK(shapes.Find("relu", 1) == nullptr);
  CHECK(shapes.Find("nope", 0) == nullptr);
}

TEST_CASE("A failing shape function names the node and its op") {
  const GraphDef graph = Parse(R"(
    node { name: "a" op: "Placeholder"
           attr { key: "dtype" value { type: DT_FLOAT } }
           attr { key: "shape" value { shape { dim { size: 2 } dim { size: 3 } } } } }
    node { name: "b" op: "Placeholder"
           attr { key: "dtype" value { type: DT_FLOAT } }
           attr { key: "shape" value { shape { dim { size: 4 } dim { size: 5 } } } } }
    node { name: "fc/MatMul" op: "MatMul" input: "a" input: "b"
           attr { key: "T" value { type: DT_FLOAT } } })");
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE(view.ok());
  StatusOr<GraphShapes> shapes = InferGraphShapes(*view);
  REQUIRE_FALSE(shapes.ok());
  CHECK(shapes.status().message() ==
        "node 'fc/MatMul' (MatMul): 'MatMul' inner dimensions differ: 3 vs 4");
}

TEST_CASE("Reading an output a known op does not have is an error") {
  const GraphDef graph = Parse(R"(
    node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "r" op: "Relu" input: "x:1" attr { key: "T" value { type: DT_FLOAT } } })");
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE(view.ok());
  StatusOr<GraphShapes> shapes = InferGraphShapes(*view);
  REQUIRE_FALSE(shapes.ok());
  CHECK(shapes.status().message() ==
        "node 'r' (Relu): input 'x:1' refers to output 1 of node 'x' "
        "(Placeholder), which has 1 output(s)");
}

TEST_CASE("Reshape reads its constant shape input in every encoding") {
  const std::string x = R"(
    node { name: "x" op: "Placeholder"
           attr { key: "dtype" value { type: DT_FLOAT } }
           attr { key: "shape" value { shape { dim { size: 2 } dim { size: 6 } } } } })";
  const std::string reshape = R"(
    node { name: "r" op: "Reshape" input: "x" input: "s"
           attr { key: "T" value { type: DT_FLOAT } } })";
  auto with_shape = [&](const std::string& tensor) {
    return Parse(x + R"( node { name: "s" op: "Const"
        attr { key: "dtype" value { type: DT_INT32 } }
        attr { key: "value" value { tensor { dtype: DT_INT32 )" +
                 tensor + " } } } }" + reshape);
  };
  CHECK(TypeOf(Infer(with_shape("tensor_shape { dim { size: 3 } } int_val: 3 "
                                "int_val: -1 int_val: 2")),
               "r") == "float [3,2,2]");
  // tensor_content: little-endian int32 {4, 3}.
  CHECK(TypeOf(Infer(with_shape(
                   R"(tensor_shape { dim { size: 2 } } )"
                   R"(tensor_content: "\004\000\000\000\003\000\000\000")")),
               "r") == "float [4,3]");
  // One value splat over the shape: {-1}.
  CHECK(
      TypeOf(Infer(with_shape("tensor_shape { dim { size: 1 } } int_val: -1")),
             "r") == "float [12]");
}

TEST_CASE("Ops Kiln does not know get outputs from attrs and consumers") {
  const GraphShapes shapes = Infer(Parse(R"(
    node { name: "x" op: "MysteryOp"
           attr { key: "T" value { type: DT_INT64 } }
           attr { key: "_output_shapes" value { list {
             shape { dim { size: 5 } } shape { unknown_rank: true } } } } }
    node { name: "y" op: "AnotherOp" input: "x:1" }
    node { name: "z" op: "Identity" input: "y:2"
           attr { key: "T" value { type: DT_HALF } } }
    node { name: "add" op: "MysteryAssignOp"
           attr { key: "dtype" value { type: DT_FLOAT } } })"));
  CHECK(TypeOf(shapes, "x", 0) == "int64 [5]");
  CHECK(TypeOf(shapes, "x", 1) == "int64 <unknown>");
  CHECK(shapes.OutputsOf("y").size() == 3);
  CHECK(TypeOf(shapes, "y", 2) == "? <unknown>");
  // The table fills the unknown dtype from Identity's T.
  CHECK(TypeOf(shapes, "z") == "half <unknown>");
  // A dtype attr is no sign of an output.
  CHECK(shapes.OutputsOf("add").empty());
}

TEST_CASE("A call of a library function takes its signature's dtypes") {
  const GraphShapes shapes = Infer(Parse(R"(
    node { name: "call" op: "two_outputs" }
    library { function { signature {
      name: "two_outputs"
      output_arg { name: "a" type: DT_FLOAT }
      output_arg { name: "b" type_attr: "Tb" } } } })"));
  REQUIRE(shapes.OutputsOf("call").size() == 2);
  CHECK(TypeOf(shapes, "call", 0) == "float <unknown>");
  CHECK(TypeOf(shapes, "call", 1) == "? <unknown>");
}

TEST_CASE("IntTensorValues decodes int tensors and rejects the rest") {
  tensorflow::TensorProto t;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(
      "dtype: DT_INT64 tensor_shape { dim { size: 3 } } int64_val: 7", &t));
  CHECK(IntTensorValues(t) == std::vector<int64_t>{7, 7, 7});
  t.add_int64_val(8);
  CHECK(IntTensorValues(t) == std::vector<int64_t>{7, 8, 8});
  t.clear_int64_val();
  CHECK(IntTensorValues(t) == std::vector<int64_t>{0, 0, 0});
  for (int i = 0; i < 4; ++i) t.add_int64_val(i);
  CHECK_FALSE(IntTensorValues(t).has_value());  // more values than elements
  t.set_dtype(tensorflow::DT_FLOAT);
  CHECK_FALSE(IntTensorValues(t).has_value());
  t.set_dtype(tensorflow::DT_INT32);
  t.clear_int64_val();
  t.set_tensor_content(std::string("\x01\x00\x00", 3));  // not 3 x 4 bytes
  CHECK_FALSE(IntTensorValues(t).has_value());
}

TEST_CASE("NodeAttrSource reads attrs and falls back to the table's defaults") {
  const GraphDef graph = Parse(R"(
    node { name: "m" op: "MatMul"
           attr { key: "T" value { type: DT_FLOAT } }
           attr { key: "transpose_a" value { b: true } }
           attr { key: "ints" value { list { i: 1 i: 2 } } }
           attr { key: "s" value { s: "NHWC" } } })");
  const OpSpec* spec = FindOpSpec("MatMul");
  REQUIRE(spec != nullptr);
  NodeAttrSource attrs(graph.node(0), spec);
  CHECK(attrs.GetType("T") == tensorflow::DT_FLOAT);
  CHECK(attrs.GetBool("transpose_a") == true);
  CHECK(attrs.GetBool("transpose_b") == false);  // the default
  CHECK(attrs.GetIntList("ints") == std::vector<int64_t>{1, 2});
  CHECK(attrs.GetString("s") == "NHWC");
  CHECK_FALSE(attrs.GetInt("T").has_value());  // wrong kind
  CHECK_FALSE(attrs.GetShape("missing").has_value());
  CHECK_FALSE(attrs.GetConstantInput(0).has_value());  // no GraphView
}

}  // namespace
}  // namespace kiln
