// Every op of the table (but Const) has a generated builder; one node of each,
// built from random valid inputs, gets the op name and the dtypes/shapes the
// table's InferOutputTypes gives (run again here through the runtime's own
// NodeAttrSource over a GraphView), refined as the runtime's InferGraphShapes
// refines them (a variable's read has the variable's shape), and, where the
// test knows them, the expected shapes.
#include <catch2/catch.hpp>
#include <random>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "runtime/graph/graph_shapes.h"
#include "runtime/graph/graph_view.h"
#include "runtime/graph/node_attr_source.h"
#include "tests/frontend/op_cases.h"

namespace kiln {
namespace {

std::string TypesToString(const std::vector<TensorType>& types) {
  std::string s;
  for (const TensorType& t : types) {
    s += (s.empty() ? "" : ", ") + DataTypeName(t.dtype) + t.shape.ToString();
  }
  return "(" + s + ")";
}

TEST_CASE("every op but Const has a generated builder") {
  size_t ops = 0;
  for (const OpSpec& spec : AllOpSpecs()) {
    if (spec.name == "Const") continue;
    ++ops;
    INFO(spec.name);
    CHECK(internal::FindGeneratedOpBuilder(spec.name) != nullptr);
  }
  CHECK(internal::FindGeneratedOpBuilder("Const") == nullptr);
  CHECK(internal::GeneratedOpBuilders().size() == ops);
}

TEST_CASE("one node of every op builds with the table's types") {
  std::mt19937 rng(1234);
  for (int round = 0; round < 3; ++round) {
    for (const OpSpec& spec : AllOpSpecs()) {
      if (spec.name == "Const") continue;
      INFO("op " << spec.name << ", round " << round);
      const internal::GeneratedOpBuilder* builder =
          internal::FindGeneratedOpBuilder(spec.name);
      REQUIRE(builder != nullptr);
      Scope root = Scope::NewRootScope();
      testing::OpCase c = testing::MakeOpCase(spec, root, rng);
      OutputList outputs =
          builder->build(root.WithOpName("node"), c.args, c.attrs);
      INFO(root.status().ToString());
      REQUIRE(root.ok());

      tensorflow::GraphDef graph;
      REQUIRE(root.ToGraphDef(&graph).ok());
      StatusOr<GraphView> view = GraphView::Build(graph);
      REQUIRE(view.ok());
      const tensorflow::NodeDef* node = view->FindNode("node");
      REQUIRE(node != nullptr);
      CHECK(node->op() == spec.name);

      std::vector<TensorType> inputs;
      for (const OutputList& arg : c.args) {
        for (const Output& in : arg) inputs.push_back({in.dtype(), in.shape()});
      }
      NodeAttrSource attrs(*node, &spec, &*view);
      StatusOr<std::vector<TensorType>> want =
          InferOutputTypes(spec, inputs, attrs);
      INFO(want.status().ToString());
      REQUIRE(want.ok());
      std::vector<TensorType> got;
      for (const Output& out : outputs)
        got.push_back({out.dtype(), out.shape()});
      INFO("built " << TypesToString(got) << ", table "
                    << TypesToString(*want));
      REQUIRE(got.size() == want->size());
      StatusOr<GraphShapes> graph_shapes = InferGraphShapes(*view);
      REQUIRE(graph_shapes.ok());
      for (size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].dtype == (*want)[i].dtype);
        // The builder may only know more than the op's own shape function.
        if (!(*want)[i].shape.unknown_rank) {
          CHECK(got[i].shape == (*want)[i].shape);
        }
        const TensorType* refined =
            graph_shapes->Find("node", static_cast<int>(i));
        REQUIRE(refined != nullptr);
        CHECK(got[i].dtype == refined->dtype);
        CHECK(got[i].shape == refined->shape);
      }
      if (c.expected) {
        INFO("expected " << TypesToString(*c.expected));
        REQUIRE(got.size() == c.expected->size());
        for (size_t i = 0; i < got.size(); ++i) {
          CHECK(got[i].dtype == (*c.expected)[i].dtype);
          CHECK(got[i].shape == (*c.expected)[i].shape);
        }
      }
    }
  }
}

}  // namespace
}  // namespace kiln
