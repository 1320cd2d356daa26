// Tests of the reference kernels' element-wise families (unary, binary with
// broadcasting, comparisons, SelectV2, Cast) against formulas written here.
#include <cmath>
#include <functional>
#include <limits>

#include "tests/reference/test_util.h"

namespace kiln {
namespace reference_test {
namespace {

using tensorflow::DT_BOOL;
using tensorflow::DT_DOUBLE;
using tensorflow::DT_FLOAT;
using tensorflow::DT_HALF;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;

// The index into `in_dims` that output element `i` reads under NumPy
// broadcasting, by unravelling (deliberately unlike the kernels' walk).
int64_t SourceIndex(int64_t i, const std::vector<int64_t>& out,
                    const std::vector<int64_t>& in) {
  int64_t src = 0, in_stride = 1;
  for (int d = static_cast<int>(out.size()) - 1; d >= 0; --d) {
    const int64_t coord = i % out[d];
    i /= out[d];
    const int id = d - static_cast<int>(out.size() - in.size());
    if (id < 0) continue;
    src += (in[id] == 1 ? 0 : coord) * in_stride;
    in_stride *= in[id];
  }
  return src;
}

// Random out dims and two shapes that broadcast to them.
void RandomBroadcast(std::vector<int64_t>* out, std::vector<int64_t>* a,
                     std::vector<int64_t>* b) {
  *out = RandomDims();
  for (auto* s : {a, b}) {
    *s = std::vector<int64_t>(out->begin() + RandInt(0, out->size()), out->end());
    for (int64_t& d : *s) d = RandInt(0, 2) == 0 ? 1 : d;
  }
  // Each dim of a and b is out's or 1, so out is the larger one, aligned
  // on the right.
  const size_t rank = std::max(a->size(), b->size());
  out->assign(rank, 1);
  for (auto* s : {a, b}) {
    for (size_t i = 0; i < s->size(); ++i) {
      int64_t& d = (*out)[rank - s->size() + i];
      if ((*s)[i] != 1) d = (*s)[i];
    }
  }
}

std::vector<double> Broadcast(const std::vector<double>& v,
                              const std::vector<int64_t>& in,
                              const std::vector<int64_t>& out, int64_t n) {
  std::vector<double> r(n);
  for (int64_t i = 0; i < n; ++i) r[i] = v[SourceIndex(i, out, in)];
  return r;
}

int64_t NumElements(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

TEST_CASE("unary ops match their formulas", "[reference]") {
  const double kScale = 1.0507009873554804934193349852946;
  const double kAlpha = 1.6732632423543772848170429916717;
  const std::vector<std::pair<std::string, std::function<double(double)>>> ops = {
      {"Neg", [](double x) { return -x; }},
      {"Square", [](double x) { return x * x; }},
      {"Sqrt", [](double x) { return std::sqrt(x); }},
      {"Rsqrt", [](double x) { return 1 / std::sqrt(x); }},
      {"Exp", [](double x) { return std::exp(x); }},
      {"Log", [](double x) { return std::log(x); }},
      {"Tanh", [](double x) { return std::tanh(x); }},
      {"Sin", [](double x) { return std::sin(x); }},
      {"Cos", [](double x) { return std::cos(x); }},
      {"Sigmoid", [](double x) { return 1 / (1 + std::exp(-x)); }},
      {"Relu", [](double x) { return x > 0 ? x : 0; }},
      {"Elu", [](double x) { return x < 0 ? std::exp(x) - 1 : x; }},
      {"Selu", [&](double x) { return x < 0 ? kScale * kAlpha * (std::exp(x) - 1) : kScale * x; }},
      {"Softplus", [](double x) { return std::log(1 + std::exp(x)); }},
      {"Identity", [](double x) { return x; }},
      {"StopGradient", [](double x) { return x; }},
      {"ZerosLike", [](double) { return 0.0; }},
      {"OnesLike", [](double) { return 1.0; }},
  };
  for (DataType dtype : {DT_FLOAT, DT_DOUBLE, DT_HALF}) {
    for (const auto& [op, f] : ops) {
      const bool positive = op == "Sqrt" || op == "Rsqrt" || op == "Log";
      Tensor x = Random(dtype, RandomDims(), positive ? 0.1 : -4, 4);
      Tensor y = EvalOk(op, {x});
      CHECK(y.dtype() == dtype);
      CHECK(y.shape() == x.shape());
      std::vector<double> want;
      for (double v : Values(x)) want.push_back(f(v));
      INFO(op << " " << DataTypeName(dtype));
      CheckNear(y, want, dtype == DT_HALF ? 2e-3 : dtype == DT_FLOAT ? 1e-6 : 1e-12);
    }
  }
}

TEST_CASE("integer unary ops and NaN through Relu", "[reference]") {
  Tensor x = Make<int32_t>({-3, 0, 7, std::numeric_limits<int32_t>::min()}, {4});
  CheckNear(EvalOk("Neg", {x}), {3, 0, -7, -2147483648.0}, 0);  // wraps
  CheckNear(EvalOk("Square", {Make<int64_t>({-3, 5}, {2})}), {9, 25}, 0);
  CheckNear(EvalOk("Relu", {x}), {0, 0, 7, 0}, 0);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  CheckNear(EvalOk("Relu", {Make<float>({nan, -inf, inf, -1}, {4})}),
            {NAN, 0, INFINITY, 0}, 0);
  CheckNear(EvalOk("Softplus", {Make<float>({100, -100}, {2})}),
            {100, std::exp(-100.0)}, 1e-6);
}

TEST_CASE("binary ops broadcast like NumPy", "[reference]") {
  const std::vector<std::pair<std::string, std::function<double(double, double)>>> ops = {
      {"AddV2", [](double a, double b) { return a + b; }},
      {"Sub", [](double a, double b) { return a - b; }},
      {"Mul", [](double a, double b) { return a * b; }},
      {"RealDiv", [](double a, double b) { return a / b; }},
      {"Maximum", [](double a, double b) { return std::max(a, b); }},
      {"Minimum", [](double a, double b) { return std::min(a, b); }},
      {"Pow", [](double a, double b) { return std::pow(a, b); }},
      {"Equal", [](double a, double b) { return double(a == b); }},
      {"Greater", [](double a, double b) { return double(a > b); }},
      {"Less", [](double a, double b) { return double(a < b); }},
  };
  for (int trial = 0; trial < 20; ++trial) {
    for (DataType dtype : {DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64}) {
      std::vector<int64_t> out, a, b;
      RandomBroadcast(&out, &a, &b);
      const bool is_int = dtype == DT_INT32 || dtype == DT_INT64;
      for (const auto& [op, f] : ops) {
        const bool pow = op == "Pow", div = op == "RealDiv";
        Tensor x = Random(dtype, a, pow ? (is_int ? -3 : 0.1) : -5, 5);
        Tensor y = Random(dtype, b, pow ? 0 : (div ? 1 : -5), pow ? 3 : 5);
        if (div && RandInt(0, 1) == 0) {  // negative divisors too
          y = EvalOk("Neg", {y});
        }
        Tensor z = EvalOk(op, {x, y});
        INFO(op << " " << DataTypeName(dtype) << " " << x.shape().ToString()
                << " " << y.shape().ToString());
        REQUIRE(z.shape().dim_sizes() == out);
        const int64_t n = NumElements(out);
        std::vector<double> xs = Broadcast(Values(x), a, out, n);
        std::vector<double> ys = Broadcast(Values(y), b, out, n);
        std::vector<double> want(n);
        for (int64_t i = 0; i < n; ++i) {
          want[i] = f(xs[i], ys[i]);
          if (is_int && div) want[i] = std::trunc(want[i]);
        }
        CheckNear(z, want, dtype == DT_FLOAT ? 1e-6 : 1e-12);
      }
    }
  }
}

TEST_CASE("Maximum and Minimum propagate NaN", "[reference]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x = Make<float>({nan, 1, nan, -2}, {4});
  Tensor y = Make<float>({1, nan, nan, 3}, {4});
  CheckNear(EvalOk("Maximum", {x, y}), {NAN, NAN, NAN, 3}, 0);
  CheckNear(EvalOk("Minimum", {x, y}), {NAN, NAN, NAN, -2}, 0);
  CheckNear(EvalOk("Maximum", {Make<float>({-INFINITY}, {1}), y}),
            {1, NAN, NAN, 3}, 0);
}

TEST_CASE("integer edge cases of binary ops", "[reference]") {
  const int32_t lo = std::numeric_limits<int32_t>::min();
  CheckNear(EvalOk("RealDiv", {Make<int32_t>({7, -7, lo}, {3}),
                               Make<int32_t>({2, 2, -1}, {3})}),
            {3, -3, double(lo)}, 0);
  auto div0 = Eval("RealDiv", {Make<int32_t>({1}, {1}), Make<int32_t>({0}, {1})});
  CHECK(div0.status().message() == "'RealDiv' integer division by zero");
  auto neg_pow = Eval("Pow", {Make<int64_t>({2}, {}), Make<int64_t>({-1}, {})});
  CHECK(neg_pow.status().code() == StatusCode::kInvalidArgument);
  CheckNear(EvalOk("Pow", {Make<int32_t>({-3, 2}, {2}), Make<int32_t>({3, 0}, {2})}),
            {-27, 1}, 0);
  CheckNear(EvalOk("AddV2", {Make<int32_t>({std::numeric_limits<int32_t>::max()}, {}),
                             Make<int32_t>({1}, {})}),
            {double(lo)}, 0);
}

TEST_CASE("Equal takes bool and incompatible shapes when asked", "[reference]") {
  CheckNear(EvalOk("Equal", {Make<bool>({true, false}, {2}), Make<bool>({true}, {1})}),
            {1, 0}, 0);
  TestAttrSource lenient;
  lenient.Bool("incompatible_shape_error", false);
  Tensor z = EvalOk("Equal", {Random(DT_FLOAT, {2}), Random(DT_FLOAT, {3})}, lenient);
  CHECK(z.dtype() == DT_BOOL);
  CheckNear(z, std::vector<double>(z.NumElements(), 0), 0);
}

TEST_CASE("SelectV2 broadcasts three ways", "[reference]") {
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<int64_t> out, c, t;
    RandomBroadcast(&out, &c, &t);
    std::vector<int64_t> e(out.begin() + RandInt(0, out.size()), out.end());
    Tensor cond = Random(DT_BOOL, c, 0, 1);
    Tensor x = Random(DT_INT64, t, -9, 9), y = Random(DT_INT64, e, -9, 9);
    Tensor z = EvalOk("SelectV2", {cond, x, y});
    REQUIRE(z.shape().dim_sizes() == out);
    const int64_t n = NumElements(out);
    auto cs = Broadcast(Values(cond), c, out, n);
    auto xs = Broadcast(Values(x), t, out, n);
    auto ys = Broadcast(Values(y), e, out, n);
    std::vector<double> want(n);
    for (int64_t i = 0; i < n; ++i) want[i] = cs[i] != 0 ? xs[i] : ys[i];
    CheckNear(z, want, 0);
  }
}

TEST_CASE("Cast truncates toward zero and handles bool", "[reference]") {
  TestAttrSource to_int;
  to_int.Type("DstT", DT_INT32);
  CheckNear(EvalOk("Cast", {Make<float>({-2.7f, 2.7f, -0.5f, 3}, {4})}, to_int),
            {-2, 2, 0, 3}, 0);
  TestAttrSource to_bool;
  to_bool.Type("DstT", DT_BOOL);
  CheckNear(EvalOk("Cast", {Make<int64_t>({0, 5, -1}, {3})}, to_bool), {0, 1, 1}, 0);
  CheckNear(EvalOk("Cast", {Make<double>({0, 0.25, NAN}, {3})}, to_bool), {0, 1, 1}, 0);
  TestAttrSource to_float;
  to_float.Type("DstT", DT_FLOAT);
  CheckNear(EvalOk("Cast", {Make<bool>({true, false}, {2})}, to_float), {1, 0}, 0);
  TestAttrSource to_half;
  to_half.Type("DstT", DT_HALF);
  Tensor h = EvalOk("Cast", {Make<float>({1.5f, 65504.f, 1e6f}, {3})}, to_half);
  CHECK(h.dtype() == DT_HALF);
  CheckNear(h, {1.5, 65504, INFINITY}, 0);
  // x86's rule, which TensorFlow's CPU Cast inherits: inf, NaN and values
  // out of range become the lowest int.
  CheckNear(EvalOk("Cast", {h}, to_int), {1, 65504, -2147483648.0}, 0);
  CheckNear(EvalOk("Cast", {Make<float>({NAN, -INFINITY, 3e9f, -3e9f}, {4})}, to_int),
            {-2147483648.0, -2147483648.0, -2147483648.0, -2147483648.0}, 0);
}

}  // namespace
}  // namespace reference_test
}  // namespace kiln
