// Tests of the reference kernels' products (MatMul, BatchMatMulV2, BiasAdd)
// and reductions (Sum ... Prod, ArgMax) against loops written here.
#include <cmath>
#include <limits>

#include "tests/reference/test_util.h"

namespace kiln {
namespace reference_test {
namespace {

using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;

TEST_CASE("MatMul matches a loop in double", "[reference]") {
  for (int trial = 0; trial < 20; ++trial) {
    for (DataType dtype : {DT_FLOAT, DT_DOUBLE, DT_INT32}) {
      const int64_t m = RandInt(0, 5), k = RandInt(0, 5), n = RandInt(0, 5);
      const bool ta = RandInt(0, 1), tb = RandInt(0, 1);
      Tensor a = Random(dtype, ta ? std::vector<int64_t>{k, m} : std::vector<int64_t>{m, k});
      Tensor b = Random(dtype, tb ? std::vector<int64_t>{n, k} : std::vector<int64_t>{k, n});
      TestAttrSource attrs;
      attrs.Bool("transpose_a", ta).Bool("transpose_b", tb);
      Tensor c = EvalOk("MatMul", {a, b}, attrs);
      const auto av = Values(a), bv = Values(b);
      std::vector<double> want(m * n, 0);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          for (int64_t p = 0; p < k; ++p)
            want[i * n + j] += av[ta ? p * m + i : i * k + p] * bv[tb ? j * k + p : p * n + j];
      CheckNear(c, want, 1e-6);
    }
  }
}

TEST_CASE("BatchMatMulV2 broadcasts batch dims", "[reference]") {
  for (int trial = 0; trial < 20; ++trial) {
    const int64_t r = RandInt(1, 3), k = RandInt(0, 3), s = RandInt(1, 3);
    const int64_t b0 = RandInt(0, 3);
    const bool adj_x = RandInt(0, 1), adj_y = RandInt(0, 1);
    // x is [b0, r, k] (or [b0, k, r]); y is [k, s] (or [s, k]) broadcast.
    Tensor x = Random(DT_FLOAT, adj_x ? std::vector<int64_t>{b0, k, r} : std::vector<int64_t>{b0, r, k});
    Tensor y = Random(DT_FLOAT, adj_y ? std::vector<int64_t>{1, s, k} : std::vector<int64_t>{1, k, s});
    TestAttrSource attrs;
    attrs.Bool("adj_x", adj_x).Bool("adj_y", adj_y);
    Tensor z = EvalOk("BatchMatMulV2", {x, y}, attrs);
    REQUIRE(z.shape().dim_sizes() == std::vector<int64_t>{b0, r, s});
    const auto xv = Values(x), yv = Values(y);
    std::vector<double> want(b0 * r * s, 0);
    for (int64_t b = 0; b < b0; ++b)
      for (int64_t i = 0; i < r; ++i)
        for (int64_t j = 0; j < s; ++j)
          for (int64_t p = 0; p < k; ++p)
            want[(b * r + i) * s + j] +=
                xv[b * r * k + (adj_x ? p * r + i : i * k + p)] *
                yv[adj_y ? j * k + p : p * s + j];
    CheckNear(z, want, 1e-6);
  }
}

TEST_CASE("BiasAdd adds along the channel dim", "[reference]") {
  Tensor x = Random(DT_FLOAT, {2, 3, 4});
  const auto xv = Values(x);
  Tensor nhwc_bias = Random(DT_FLOAT, {4});
  std::vector<double> want(24);
  for (int i = 0; i < 24; ++i) want[i] = xv[i] + Values(nhwc_bias)[i % 4];
  CheckNear(EvalOk("BiasAdd", {x, nhwc_bias}), want, 1e-6);
  TestAttrSource nchw;
  nchw.String("data_format", "NCHW");
  Tensor nchw_bias = Random(DT_FLOAT, {3});
  for (int i = 0; i < 24; ++i) want[i] = xv[i] + Values(nchw_bias)[(i / 4) % 3];
  CheckNear(EvalOk("BiasAdd", {x, nchw_bias}, nchw), want, 1e-6);
}

TEST_CASE("reductions over random axes", "[reference]") {
  for (int trial = 0; trial < 40; ++trial) {
    const std::vector<int64_t> dims = RandomDims();
    const int rank = static_cast<int>(dims.size());
    std::vector<int64_t> axes;
    std::vector<bool> reduced(rank, false);
    for (int d = 0; d < rank; ++d) {
      if (RandInt(0, 1) == 0) continue;
      reduced[d] = true;
      axes.push_back(RandInt(0, 1) ? d : d - rank);  // negative axes too
    }
    const bool keep = RandInt(0, 1);
    for (DataType dtype : {DT_FLOAT, DT_INT64}) {
      Tensor x = Random(dtype, dims, -3, 3);
      const auto xv = Values(x);
      for (const std::string op : {"Sum", "Mean", "Max", "Min", "Prod"}) {
        TestAttrSource attrs;
        attrs.Bool("keep_dims", keep);
        Tensor y = EvalOk(op, {x, Make<int32_t>(std::vector<int32_t>(axes.begin(), axes.end()),
                                                {static_cast<int64_t>(axes.size())})}, attrs);
        // Group input elements by their reduced index, by unravelling.
        std::vector<std::vector<double>> groups(y.NumElements());
        for (int64_t i = 0; i < x.NumElements(); ++i) {
          int64_t rem = i, out = 0, stride = 1;
          for (int d = rank - 1; d >= 0; --d) {
            const int64_t coord = rem % dims[d];
            rem /= dims[d];
            if (!reduced[d]) {
              out += coord * stride;
              stride *= dims[d];
            }
          }
          groups[out].push_back(xv[i]);
        }
        std::vector<double> want;
        for (const auto& g : groups) {
          double v = op == "Prod" ? 1 : 0;
          if (op == "Max") v = dtype == DT_FLOAT ? -INFINITY : double(std::numeric_limits<int64_t>::lowest());
          if (op == "Min") v = dtype == DT_FLOAT ? INFINITY : double(std::numeric_limits<int64_t>::max());
          for (double e : g) {
            if (op == "Sum" || op == "Mean") v += e;
            if (op == "Prod") v *= e;
            if (op == "Max") v = std::max(v, e);
            if (op == "Min") v = std::min(v, e);
          }
          if (op == "Mean") v = dtype == DT_FLOAT ? v / g.size() : (g.empty() ? 0 : std::trunc(v / g.size()));
          want.push_back(v);
        }
        INFO(op << " " << x.shape().ToString() << " keep_dims " << keep);
        std::vector<int64_t> out_dims;
        for (int d = 0; d < rank; ++d) {
          if (!reduced[d]) out_dims.push_back(dims[d]);
          else if (keep) out_dims.push_back(1);
        }
        CHECK(y.shape().dim_sizes() == out_dims);
        CheckNear(y, want, 1e-5);
      }
    }
  }
}

TEST_CASE("reductions: empty axes, identities, NaN", "[reference]") {
  Tensor x = Random(DT_FLOAT, {2, 3});
  Tensor none = Make<int64_t>({}, {0});
  CheckNear(EvalOk("Sum", {x, none}), Values(x), 0);
  Tensor empty = Random(DT_FLOAT, {2, 0});
  Tensor axis1 = Make<int32_t>({-1}, {});
  CheckNear(EvalOk("Sum", {empty, axis1}), {0, 0}, 0);
  CheckNear(EvalOk("Prod", {empty, axis1}), {1, 1}, 0);
  CheckNear(EvalOk("Max", {empty, axis1}), {-INFINITY, -INFINITY}, 0);
  CheckNear(EvalOk("Min", {empty, axis1}), {INFINITY, INFINITY}, 0);
  CheckNear(EvalOk("Mean", {empty, axis1}), {NAN, NAN}, 0);
  Tensor int_empty = Random(DT_INT32, {0});
  CheckNear(EvalOk("Max", {int_empty, Make<int32_t>({0}, {})}),
            {double(std::numeric_limits<int32_t>::lowest())}, 0);
  Tensor with_nan = Make<float>({1, NAN, 3, 4}, {2, 2});
  CheckNear(EvalOk("Max", {with_nan, axis1}), {NAN, 4}, 0);
  // ArgMax skips NaN, as TensorFlow's does; an all-NaN row gives 0.
  Tensor nan_rows = Make<float>({INFINITY, NAN, 1, NAN, NAN, NAN, NAN, 2, 5}, {3, 3});
  CheckNear(EvalOk("ArgMax", {nan_rows, axis1}), {0, 0, 2}, 0);
}

TEST_CASE("ArgMax gives the first maximum", "[reference]") {
  Tensor x = Make<float>({1, 5, 5, 2, 7, 5}, {2, 3});
  TestAttrSource i32;
  i32.Type("output_type", DT_INT32);
  Tensor y = EvalOk("ArgMax", {x, Make<int32_t>({1}, {})}, i32);
  CHECK(y.dtype() == DT_INT32);
  CheckNear(y, {1, 1}, 0);
  Tensor y0 = EvalOk("ArgMax", {x, Make<int64_t>({-2}, {})});
  CHECK(y0.dtype() == DT_INT64);
  CheckNear(y0, {1, 1, 0}, 0);  // the tie in column 2 gives 0
  for (int trial = 0; trial < 20; ++trial) {
    const int64_t rows = RandInt(0, 4), cols = RandInt(1, 6);
    Tensor r = Random(DT_INT32, {rows, cols}, -2, 2);
    const auto rv = Values(r);
    std::vector<double> want;
    for (int64_t i = 0; i < rows; ++i) {
      int64_t best = 0;
      for (int64_t j = 1; j < cols; ++j) if (rv[i * cols + j] > rv[i * cols + best]) best = j;
      want.push_back(best);
    }
    CheckNear(EvalOk("ArgMax", {r, Make<int32_t>({1}, {})}), want, 0);
  }
  auto empty = Eval("ArgMax", {Random(DT_FLOAT, {2, 0}), Make<int32_t>({1}, {})});
  CHECK(empty.status().code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace reference_test
}  // namespace kiln
