// Module and Launch over the driver API; the JIT's error log goes into the
// Status of a PTX that does not compile.
#include "runtime/cuda/module.h"

#include <vector>

#include "runtime/cuda/internal/driver_api.h"

namespace kiln {
namespace cuda {

using internal::Check;
using internal::Driver;
using internal::DriverApi;

StatusOr<std::unique_ptr<Module>> Module::LoadPtx(
    std::shared_ptr<Device> device, const std::string& ptx) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device->MakeCurrent());
  std::vector<char> log(8192, '\0');
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void* values[] = {log.data(), reinterpret_cast<void*>(
                                    static_cast<uintptr_t>(log.size() - 1))};
  CUmodule module;
  const CUresult r =
      api->cuModuleLoadDataEx(&module, ptx.c_str(), 2, options, values);
  if (r != CUDA_SUCCESS) {
    Status s = Check(r, "cuModuleLoadDataEx", device->name());
    const std::string jit(log.data());
    return Status(s.code(),
                  s.message() + (jit.empty() ? "" : "; JIT log: " + jit));
  }
  return std::unique_ptr<Module>(new Module(std::move(device), module));
}

Module::~Module() {
  StatusOr<const DriverApi*> api = Driver();
  if (api.ok() && device_->MakeCurrent().ok())
    (void)(*api)->cuModuleUnload(static_cast<CUmodule>(module_));
}

StatusOr<Kernel> Module::Function(const std::string& name) const {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  CUfunction f;
  KILN_RETURN_IF_ERROR(
      Check(api->cuModuleGetFunction(&f, static_cast<CUmodule>(module_),
                                     name.c_str()),
            "cuModuleGetFunction", name));
  return Kernel{f, name};
}

Status Launch(const Kernel& kernel, Dim3 grid, Dim3 block,
              unsigned shared_bytes, Stream& stream, void** args) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(stream.device().MakeCurrent());
  return Check(api->cuLaunchKernel(
                   static_cast<CUfunction>(kernel.function), grid.x, grid.y,
                   grid.z, block.x, block.y, block.z, shared_bytes,
                   static_cast<CUstream>(stream.handle()), args, nullptr),
               "cuLaunchKernel", kernel.name);
}

}  // namespace cuda
}  // namespace kiln
