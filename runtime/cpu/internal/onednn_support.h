// What the oneDNN-backed CPU kernels share: the engine, a bounded cache of
// primitives keyed by problem, and execution on the calling thread's stream
// with a user scratchpad (so one cached primitive may run on many threads at
// once). oneDNN's C++ API throws dnnl::error; callers catch it at their
// boundary and return a Status. Internal to runtime/cpu/.
#ifndef KILN_RUNTIME_CPU_INTERNAL_ONEDNN_SUPPORT_H_
#define KILN_RUNTIME_CPU_INTERNAL_ONEDNN_SUPPORT_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"
#include "runtime/cpu/onednn_matmul.h"

namespace kiln {
namespace cpu {

dnnl::engine& CpuEngine();

// Temporaries the kernels need for one call, kept per thread and grown as
// needed, so a steady-state call allocates nothing.
enum class ThreadBufferSlot {
  kScratchpad,     // oneDNN's user scratchpad (ExecuteOnThisThread)
  kStagedWeights,  // a filter in the primitive's layout
  kPoolOutput,     // MaxPoolGrad's recomputed forward output
  kPoolWorkspace,  // ... and its workspace
  kStagedSource,   // an input reordered into the primitive's layout
  kStagedResult,   // an output before its reorder to the caller's layout
  kCount
};

// At least `bytes` (64-byte aligned, uninitialized) of this thread's `slot`;
// valid until the thread's next call for the same slot.
void* ThreadBuffer(ThreadBufferSlot slot, size_t bytes);

// Runs `primitive` on this thread's stream and waits; `scratchpad_bytes`
// (the primitive_desc's scratchpad size) of ThreadBufferSlot::kScratchpad are
// passed as DNNL_ARG_SCRATCHPAD.
void ExecuteOnThisThread(const dnnl::primitive& primitive,
                         std::unordered_map<int, dnnl::memory> args,
                         size_t scratchpad_bytes);

// Appends `activation` as eltwise post-ops (Selu as elu then linear).
void AppendActivation(Activation activation, dnnl::post_ops& ops);

// A memory object over `data` (not owned).
inline dnnl::memory Wrap(const dnnl::memory::desc& desc, const void* data) {
  return dnnl::memory(desc, CpuEngine(), const_cast<void*>(data));
}

// Appends the raw bytes of `values` to a cache key.
inline void AppendKey(std::string* key, const std::vector<int64_t>& values) {
  key->append(reinterpret_cast<const char*>(values.data()),
              values.size() * sizeof(int64_t));
}

// Primitives (and whatever goes with them) by key; Build may throw
// dnnl::error, which passes to the caller with nothing cached. A full cache
// starts over, which bounds memory when shapes keep changing.
template <typename Entry>
class PrimitiveCache {
 public:
  static constexpr size_t kMaxEntries = 1024;

  template <typename Build>
  std::shared_ptr<const Entry> Get(const std::string& key, Build&& build) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = entries_.find(key);
      if (it != entries_.end()) return it->second;
    }
    std::shared_ptr<const Entry> entry = build();
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    return entries_.emplace(key, std::move(entry)).first->second;
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace cpu
}  // namespace kiln

#endif  // KILN_RUNTIME_CPU_INTERNAL_ONEDNN_SUPPORT_H_
