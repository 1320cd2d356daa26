// Reads TensorFlow wire bytes and text protos into Kiln's TensorFlow messages.
//
// Covers what a reader of TensorFlow's files meets beyond the writer's bytes:
// unpacked repeated scalars, dtypes and fields newer than ours, and .pbtxt
// graphs.
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <string>

#include "proto/tensorflow/attr_value.pb.h"
#include "proto/tensorflow/graph.pb.h"
#include "proto/tensorflow/tensor.pb.h"
#include "tests/proto/hex_util.h"

namespace {

using google::protobuf::TextFormat;
using google::protobuf::util::MessageDifferencer;
using kiln::testing::FromHex;
using kiln::testing::Wire;

TEST_CASE("GraphDef bytes parse into nodes, library and versions",
          "[proto][parse]") {
  tensorflow::GraphDef graph;
  REQUIRE(
      graph.ParseFromString(FromHex("0A 0C 0A 01 61 12 04 52 65 6C 75 1A 01 78 "
                                    "12 07 0A 05 0A 03 0A 01 66 "
                                    "22 03 08 BF 08")));
  REQUIRE(graph.node_size() == 1);
  CHECK(graph.node(0).name() == "a");
  CHECK(graph.node(0).op() == "Relu");
  REQUIRE(graph.node(0).input_size() == 1);
  CHECK(graph.node(0).input(0) == "x");
  REQUIRE(graph.library().function_size() == 1);
  CHECK(graph.library().function(0).signature().name() == "f");
  CHECK(graph.versions().producer() == 1087);
}

TEST_CASE("NodeDef attr map entries parse by key", "[proto][parse]") {
  tensorflow::NodeDef node;
  REQUIRE(node.ParseFromString(FromHex(
      "0A 01 63 12 05 43 6F 6E 73 74 2A 0B 0A 05 64 74 79 70 65 12 02 30 01")));
  CHECK(node.op() == "Const");
  REQUIRE(node.attr().count("dtype") == 1);
  CHECK(node.attr().at("dtype").value_case() == tensorflow::AttrValue::kType);
  CHECK(node.attr().at("dtype").type() == tensorflow::DT_FLOAT);
}

TEST_CASE("Unpacked repeated scalars parse like packed ones",
          "[proto][parse]") {
  // float_val as two separate fixed32 fields (tag 2D), as older writers emit.
  tensorflow::TensorProto t;
  REQUIRE(t.ParseFromString(FromHex("08 01 2D 00 00 80 3F 2D 00 00 00 40")));
  REQUIRE(t.float_val_size() == 2);
  CHECK(t.float_val(0) == 1.0f);
  CHECK(t.float_val(1) == 2.0f);
  CHECK(Wire(t) == "08 01 2A 08 00 00 80 3F 00 00 00 40");

  tensorflow::AttrValue v;  // list.i as unpacked varints (tag 18).
  REQUIRE(v.ParseFromString(FromHex("0A 04 18 01 18 02")));
  REQUIRE(v.list().i_size() == 2);
  CHECK(v.list().i(1) == 2);
}

TEST_CASE("AttrValue oneof: the last field on the wire wins",
          "[proto][parse]") {
  tensorflow::AttrValue v;
  REQUIRE(v.ParseFromString(FromHex("18 03 28 01")));
  CHECK(v.value_case() == tensorflow::AttrValue::kB);
  CHECK(v.b());
}

TEST_CASE("Dtypes and fields from newer TensorFlow survive a round trip",
          "[proto][parse]") {
  tensorflow::AttrValue v;  // type: 99, a DataType we do not know.
  REQUIRE(v.ParseFromString(FromHex("30 63")));
  CHECK(static_cast<int>(v.type()) == 99);
  CHECK(Wire(v) == "30 63");

  tensorflow::NodeDef node;  // Field 99 (tag 98 06), varint 1.
  const std::string bytes = FromHex("0A 01 61 98 06 01");
  REQUIRE(node.ParseFromString(bytes));
  CHECK(node.name() == "a");
  CHECK(node.SerializeAsString() == bytes);
}

constexpr char kGraphText[] = R"pb(
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
          dim { size: 3 }
        }
      }
    }
  }
  node {
    name: "y"
    op: "Relu"
    input: "x"
    attr {
      key: "T"
      value { type: DT_FLOAT }
    }
  }
  library {
    function {
      signature {
        name: "f"
        input_arg { name: "a" type: DT_FLOAT }
        output_arg { name: "b" type: DT_FLOAT }
      }
      node_def { name: "r" op: "Relu" input: "a" }
      ret { key: "b" value: "r:activations:0" }
    }
  }
  versions { producer: 1087 min_consumer: 12 }
)pb";

TEST_CASE("A text GraphDef round-trips through text and binary",
          "[proto][text]") {
  tensorflow::GraphDef graph;
  REQUIRE(TextFormat::ParseFromString(kGraphText, &graph));
  REQUIRE(graph.node_size() == 2);
  CHECK(graph.node(0).attr().at("shape").shape().dim(0).size() == -1);
  CHECK(graph.node(1).input(0) == "x");
  CHECK(graph.library().function(0).ret().at("b") == "r:activations:0");
  CHECK(graph.versions().min_consumer() == 12);

  std::string text;
  REQUIRE(TextFormat::PrintToString(graph, &text));
  CHECK(text.find("type: DT_FLOAT") != std::string::npos);
  tensorflow::GraphDef from_text;
  REQUIRE(TextFormat::ParseFromString(text, &from_text));
  CHECK(MessageDifferencer::Equals(graph, from_text));

  tensorflow::GraphDef from_binary;
  REQUIRE(from_binary.ParseFromString(graph.SerializeAsString()));
  CHECK(MessageDifferencer::Equals(graph, from_binary));
}

}  // namespace
