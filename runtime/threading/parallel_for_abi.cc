// kiln_rt_parallel_for: the C entry point of compiled kernels, over
// DefaultThreadPool().
#include "runtime/threading/parallel_for_abi.h"

#include "runtime/threading/thread_pool.h"

extern "C" KILN_RT_EXPORT void kiln_rt_parallel_for(
    int64_t n, int64_t min_block,
    void (*body)(void* ctx, int64_t begin, int64_t end), void* ctx) {
  if (n <= 0 || body == nullptr) return;
  kiln::DefaultThreadPool()->ParallelFor(
      n, min_block,
      [body, ctx](int64_t begin, int64_t end) { body(ctx, begin, end); });
}
