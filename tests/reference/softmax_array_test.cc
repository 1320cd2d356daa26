// Tests of the reference kernels' softmax family and array ops, and of
// EvaluateReference's errors.
#include <cmath>

#include "tests/reference/test_util.h"

namespace kiln {
namespace reference_test {
namespace {

using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;

TEST_CASE("Softmax, LogSoftmax and the cross-entropies", "[reference]") {
  for (int trial = 0; trial < 20; ++trial) {
    const int64_t b = RandInt(0, 4), c = RandInt(1, 5);
    Tensor x = Random(DT_FLOAT, {b, c}, -50, 50);
    Tensor labels = Random(DT_FLOAT, {b, c}, 0, 1);
    std::vector<int64_t> sparse(b);
    for (int64_t& l : sparse) l = RandInt(0, c - 1);
    const auto xv = Values(x), lv = Values(labels);
    std::vector<double> sm, lsm, loss, back, sloss, sback;
    for (int64_t i = 0; i < b; ++i) {
      double mx = -INFINITY, sum = 0;
      for (int64_t j = 0; j < c; ++j) mx = std::max(mx, xv[i * c + j]);
      for (int64_t j = 0; j < c; ++j) sum += std::exp(xv[i * c + j] - mx);
      double l = 0;
      for (int64_t j = 0; j < c; ++j) {
        const double logp = xv[i * c + j] - mx - std::log(sum);
        sm.push_back(std::exp(logp));
        lsm.push_back(logp);
        l -= lv[i * c + j] * logp;
        back.push_back(std::exp(logp) - lv[i * c + j]);
        sback.push_back(std::exp(logp) - (j == sparse[i]));
      }
      loss.push_back(l);
      sloss.push_back(-lsm[i * c + sparse[i]]);
    }
    CheckNear(EvalOk("Softmax", {x}), sm, 1e-6);
    CheckNear(EvalOk("LogSoftmax", {x}), lsm, 1e-6);
    CheckNear(EvalOk("SoftmaxCrossEntropyWithLogits", {x, labels}, {}, 0), loss, 1e-6);
    CheckNear(EvalOk("SoftmaxCrossEntropyWithLogits", {x, labels}, {}, 1), back, 1e-6);
    Tensor sl = Make<int64_t>(sparse, {b});
    CheckNear(EvalOk("SparseSoftmaxCrossEntropyWithLogits", {x, sl}, {}, 0), sloss, 1e-6);
    CheckNear(EvalOk("SparseSoftmaxCrossEntropyWithLogits", {x, sl}, {}, 1), sback, 1e-6);
  }
  auto bad = Eval("SparseSoftmaxCrossEntropyWithLogits",
                  {Random(DT_FLOAT, {1, 3}), Make<int32_t>({3}, {1})});
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("array ops move elements", "[reference]") {
  Tensor x = Make<int32_t>({0, 1, 2, 3, 4, 5}, {2, 3});
  CheckNear(EvalOk("Transpose", {x, Make<int32_t>({1, 0}, {2})}), {0, 3, 1, 4, 2, 5}, 0);
  Tensor r = EvalOk("Reshape", {x, Make<int64_t>({3, -1}, {2})});
  CHECK(r.shape().dim_sizes() == std::vector<int64_t>{3, 2});
  TestAttrSource n2;
  n2.Int("N", 2);
  CheckNear(EvalOk("ConcatV2", {x, x, Make<int32_t>({-1}, {})}, n2),
            {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, 0);
  TestAttrSource pack1 = n2;
  pack1.Int("axis", 1);
  Tensor p = EvalOk("Pack", {x, x}, pack1);
  CHECK(p.shape().dim_sizes() == std::vector<int64_t>{2, 2, 3});
  CheckNear(p, {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, 0);
  CheckNear(EvalOk("Shape", {Random(DT_DOUBLE, {4, 0, 2})}), {4, 0, 2}, 0);
  CheckNear(EvalOk("Fill", {Make<int32_t>({2, 2}, {2}), Make<float>({1.5f}, {})}),
            {1.5, 1.5, 1.5, 1.5}, 0);
  Tensor e = EvalOk("ExpandDims", {x, Make<int32_t>({0}, {})});
  CHECK(e.shape().dim_sizes() == std::vector<int64_t>{1, 2, 3});
  CHECK(EvalOk("Squeeze", {e}).shape().dim_sizes() == std::vector<int64_t>{2, 3});
  CheckNear(EvalOk("OneHot", {Make<int64_t>({2, 0, 5}, {3}), Make<int32_t>({3}, {}),
                              Make<float>({1}, {}), Make<float>({0}, {})}),
            {0, 0, 1, 1, 0, 0, 0, 0, 0}, 0);
}

TEST_CASE("errors come from the table or name the op", "[reference]") {
  auto mismatch = Eval("MatMul", {Random(DT_FLOAT, {2, 3}), Random(DT_FLOAT, {4, 5})});
  CHECK(mismatch.status().code() == StatusCode::kInvalidArgument);
  CHECK(mismatch.status().message().rfind("'MatMul' ", 0) == 0);
  auto add = Eval("AddV2", {Random(DT_FLOAT, {2}), Random(DT_FLOAT, {3})});
  CHECK(add.status().message().rfind("'AddV2' ", 0) == 0);
  auto types = Eval("AddV2", {Random(DT_FLOAT, {2}), Random(DT_INT32, {2})});
  CHECK_FALSE(types.ok());
  auto noop = Eval("NoOp", {});
  CHECK(noop.status().code() == StatusCode::kUnimplemented);
  CHECK(noop.status().message() == "'NoOp' has no reference kernel");
  CHECK(HasReferenceKernel("MatMul"));
  CHECK(HasReferenceKernel("StridedSlice"));
  CHECK_FALSE(HasReferenceKernel("NoOp"));
}

}  // namespace
}  // namespace reference_test
}  // namespace kiln
