// RunWindowOp's dispatch and what the conv and pool halves share; the
// boundary where oneDNN's exceptions become Status values.
#include <cstring>
#include <functional>
#include <new>

#include "runtime/cpu/internal/onednn_support.h"
#include "runtime/cpu/internal/onednn_window_ops.h"
#include "runtime/graph/internal/shape_fns.h"

namespace kiln {
namespace cpu {

bool IsWindowOp(std::string_view op) {
  return op == "Conv2D" || op == "Conv2DBackpropInput" ||
         op == "Conv2DBackpropFilter" || op == "DepthwiseConv2dNative" ||
         op == "DepthwiseConv2dNativeBackpropInput" ||
         op == "DepthwiseConv2dNativeBackpropFilter" || op == "MaxPool" ||
         op == "MaxPoolGrad" || op == "AvgPool" || op == "AvgPoolGrad";
}

dnnl::memory::desc ActivationDesc(int64_t n, int64_t c, int64_t h, int64_t w,
                                  bool nchw) {
  const dnnl::memory::dims strides =
      nchw ? dnnl::memory::dims{c * h * w, h * w, w, 1}
           : dnnl::memory::dims{h * w * c, 1, w * c, c};
  return dnnl::memory::desc({n, c, h, w}, dnnl::memory::data_type::f32,
                            strides);
}

PackedFilters::PackedFilters() : impl_(std::make_unique<Impl>()) {}
PackedFilters::~PackedFilters() = default;

int64_t BlockedChannelBlock() {
  static const int64_t block =
      dnnl::get_effective_cpu_isa() >= dnnl::cpu_isa::avx512_core ? 16 : 8;
  return block;
}

dnnl::memory::desc BlockedDesc(int64_t n, int64_t c, int64_t h, int64_t w) {
  return dnnl::memory::desc({n, c, h, w}, dnnl::memory::data_type::f32,
                            BlockedChannelBlock() == 16
                                ? dnnl::memory::format_tag::nChw16c
                                : dnnl::memory::format_tag::nChw8c);
}

std::vector<int64_t> BlockedDims(std::vector<int64_t> dims) {
  const int64_t block = BlockedChannelBlock();
  dims[3] = (dims[3] + block - 1) / block * block;
  return dims;
}

std::vector<int64_t> LogicalDims(const Tensor& x, const WindowLayouts& l) {
  std::vector<int64_t> dims = x.shape().dim_sizes();
  if (l.blocked_in_channels > 0 && dims.size() == 4)
    dims[3] = l.blocked_in_channels;
  return dims;
}

BoundaryReorders MakeBoundaryReorders(const dnnl::memory::desc& plain_x,
                                      const dnnl::memory::desc& source,
                                      const dnnl::memory::desc& result,
                                      const dnnl::memory::desc& plain_y) {
  BoundaryReorders r;
  r.source = source;
  r.result = result;
  r.plain_x = plain_x;
  r.plain_y = plain_y;
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  if (!plain_x.is_zero() && source != plain_x) {
    dnnl::reorder::primitive_desc pd(CpuEngine(), plain_x, CpuEngine(), source,
                                     attr);
    r.to_source = dnnl::reorder(pd);
    r.to_source_scratchpad = pd.scratchpad_desc().get_size();
  }
  if (!plain_y.is_zero() && result != plain_y) {
    dnnl::reorder::primitive_desc pd(CpuEngine(), result, CpuEngine(), plain_y,
                                     attr);
    r.from_result = dnnl::reorder(pd);
    r.from_result_scratchpad = pd.scratchpad_desc().get_size();
  }
  return r;
}

void ExecuteWithBoundaries(
    const BoundaryReorders& r, const void* x, void* y,
    const std::function<void(const void* source, void* result)>& run) {
  const void* source = x;
  if (r.to_source) {
    void* staged =
        ThreadBuffer(ThreadBufferSlot::kStagedSource, r.source.get_size());
    ExecuteOnThisThread(*r.to_source,
                        {{DNNL_ARG_FROM, Wrap(r.plain_x, x)},
                         {DNNL_ARG_TO, Wrap(r.source, staged)}},
                        r.to_source_scratchpad);
    source = staged;
  }
  void* result = r.from_result ? ThreadBuffer(ThreadBufferSlot::kStagedResult,
                                              r.result.get_size())
                               : y;
  run(source, result);
  if (r.from_result) {
    ExecuteOnThisThread(*r.from_result,
                        {{DNNL_ARG_FROM, Wrap(r.result, result)},
                         {DNNL_ARG_TO, Wrap(r.plain_y, y)}},
                        r.from_result_scratchpad);
  }
}

dnnl::memory::desc RequestedLayout(const dnnl::memory::desc& plain,
                                   bool blocked, bool other_blocked) {
  const dnnl::memory::dims dims = plain.dims();
  if (blocked) return BlockedDesc(dims[0], dims[1], dims[2], dims[3]);
  if (other_blocked) {
    return dnnl::memory::desc(dims, dnnl::memory::data_type::f32,
                              dnnl::memory::format_tag::any);
  }
  return plain;
}

std::vector<int64_t> ProblemKey(const WindowProblem& p, bool nchw) {
  return {p.batch,    p.in_h,       p.in_w,       p.in_c,    p.k_h,
          p.k_w,      p.out_h,      p.out_w,      p.out_c,   p.stride_h,
          p.stride_w, p.dilation_h, p.dilation_w, p.pad_top, p.pad_bottom,
          p.pad_left, p.pad_right,  nchw};
}

StatusOr<std::vector<int64_t>> SizesInput(const Tensor& t,
                                          const std::string& op) {
  if (t.dims() != 1 || t.NumElements() != 4) {
    return InvalidArgument("'" + op + "' sizes must be a 4-vector, not " +
                           t.shape().ToString());
  }
  std::vector<int64_t> dims(4);
  for (int i = 0; i < 4; ++i) {
    dims[i] = t.dtype() == tensorflow::DT_INT64 ? t.data<int64_t>()[i]
                                                : t.data<int32_t>()[i];
    if (dims[i] < 0) {
      return InvalidArgument("'" + op + "' sizes " + ValuesToString(dims) +
                             " must not be negative");
    }
  }
  return dims;
}

bool FilledEmpty(const std::vector<const Tensor*>& operands, Tensor& out) {
  bool empty = out.NumElements() == 0;
  for (const Tensor* t : operands) empty = empty || t->NumElements() == 0;
  if (empty && out.NumElements() > 0)
    std::memset(out.raw_data(), 0, out.bytes());
  return empty;
}

StatusOr<Tensor> RunWindowOp(const std::string& op, const AttrSource& attrs,
                             const std::vector<Tensor>& inputs,
                             const OutputAllocator& allocate,
                             const WindowLayouts& layouts,
                             PackedFilters* packed) {
  for (const Tensor& t : inputs) {
    if (t.dtype() != tensorflow::DT_FLOAT && t.dims() == 4) {
      return Unimplemented("oneDNN '" + op + "' runs float only, not " +
                           DataTypeName(t.dtype()));
    }
  }
  try {
    const bool conv =
        op.rfind("Conv2D", 0) == 0 || op.rfind("Depthwise", 0) == 0;
    return conv ? RunConvOp(op, attrs, inputs, allocate, layouts, packed)
                : RunPoolOp(op, attrs, inputs, allocate, layouts);
  } catch (const dnnl::error& e) {
    return Unimplemented("oneDNN '" + op + "': " + e.what());
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("oneDNN '" + op + "': out of memory");
  }
}

}  // namespace cpu
}  // namespace kiln
