// tf.train.Example parsing: fixed-length features with defaults, var-length
// ones as sparse tensors, bytes, and errors naming example and feature.
#include "runtime/io/example_parsing.h"

#include <catch2/catch.hpp>
#include <random>

namespace kiln {
namespace {

using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT64;
using tensorflow::DT_STRING;

std::vector<std::string> Serialize(const std::vector<tensorflow::Example>& es) {
  std::vector<std::string> out;
  for (const auto& e : es) out.push_back(e.SerializeAsString());
  return out;
}

TEST_CASE("fixed and var-length features parse as TensorFlow's", "[example]") {
  std::mt19937 rng(std::random_device{}());
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<tensorflow::Example> es(3);
  std::vector<float> pixels;
  for (int i = 0; i < 3; ++i) {
    std::vector<float> p = {u(rng), u(rng), u(rng), u(rng)};
    pixels.insert(pixels.end(), p.begin(), p.end());
    SetFloats(&es[i], "image", p);
    if (i != 1) SetInt64s(&es[i], "label", {i * 10});  // example 1: default
    std::vector<int64_t> tags(i + 1, 7 - i);
    SetInt64s(&es[i], "tags", tags);
    SetBytes(&es[i], "name", {"item" + std::to_string(i)});
  }
  ExampleSpec spec;
  FixedLenFeature image_spec{"image", DT_FLOAT, {2, 2}, {}, {}};
  FixedLenFeature label_spec{
      "label", DT_INT64, {}, std::vector<double>{-1}, {}};
  FixedLenFeature name_spec{"name", DT_STRING, {}, {}, {}};
  spec.fixed = {image_spec, label_spec, name_spec};
  spec.var_len = {{"tags", DT_INT64}};
  StatusOr<ParsedExamples> p = ParseExamples(Serialize(es), spec);
  INFO(p.status().ToString());
  REQUIRE(p.ok());
  const Tensor& image = p->dense.at("image");
  CHECK(image.shape().dim_sizes() == std::vector<int64_t>{3, 2, 2});
  for (int i = 0; i < 12; ++i) CHECK(image.flat<float>()[i] == pixels[i]);
  const Tensor& label = p->dense.at("label");
  CHECK(std::vector<int64_t>(label.flat<int64_t>().begin(),
                             label.flat<int64_t>().end()) ==
        std::vector<int64_t>{0, -1, 20});
  CHECK(p->dense_bytes.at("name") ==
        std::vector<std::string>{"item0", "item1", "item2"});
  const SparseTensor& tags = p->sparse.at("tags");
  CHECK(tags.dense_shape.flat<int64_t>()[0] == 3);
  CHECK(tags.dense_shape.flat<int64_t>()[1] == 3);
  CHECK(tags.values.NumElements() == 6);
  // Example 2's values sit at (2, 0), (2, 1), (2, 2).
  CHECK(tags.indices.flat<int64_t>()[2 * 3] == 2);
  CHECK(tags.indices.flat<int64_t>()[2 * 5 + 1] == 2);
  CHECK(tags.values.flat<int64_t>()[5] == 5);
}

TEST_CASE("bad examples are errors naming example and feature", "[example]") {
  tensorflow::Example good, wrong_kind, wrong_count, missing;
  SetInt64s(&good, "label", {1});
  SetFloats(&wrong_kind, "label", {1.5f});
  SetInt64s(&wrong_count, "label", {1, 2});
  ExampleSpec spec;
  spec.fixed = {FixedLenFeature{"label", DT_INT64, {}, {}, {}}};
  CHECK_THAT(
      ParseExamples(Serialize({good, wrong_kind}), spec).status().message(),
      Catch::Contains("example 1: feature 'label' has a float_list, "
                      "expected a int64_list"));
  CHECK_THAT(ParseExamples(Serialize({wrong_count}), spec).status().message(),
             Catch::Contains("example 0: feature 'label' has 2 values; its "
                             "shape needs 1"));
  CHECK_THAT(ParseExamples(Serialize({good, missing}), spec).status().message(),
             Catch::Contains("example 1: feature 'label' is missing and has "
                             "no default"));
  CHECK_THAT(ParseExamples({"\xff\xff not a proto"}, spec).status().message(),
             Catch::Contains("example 0: not a serialized tf.train.Example"));
  spec.fixed[0].dtype = DT_DOUBLE;
  CHECK_FALSE(ParseExamples(Serialize({good}), spec).ok());
}

}  // namespace
}  // namespace kiln
