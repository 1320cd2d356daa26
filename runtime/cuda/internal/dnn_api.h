// cuDNN's functions that Dnn calls, resolved with dlopen (libcudnn.so.9) on
// first use, and the Status of a cuDNN call. Shared by the convolution and
// pooling parts of Dnn.
#ifndef KILN_RUNTIME_CUDA_INTERNAL_DNN_API_H_
#define KILN_RUNTIME_CUDA_INTERNAL_DNN_API_H_

#include <cudnn.h>

#include <string>

#include "runtime/base/status.h"
#include "runtime/cuda/internal/dynamic_library.h"

namespace kiln {
namespace cuda {
namespace internal {

// clang-format off
#define KILN_CUDNN_FUNCTIONS(X)                        \
  X(cudnnCreate)                                       \
  X(cudnnDestroy)                                      \
  X(cudnnSetStream)                                    \
  X(cudnnGetErrorString)                               \
  X(cudnnCreateTensorDescriptor)                       \
  X(cudnnDestroyTensorDescriptor)                      \
  X(cudnnSetTensor4dDescriptor)                        \
  X(cudnnCreateFilterDescriptor)                       \
  X(cudnnDestroyFilterDescriptor)                      \
  X(cudnnSetFilter4dDescriptor)                        \
  X(cudnnCreateConvolutionDescriptor)                  \
  X(cudnnDestroyConvolutionDescriptor)                 \
  X(cudnnSetConvolution2dDescriptor)                   \
  X(cudnnSetConvolutionMathType)                       \
  X(cudnnGetConvolutionForwardAlgorithm_v7)            \
  X(cudnnFindConvolutionForwardAlgorithm)              \
  X(cudnnGetConvolutionForwardWorkspaceSize)           \
  X(cudnnConvolutionForward)                           \
  X(cudnnGetConvolutionBackwardDataAlgorithm_v7)       \
  X(cudnnFindConvolutionBackwardDataAlgorithm)         \
  X(cudnnGetConvolutionBackwardDataWorkspaceSize)      \
  X(cudnnConvolutionBackwardData)                      \
  X(cudnnGetConvolutionBackwardFilterAlgorithm_v7)     \
  X(cudnnFindConvolutionBackwardFilterAlgorithm)       \
  X(cudnnGetConvolutionBackwardFilterWorkspaceSize)    \
  X(cudnnConvolutionBackwardFilter)                    \
  X(cudnnAddTensor)                                    \
  X(cudnnCreateActivationDescriptor)                   \
  X(cudnnDestroyActivationDescriptor)                  \
  X(cudnnSetActivationDescriptor)                      \
  X(cudnnActivationForward)                            \
  X(cudnnCreatePoolingDescriptor)                      \
  X(cudnnDestroyPoolingDescriptor)                     \
  X(cudnnSetPooling2dDescriptor)                       \
  X(cudnnPoolingForward)                               \
  X(cudnnPoolingBackward)
// clang-format on

struct DnnApi {
#define KILN_CUDNN_FIELD(name) decltype(&::name) name = nullptr;
  KILN_CUDNN_FUNCTIONS(KILN_CUDNN_FIELD)
#undef KILN_CUDNN_FIELD
};

inline StatusOr<DnnApi> LoadDnn() {
  KILN_ASSIGN_OR_RETURN(void* lib, OpenLibrary("libcudnn.so.9", "cuDNN"));
  DnnApi api;
#define KILN_CUDNN_RESOLVE(name) \
  KILN_RETURN_IF_ERROR(Resolve(lib, #name, "cuDNN", &api.name));
  KILN_CUDNN_FUNCTIONS(KILN_CUDNN_RESOLVE)
#undef KILN_CUDNN_RESOLVE
  return api;
}

inline StatusOr<const DnnApi*> GetDnnApi() { return LoadOnce<DnnApi>(LoadDnn); }

// OK, or the call's failure naming `call`, the problem `what` and cuDNN's
// message.
inline Status CheckDnn(cudnnStatus_t s, const char* call,
                       const std::string& what) {
  if (s == CUDNN_STATUS_SUCCESS) return OkStatus();
  std::string message = std::string(call) + " (" + what + ")";
  if (StatusOr<const DnnApi*> api = GetDnnApi(); api.ok())
    message += std::string(": ") + (*api)->cudnnGetErrorString(s);
  if (s == CUDNN_STATUS_ALLOC_FAILED) return ResourceExhausted(message);
  if (s == CUDNN_STATUS_BAD_PARAM || s == CUDNN_STATUS_NOT_SUPPORTED)
    return InvalidArgument(message);
  return Internal(message);
}

}  // namespace internal
}  // namespace cuda
}  // namespace kiln

#endif  // KILN_RUNTIME_CUDA_INTERNAL_DNN_API_H_
