// Bad graphs are rejected with one message naming the node and the problem.
#include <catch2/catch.hpp>

#include "ir/Translate/GraphDefTranslate.h"
#include "tests/ir/graph_compare.h"

namespace kiln::testing {
namespace {

std::string ImportError(const std::string& pbtxt) {
  auto text = kiln::ir::graphDefToMlirText(ParseGraph(pbtxt), {});
  REQUIRE_FALSE(text.ok());
  return text.status().message();
}

constexpr char kX[] = R"pb(
  node {
    name: "x"
    op: "Placeholder"
    attr {
      key: "dtype"
      value { type: DT_FLOAT }
    }
    attr {
      key: "shape"
      value {
        shape {
          dim { size: 2 }
          dim { size: 3 }
        }
      }
    }
  }
)pb";

TEST_CASE("a shape function failure names the node") {
  std::string error = ImportError(std::string(kX) + R"pb(
    node {
      name: "fc"
      op: "MatMul"
      input: "x"
      input: "x"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
  )pb");
  CHECK_THAT(error, Catch::Contains("node 'fc'") &&
                        Catch::Contains("inner dimensions differ: 3 vs 2"));
}

TEST_CASE("an input naming a missing output index names both nodes") {
  std::string error = ImportError(std::string(kX) + R"pb(
    node {
      name: "r"
      op: "Relu"
      input: "x"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "s"
      op: "Relu"
      input: "r:2"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
  )pb");
  CHECK_THAT(error, Catch::Contains("node 's'") && Catch::Contains("r:2"));
}

TEST_CASE("a wrong number of inputs is an error") {
  std::string error = ImportError(std::string(kX) + R"pb(
    node {
      name: "add"
      op: "AddV2"
      input: "x"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
  )pb");
  CHECK_THAT(error, Catch::Contains("node 'add'") &&
                        Catch::Contains("1 inputs, expected 2"));
}

TEST_CASE("a missing required attr is an error") {
  std::string error = ImportError(std::string(kX) + R"pb(
    node { name: "c" op: "Cast" input: "x" }
  )pb");
  CHECK_THAT(error, Catch::Contains("node 'c'") && Catch::Contains("DstT"));
}

TEST_CASE("dangling inputs and cycles are errors naming a node") {
  CHECK_THAT(ImportError(std::string(kX) + R"pb(
               node {
                 name: "r"
                 op: "Relu"
                 input: "nowhere"
                 attr {
                   key: "T"
                   value { type: DT_FLOAT }
                 }
               }
             )pb"),
             Catch::Contains("nowhere"));
  CHECK_THAT(ImportError(R"pb(
               node {
                 name: "a"
                 op: "Identity"
                 input: "b"
                 attr {
                   key: "T"
                   value { type: DT_FLOAT }
                 }
               }
               node {
                 name: "b"
                 op: "Identity"
                 input: "a"
                 attr {
                   key: "T"
                   value { type: DT_FLOAT }
                 }
               }
             )pb"),
             Catch::Contains("cycle"));
}

TEST_CASE("a malformed tensor is an error naming the node") {
  std::string error = ImportError(R"pb(
    node {
      name: "c"
      op: "Const"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
      attr {
        key: "value"
        value {
          tensor {
            dtype: DT_FLOAT
            tensor_shape { dim { size: 2 } }
            tensor_content: "abc"
          }
        }
      }
    }
  )pb");
  CHECK_THAT(error, Catch::Contains("node 'c'") && Catch::Contains("value") &&
                        Catch::Contains("tensor_content has 3 bytes"));
}

TEST_CASE("unknown fetches are an error") {
  auto text = kiln::ir::graphDefToMlirText(ParseGraph(kX), {{"y:0"}});
  REQUIRE_FALSE(text.ok());
  CHECK_THAT(text.status().message(), Catch::Contains("fetch 'y:0'"));
}

}  // namespace
}  // namespace kiln::testing
