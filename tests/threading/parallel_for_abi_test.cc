// kiln_rt_parallel_for: the C entry point that compiled kernels call.
#include "runtime/threading/parallel_for_abi.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

// Defined in parallel_for_abi_c.c, compiled as C.
extern "C" void kiln_test_c_affine(const int64_t* in, int64_t* out, int64_t n,
                                   int64_t scale, int64_t min_block);

namespace {

struct CountArgs {
  std::vector<std::atomic<int>>* hits;
  std::atomic<int64_t>* calls;
};

extern "C" void CountBody(void* ctx, int64_t begin, int64_t end) {
  auto* args = static_cast<CountArgs*>(ctx);
  args->calls->fetch_add(1);
  for (int64_t i = begin; i < end; ++i) (*args->hits)[i].fetch_add(1);
}

extern "C" void NestedBody(void* ctx, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) {
    kiln_rt_parallel_for(50, 1, CountBody, ctx);
  }
}

TEST_CASE("a C kernel runs through kiln_rt_parallel_for", "[abi]") {
  for (int64_t n : {0, 1, 7, 1000, 65537}) {
    for (int64_t min_block : {1, 16, 100000}) {
      INFO("n=" << n << " min_block=" << min_block);
      std::vector<int64_t> in(n), out(n, -1);
      for (int64_t i = 0; i < n; ++i) in[i] = i - 500;
      kiln_test_c_affine(in.data(), out.data(), n, 3, min_block);
      int64_t wrong = 0;
      for (int64_t i = 0; i < n; ++i) wrong += out[i] != in[i] * 3 + 1;
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE("kiln_rt_parallel_for covers each index once", "[abi]") {
  std::vector<std::atomic<int>> hits(10000);
  std::atomic<int64_t> calls{0};
  CountArgs args{&hits, &calls};
  kiln_rt_parallel_for(10000, 10, CountBody, &args);
  int64_t wrong = 0;
  for (auto& h : hits) wrong += h.load() != 1;
  CHECK(wrong == 0);
  CHECK(calls.load() >= 1);
  CHECK(calls.load() <= 1000);  // no block below min_block
}

TEST_CASE("kiln_rt_parallel_for nests and ignores empty calls", "[abi]") {
  std::vector<std::atomic<int>> hits(50);
  std::atomic<int64_t> calls{0};
  CountArgs args{&hits, &calls};
  kiln_rt_parallel_for(20, 1, NestedBody, &args);
  int64_t wrong = 0;
  for (auto& h : hits) wrong += h.load() != 20;
  CHECK(wrong == 0);

  kiln_rt_parallel_for(0, 1, CountBody, &args);
  kiln_rt_parallel_for(-5, 1, CountBody, &args);
  kiln_rt_parallel_for(10, 1, nullptr, nullptr);
  CHECK(hits[0].load() == 20);
}

}  // namespace
