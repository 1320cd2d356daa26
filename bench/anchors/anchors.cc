// kiln_bench_anchors: what this machine does without Kiln, as a table.
//
//   OMP_NUM_THREADS=2 kiln_bench_anchors [--runs 20]
//
// - dnnl_sgemm 1024x1024x1024 f32 (oneDNN's threads: OMP_NUM_THREADS);
// - a plain copy loop over 16M floats (read + write bandwidth);
// - tanh(sigmoid(exp(-x*x)*0.5+x))*2-1 over 16M floats, one plain loop per op
//   (what an unfused runtime does), and the same in one loop (fused, but with
//   scalar libm calls that block vectorization: math dominates, not memory).
//   Both single-threaded.
// Each row is the median of --runs timed runs after one warm-up run.
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

// Median seconds of `runs` calls of `fn`, after one warm-up call.
double MedianSeconds(int runs, const std::function<void()>& fn) {
  fn();
  std::vector<double> seconds;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    auto end = std::chrono::steady_clock::now();
    seconds.push_back(std::chrono::duration<double>(end - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

std::vector<float> RandomFloats(size_t n, float lo, float hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

void PrintRow(const char* name, double seconds, double rate, const char* unit) {
  std::printf("%-44s %10.3f ms %10.2f %s\n", name, seconds * 1e3, rate, unit);
}

// Keeps a result alive so the optimizer cannot drop the work.
void Consume(const std::vector<float>& v) {
  volatile float sink = v[v.size() / 3];
  (void)sink;
}

void BenchSgemm(int runs) {
  const int64_t n = 1024;
  std::vector<float> a = RandomFloats(n * n, -1, 1, 1);
  std::vector<float> b = RandomFloats(n * n, -1, 1, 2);
  std::vector<float> c(n * n);
  dnnl_status_t status = dnnl_success;
  double seconds = MedianSeconds(runs, [&] {
    status = dnnl_sgemm('N', 'N', n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f,
                        c.data(), n);
  });
  if (status != dnnl_success) {
    std::printf("dnnl_sgemm failed: status %d\n", static_cast<int>(status));
    return;
  }
  // Spot-check one element so a broken call cannot post a fast time.
  double expected = 0;
  for (int64_t k = 0; k < n; ++k)
    expected += double(a[5 * n + k]) * b[k * n + 7];
  if (std::abs(expected - c[5 * n + 7]) > 1e-3 * n) {
    std::printf("dnnl_sgemm gave a wrong result\n");
    return;
  }
  PrintRow("dnnl_sgemm 1024x1024x1024 f32", seconds,
           2.0 * n * n * n / seconds * 1e-9, "GFLOP/s");
}

constexpr size_t kElements = size_t{16} << 20;  // 16M floats, 64 MiB

void BenchCopy(int runs) {
  std::vector<float> src = RandomFloats(kElements, -1, 1, 3);
  std::vector<float> dst(kElements);
  double seconds = MedianSeconds(runs, [&] {
    const float* in = src.data();
    float* out = dst.data();
    for (size_t i = 0; i < kElements; ++i) out[i] = in[i];
  });
  Consume(dst);
  PrintRow("copy loop, 16M f32 (read+write)", seconds,
           2.0 * kElements * sizeof(float) / seconds * 1e-9, "GB/s");
}

// One pass over the data per op, each writing a whole temporary.
void ChainOpByOp(const std::vector<float>& x, std::vector<float>& t0,
                 std::vector<float>& t1, std::vector<float>& out) {
  const size_t n = x.size();
  for (size_t i = 0; i < n; ++i) t0[i] = -x[i];            // Neg
  for (size_t i = 0; i < n; ++i) t1[i] = t0[i] * x[i];     // Mul
  for (size_t i = 0; i < n; ++i) t0[i] = std::exp(t1[i]);  // Exp
  for (size_t i = 0; i < n; ++i) t1[i] = t0[i] * 0.5f;     // Mul
  for (size_t i = 0; i < n; ++i) t0[i] = t1[i] + x[i];     // Add
  for (size_t i = 0; i < n; ++i)
    t1[i] = 1.0f / (1.0f + std::exp(-t0[i]));               // Sigmoid
  for (size_t i = 0; i < n; ++i) t0[i] = std::tanh(t1[i]);  // Tanh
  for (size_t i = 0; i < n; ++i) t1[i] = t0[i] * 2.0f;      // Mul
  for (size_t i = 0; i < n; ++i) out[i] = t1[i] - 1.0f;     // Sub
}

void ChainFused(const std::vector<float>& x, std::vector<float>& out) {
  const size_t n = x.size();
  for (size_t i = 0; i < n; ++i) {
    float v = std::exp(-x[i] * x[i]) * 0.5f + x[i];
    v = 1.0f / (1.0f + std::exp(-v));
    out[i] = std::tanh(v) * 2.0f - 1.0f;
  }
}

void BenchElementwiseChain(int runs) {
  std::vector<float> x = RandomFloats(kElements, -3, 3, 4);
  std::vector<float> t0(kElements), t1(kElements), unfused(kElements),
      fused(kElements);
  double op_by_op =
      MedianSeconds(runs, [&] { ChainOpByOp(x, t0, t1, unfused); });
  double one_loop = MedianSeconds(runs, [&] { ChainFused(x, fused); });
  float max_diff = 0;
  for (size_t i = 0; i < kElements; ++i) {
    max_diff = std::max(max_diff, std::abs(unfused[i] - fused[i]));
  }
  const double elements_per_s = 1e-6 * kElements;
  PrintRow("chain op by op (9 loops), 16M f32", op_by_op,
           elements_per_s / op_by_op, "Melem/s");
  PrintRow("chain in one loop, 16M f32", one_loop, elements_per_s / one_loop,
           "Melem/s");
  std::printf("  (op-by-op vs one-loop max |diff| = %.3g)\n", max_diff);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 20;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--runs N]\n", argv[0]);
      return 2;
    }
  }
  const char* omp = std::getenv("OMP_NUM_THREADS");
  std::printf(
      "Kiln bench anchors: median of %d runs; oneDNN threads: %s; "
      "loops: 1 thread\n",
      runs, omp ? omp : "unset (all cores)");
  std::printf("%-44s %13s %18s\n", "anchor", "time", "rate");
  BenchSgemm(runs);
  BenchCopy(runs);
  BenchElementwiseChain(runs);
  return 0;
}
