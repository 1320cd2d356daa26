// Proves that SavedModel, MetaGraphDef and their parts use TensorFlow's bytes.
//
// Expected bytes are computed by hand from TensorFlow's field numbers, as in
// wire_format_test.cc. SavedObjectGraph and TypeSpecProto are kept as opaque
// bytes fields; being length-delimited either way, they stay wire compatible.
#include <catch2/catch.hpp>

#include "proto/tensorflow/meta_graph.pb.h"
#include "proto/tensorflow/saved_model.pb.h"
#include "proto/tensorflow/saver.pb.h"
#include "proto/tensorflow/versions.pb.h"
#include "tests/proto/hex_util.h"

namespace {

using kiln::testing::FromHex;
using kiln::testing::Wire;

TEST_CASE("SavedModel wraps MetaGraphDefs with tags", "[proto][wire]") {
  tensorflow::SavedModel model;
  model.set_saved_model_schema_version(1);
  model.add_meta_graphs()->mutable_meta_info_def()->add_tags("serve");
  REQUIRE(Wire(model) == "08 01 12 09 0A 07 22 05 73 65 72 76 65");

  tensorflow::SavedModel parsed;
  REQUIRE(parsed.ParseFromString(model.SerializeAsString()));
  CHECK(parsed.meta_graphs(0).meta_info_def().tags(0) == "serve");
}

TEST_CASE("MetaGraphDef signatures and opaque object graph", "[proto][wire]") {
  tensorflow::MetaGraphDef meta;
  tensorflow::SignatureDef& sig = (*meta.mutable_signature_def())["s"];
  tensorflow::TensorInfo& x = (*sig.mutable_inputs())["x"];
  x.set_name("x:0");
  x.set_dtype(tensorflow::DT_FLOAT);
  sig.set_method_name("m");
  // object_graph_def (field 7) stays serialized SavedObjectGraph bytes.
  meta.set_object_graph_def(FromHex("0A 00"));
  REQUIRE(
      Wire(meta) ==
      "2A 16 0A 01 73 12 11 0A 0C 0A 01 78 12 07 0A 03 78 3A 30 10 01 1A 01 6D "
      "3A 02 0A 00");

  tensorflow::TensorInfo info;  // CompositeTensor.type_spec: opaque bytes too.
  tensorflow::TensorInfo::CompositeTensor* composite =
      info.mutable_composite_tensor();
  composite->set_type_spec(FromHex("08 01"));
  composite->add_components()->set_name("a:0");
  CHECK(Wire(info) == "2A 0B 0A 02 08 01 12 05 0A 03 61 3A 30");
  info.mutable_coo_sparse()->set_values_tensor_name("v");
  CHECK(Wire(info) == "22 03 0A 01 76");

  tensorflow::CollectionDef collection;
  collection.mutable_int64_list()->add_value(1);
  CHECK(Wire(collection) == "1A 03 0A 01 01");
  collection.mutable_node_list()->add_value("a");
  CHECK(Wire(collection) == "0A 03 0A 01 61");

  tensorflow::SaverDef saver;
  saver.set_sharded(true);
  saver.set_version(tensorflow::SaverDef::V2);
  CHECK(Wire(saver) == "28 01 38 02");
}

TEST_CASE("Any fields carry TensorFlow's type URLs", "[proto][wire]") {
  // The package is "tensorflow", so packed messages name the same types as
  // in TensorFlow's files.
  tensorflow::VersionDef versions;
  versions.set_producer(1);
  tensorflow::MetaGraphDef::MetaInfoDef info;
  info.mutable_any_info()->PackFrom(versions);
  CHECK(info.any_info().type_url() ==
        "type.googleapis.com/tensorflow.VersionDef");
  tensorflow::VersionDef unpacked;
  REQUIRE(info.any_info().UnpackTo(&unpacked));
  CHECK(unpacked.producer() == 1);
}

}  // namespace
