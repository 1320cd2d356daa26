// The oneDNN engine and per-thread execution shared by runtime/cpu's kernels.
#include "runtime/cpu/internal/onednn_support.h"

#include <cstdlib>
#include <new>

namespace kiln {
namespace cpu {

dnnl::engine& CpuEngine() {
  static dnnl::engine* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

void AppendActivation(Activation activation, dnnl::post_ops& ops) {
  switch (activation) {
    case Activation::kNone:
      break;
    case Activation::kRelu:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
      break;
    case Activation::kElu:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 1.f, 0.f);
      break;
    case Activation::kSelu:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 1.6732632423543772f,
                         0.f);
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_linear,
                         1.0507009873554805f, 0.f);
      break;
    case Activation::kTanh:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_tanh, 0.f, 0.f);
      break;
    case Activation::kSigmoid:
      ops.append_eltwise(1.f, dnnl::algorithm::eltwise_logistic, 0.f, 0.f);
      break;
  }
}

void* ThreadBuffer(ThreadBufferSlot slot, size_t bytes) {
  struct Buffer {
    std::unique_ptr<char, decltype(&std::free)> data{nullptr, &std::free};
    size_t capacity = 0;
  };
  thread_local Buffer buffers[static_cast<int>(ThreadBufferSlot::kCount)];
  Buffer& b = buffers[static_cast<int>(slot)];
  if (b.capacity < bytes) {
    const size_t rounded = (bytes + 63) / 64 * 64;
    b.data.reset(static_cast<char*>(std::aligned_alloc(64, rounded)));
    if (!b.data) throw std::bad_alloc();
    b.capacity = rounded;
  }
  return b.data.get();
}

void ExecuteOnThisThread(const dnnl::primitive& primitive,
                         std::unordered_map<int, dnnl::memory> args,
                         size_t scratchpad_bytes) {
  thread_local dnnl::stream stream(CpuEngine());
  if (scratchpad_bytes > 0) {
    const int64_t bytes = static_cast<int64_t>(scratchpad_bytes);
    args.emplace(
        DNNL_ARG_SCRATCHPAD,
        Wrap(dnnl::memory::desc({bytes}, dnnl::memory::data_type::u8, {1}),
             ThreadBuffer(ThreadBufferSlot::kScratchpad, scratchpad_bytes)));
  }
  primitive.execute(stream, args);
  stream.wait();
}

}  // namespace cpu
}  // namespace kiln
