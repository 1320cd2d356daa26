// The two halves of onednn_window.h's RunWindowOp, and what they share.
// Internal to runtime/cpu/.
#ifndef KILN_RUNTIME_CPU_INTERNAL_ONEDNN_WINDOW_OPS_H_
#define KILN_RUNTIME_CPU_INTERNAL_ONEDNN_WINDOW_OPS_H_

#include <functional>
#include <mutex>
#include <optional>
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

// The blocked layout of an [n, c, h, w] activation (WindowLayouts).
dnnl::memory::desc BlockedDesc(int64_t n, int64_t c, int64_t h, int64_t w);

// `dims` (NHWC) with the channels padded to the block: a blocked tensor's
// shape.
std::vector<int64_t> BlockedDims(std::vector<int64_t> dims);

// x's NHWC dims with its real channels when it is blocked.
std::vector<int64_t> LogicalDims(const Tensor& x, const WindowLayouts& l);

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

// A forward primitive's boundary with the caller's buffers: the reorder of
// a plain input into the primitive's source layout and of its result into
// a plain output, each only where the layouts differ. A blocked side passes
// an empty plain desc (the caller's buffer is in the primitive's layout).
struct BoundaryReorders {
  dnnl::memory::desc source, result;    // the primitive's layouts
  dnnl::memory::desc plain_x, plain_y;  // the caller's
  std::optional<dnnl::reorder> to_source, from_result;
  size_t to_source_scratchpad = 0, from_result_scratchpad = 0;
};
BoundaryReorders MakeBoundaryReorders(const dnnl::memory::desc& plain_x,
                                      const dnnl::memory::desc& source,
                                      const dnnl::memory::desc& result,
                                      const dnnl::memory::desc& plain_y);

// Runs `run(source, result)` over x and y, staging either through a thread
// buffer and a reorder where `r` has one.
void ExecuteWithBoundaries(
    const BoundaryReorders& r, const void* x, void* y,
    const std::function<void(const void* source, void* result)>& run);

// The layout a forward primitive is asked for on one side: blocked when
// that side is, else "any" (oneDNN's choice, reordered at the boundary)
// when the other side is, else the caller's plain layout.
dnnl::memory::desc RequestedLayout(const dnnl::memory::desc& plain,
                                   bool blocked, bool other_blocked);

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
                           const OutputAllocator& allocate,
                           const WindowLayouts& layouts, PackedFilters* packed);

// PackedFilters' state: the reordered copies by layout.
struct PackedFilters::Impl {
  struct Copy {
    dnnl::memory::desc layout;
    std::shared_ptr<void> data;
  };
  std::mutex mu;
  std::vector<Copy> copies;
};
StatusOr<Tensor> RunPoolOp(const std::string& op, const AttrSource& attrs,
                           const std::vector<Tensor>& inputs,
                           const OutputAllocator& allocate,
                           const WindowLayouts& layouts);

}  // namespace cpu
}  // namespace kiln

#endif  // KILN_RUNTIME_CPU_INTERNAL_ONEDNN_WINDOW_OPS_H_
