// Device, Stream and Event over the driver API (runtime/cuda/internal).
#include "runtime/cuda/device.h"

#include "runtime/cuda/internal/driver_api.h"

namespace kiln {
namespace cuda {

using internal::Check;
using internal::Driver;
using internal::DriverApi;

namespace {

CUdeviceptr Ptr(const void* p) {
  return static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(p));
}

std::string Bytes(size_t n) { return std::to_string(n) + " bytes"; }

}  // namespace

StatusOr<std::shared_ptr<Device>> Device::Open(int ordinal) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_ASSIGN_OR_RETURN(DeviceInfo info, GetDeviceInfo(ordinal));
  std::shared_ptr<Device> d(new Device);
  d->info_ = info;
  CUdevice device;
  KILN_RETURN_IF_ERROR(
      Check(api->cuDeviceGet(&device, ordinal), "cuDeviceGet"));
  d->handle_ = device;
  CUcontext context;
  KILN_RETURN_IF_ERROR(Check(api->cuDevicePrimaryCtxRetain(&context, device),
                             "cuDevicePrimaryCtxRetain", d->name()));
  d->context_ = context;
  KILN_RETURN_IF_ERROR(d->MakeCurrent());
  return d;
}

Device::~Device() {
  if (context_ == nullptr) return;
  StatusOr<const DriverApi*> api = Driver();
  if (api.ok()) (void)(*api)->cuDevicePrimaryCtxRelease(handle_);
}

Status Device::MakeCurrent() const {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  return Check(api->cuCtxSetCurrent(static_cast<CUcontext>(context_)),
               "cuCtxSetCurrent", name());
}

StatusOr<void*> Device::AllocateRaw(size_t bytes) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(MakeCurrent());
  CUdeviceptr p = 0;
  KILN_RETURN_IF_ERROR(
      Check(api->cuMemAlloc(&p, bytes), "cuMemAlloc", Bytes(bytes)));
  return reinterpret_cast<void*>(static_cast<uintptr_t>(p));
}

Status Device::FreeRaw(void* ptr) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(MakeCurrent());
  return Check(api->cuMemFree(Ptr(ptr)), "cuMemFree");
}

StatusOr<void*> Device::AllocatePinned(size_t bytes) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(MakeCurrent());
  void* p = nullptr;
  KILN_RETURN_IF_ERROR(
      Check(api->cuMemHostAlloc(&p, bytes, 0), "cuMemHostAlloc", Bytes(bytes)));
  return p;
}

Status Device::FreePinned(void* ptr) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(MakeCurrent());
  return Check(api->cuMemFreeHost(ptr), "cuMemFreeHost");
}

StatusOr<std::pair<size_t, size_t>> Device::MemoryInfo() {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(MakeCurrent());
  size_t free = 0, total = 0;
  KILN_RETURN_IF_ERROR(Check(api->cuMemGetInfo(&free, &total), "cuMemGetInfo"));
  return std::make_pair(free, total);
}

StatusOr<std::unique_ptr<Stream>> Device::NewStream() {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(MakeCurrent());
  CUstream stream;
  KILN_RETURN_IF_ERROR(
      Check(api->cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING),
            "cuStreamCreate", name()));
  // Device is only made by Open, always owned by a shared_ptr; the stream
  // keeps it (and its context) alive.
  return std::unique_ptr<Stream>(new Stream(shared_from_this(), stream));
}

Stream::~Stream() {
  StatusOr<const DriverApi*> api = Driver();
  if (api.ok() && device_->MakeCurrent().ok())
    (void)(*api)->cuStreamDestroy(static_cast<CUstream>(stream_));
}

Status Stream::CopyToDevice(void* device_dst, const void* host_src,
                            size_t bytes) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  return Check(api->cuMemcpyHtoDAsync(Ptr(device_dst), host_src, bytes,
                                      static_cast<CUstream>(stream_)),
               "cuMemcpyHtoDAsync", Bytes(bytes));
}

Status Stream::CopyToHost(void* host_dst, const void* device_src,
                          size_t bytes) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  return Check(api->cuMemcpyDtoHAsync(host_dst, Ptr(device_src), bytes,
                                      static_cast<CUstream>(stream_)),
               "cuMemcpyDtoHAsync", Bytes(bytes));
}

Status Stream::CopyOnDevice(void* device_dst, const void* device_src,
                            size_t bytes) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  return Check(api->cuMemcpyDtoDAsync(Ptr(device_dst), Ptr(device_src), bytes,
                                      static_cast<CUstream>(stream_)),
               "cuMemcpyDtoDAsync", Bytes(bytes));
}

Status Stream::Memset(void* device_dst, uint8_t value, size_t bytes) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  return Check(api->cuMemsetD8Async(Ptr(device_dst), value, bytes,
                                    static_cast<CUstream>(stream_)),
               "cuMemsetD8Async", Bytes(bytes));
}

Status Stream::Synchronize() {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  return Check(api->cuStreamSynchronize(static_cast<CUstream>(stream_)),
               "cuStreamSynchronize", device_->name());
}

StatusOr<std::unique_ptr<Event>> Event::Create(std::shared_ptr<Device> d) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(d->MakeCurrent());
  CUevent event;
  KILN_RETURN_IF_ERROR(
      Check(api->cuEventCreate(&event, CU_EVENT_DEFAULT), "cuEventCreate"));
  return std::unique_ptr<Event>(new Event(std::move(d), event));
}

Event::~Event() {
  StatusOr<const DriverApi*> api = Driver();
  if (api.ok() && device_->MakeCurrent().ok())
    (void)(*api)->cuEventDestroy(static_cast<CUevent>(event_));
}

Status Event::Record(Stream& stream) {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  return Check(api->cuEventRecord(static_cast<CUevent>(event_),
                                  static_cast<CUstream>(stream.handle())),
               "cuEventRecord");
}

Status Event::Synchronize() {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  return Check(api->cuEventSynchronize(static_cast<CUevent>(event_)),
               "cuEventSynchronize");
}

StatusOr<float> Event::ElapsedMsSince(const Event& start) const {
  KILN_ASSIGN_OR_RETURN(const DriverApi* api, Driver());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  float ms = 0;
  KILN_RETURN_IF_ERROR(
      Check(api->cuEventElapsedTime(&ms, static_cast<CUevent>(start.event_),
                                    static_cast<CUevent>(event_)),
            "cuEventElapsedTime"));
  return ms;
}

}  // namespace cuda
}  // namespace kiln
