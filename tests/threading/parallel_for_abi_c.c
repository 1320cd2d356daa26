/* A kernel written against the C ABI as compiled code uses it: a C function
 * pointer and a context struct, compiled as C to prove the header is C. */
#include <stdint.h>

#include "runtime/threading/parallel_for_abi.h"

struct AffineArgs {
  const int64_t* in;
  int64_t* out;
  int64_t scale;
};

static void AffineBody(void* ctx, int64_t begin, int64_t end) {
  struct AffineArgs* args = (struct AffineArgs*)ctx;
  for (int64_t i = begin; i < end; ++i) {
    args->out[i] = args->in[i] * args->scale + 1;
  }
}

void kiln_test_c_affine(const int64_t* in, int64_t* out, int64_t n,
                        int64_t scale, int64_t min_block) {
  struct AffineArgs args = {in, out, scale};
  kiln_rt_parallel_for(n, min_block, AffineBody, &args);
}
