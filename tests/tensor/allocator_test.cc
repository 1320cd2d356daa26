// CpuAllocator: alignment, statistics, the byte limit, thread safety.
#include "runtime/tensor/allocator.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <thread>
#include <vector>

#include "runtime/tensor/tensor.h"
#include "tests/tensor/test_util.h"

namespace kiln {
namespace {

bool Aligned(const void* p, size_t a) {
  return reinterpret_cast<uintptr_t>(p) % a == 0;
}

TEST_CASE("CpuAllocator returns 64-byte aligned memory", "[allocator]") {
  CpuAllocator alloc;
  for (size_t bytes : {0, 1, 7, 64, 65, 1000, 1 << 20}) {
    void* p = alloc.Allocate(bytes);
    REQUIRE(p != nullptr);
    CHECK(Aligned(p, 64));
    alloc.Deallocate(p, bytes);
  }
  void* p = alloc.Allocate(10, 4096);
  CHECK(Aligned(p, 4096));
  alloc.Deallocate(p, 10);
  CHECK(alloc.Allocate(10, 48) == nullptr);  // not a power of two
  CHECK(alloc.GetStats().num_failed_allocs == 1);
  CHECK(alloc.Name() == "cpu");
}

TEST_CASE("CpuAllocator keeps statistics", "[allocator]") {
  CpuAllocator alloc;
  void* a = alloc.Allocate(100);
  void* b = alloc.Allocate(300);
  AllocatorStats s = alloc.GetStats();
  CHECK(s.num_allocs == 2);
  CHECK(s.bytes_in_use == 400);
  CHECK(s.peak_bytes_in_use == 400);
  CHECK(s.largest_alloc_size == 300);
  alloc.Deallocate(b, 300);
  s = alloc.GetStats();
  CHECK(s.bytes_in_use == 100);
  CHECK(s.peak_bytes_in_use == 400);
  alloc.ResetPeak();
  CHECK(alloc.GetStats().peak_bytes_in_use == 100);
  alloc.Deallocate(a, 100);
  CHECK(alloc.GetStats().bytes_in_use == 0);
}

TEST_CASE("CpuAllocator enforces its limit", "[allocator]") {
  CpuAllocator alloc(/*bytes_limit=*/1000);
  void* a = alloc.Allocate(600);
  REQUIRE(a != nullptr);
  CHECK(alloc.Allocate(600) == nullptr);
  AllocatorStats s = alloc.GetStats();
  CHECK(s.num_failed_allocs == 1);
  CHECK(s.bytes_in_use == 600);
  CHECK(s.bytes_limit == 1000);
  void* b = alloc.Allocate(400);  // exactly up to the limit
  CHECK(b != nullptr);
  alloc.Deallocate(a, 600);
  alloc.Deallocate(b, 400);
}

TEST_CASE("Tensor reports allocation failure as a Status", "[allocator]") {
  CpuAllocator alloc(/*bytes_limit=*/1024);
  StatusOr<Tensor> big =
      Tensor::Allocate(tensorflow::DT_FLOAT, testing::Shape({1000}), &alloc);
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().message().find("out of memory") != std::string::npos);
  CHECK(big.status().code() == StatusCode::kResourceExhausted);
  CHECK(big.status().message().find("float [1000]") != std::string::npos);
  {
    StatusOr<Tensor> small =
        Tensor::Zeros(tensorflow::DT_FLOAT, testing::Shape({100}), &alloc);
    REQUIRE(small.ok());
    CHECK(alloc.GetStats().bytes_in_use == 400);
    CHECK(small->buffer()->allocator() == &alloc);
  }
  CHECK(alloc.GetStats().bytes_in_use == 0);  // freed with the tensor
}

TEST_CASE("CpuAllocator is thread-safe", "[allocator]") {
  CpuAllocator alloc;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&alloc] {
      for (int i = 0; i < 1000; ++i) {
        void* p = alloc.Allocate(128);
        alloc.Deallocate(p, 128);
      }
    });
  }
  for (auto& t : threads) t.join();
  AllocatorStats s = alloc.GetStats();
  CHECK(s.num_allocs == 8000);
  CHECK(s.bytes_in_use == 0);
  CHECK(s.peak_bytes_in_use <= 8 * 128);
}

TEST_CASE("DefaultCpuAllocator is one shared allocator", "[allocator]") {
  CHECK(DefaultCpuAllocator() == DefaultCpuAllocator());
  CHECK(DefaultCpuAllocator()->Name() == "cpu");
}

}  // namespace
}  // namespace kiln
