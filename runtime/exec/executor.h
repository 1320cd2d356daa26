// Executor: runs an Executable's call plan on the CPU. Run is thread-safe:
// each call takes its own arena (slots sized to the shapes of that run,
// reused across runs with the same shapes) from a pool.
//
//   kiln::Executor executor(exe);
//   std::vector<kiln::Tensor> fetches;
//   KILN_RETURN_IF_ERROR(executor.Run({x}, &variables, &fetches));
//
// Feeds come in the plan's feed order and are checked against the plan's
// dtype and known dims (errors name the feed); fetches come back in the
// plan's fetch order, in buffers the caller owns.
#ifndef KILN_RUNTIME_EXEC_EXECUTOR_H_
#define KILN_RUNTIME_EXEC_EXECUTOR_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/exec/executable.h"
#include "runtime/exec/step_profile.h"
#include "runtime/exec/variable_store.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

class Executor {
 public:
  explicit Executor(std::shared_ptr<const Executable> executable);
  ~Executor();

  // Runs every step; on any error, returns it (naming the step's node) and
  // leaves `variables` unchanged.
  Status Run(const std::vector<Tensor>& feeds, VariableStore* variables,
             std::vector<Tensor>* fetches) const;

  const Executable& executable() const { return *executable_; }

  // Times every step of later runs into `profile` (null: stop); the
  // profile must outlive them. See step_profile.h for what it costs.
  void set_profile(StepProfile* profile) { profile_ = profile; }

 private:
  struct ArenaPool;
  std::shared_ptr<const Executable> executable_;
  std::unique_ptr<ArenaPool> arenas_;
  StepProfile* profile_ = nullptr;
};

// The most bytes of its split arguments' rows one call of a row-split kernel
// touches (default 256 KiB, inside a core's L2), so that a kernel with
// several loops over its rows (softmax: max, exp-sum, normalize) reads them
// from memory once. 0 runs each thread's rows in one call. Process-wide, for
// tuning and benchmarks; safe to change between runs.
void SetKernelRowBlockBytes(int64_t bytes);
int64_t KernelRowBlockBytes();

}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_EXECUTOR_H_
