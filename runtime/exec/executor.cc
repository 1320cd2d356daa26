// Executor::Run: walks the prepared steps over one arena from the pool.
#include "runtime/exec/executor.h"

#include <chrono>
#include <optional>
#include <utility>

#include "runtime/cuda/gpu_context.h"
#include "runtime/exec/internal/arena.h"
#include "runtime/exec/internal/prepared_plan.h"

namespace kiln {

using exec_internal::Arena;
using exec_internal::PreparedPlan;
using exec_internal::PreparedStep;
using exec_internal::RunContext;

// The header's one private type: the digested plan and its arenas.
struct Executor::ArenaPool {
  explicit ArenaPool(const Executable& exe)
      : plan(exec_internal::PreparePlan(exe)),
        pool(exe.plan().num_slots(), exe.plan().values_size()) {
    if (plan.uses_gpu) {
      StatusOr<std::shared_ptr<cuda::GpuContext>> context =
          cuda::GpuContext::Get(0);
      if (context.ok()) {
        gpu = *context;
      } else {
        gpu_error = context.status().WithPrefix(
            "the plan runs steps on a GPU, which is not available");
      }
    }
  }

  // Arenas come with the constants in place (device constants uploaded);
  // they stay between runs.
  StatusOr<std::unique_ptr<Arena>> Acquire(const Executable& exe) {
    KILN_RETURN_IF_ERROR(gpu_error);
    std::unique_ptr<Arena> arena = pool.Acquire();
    if (!plan.constants.empty() &&
        !arena->values[plan.constants[0]].IsInitialized()) {
      for (int v : plan.constants) {
        if (!plan.values[v].on_device) {
          arena->values[v] = *exe.constant(v);
          continue;
        }
        StatusOr<Tensor> device =
            exec_internal::UploadToGpu(gpu.get(), *exe.constant(v));
        if (!device.ok()) {
          for (int c : plan.constants) arena->values[c] = Tensor();
          pool.Release(std::move(arena));  // constants are made again
          return device.status();
        }
        arena->values[v] = std::move(*device);
      }
    }
    return arena;
  }

  // Drops the run's values (feeds, outputs) but keeps the constants.
  void Release(std::unique_ptr<Arena> arena) {
    for (size_t v = 0; v < arena->values.size(); ++v) {
      if (!is_constant[v]) arena->values[v] = Tensor();
    }
    pool.Release(std::move(arena));
  }

  PreparedPlan plan;
  exec_internal::ArenaPool pool;
  std::vector<bool> is_constant;
  std::shared_ptr<cuda::GpuContext> gpu;  // when the plan uses the GPU
  Status gpu_error;                       // why there is none
};

namespace {

Status RunGpuStep(const PreparedStep& step, RunContext& ctx) {
  switch (step.kind) {
    case PlanStep::KERNEL:
      return exec_internal::RunGpuKernelStep(step, ctx);
    case PlanStep::MATMUL:
      return exec_internal::RunGpuMatMulStep(step, ctx);
    case PlanStep::LIBRARY:
      return exec_internal::RunGpuLibraryStep(step, ctx);
    case PlanStep::ALIAS:
      return exec_internal::RunAliasStep(step, ctx);
    case PlanStep::COPY_TO_DEVICE:
    case PlanStep::COPY_TO_HOST:
      return exec_internal::RunCopyStep(step, ctx);
    case PlanStep::READ_VARIABLE:
    case PlanStep::ASSIGN_VARIABLE:
      return exec_internal::RunVariableStep(step, ctx);
    default:
      return Unimplemented("step kind " + std::to_string(step.kind) +
                           " on the GPU");
  }
}

Status RunStep(const PreparedStep& step, RunContext& ctx) {
  if (step.on_device) return RunGpuStep(step, ctx);
  switch (step.kind) {
    case PlanStep::KERNEL:
      return exec_internal::RunKernelStep(step, ctx);
    case PlanStep::MATMUL:
      return exec_internal::RunMatMulStep(step, ctx);
    case PlanStep::ALIAS:
      return exec_internal::RunAliasStep(step, ctx);
    case PlanStep::REFERENCE:
      return exec_internal::RunReferenceStep(step, ctx);
    case PlanStep::LIBRARY:
      return exec_internal::RunLibraryStep(step, ctx);
    case PlanStep::SHAPE:
      return exec_internal::RunShapeStep(step, ctx);
    case PlanStep::VAR_HANDLE:
    case PlanStep::READ_VARIABLE:
    case PlanStep::ASSIGN_VARIABLE:
      return exec_internal::RunVariableStep(step, ctx);
    default:
      return Unimplemented("step kind " + std::to_string(step.kind));
  }
}

// Runs step `i` of the plan, timed into `profile` when there is one.
Status RunProfiledStep(const PreparedPlan& plan, size_t i, RunContext& ctx,
                       StepProfile* profile) {
  const PreparedStep& step = plan.steps[i];
  if (profile == nullptr) return RunStep(step, ctx);
  const auto start = std::chrono::steady_clock::now();
  Status s = RunStep(step, ctx);
  if (s.ok() && step.on_device && ctx.gpu != nullptr)
    s = exec_internal::SynchronizeGpu(ctx.gpu);
  const std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  const tensorflow::NodeDef& node = step.step->node();
  profile->Add(i, plan.steps.size(), node.name(),
               node.op().empty() ? PlanStep::Kind_Name(step.kind) : node.op(),
               step.on_device, elapsed.count());
  return s;
}

Status RunAll(const Executable& exe, const PreparedPlan& plan, Arena* arena,
              cuda::GpuContext* gpu, const std::vector<Tensor>& feeds,
              VariableStore* variables, std::vector<Tensor>* fetches,
              StepProfile* profile) {
  KILN_RETURN_IF_ERROR(exec_internal::CheckFeeds(plan, exe.plan(), feeds));
  for (size_t i = 0; i < feeds.size(); ++i) {
    arena->values[plan.feeds[i]] = feeds[i];
  }
  std::optional<VariableTransaction> txn;
  if (variables != nullptr) txn.emplace(variables);
  RunContext ctx{&plan, arena, txn ? &*txn : nullptr, gpu};
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const PreparedStep& step = plan.steps[i];
    Status s = RunProfiledStep(plan, i, ctx, profile);
    if (!s.ok()) {
      // Let queued GPU work finish before the arena is reused.
      if (gpu != nullptr) (void)exec_internal::SynchronizeGpu(gpu);
      return s.WithPrefix(step.error_prefix);
    }
  }
  // A kernel's asynchronous failure belongs to this run.
  if (gpu != nullptr) {
    KILN_RETURN_IF_ERROR(exec_internal::SynchronizeGpu(gpu));
  }
  fetches->clear();
  fetches->reserve(plan.fetches.size());
  for (size_t i = 0; i < plan.fetches.size(); ++i) {
    const Tensor& t = arena->values[plan.fetches[i]];
    if (!t.IsInitialized()) {
      return Internal("fetch '" +
                      exe.plan().fetches(static_cast<int>(i)).name() +
                      "' was not produced by any step");
    }
    if (plan.fetch_needs_copy[i]) {
      // It views arena memory, which the next run overwrites.
      KILN_ASSIGN_OR_RETURN(Tensor copy, t.DeepCopy());
      fetches->push_back(std::move(copy));
    } else {
      fetches->push_back(t);
    }
  }
  if (txn) txn->Commit();
  return OkStatus();
}

}  // namespace

Executor::Executor(std::shared_ptr<const Executable> executable)
    : executable_(std::move(executable)),
      arenas_(std::make_unique<ArenaPool>(*executable_)) {
  arenas_->is_constant.assign(executable_->plan().values_size(), false);
  for (int v : arenas_->plan.constants) arenas_->is_constant[v] = true;
}

Executor::~Executor() = default;

Status Executor::Run(const std::vector<Tensor>& feeds, VariableStore* variables,
                     std::vector<Tensor>* fetches) const {
  if (fetches == nullptr) return InvalidArgument("Run: fetches is null");
  StatusOr<std::unique_ptr<Arena>> acquired = arenas_->Acquire(*executable_);
  if (!acquired.ok()) {
    fetches->clear();
    return acquired.status();
  }
  std::unique_ptr<Arena> arena = std::move(*acquired);
  Status status =
      RunAll(*executable_, arenas_->plan, arena.get(), arenas_->gpu.get(),
             feeds, variables, fetches, profile_);
  arenas_->Release(std::move(arena));
  if (!status.ok()) fetches->clear();
  return status;
}

}  // namespace kiln
