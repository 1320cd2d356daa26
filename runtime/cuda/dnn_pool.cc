// Dnn's pooling: cuDNN's pooling forward and backward over NHWC tensors,
// one cached descriptor set per problem.
#include <cudnn.h>

#include <string>

#include "runtime/cuda/dnn.h"
#include "runtime/cuda/internal/dnn_api.h"

namespace kiln {
namespace cuda {
namespace {

using internal::CheckDnn;

cudnnDataType_t DataType(GpuType type) {
  switch (type) {
    case GpuType::kBF16:
      return CUDNN_DATA_BFLOAT16;
    case GpuType::kF16:
      return CUDNN_DATA_HALF;
    case GpuType::kF32:
      break;
  }
  return CUDNN_DATA_FLOAT;
}

std::string Describe(const GpuPool& p) {
  auto d = [](int64_t a, int64_t b) {
    return std::to_string(a) + "x" + std::to_string(b);
  };
  return std::string(p.max ? "max" : "average") + " pool of x [" +
         std::to_string(p.n) + "," + d(p.h, p.w) + "," + std::to_string(p.c) +
         "], window " + d(p.window_h, p.window_w) + ", stride " +
         d(p.stride_h, p.stride_w) + ", pad " + d(p.pad_h, p.pad_w);
}

}  // namespace

struct Dnn::PoolPlan {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr;
  cudnnPoolingDescriptor_t pool = nullptr;
  ~PoolPlan() {
    StatusOr<const internal::DnnApi*> api = internal::GetDnnApi();
    if (!api.ok()) return;
    for (cudnnTensorDescriptor_t t : {x, y})
      if (t != nullptr) (*api)->cudnnDestroyTensorDescriptor(t);
    if (pool != nullptr) (*api)->cudnnDestroyPoolingDescriptor(pool);
  }
};

StatusOr<std::shared_ptr<Dnn::PoolPlan>> Dnn::GetPoolPlan(const GpuPool& p) {
  auto it = pool_plans_.find(p.key());
  if (it != pool_plans_.end()) return it->second;
  if (p.out_h() <= 0 || p.out_w() <= 0) {
    return InvalidArgument("empty output for " + Describe(p));
  }
  KILN_ASSIGN_OR_RETURN(const internal::DnnApi* api, internal::GetDnnApi());
  const std::string what = Describe(p);
  auto check = [&](cudnnStatus_t s, const char* call) {
    return CheckDnn(s, call, what);
  };
  auto plan = std::make_shared<PoolPlan>();
  auto i = [](int64_t v) { return static_cast<int>(v); };
  const cudnnDataType_t type = DataType(p.type);
  for (auto [desc, h, w] : {std::make_tuple(&plan->x, p.h, p.w),
                            std::make_tuple(&plan->y, p.out_h(), p.out_w())}) {
    KILN_RETURN_IF_ERROR(check(api->cudnnCreateTensorDescriptor(desc),
                               "cudnnCreateTensorDescriptor"));
    KILN_RETURN_IF_ERROR(
        check(api->cudnnSetTensor4dDescriptor(*desc, CUDNN_TENSOR_NHWC, type,
                                              i(p.n), i(p.c), i(h), i(w)),
              "cudnnSetTensor4dDescriptor"));
  }
  KILN_RETURN_IF_ERROR(check(api->cudnnCreatePoolingDescriptor(&plan->pool),
                             "cudnnCreatePoolingDescriptor"));
  KILN_RETURN_IF_ERROR(
      check(api->cudnnSetPooling2dDescriptor(
                plan->pool,
                p.max ? CUDNN_POOLING_MAX_DETERMINISTIC
                      : CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING,
                CUDNN_PROPAGATE_NAN, i(p.window_h), i(p.window_w), i(p.pad_h),
                i(p.pad_w), i(p.stride_h), i(p.stride_w)),
            "cudnnSetPooling2dDescriptor"));
  pool_plans_[p.key()] = plan;
  return plan;
}

Status Dnn::PoolForward(Stream& stream, const GpuPool& p, const void* x,
                        void* y) {
  KILN_ASSIGN_OR_RETURN(const internal::DnnApi* api, internal::GetDnnApi());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  std::lock_guard<std::mutex> lock(mu_);
  KILN_ASSIGN_OR_RETURN(std::shared_ptr<PoolPlan> plan, GetPoolPlan(p));
  const std::string what = Describe(p);
  KILN_RETURN_IF_ERROR(OnStream(stream, 0, what).status());
  const float one = 1, zero = 0;
  return CheckDnn(
      api->cudnnPoolingForward(static_cast<cudnnHandle_t>(handle_), plan->pool,
                               &one, plan->x, x, &zero, plan->y, y),
      "cudnnPoolingForward", what);
}

Status Dnn::PoolBackward(Stream& stream, const GpuPool& p, const void* x,
                         const void* y, const void* dy, void* dx) {
  KILN_ASSIGN_OR_RETURN(const internal::DnnApi* api, internal::GetDnnApi());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  std::lock_guard<std::mutex> lock(mu_);
  KILN_ASSIGN_OR_RETURN(std::shared_ptr<PoolPlan> plan, GetPoolPlan(p));
  const std::string what = "backward of " + Describe(p);
  KILN_RETURN_IF_ERROR(OnStream(stream, 0, what).status());
  const float one = 1, zero = 0;
  return CheckDnn(api->cudnnPoolingBackward(
                      static_cast<cudnnHandle_t>(handle_), plan->pool, &one,
                      plan->y, y, plan->y, dy, plan->x, x, &zero, plan->x, dx),
                  "cudnnPoolingBackward", what);
}

}  // namespace cuda
}  // namespace kiln
