// Dnn over cuDNN's convolution API, loaded with dlopen: the convolution,
// then the bias (cudnnAddTensor) and relu (cudnnActivationForward) in place.
#include "runtime/cuda/dnn.h"

#include <cudnn.h>

#include <cstdlib>
#include <string>

#include "runtime/cuda/internal/dnn_api.h"
#include "runtime/cuda/internal/dynamic_library.h"

namespace kiln {
namespace cuda {
namespace {

using internal::CheckDnn;
using internal::DnnApi;
constexpr auto Api = internal::GetDnnApi;

std::string Describe(const GpuConv& p) {
  auto d = [](int64_t a, int64_t b) {
    return std::to_string(a) + "x" + std::to_string(b);
  };
  return "x [" + std::to_string(p.n) + "," + d(p.h, p.w) + "," +
         std::to_string(p.c) + "] filter " + d(p.r, p.s) + " -> " +
         std::to_string(p.k) + ", stride " + d(p.stride_h, p.stride_w) +
         ", pad " + d(p.pad_h, p.pad_w);
}

}  // namespace

struct Dnn::Plan {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr, bias = nullptr;
  cudnnFilterDescriptor_t filter = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  cudnnActivationDescriptor_t relu = nullptr;
  cudnnConvolutionFwdAlgo_t algo = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  size_t workspace = 0;
  // The gradients' algorithms, chosen on first use.
  bool have_data = false, have_filter = false;
  cudnnConvolutionBwdDataAlgo_t data_algo = CUDNN_CONVOLUTION_BWD_DATA_ALGO_0;
  cudnnConvolutionBwdFilterAlgo_t filter_algo =
      CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0;
  size_t data_workspace = 0, filter_workspace = 0;
  ~Plan() {
    StatusOr<const DnnApi*> api = Api();
    if (!api.ok()) return;
    for (cudnnTensorDescriptor_t t : {x, y, bias})
      if (t != nullptr) (*api)->cudnnDestroyTensorDescriptor(t);
    if (filter != nullptr) (*api)->cudnnDestroyFilterDescriptor(filter);
    if (conv != nullptr) (*api)->cudnnDestroyConvolutionDescriptor(conv);
    if (relu != nullptr) (*api)->cudnnDestroyActivationDescriptor(relu);
  }
};

StatusOr<std::unique_ptr<Dnn>> Dnn::Create(std::shared_ptr<Device> device) {
  KILN_ASSIGN_OR_RETURN(const DnnApi* api, Api());
  KILN_RETURN_IF_ERROR(device->MakeCurrent());
  cudnnHandle_t handle;
  KILN_RETURN_IF_ERROR(
      CheckDnn(api->cudnnCreate(&handle), "cudnnCreate", device->name()));
  return std::unique_ptr<Dnn>(new Dnn(std::move(device), handle));
}

Dnn::~Dnn() {
  plans_.clear();
  pool_plans_.clear();
  if (StatusOr<const DnnApi*> api = Api(); api.ok())
    (*api)->cudnnDestroy(static_cast<cudnnHandle_t>(handle_));
  if (workspace_ != nullptr) (void)device_->FreeRaw(workspace_);
}

// How a convolution direction's algorithm is chosen, once per problem
// (KILN_CUDNN_ALGO): "heuristic" (the default) takes cuDNN's heuristic's
// first working one, running nothing; "find" the fastest deterministic one
// that cudnnFind* measured (TensorFlow's autotuning, torch's
// cudnn.benchmark); "find_any" the fastest measured, deterministic or not.
enum class AlgoChoice { kHeuristic, kFind, kFindAny };

AlgoChoice ChosenAlgoChoice() {
  static const AlgoChoice choice = [] {
    const char* env = std::getenv("KILN_CUDNN_ALGO");
    const std::string s = env ? env : "";
    return s == "find"       ? AlgoChoice::kFind
           : s == "find_any" ? AlgoChoice::kFindAny
                             : AlgoChoice::kHeuristic;
  }();
  return choice;
}

// The chosen algorithm for a convolution direction and its workspace:
// `search(measure, n, &found, perf)` is cuDNN's Find (measure) or
// Get_v7 for it; measured ones run in the problem's math (no tensor-core
// TF32 unless asked for). `Perf` is cuDNN's perf-result type.
template <typename Perf, typename Algo, typename Search, typename Size>
Status ChooseAlgorithm(Search search, Size size, bool tf32,
                       const std::string& what, const char* direction,
                       Algo* algo, size_t* workspace) {
  const AlgoChoice choice = ChosenAlgoChoice();
  const bool measure = choice != AlgoChoice::kHeuristic;
  Perf perf[16];
  int found = 0;
  KILN_RETURN_IF_ERROR(
      CheckDnn(search(measure, 16, &found, perf),
               measure ? "cudnnFind algorithm" : "cudnnGet algorithm_v7",
               std::string(direction) + " of " + what));
  for (int a = 0; a < found; ++a) {
    if (perf[a].status != CUDNN_STATUS_SUCCESS ||
        (choice == AlgoChoice::kFind &&
         perf[a].determinism != CUDNN_DETERMINISTIC) ||
        (measure && !tf32 &&
         (perf[a].mathType == CUDNN_TENSOR_OP_MATH ||
          perf[a].mathType == CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION)))
      continue;
    *algo = perf[a].algo;
    return CheckDnn(size(*algo, workspace), "workspace size",
                    std::string(direction) + " of " + what);
  }
  return InvalidArgument("cuDNN has no " + std::string(direction) +
                         " algorithm for " + what);
}

StatusOr<std::shared_ptr<Dnn::Plan>> Dnn::GetPlan(const GpuConv& p) {
  auto it = plans_.find(p.key());
  if (it != plans_.end()) return it->second;
  KILN_ASSIGN_OR_RETURN(const DnnApi* api, Api());
  const std::string what = Describe(p);
  auto plan = std::make_shared<Plan>();
  auto check = [&](cudnnStatus_t s, const char* call) {
    return CheckDnn(s, call, what);
  };
  KILN_RETURN_IF_ERROR(check(api->cudnnCreateTensorDescriptor(&plan->x),
                             "cudnnCreateTensorDescriptor"));
  KILN_RETURN_IF_ERROR(check(api->cudnnCreateTensorDescriptor(&plan->y),
                             "cudnnCreateTensorDescriptor"));
  KILN_RETURN_IF_ERROR(check(api->cudnnCreateTensorDescriptor(&plan->bias),
                             "cudnnCreateTensorDescriptor"));
  KILN_RETURN_IF_ERROR(check(api->cudnnCreateFilterDescriptor(&plan->filter),
                             "cudnnCreateFilterDescriptor"));
  KILN_RETURN_IF_ERROR(check(api->cudnnCreateConvolutionDescriptor(&plan->conv),
                             "cudnnCreateConvolutionDescriptor"));
  auto i = [](int64_t v) { return static_cast<int>(v); };
  KILN_RETURN_IF_ERROR(check(api->cudnnSetTensor4dDescriptor(
                                 plan->x, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT,
                                 i(p.n), i(p.c), i(p.h), i(p.w)),
                             "cudnnSetTensor4dDescriptor"));
  KILN_RETURN_IF_ERROR(check(api->cudnnSetTensor4dDescriptor(
                                 plan->y, CUDNN_TENSOR_NHWC, CUDNN_DATA_FLOAT,
                                 i(p.n), i(p.k), i(p.out_h()), i(p.out_w())),
                             "cudnnSetTensor4dDescriptor"));
  KILN_RETURN_IF_ERROR(
      check(api->cudnnSetTensor4dDescriptor(plan->bias, CUDNN_TENSOR_NHWC,
                                            CUDNN_DATA_FLOAT, 1, i(p.k), 1, 1),
            "cudnnSetTensor4dDescriptor"));
  KILN_RETURN_IF_ERROR(
      check(api->cudnnSetFilter4dDescriptor(plan->filter, CUDNN_DATA_FLOAT,
                                            CUDNN_TENSOR_NHWC, i(p.k), i(p.c),
                                            i(p.r), i(p.s)),
            "cudnnSetFilter4dDescriptor"));
  KILN_RETURN_IF_ERROR(
      check(api->cudnnSetConvolution2dDescriptor(
                plan->conv, i(p.pad_h), i(p.pad_w), i(p.stride_h),
                i(p.stride_w), i(p.dilation_h), i(p.dilation_w),
                CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
            "cudnnSetConvolution2dDescriptor"));
  KILN_RETURN_IF_ERROR(
      check(api->cudnnSetConvolutionMathType(
                plan->conv, p.tf32 ? CUDNN_TENSOR_OP_MATH : CUDNN_FMA_MATH),
            "cudnnSetConvolutionMathType"));
  if (p.relu) {
    KILN_RETURN_IF_ERROR(
        check(api->cudnnCreateActivationDescriptor(&plan->relu),
              "cudnnCreateActivationDescriptor"));
    KILN_RETURN_IF_ERROR(check(
        api->cudnnSetActivationDescriptor(plan->relu, CUDNN_ACTIVATION_RELU,
                                          CUDNN_NOT_PROPAGATE_NAN, 0.0),
        "cudnnSetActivationDescriptor"));
  }
  auto handle = static_cast<cudnnHandle_t>(handle_);
  KILN_RETURN_IF_ERROR(ChooseAlgorithm<cudnnConvolutionFwdAlgoPerf_t>(
      [&](bool measure, int n, int* found,
          cudnnConvolutionFwdAlgoPerf_t* perf) {
        return (measure ? api->cudnnFindConvolutionForwardAlgorithm
                        : api->cudnnGetConvolutionForwardAlgorithm_v7)(
            handle, plan->x, plan->filter, plan->conv, plan->y, n, found, perf);
      },
      [&](cudnnConvolutionFwdAlgo_t algo, size_t* bytes) {
        return api->cudnnGetConvolutionForwardWorkspaceSize(
            handle, plan->x, plan->filter, plan->conv, plan->y, algo, bytes);
      },
      p.tf32, what, "forward", &plan->algo, &plan->workspace));
  plans_[p.key()] = plan;
  return plan;
}

StatusOr<void*> Dnn::OnStream(Stream& stream, size_t workspace_bytes,
                              const std::string& what) {
  KILN_ASSIGN_OR_RETURN(const DnnApi* api, Api());
  KILN_RETURN_IF_ERROR(
      CheckDnn(api->cudnnSetStream(static_cast<cudnnHandle_t>(handle_),
                                   static_cast<cudaStream_t>(stream.handle())),
               "cudnnSetStream", what));
  if (workspace_bytes == 0) return nullptr;
  return Workspace(workspace_bytes);
}

StatusOr<void*> Dnn::Workspace(size_t bytes) {
  if (bytes <= workspace_bytes_) return workspace_;
  if (workspace_ != nullptr) KILN_RETURN_IF_ERROR(device_->FreeRaw(workspace_));
  workspace_ = nullptr;
  workspace_bytes_ = 0;
  KILN_ASSIGN_OR_RETURN(workspace_, device_->AllocateRaw(bytes));
  workspace_bytes_ = bytes;
  return workspace_;
}

Status Dnn::ConvForward(Stream& stream, const GpuConv& p, const float* x,
                        const float* filter, const float* bias, float* y) {
  KILN_ASSIGN_OR_RETURN(const DnnApi* api, Api());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  std::lock_guard<std::mutex> lock(mu_);
  KILN_ASSIGN_OR_RETURN(std::shared_ptr<Plan> plan, GetPlan(p));
  const std::string what = Describe(p);
  auto handle = static_cast<cudnnHandle_t>(handle_);
  KILN_ASSIGN_OR_RETURN(void* workspace,
                        OnStream(stream, plan->workspace, what));
  const float one = 1, zero = 0;
  KILN_RETURN_IF_ERROR(CheckDnn(
      api->cudnnConvolutionForward(handle, &one, plan->x, x, plan->filter,
                                   filter, plan->conv, plan->algo, workspace,
                                   plan->workspace, &zero, plan->y, y),
      "cudnnConvolutionForward", what));
  if (bias != nullptr) {
    KILN_RETURN_IF_ERROR(CheckDnn(
        api->cudnnAddTensor(handle, &one, plan->bias, bias, &one, plan->y, y),
        "cudnnAddTensor", what));
  }
  if (p.relu) {
    KILN_RETURN_IF_ERROR(
        CheckDnn(api->cudnnActivationForward(handle, plan->relu, &one, plan->y,
                                             y, &zero, plan->y, y),
                 "cudnnActivationForward", what));
  }
  return OkStatus();
}

Status Dnn::ConvBackwardData(Stream& stream, const GpuConv& p, const float* dy,
                             const float* filter, float* dx) {
  KILN_ASSIGN_OR_RETURN(const DnnApi* api, Api());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  std::lock_guard<std::mutex> lock(mu_);
  KILN_ASSIGN_OR_RETURN(std::shared_ptr<Plan> plan, GetPlan(p));
  const std::string what = "backward data of " + Describe(p);
  auto handle = static_cast<cudnnHandle_t>(handle_);
  if (!plan->have_data) {
    KILN_RETURN_IF_ERROR(ChooseAlgorithm<cudnnConvolutionBwdDataAlgoPerf_t>(
        [&](bool measure, int n, int* found,
            cudnnConvolutionBwdDataAlgoPerf_t* perf) {
          return (measure ? api->cudnnFindConvolutionBackwardDataAlgorithm
                          : api->cudnnGetConvolutionBackwardDataAlgorithm_v7)(
              handle, plan->filter, plan->y, plan->conv, plan->x, n, found,
              perf);
        },
        [&](cudnnConvolutionBwdDataAlgo_t algo, size_t* bytes) {
          return api->cudnnGetConvolutionBackwardDataWorkspaceSize(
              handle, plan->filter, plan->y, plan->conv, plan->x, algo, bytes);
        },
        p.tf32, what, "backward data", &plan->data_algo,
        &plan->data_workspace));
    plan->have_data = true;
  }
  KILN_ASSIGN_OR_RETURN(void* workspace,
                        OnStream(stream, plan->data_workspace, what));
  const float one = 1, zero = 0;
  return CheckDnn(
      api->cudnnConvolutionBackwardData(
          handle, &one, plan->filter, filter, plan->y, dy, plan->conv,
          plan->data_algo, workspace, plan->data_workspace, &zero, plan->x, dx),
      "cudnnConvolutionBackwardData", what);
}

Status Dnn::ConvBackwardFilter(Stream& stream, const GpuConv& p, const float* x,
                               const float* dy, float* dfilter) {
  KILN_ASSIGN_OR_RETURN(const DnnApi* api, Api());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  std::lock_guard<std::mutex> lock(mu_);
  KILN_ASSIGN_OR_RETURN(std::shared_ptr<Plan> plan, GetPlan(p));
  const std::string what = "backward filter of " + Describe(p);
  auto handle = static_cast<cudnnHandle_t>(handle_);
  if (!plan->have_filter) {
    KILN_RETURN_IF_ERROR(ChooseAlgorithm<cudnnConvolutionBwdFilterAlgoPerf_t>(
        [&](bool measure, int n, int* found,
            cudnnConvolutionBwdFilterAlgoPerf_t* perf) {
          return (measure ? api->cudnnFindConvolutionBackwardFilterAlgorithm
                          : api->cudnnGetConvolutionBackwardFilterAlgorithm_v7)(
              handle, plan->x, plan->y, plan->conv, plan->filter, n, found,
              perf);
        },
        [&](cudnnConvolutionBwdFilterAlgo_t algo, size_t* bytes) {
          return api->cudnnGetConvolutionBackwardFilterWorkspaceSize(
              handle, plan->x, plan->y, plan->conv, plan->filter, algo, bytes);
        },
        p.tf32, what, "backward filter", &plan->filter_algo,
        &plan->filter_workspace));
    plan->have_filter = true;
  }
  KILN_ASSIGN_OR_RETURN(void* workspace,
                        OnStream(stream, plan->filter_workspace, what));
  const float one = 1, zero = 0;
  return CheckDnn(
      api->cudnnConvolutionBackwardFilter(
          handle, &one, plan->x, x, plan->y, dy, plan->conv, plan->filter_algo,
          workspace, plan->filter_workspace, &zero, plan->filter, dfilter),
      "cudnnConvolutionBackwardFilter", what);
}

}  // namespace cuda
}  // namespace kiln
