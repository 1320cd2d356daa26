// Loading the CUDA driver with dlopen, and its errors as Status values.
// Without cuda.h at build time (KILN_HAVE_CUDA unset) only the public
// queries exist, and they report that the build has no CUDA.
#include "runtime/cuda/driver.h"

#ifdef KILN_HAVE_CUDA
#include "runtime/cuda/internal/driver_api.h"
#include "runtime/cuda/internal/dynamic_library.h"
#endif

namespace kiln {
namespace cuda {

#ifdef KILN_HAVE_CUDA
namespace internal {
namespace {

#define KILN_CUDA_STR2(x) #x
#define KILN_CUDA_STR(x) KILN_CUDA_STR2(x)

StatusOr<DriverApi> Load() {
  KILN_ASSIGN_OR_RETURN(void* lib, OpenLibrary("libcuda.so.1", "CUDA driver"));
  DriverApi api;
  // KILN_CUDA_STR expands cuda.h's version macros (cuMemAlloc_v2).
#define KILN_CUDA_RESOLVE(name) \
  KILN_RETURN_IF_ERROR(         \
      Resolve(lib, KILN_CUDA_STR(name), "the CUDA driver", &api.name));
  KILN_CUDA_DRIVER_FUNCTIONS(KILN_CUDA_RESOLVE)
#undef KILN_CUDA_RESOLVE
  const CUresult init = api.cuInit(0);
  if (init != CUDA_SUCCESS && init != CUDA_ERROR_NO_DEVICE) {
    const char* name = nullptr;
    api.cuGetErrorName(init, &name);
    return FailedPrecondition(std::string("cuInit: ") +
                              (name != nullptr ? name : "failed"));
  }
  return api;
}

}  // namespace

StatusOr<const DriverApi*> Driver() { return LoadOnce<DriverApi>(Load); }

Status Check(CUresult result, const char* call, const std::string& detail) {
  if (result == CUDA_SUCCESS) return OkStatus();
  const char* name = nullptr;
  const char* text = nullptr;
  StatusOr<const DriverApi*> api = Driver();
  if (api.ok()) {
    (*api)->cuGetErrorName(result, &name);
    (*api)->cuGetErrorString(result, &text);
  }
  std::string message =
      std::string(call) + (detail.empty() ? "" : " (" + detail + ")") + ": " +
      (name != nullptr ? name : "CUDA error " + std::to_string(result)) +
      (text != nullptr ? std::string(": ") + text : "");
  switch (result) {
    case CUDA_ERROR_OUT_OF_MEMORY:
      return ResourceExhausted(message);
    case CUDA_ERROR_INVALID_VALUE:
    case CUDA_ERROR_INVALID_PTX:
    case CUDA_ERROR_INVALID_IMAGE:
    case CUDA_ERROR_NOT_FOUND:
      return InvalidArgument(message);
    case CUDA_ERROR_NO_DEVICE:
    case CUDA_ERROR_INVALID_DEVICE:
      return FailedPrecondition(message);
    default:
      return Internal(message);
  }
}

}  // namespace internal

StatusOr<int> DeviceCount() {
  KILN_ASSIGN_OR_RETURN(const internal::DriverApi* api, internal::Driver());
  int count = 0;
  const CUresult r = api->cuDeviceGetCount(&count);
  if (r == CUDA_ERROR_NO_DEVICE || r == CUDA_ERROR_NOT_INITIALIZED) return 0;
  KILN_RETURN_IF_ERROR(internal::Check(r, "cuDeviceGetCount"));
  return count;
}

StatusOr<DeviceInfo> GetDeviceInfo(int ordinal) {
  KILN_ASSIGN_OR_RETURN(const internal::DriverApi* api, internal::Driver());
  CUdevice device;
  KILN_RETURN_IF_ERROR(internal::Check(api->cuDeviceGet(&device, ordinal),
                                       "cuDeviceGet",
                                       "GPU:" + std::to_string(ordinal)));
  DeviceInfo info;
  info.ordinal = ordinal;
  char name[256] = {};
  KILN_RETURN_IF_ERROR(internal::Check(
      api->cuDeviceGetName(name, sizeof(name) - 1, device), "cuDeviceGetName"));
  info.name = name;
  auto attribute = [&](CUdevice_attribute a, int* out) {
    return internal::Check(api->cuDeviceGetAttribute(out, a, device),
                           "cuDeviceGetAttribute");
  };
  KILN_RETURN_IF_ERROR(attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                                 &info.compute_major));
  KILN_RETURN_IF_ERROR(attribute(CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                                 &info.compute_minor));
  KILN_RETURN_IF_ERROR(attribute(CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                                 &info.multiprocessors));
  KILN_RETURN_IF_ERROR(internal::Check(
      api->cuDeviceTotalMem(&info.total_bytes, device), "cuDeviceTotalMem"));
  return info;
}

#else  // !KILN_HAVE_CUDA

StatusOr<int> DeviceCount() {
  return FailedPrecondition(
      "Kiln was built without CUDA (cuda.h was not found)");
}

StatusOr<DeviceInfo> GetDeviceInfo(int) { return DeviceCount().status(); }

#endif

}  // namespace cuda
}  // namespace kiln
