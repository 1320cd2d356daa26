// Random DAGs of element-wise ops, with random control edges, node order
// shuffled, survive GraphDef -> kiln dialect -> GraphDef unchanged.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "tests/ir/graph_compare.h"

namespace kiln::testing {
namespace {

tensorflow::GraphDef RandomGraph(std::mt19937& rng, int num_nodes) {
  tensorflow::GraphDef graph;
  auto* x = graph.add_node();
  x->set_name("x");
  x->set_op("Placeholder");
  (*x->mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
  auto* shape = (*x->mutable_attr())["shape"].mutable_shape();
  shape->add_dim()->set_size(-1);
  shape->add_dim()->set_size(5);
  const char* unary[] = {"Relu", "Tanh", "Sigmoid", "Exp", "Neg", "Identity"};
  const char* binary[] = {"AddV2", "Mul", "Sub", "Maximum", "Minimum"};
  for (int i = 1; i < num_nodes; ++i) {
    auto* node = graph.add_node();
    node->set_name("n" + std::to_string(i) + "/op");
    std::uniform_int_distribution<int> pick(0, i - 1);
    auto name_of = [&](int k) { return graph.node(k).name(); };
    bool is_binary = rng() % 2 == 0;
    node->set_op(is_binary ? binary[rng() % 5] : unary[rng() % 6]);
    node->add_input(name_of(pick(rng)));
    if (is_binary) node->add_input(name_of(pick(rng)));
    int control = pick(rng);
    if (control > 0 && rng() % 3 == 0) node->add_input("^" + name_of(control));
    if (rng() % 4 == 0) node->set_device("/device:CPU:0");
    (*node->mutable_attr())["T"].set_type(tensorflow::DT_FLOAT);
  }
  std::shuffle(graph.mutable_node()->begin(), graph.mutable_node()->end(), rng);
  return graph;
}

TEST_CASE("random graphs round-trip through the kiln dialect") {
  std::mt19937 rng(Catch::rngSeed());
  for (int trial = 0; trial < 25; ++trial) {
    tensorflow::GraphDef graph = RandomGraph(rng, 2 + trial * 3);
    tensorflow::GraphDef back = RoundTrip(graph);
    INFO("trial " << trial);
    CHECK(DiffGraphs(graph, back) == "");
    // A second trip is a fixed point, node order included.
    tensorflow::GraphDef again = RoundTrip(back);
    REQUIRE(again.node_size() == back.node_size());
    for (int i = 0; i < back.node_size(); ++i)
      CHECK(again.node(i).name() == back.node(i).name());
  }
}

}  // namespace
}  // namespace kiln::testing
