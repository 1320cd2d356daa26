// SavedModels without TensorFlow: Model::ExportSavedModel read back by
// ReadSavedModel and run through its signature (the trained model's own
// predictions on random inputs); kiln-compile's path from a SavedModel;
// and the errors: an existing directory, a missing tag (naming the tags
// there), a corrupt saved_model.pb, unknown signature keys.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/saved_model/saved_model_session.h"
#include "frontend/train/optimizers.h"
#include "runtime/io/saved_model_writer.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;

Tensor RandomRows(std::mt19937& rng, int64_t rows, int64_t cols) {
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({rows, cols}).value())
          .value();
  for (float& v : t.flat<float>()) v = std::normal_distribution<float>()(rng);
  return t;
}

TEST_CASE("an exported model reads back and predicts the same",
          "[saved_model]") {
  std::mt19937 rng(std::random_device{}());
  keras::Sequential model({std::make_shared<keras::Dense>(6, "tanh"),
                           std::make_shared<keras::Dense>(2, "softmax")},
                          Shape::Of({3}));
  keras::CompileOptions compile;
  compile.optimizer = std::make_shared<SGD>(SGDOptions());
  compile.loss = "sparse_categorical_crossentropy";
  REQUIRE(model.Compile(compile).ok());
  const std::string dir =
      (fs::temp_directory_path() /
       ("kiln-sm-" + std::to_string(std::random_device{}())))
          .string();
  REQUIRE(model.ExportSavedModel(dir).ok());
  CHECK(fs::exists(dir + "/saved_model.pb"));
  CHECK(fs::exists(dir + "/variables/variables.index"));

  auto read = ReadSavedModel(dir);
  INFO(read.status().ToString());
  REQUIRE(read.ok());
  CHECK(read->tags == std::vector<std::string>{"serve"});
  REQUIRE(read->signatures.count("serving_default"));
  const auto& signature = read->signatures["serving_default"];
  CHECK(signature.inputs().at("x").name() == "x:0");
  CHECK(signature.outputs().at("predictions").tensor_shape().dim(1).size() ==
        2);
  CHECK(read->variables.size() == 4);

  auto loaded = SavedModelSession::FromSavedModel(*read);
  REQUIRE(loaded.ok());
  const Tensor x = RandomRows(rng, 5, 3);
  auto got = loaded->Run("serving_default", {{"x", x}});
  INFO(got.status().ToString());
  REQUIRE(got.ok());
  const Tensor want = model.Predict(x).value();
  for (int64_t i = 0; i < want.NumElements(); ++i)
    CHECK(got->at("predictions").flat<float>()[i] ==
          Approx(want.flat<float>()[i]));

  // Unknown and missing keys.
  CHECK_THAT(loaded->Run("serving_default", {{"y", x}}).status().message(),
             Catch::Contains("no input 'y'"));
  CHECK_THAT(loaded->Run("serving_default", {}).status().message(),
             Catch::Contains("needs input 'x'"));
  CHECK_THAT(loaded->Run("other", {{"x", x}}).status().message(),
             Catch::Contains("no signature 'other'"));

  // The directory exists now: nothing is overwritten.
  Status again = model.ExportSavedModel(dir);
  CHECK(again.code() == StatusCode::kFailedPrecondition);
  // A tag it lacks, and a corrupt saved_model.pb.
  auto gpu = ReadSavedModel(dir, "gpu");
  REQUIRE_FALSE(gpu.ok());
  CHECK_THAT(gpu.status().message(), Catch::Contains("tags: serve"));
  std::ofstream(dir + "/saved_model.pb", std::ios::trunc) << "garbage";
  auto corrupt = ReadSavedModel(dir);
  REQUIRE_FALSE(corrupt.ok());
  CHECK_THAT(corrupt.status().message(), Catch::Contains("saved_model.pb"));
  fs::remove_all(dir);
  CHECK(ReadSavedModel(dir).status().code() == StatusCode::kNotFound);
}

TEST_CASE("a SavedModel export names every variable it writes",
          "[saved_model]") {
  SavedModelExport out;
  tensorflow::NodeDef* x = out.graph.add_node();
  x->set_name("x");
  x->set_op("Placeholder");
  (*x->mutable_attr())["dtype"].set_type(DT_FLOAT);
  out.inputs["x"] = "x:0";
  out.outputs["y"] = "x:0";
  out.variables.emplace_back(
      "missing",
      Tensor::Zeros(DT_FLOAT, TensorShape::Create({2}).value()).value());
  const std::string dir =
      (fs::temp_directory_path() /
       ("kiln-sm-bad-" + std::to_string(std::random_device{}())))
          .string();
  Status s = WriteSavedModel(dir, out);
  CHECK_THAT(s.message(), Catch::Contains("variable 'missing'"));
  CHECK_FALSE(fs::exists(dir));  // nothing left behind
}

}  // namespace
}  // namespace kiln
