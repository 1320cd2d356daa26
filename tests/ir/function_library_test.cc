// A GraphDef's FunctionDefLibrary imports as private func.func (concrete
// functions) or is kept whole (polymorphic ones), and exports back equal.
#include <catch2/catch.hpp>

#include "ir/Translate/GraphDefTranslate.h"
#include "tests/ir/graph_compare.h"

namespace kiln::testing {
namespace {

constexpr char kCaller[] = R"pb(
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
          dim { size: -1 }
          dim { size: 4 }
        }
      }
    }
  }
  node {
    name: "call"
    op: "StatefulPartitionedCall"
    input: "x"
    attr {
      key: "Tin"
      value { list { type: DT_FLOAT } }
    }
    attr {
      key: "Tout"
      value { list { type: DT_FLOAT type: DT_FLOAT } }
    }
    attr {
      key: "f"
      value { func { name: "body" } }
    }
  }
  node {
    name: "out"
    op: "Identity"
    input: "call:1"
    attr {
      key: "T"
      value { type: DT_FLOAT }
    }
  }
)pb";

// A concrete function with arg attrs, a resource id, handle data, a call
// read through its output arg, a two-output op, and a control output.
constexpr char kLibrary[] = R"pb(
  library {
    function {
      signature {
        name: "body"
        input_arg { name: "x" type: DT_FLOAT }
        input_arg {
          name: "v"
          type: DT_RESOURCE
          handle_data {
            dtype: DT_FLOAT
            shape { dim { size: 4 } }
          }
        }
        output_arg { name: "y" type: DT_FLOAT }
        output_arg { name: "z" type: DT_FLOAT }
        is_stateful: true
        control_output: "done"
      }
      node_def {
        name: "inner"
        op: "PartitionedCall"
        input: "x"
        attr {
          key: "Tin"
          value { list { type: DT_FLOAT } }
        }
        attr {
          key: "Tout"
          value { list { type: DT_FLOAT } }
        }
        attr {
          key: "f"
          value { func { name: "inner_fn" } }
        }
      }
      node_def {
        name: "read"
        op: "ReadVariableOp"
        input: "v"
        attr {
          key: "dtype"
          value { type: DT_FLOAT }
        }
      }
      node_def {
        name: "xent"
        op: "SoftmaxCrossEntropyWithLogits"
        input: "inner:output:0"
        input: "inner:output:0"
        attr {
          key: "T"
          value { type: DT_FLOAT }
        }
      }
      node_def {
        name: "add"
        op: "AddV2"
        input: "xent:backprop:0"
        input: "read:value:0"
        input: "^read"
        attr {
          key: "T"
          value { type: DT_FLOAT }
        }
      }
      node_def { name: "done" op: "NoOp" input: "^add" }
      ret { key: "y" value: "add:z:0" }
      ret { key: "z" value: "x" }
      control_ret { key: "done" value: "done" }
      attr {
        key: "_noinline"
        value { b: true }
      }
      arg_attr {
        key: 0
        value {
          attr {
            key: "_user_specified_name"
            value { s: "x" }
          }
        }
      }
      resource_arg_unique_id { key: 1 value: 7 }
    }
    function {
      signature {
        name: "inner_fn"
        input_arg { name: "a" type: DT_FLOAT }
        output_arg { name: "b" type: DT_FLOAT }
      }
      node_def {
        name: "neg"
        op: "Neg"
        input: "a"
        attr {
          key: "T"
          value { type: DT_FLOAT }
        }
      }
      ret { key: "b" value: "neg:y:0" }
    }
    function {
      signature {
        name: "generic"
        input_arg { name: "a" type_attr: "T" }
        output_arg { name: "b" type_attr: "T" }
        attr { name: "T" type: "type" }
      }
      node_def {
        name: "id"
        op: "Identity"
        input: "a"
        attr {
          key: "T"
          value { placeholder: "T" }
        }
      }
      ret { key: "b" value: "id:output:0" }
    }
    gradient { function_name: "inner_fn" gradient_func: "generic" }
  }
)pb";

TEST_CASE("a function library round-trips through func.func") {
  tensorflow::GraphDef graph = ParseGraph(std::string(kCaller) + kLibrary);
  tensorflow::GraphDef back = RoundTrip(graph);
  INFO(back.library().DebugString());
  CHECK(DiffGraphs(graph, back) == "");
}

TEST_CASE("concrete functions become private func.func, the rest stays whole") {
  auto text = kiln::ir::graphDefToMlirText(
      ParseGraph(std::string(kCaller) + kLibrary), {});
  REQUIRE(text.ok());
  CHECK_THAT(
      *text,
      Catch::Contains("func.func private @body(") &&
          Catch::Contains("func.func private @inner_fn(") &&
          !Catch::Contains("func.func private @generic") &&
          Catch::Contains("kiln.function_library") &&
          Catch::Contains("kiln.control_ret = \"done\"") &&
          Catch::Contains("kiln.resource_arg_unique_id = 7") &&
          Catch::Contains(
              "kiln.handle_data = [{dtype = f32, shape = #kiln.shape<4>}]"));
}

TEST_CASE("a function body that does not verify names its node") {
  std::string bad = std::string(kCaller) + R"pb(
    library {
      function {
        signature {
          name: "body"
          input_arg { name: "x" type: DT_FLOAT }
          output_arg { name: "y" type: DT_INT32 }
        }
        node_def {
          name: "wrong"
          op: "Relu"
          input: "x"
          attr {
            key: "T"
            value { type: DT_INT32 }
          }
        }
        ret { key: "y" value: "wrong:activations:0" }
      }
    }
  )pb";
  auto text = kiln::ir::graphDefToMlirText(ParseGraph(bad), {});
  REQUIRE_FALSE(text.ok());
  CHECK_THAT(text.status().message(),
             Catch::Contains("node 'wrong' in function 'body'"));
}

}  // namespace
}  // namespace kiln::testing
