// 16-bit float compute (float16, bfloat16) in compiled kernels: a chain of
// elementwise ops, a softmax and a row sum between float32 casts, against
// the plain reference (which computes each op in float and rounds, as
// TensorFlow does) on fresh random inputs.
#include <catch2/catch.hpp>

#include "frontend/session.h"
#include "tests/session/half_chain_graph.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

TEST_CASE("Half-precision kernels match the reference (f16, bf16)") {
  // One rounding of the type apart at most: 2^-11 for float16, 2^-8 for
  // bfloat16 (a result rounded the other way), over a few ops.
  for (auto [dtype, rtol] : {std::pair{tensorflow::DT_HALF, 4e-3},
                             std::pair{tensorflow::DT_BFLOAT16, 3e-2}}) {
    INFO(DataTypeName(dtype));
    const tensorflow::GraphDef graph = HalfChainGraph(dtype);
    auto session = Session::Create(graph);
    REQUIRE(session.ok());
    for (int64_t batch : {1, 33}) {
      const Tensor x = RandomFloats({batch, 64}, 300 + batch, -3, 3);
      std::vector<Tensor> got;
      Status s = (*session)->Run({{"x", x}}, {"y:0", "row_sum:0"}, {}, &got);
      INFO(s.ToString());
      REQUIRE(s.ok());
      auto want =
          EvaluateGraphWithReference(graph, {{"x", x}}, {"y:0", "row_sum:0"});
      INFO(want.status().ToString());
      REQUIRE(want.ok());
      CHECK(CloseRatio(got[0], (*want)[0], rtol, 1e-3) <= 1);
      CHECK(CloseRatio(got[1], (*want)[1], rtol, 3e-2) <= 1);
    }
  }
}

TEST_CASE("A mixed-precision MLP (16-bit matmuls) matches the reference") {
  for (auto [dtype, rtol] : {std::pair{tensorflow::DT_HALF, 1e-2},
                             std::pair{tensorflow::DT_BFLOAT16, 6e-2}}) {
    INFO(DataTypeName(dtype));
    const tensorflow::GraphDef graph = HalfMlpGraph(dtype, 21);
    auto session = Session::Create(graph);
    REQUIRE(session.ok());
    const Tensor x = RandomFloats({16, 784}, 401, 0, 1);
    std::vector<Tensor> got;
    Status s = (*session)->Run({{"x", x}}, {"probs:0", "logits:0"}, {}, &got);
    INFO(s.ToString());
    REQUIRE(s.ok());
    auto want =
        EvaluateGraphWithReference(graph, {{"x", x}}, {"probs:0", "logits:0"});
    INFO(want.status().ToString());
    REQUIRE(want.ok());
    CHECK(CloseRatio(got[0], (*want)[0], rtol, 1e-3) <= 1);
    CHECK(CloseRatio(got[1], (*want)[1], rtol, rtol) <= 1);
  }
}

}  // namespace
}  // namespace testing
}  // namespace kiln
