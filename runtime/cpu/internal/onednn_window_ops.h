// The two halves of onednn_window.h's RunWindowOp, and what they share.
// Internal to runtime/cpu/.
#ifndef KILN_RUNTIME_CPU_INTERNAL_ONEDNN_WINDOW_OPS_H_
#define KILN_RUNTIME_CPU_INTERNAL_ONEDNN_WINDOW_OPS_H_

#include <string>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"
#include "runtime/cpu/onednn_window.h"
#include "runtime/graph/window_geometry.h"

namespace kiln {
namespace cpu {

// An activation tensor of [n, c, h, w] as oneDNN names its dims, stored
// NHWC or NCHW.
dnnl::memory::desc ActivationDesc(int64_t n, int64_t c, int64_t h, int64_t w,
                                  bool nchw);
inline dnnl::memory::desc InputDesc(const WindowProblem& p, bool nchw) {
  return ActivationDesc(p.batch, p.in_c, p.in_h, p.in_w, nchw);
}
inline dnnl::memory::desc OutputDesc(const WindowProblem& p, bool nchw) {
  return ActivationDesc(p.batch, p.out_c, p.out_h, p.out_w, nchw);
}

// A window problem's geometry in oneDNN's terms.
inline dnnl::memory::dims Strides(const WindowProblem& p) {
  return {p.stride_h, p.stride_w};
}
inline dnnl::memory::dims PadBefore(const WindowProblem& p) {
  return {p.pad_top, p.pad_left};
}
inline dnnl::memory::dims PadAfter(const WindowProblem& p) {
  return {p.pad_bottom, p.pad_right};
}

// A window problem's fields, for cache keys.
std::vector<int64_t> ProblemKey(const WindowProblem& p, bool nchw);

// A shape-vector input (input_sizes, filter_sizes, orig_input_shape).
StatusOr<std::vector<int64_t>> SizesInput(const Tensor& t,
                                          const std::string& op);

// Zero-fills and returns `out` when it or an operand is empty (oneDNN takes
// no zero-size problems); true when it did.
bool FilledEmpty(const std::vector<const Tensor*>& operands, Tensor& out);

StatusOr<Tensor> RunConvOp(const std::string& op, const AttrSource& attrs,
                           const std::vector<Tensor>& inputs,
                           const OutputAllocator& allocate);
StatusOr<Tensor> RunPoolOp(const std::string& op, const AttrSource& attrs,
                           const std::vector<Tensor>& inputs,
                           const OutputAllocator& allocate);

}  // namespace cpu
}  // namespace kiln

#endif  // KILN_RUNTIME_CPU_INTERNAL_ONEDNN_WINDOW_OPS_H_
