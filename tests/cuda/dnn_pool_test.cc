// Dnn's pooling on a device: random NHWC max and average pools (windows,
// strides, symmetric padding) and their gradients against a double host
// pool whose max gradient goes to each window's first maximum and whose
// average counts only the window's elements inside x. Skips without a GPU.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "runtime/cuda/dnn.h"
#include "tests/cuda/gpu_or_skip.h"

namespace kiln {
namespace cuda {
namespace {

// Host pooling of x: y, and dx for the gradient dy.
struct HostPool {
  std::vector<double> y, dx;
};

HostPool PoolOnHost(const GpuPool& p, const std::vector<float>& x,
                    const std::vector<float>& dy) {
  HostPool out;
  out.y.assign(p.n * p.out_h() * p.out_w() * p.c, 0);
  out.dx.assign(x.size(), 0);
  auto at = [&](int64_t b, int64_t i, int64_t j, int64_t c) {
    return ((b * p.h + i) * p.w + j) * p.c + c;
  };
  for (int64_t b = 0; b < p.n; ++b)
    for (int64_t oy = 0; oy < p.out_h(); ++oy)
      for (int64_t ox = 0; ox < p.out_w(); ++ox)
        for (int64_t c = 0; c < p.c; ++c) {
          std::vector<int64_t> inside;
          for (int64_t a = 0; a < p.window_h; ++a)
            for (int64_t e = 0; e < p.window_w; ++e) {
              const int64_t iy = oy * p.stride_h - p.pad_h + a;
              const int64_t ix = ox * p.stride_w - p.pad_w + e;
              if (iy >= 0 && iy < p.h && ix >= 0 && ix < p.w)
                inside.push_back(at(b, iy, ix, c));
            }
          const int64_t o = ((b * p.out_h() + oy) * p.out_w() + ox) * p.c + c;
          if (p.max) {
            int64_t best = inside[0];
            for (int64_t i : inside)
              if (x[i] > x[best]) best = i;
            out.y[o] = x[best];
            out.dx[best] += dy[o];
          } else {
            double sum = 0;
            for (int64_t i : inside) sum += x[i];
            out.y[o] = sum / inside.size();
            for (int64_t i : inside) out.dx[i] += dy[o] / inside.size();
          }
        }
  return out;
}

double WorstDifference(const std::vector<float>& got,
                       const std::vector<double>& want) {
  double worst = 0;
  for (size_t i = 0; i < got.size(); ++i)
    worst = std::max(worst, std::abs(got[i] - want[i]));
  return worst;
}

TEST_CASE("cuDNN pooling and its gradient match a host pool", "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto dnn = Dnn::Create(gpu);
  INFO(dnn.status().ToString());
  REQUIRE(dnn.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  std::mt19937 rng(29);
  std::uniform_real_distribution<float> u(-1, 1);
  for (int trial = 0; trial < 32; ++trial) {
    GpuPool p;
    p.n = 1 + rng() % 3;
    p.h = 2 + rng() % 15;
    p.w = 2 + rng() % 15;
    p.c = 1 + rng() % 17;
    p.window_h = 1 + rng() % 3;
    p.window_w = 1 + rng() % 3;
    p.stride_h = 1 + rng() % 2;
    p.stride_w = 1 + rng() % 2;
    p.pad_h = rng() % p.window_h;  // every window overlaps x
    p.pad_w = rng() % p.window_w;
    p.max = trial % 2 == 0;
    if (p.out_h() <= 0 || p.out_w() <= 0) continue;
    INFO("trial " << trial << (p.max ? " max" : " average") << " x " << p.n
                  << "x" << p.h << "x" << p.w << "x" << p.c << " window "
                  << p.window_h << "x" << p.window_w);
    std::vector<float> x(p.n * p.h * p.w * p.c), dx(x.size()),
        y(p.n * p.out_h() * p.out_w() * p.c), dy(y.size());
    for (float& v : x) v = u(rng);
    for (float& v : dy) v = u(rng);
    auto bytes = [](const std::vector<float>& v) { return v.size() * 4; };
    void* d_x = *gpu->AllocateRaw(bytes(x));
    void* d_y = *gpu->AllocateRaw(bytes(y));
    void* d_dy = *gpu->AllocateRaw(bytes(dy));
    void* d_dx = *gpu->AllocateRaw(bytes(dx));
    REQUIRE((*stream)->CopyToDevice(d_x, x.data(), bytes(x)).ok());
    REQUIRE((*stream)->CopyToDevice(d_dy, dy.data(), bytes(dy)).ok());
    Status s = (*dnn)->PoolForward(**stream, p, d_x, d_y);
    INFO(s.ToString());
    REQUIRE(s.ok());
    s = (*dnn)->PoolBackward(**stream, p, d_x, d_y, d_dy, d_dx);
    INFO(s.ToString());
    REQUIRE(s.ok());
    REQUIRE((*stream)->CopyToHost(y.data(), d_y, bytes(y)).ok());
    REQUIRE((*stream)->CopyToHost(dx.data(), d_dx, bytes(dx)).ok());
    REQUIRE((*stream)->Synchronize().ok());
    const HostPool want = PoolOnHost(p, x, dy);
    CHECK(WorstDifference(y, want.y) <= 1e-6);
    CHECK(WorstDifference(dx, want.dx) <= 1e-5);
    for (void* d : {d_x, d_y, d_dy, d_dx}) REQUIRE(gpu->FreeRaw(d).ok());
  }
}

TEST_CASE("cuDNN pooling rejects an empty output with the problem named",
          "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto dnn = Dnn::Create(gpu);
  REQUIRE(dnn.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  GpuPool p;
  p.h = p.w = 2;
  p.window_h = p.window_w = 3;
  Status s = (*dnn)->PoolForward(**stream, p, nullptr, nullptr);
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::Contains("window 3x3"));
}

}  // namespace
}  // namespace cuda
}  // namespace kiln
