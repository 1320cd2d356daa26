// RunKernelStep: calls a compiled kernel through its packed entry point, with
// one memref descriptor per argument, splitting dim 0 over the thread pool
// when the plan allows it and the work is large enough. Each thread's rows
// run in cache-sized blocks, so a kernel whose loops pass over its rows
// several times (a softmax's max, exp-sum and normalize) reads them from
// memory once and from L2 after that.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/exec/executor.h"
#include "runtime/exec/internal/memref_descriptor.h"
#include "runtime/exec/internal/prepared_plan.h"
#include "runtime/threading/thread_pool.h"

namespace kiln {
namespace exec_internal {
namespace {

// Output elements each chunk should at least produce: below this, handing
// work to another thread costs more than it saves.
constexpr int64_t kMinChunkElements = 16 * 1024;
std::atomic<int64_t> row_block_bytes{256 * 1024};

const Tensor& Arg(const PreparedStep& step, const std::vector<Tensor>& values,
                  int arg) {
  const int num_inputs = static_cast<int>(step.inputs.size());
  return arg < num_inputs ? values[step.inputs[arg]]
                          : values[step.outputs[arg - num_inputs]];
}

StatusOr<TensorShape> ResultShape(const std::vector<KernelDim>& dims,
                                  const PreparedStep& step,
                                  const std::vector<Tensor>& values) {
  std::vector<int64_t> sizes;
  sizes.reserve(dims.size());
  for (const KernelDim& d : dims) {
    if (d.arg < 0) {
      sizes.push_back(d.constant);
      continue;
    }
    const Tensor& t = values[step.inputs[d.arg]];
    if (d.dim >= t.dims()) {
      return InvalidArgument("result dim reads dim " + std::to_string(d.dim) +
                             " of argument " + std::to_string(d.arg) +
                             ", which has rank " + std::to_string(t.dims()));
    }
    sizes.push_back(t.dim_size(d.dim));
  }
  return TensorShape::Create(std::move(sizes));
}

Status CheckEqualities(const PreparedStep& step,
                       const std::vector<Tensor>& values) {
  for (const PlanDimEquality& e : step.step->dim_equalities()) {
    const Tensor& a = Arg(step, values, e.arg_a());
    if (e.dim_a() >= a.dims()) {
      return InvalidArgument(
          "dim equality names a dim beyond an argument's rank");
    }
    const int64_t da = a.dim_size(e.dim_a());
    int64_t db = e.dim_b();  // arg_b < 0: the constant dim_b
    std::string other = std::to_string(db);
    if (e.arg_b() >= 0) {
      const Tensor& b = Arg(step, values, e.arg_b());
      if (e.dim_b() >= b.dims()) {
        return InvalidArgument(
            "dim equality names a dim beyond an argument's rank");
      }
      db = b.dim_size(e.dim_b());
      other = "dimension " + std::to_string(e.dim_b()) + " of argument " +
              std::to_string(e.arg_b()) + ", which is " + std::to_string(db);
    }
    if (da != db) {
      return InvalidArgument(
          "dimension " + std::to_string(e.dim_a()) + " of argument " +
          std::to_string(e.arg_a()) + " is " + std::to_string(da) +
          " but the compiled code assumes it equals " + other +
          " (broadcasting an unknown dim that is 1 at run time needs a "
          "graph whose shapes say so)");
    }
  }
  return OkStatus();
}

// Rows per chunk when dim 0 (`rows` long) of the split arguments can be
// split, or 0 to run whole.
int64_t ChunkRows(const PreparedStep& step, const std::vector<Tensor>& values,
                  int64_t* rows) {
  const Tensor& first = Arg(step, values, step.first_split);
  if (first.dims() == 0) return 0;
  *rows = first.dim_size(0);
  int64_t split_elements = 0, all_elements = 0;
  const int num_args = static_cast<int>(step.split.size());
  const int num_inputs = static_cast<int>(step.inputs.size());
  for (int i = 0; i < num_args; ++i) {
    const Tensor& t = Arg(step, values, i);
    if (i >= num_inputs) all_elements += t.NumElements();
    if (!step.split[i]) continue;
    if (t.dims() == 0 || t.dim_size(0) != *rows) return 0;
    if (i >= num_inputs) split_elements += t.NumElements();
  }
  const int64_t work = split_elements > 0 ? split_elements : all_elements;
  if (*rows < 2 || work == 0) return 0;
  const int64_t per_row = work / *rows > 0 ? work / *rows : 1;
  const int64_t min_rows = (kMinChunkElements + per_row - 1) / per_row;
  return *rows >= 2 * min_rows ? min_rows : 0;
}

// Rows per kernel call within a chunk: as many as fit KernelRowBlockBytes()
// of the split arguments, at least one; all of them when that is 0.
int64_t CacheBlockRows(const PreparedStep& step,
                       const std::vector<Tensor>& values, int64_t rows) {
  int64_t bytes = 0;
  for (size_t i = 0; i < step.split.size(); ++i) {
    if (step.split[i]) bytes += Arg(step, values, static_cast<int>(i)).bytes();
  }
  const int64_t row_bytes = rows > 0 ? bytes / rows : 0;
  const int64_t budget = KernelRowBlockBytes();
  return row_bytes > 0 && budget > 0
             ? std::max<int64_t>(1, budget / row_bytes)
             : rows;
}

// Calls the kernel on rows [begin, end) of the split arguments: their
// descriptors (copied from `whole` into `local`) get the aligned pointer
// moved to row `begin` and dim 0 shrunk to end - begin.
void CallOnRows(const PreparedStep& step, const std::vector<Tensor>& values,
                const std::vector<int64_t>& whole, int64_t begin, int64_t end,
                std::vector<int64_t>& local, std::vector<void*>& local_args) {
  local = whole;
  size_t at = 0;
  for (size_t i = 0; i < local_args.size(); ++i) {
    const Tensor& t = Arg(step, values, static_cast<int>(i));
    const int rank = t.dims();
    if (step.split[i]) {
      // Compiled kernels use identity layouts, whose offset is the constant
      // 0: move the aligned pointer, not the offset field.
      const int64_t bytes = begin * local[at + DescriptorStride(rank, 0)] *
                            static_cast<int64_t>(DataTypeSize(t.dtype()));
      local[at + kDescriptorAligned] += bytes;
      local[at + kDescriptorSizes] = end - begin;
    }
    local_args[i] = &local[at];
    at += DescriptorFields(rank);
  }
  step.kernel(local_args.data());
}

}  // namespace

Status RunKernelStep(const PreparedStep& step, RunContext& ctx) {
  std::vector<Tensor>& values = ctx.arena->values;
  bool any_empty = false;
  for (size_t o = 0; o < step.outputs.size(); ++o) {
    const int value = step.outputs[o];
    KILN_ASSIGN_OR_RETURN(TensorShape shape,
                          ResultShape(step.result_dims[o], step, values));
    KILN_ASSIGN_OR_RETURN(
        values[value],
        AllocateValue(ctx, value, ctx.plan->values[value].dtype, shape));
    any_empty = any_empty || shape.num_elements() == 0;
  }
  KILN_RETURN_IF_ERROR(CheckEqualities(step, values));
  if (any_empty) return OkStatus();  // nothing to compute

  const int num_args =
      static_cast<int>(step.inputs.size() + step.outputs.size());
  size_t fields = 0;
  for (int i = 0; i < num_args; ++i) {
    fields += DescriptorFields(Arg(step, values, i).dims());
  }
  std::vector<int64_t>& desc = ctx.arena->descriptors;
  std::vector<void*>& args = ctx.arena->args;
  desc.resize(fields);
  args.resize(num_args);
  size_t offset = 0;
  for (int i = 0; i < num_args; ++i) {
    const Tensor& t = Arg(step, values, i);
    WriteMemRefDescriptor(t, &desc[offset]);
    args[i] = &desc[offset];
    offset += DescriptorFields(t.dims());
  }

  int64_t rows = 0;
  const int64_t chunk_rows =
      step.split.empty() ? 0 : ChunkRows(step, values, &rows);
  if (chunk_rows == 0) {
    step.kernel(args.data());
    return OkStatus();
  }
  const int64_t block_rows = CacheBlockRows(step, values, rows);
  DefaultThreadPool()->ParallelFor(
      rows, chunk_rows, [&](int64_t begin, int64_t end) {
        std::vector<int64_t> local(desc.size());
        std::vector<void*> local_args(num_args);
        for (int64_t b = begin; b < end; b += block_rows) {
          CallOnRows(step, values, desc, b, std::min(end, b + block_rows),
                     local, local_args);
        }
      });
  return OkStatus();
}

}  // namespace exec_internal

void SetKernelRowBlockBytes(int64_t bytes) {
  exec_internal::row_block_bytes.store(bytes < 0 ? 0 : bytes,
                                       std::memory_order_relaxed);
}

int64_t KernelRowBlockBytes() {
  return exec_internal::row_block_bytes.load(std::memory_order_relaxed);
}

}  // namespace kiln
