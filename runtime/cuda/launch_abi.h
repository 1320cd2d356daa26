// The functions generated GPU host code calls: MLIR's `mgpu*` runtime names
// and signatures (the GPU-to-LLVM lowering emits calls of them), written
// here over GpuContext so that compiled code needs no MLIR runtime library.
//
// The executor opens a LaunchScope around each GPU kernel step: every call
// then works on that scope's context, "creating a stream" hands out the
// context's stream (all steps of all runs go on it, in order), waits and
// synchronizations inside a kernel are no-ops (stream order already gives
// them; the executor synchronizes where a host needs a result), and the
// first failure is kept for the scope to report as a Status (a failed call
// makes the later ones do nothing).
#ifndef KILN_RUNTIME_CUDA_LAUNCH_ABI_H_
#define KILN_RUNTIME_CUDA_LAUNCH_ABI_H_

#include <vector>

#include "runtime/base/status.h"

namespace kiln {
namespace cuda {

class GpuContext;

class LaunchScope {
 public:
  explicit LaunchScope(GpuContext* context);
  ~LaunchScope();
  LaunchScope(const LaunchScope&) = delete;
  LaunchScope& operator=(const LaunchScope&) = delete;

  GpuContext* context() const { return context_; }
  // The first failure of a call inside the scope (OK when none).
  const Status& status() const { return status_; }
  void Fail(Status status);

 private:
  GpuContext* context_;
  LaunchScope* outer_;
  Status status_;
};

// The mgpu* functions' names, in the order of the table generated code
// calls them through: compiled code declares no mgpu* symbol, it defines
// `kiln_gpu_abi` (void*[kLaunchAbiSize]) and calls through it, so a bundle
// needs nothing from the program's symbol table. Every build has the list.
inline constexpr const char* kLaunchAbiTable = "kiln_gpu_abi";
const std::vector<const char*>& LaunchAbiNames();

// The functions, in LaunchAbiNames' order (empty in a build without CUDA).
const std::vector<void*>& LaunchAbiFunctions();

// Fills a generated `kiln_gpu_abi` table; FailedPrecondition in a build
// without CUDA.
Status BindLaunchAbi(void** table);

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_LAUNCH_ABI_H_
