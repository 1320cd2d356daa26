// gpu_bench: runtime/cuda's primitives on a GPU, timed with CUDA events
// (median of the timed runs after warm-ups).
//   matmul   BlasLt 8192^3 in bfloat16 (float32 accumulation) and float32
//            with TF32, in TFLOP/s
//   copy     a 1 GiB device-to-device copy, in GB/s (read + write): the
//            ceiling elementwise kernels are measured against
// bench/anchors/gpu_matmul.py times torch.matmul on the same problems; run
// both with bench/gpu_bench.sh (packed by scripts/gpu_pack.sh). Prints a
// table and one JSON line per row.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

#include "runtime/cuda/blas_lt.h"
#include "runtime/cuda/device.h"

namespace {

using namespace kiln;
using namespace kiln::cuda;

template <typename T>
T Must(StatusOr<T> v) {
  if (!v.ok()) {
    std::fprintf(stderr, "gpu_bench: %s\n", v.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*v);
}

void Must(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "gpu_bench: %s\n", s.ToString().c_str());
    std::exit(1);
  }
}

// Median milliseconds of `runs` timed calls of `work` on `stream`.
template <typename Work>
double MedianMs(std::shared_ptr<Device> gpu, Stream& stream, int runs,
                Work work) {
  auto start = Must(Event::Create(gpu)), end = Must(Event::Create(gpu));
  for (int i = 0; i < 3; ++i) work();
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    Must(start->Record(stream));
    work();
    Must(end->Record(stream));
    Must(end->Synchronize());
    ms.push_back(Must(end->ElapsedMsSince(*start)));
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

void Row(const char* bench, const char* what, double value, const char* unit) {
  std::printf("%-8s %-44s %10.2f %s\n", bench, what, value, unit);
  std::printf(
      "{\"bench\": \"%s\", \"what\": \"%s\", \"value\": %.6g, \"unit\": "
      "\"%s\"}\n",
      bench, what, value, unit);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  auto gpu = Must(Device::Open(0));
  auto stream = Must(gpu->NewStream());
  auto blas = Must(BlasLt::Create(gpu));
  std::printf("%-8s %-44s %10s %s\n", "bench", "what", "value", "unit");
  const int64_t n = quick ? 2048 : 8192;
  void* a = Must(gpu->AllocateRaw(n * n * 4));
  void* b = Must(gpu->AllocateRaw(n * n * 4));
  void* y = Must(gpu->AllocateRaw(n * n * 4));
  Must(stream->Memset(a, 0x3c, n * n * 4));  // small finite values
  Must(stream->Memset(b, 0x3c, n * n * 4));
  for (GpuType type : {GpuType::kBF16, GpuType::kF32}) {
    GpuMatMul p{n, n, n};
    p.type = type;
    p.tf32 = true;
    const double ms = MedianMs(gpu, *stream, quick ? 5 : 20, [&] {
      Must(blas->MatMul(*stream, p, a, b, nullptr, y));
    });
    Row("matmul",
        type == GpuType::kBF16 ? "BlasLt 8192^3 bf16" : "BlasLt 8192^3 tf32",
        2.0 * n * n * n / (ms * 1e-3) / 1e12, "TFLOP/s");
  }
  const size_t bytes = size_t{1} << 30;
  void* src = Must(gpu->AllocateRaw(bytes));
  void* dst = Must(gpu->AllocateRaw(bytes));
  const double copy_ms = MedianMs(gpu, *stream, quick ? 5 : 20, [&] {
    Must(stream->CopyOnDevice(dst, src, bytes));
  });
  Row("copy", "device-to-device 1 GiB (read + write)",
      2.0 * bytes / (copy_ms * 1e-3) / 1e9, "GB/s");
  for (void* p : {a, b, y, src, dst}) Must(gpu->FreeRaw(p));
  return 0;
}
