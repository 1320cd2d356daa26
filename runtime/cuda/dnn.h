// Convolutions and pooling on cuDNN 9: y = act(conv(x, filter) + bias) for NHWC
// float32 activations and an OHWI filter (cuDNN's NHWC filter layout:
// TensorFlow's HWIO transposed, which the compiler does once for a constant
// filter). cuDNN is loaded with dlopen (libcudnn.so.9) when the first Dnn is
// made; descriptors and the heuristic's algorithm are cached per problem.
// Padding is symmetric (cuDNN's); TensorFlow's uneven SAME padding is an
// explicit Pad before the call. One Dnn serves one stream at a time.
//
//   KILN_ASSIGN_OR_RETURN(auto dnn, kiln::cuda::Dnn::Create(gpu));
//   KILN_RETURN_IF_ERROR(dnn->ConvForward(*stream, conv, x, w, bias, y));
#ifndef KILN_RUNTIME_CUDA_DNN_H_
#define KILN_RUNTIME_CUDA_DNN_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "runtime/cuda/device.h"

namespace kiln {
namespace cuda {

struct GpuConv {
  int64_t n = 1, h = 1, w = 1, c = 1;  // x: [n, h, w, c]
  int64_t k = 1, r = 1, s = 1;         // filter: [k, r, s, c] (OHWI)
  int64_t stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  bool relu = false;  // after the bias
  bool tf32 = false;  // tensor-core TF32 (else FMA-exact FP32)
  int64_t out_h() const {
    return (h + 2 * pad_h - dilation_h * (r - 1) - 1) / stride_h + 1;
  }
  int64_t out_w() const {
    return (w + 2 * pad_w - dilation_w * (s - 1) - 1) / stride_w + 1;
  }
  auto key() const {
    return std::make_tuple(n, h, w, c, k, r, s, stride_h, stride_w, pad_h,
                           pad_w, dilation_h, dilation_w, relu, tf32);
  }
};

// Max or average pooling of x [n, h, w, c] (NHWC) over window_h x window_w
// windows; padding is symmetric, and an average counts only the window's
// elements inside x (TensorFlow's SAME). Max pooling's gradient goes to
// the first maximum of each window (cuDNN's deterministic max).
struct GpuPool {
  int64_t n = 1, h = 1, w = 1, c = 1;
  int64_t window_h = 1, window_w = 1;
  int64_t stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  bool max = true;
  GpuType type = GpuType::kF32;
  int64_t out_h() const { return (h + 2 * pad_h - window_h) / stride_h + 1; }
  int64_t out_w() const { return (w + 2 * pad_w - window_w) / stride_w + 1; }
  auto key() const {
    return std::make_tuple(n, h, w, c, window_h, window_w, stride_h, stride_w,
                           pad_h, pad_w, max, type);
  }
};

class Dnn {
 public:
  static StatusOr<std::unique_ptr<Dnn>> Create(std::shared_ptr<Device> device);
  ~Dnn();
  Dnn(const Dnn&) = delete;
  Dnn& operator=(const Dnn&) = delete;

  // Device pointers; y is [n, out_h, out_w, k]; bias (k floats) may be
  // null. Errors name cuDNN's call and status with the problem.
  Status ConvForward(Stream& stream, const GpuConv& p, const float* x,
                     const float* filter, const float* bias, float* y);
  // The gradients of ConvForward's x (dx: [n, h, w, c]) and filter
  // (dfilter: OHWI) for dy ([n, out_h, out_w, k]); `p`'s bias and relu are
  // not part of them (the graph's own ops differentiate those).
  Status ConvBackwardData(Stream& stream, const GpuConv& p, const float* dy,
                          const float* filter, float* dx);
  Status ConvBackwardFilter(Stream& stream, const GpuConv& p, const float* x,
                            const float* dy, float* dfilter);

  // y [n, out_h, out_w, c] pooled from x; device pointers of p.type.
  Status PoolForward(Stream& stream, const GpuPool& p, const void* x, void* y);
  // dx (x's shape) from the forward pass's x and y and dy (y's shape);
  // average pooling reads neither x nor y, which may then be any device
  // buffers of their sizes.
  Status PoolBackward(Stream& stream, const GpuPool& p, const void* x,
                      const void* y, const void* dy, void* dx);

 private:
  struct Plan;
  struct PoolPlan;
  Dnn(std::shared_ptr<Device> device, void* handle)
      : device_(std::move(device)), handle_(handle) {}
  StatusOr<std::shared_ptr<Plan>> GetPlan(const GpuConv& p);
  StatusOr<std::shared_ptr<PoolPlan>> GetPoolPlan(const GpuPool& p);
  StatusOr<void*> Workspace(size_t bytes);
  // Puts the handle on `stream`; the workspace of `workspace_bytes` (null
  // for none). Under mu_.
  StatusOr<void*> OnStream(Stream& stream, size_t workspace_bytes,
                           const std::string& what);

  std::shared_ptr<Device> device_;
  void* handle_;  // cudnnHandle_t
  std::mutex mu_;
  std::map<decltype(GpuConv().key()), std::shared_ptr<Plan>> plans_;
  std::map<decltype(GpuPool().key()), std::shared_ptr<PoolPlan>> pool_plans_;
  void* workspace_ = nullptr;
  size_t workspace_bytes_ = 0;
};

}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_DNN_H_
