// The runtime library's C entry points (kiln_rt.h) by symbol, for plan steps
// that name one: a MATMUL step's `kernel` is "kiln_rt_matmul". The executor
// calls library kernels through these pointers, the same entries compiled
// code resolves when JIT-loaded or AOT-linked.
//
//   KilnRtMatMul matmul = FindMatMulEntry(step.kernel());  // null: unknown
#ifndef KILN_RUNTIME_ABI_LIBRARY_ENTRIES_H_
#define KILN_RUNTIME_ABI_LIBRARY_ENTRIES_H_

#include <string_view>

#include "runtime/abi/kiln_rt.h"

namespace kiln {

using KilnRtMatMul = int (*)(int dtype, int flags, int activation, int rank_a,
                             const int64_t* dims_a, const void* a, int rank_b,
                             const int64_t* dims_b, const void* b,
                             const void* bias, void* out);

// The symbol plans use for MATMUL steps.
inline constexpr std::string_view kMatMulEntrySymbol = "kiln_rt_matmul";

// A LIBRARY step's Conv2D node with a fused activation carries it in this
// attr ("Relu", ...); a third input is its bias.
inline constexpr char kFusedActivationAttr[] = "_kiln_activation";

// Blocked layouts the compiler chose between LIBRARY steps
// (runtime/cpu/onednn_window.h's WindowLayouts): input 0 is blocked and
// has this many channels (int); the output is blocked (bool).
inline constexpr char kBlockedInputChannelsAttr[] = "_kiln_blocked_in";
inline constexpr char kBlockedOutputAttr[] = "_kiln_blocked_out";

// The matmul entry named `symbol`, or null when the library has none.
KilnRtMatMul FindMatMulEntry(std::string_view symbol);

}  // namespace kiln

#endif  // KILN_RUNTIME_ABI_LIBRARY_ENTRIES_H_
