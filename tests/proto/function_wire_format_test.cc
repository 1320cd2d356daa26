// Proves that FunctionDef, OpDef and GraphDebugInfo serialize to TensorFlow's
// bytes.
//
// Expected bytes are computed by hand from TensorFlow's field numbers, as in
// wire_format_test.cc; field numbers of 16 and up take two-byte tags.
#include <catch2/catch.hpp>

#include "proto/tensorflow/function.pb.h"
#include "proto/tensorflow/graph_debug_info.pb.h"
#include "proto/tensorflow/op_def.pb.h"
#include "tests/proto/hex_util.h"

namespace {

using kiln::testing::Wire;

TEST_CASE("FunctionDef signature = 1, node_def = 3, ret = 4", "[proto][wire]") {
  tensorflow::FunctionDef fn;
  tensorflow::OpDef* sig = fn.mutable_signature();
  sig->set_name("f");
  tensorflow::OpDef::ArgDef* in = sig->add_input_arg();
  in->set_name("x");
  in->set_type(tensorflow::DT_FLOAT);
  tensorflow::OpDef::ArgDef* out = sig->add_output_arg();
  out->set_name("y");
  out->set_type(tensorflow::DT_FLOAT);
  tensorflow::NodeDef* node = fn.add_node_def();
  node->set_name("n");
  node->set_op("Relu");
  node->add_input("x");
  (*fn.mutable_ret())["y"] = "n:activations:0";
  REQUIRE(Wire(fn) ==
          "0A 11 0A 01 66 12 05 0A 01 78 18 01 1A 05 0A 01 79 18 01 "
          "1A 0C 0A 01 6E 12 04 52 65 6C 75 1A 01 78 "
          "22 14 0A 01 79 12 0F 6E 3A 61 63 74 69 76 61 74 69 6F 6E 73 3A 30");
}

TEST_CASE(
    "FunctionDef attr = 5, control_ret = 6, arg_attr = 7, resource ids = 8",
    "[proto][wire]") {
  tensorflow::FunctionDef fn;
  (*fn.mutable_attr())["_noinline"].set_b(true);
  (*fn.mutable_control_ret())["c"] = "n";
  (*(*fn.mutable_arg_attr())[1].mutable_attr())["a"].set_i(1);
  (*fn.mutable_resource_arg_unique_id())[1] = 7;
  REQUIRE(Wire(fn) ==
          "2A 0F 0A 09 5F 6E 6F 69 6E 6C 69 6E 65 12 02 28 01 "
          "32 06 0A 01 63 12 01 6E "
          "3A 0D 08 01 12 09 0A 07 0A 01 61 12 02 18 01 "
          "42 04 08 01 10 07");

  tensorflow::FunctionDefLibrary library;
  tensorflow::GradientDef* grad = library.add_gradient();
  grad->set_function_name("f");
  grad->set_gradient_func("g");
  tensorflow::RegisteredGradient* reg = library.add_registered_gradients();
  reg->set_gradient_func("h");
  reg->set_registered_op_type("Op");
  REQUIRE(Wire(library) ==
          "12 06 0A 01 66 12 01 67 1A 07 0A 01 68 12 02 4F 70");
}

TEST_CASE("OpDef flags use two-byte tags 16..21", "[proto][wire]") {
  tensorflow::OpDef op;
  op.set_name("Op");
  op.set_is_aggregate(true);                  // 16: 80 01
  op.set_is_stateful(true);                   // 17: 88 01
  op.set_is_commutative(true);                // 18: 90 01
  op.set_allows_uninitialized_input(true);    // 19: 98 01
  op.add_control_output("c");                 // 20: A2 01
  op.set_is_distributed_communication(true);  // 21: A8 01
  CHECK(Wire(op) ==
        "0A 02 4F 70 80 01 01 88 01 01 90 01 01 98 01 01 A2 01 01 63 A8 01 01");

  tensorflow::OpDef::ArgDef arg;
  arg.set_name("x");
  arg.set_description("d");
  arg.set_type_attr("T");
  arg.set_number_attr("N");
  arg.set_type_list_attr("L");
  arg.add_handle_data()->set_dtype(tensorflow::DT_FLOAT);
  arg.set_is_ref(true);
  arg.mutable_experimental_full_type()->set_type_id(tensorflow::TFT_ANY);
  CHECK(Wire(arg) ==
        "0A 01 78 12 01 64 22 01 54 2A 01 4E 32 01 4C 3A 02 08 01 "
        "80 01 01 8A 01 02 08 02");

  tensorflow::OpDef attrs;
  tensorflow::OpDef::AttrDef* n = attrs.add_attr();
  n->set_name("N");
  n->set_type("int");
  n->set_has_minimum(true);
  n->set_minimum(1);
  tensorflow::OpDef::AttrDef* t = attrs.add_attr();
  t->set_name("T");
  t->set_type("type");
  t->mutable_default_value()->set_type(tensorflow::DT_FLOAT);
  t->mutable_allowed_values()->mutable_list()->add_type(tensorflow::DT_FLOAT);
  t->mutable_allowed_values()->mutable_list()->add_type(tensorflow::DT_INT32);
  attrs.set_summary("s");
  attrs.set_description("d");
  attrs.mutable_deprecation()->set_version(3);
  attrs.mutable_deprecation()->set_explanation("e");
  CHECK(Wire(attrs) ==
        "22 0C 0A 01 4E 12 03 69 6E 74 28 01 30 01 "
        "22 15 0A 01 54 12 04 74 79 70 65 1A 02 30 01 3A 06 0A 04 32 02 01 03 "
        "2A 01 73 32 01 64 42 05 08 03 12 01 65");

  tensorflow::OpList list;
  list.add_op()->set_name("A");
  CHECK(Wire(list) == "0A 03 0A 01 41");
}

TEST_CASE("GraphDebugInfo (proto2) fixed64 map keys and packed frame ids",
          "[proto][wire]") {
  tensorflow::GraphDebugInfo info;
  info.add_files("a.py");
  tensorflow::GraphDebugInfo::FileLineCol& frame =
      (*info.mutable_frames_by_id())[1];
  frame.set_file_index(0);  // proto2: explicitly set, so written even as 0.
  frame.set_line(7);
  (*info.mutable_name_to_trace_id())["n"] = 2;
  (*info.mutable_traces_by_id())[2].add_frame_id(1);
  REQUIRE(
      Wire(info) ==
      "0A 04 61 2E 70 79 "
      "22 0F 09 01 00 00 00 00 00 00 00 12 04 08 00 10 07 "
      "2A 0C 0A 01 6E 11 02 00 00 00 00 00 00 00 "
      "32 15 09 02 00 00 00 00 00 00 00 12 0A 12 08 01 00 00 00 00 00 00 00");
}

}  // namespace
