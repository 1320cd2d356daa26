// Dnn on a device: random NHWC convolutions (strides, padding, dilation,
// bias, relu; FP32 and TF32) against a double host convolution of the
// HWIO filter that was transposed to OHWI for cuDNN. Skips without a GPU.
#include "runtime/cuda/dnn.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "tests/cuda/gpu_or_skip.h"

namespace kiln {
namespace cuda {
namespace {

TEST_CASE("cuDNN convolutions match a host convolution", "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto dnn = Dnn::Create(gpu);
  INFO(dnn.status().ToString());
  REQUIRE(dnn.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> u(-1, 1);
  for (int trial = 0; trial < 24; ++trial) {
    GpuConv p;
    p.n = 1 + rng() % 4;
    p.h = 3 + rng() % 20;
    p.w = 3 + rng() % 20;
    p.c = 1 + rng() % 24;
    p.k = 1 + rng() % 40;
    p.r = 1 + rng() % 3;
    p.s = 1 + rng() % 3;
    p.stride_h = 1 + rng() % 2;
    p.stride_w = 1 + rng() % 2;
    p.pad_h = rng() % 2;
    p.pad_w = rng() % 2;
    p.dilation_h = trial % 6 == 5 ? 2 : 1;
    p.relu = trial % 2;
    p.tf32 = trial % 4 == 3;
    const bool with_bias = trial % 3 != 0;
    if (p.out_h() <= 0 || p.out_w() <= 0) continue;
    INFO("trial " << trial);
    std::vector<float> x(p.n * p.h * p.w * p.c), hwio(p.r * p.s * p.c * p.k),
        ohwi(hwio.size()), bias(p.k), y(p.n * p.out_h() * p.out_w() * p.k);
    for (float& v : x) v = u(rng);
    for (float& v : hwio) v = u(rng);
    for (float& v : bias) v = u(rng);
    for (int64_t a = 0; a < p.r; ++a)
      for (int64_t b = 0; b < p.s; ++b)
        for (int64_t ci = 0; ci < p.c; ++ci)
          for (int64_t ko = 0; ko < p.k; ++ko)
            ohwi[((ko * p.r + a) * p.s + b) * p.c + ci] =
                hwio[((a * p.s + b) * p.c + ci) * p.k + ko];
    auto bytes = [](const std::vector<float>& v) { return v.size() * 4; };
    void* dx = *gpu->AllocateRaw(bytes(x));
    void* dw = *gpu->AllocateRaw(bytes(ohwi));
    void* db = *gpu->AllocateRaw(bytes(bias));
    void* dy = *gpu->AllocateRaw(bytes(y));
    REQUIRE((*stream)->CopyToDevice(dx, x.data(), bytes(x)).ok());
    REQUIRE((*stream)->CopyToDevice(dw, ohwi.data(), bytes(ohwi)).ok());
    REQUIRE((*stream)->CopyToDevice(db, bias.data(), bytes(bias)).ok());
    Status s = (*dnn)->ConvForward(
        **stream, p, static_cast<float*>(dx), static_cast<float*>(dw),
        with_bias ? static_cast<float*>(db) : nullptr, static_cast<float*>(dy));
    INFO(s.ToString());
    REQUIRE(s.ok());
    REQUIRE((*stream)->CopyToHost(y.data(), dy, bytes(y)).ok());
    REQUIRE((*stream)->Synchronize().ok());
    double worst = 0;
    for (int64_t b = 0; b < p.n; ++b)
      for (int64_t oy = 0; oy < p.out_h(); ++oy)
        for (int64_t ox = 0; ox < p.out_w(); ++ox)
          for (int64_t ko = 0; ko < p.k; ++ko) {
            double sum = with_bias ? bias[ko] : 0;
            for (int64_t a = 0; a < p.r; ++a)
              for (int64_t c2 = 0; c2 < p.s; ++c2) {
                const int64_t iy = oy * p.stride_h - p.pad_h + a * p.dilation_h;
                const int64_t ix =
                    ox * p.stride_w - p.pad_w + c2 * p.dilation_w;
                if (iy < 0 || iy >= p.h || ix < 0 || ix >= p.w) continue;
                for (int64_t ci = 0; ci < p.c; ++ci)
                  sum += x[((b * p.h + iy) * p.w + ix) * p.c + ci] *
                         hwio[((a * p.s + c2) * p.c + ci) * p.k + ko];
              }
            if (p.relu) sum = std::max(sum, 0.0);
            const float got =
                y[((b * p.out_h() + oy) * p.out_w() + ox) * p.k + ko];
            worst = std::max(worst, std::abs(got - sum));
          }
    const double terms = double(p.r * p.s * p.c);
    CHECK(worst <=
          (p.tf32 ? 2e-3 * std::sqrt(terms) + 1e-3 : 1e-5 * terms + 1e-5));
    for (void* d : {dx, dw, db, dy}) REQUIRE(gpu->FreeRaw(d).ok());
  }
}

}  // namespace
}  // namespace cuda
}  // namespace kiln
