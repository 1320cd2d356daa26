// The windowed ops in float32 on oneDNN 2.6, with TensorFlow's semantics:
// Conv2D (optionally + bias + activation, for fused steps),
// Conv2DBackpropInput, Conv2DBackpropFilter, MaxPool, MaxPoolGrad, AvgPool
// and AvgPoolGrad. NHWC and NCHW tensors and HWIO filters are read in
// place (strided memory descriptors); the filter alone is reordered into the
// primitive's blocked layout. Primitives are cached per problem. The
// reference kernels (runtime/reference) are the spec; tests compare both.
//
//   KILN_ASSIGN_OR_RETURN(kiln::Tensor y, kiln::cpu::RunWindowOp(
//       "Conv2D", attrs, {x, filter}, [](const kiln::TensorShape& s) {
//         return kiln::Tensor::Allocate(kiln::DT_FLOAT, s); }));
#ifndef KILN_RUNTIME_CPU_ONEDNN_WINDOW_H_
#define KILN_RUNTIME_CPU_ONEDNN_WINDOW_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/cpu/onednn_matmul.h"
#include "runtime/graph/shape_context.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace cpu {

// True for the ops RunWindowOp runs.
bool IsWindowOp(std::string_view op);

// Blocked activations between the library steps of one region (the
// compiler chooses them; runtime/abi/library_entries.h names the attrs):
// oneDNN's nChw16c (nChw8c below AVX-512), channels padded to the block
// with zeros, held in a float tensor [n, h, w, padded channels]. Conv2D's
// forward pass and MaxPool/AvgPool take a blocked input 0 and/or write a
// blocked output; plain sides are reordered at the region's boundary.
struct WindowLayouts {
  int64_t blocked_in_channels = 0;  // input 0's real channels; 0: plain
  bool blocked_out = false;
  bool any() const { return blocked_in_channels > 0 || blocked_out; }
};

// The channel block of blocked activations on this CPU (16 or 8).
int64_t BlockedChannelBlock();

// A constant filter reordered into a primitive's weights layout once, for
// every later call (one copy per layout a primitive asks for). The owner
// (a plan step whose filter is a constant) guarantees the filter never
// changes; calls may come from many threads.
class PackedFilters {
 public:
  PackedFilters();
  ~PackedFilters();
  PackedFilters(const PackedFilters&) = delete;
  PackedFilters& operator=(const PackedFilters&) = delete;
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Allocates the output (float32) once its shape is known.
using OutputAllocator = std::function<StatusOr<Tensor>(const TensorShape&)>;

// Runs `op` over its data inputs. Unimplemented when the dtype is not
// float (callers fall back to the reference kernel); InvalidArgument for
// shapes and attrs TensorFlow rejects, with the reference's messages.
StatusOr<Tensor> RunWindowOp(const std::string& op, const AttrSource& attrs,
                             const std::vector<Tensor>& inputs,
                             const OutputAllocator& allocate,
                             const WindowLayouts& layouts = {},
                             PackedFilters* packed = nullptr);

// Conv2D's attrs plus a bias over the output channels (may be null) and an
// activation, fused as oneDNN post-ops.
StatusOr<Tensor> RunFusedConv2D(const AttrSource& attrs, const Tensor& x,
                                const Tensor& filter, const Tensor* bias,
                                Activation activation,
                                const OutputAllocator& allocate,
                                const WindowLayouts& layouts = {},
                                PackedFilters* packed = nullptr);

}  // namespace cpu
}  // namespace kiln

#endif  // KILN_RUNTIME_CPU_ONEDNN_WINDOW_H_
