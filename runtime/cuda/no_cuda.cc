// A build without cuda.h: the GPU context and the launch functions say so.
#include "runtime/cuda/gpu_context.h"
#include "runtime/cuda/launch_abi.h"

namespace kiln {
namespace cuda {
namespace {

Status NoCuda() {
  return FailedPrecondition(
      "this Kiln build has no CUDA support (cuda.h was not found when it "
      "was configured)");
}

}  // namespace

Status ConfigureGpu(const GpuOptions&) { return NoCuda(); }

StatusOr<std::shared_ptr<GpuContext>> GpuContext::Get(int) { return NoCuda(); }

LaunchScope::LaunchScope(GpuContext* context)
    : context_(context), outer_(nullptr) {}
LaunchScope::~LaunchScope() = default;
void LaunchScope::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
}

const std::vector<void*>& LaunchAbiFunctions() {
  static const std::vector<void*> none;
  return none;
}

}  // namespace cuda
}  // namespace kiln
