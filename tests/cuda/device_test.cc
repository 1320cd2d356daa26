// runtime/cuda on a real device: what the driver reports, the caching
// allocator over device memory, pinned asynchronous copies both ways, a
// memset, a PTX kernel JIT-loaded and launched on random data, and the
// errors a bad PTX, an unknown kernel and an impossible allocation give.
// Without a device (or a driver) each test says so and passes: CI has none;
// scripts/gpu_pack.sh runs them on a GPU machine.
#include "runtime/cuda/device.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "runtime/cuda/module.h"
#include "tests/cuda/gpu_or_skip.h"

namespace kiln {
namespace cuda {
namespace {

// out[i] = in[i] * 2 + 1 for i < n (float), any GPU from sm_50 on.
const char kScalePtx[] = R"(
.version 7.0
.target sm_50
.address_size 64
.visible .entry scale(.param .u64 out, .param .u64 in, .param .u32 n)
{
  .reg .pred %p;
  .reg .b32 %r<5>;
  .reg .f32 %f<3>;
  .reg .b64 %rd<7>;
  ld.param.u64 %rd1, [out];
  ld.param.u64 %rd2, [in];
  ld.param.u32 %r1, [n];
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mov.u32 %r4, %tid.x;
  mad.lo.s32 %r2, %r2, %r3, %r4;
  setp.ge.u32 %p, %r2, %r1;
  @%p bra DONE;
  cvta.to.global.u64 %rd1, %rd1;
  cvta.to.global.u64 %rd2, %rd2;
  mul.wide.u32 %rd3, %r2, 4;
  add.s64 %rd4, %rd2, %rd3;
  ld.global.f32 %f1, [%rd4];
  fma.rn.f32 %f2, %f1, 0f40000000, 0f3F800000;
  add.s64 %rd5, %rd1, %rd3;
  st.global.f32 [%rd5], %f2;
DONE:
  ret;
}
)";

TEST_CASE("the driver reports the devices or why there are none", "[cuda]") {
  StatusOr<int> count = DeviceCount();
  if (!count.ok()) {
    CHECK(count.status().code() == StatusCode::kFailedPrecondition);
    CHECK_FALSE(count.status().message().empty());
    WARN(count.status().ToString());
    return;
  }
  for (int i = 0; i < *count; ++i) {
    StatusOr<DeviceInfo> info = GetDeviceInfo(i);
    REQUIRE(info.ok());
    CHECK_FALSE(info->name.empty());
    CHECK(info->compute_major >= 5);
    CHECK(info->total_bytes > 0);
    CHECK(info->multiprocessors > 0);
  }
  CHECK_FALSE(GetDeviceInfo(*count + 3).ok());
}

TEST_CASE("pinned copies and a memset round-trip through device memory",
          "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  CachingAllocator memory(std::make_unique<DeviceMemory>(gpu), {});
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  const size_t n = (3 << 20) + 17;  // bytes; crosses a segment
  void* host = *gpu->AllocatePinned(n);
  void* back = *gpu->AllocatePinned(n);
  std::mt19937 rng(3);
  for (size_t i = 0; i < n; ++i) static_cast<uint8_t*>(host)[i] = rng();
  void* a = *memory.Allocate(n);
  void* b = *memory.Allocate(n);
  REQUIRE((*stream)->CopyToDevice(a, host, n).ok());
  REQUIRE((*stream)->CopyOnDevice(b, a, n).ok());
  REQUIRE((*stream)->CopyToHost(back, b, n).ok());
  REQUIRE((*stream)->Synchronize().ok());
  CHECK(std::memcmp(host, back, n) == 0);
  REQUIRE((*stream)->Memset(b, 0x5a, 1000).ok());
  REQUIRE((*stream)->CopyToHost(back, b, 1000).ok());
  REQUIRE((*stream)->Synchronize().ok());
  int wrong = 0;
  for (int i = 0; i < 1000; ++i)
    wrong += static_cast<uint8_t*>(back)[i] != 0x5a;
  CHECK(wrong == 0);
  REQUIRE(memory.Free(a).ok());
  REQUIRE(memory.Free(b).ok());
  CHECK(memory.stats().bytes_in_use == 0);
  REQUIRE(gpu->FreePinned(host).ok());
  REQUIRE(gpu->FreePinned(back).ok());
  auto [free, total] = *gpu->MemoryInfo();
  CHECK(free <= total);
}

TEST_CASE("a PTX kernel loads, launches and computes", "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  auto module = Module::LoadPtx(gpu, kScalePtx);
  INFO(module.status().ToString());
  REQUIRE(module.ok());
  StatusOr<Kernel> kernel = (*module)->Function("scale");
  REQUIRE(kernel.ok());
  auto stream = gpu->NewStream();
  REQUIRE(stream.ok());
  const uint32_t n = 100003;
  std::vector<float> in(n), out(n);
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(-10, 10);
  for (float& v : in) v = u(rng);
  void* d_in = *gpu->AllocateRaw(n * 4);
  void* d_out = *gpu->AllocateRaw(n * 4);
  REQUIRE((*stream)->CopyToDevice(d_in, in.data(), n * 4).ok());
  void* args[] = {&d_out, &d_in, const_cast<uint32_t*>(&n)};
  auto start = Event::Create(gpu), end = Event::Create(gpu);
  REQUIRE(start.ok());
  REQUIRE((*start)->Record(**stream).ok());
  REQUIRE(Launch(*kernel, {(n + 255) / 256}, {256}, 0, **stream, args).ok());
  REQUIRE((*end)->Record(**stream).ok());
  REQUIRE((*stream)->CopyToHost(out.data(), d_out, n * 4).ok());
  REQUIRE((*stream)->Synchronize().ok());
  int wrong = 0;
  for (uint32_t i = 0; i < n; ++i) wrong += out[i] != std::fma(in[i], 2.f, 1.f);
  CHECK(wrong == 0);
  StatusOr<float> ms = (*end)->ElapsedMsSince(**start);
  REQUIRE(ms.ok());
  CHECK(*ms >= 0);
  REQUIRE(gpu->FreeRaw(d_in).ok());
  REQUIRE(gpu->FreeRaw(d_out).ok());
}

TEST_CASE("bad PTX, unknown kernels and huge allocations are clear errors",
          "[cuda]") {
  std::shared_ptr<Device> gpu = GpuOrSkip();
  if (gpu == nullptr) return;
  std::string broken = kScalePtx;
  broken.replace(broken.find("fma.rn.f32"), 10, "fma.bogus");
  auto bad = Module::LoadPtx(gpu, broken);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("cuModuleLoadDataEx"));
  CHECK_THAT(bad.status().message(), Catch::Contains("JIT log"));
  auto module = Module::LoadPtx(gpu, kScalePtx);
  REQUIRE(module.ok());
  StatusOr<Kernel> missing = (*module)->Function("no_such_kernel");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(),
             Catch::Contains("cuModuleGetFunction"));
  StatusOr<void*> huge = gpu->AllocateRaw(size_t{1} << 50);
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.status().code() == StatusCode::kResourceExhausted);
  CHECK_THAT(huge.status().message(), Catch::Contains("cuMemAlloc"));
  // The allocator's limit holds on the device too.
  AllocatorOptions o;
  o.limit_bytes = 4 << 20;
  CachingAllocator limited(std::make_unique<DeviceMemory>(gpu), o);
  StatusOr<void*> over = limited.Allocate(8 << 20);
  REQUIRE_FALSE(over.ok());
  CHECK_THAT(over.status().message(), Catch::Contains("GPU:0"));
}

}  // namespace
}  // namespace cuda
}  // namespace kiln
