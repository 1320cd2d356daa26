// Proves that Kiln's TensorFlow graph protos serialize to TensorFlow's bytes.
//
// Every expected string is computed by hand from TensorFlow's field numbers:
// a tag is (field_number << 3) | wire_type, with wire types 0 = varint,
// 1 = fixed64, 2 = length-delimited, 5 = fixed32. Protobuf's C++ serializer
// writes fields in field-number order, which makes the bytes deterministic
// (maps here hold one entry each).
#include <catch2/catch.hpp>
#include <string>

#include "proto/tensorflow/attr_value.pb.h"
#include "proto/tensorflow/graph.pb.h"
#include "proto/tensorflow/node_def.pb.h"
#include "proto/tensorflow/resource_handle.pb.h"
#include "proto/tensorflow/tensor.pb.h"
#include "proto/tensorflow/tensor_shape.pb.h"
#include "proto/tensorflow/versions.pb.h"
#include "tests/proto/hex_util.h"

namespace {

using kiln::testing::Wire;

tensorflow::NodeDef ReluNode() {
  tensorflow::NodeDef node;
  node.set_name("a");
  node.set_op("Relu");
  node.add_input("x");
  return node;
}

TEST_CASE("NodeDef name, op and input are fields 1, 2 and 3", "[proto][wire]") {
  REQUIRE(Wire(ReluNode()) == "0A 01 61 12 04 52 65 6C 75 1A 01 78");
}

TEST_CASE("NodeDef.attr map entries are messages {key = 1, value = 2}",
          "[proto][wire]") {
  tensorflow::NodeDef node;
  node.set_name("c");
  node.set_op("Const");
  (*node.mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
  // 2A 0B: field 5, 11 bytes; key 0A 05 "dtype"; value 12 02 {30 01}.
  REQUIRE(Wire(node) ==
          "0A 01 63 12 05 43 6F 6E 73 74 "
          "2A 0B 0A 05 64 74 79 70 65 12 02 30 01");
}

TEST_CASE("NodeDef device, debug info and full type", "[proto][wire]") {
  tensorflow::NodeDef node;
  node.set_device("/cpu:0");
  node.mutable_experimental_debug_info()->add_original_node_names("o");
  tensorflow::FullTypeDef* type = node.mutable_experimental_type();
  type->set_type_id(tensorflow::TFT_TENSOR);             // 1000: E8 07
  type->add_args()->set_type_id(tensorflow::TFT_FLOAT);  // 210: D2 01
  REQUIRE(Wire(node) ==
          "22 06 2F 63 70 75 3A 30 32 03 0A 01 6F "
          "3A 08 08 E8 07 12 03 08 D2 01");

  tensorflow::FullTypeDef var;
  var.set_type_id(tensorflow::TFT_VAR);
  var.set_s("T");
  REQUIRE(Wire(var) == "08 01 1A 01 54");
  var.set_i(2);  // oneof attr: replaces s.
  REQUIRE(Wire(var) == "08 01 20 02");
}

TEST_CASE("AttrValue scalar kinds use TensorFlow's oneof numbers",
          "[proto][wire]") {
  tensorflow::AttrValue v;
  v.set_s("ab");
  CHECK(Wire(v) == "12 02 61 62");
  v.set_i(3);
  CHECK(Wire(v) == "18 03");
  v.set_i(-1);  // int64 negative: ten-byte varint.
  CHECK(Wire(v) == "18 FF FF FF FF FF FF FF FF FF 01");
  v.set_f(1.0f);
  CHECK(Wire(v) == "25 00 00 80 3F");
  v.set_b(true);
  CHECK(Wire(v) == "28 01");
  v.set_type(tensorflow::DT_FLOAT);
  CHECK(Wire(v) == "30 01");
  v.set_type(tensorflow::DT_FLOAT_REF);
  CHECK(Wire(v) == "30 65");
  v.mutable_shape()->add_dim()->set_size(3);
  CHECK(Wire(v) == "3A 04 12 02 08 03");
  v.mutable_tensor()->set_dtype(tensorflow::DT_INT32);
  CHECK(Wire(v) == "42 02 08 03");
  v.set_placeholder("T");
  CHECK(Wire(v) == "4A 01 54");
  v.mutable_func()->set_name("f");
  CHECK(Wire(v) == "52 03 0A 01 66");
  v.mutable_list();  // An empty list is still "set": list {}.
  CHECK(Wire(v) == "0A 00");
}

TEST_CASE("AttrValue.ListValue packs numeric lists", "[proto][wire]") {
  tensorflow::AttrValue v;
  v.mutable_list()->add_i(1);
  v.mutable_list()->add_i(2);
  CHECK(Wire(v) == "0A 04 1A 02 01 02");

  v.mutable_list()->Clear();
  v.mutable_list()->add_type(tensorflow::DT_FLOAT);
  v.mutable_list()->add_type(tensorflow::DT_INT32);
  CHECK(Wire(v) == "0A 04 32 02 01 03");

  v.mutable_list()->Clear();
  v.mutable_list()->add_f(0.5f);
  CHECK(Wire(v) == "0A 06 22 04 00 00 00 3F");

  v.mutable_list()->Clear();
  v.mutable_list()->add_b(true);
  v.mutable_list()->add_b(false);
  CHECK(Wire(v) == "0A 04 2A 02 01 00");

  // Strings and messages are never packed: one tag per element.
  v.mutable_list()->Clear();
  v.mutable_list()->add_s("a");
  v.mutable_list()->add_s("b");
  CHECK(Wire(v) == "0A 06 12 01 61 12 01 62");

  v.mutable_list()->Clear();
  v.mutable_list()->add_shape()->set_unknown_rank(true);
  CHECK(Wire(v) == "0A 04 3A 02 18 01");

  v.mutable_list()->Clear();
  v.mutable_list()->add_func()->set_name("g");
  CHECK(Wire(v) == "0A 05 4A 03 0A 01 67");
}

TEST_CASE("NameAttrList is {name = 1, attr = 2}", "[proto][wire]") {
  tensorflow::NameAttrList func;
  func.set_name("f");
  (*func.mutable_attr())["T"].set_type(tensorflow::DT_INT32);
  REQUIRE(Wire(func) == "0A 01 66 12 07 0A 01 54 12 02 30 03");
}

TEST_CASE("TensorShapeProto dims, unknown sizes and unknown rank",
          "[proto][wire]") {
  tensorflow::TensorShapeProto shape;
  shape.add_dim()->set_size(-1);  // -1 as int64: ten-byte varint.
  CHECK(Wire(shape) == "12 0B 08 FF FF FF FF FF FF FF FF FF 01");

  shape.Clear();
  shape.set_unknown_rank(true);
  CHECK(Wire(shape) == "18 01");

  shape.Clear();
  tensorflow::TensorShapeProto::Dim* dim = shape.add_dim();
  dim->set_size(2);
  dim->set_name("n");
  shape.add_dim()->set_size(3);
  shape.add_dim()->set_size(0);  // A zero-size dim is an empty Dim message.
  CHECK(Wire(shape) == "12 05 08 02 12 01 6E 12 02 08 03 12 00");
}

TEST_CASE("TensorProto typed values and tensor_content", "[proto][wire]") {
  tensorflow::TensorProto t;
  t.set_dtype(tensorflow::DT_FLOAT);
  t.mutable_tensor_shape()->add_dim()->set_size(2);
  t.add_float_val(1.0f);
  t.add_float_val(2.0f);
  // float_val is field 5, packed: 2A, 8 bytes of little-endian floats.
  CHECK(Wire(t) == "08 01 12 04 12 02 08 02 2A 08 00 00 80 3F 00 00 00 40");

  t.clear_float_val();
  t.mutable_tensor_shape()->mutable_dim(0)->set_size(1);
  t.set_tensor_content(std::string("\x00\x00\x80\x3f", 4));
  CHECK(Wire(t) == "08 01 12 04 12 02 08 01 22 04 00 00 80 3F");

  tensorflow::TensorProto s;
  s.set_dtype(tensorflow::DT_STRING);
  s.add_string_val("hi");
  CHECK(Wire(s) == "08 07 42 02 68 69");

  tensorflow::TensorProto h;
  h.set_dtype(tensorflow::DT_HALF);
  h.add_half_val(0x3C00);  // 1.0 in fp16; field 13 packed.
  CHECK(Wire(h) == "08 13 6A 02 80 78");

  tensorflow::TensorProto n;
  n.set_dtype(tensorflow::DT_INT64);
  n.add_int64_val(-1);
  CHECK(Wire(n) == "08 09 52 0A FF FF FF FF FF FF FF FF FF 01");

  tensorflow::TensorProto m;
  m.set_version_number(1);
  m.add_int_val(7);
  m.add_bool_val(true);
  m.add_uint32_val(1);                       // Field 16: two-byte tag 82 01.
  m.add_uint64_val(1);                       // Field 17: 8A 01.
  m.set_float8_val(std::string("\x38", 1));  // Field 18: 92 01.
  CHECK(Wire(m) ==
        "18 01 3A 01 07 5A 01 01 82 01 01 01 8A 01 01 01 92 01 01 38");

  tensorflow::ResourceHandleProto handle;
  handle.set_device("d");
  handle.set_hash_code(1);
  handle.add_dtypes_and_shapes()->set_dtype(tensorflow::DT_FLOAT);
  CHECK(Wire(handle) == "0A 01 64 20 01 32 02 08 01");
}

TEST_CASE("VersionDef producer, min_consumer, bad_consumers", "[proto][wire]") {
  tensorflow::VersionDef versions;
  versions.set_producer(1087);  // 0x43F: BF 08.
  versions.set_min_consumer(12);
  versions.add_bad_consumers(5);
  versions.add_bad_consumers(6);
  REQUIRE(Wire(versions) == "08 BF 08 10 0C 1A 02 05 06");
}

TEST_CASE("GraphDef node = 1, library = 2, versions = 4, debug_info = 5",
          "[proto][wire]") {
  tensorflow::GraphDef graph;
  *graph.add_node() = ReluNode();
  graph.mutable_library()->add_function()->mutable_signature()->set_name("f");
  graph.mutable_versions()->set_producer(1);
  graph.mutable_debug_info()->add_files("m.py");
  REQUIRE(Wire(graph) ==
          "0A 0C 0A 01 61 12 04 52 65 6C 75 1A 01 78 "
          "12 07 0A 05 0A 03 0A 01 66 "
          "22 02 08 01 "
          "2A 06 0A 04 6D 2E 70 79");
}

}  // namespace
