// Tests of GraphView: edge parsing, the stable topological order (checked on
// random DAGs in shuffled GraphDef order) and the errors for cycles, dangling
// inputs, duplicate names and malformed inputs.
#include "runtime/graph/graph_view.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace kiln {
namespace {

using tensorflow::GraphDef;

GraphDef Parse(const std::string& text) {
  GraphDef graph;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(text, &graph));
  return graph;
}

std::vector<std::string> OrderOf(const GraphView& view) {
  std::vector<std::string> names;
  for (const auto* node : view.topological_order())
    names.push_back(node->name());
  return names;
}

std::string BuildError(const GraphDef& graph) {
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE_FALSE(view.ok());
  CHECK(view.status().code() == StatusCode::kInvalidArgument);
  return view.status().message();
}

TEST_CASE("ParseEdge reads data and control inputs") {
  StatusOr<Edge> plain = ParseEdge("fc/MatMul");
  REQUIRE(plain.ok());
  CHECK(plain->node == "fc/MatMul");
  CHECK(plain->index == 0);
  CHECK_FALSE(plain->is_control());

  StatusOr<Edge> indexed = ParseEdge("split:12");
  REQUIRE(indexed.ok());
  CHECK(indexed->node == "split");
  CHECK(indexed->index == 12);

  StatusOr<Edge> control = ParseEdge("^init");
  REQUIRE(control.ok());
  CHECK(control->node == "init");
  CHECK(control->is_control());
}

TEST_CASE("Edge::ToString gives back the input string") {
  for (const char* input : {"x", "x:1", "^x", "a/b:7"}) {
    StatusOr<Edge> edge = ParseEdge(input);
    REQUIRE(edge.ok());
    CHECK(edge->ToString() == input);
  }
  CHECK(ParseEdge("x:0")->ToString() == "x");
}

TEST_CASE("ParseEdge rejects malformed inputs") {
  for (const char* input : {"", ":1", "x:", "x:y", "x:-1", "x:+1", "x:1a", "^",
                            "^x:1", "x:99999999999999999999"}) {
    INFO("input: '" << input << "'");
    StatusOr<Edge> edge = ParseEdge(input);
    REQUIRE_FALSE(edge.ok());
    CHECK(edge.status().message().find("malformed input") != std::string::npos);
  }
}

TEST_CASE("Build indexes nodes, inputs, referenced outputs and sinks") {
  const GraphDef graph = Parse(R"(
    node { name: "x" op: "Placeholder" }
    node { name: "split" op: "Split" input: "x" }
    node { name: "a" op: "Relu" input: "split:2" input: "^x" }
    node { name: "b" op: "Relu" input: "split" })");
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE(view.ok());
  CHECK(OrderOf(*view) == std::vector<std::string>{"x", "split", "a", "b"});
  REQUIRE(view->FindNode("a") != nullptr);
  CHECK(view->FindNode("a")->op() == "Relu");
  CHECK(view->FindNode("nope") == nullptr);
  const std::vector<Edge>& inputs = view->inputs(*view->FindNode("a"));
  REQUIRE(inputs.size() == 2);
  CHECK(inputs[0].ToString() == "split:2");
  CHECK(inputs[1].is_control());
  CHECK(view->NumReferencedOutputs("split") == 3);
  CHECK(view->NumReferencedOutputs("x") == 1);
  CHECK(view->NumReferencedOutputs("b") == 0);
  CHECK(view->NumReferencedOutputs("nope") == 0);
  CHECK(view->SinkNodes() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("Ties keep the GraphDef's order") {
  // c needs a; b is free. Ready first: a and b; a goes first (earlier in the
  // GraphDef than b), which frees c, earlier than b.
  const GraphDef graph = Parse(R"(
    node { name: "c" op: "Relu" input: "a" }
    node { name: "a" op: "Placeholder" }
    node { name: "b" op: "Placeholder" })");
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE(view.ok());
  CHECK(OrderOf(*view) == std::vector<std::string>{"a", "c", "b"});
}

TEST_CASE("An empty graph has an empty order") {
  const GraphDef graph;  // the view points into it: no temporary
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE(view.ok());
  CHECK(view->topological_order().empty());
  CHECK(view->SinkNodes().empty());
}

// A random DAG: node i only reads nodes created before it (data and control
// edges, random output indices).
GraphDef RandomDag(std::mt19937& rng, int n) {
  GraphDef graph;
  for (int i = 0; i < n; ++i) {
    auto* node = graph.add_node();
    node->set_name("n" + std::to_string(i));
    node->set_op("Op");
    if (i == 0) continue;
    std::uniform_int_distribution<int> pick(0, i - 1), count(0, 3), out(0, 2);
    const int data = count(rng), control = count(rng) / 2;
    for (int k = 0; k < data; ++k) {
      const int p = pick(rng), index = out(rng);
      node->add_input("n" + std::to_string(p) +
                      (index ? ":" + std::to_string(index) : ""));
    }
    for (int k = 0; k < control; ++k) {
      node->add_input("^n" + std::to_string(pick(rng)));
    }
  }
  return graph;
}

void Shuffle(GraphDef& graph, std::mt19937& rng) {
  std::vector<tensorflow::NodeDef> nodes(graph.node().begin(),
                                         graph.node().end());
  std::shuffle(nodes.begin(), nodes.end(), rng);
  graph.clear_node();
  for (auto& node : nodes) *graph.add_node() = std::move(node);
}

void CheckRespectsEdges(const GraphView& view) {
  std::map<std::string, size_t> position;
  for (const auto* node : view.topological_order()) {
    position[node->name()] = position.size();
  }
  REQUIRE(position.size() == static_cast<size_t>(view.graph().node_size()));
  for (const auto& node : view.graph().node()) {
    for (const Edge& edge : view.inputs(node)) {
      INFO(edge.ToString() << " -> " << node.name());
      CHECK(position.at(edge.node) < position.at(node.name()));
    }
  }
}

TEST_CASE("Random DAGs in shuffled order sort with every edge respected") {
  std::mt19937 rng(20261123);
  for (int trial = 0; trial < 200; ++trial) {
    GraphDef graph = RandomDag(rng, 1 + trial % 40);
    {
      // Already sorted: the order is the GraphDef's.
      StatusOr<GraphView> view = GraphView::Build(graph);
      REQUIRE(view.ok());
      for (int i = 0; i < graph.node_size(); ++i) {
        CHECK(view->topological_order()[i] == &graph.node(i));
      }
    }
    Shuffle(graph, rng);
    StatusOr<GraphView> view = GraphView::Build(graph);
    REQUIRE(view.ok());
    CheckRespectsEdges(*view);
  }
}

TEST_CASE("A back edge in a random DAG is reported as a cycle") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    GraphDef graph = RandomDag(rng, 3 + trial % 20);
    // The last node waits for n0 and n0 for the last node.
    const int last = graph.node_size() - 1;
    graph.mutable_node(last)->add_input("^n0");
    graph.mutable_node(0)->add_input("^n" + std::to_string(last));
    Shuffle(graph, rng);
    const std::string error = BuildError(graph);
    INFO(error);
    CHECK(error.rfind("graph has a cycle through node '", 0) == 0);
  }
}

TEST_CASE("Cycles are named by a node on them") {
  const GraphDef graph = Parse(R"(
    node { name: "x" op: "Placeholder" }
    node { name: "down" op: "Relu" input: "b" }
    node { name: "b" op: "Relu" input: "a" }
    node { name: "a" op: "AddV2" input: "x" input: "c" }
    node { name: "c" op: "Relu" input: "b" })");
  CHECK(BuildError(graph) ==
        "graph has a cycle through node 'b': b -> c -> a -> b");

  const GraphDef self = Parse(R"(node { name: "a" op: "Relu" input: "a" })");
  CHECK(BuildError(self) == "graph has a cycle through node 'a': a -> a");

  const GraphDef control = Parse(R"(
    node { name: "a" op: "NoOp" input: "^b" }
    node { name: "b" op: "Relu" input: "a" })");
  CHECK(BuildError(control).rfind("graph has a cycle through node 'a'", 0) ==
        0);
}

TEST_CASE("A while loop's NextIteration -> Merge edge is no cycle") {
  const GraphDef graph = Parse(R"(
    node { name: "enter" op: "Enter" }
    node { name: "merge" op: "Merge" input: "enter" input: "next" }
    node { name: "body" op: "Relu" input: "merge" }
    node { name: "next" op: "NextIteration" input: "body" })");
  StatusOr<GraphView> view = GraphView::Build(graph);
  REQUIRE(view.ok());
  CHECK(OrderOf(*view) ==
        std::vector<std::string>{"enter", "merge", "body", "next"});
}

TEST_CASE("Dangling inputs name the node and the input") {
  const GraphDef graph = Parse(R"(
    node { name: "x" op: "Placeholder" }
    node { name: "relu" op: "Relu" input: "x" input: "^gone" })");
  CHECK(BuildError(graph) ==
        "node 'relu' has dangling input '^gone': no node named 'gone'");
}

TEST_CASE("Duplicate and empty names are errors") {
  CHECK(BuildError(Parse(R"(
    node { name: "x" op: "Placeholder" }
    node { name: "x" op: "Const" })")) == "duplicate node name 'x'");
  CHECK(BuildError(Parse(R"(node { op: "Const" })")) ==
        "node #0 (Const) has an empty name");
}

TEST_CASE("Malformed inputs and data after control inputs are errors") {
  CHECK(BuildError(Parse(R"(
    node { name: "x" op: "Placeholder" }
    node { name: "y" op: "Relu" input: "x:one" })")) ==
        "node 'y': malformed input 'x:one': the output index is not a number");
  CHECK(BuildError(Parse(R"(
    node { name: "x" op: "Placeholder" }
    node { name: "y" op: "AddV2" input: "^x" input: "x" })")) ==
        "node 'y': data input 'x' follows a control input");
}

}  // namespace
}  // namespace kiln
