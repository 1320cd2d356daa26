// BlasLt on a device: random row-major problems (transposes, every
// epilogue, FP32 and TF32; bfloat16 and float16 with float32 accumulation)
// against a double-precision host product of the same (rounded) inputs; a
// bias mismatch is an error. Skips without a GPU.
#include "runtime/cuda/blas_lt.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "runtime/tensor/float16.h"
#include "tests/cuda/gpu_or_skip.h"

namespace kiln {
namespace cuda {
namespace {

double Activate(Epilogue e, double v) {
  if (e == Epilogue::kRelu || e == Epilogue::kReluBias) return std::max(v, 0.0);
  if (e == Epilogue::kGeluBias) {
    const double c = std::sqrt(2 / M_PI);
    return 0.5 * v * (1 + std::tanh(c * (v + 0.044715 * v * v * v)));
  }
  return v;
}

TEST_CASE("cuBLASLt matmuls with epilogues match a host product", "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto blas = BlasLt::Create(gpu);
  INFO(blas.status().ToString());
  REQUIRE(blas.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> u(-1, 1);
  const Epilogue epilogues[] = {Epilogue::kNone, Epilogue::kBias,
                                Epilogue::kRelu, Epilogue::kReluBias,
                                Epilogue::kGeluBias};
  for (int trial = 0; trial < 40; ++trial) {
    GpuMatMul p;
    p.m = 1 + rng() % 200;
    p.n = 1 + rng() % 200;
    p.k = 1 + rng() % 300;
    if (trial % 10 == 9) p.m = 512, p.n = 384, p.k = 640;
    p.transpose_a = rng() % 2;
    p.transpose_b = rng() % 2;
    p.tf32 = trial % 4 == 3;
    p.epilogue = epilogues[trial % 5];
    const bool with_bias = p.epilogue == Epilogue::kBias ||
                           p.epilogue == Epilogue::kReluBias ||
                           p.epilogue == Epilogue::kGeluBias;
    INFO("m " << p.m << " n " << p.n << " k " << p.k << " ta " << p.transpose_a
              << " tb " << p.transpose_b << " tf32 " << p.tf32 << " epilogue "
              << static_cast<int>(p.epilogue));
    std::vector<float> a(p.m * p.k), b(p.k * p.n), bias(p.n), y(p.m * p.n);
    for (float& v : a) v = u(rng);
    for (float& v : b) v = u(rng);
    for (float& v : bias) v = u(rng);
    auto bytes = [](const std::vector<float>& v) { return v.size() * 4; };
    void* da = *gpu->AllocateRaw(bytes(a));
    void* db = *gpu->AllocateRaw(bytes(b));
    void* dbias = *gpu->AllocateRaw(bytes(bias));
    void* dy = *gpu->AllocateRaw(bytes(y));
    REQUIRE((*stream)->CopyToDevice(da, a.data(), bytes(a)).ok());
    REQUIRE((*stream)->CopyToDevice(db, b.data(), bytes(b)).ok());
    REQUIRE((*stream)->CopyToDevice(dbias, bias.data(), bytes(bias)).ok());
    Status s = (*blas)->MatMul(**stream, p, static_cast<float*>(da),
                               static_cast<float*>(db),
                               with_bias ? static_cast<float*>(dbias) : nullptr,
                               static_cast<float*>(dy));
    INFO(s.ToString());
    REQUIRE(s.ok());
    REQUIRE((*stream)->CopyToHost(y.data(), dy, bytes(y)).ok());
    REQUIRE((*stream)->Synchronize().ok());
    double worst = 0;
    for (int64_t i = 0; i < p.m; ++i)
      for (int64_t j = 0; j < p.n; ++j) {
        double sum = with_bias ? bias[j] : 0;
        for (int64_t l = 0; l < p.k; ++l) {
          const double av = p.transpose_a ? a[l * p.m + i] : a[i * p.k + l];
          const double bv = p.transpose_b ? b[j * p.k + l] : b[l * p.n + j];
          sum += av * bv;
        }
        worst = std::max(worst,
                         std::abs(y[i * p.n + j] - Activate(p.epilogue, sum)));
      }
    // |terms| <= 1: FP32 accumulates ~k ulps; TF32 rounds inputs to 10 bits.
    const double tolerance =
        p.tf32 ? 2e-3 * std::sqrt(double(p.k)) + 1e-3 : 1e-5 * p.k + 1e-5;
    CHECK(worst <= tolerance);
    for (void* d : {da, db, dbias, dy}) REQUIRE(gpu->FreeRaw(d).ok());
  }
  GpuMatMul p{4, 4, 4};
  p.epilogue = Epilogue::kReluBias;
  Status missing =
      (*blas)->MatMul(**stream, p, nullptr, nullptr, nullptr, nullptr);
  CHECK_THAT(missing.message(), Catch::Contains("needs bias"));
}

// Strided batches: each operand batched (stride one matrix) or broadcast
// (stride 0), a shared bias, against the host product of each batch.
TEST_CASE("cuBLASLt strided batches and broadcast operands", "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto blas = BlasLt::Create(gpu);
  REQUIRE(blas.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  std::mt19937 rng(17);
  std::uniform_real_distribution<float> u(-1, 1);
  for (int trial = 0; trial < 12; ++trial) {
    GpuMatMul p;
    p.batch = 2 + rng() % 5;
    p.m = 1 + rng() % 40;
    p.n = 1 + rng() % 40;
    p.k = 1 + rng() % 60;
    p.transpose_a = rng() % 2;
    p.transpose_b = rng() % 2;
    const bool share_a = trial % 3 == 1, share_b = trial % 3 == 2;
    p.stride_a = share_a ? 0 : p.m * p.k;
    p.stride_b = share_b ? 0 : p.k * p.n;
    p.stride_y = p.m * p.n;
    p.epilogue = trial % 2 ? Epilogue::kBias : Epilogue::kNone;
    INFO("batch " << p.batch << " m " << p.m << " n " << p.n << " k " << p.k
                  << " shared a " << share_a << " shared b " << share_b);
    std::vector<float> a((share_a ? 1 : p.batch) * p.m * p.k);
    std::vector<float> b((share_b ? 1 : p.batch) * p.k * p.n);
    std::vector<float> bias(p.n), y(p.batch * p.m * p.n);
    for (auto* v : {&a, &b, &bias})
      for (float& x : *v) x = u(rng);
    auto bytes = [](const std::vector<float>& v) { return v.size() * 4; };
    void* da = *gpu->AllocateRaw(bytes(a));
    void* db = *gpu->AllocateRaw(bytes(b));
    void* dbias = *gpu->AllocateRaw(bytes(bias));
    void* dy = *gpu->AllocateRaw(bytes(y));
    REQUIRE((*stream)->CopyToDevice(da, a.data(), bytes(a)).ok());
    REQUIRE((*stream)->CopyToDevice(db, b.data(), bytes(b)).ok());
    REQUIRE((*stream)->CopyToDevice(dbias, bias.data(), bytes(bias)).ok());
    const bool with_bias = p.epilogue == Epilogue::kBias;
    Status s =
        (*blas)->MatMul(**stream, p, da, db, with_bias ? dbias : nullptr, dy);
    INFO(s.ToString());
    REQUIRE(s.ok());
    REQUIRE((*stream)->CopyToHost(y.data(), dy, bytes(y)).ok());
    REQUIRE((*stream)->Synchronize().ok());
    double worst = 0;
    for (int64_t t = 0; t < p.batch; ++t)
      for (int64_t i = 0; i < p.m; ++i)
        for (int64_t j = 0; j < p.n; ++j) {
          const float* at = a.data() + t * p.stride_a;
          const float* bt = b.data() + t * p.stride_b;
          double sum = with_bias ? bias[j] : 0;
          for (int64_t l = 0; l < p.k; ++l)
            sum += double(p.transpose_a ? at[l * p.m + i] : at[i * p.k + l]) *
                   (p.transpose_b ? bt[j * p.k + l] : bt[l * p.n + j]);
          worst = std::max(worst, std::abs(y[(t * p.m + i) * p.n + j] - sum));
        }
    CHECK(worst <= 1e-5 * p.k + 1e-5);
    for (void* d : {da, db, dbias, dy}) REQUIRE(gpu->FreeRaw(d).ok());
  }
}

TEST_CASE("cuBLASLt transposes a row-major matrix", "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto blas = BlasLt::Create(gpu);
  REQUIRE(blas.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  std::mt19937 rng(23);
  for (auto [rows, cols] :
       {std::pair<int64_t, int64_t>{1, 1}, {27, 8}, {3, 500}, {577, 33}}) {
    INFO(rows << "x" << cols);
    std::vector<float> in(rows * cols), out(rows * cols);
    for (float& v : in) v = static_cast<float>(rng() % 1000);
    const size_t bytes = in.size() * 4;
    void* din = *gpu->AllocateRaw(bytes);
    void* dout = *gpu->AllocateRaw(bytes);
    REQUIRE((*stream)->CopyToDevice(din, in.data(), bytes).ok());
    Status s =
        (*blas)->Transpose(**stream, GpuType::kF32, rows, cols, din, dout);
    INFO(s.ToString());
    REQUIRE(s.ok());
    REQUIRE((*stream)->CopyToHost(out.data(), dout, bytes).ok());
    REQUIRE((*stream)->Synchronize().ok());
    int wrong = 0;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        wrong += out[j * rows + i] != in[i * cols + j];
    CHECK(wrong == 0);
    for (void* d : {din, dout}) REQUIRE(gpu->FreeRaw(d).ok());
  }
}

// The 16-bit types: inputs rounded on the host, the product in double
// from the rounded values, the result within a few of its own ulps.
template <typename T>
void CheckHalfPrecision(BlasLt& blas, Device& gpu, Stream& stream, GpuType type,
                        std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1, 1);
  for (int trial = 0; trial < 12; ++trial) {
    GpuMatMul p;
    p.m = 1 + rng() % 150;
    p.n = 8 * (1 + rng() % 20);  // 16-byte aligned rows
    p.k = 8 * (1 + rng() % 40);
    p.transpose_a = trial % 2;
    p.transpose_b = trial % 3 == 0;
    p.type = type;
    p.epilogue = trial % 3 == 1 ? Epilogue::kReluBias : Epilogue::kNone;
    const bool with_bias = p.epilogue != Epilogue::kNone;
    INFO("type " << static_cast<int>(type) << " m " << p.m << " n " << p.n
                 << " k " << p.k);
    std::vector<T> a(p.m * p.k), b(p.k * p.n), bias(p.n), y(p.m * p.n);
    for (T& v : a) v = T(u(rng));
    for (T& v : b) v = T(u(rng));
    for (T& v : bias) v = T(u(rng));
    auto bytes = [](const std::vector<T>& v) { return v.size() * sizeof(T); };
    void* da = *gpu.AllocateRaw(bytes(a));
    void* db = *gpu.AllocateRaw(bytes(b));
    void* dbias = *gpu.AllocateRaw(bytes(bias));
    void* dy = *gpu.AllocateRaw(bytes(y));
    REQUIRE(stream.CopyToDevice(da, a.data(), bytes(a)).ok());
    REQUIRE(stream.CopyToDevice(db, b.data(), bytes(b)).ok());
    REQUIRE(stream.CopyToDevice(dbias, bias.data(), bytes(bias)).ok());
    Status s = blas.MatMul(stream, p, da, db, with_bias ? dbias : nullptr, dy);
    INFO(s.ToString());
    REQUIRE(s.ok());
    REQUIRE(stream.CopyToHost(y.data(), dy, bytes(y)).ok());
    REQUIRE(stream.Synchronize().ok());
    double worst = 0;
    for (int64_t i = 0; i < p.m; ++i)
      for (int64_t j = 0; j < p.n; ++j) {
        double sum = with_bias ? float(bias[j]) : 0;
        for (int64_t l = 0; l < p.k; ++l)
          sum +=
              double(float(p.transpose_a ? a[l * p.m + i] : a[i * p.k + l])) *
              float(p.transpose_b ? b[j * p.k + l] : b[l * p.n + j]);
        const double want = Activate(p.epilogue, sum);
        // One rounding of the result (bf16: 2^-8 relative) plus float32
        // accumulation.
        const double ulp = type == GpuType::kBF16 ? 1.0 / 128 : 1.0 / 1024;
        const double err = std::abs(float(y[i * p.n + j]) - want);
        worst = std::max(worst, err / (ulp * std::max(1.0, std::abs(want))));
      }
    CHECK(worst <= 2);
    for (void* d : {da, db, dbias, dy}) REQUIRE(gpu.FreeRaw(d).ok());
  }
}

TEST_CASE("bfloat16 and float16 matmuls accumulate in float32", "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto blas = BlasLt::Create(gpu);
  REQUIRE(blas.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  std::mt19937 rng(17);
  CheckHalfPrecision<bfloat16>(**blas, *gpu, **stream, GpuType::kBF16, rng);
  CheckHalfPrecision<half>(**blas, *gpu, **stream, GpuType::kF16, rng);
}

}  // namespace
}  // namespace cuda
}  // namespace kiln
