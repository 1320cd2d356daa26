// GraphDef -> kiln dialect (printed and parsed again) -> GraphDef gives back
// the same graph: ops, inputs (control and multi-output edges), devices,
// attrs (derived ones rebuilt from operand types), versions, library.
#include <catch2/catch.hpp>

#include "ir/Translate/GraphDefTranslate.h"
#include "tests/ir/graph_compare.h"

namespace kiln::testing {
namespace {

void CheckRoundTrip(const std::string& pbtxt) {
  tensorflow::GraphDef graph = ParseGraph(pbtxt);
  tensorflow::GraphDef back = RoundTrip(graph);
  std::string diff = DiffGraphs(graph, back);
  INFO(back.DebugString());
  CHECK(diff == "");
}

TEST_CASE("an MLP with variables and a device round-trips") {
  CheckRoundTrip(R"pb(
    node {
      name: "x"
      op: "Placeholder"
      device: "/device:CPU:0"
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
      name: "w"
      op: "VarHandleOp"
      attr {
        key: "container"
        value { s: "" }
      }
      attr {
        key: "shared_name"
        value { s: "w" }
      }
      attr {
        key: "debug_name"
        value { s: "w" }
      }
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
      attr {
        key: "shape"
        value {
          shape {
            dim { size: 4 }
            dim { size: 3 }
          }
        }
      }
      attr {
        key: "allowed_devices"
        value { list {} }
      }
    }
    node {
      name: "w/read"
      op: "ReadVariableOp"
      input: "w"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "b"
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
            tensor_shape { dim { size: 3 } }
            float_val: 0.5
            float_val: -1
            float_val: 2
          }
        }
      }
    }
    node {
      name: "fc/MatMul"
      op: "MatMul"
      input: "x"
      input: "w/read"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
      attr {
        key: "transpose_a"
        value { b: false }
      }
      attr {
        key: "transpose_b"
        value { b: false }
      }
      attr {
        key: "grad_a"
        value { b: false }
      }
      attr {
        key: "grad_b"
        value { b: false }
      }
    }
    node {
      name: "fc/BiasAdd"
      op: "BiasAdd"
      input: "fc/MatMul"
      input: "b"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
      attr {
        key: "data_format"
        value { s: "NHWC" }
      }
    }
    node {
      name: "fc/Relu"
      op: "Relu"
      input: "fc/BiasAdd"
      device: "/device:CPU:0"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "probs"
      op: "Softmax"
      input: "fc/Relu"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    versions { producer: 1994 min_consumer: 12 }
  )pb");
}

TEST_CASE("control dependencies and multi-output edges round-trip") {
  CheckRoundTrip(R"pb(
    node {
      name: "logits"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
      attr {
        key: "shape"
        value {
          shape {
            dim { size: 8 }
            dim { size: 10 }
          }
        }
      }
    }
    node {
      name: "labels"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_INT64 }
      }
      attr {
        key: "shape"
        value { shape { dim { size: 8 } } }
      }
    }
    node { name: "init" op: "NoOp" }
    node {
      name: "xent"
      op: "SparseSoftmaxCrossEntropyWithLogits"
      input: "logits"
      input: "labels"
      input: "^init"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
      attr {
        key: "Tlabels"
        value { type: DT_INT64 }
      }
    }
    node {
      name: "grad"
      op: "Identity"
      input: "xent:1"
      input: "^xent"
      input: "^init"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "loss"
      op: "Identity"
      input: "xent"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    node { name: "done" op: "NoOp" input: "^grad" input: "^loss" }
  )pb");
}

TEST_CASE("list inputs keep N and their control inputs") {
  CheckRoundTrip(R"pb(
    node {
      name: "a"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_INT32 }
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
    node {
      name: "axis"
      op: "Const"
      attr {
        key: "dtype"
        value { type: DT_INT32 }
      }
      attr {
        key: "value"
        value {
          tensor {
            dtype: DT_INT32
            tensor_shape {}
            int_val: 1
          }
        }
      }
    }
    node { name: "go" op: "NoOp" }
    node {
      name: "cat"
      op: "ConcatV2"
      input: "a"
      input: "a"
      input: "a"
      input: "axis"
      input: "^go"
      attr {
        key: "N"
        value { i: 3 }
      }
      attr {
        key: "T"
        value { type: DT_INT32 }
      }
      attr {
        key: "Tidx"
        value { type: DT_INT32 }
      }
    }
  )pb");
}

TEST_CASE("unknown ops import as kiln.opaque and keep their attrs") {
  CheckRoundTrip(R"pb(
    node {
      name: "x"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
      attr {
        key: "shape"
        value { shape { unknown_rank: true } }
      }
    }
    node {
      name: "erf"
      op: "Erf"
      input: "x"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
      attr {
        key: "_output_shapes"
        value { list { shape { unknown_rank: true } } }
      }
    }
    node {
      name: "call"
      op: "StatefulPartitionedCall"
      input: "erf"
      input: "x"
      attr {
        key: "Tin"
        value { list { type: DT_FLOAT type: DT_FLOAT } }
      }
      attr {
        key: "Tout"
        value { list { type: DT_FLOAT type: DT_FLOAT } }
      }
      attr {
        key: "f"
        value {
          func {
            name: "body"
            attr {
              key: "k"
              value { i: 2 }
            }
          }
        }
      }
      attr {
        key: "config"
        value { s: "" }
      }
    }
    node {
      name: "second"
      op: "Relu"
      input: "call:1"
      attr {
        key: "T"
        value { type: DT_FLOAT }
      }
    }
    library { function { signature { name: "body" } } }
    versions { producer: 1994 }
  )pb");
}

TEST_CASE("import names the node whose attrs disagree with its inputs") {
  auto graph = ParseGraph(R"pb(
    node {
      name: "x"
      op: "Placeholder"
      attr {
        key: "dtype"
        value { type: DT_FLOAT }
      }
    }
    node {
      name: "bad/relu"
      op: "Relu"
      input: "x"
      attr {
        key: "T"
        value { type: DT_INT32 }
      }
    }
  )pb");
  auto text = kiln::ir::graphDefToMlirText(graph, {});
  REQUIRE_FALSE(text.ok());
  CHECK_THAT(text.status().message(),
             Catch::Contains("node 'bad/relu'") && Catch::Contains("int32"));
}

}  // namespace
}  // namespace kiln::testing
