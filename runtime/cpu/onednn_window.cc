// RunWindowOp's dispatch and what the conv and pool halves share; the
// boundary where oneDNN's exceptions become Status values.
#include <cstring>
#include <new>

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
                             const OutputAllocator& allocate) {
  for (const Tensor& t : inputs) {
    if (t.dtype() != tensorflow::DT_FLOAT && t.dims() == 4) {
      return Unimplemented("oneDNN '" + op + "' runs float only, not " +
                           DataTypeName(t.dtype()));
    }
  }
  try {
    const bool conv =
        op.rfind("Conv2D", 0) == 0 || op.rfind("Depthwise", 0) == 0;
    return conv ? RunConvOp(op, attrs, inputs, allocate)
                : RunPoolOp(op, attrs, inputs, allocate);
  } catch (const dnnl::error& e) {
    return Unimplemented("oneDNN '" + op + "': " + e.what());
  } catch (const std::bad_alloc&) {
    return ResourceExhausted("oneDNN '" + op + "': out of memory");
  }
}

}  // namespace cpu
}  // namespace kiln
