// The class kiln-compile generates (Clf.h over libClf.a, built at build
// time from tests/aot/inputs/classifier.pbtxt) and the C ABI under it:
// outputs equal a Session's of the same graph on random inputs of several
// batch sizes; shapes the signature rules out, bad paths and out-of-range
// indices are errors, not crashes.
#include <google/protobuf/text_format.h>

#include <catch2/catch.hpp>
#include <random>

#include "Clf.h"
#include "frontend/session.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace {

tensorflow::GraphDef Classifier() {
  StatusOr<std::string> text = ReadFileToString(KILN_AOT_CLASSIFIER);
  REQUIRE(text.ok());
  tensorflow::GraphDef graph;
  REQUIRE(google::protobuf::TextFormat::ParseFromString(*text, &graph));
  return graph;
}

TEST_CASE("the generated class runs the model as a Session does", "[aot]") {
  std::mt19937 rng(std::random_device{}());
  auto session = Session::Create(Classifier());
  REQUIRE(session.ok());
  Clf model;
  INFO(model.error());
  REQUIRE(model.ok());
  for (int64_t rows : {1, 3, 17}) {
    REQUIRE(model.resize_arg_x({rows, 4}));
    Tensor x = Tensor::Allocate(tensorflow::DT_FLOAT,
                                TensorShape::Create({rows, 4}).value())
                   .value();
    for (int64_t i = 0; i < rows * 4; ++i) {
      const float v = std::normal_distribution<float>()(rng);
      x.flat<float>()[i] = v;
      model.arg_x_data()[i] = v;
    }
    REQUIRE(model.Run());
    REQUIRE(model.result_probs_dim(0) == rows);
    REQUIRE(model.result_probs_dim(1) == 3);
    std::vector<Tensor> want;
    REQUIRE((*session)->Run({{"x", x}}, {"probs:0"}, &want).ok());
    for (int64_t i = 0; i < rows * 3; ++i)
      CHECK(model.result_probs()[i] == Approx(want[0].flat<float>()[i]));
  }
  // Shapes the signature rules out.
  CHECK_FALSE(model.resize_arg_x({2, 5}));
  CHECK_THAT(model.error(), Catch::Contains("dim 1 must be 4"));
  CHECK_FALSE(model.resize_arg_x({2}));
  CHECK_THAT(model.error(), Catch::Contains("rank 2"));
}

TEST_CASE("the C ABI describes the model and reports errors", "[aot]") {
  Clf model;
  REQUIRE(model.ok());
  kiln_model* m = model.c_model();
  CHECK(std::string(kiln_model_name(m)) == "Clf");
  CHECK(kiln_model_num_inputs(m) == 1);
  CHECK(kiln_model_num_outputs(m) == 1);
  CHECK(std::string(kiln_model_input_name(m, 0)) == "x:0");
  CHECK(kiln_model_input_dtype(m, 0) == 1);
  CHECK(kiln_model_input_rank(m, 0) == 2);
  CHECK(kiln_model_input_dim(m, 0, 0) == -1);
  CHECK(kiln_model_input_dim(m, 0, 1) == 4);
  CHECK(std::string(kiln_model_output_name(m, 0)) == "probs:0");
  // Out of range: null and -1, no crash.
  CHECK(kiln_model_input_name(m, 1) == nullptr);
  CHECK(kiln_model_input_dim(m, 0, 2) == -1);
  CHECK(kiln_model_output_data(m, 0) == nullptr);  // not run yet
  CHECK(kiln_model_input_data(m, -1) == nullptr);
  char error[256];
  CHECK(kiln_model_load("/no/such/model.kbundle", error, sizeof error) ==
        nullptr);
  CHECK_THAT(std::string(error), Catch::Contains("/no/such/model.kbundle"));
  const char junk[] = "not a bundle";
  CHECK(kiln_model_load_from_memory(junk, sizeof junk, nullptr, error,
                                    sizeof error) == nullptr);
  CHECK_THAT(std::string(error), Catch::Contains("not a Kiln bundle"));
}

}  // namespace
}  // namespace kiln
