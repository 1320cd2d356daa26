// The executor's GPU steps: generated kernels' launching host code, cuBLASLt
// matmuls and the copies at the host/device boundaries, all on the GPU
// context's one stream. A build without cuda.h says so when a plan asks.
#include "runtime/exec/internal/prepared_plan.h"

#if KILN_HAVE_CUDA
#include "runtime/cpu/onednn_matmul.h"
#include "runtime/cuda/blas_lt.h"
#include "runtime/cuda/device.h"
#include "runtime/cuda/gpu_context.h"
#include "runtime/cuda/launch_abi.h"
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

}  // namespace

Status RunGpuMatMulStep(const PreparedStep& step, RunContext& ctx) {
  KILN_RETURN_IF_ERROR(step.prepare_error);
  std::vector<Tensor>& values = ctx.arena->values;
  const Tensor& a = values[step.inputs[0]];
  const Tensor& b = values[step.inputs[1]];
  const Tensor* bias =
      step.inputs.size() > 2 ? &values[step.inputs[2]] : nullptr;
  if (step.matmul.batched || a.dims() != 2 || b.dims() != 2) {
    return Unimplemented("GPU matmuls are 2-D (no batch dims)");
  }
  if (a.dtype() != tensorflow::DT_FLOAT) {
    return Unimplemented("GPU matmuls take float32, not " +
                         DataTypeName(a.dtype()));
  }
  KILN_ASSIGN_OR_RETURN(
      TensorShape shape,
      cpu::MatMulOutputShape(a.shape(), b.shape(), step.matmul));
  const int out = step.outputs[0];
  KILN_ASSIGN_OR_RETURN(values[out], AllocateValue(ctx, out, a.dtype(), shape));
  Tensor& y = values[out];
  KILN_RETURN_IF_ERROR(cpu::CheckMatMulOperands(a, b, bias, step.matmul, y));
  cuda::GpuMatMul p;
  p.transpose_a = step.matmul.transpose_a;
  p.transpose_b = step.matmul.transpose_b;
  p.m = shape.dim_size(0);
  p.n = shape.dim_size(1);
  p.k = a.shape().dim_size(p.transpose_a ? 0 : 1);
  p.tf32 = ctx.gpu->options().tf32;
  KILN_ASSIGN_OR_RETURN(p.epilogue, MatMulEpilogue(step));
  if (p.m == 0 || p.n == 0) return OkStatus();
  if (p.k == 0) {
    return Unimplemented("GPU matmul with an empty inner dim");
  }
  return ctx.gpu->blas().MatMul(ctx.gpu->stream(), p, a.raw_data(),
                                b.raw_data(),
                                bias ? bias->raw_data() : nullptr,
                                y.raw_data());
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
  KILN_RETURN_IF_ERROR(stream.CopyToHost(y.raw_data(), in.raw_data(),
                                         in.bytes()));
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
Status SynchronizeGpu(cuda::GpuContext*) { return NoCuda(); }

#endif  // KILN_HAVE_CUDA

}  // namespace exec_internal
}  // namespace kiln
