// Executable: a compiled graph as the runtime runs it: the call plan
// (proto/kiln/plan.proto), the constants it holds, and the machine code of
// its kernels, reached through resolved entry points. It owns nothing of the
// compiler: the JIT (or the AOT object's loader) hands over an opaque owner
// that keeps the code mapped for as long as the Executable lives.
//
//   KILN_ASSIGN_OR_RETURN(std::shared_ptr<const kiln::Executable> exe,
//       kiln::Executable::Create(std::move(plan), resolver, jit_owner));
//   kiln::Executor executor(exe);
//   KILN_RETURN_IF_ERROR(executor.Run(feeds, &variables, &fetches));
#ifndef KILN_RUNTIME_EXEC_EXECUTABLE_H_
#define KILN_RUNTIME_EXEC_EXECUTABLE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proto/kiln/plan.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

// A kernel's packed entry point: one pointer per argument (the step's inputs,
// then its outputs), each to an MLIR memref descriptor
// {allocated, aligned, offset, sizes[rank], strides[rank]} of int64 fields.
using KernelEntry = void (*)(void** args);

// Finds a kernel's entry point by symbol; null when the code lacks it.
using KernelResolver = std::function<KernelEntry(const std::string& symbol)>;

class Executable {
 public:
  // Checks the plan (value numbers in range, every step's arity, constants
  // decodable, each KERNEL step's symbol resolvable) and keeps `code_owner`
  // alive with it. A malformed plan is InvalidArgument naming the step.
  static StatusOr<std::shared_ptr<const Executable>> Create(
      Plan plan, const KernelResolver& resolve,
      std::shared_ptr<const void> code_owner);

  const Plan& plan() const { return plan_; }
  // The entry point of step `step` (null for steps that are not KERNEL).
  KernelEntry kernel(int step) const { return kernels_[step]; }
  // The constant held for value `value`, or null when it is not a constant.
  const Tensor* constant(int value) const;

 private:
  Executable() = default;
  Plan plan_;
  std::vector<KernelEntry> kernels_;
  std::vector<int> constant_index_;  // per value: index into constants_, -1
  std::vector<Tensor> constants_;
  std::shared_ptr<const void> code_owner_;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_EXECUTABLE_H_
