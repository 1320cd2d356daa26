// The executor's GPU convolutions on cuDNN (NHWC, float32): Conv2D with its
// bias and ReLU, and its gradients Conv2DBackpropInput and
// Conv2DBackpropFilter. cuDNN's NHWC filters are OHWI: a constant filter
// comes transposed by the compiler (`_kiln_filter_layout` OHWI), a fed one
// (a variable's value) is transposed here, on the device, each run, and a
// filter gradient transposed back to TensorFlow's HWIO.
#include "runtime/exec/internal/prepared_plan.h"

#if KILN_HAVE_CUDA
#include "runtime/abi/library_entries.h"
#include "runtime/cuda/blas_lt.h"
#include "runtime/cuda/dnn.h"
#include "runtime/cuda/gpu_context.h"
#include "runtime/exec/internal/gpu_window.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"
#endif

namespace kiln {
namespace exec_internal {

#if KILN_HAVE_CUDA

namespace {

// The cuDNN problem of x [n, h, w, c] and a filter r x s x c -> k with the
// node's strides, dilations and padding.
StatusOr<cuda::GpuConv> ConvProblem(const tensorflow::NodeDef& node,
                                    const std::vector<int64_t>& x_dims,
                                    int64_t r, int64_t s, int64_t k,
                                    bool tf32) {
  NodeAttrSource attrs(node, FindOpSpec(node.op()));
  const std::vector<int64_t> strides =
      attrs.GetIntList("strides").value_or(std::vector<int64_t>{1, 1, 1, 1});
  const std::vector<int64_t> dilations =
      attrs.GetIntList("dilations").value_or(std::vector<int64_t>{1, 1, 1, 1});
  std::vector<int64_t> explicit_pads =
      attrs.GetIntList("explicit_paddings").value_or(std::vector<int64_t>{});
  explicit_pads.resize(8, 0);
  const std::string padding = attrs.GetString("padding").value_or("VALID");
  if (strides.size() != 4 || dilations.size() != 4 || x_dims.size() != 4) {
    return InvalidArgument("GPU " + node.op() +
                           ": 4-D NHWC input, strides and dilations needed");
  }
  cuda::GpuConv p;
  p.n = x_dims[0];
  p.h = x_dims[1];
  p.w = x_dims[2];
  p.c = x_dims[3];
  p.k = k;
  p.r = r;
  p.s = s;
  p.stride_h = strides[1];
  p.stride_w = strides[2];
  p.dilation_h = dilations[1];
  p.dilation_w = dilations[2];
  KILN_ASSIGN_OR_RETURN(
      p.pad_h, SymmetricPad(padding, p.h, p.r, p.stride_h, p.dilation_h,
                            explicit_pads[2], explicit_pads[3]));
  KILN_ASSIGN_OR_RETURN(
      p.pad_w, SymmetricPad(padding, p.w, p.s, p.stride_w, p.dilation_w,
                            explicit_pads[4], explicit_pads[5]));
  p.tf32 = tf32;
  return p;
}

// dst = src ([rows, cols] row-major) transposed, on the device.
Status TransposeOnGpu(RunContext& ctx, int64_t rows, int64_t cols,
                      const Tensor& src, Tensor* dst) {
  KILN_ASSIGN_OR_RETURN(cuda::BlasLt * blas, ctx.gpu->blas());
  return blas->Transpose(ctx.gpu->stream(), cuda::GpuType::kF32, rows, cols,
                         src.raw_data(), dst->raw_data());
}

// The step's filter operand `i` as OHWI: as compiled, or a fed HWIO filter
// ([R*S*C, K]) transposed into `scratch`.
StatusOr<const Tensor*> OhwiFilter(const PreparedStep& step, int i,
                                   RunContext& ctx, Tensor* scratch) {
  const tensorflow::NodeDef& node = step.step->node();
  const Tensor& w = ctx.arena->values[step.inputs[i]];
  if (w.dims() != 4) {
    return InvalidArgument("GPU " + node.op() + ": filter " +
                           w.shape().ToString() + " is not 4-D");
  }
  const auto layout = node.attr().find("_kiln_filter_layout");
  if (layout != node.attr().end() && layout->second.s() == "OHWI") return &w;
  const int64_t r = w.dim_size(0), s = w.dim_size(1), c = w.dim_size(2),
                k = w.dim_size(3);
  KILN_ASSIGN_OR_RETURN(
      *scratch, Tensor::Allocate(w.dtype(), *TensorShape::Create({k, r, s, c}),
                                 ctx.gpu->tensor_allocator()));
  KILN_RETURN_IF_ERROR(TransposeOnGpu(ctx, r * s * c, k, w, scratch));
  return scratch;
}

Status RunConv2D(const PreparedStep& step, RunContext& ctx) {
  const tensorflow::NodeDef& node = step.step->node();
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& x = values[step.inputs[0]];
  Tensor transposed;  // a fed filter as OHWI, alive until the step is queued
  KILN_ASSIGN_OR_RETURN(const Tensor* filter,
                        OhwiFilter(step, 1, ctx, &transposed));
  const Tensor& w = *filter;
  const Tensor* bias =
      step.inputs.size() > 2 ? &values[step.inputs[2]] : nullptr;
  if (x.dims() != 4 || x.dim_size(3) != w.dim_size(3)) {
    return InvalidArgument("GPU Conv2D: x " + x.shape().ToString() +
                           " and OHWI filter " + w.shape().ToString() +
                           " do not match");
  }
  KILN_ASSIGN_OR_RETURN(
      cuda::GpuConv p,
      ConvProblem(node, x.shape().dim_sizes(), w.dim_size(1), w.dim_size(2),
                  w.dim_size(0), ctx.gpu->options().tf32));
  const auto activation = node.attr().find(kFusedActivationAttr);
  const std::string act =
      activation == node.attr().end() ? "" : activation->second.s();
  if (!act.empty() && act != "Relu") {
    return Unimplemented("GPU Conv2D with activation " + act);
  }
  p.relu = act == "Relu";
  KILN_ASSIGN_OR_RETURN(TensorShape shape,
                        TensorShape::Create({p.n, p.out_h(), p.out_w(), p.k}));
  const int out = step.outputs[0];
  KILN_ASSIGN_OR_RETURN(values[out], AllocateValue(ctx, out, x.dtype(), shape));
  if (shape.num_elements() == 0) return OkStatus();
  KILN_ASSIGN_OR_RETURN(cuda::Dnn * dnn, ctx.gpu->dnn());
  return dnn->ConvForward(ctx.gpu->stream(), p, x.flat<float>().data(),
                          w.flat<float>().data(),
                          bias ? bias->flat<float>().data() : nullptr,
                          values[out].flat<float>().data());
}

// Checks dy against the problem's output shape.
Status CheckOutBackprop(const cuda::GpuConv& p, const Tensor& dy,
                        const std::string& op) {
  if (dy.dims() == 4 && dy.dim_size(0) == p.n && dy.dim_size(1) == p.out_h() &&
      dy.dim_size(2) == p.out_w() && dy.dim_size(3) == p.k) {
    return OkStatus();
  }
  return InvalidArgument("GPU " + op + ": out_backprop " +
                         dy.shape().ToString() +
                         " is not the convolution's output shape");
}

// dx [input_sizes] for (input_sizes, filter HWIO, dy).
Status RunConv2DBackpropInput(const PreparedStep& step, RunContext& ctx) {
  const tensorflow::NodeDef& node = step.step->node();
  std::vector<Tensor>& values = ctx.arena->values;
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> x_dims,
                        SizesOf(values[step.inputs[0]], node.op()));
  Tensor transposed;
  KILN_ASSIGN_OR_RETURN(const Tensor* filter,
                        OhwiFilter(step, 1, ctx, &transposed));
  const Tensor& w = *filter;
  const Tensor& dy = values[step.inputs[2]];
  KILN_ASSIGN_OR_RETURN(cuda::GpuConv p,
                        ConvProblem(node, x_dims, w.dim_size(1), w.dim_size(2),
                                    w.dim_size(0), ctx.gpu->options().tf32));
  if (w.dim_size(3) != p.c) {
    return InvalidArgument("GPU Conv2DBackpropInput: filter " +
                           w.shape().ToString() + " does not take " +
                           std::to_string(p.c) + " channels");
  }
  KILN_RETURN_IF_ERROR(CheckOutBackprop(p, dy, node.op()));
  KILN_ASSIGN_OR_RETURN(Tensor * out, GradientOutput(step, ctx, x_dims, dy));
  if (out == nullptr) return OkStatus();
  Tensor& dx = *out;
  KILN_ASSIGN_OR_RETURN(cuda::Dnn * dnn, ctx.gpu->dnn());
  return dnn->ConvBackwardData(ctx.gpu->stream(), p, dy.flat<float>().data(),
                               w.flat<float>().data(), dx.flat<float>().data());
}

// dfilter HWIO [filter_sizes] for (x, filter_sizes, dy): cuDNN's OHWI
// gradient, transposed back.
Status RunConv2DBackpropFilter(const PreparedStep& step, RunContext& ctx) {
  const tensorflow::NodeDef& node = step.step->node();
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& x = values[step.inputs[0]];
  KILN_ASSIGN_OR_RETURN(std::vector<int64_t> w_dims,
                        SizesOf(values[step.inputs[1]], node.op()));
  const Tensor& dy = values[step.inputs[2]];
  const int64_t r = w_dims[0], s = w_dims[1], c = w_dims[2], k = w_dims[3];
  if (x.dims() != 4 || x.dim_size(3) != c) {
    return InvalidArgument("GPU Conv2DBackpropFilter: input " +
                           x.shape().ToString() + " does not match filter " +
                           "sizes with " + std::to_string(c) + " channels");
  }
  KILN_ASSIGN_OR_RETURN(cuda::GpuConv p,
                        ConvProblem(node, x.shape().dim_sizes(), r, s, k,
                                    ctx.gpu->options().tf32));
  KILN_RETURN_IF_ERROR(CheckOutBackprop(p, dy, node.op()));
  KILN_ASSIGN_OR_RETURN(Tensor * out, GradientOutput(step, ctx, w_dims, dy));
  if (out == nullptr) return OkStatus();
  Tensor& dw = *out;
  KILN_ASSIGN_OR_RETURN(
      Tensor ohwi,
      Tensor::Allocate(dy.dtype(), *TensorShape::Create({k, r, s, c}),
                       ctx.gpu->tensor_allocator()));
  KILN_ASSIGN_OR_RETURN(cuda::Dnn * dnn, ctx.gpu->dnn());
  KILN_RETURN_IF_ERROR(dnn->ConvBackwardFilter(
      ctx.gpu->stream(), p, x.flat<float>().data(), dy.flat<float>().data(),
      ohwi.flat<float>().data()));
  return TransposeOnGpu(ctx, k, r * s * c, ohwi, &dw);
}

}  // namespace

Status RunGpuLibraryStep(const PreparedStep& step, RunContext& ctx) {
  const std::string& op = step.step->node().op();
  if (op == "Conv2D") return RunConv2D(step, ctx);
  if (op == "Conv2DBackpropInput") return RunConv2DBackpropInput(step, ctx);
  if (op == "Conv2DBackpropFilter") return RunConv2DBackpropFilter(step, ctx);
  if (op == "MaxPool" || op == "AvgPool" || op == "MaxPoolGrad" ||
      op == "AvgPoolGrad") {
    return RunGpuPoolStep(step, ctx);
  }
  return Unimplemented("no GPU kernel for " + op);
}

#else  // !KILN_HAVE_CUDA

Status RunGpuLibraryStep(const PreparedStep&, RunContext&) {
  return FailedPrecondition("this Kiln build has no CUDA support");
}

#endif  // KILN_HAVE_CUDA

}  // namespace exec_internal
}  // namespace kiln
