// PreparedPlan: an Executable's plan digested once, at Executor
// construction, into flat per-value and per-step records, so that Run reads
// no proto, map or string on its hot path.
#ifndef KILN_RUNTIME_EXEC_INTERNAL_PREPARED_PLAN_H_
#define KILN_RUNTIME_EXEC_INTERNAL_PREPARED_PLAN_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proto/kiln/plan.pb.h"
#include "runtime/abi/library_entries.h"
#include "runtime/base/status.h"
#include "runtime/cpu/onednn_matmul.h"
#include "runtime/cpu/onednn_window.h"
#include "runtime/exec/executable.h"
#include "runtime/exec/internal/arena.h"
#include "runtime/exec/variable_store.h"

namespace kiln {
namespace cuda {
class GpuContext;
}  // namespace cuda
namespace exec_internal {

struct ValueInfo {
  DataType dtype = tensorflow::DT_INVALID;
  int slot = -1;
  bool on_device = false;  // GPU memory
  bool unknown_rank = true;
  std::vector<int64_t> dims;  // -1: known only at run time
};

// A kernel result dim: `constant` when arg < 0, else dim `dim` of input `arg`.
struct KernelDim {
  int64_t constant = 0;
  int arg = -1;
  int dim = 0;
};

struct PreparedStep {
  PlanStep::Kind kind = PlanStep::KERNEL;
  bool on_device = false;          // runs on the GPU
  const PlanStep* step = nullptr;  // the node and its attrs
  std::string error_prefix;        // "node 'dense/MatMul' (MatMul)"
  std::vector<int> inputs, outputs;
  // KERNEL.
  KernelEntry kernel = nullptr;
  std::vector<std::vector<KernelDim>> result_dims;
  std::vector<bool> split;  // empty: run whole
  int first_split = -1;     // first split argument
  // MATMUL: the library entry the plan names, and its options.
  KilnRtMatMul matmul_entry = nullptr;
  cpu::MatMulOptions matmul;
  // READ/ASSIGN_VARIABLE's `dtype`, SHAPE's `out_type` (DT_INVALID: unset).
  DataType attr_dtype = tensorflow::DT_INVALID;
  // VAR_HANDLE: the variable's shared name.
  std::string variable;
  // ALIAS Squeeze: squeeze_dims.
  std::vector<int64_t> squeeze_dims;
  // LIBRARY convolutions whose filter is a constant of the plan: its
  // copies in the primitives' weights layouts, made once.
  std::shared_ptr<cpu::PackedFilters> packed_filters;
  // REFERENCE: how many times the step has run (stateful random ops draw
  // anew each run); shared by the executable's concurrent runs.
  std::shared_ptr<std::atomic<uint64_t>> runs;
  // A problem found while preparing, reported when the step runs.
  Status prepare_error;
};

struct PreparedPlan {
  std::vector<ValueInfo> values;
  std::vector<PreparedStep> steps;
  std::vector<int> constants;  // value numbers
  std::vector<int> feeds;      // value numbers, in plan.feeds order
  std::vector<int> fetches;
  // Fetches that may view arena memory (aliases of slot values): copied out.
  std::vector<bool> fetch_needs_copy;
  // Some step runs on the GPU (the plan names a chip).
  bool uses_gpu = false;
};

PreparedPlan PreparePlan(const Executable& executable);

// What a step sees while it runs.
struct RunContext {
  const PreparedPlan* plan;
  Arena* arena;
  VariableTransaction* variables;   // null when Run got no VariableStore
  cuda::GpuContext* gpu = nullptr;  // set when the plan uses the GPU
};

// A buffer for value `value`: its arena slot, or a fresh aligned tensor
// (in GPU memory for a device value).
StatusOr<Tensor> AllocateValue(RunContext& ctx, int value, DataType dtype,
                               const TensorShape& shape);

// Checks feeds against the plan (count, dtype, rank, known dims).
Status CheckFeeds(const PreparedPlan& plan, const Plan& proto,
                  const std::vector<Tensor>& feeds);

// A MATMUL step's operands and its output, allocated and checked (CPU and
// GPU steps alike).
struct MatMulCall {
  const Tensor* a = nullptr;
  const Tensor* b = nullptr;
  const Tensor* bias = nullptr;  // null without one
  Tensor* y = nullptr;
};
StatusOr<MatMulCall> PrepareMatMulCall(const PreparedStep& step,
                                       RunContext& ctx);

Status RunKernelStep(const PreparedStep& step, RunContext& ctx);
Status RunMatMulStep(const PreparedStep& step, RunContext& ctx);
Status RunAliasStep(const PreparedStep& step, RunContext& ctx);
Status RunReferenceStep(const PreparedStep& step, RunContext& ctx);
Status RunLibraryStep(const PreparedStep& step, RunContext& ctx);
Status RunShapeStep(const PreparedStep& step, RunContext& ctx);
Status RunVariableStep(const PreparedStep& step, RunContext& ctx);

// GPU steps (gpu_steps.cc): a KERNEL's launching host code inside a
// LaunchScope, a MATMUL through cuBLASLt, a Conv2D through cuDNN, the copies
// between host and device; a device copy of a constant; waiting for the
// stream's work.
Status RunGpuKernelStep(const PreparedStep& step, RunContext& ctx);
Status RunGpuMatMulStep(const PreparedStep& step, RunContext& ctx);
Status RunGpuLibraryStep(const PreparedStep& step, RunContext& ctx);
// MaxPool, AvgPool and their gradients on cuDNN (gpu_pool_steps.cc).
Status RunGpuPoolStep(const PreparedStep& step, RunContext& ctx);
Status RunCopyStep(const PreparedStep& step, RunContext& ctx);
Allocator* GpuTensorAllocator(cuda::GpuContext* gpu);
StatusOr<Tensor> UploadToGpu(cuda::GpuContext* gpu, const Tensor& host);
// A host copy of a GPU tensor (its device's context, synchronized).
StatusOr<Tensor> DownloadFromGpu(const Tensor& device);
// A copy of a GPU tensor in new device memory, queued on the stream.
StatusOr<Tensor> CopyOnGpu(cuda::GpuContext* gpu, const Tensor& device);
Status SynchronizeGpu(cuda::GpuContext* gpu);

}  // namespace exec_internal
}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_INTERNAL_PREPARED_PLAN_H_
