// The executor's GPU pooling on cuDNN (NHWC; float32, float16, bfloat16):
// MaxPool and AvgPool, and their gradients MaxPoolGrad (from the forward
// pass's x and y) and AvgPoolGrad (from x's shape, read on the host).
#include "runtime/exec/internal/prepared_plan.h"

#if KILN_HAVE_CUDA
#include "runtime/cuda/dnn.h"
#include "runtime/cuda/gpu_context.h"
#include "runtime/exec/internal/gpu_types.h"
#include "runtime/exec/internal/gpu_window.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"
#endif

namespace kiln {
namespace exec_internal {

#if KILN_HAVE_CUDA

namespace {

// The cuDNN problem of the node's window over x [n, h, w, c].
StatusOr<cuda::GpuPool> PoolProblem(const tensorflow::NodeDef& node,
                                    const std::vector<int64_t>& x_dims,
                                    DataType dtype) {
  NodeAttrSource attrs(node, FindOpSpec(node.op()));
  const std::vector<int64_t> ksize =
      attrs.GetIntList("ksize").value_or(std::vector<int64_t>{});
  const std::vector<int64_t> strides =
      attrs.GetIntList("strides").value_or(std::vector<int64_t>{});
  std::vector<int64_t> explicit_pads =
      attrs.GetIntList("explicit_paddings").value_or(std::vector<int64_t>{});
  explicit_pads.resize(8, 0);
  const std::string padding = attrs.GetString("padding").value_or("VALID");
  if (ksize.size() != 4 || strides.size() != 4 || x_dims.size() != 4 ||
      ksize[0] != 1 || ksize[3] != 1 || strides[0] != 1 || strides[3] != 1) {
    return InvalidArgument("GPU " + node.op() + " '" + node.name() +
                           "': 4-D NHWC input with spatial ksize and strides "
                           "needed");
  }
  cuda::GpuPool p;
  p.n = x_dims[0];
  p.h = x_dims[1];
  p.w = x_dims[2];
  p.c = x_dims[3];
  p.window_h = ksize[1];
  p.window_w = ksize[2];
  p.stride_h = strides[1];
  p.stride_w = strides[2];
  p.max = node.op() == "MaxPool" || node.op() == "MaxPoolGrad";
  KILN_ASSIGN_OR_RETURN(p.type, GpuTypeOf(dtype, "GPU " + node.op()));
  KILN_ASSIGN_OR_RETURN(p.pad_h,
                        SymmetricPad(padding, p.h, p.window_h, p.stride_h, 1,
                                     explicit_pads[2], explicit_pads[3]));
  KILN_ASSIGN_OR_RETURN(p.pad_w,
                        SymmetricPad(padding, p.w, p.window_w, p.stride_w, 1,
                                     explicit_pads[4], explicit_pads[5]));
  return p;
}

// Checks that `t` is pooled `p`'s output shape.
Status CheckPooled(const cuda::GpuPool& p, const Tensor& t,
                   const std::string& op, const char* what) {
  if (t.dims() == 4 && t.dim_size(0) == p.n && t.dim_size(1) == p.out_h() &&
      t.dim_size(2) == p.out_w() && t.dim_size(3) == p.c) {
    return OkStatus();
  }
  return InvalidArgument("GPU " + op + ": " + what + " " +
                         t.shape().ToString() +
                         " is not the pooling's output shape");
}

Status RunPool(const PreparedStep& step, RunContext& ctx) {
  const tensorflow::NodeDef& node = step.step->node();
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& x = values[step.inputs[0]];
  KILN_ASSIGN_OR_RETURN(cuda::GpuPool p,
                        PoolProblem(node, x.shape().dim_sizes(), x.dtype()));
  KILN_ASSIGN_OR_RETURN(TensorShape shape,
                        TensorShape::Create({p.n, p.out_h(), p.out_w(), p.c}));
  const int out = step.outputs[0];
  KILN_ASSIGN_OR_RETURN(values[out], AllocateValue(ctx, out, x.dtype(), shape));
  if (shape.num_elements() == 0) return OkStatus();
  KILN_ASSIGN_OR_RETURN(cuda::Dnn * dnn, ctx.gpu->dnn());
  return dnn->PoolForward(ctx.gpu->stream(), p, x.raw_data(),
                          values[out].raw_data());
}

// dx for a pool of x (null for an average: cuDNN reads neither x nor y)
// and gradient dy. A max pool's y is recomputed from x: TensorFlow's
// MaxPoolGrad finds each window's maximum in x whatever orig_output holds
// (only its shape counts), where cuDNN would match x against y.
Status RunPoolGrad(const PreparedStep& step, RunContext& ctx,
                   const std::vector<int64_t>& x_dims, const Tensor* x,
                   const Tensor* y, const Tensor& dy) {
  const tensorflow::NodeDef& node = step.step->node();
  KILN_ASSIGN_OR_RETURN(cuda::GpuPool p, PoolProblem(node, x_dims, dy.dtype()));
  KILN_RETURN_IF_ERROR(CheckPooled(p, dy, node.op(), "gradient"));
  if (y != nullptr) KILN_RETURN_IF_ERROR(CheckPooled(p, *y, node.op(), "y"));
  KILN_ASSIGN_OR_RETURN(Tensor * out, GradientOutput(step, ctx, x_dims, dy));
  if (out == nullptr) return OkStatus();
  Tensor& dx = *out;
  KILN_ASSIGN_OR_RETURN(cuda::Dnn * dnn, ctx.gpu->dnn());
  if (x == nullptr) {  // an average: dx and dy stand in for x and y
    return dnn->PoolBackward(ctx.gpu->stream(), p, dx.raw_data(), dy.raw_data(),
                             dy.raw_data(), dx.raw_data());
  }
  KILN_ASSIGN_OR_RETURN(
      Tensor maxima,
      Tensor::Allocate(dy.dtype(), dy.shape(), ctx.gpu->tensor_allocator()));
  KILN_RETURN_IF_ERROR(
      dnn->PoolForward(ctx.gpu->stream(), p, x->raw_data(), maxima.raw_data()));
  return dnn->PoolBackward(ctx.gpu->stream(), p, x->raw_data(),
                           maxima.raw_data(), dy.raw_data(), dx.raw_data());
}

}  // namespace

Status RunGpuPoolStep(const PreparedStep& step, RunContext& ctx) {
  const std::string& op = step.step->node().op();
  std::vector<Tensor>& values = ctx.arena->values;
  if (op == "MaxPool" || op == "AvgPool") return RunPool(step, ctx);
  if (op == "MaxPoolGrad") {
    const Tensor& x = values[step.inputs[0]];
    return RunPoolGrad(step, ctx, x.shape().dim_sizes(), &x,
                       &values[step.inputs[1]], values[step.inputs[2]]);
  }
  if (op == "AvgPoolGrad") {
    KILN_ASSIGN_OR_RETURN(std::vector<int64_t> x_dims,
                          SizesOf(values[step.inputs[0]], op));
    return RunPoolGrad(step, ctx, x_dims, nullptr, nullptr,
                       values[step.inputs[1]]);
  }
  return Unimplemented("no GPU pooling kernel for " + op);
}

#endif  // KILN_HAVE_CUDA

}  // namespace exec_internal
}  // namespace kiln
