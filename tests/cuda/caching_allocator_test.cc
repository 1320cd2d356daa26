// CachingAllocator over a host heap: random allocations and frees keep
// blocks aligned, disjoint and their contents intact; best fit and
// coalescing; segments reused, released and bounded by the limit, with
// errors that change nothing; a failing backend retried after releasing.
#include "runtime/cuda/caching_allocator.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <vector>

namespace kiln {
namespace cuda {
namespace {

// Host memory as segments; counts what it holds, can be told to fail.
class HostHeap : public MemoryBackend {
 public:
  explicit HostHeap(size_t* held, int* fail_next = nullptr)
      : held_(held), fail_next_(fail_next) {}
  StatusOr<void*> Allocate(size_t bytes) override {
    if (fail_next_ != nullptr && *fail_next_ > 0) {
      --*fail_next_;
      return ResourceExhausted("host heap says no");
    }
    void* p = std::aligned_alloc(4096, bytes);
    if (p == nullptr) return ResourceExhausted("out of host memory");
    *held_ += bytes;
    return p;
  }
  void Free(void* ptr, size_t bytes) override {
    *held_ -= bytes;
    std::free(ptr);
  }
  std::string name() const override { return "host"; }

 private:
  size_t* held_;
  int* fail_next_;
};

constexpr size_t kSegment = 1 << 16;

AllocatorOptions Options(size_t limit = 0) {
  AllocatorOptions o;
  o.segment_bytes = kSegment;
  o.limit_bytes = limit;
  return o;
}

TEST_CASE("random allocations stay aligned, disjoint and intact",
          "[allocator]") {
  size_t held = 0;
  {
    CachingAllocator a(std::make_unique<HostHeap>(&held), Options());
    std::mt19937 rng(7);
    std::map<uintptr_t, std::pair<size_t, uint8_t>> live;  // size, fill
    for (int step = 0; step < 4000; ++step) {
      if (!live.empty() && rng() % 5 < 2) {
        auto it = live.begin();
        std::advance(it, rng() % live.size());
        const auto* p = reinterpret_cast<const uint8_t*>(it->first);
        size_t changed = 0;
        for (size_t i = 0; i < it->second.first; ++i)
          changed += p[i] != it->second.second;
        REQUIRE(changed == 0);
        REQUIRE(a.Free(reinterpret_cast<void*>(it->first)).ok());
        live.erase(it);
        continue;
      }
      const size_t bytes = rng() % 3 == 0 ? rng() % 200000 : rng() % 3000;
      StatusOr<void*> p = a.Allocate(bytes);
      REQUIRE(p.ok());
      const uintptr_t at = reinterpret_cast<uintptr_t>(*p);
      CHECK(at % 256 == 0);
      CHECK(a.AllocatedSize(*p) >= bytes);
      auto next = live.lower_bound(at);
      if (next != live.end()) REQUIRE(at + bytes <= next->first);
      if (next != live.begin()) {
        auto prev = std::prev(next);
        REQUIRE(prev->first + prev->second.first <= at);
      }
      const uint8_t fill = static_cast<uint8_t>(rng());
      std::memset(*p, fill, bytes);
      live[at] = {bytes, fill};
    }
    const AllocatorStats s = a.stats();
    CHECK(s.bytes_in_use <= s.bytes_reserved);
    CHECK(s.bytes_reserved == held);
    for (auto& [at, unused] : live)
      REQUIRE(a.Free(reinterpret_cast<void*>(at)).ok());
    // Everything free: each segment is one block again, and goes back.
    CHECK(a.stats().bytes_in_use == 0);
    a.ReleaseCached();
    CHECK(held == 0);
    CHECK(a.stats().num_segments == 0);
  }
  CHECK(held == 0);
}

TEST_CASE("best fit, splitting and coalescing", "[allocator]") {
  size_t held = 0;
  CachingAllocator a(std::make_unique<HostHeap>(&held), Options());
  // One segment cut into 4 KiB, 8 KiB, 4 KiB, 16 KiB and the rest.
  std::vector<void*> p;
  for (size_t kib : {4, 8, 4, 16}) p.push_back(*a.Allocate(kib << 10));
  void* rest = *a.Allocate(1 << 10);
  CHECK(a.stats().num_segments == 1);
  REQUIRE(a.Free(p[1]).ok());  // an 8 KiB hole
  REQUIRE(a.Free(p[3]).ok());  // a 16 KiB hole
  // 6 KiB goes to the 8 KiB hole (best fit), 12 KiB to the 16 KiB one.
  void* six = *a.Allocate(6 << 10);
  CHECK(six == p[1]);
  void* twelve = *a.Allocate(12 << 10);
  CHECK(twelve == p[3]);
  // Freeing neighbours coalesces: 4 + 6 + (2 left) + 4 KiB make room for
  // 16 KiB at the segment's start.
  for (void* q : {p[0], six, p[2]}) REQUIRE(a.Free(q).ok());
  CHECK(*a.Allocate(16 << 10) == p[0]);
  CHECK(a.stats().num_segments == 1);
  CHECK(a.Free(rest).ok());
  CHECK_FALSE(a.Free(rest).ok());  // twice
  int on_stack;
  CHECK_FALSE(a.Free(&on_stack).ok());
  CHECK(a.Allocate(0).ok());
}

TEST_CASE("the limit bounds reserved bytes; errors change nothing",
          "[allocator]") {
  size_t held = 0;
  CachingAllocator a(std::make_unique<HostHeap>(&held), Options(3 * kSegment));
  void* big = *a.Allocate(2 * kSegment);
  StatusOr<void*> over = a.Allocate(2 * kSegment);
  REQUIRE_FALSE(over.ok());
  CHECK(over.status().code() == StatusCode::kResourceExhausted);
  CHECK_THAT(over.status().message(), Catch::Contains("memory limit"));
  CHECK_THAT(over.status().message(), Catch::Contains("in use"));
  CHECK(a.stats().bytes_reserved == 2 * kSegment);
  // A cached, unused segment is released to make room.
  void* small = *a.Allocate(100);
  REQUIRE(a.Free(small).ok());
  CHECK(a.stats().num_segments == 2);
  REQUIRE(a.Free(big).ok());
  CHECK(a.Allocate(3 * kSegment).ok());
  CHECK(a.stats().bytes_reserved <= 3 * kSegment);
  CHECK(a.stats().peak_bytes_reserved <= 3 * kSegment);
}

TEST_CASE("a failing backend is retried after releasing cached segments",
          "[allocator]") {
  size_t held = 0;
  int fail_next = 0;
  CachingAllocator a(std::make_unique<HostHeap>(&held, &fail_next), Options());
  REQUIRE(a.Free(*a.Allocate(kSegment)).ok());  // one cached segment
  fail_next = 1;  // the next segment fails once, then succeeds
  StatusOr<void*> p = a.Allocate(2 * kSegment);
  REQUIRE(p.ok());
  CHECK(a.stats().num_segments == 1);  // the cached one went back
  fail_next = 2;
  StatusOr<void*> q = a.Allocate(4 * kSegment);
  REQUIRE_FALSE(q.ok());
  CHECK_THAT(q.status().message(), Catch::Contains("host heap says no"));
  CHECK(a.stats().bytes_in_use == a.AllocatedSize(*p));
}

}  // namespace
}  // namespace cuda
}  // namespace kiln
