// The executor's GPU steps: generated kernels' launching host code, cuBLASLt
// matmuls and the copies at the host/device boundaries, all on the GPU
// context's one stream (convolutions: gpu_conv_steps.cc). A build without
// cuda.h says so when a plan asks.
#include "runtime/exec/internal/prepared_plan.h"

#if KILN_HAVE_CUDA
#include <algorithm>

#include "runtime/abi/library_entries.h"
#include "runtime/cpu/onednn_matmul.h"
#include "runtime/cuda/blas_lt.h"
#include "runtime/cuda/device.h"
#include "runtime/cuda/dnn.h"
#include "runtime/cuda/gpu_context.h"
#include "runtime/cuda/launch_abi.h"
#include "runtime/exec/internal/gpu_types.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/op_spec.h"
#endif

namespace kiln {
namespace exec_internal {

#if KILN_HAVE_CUDA

Allocator* GpuTensorAllocator(cuda::GpuContext* gpu) {
  return gpu->tensor_allocator();
}

Status RunGpuKernelStep(const PreparedStep& step, RunContext& ctx) {
  cuda::LaunchScope scope(ctx.gpu);
  KILN_RETURN_IF_ERROR(RunKernelStep(step, ctx));
  return scope.status();
}

namespace {

StatusOr<cuda::Epilogue> MatMulEpilogue(const PreparedStep& step) {
  const bool bias = step.inputs.size() > 2;
  switch (step.matmul.activation) {
    case cpu::Activation::kNone:
      return bias ? cuda::Epilogue::kBias : cuda::Epilogue::kNone;
    case cpu::Activation::kRelu:
      return bias ? cuda::Epilogue::kReluBias : cuda::Epilogue::kRelu;
    default:
      return Unimplemented("no cuBLASLt epilogue for this activation");
  }
}

// An operand's place in a strided batch over y's leading dims: its own
// leading dims are y's (stride: one matrix) or all 1 (stride 0: broadcast).
StatusOr<int64_t> BatchStride(const Tensor& operand, const Tensor& y) {
  const int lead = operand.dims() - 2;
  const int64_t matrix = operand.dim_size(lead) * operand.dim_size(lead + 1);
  int64_t count = 1;
  for (int d = 0; d < lead; ++d) count *= operand.dim_size(d);
  if (count == 1) return int64_t{0};
  bool same = lead == y.dims() - 2;
  for (int d = 0; same && d < lead; ++d)
    same = operand.dim_size(d) == y.dim_size(d);
  if (!same) {
    return Unimplemented("GPU batched matmul: operand " +
                         operand.shape().ToString() + " broadcasts to " +
                         y.shape().ToString() + " across some batch dims only");
  }
  return matrix;
}

Status SetBatch(const Tensor& a, const Tensor& b, const Tensor& y,
                cuda::GpuMatMul* p) {
  p->batch = 1;
  for (int d = 0; d + 2 < y.dims(); ++d) p->batch *= y.dim_size(d);
  if (p->batch <= 1) return OkStatus();
  KILN_ASSIGN_OR_RETURN(p->stride_a, BatchStride(a, y));
  KILN_ASSIGN_OR_RETURN(p->stride_b, BatchStride(b, y));
  p->stride_y = p->m * p->n;
  return OkStatus();
}

}  // namespace

Status RunGpuMatMulStep(const PreparedStep& step, RunContext& ctx) {
  KILN_ASSIGN_OR_RETURN(MatMulCall call, PrepareMatMulCall(step, ctx));
  const Tensor& a = *call.a;
  const Tensor* bias = call.bias;
  if (a.dims() < 2 || call.b->dims() < 2) {
    return InvalidArgument("GPU matmul of " + a.shape().ToString() + " and " +
                           call.b->shape().ToString());
  }
  cuda::GpuMatMul p;
  KILN_ASSIGN_OR_RETURN(p.type, GpuTypeOf(a.dtype(), "a GPU matmul"));
  const TensorShape& shape = call.y->shape();
  const int rank = shape.dims();
  p.transpose_a = step.matmul.transpose_a;
  p.transpose_b = step.matmul.transpose_b;
  p.m = shape.dim_size(rank - 2);
  p.n = shape.dim_size(rank - 1);
  p.k = a.shape().dim_size(a.dims() - (p.transpose_a ? 2 : 1));
  KILN_RETURN_IF_ERROR(SetBatch(a, *call.b, *call.y, &p));
  p.tf32 = ctx.gpu->options().tf32;
  KILN_ASSIGN_OR_RETURN(p.epilogue, MatMulEpilogue(step));
  if (call.y->NumElements() == 0) return OkStatus();
  if (p.k == 0) {  // an empty sum: zeros (a bias is not added: as the CPU)
    return ctx.gpu->stream().Memset(call.y->raw_data(), 0, call.y->bytes());
  }
  KILN_ASSIGN_OR_RETURN(cuda::BlasLt * blas, ctx.gpu->blas());
  return blas->MatMul(ctx.gpu->stream(), p, a.raw_data(), call.b->raw_data(),
                      bias ? bias->raw_data() : nullptr, call.y->raw_data());
}

Status RunCopyStep(const PreparedStep& step, RunContext& ctx) {
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& in = values[step.inputs[0]];
  const int out = step.outputs[0];
  KILN_ASSIGN_OR_RETURN(values[out],
                        AllocateValue(ctx, out, in.dtype(), in.shape()));
  Tensor& y = values[out];
  if (in.bytes() == 0) return OkStatus();
  cuda::Stream& stream = ctx.gpu->stream();
  if (step.kind == PlanStep::COPY_TO_DEVICE) {
    return stream.CopyToDevice(y.raw_data(), in.raw_data(), in.bytes());
  }
  // The host reads it next: wait for it (and for the work before it).
  KILN_RETURN_IF_ERROR(
      stream.CopyToHost(y.raw_data(), in.raw_data(), in.bytes()));
  return stream.Synchronize();
}

StatusOr<Tensor> UploadToGpu(cuda::GpuContext* gpu, const Tensor& host) {
  KILN_ASSIGN_OR_RETURN(
      Tensor device,
      Tensor::Allocate(host.dtype(), host.shape(), gpu->tensor_allocator()));
  if (host.bytes() > 0) {
    KILN_RETURN_IF_ERROR(gpu->stream().CopyToDevice(
        device.raw_data(), host.raw_data(), host.bytes()));
    KILN_RETURN_IF_ERROR(gpu->stream().Synchronize());
  }
  return device;
}

StatusOr<Tensor> DownloadFromGpu(const Tensor& device) {
  KILN_ASSIGN_OR_RETURN(
      std::shared_ptr<cuda::GpuContext> gpu,
      cuda::GpuContext::Get(device.buffer()->allocator()->device_ordinal()));
  KILN_ASSIGN_OR_RETURN(Tensor host,
                        Tensor::Allocate(device.dtype(), device.shape()));
  if (device.bytes() > 0) {
    KILN_RETURN_IF_ERROR(gpu->stream().CopyToHost(
        host.raw_data(), device.raw_data(), device.bytes()));
    KILN_RETURN_IF_ERROR(gpu->stream().Synchronize());
  }
  return host;
}

StatusOr<Tensor> CopyOnGpu(cuda::GpuContext* gpu, const Tensor& device) {
  KILN_ASSIGN_OR_RETURN(Tensor copy,
                        Tensor::Allocate(device.dtype(), device.shape(),
                                         gpu->tensor_allocator()));
  if (device.bytes() > 0) {
    KILN_RETURN_IF_ERROR(gpu->stream().CopyOnDevice(
        copy.raw_data(), device.raw_data(), device.bytes()));
  }
  return copy;
}

Status SynchronizeGpu(cuda::GpuContext* gpu) {
  return gpu->stream().Synchronize();
}

#else  // !KILN_HAVE_CUDA

namespace {
Status NoCuda() {
  return FailedPrecondition("this Kiln build has no CUDA support");
}
}  // namespace

Allocator* GpuTensorAllocator(cuda::GpuContext*) { return nullptr; }
Status RunGpuKernelStep(const PreparedStep&, RunContext&) { return NoCuda(); }
Status RunGpuMatMulStep(const PreparedStep&, RunContext&) { return NoCuda(); }
Status RunCopyStep(const PreparedStep&, RunContext&) { return NoCuda(); }
StatusOr<Tensor> UploadToGpu(cuda::GpuContext*, const Tensor&) {
  return NoCuda();
}
StatusOr<Tensor> DownloadFromGpu(const Tensor&) { return NoCuda(); }
StatusOr<Tensor> CopyOnGpu(cuda::GpuContext*, const Tensor&) {
  return NoCuda();
}
Status SynchronizeGpu(cuda::GpuContext*) { return NoCuda(); }

#endif  // KILN_HAVE_CUDA

}  // namespace exec_internal
}  // namespace kiln
