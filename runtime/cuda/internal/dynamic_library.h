// Loading NVIDIA's libraries with dlopen: CUDA's driver, cuBLASLt and cuDNN
// are resolved at run time so Kiln runs where they are missing. Each API
// struct lists its functions with an X-macro and resolves them with
// KILN_CUDA_RESOLVE inside a loader returning StatusOr<Api>.
#ifndef KILN_RUNTIME_CUDA_INTERNAL_DYNAMIC_LIBRARY_H_
#define KILN_RUNTIME_CUDA_INTERNAL_DYNAMIC_LIBRARY_H_

#include <dlfcn.h>

#include <string>

#include "runtime/base/status.h"

namespace kiln {
namespace cuda {
namespace internal {

// `soname` opened, or FailedPrecondition "no <what>: <dlerror>".
inline StatusOr<void*> OpenLibrary(const char* soname, const char* what) {
  void* lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    return FailedPrecondition(std::string("no ") + what + ": " +
                              (why != nullptr ? why : soname));
  }
  return lib;
}

// Symbol `symbol` of `lib` as `*fn`, or FailedPrecondition naming it.
template <typename F>
Status Resolve(void* lib, const char* symbol, const char* what, F* fn) {
  *fn = reinterpret_cast<F>(dlsym(lib, symbol));
  if (*fn == nullptr) {
    return FailedPrecondition(std::string(what) + " lacks " + symbol);
  }
  return OkStatus();
}

// The loader's result, computed once.
template <typename Api, typename Load>
StatusOr<const Api*> LoadOnce(Load load) {
  static const StatusOr<Api>* loaded = new StatusOr<Api>(load());
  if (!loaded->ok()) return loaded->status();
  return &**loaded;
}

}  // namespace internal
}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_INTERNAL_DYNAMIC_LIBRARY_H_
