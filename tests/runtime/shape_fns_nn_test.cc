// Tests the nn ops' shape functions.
#include <catch2/catch.hpp>

#include "tests/runtime/test_attr_source.h"

namespace kiln {
namespace testing {
namespace {

TEST_CASE("activations keep their input's shape and check dtypes") {
  for (const char* op : {"Relu", "Elu", "Selu", "Softplus"}) {
    INFO(op);
    CHECK(OutShape(Infer(op, {F32({-1, 10})})) == "[?,10]");
  }
  CHECK(ErrorOf(Infer("Relu", {I32({3})})) == "ok");
  CHECK(ErrorOf(Infer("Elu", {I32({3})})).find("'Elu' attr 'T'") == 0);
}

TEST_CASE("BiasAdd checks the channel dim for NHWC and NCHW") {
  CHECK(OutShape(Infer("BiasAdd", {F32({8, 10}), F32({10})})) == "[8,10]");
  CHECK(OutShape(Infer("BiasAdd", {F32({8, -1}), F32({10})})) == "[8,10]");
  CHECK(OutShape(Infer("BiasAdd", {F32({8, 4, 4, 3}), F32({3})})) ==
        "[8,4,4,3]");
  CHECK(OutShape(Infer("BiasAdd", {F32({8, 10}), F32({3})})) ==
        "error: 'BiasAdd' channel dimension of value and size of bias differ: "
        "10 vs 3");
  TestAttrSource nchw;
  nchw.String("data_format", "NCHW");
  CHECK(OutShape(Infer("BiasAdd", {F32({8, -1, 4, 4}), F32({3})}, nchw)) ==
        "[8,3,4,4]");
  CHECK(OutShape(Infer("BiasAdd", {F32({8, 3}), F32({3})}, nchw))
            .find("rank at least 3") != std::string::npos);
  CHECK(OutShape(Infer("BiasAdd", {F32({8, 3}), F32({3})},
                       TestAttrSource().String("data_format", "NWC")))
            .find("data_format") != std::string::npos);
  CHECK(OutShape(Infer("BiasAdd", {UnknownRank(), F32({3})})) == "<unknown>");
  CHECK(OutShape(Infer("BiasAdd", {F32({8, 3}), F32({3, 1})}))
            .find("input 'bias' must have rank 1") != std::string::npos);
}

TEST_CASE("Softmax and LogSoftmax need rank >= 1") {
  for (const char* op : {"Softmax", "LogSoftmax"}) {
    INFO(op);
    CHECK(OutShape(Infer(op, {F32({-1, 10})})) == "[?,10]");
    CHECK(OutShape(Infer(op, {F32({})})).find("rank at least 1") !=
          std::string::npos);
  }
}

TEST_CASE("SoftmaxCrossEntropyWithLogits broadcasts labels and logits") {
  auto sce = [](TensorType features, TensorType labels) {
    return Infer("SoftmaxCrossEntropyWithLogits", {features, labels});
  };
  auto r = sce(F32({8, 10}), F32({8, 10}));
  CHECK(OutShape(r, 0) == "[8]");
  CHECK(OutShape(r, 1) == "[8,10]");
  r = sce(F32({-1, 10}), F32({1, 10}));
  CHECK(OutShape(r, 0) == "[?]");
  CHECK(OutShape(r, 1) == "[?,10]");
  r = sce(UnknownRank(), F32({8, 10}));
  CHECK(OutShape(r, 0) == "[?]");
  CHECK(OutShape(r, 1) == "[?,?]");
  CHECK(OutShape(sce(F32({8, 10}), F32({8, 9}))) ==
        "error: 'SoftmaxCrossEntropyWithLogits' shapes [8,10] and [8,9] are "
        "not broadcastable");
  CHECK(OutShape(sce(F32({10}), F32({10}))).find("must broadcast to rank 2") !=
        std::string::npos);
}

TEST_CASE("SparseSoftmaxCrossEntropyWithLogits merges the batch") {
  auto r =
      Infer("SparseSoftmaxCrossEntropyWithLogits", {F32({-1, 10}), I64({8})});
  CHECK(OutShape(r, 0) == "[8]");
  CHECK(OutShape(r, 1) == "[8,10]");
  CHECK((*r)[1].dtype == tensorflow::DT_FLOAT);
  CHECK(OutShape(Infer("SparseSoftmaxCrossEntropyWithLogits",
                       {F32({8, 10}), I64({7})})) ==
        "error: 'SparseSoftmaxCrossEntropyWithLogits' batch sizes of features "
        "and labels differ: 8 vs 7");
  CHECK(ErrorOf(Infer("SparseSoftmaxCrossEntropyWithLogits",
                      {F32({8, 10}), F32({8})}))
            .find("'Tlabels' does not allow dtype float") != std::string::npos);
}

}  // namespace
}  // namespace testing
}  // namespace kiln
