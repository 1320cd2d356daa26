// InlineFunctionCalls on hand-written graphs: bodies renamed under the
// call, arguments wired, consumers and fetches rewired, nested calls, and
// errors naming the call (unknown function, wrong input count, recursion).
#include "runtime/graph/inline_calls.h"

#include <google/protobuf/text_format.h>

#include <catch2/catch.hpp>

namespace kiln {
namespace {

tensorflow::GraphDef Parse(const std::string& text) {
  tensorflow::GraphDef g;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(text, &g));
  return g;
}

// square(v) = v * v; twice(v) = square(v) + square(v) through two calls.
const char kLibrary[] = R"(
library {
  function {
    signature { name: "square" input_arg { name: "v" type: DT_FLOAT }
                output_arg { name: "out" type: DT_FLOAT } }
    node_def { name: "m" op: "Mul" input: "v" input: "v"
               attr { key: "T" value { type: DT_FLOAT } } }
    ret { key: "out" value: "m:z:0" }
  }
  function {
    signature { name: "twice" input_arg { name: "v" type: DT_FLOAT }
                output_arg { name: "out" type: DT_FLOAT } }
    node_def { name: "a" op: "PartitionedCall" input: "v"
               attr { key: "f" value { func { name: "square" } } }
               attr { key: "Tin" value { list { type: DT_FLOAT } } }
               attr { key: "Tout" value { list { type: DT_FLOAT } } } }
    node_def { name: "s" op: "AddV2" input: "a:output:0" input: "a:output:0"
               attr { key: "T" value { type: DT_FLOAT } } }
    ret { key: "out" value: "s:z:0" }
  }
})";

std::string CallGraph(const std::string& function, const std::string& inputs) {
  return std::string(R"(
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
node { name: "init" op: "NoOp" }
node { name: "call" op: "StatefulPartitionedCall" )") +
         inputs + R"(
       attr { key: "f" value { func { name: ")" +
         function + R"(" } } } }
node { name: "y" op: "Neg" input: "call" attr { key: "T" value { type: DT_FLOAT } } }
node { name: "after" op: "NoOp" input: "^call" }
)" + kLibrary;
}

TEST_CASE("calls are inlined, nested ones too", "[inline]") {
  auto flat = InlineFunctionCalls(
      Parse(CallGraph("twice", R"(input: "x" input: "^init")")));
  REQUIRE(flat.ok());
  std::map<std::string, const tensorflow::NodeDef*> nodes;
  for (const auto& n : flat->graph.node()) nodes[n.name()] = &n;
  CHECK_FALSE(flat->graph.has_library());
  CHECK(nodes.count("call") == 0);
  REQUIRE(nodes.count("call/a/m"));
  CHECK(nodes["call/a/m"]->input(0) == "x");  // argument wired to the input
  REQUIRE(nodes.count("call/s"));
  CHECK(nodes["call/s"]->input(0) == "call/a/m");
  CHECK(nodes["y"]->input(0) == "call/s");  // consumer rewired
  CHECK(flat->Resolve("call:0") == "call/s");
  CHECK(flat->Resolve("x") == "x");
  // The control edge on the call waits for what it returned.
  CHECK(nodes["after"]->input(0) == "^call/s");
  CHECK(flat->ResolveTarget("call") == std::vector<std::string>{"call/s"});
}

TEST_CASE("bad calls are errors naming the call", "[inline]") {
  CHECK_THAT(InlineFunctionCalls(Parse(CallGraph("nope", R"(input: "x")")))
                 .status()
                 .message(),
             Catch::Contains("call 'call' (StatefulPartitionedCall): "
                             "function 'nope' is not in the graph's library"));
  CHECK_THAT(InlineFunctionCalls(
                 Parse(CallGraph("square", R"(input: "x" input: "x")")))
                 .status()
                 .message(),
             Catch::Contains("passes 2 inputs; the function takes 1"));
  // A function that calls itself.
  tensorflow::GraphDef g = Parse(CallGraph("square", R"(input: "x")"));
  auto* self = g.mutable_library()->mutable_function(0)->add_node_def();
  self->set_name("again");
  self->set_op("PartitionedCall");
  self->add_input("v");
  (*self->mutable_attr())["f"].mutable_func()->set_name("square");
  CHECK_THAT(InlineFunctionCalls(g).status().message(),
             Catch::Contains("nest deeper than 64"));
}

}  // namespace
}  // namespace kiln
