// A stand-in libcuda.so.1 for CI (no GPU): "device memory" is mapped with
// no access and opened only inside the copies, kernels do nothing. Runs of
// GPU plans against it crash on any host access to device memory, which is
// what tests/cuda's host-safety check looks for (values are not checked:
// nothing computes them). cuBLASLt and cuDNN are absent under it.
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

void* DeviceAlloc(size_t b) {
  size_t n = (b + 4095) / 4096 * 4096 + 4096;
  return mmap(nullptr, n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

void Protect(const void* p, size_t b, int prot) {
  uintptr_t a = reinterpret_cast<uintptr_t>(p) & ~uintptr_t{4095};
  size_t n = (reinterpret_cast<uintptr_t>(p) + b - a + 4095) / 4096 * 4096;
  mprotect(reinterpret_cast<void*>(a), n, prot);
}

}  // namespace

extern "C" {
int cuInit(unsigned f) { return 0; }
int cuDriverGetVersion(int* v) {
  *v = 13000;
  return 0;
}
int cuDeviceGetCount(int* n) {
  *n = 1;
  return 0;
}
int cuDeviceGet(int* d, int o) {
  *d = o;
  return 0;
}
int cuDeviceGetName(char* n, int len, int d) {
  std::strncpy(n, "FakeGPU", len);
  return 0;
}
int cuDeviceGetAttribute(int* v, int a, int d) {
  *v = 9;
  return 0;
}
int cuDeviceTotalMem_v2(size_t* b, int d) {
  *b = (size_t)80 << 30;
  return 0;
}
int cuDeviceTotalMem(size_t* b, int d) {
  *b = (size_t)80 << 30;
  return 0;
}
int cuDevicePrimaryCtxRetain(void** c, int d) {
  *c = (void*)0x1234;
  return 0;
}
int cuDevicePrimaryCtxRelease(int d) { return 0; }
int cuDevicePrimaryCtxRelease_v2(int d) { return 0; }
int cuCtxSetCurrent(void* c) { return 0; }
int cuMemAlloc_v2(uintptr_t* p, size_t b) {
  *p = reinterpret_cast<uintptr_t>(DeviceAlloc(b));
  return 0;
}
int cuMemAlloc(uintptr_t* p, size_t b) { return cuMemAlloc_v2(p, b); }
int cuMemFree_v2(uintptr_t p) { return 0; }
int cuMemFree(uintptr_t p) { return cuMemFree_v2(p); }
int cuMemHostAlloc(void** p, size_t b, unsigned f) {
  *p = std::malloc(b);
  return 0;
}
int cuMemFreeHost(void* p) {
  std::free(p);
  return 0;
}
int cuMemGetInfo_v2(size_t* f, size_t* t) {
  *f = *t = (size_t)80 << 30;
  return 0;
}
int cuMemGetInfo(size_t* f, size_t* t) { return cuMemGetInfo_v2(f, t); }
int cuMemcpyHtoDAsync_v2(uintptr_t d, const void* s, size_t b, void* st) {
  Protect((void*)d, b, PROT_READ | PROT_WRITE);
  memcpy((void*)d, s, b);
  Protect((void*)d, b, PROT_NONE);
  return 0;
}
int cuMemcpyHtoDAsync(uintptr_t d, const void* s, size_t b, void* st) {
  return cuMemcpyHtoDAsync_v2(d, s, b, st);
}
int cuMemcpyDtoHAsync_v2(void* d, uintptr_t s, size_t b, void* st) {
  Protect((void*)s, b, PROT_READ | PROT_WRITE);
  memcpy(d, (void*)s, b);
  Protect((void*)s, b, PROT_NONE);
  return 0;
}
int cuMemcpyDtoHAsync(void* d, uintptr_t s, size_t b, void* st) {
  return cuMemcpyDtoHAsync_v2(d, s, b, st);
}
int cuMemcpyDtoDAsync_v2(uintptr_t d, uintptr_t s, size_t b, void* st) {
  Protect((void*)d, b, PROT_READ | PROT_WRITE);
  Protect((void*)s, b, PROT_READ | PROT_WRITE);
  memcpy((void*)d, (void*)s, b);
  Protect((void*)d, b, PROT_NONE);
  Protect((void*)s, b, PROT_NONE);
  return 0;
}
int cuMemcpyDtoDAsync(uintptr_t d, uintptr_t s, size_t b, void* st) {
  return cuMemcpyDtoDAsync_v2(d, s, b, st);
}
int cuMemsetD8Async(uintptr_t d, unsigned char v, size_t n, void* st) {
  Protect((void*)d, n, PROT_READ | PROT_WRITE);
  memset((void*)d, v, n);
  Protect((void*)d, n, PROT_NONE);
  return 0;
}
int cuStreamCreate(void** s, unsigned f) {
  *s = (void*)0x5678;
  return 0;
}
int cuStreamDestroy_v2(void* s) { return 0; }
int cuStreamDestroy(void* s) { return 0; }
int cuStreamSynchronize(void* s) { return 0; }
int cuStreamWaitEvent(void* s, void* e, unsigned f) { return 0; }
int cuEventCreate(void** e, unsigned f) {
  *e = std::malloc(8);
  return 0;
}
int cuEventRecord(void* e, void* s) { return 0; }
int cuEventSynchronize(void* e) { return 0; }
int cuEventElapsedTime(float* ms, void* a, void* b) {
  *ms = 1;
  return 0;
}
int cuEventDestroy_v2(void* e) { return 0; }
int cuEventDestroy(void* e) { return 0; }
int cuModuleLoadDataEx(void** m, const void* img, unsigned n, int* o,
                       void** v) {
  *m = (void*)img;
  return 0;
}
int cuModuleUnload(void* m) { return 0; }
int cuModuleGetFunction(void** f, void* m, const char* name) {
  *f = strdup(name);
  return 0;
}
// FAKE_CUDA_FAIL_LAUNCH=N: the Nth launch of the process (from 1) fails
// as an illegal address would (700), and so does every call after it that
// reports errors (a dead context), to test what callers do about it.
bool ContextDead() {
  static int launches = 0;
  static bool dead = false;
  static const char* fail_at = std::getenv("FAKE_CUDA_FAIL_LAUNCH");
  if (!dead && fail_at != nullptr && ++launches == std::atoi(fail_at)) {
    dead = true;
  }
  return dead;
}
int cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                   unsigned by, unsigned bz, unsigned smem, void* st,
                   void** params, void** extra) {
  return ContextDead() ? 700 : 0;
}
int cuGetErrorName(int e, const char** s) {
  *s = e == 700 ? "CUDA_ERROR_ILLEGAL_ADDRESS" : "FAKE_ERROR";
  return 0;
}
int cuGetErrorString(int e, const char** s) {
  *s = "fake error";
  return 0;
}
int cuEventElapsedTime_v2(float* ms, void* a, void* b) {
  *ms = 1;
  return 0;
}
int cuCtxSetCurrent_v2(void* c) { return 0; }

}  // extern "C"
