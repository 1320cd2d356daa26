// Arena: the per-run state of an Executor: one buffer per slot of the plan
// (grown when a run needs more, kept across runs), the run's values, and
// scratch for kernel descriptors. A pool hands one to each concurrent Run,
// so steady-state runs allocate only their fetches.
#ifndef KILN_RUNTIME_EXEC_INTERNAL_ARENA_H_
#define KILN_RUNTIME_EXEC_INTERNAL_ARENA_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/tensor/buffer.h"
#include "runtime/tensor/tensor.h"

namespace kiln {
namespace exec_internal {

class Arena {
 public:
  Arena(int num_slots, int num_values);

  // A tensor over slot `slot`'s buffer, which grows (from `allocator`) when
  // it is too small. A slot always holds memory of one allocator (the
  // compiler never gives host and device values the same slot).
  StatusOr<Tensor> Take(int slot, DataType dtype, const TensorShape& shape,
                        Allocator* allocator = DefaultCpuAllocator());
  // How many times a slot buffer was (re)allocated, ever.
  int64_t num_grows() const { return num_grows_; }

  // The run's values, by value number (constants stay between runs).
  std::vector<Tensor> values;
  // Variable names of resource values (VAR_HANDLE outputs), by value number.
  std::vector<const std::string*> resources;
  // Kernel calls' descriptors and argument pointers, reused.
  std::vector<int64_t> descriptors;
  std::vector<void*> args;

 private:
  std::vector<std::shared_ptr<Buffer>> slots_;
  int64_t num_grows_ = 0;
};

// Arenas for concurrent runs: Acquire takes a free one (or makes one),
// Release returns it.
class ArenaPool {
 public:
  ArenaPool(int num_slots, int num_values)
      : num_slots_(num_slots), num_values_(num_values) {}
  std::unique_ptr<Arena> Acquire();
  void Release(std::unique_ptr<Arena> arena);

 private:
  const int num_slots_;
  const int num_values_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Arena>> free_;  // guarded by mu_
};

}  // namespace exec_internal
}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_INTERNAL_ARENA_H_
