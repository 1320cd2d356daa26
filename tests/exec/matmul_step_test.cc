// MATMUL steps (oneDNN for float, a loop for double/int32) against a plain
// triple loop: activations, transposes, bias, batched broadcasting.
#include <cmath>
#include <string>
#include <type_traits>

#include "runtime/abi/kiln_rt.h"
#include "tests/exec/plan_builder.h"

namespace kiln {
namespace testing {
namespace {

// half and bfloat16 convert only explicitly, and only to float.
template <typename T>
double ToDouble(T x) {
  if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<double>(x);
  } else {
    return static_cast<double>(static_cast<float>(x));
  }
}

double Activate(double x, const std::string& act) {
  if (act == "Relu") return x < 0 ? 0 : x;
  if (act == "Elu") return x < 0 ? std::expm1(x) : x;
  if (act == "Selu") {
    return 1.0507009873554805 *
           (x < 0 ? 1.6732632423543772 * std::expm1(x) : x);
  }
  if (act == "Tanh") return std::tanh(x);
  if (act == "Sigmoid") return 1 / (1 + std::exp(-x));
  return x;
}

struct Case {
  std::vector<int64_t> a, b;  // as stored
  bool ta = false, tb = false, batched = false, bias = false;
  std::string act;
};

// Element [batch..., i, j] of op(a) x op(b) + bias, in double; batch dims
// broadcast as BatchMatMulV2's do.
template <typename T>
std::vector<double> Reference(const Case& c, const Tensor& a, const Tensor& b,
                              const Tensor* bias, std::vector<int64_t>* dims) {
  const int r = static_cast<int>(std::max(c.a.size(), c.b.size()));
  std::vector<int64_t> ad(r - c.a.size(), 1), bd(r - c.b.size(), 1);
  ad.insert(ad.end(), c.a.begin(), c.a.end());
  bd.insert(bd.end(), c.b.begin(), c.b.end());
  const int64_t m = c.ta ? ad[r - 1] : ad[r - 2],
                k = c.ta ? ad[r - 2] : ad[r - 1];
  const int64_t n = c.tb ? bd[r - 2] : bd[r - 1];
  dims->clear();
  for (int i = 0; i < r - 2; ++i) dims->push_back(std::max(ad[i], bd[i]));
  int64_t batches = 1;
  for (int64_t d : *dims) batches *= d;
  dims->push_back(m);
  dims->push_back(n);
  std::vector<double> out;
  for (int64_t batch = 0; batch < batches; ++batch) {
    int64_t ao = 0, bo = 0, rest = batch, as = m * k, bs = k * n;
    for (int i = r - 3; i >= 0; --i) {
      const int64_t idx = rest % (*dims)[i];
      rest /= (*dims)[i];
      if (ad[i] != 1) ao += idx * as;
      if (bd[i] != 1) bo += idx * bs;
      as *= ad[i];
      bs *= bd[i];
    }
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        double sum = bias ? ToDouble(bias->data<T>()[j]) : 0.0;
        for (int64_t kk = 0; kk < k; ++kk) {
          const T x = a.data<T>()[ao + (c.ta ? kk * m + i : i * k + kk)];
          const T y = b.data<T>()[bo + (c.tb ? j * k + kk : kk * n + j)];
          sum += ToDouble(x) * ToDouble(y);
        }
        out.push_back(Activate(sum, c.act));
      }
    }
  }
  return out;
}

template <typename T>
void RunCase(const Case& c, double tolerance) {
  const DataType dt = DataTypeOf<T>::value;
  PlanBuilder p;
  int a = p.Feed("a:0", dt, std::vector<int64_t>(c.a.size(), -1));
  int b = p.Feed("b:0", dt, std::vector<int64_t>(c.b.size(), -1));
  std::vector<int> inputs = {a, b};
  Tensor bias_t;
  int64_t n = c.tb ? c.b[c.b.size() - 2] : c.b.back();
  if (c.bias) {
    bias_t = Random<T>({n}, -3, 3);
    inputs.push_back(p.Feed("bias:0", dt, {n}));
  }
  int y = p.Value("y:0", dt, {});
  p.plan().mutable_values(y)->mutable_shape()->set_unknown_rank(true);
  PlanStep* s = p.Step(PlanStep::MATMUL, "dense/MatMul",
                       c.batched ? "BatchMatMulV2" : "MatMul", inputs, {y});
  s->mutable_matmul()->set_transpose_a(c.ta);
  s->mutable_matmul()->set_transpose_b(c.tb);
  s->mutable_matmul()->set_batched(c.batched);
  s->mutable_matmul()->set_has_bias(c.bias);
  s->mutable_matmul()->set_activation(c.act);
  p.Fetch(y);
  Executor executor(p.Build());
  Tensor at = Random<T>(c.a, -3, 3), bt = Random<T>(c.b, -3, 3);
  std::vector<Tensor> feeds = {at, bt};
  if (c.bias) feeds.push_back(bias_t);
  std::vector<Tensor> out = MustRun(executor, feeds);
  std::vector<int64_t> dims;
  std::vector<double> expect =
      Reference<T>(c, at, bt, c.bias ? &bias_t : nullptr, &dims);
  REQUIRE(out[0].shape().dim_sizes() == dims);
  REQUIRE(out[0].dtype() == dt);
  for (size_t i = 0; i < expect.size(); ++i) {
    if (tolerance == 0) {
      REQUIRE(ToDouble(out[0].data<T>()[i]) == expect[i]);
    } else {
      REQUIRE(ToDouble(out[0].data<T>()[i]) ==
              Approx(expect[i]).epsilon(tolerance).margin(tolerance));
    }
  }
}

TEST_CASE("float matmul with each activation, bias and transposes") {
  for (std::string act : {"", "Relu", "Elu", "Selu", "Tanh", "Sigmoid"}) {
    for (int t = 0; t < 4; ++t) {
      const bool ta = t & 1, tb = t & 2;
      INFO("activation '" << act << "' ta " << ta << " tb " << tb);
      Case c;
      c.a = ta ? std::vector<int64_t>{13, 7} : std::vector<int64_t>{7, 13};
      c.b = tb ? std::vector<int64_t>{5, 13} : std::vector<int64_t>{13, 5};
      c.ta = ta;
      c.tb = tb;
      c.act = act;
      c.bias = t != 1;
      RunCase<float>(c, 1e-4);
    }
  }
}

TEST_CASE("float matmul at batch 1 and with larger shapes") {
  RunCase<float>({{1, 784}, {784, 10}, false, false, false, true, "Relu"},
                 1e-4);
  RunCase<float>({{64, 300}, {300, 100}, false, false, false, true, ""}, 1e-4);
}

TEST_CASE("batched matmul broadcasts batch dims") {
  RunCase<float>({{2, 1, 3, 4}, {5, 4, 6}, false, false, true, false, ""},
                 1e-4);
  RunCase<float>({{3, 4, 2}, {1, 5, 4}, true, true, true, true, "Tanh"}, 1e-4);
  RunCase<float>({{4, 3}, {2, 3, 3, 5}, false, false, true, false, ""}, 1e-4);
}

TEST_CASE("double, int32 and int64 matmuls use the loop kernel") {
  RunCase<double>({{6, 9}, {4, 9}, false, true, false, true, "Selu"}, 1e-12);
  RunCase<double>({{2, 9, 6}, {9, 4}, true, false, true, false, ""}, 1e-12);
  RunCase<int32_t>({{5, 7}, {7, 3}, false, false, false, true, "Relu"}, 0);
  RunCase<int64_t>({{2, 5, 7}, {2, 7, 3}, false, false, true, false, ""}, 0);
}

TEST_CASE("half and bfloat16 matmuls accumulate in float") {
  RunCase<half>({{4, 8}, {8, 3}, false, false, false, true, "Relu"}, 2e-2);
  RunCase<bfloat16>({{2, 4, 8}, {3, 8}, false, true, true, false, ""}, 5e-2);
}

TEST_CASE("matmul inner dimension errors name the node") {
  PlanBuilder p;
  int a = p.Feed("a:0", tensorflow::DT_FLOAT, {-1, -1});
  int b = p.Feed("b:0", tensorflow::DT_FLOAT, {-1, -1});
  int y = p.Value("y:0", tensorflow::DT_FLOAT, {-1, -1});
  p.Step(PlanStep::MATMUL, "dense/MatMul", "MatMul", {a, b}, {y});
  p.Fetch(y);
  Executor executor(p.Build());
  std::vector<Tensor> out;
  Status s = executor.Run({Random<float>({2, 3}), Random<float>({4, 5})},
                          nullptr, &out);
  REQUIRE(s.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::StartsWith("node 'dense/MatMul' (MatMul): "));
  CHECK_THAT(s.message(), Catch::Contains("3 vs 4"));
}

TEST_CASE("kiln_rt_matmul: the C entry point") {
  Tensor a = Random<float>({3, 4}), b = Random<float>({4, 2});
  Tensor bias = Random<float>({2});
  std::vector<float> out(6);
  const int64_t da[] = {3, 4}, db[] = {4, 2}, bad[] = {5, 2};
  REQUIRE(kiln_rt_matmul(KILN_RT_DTYPE_FLOAT, 0, KILN_RT_ACTIVATION_RELU, 2, da,
                         a.raw_data(), 2, db, b.raw_data(), bias.raw_data(),
                         out.data()) == 0);
  Case c{{3, 4}, {4, 2}, false, false, false, true, "Relu"};
  std::vector<int64_t> dims;
  std::vector<double> expect = Reference<float>(c, a, b, &bias, &dims);
  for (int i = 0; i < 6; ++i) CHECK(out[i] == Approx(expect[i]).margin(1e-5));
  CHECK(kiln_rt_matmul(KILN_RT_DTYPE_FLOAT, 0, 0, 2, da, a.raw_data(), 2, bad,
                       b.raw_data(), nullptr, out.data()) != 0);
}

}  // namespace
}  // namespace testing
}  // namespace kiln
