// Session errors are Status values that name the feed, fetch or node.
#include <catch2/catch.hpp>

#include "frontend/session.h"
#include "tests/session/mlp_graph.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

bool Mentions(const Status& s, const std::string& what) {
  return !s.ok() && s.ToString().find(what) != std::string::npos;
}

TEST_CASE("Bad feeds, fetches and graphs are errors naming them") {
  auto created = Session::Create(MlpGraph(1));
  REQUIRE(created.ok());
  Session& s = **created;
  std::vector<Tensor> out;
  Tensor x = RandomFloats({2, 784}, 3);

  CHECK(Mentions(s.Run({{"x", x}}, {"nope:0"}, {}, &out), "nope"));
  CHECK(Mentions(s.Run({{"ghost", x}}, {"probs"}, {}, &out), "ghost"));
  CHECK(Mentions(s.Run({}, {"probs"}, {}, &out), "x"));
  Tensor wrong_width = RandomFloats({2, 783}, 3);
  CHECK(Mentions(s.Run({{"x", wrong_width}}, {"probs"}, {}, &out), "x"));
  Tensor ints = Tensor::Zeros(tensorflow::DT_INT32,
                              TensorShape::Create({2, 784}).value())
                    .value();
  CHECK(Mentions(s.Run({{"x", ints}}, {"probs"}, {}, &out), "x"));
  Tensor rank3 = RandomFloats({1, 2, 784}, 3);
  CHECK(Mentions(s.Run({{"x", rank3}}, {"probs"}, {}, &out), "x"));
  // The session still works after all of that.
  CHECK(s.Run({{"x", x}}, {"probs"}, {}, &out).ok());
}

TEST_CASE("An op the compiler does not know is an error naming its node") {
  tensorflow::GraphDef graph = MlpGraph(1);
  tensorflow::NodeDef& erf = *graph.add_node();
  erf.set_name("mystery");
  erf.set_op("Erfinv");
  erf.add_input("logits");
  (*erf.mutable_attr())["T"].set_type(tensorflow::DT_FLOAT);
  auto created = Session::Create(graph);
  REQUIRE(created.ok());
  std::vector<Tensor> out;
  Status s = (*created)->Run({{"x", RandomFloats({1, 784}, 2)}}, {"mystery"},
                             {}, &out);
  CHECK(Mentions(s, "mystery"));
}

TEST_CASE("A malformed graph is rejected at Create") {
  tensorflow::GraphDef graph = MlpGraph(1);
  graph.mutable_node(2)->add_input("does_not_exist");
  CHECK(!Session::Create(graph).ok());
}

}  // namespace
}  // namespace testing
}  // namespace kiln
