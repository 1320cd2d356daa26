// BlasLt over cuBLASLt loaded with dlopen. Row-major y = op(a) op(b) is
// cuBLASLt's column-major y^T = op(b)^T op(a)^T: b goes in as cuBLASLt's A,
// a as its B, and the bias runs along y^T's rows (y's columns).
#include "runtime/cuda/blas_lt.h"

#include <cublasLt.h>

#include <string>

#include "runtime/cuda/internal/dynamic_library.h"

namespace kiln {
namespace cuda {
namespace {

// clang-format off
#define KILN_BLASLT_FUNCTIONS(X)              \
  X(cublasLtCreate)                           \
  X(cublasLtDestroy)                          \
  X(cublasLtMatmulDescCreate)                 \
  X(cublasLtMatmulDescDestroy)                \
  X(cublasLtMatmulDescSetAttribute)           \
  X(cublasLtMatrixLayoutCreate)               \
  X(cublasLtMatrixLayoutSetAttribute)         \
  X(cublasLtMatrixLayoutDestroy)              \
  X(cublasLtMatmulPreferenceCreate)           \
  X(cublasLtMatmulPreferenceDestroy)          \
  X(cublasLtMatmulPreferenceSetAttribute)     \
  X(cublasLtMatmulAlgoGetHeuristic)           \
  X(cublasLtMatmul)                           \
  X(cublasLtMatrixTransformDescCreate)        \
  X(cublasLtMatrixTransformDescDestroy)       \
  X(cublasLtMatrixTransformDescSetAttribute)  \
  X(cublasLtMatrixTransform)                  \
  X(cublasLtGetStatusName)                    \
  X(cublasLtGetStatusString)
// clang-format on

struct LtApi {
#define KILN_BLASLT_FIELD(name) decltype(&::name) name = nullptr;
  KILN_BLASLT_FUNCTIONS(KILN_BLASLT_FIELD)
#undef KILN_BLASLT_FIELD
};

StatusOr<LtApi> LoadLt() {
  KILN_ASSIGN_OR_RETURN(void* lib,
                        internal::OpenLibrary("libcublasLt.so.13", "cuBLASLt"));
  LtApi api;
#define KILN_BLASLT_RESOLVE(name) \
  KILN_RETURN_IF_ERROR(internal::Resolve(lib, #name, "cuBLASLt", &api.name));
  KILN_BLASLT_FUNCTIONS(KILN_BLASLT_RESOLVE)
#undef KILN_BLASLT_RESOLVE
  return api;
}

StatusOr<const LtApi*> Lt() { return internal::LoadOnce<LtApi>(LoadLt); }

Status CheckLt(cublasStatus_t s, const char* call, const std::string& detail) {
  if (s == CUBLAS_STATUS_SUCCESS) return OkStatus();
  std::string message = std::string(call) + " (" + detail + ")";
  if (StatusOr<const LtApi*> api = Lt(); api.ok()) {
    message += std::string(": ") + (*api)->cublasLtGetStatusName(s) + ": " +
               (*api)->cublasLtGetStatusString(s);
  }
  switch (s) {
    case CUBLAS_STATUS_ALLOC_FAILED:
      return ResourceExhausted(message);
    case CUBLAS_STATUS_INVALID_VALUE:
    case CUBLAS_STATUS_NOT_SUPPORTED:
      return InvalidArgument(message);
    default:
      return Internal(message);
  }
}

std::string Dims(const GpuMatMul& p) {
  return (p.batch > 1 ? "batch=" + std::to_string(p.batch) + " " : "") +
         "m=" + std::to_string(p.m) + " n=" + std::to_string(p.n) +
         " k=" + std::to_string(p.k);
}

cublasLtEpilogue_t LtEpilogue(Epilogue e) {
  switch (e) {
    case Epilogue::kBias:
      return CUBLASLT_EPILOGUE_BIAS;
    case Epilogue::kRelu:
      return CUBLASLT_EPILOGUE_RELU;
    case Epilogue::kReluBias:
      return CUBLASLT_EPILOGUE_RELU_BIAS;
    case Epilogue::kGeluBias:
      return CUBLASLT_EPILOGUE_GELU_BIAS;
    case Epilogue::kNone:
      break;
  }
  return CUBLASLT_EPILOGUE_DEFAULT;
}

cudaDataType_t DataType(GpuType t) {
  switch (t) {
    case GpuType::kBF16:
      return CUDA_R_16BF;
    case GpuType::kF16:
      return CUDA_R_16F;
    case GpuType::kF32:
      break;
  }
  return CUDA_R_32F;
}

constexpr size_t kWorkspaceBytes = size_t{32} << 20;

}  // namespace

struct BlasLt::Plan {
  cublasLtMatmulDesc_t desc = nullptr;
  cublasLtMatrixLayout_t a = nullptr, b = nullptr, y = nullptr;
  cublasLtMatmulAlgo_t algo;
  ~Plan() {
    StatusOr<const LtApi*> api = Lt();
    if (!api.ok()) return;
    for (cublasLtMatrixLayout_t l : {a, b, y})
      if (l != nullptr) (*api)->cublasLtMatrixLayoutDestroy(l);
    if (desc != nullptr) (*api)->cublasLtMatmulDescDestroy(desc);
  }
};

StatusOr<std::unique_ptr<BlasLt>> BlasLt::Create(
    std::shared_ptr<Device> device) {
  KILN_ASSIGN_OR_RETURN(const LtApi* api, Lt());
  KILN_RETURN_IF_ERROR(device->MakeCurrent());
  cublasLtHandle_t handle;
  KILN_RETURN_IF_ERROR(
      CheckLt(api->cublasLtCreate(&handle), "cublasLtCreate", device->name()));
  std::unique_ptr<BlasLt> blas(new BlasLt(device, handle));
  KILN_ASSIGN_OR_RETURN(blas->workspace_, device->AllocateRaw(kWorkspaceBytes));
  return blas;
}

BlasLt::~BlasLt() {
  plans_.clear();
  StatusOr<const LtApi*> api = Lt();
  if (api.ok()) (*api)->cublasLtDestroy(static_cast<cublasLtHandle_t>(handle_));
  if (workspace_ != nullptr) (void)device_->FreeRaw(workspace_);
}

// Descriptors, layouts (row-major operands as column-major transposes) and
// the heuristic's first algorithm for `p`.
StatusOr<const BlasLt::Plan*> BlasLt::GetPlan(const GpuMatMul& p) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = plans_.find(p.key());
  if (it != plans_.end()) return it->second.get();
  KILN_ASSIGN_OR_RETURN(const LtApi* api, Lt());
  auto plan = std::make_shared<Plan>();
  const std::string dims = Dims(p);
  KILN_RETURN_IF_ERROR(
      CheckLt(api->cublasLtMatmulDescCreate(&plan->desc,
                                            p.tf32 && p.type == GpuType::kF32
                                                ? CUBLAS_COMPUTE_32F_FAST_TF32
                                                : CUBLAS_COMPUTE_32F,
                                            CUDA_R_32F),
              "cublasLtMatmulDescCreate", dims));
  auto set = [&](cublasLtMatmulDescAttributes_t attr, const void* value,
                 size_t size) {
    return CheckLt(
        api->cublasLtMatmulDescSetAttribute(plan->desc, attr, value, size),
        "cublasLtMatmulDescSetAttribute", dims);
  };
  const cublasOperation_t op_b = p.transpose_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t op_a = p.transpose_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  KILN_RETURN_IF_ERROR(set(CUBLASLT_MATMUL_DESC_TRANSA, &op_b, sizeof(op_b)));
  KILN_RETURN_IF_ERROR(set(CUBLASLT_MATMUL_DESC_TRANSB, &op_a, sizeof(op_a)));
  const cublasLtEpilogue_t epilogue = LtEpilogue(p.epilogue);
  KILN_RETURN_IF_ERROR(
      set(CUBLASLT_MATMUL_DESC_EPILOGUE, &epilogue, sizeof(epilogue)));
  // Row-major [rows, cols] is column-major [cols, rows] with ld = cols.
  auto layout = [&](cublasLtMatrixLayout_t* l, int64_t rows, int64_t cols) {
    return CheckLt(
        api->cublasLtMatrixLayoutCreate(l, DataType(p.type), cols, rows, cols),
        "cublasLtMatrixLayoutCreate", dims);
  };
  KILN_RETURN_IF_ERROR(
      layout(&plan->b, p.transpose_b ? p.n : p.k, p.transpose_b ? p.k : p.n));
  KILN_RETURN_IF_ERROR(
      layout(&plan->a, p.transpose_a ? p.k : p.m, p.transpose_a ? p.m : p.k));
  KILN_RETURN_IF_ERROR(layout(&plan->y, p.m, p.n));
  if (p.batch > 1) {
    const int32_t count = static_cast<int32_t>(p.batch);
    for (auto [l, stride] :
         {std::pair{plan->a, p.stride_a}, std::pair{plan->b, p.stride_b},
          std::pair{plan->y, p.stride_y}}) {
      KILN_RETURN_IF_ERROR(CheckLt(
          api->cublasLtMatrixLayoutSetAttribute(
              l, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &count, sizeof(count)),
          "cublasLtMatrixLayoutSetAttribute", dims));
      KILN_RETURN_IF_ERROR(
          CheckLt(api->cublasLtMatrixLayoutSetAttribute(
                      l, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET, &stride,
                      sizeof(stride)),
                  "cublasLtMatrixLayoutSetAttribute", dims));
    }
  }
  cublasLtMatmulPreference_t pref;
  KILN_RETURN_IF_ERROR(CheckLt(api->cublasLtMatmulPreferenceCreate(&pref),
                               "cublasLtMatmulPreferenceCreate", dims));
  const uint64_t workspace = kWorkspaceBytes;
  cublasStatus_t s = api->cublasLtMatmulPreferenceSetAttribute(
      pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace,
      sizeof(workspace));
  cublasLtMatmulHeuristicResult_t result;
  int found = 0;
  if (s == CUBLAS_STATUS_SUCCESS) {
    s = api->cublasLtMatmulAlgoGetHeuristic(
        static_cast<cublasLtHandle_t>(handle_), plan->desc, plan->b, plan->a,
        plan->y, plan->y, pref, 1, &result, &found);
  }
  api->cublasLtMatmulPreferenceDestroy(pref);
  KILN_RETURN_IF_ERROR(CheckLt(s, "cublasLtMatmulAlgoGetHeuristic", dims));
  if (found == 0) {
    return InvalidArgument("cuBLASLt has no algorithm for " + dims);
  }
  plan->algo = result.algo;
  const Plan* out = plan.get();
  plans_[p.key()] = std::move(plan);
  return out;
}

Status BlasLt::MatMul(Stream& stream, const GpuMatMul& p, const void* a,
                      const void* b, const void* bias, void* y) {
  const bool wants_bias = p.epilogue == Epilogue::kBias ||
                          p.epilogue == Epilogue::kReluBias ||
                          p.epilogue == Epilogue::kGeluBias;
  if (wants_bias != (bias != nullptr)) {
    return InvalidArgument("MatMul (" + Dims(p) + "): the epilogue " +
                           (wants_bias ? "needs" : "takes no") + " bias");
  }
  KILN_ASSIGN_OR_RETURN(const LtApi* api, Lt());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  KILN_ASSIGN_OR_RETURN(const Plan* plan, GetPlan(p));
  // The bias pointer lives in the plan's descriptor: set and launch under
  // the lock (the launch only enqueues).
  std::lock_guard<std::mutex> lock(mu_);
  if (bias != nullptr) {
    KILN_RETURN_IF_ERROR(CheckLt(
        api->cublasLtMatmulDescSetAttribute(
            plan->desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &bias, sizeof(bias)),
        "cublasLtMatmulDescSetAttribute", Dims(p)));
  }
  const float one = 1, zero = 0;
  return CheckLt(
      api->cublasLtMatmul(static_cast<cublasLtHandle_t>(handle_), plan->desc,
                          &one, b, plan->b, a, plan->a, &zero, y, plan->y, y,
                          plan->y, &plan->algo, workspace_, kWorkspaceBytes,
                          static_cast<cudaStream_t>(stream.handle())),
      "cublasLtMatmul", Dims(p));
}

Status BlasLt::Transpose(Stream& stream, GpuType type, int64_t rows,
                         int64_t cols, const void* src, void* dst) {
  if (rows == 0 || cols == 0) return OkStatus();
  KILN_ASSIGN_OR_RETURN(const LtApi* api, Lt());
  KILN_RETURN_IF_ERROR(device_->MakeCurrent());
  const std::string dims =
      "transpose " + std::to_string(rows) + "x" + std::to_string(cols);
  // Row-major [rows, cols] is column-major [cols, rows] (ld cols); its
  // transpose, column-major [rows, cols] (ld rows), is row-major [cols, rows].
  cublasLtMatrixLayout_t in = nullptr, out = nullptr;
  cublasLtMatrixTransformDesc_t desc = nullptr;
  struct Release {
    const LtApi* api;
    cublasLtMatrixLayout_t* in;
    cublasLtMatrixLayout_t* out;
    cublasLtMatrixTransformDesc_t* desc;
    ~Release() {
      if (*in != nullptr) api->cublasLtMatrixLayoutDestroy(*in);
      if (*out != nullptr) api->cublasLtMatrixLayoutDestroy(*out);
      if (*desc != nullptr) api->cublasLtMatrixTransformDescDestroy(*desc);
    }
  } release{api, &in, &out, &desc};
  KILN_RETURN_IF_ERROR(CheckLt(
      api->cublasLtMatrixLayoutCreate(&in, DataType(type), cols, rows, cols),
      "cublasLtMatrixLayoutCreate", dims));
  KILN_RETURN_IF_ERROR(CheckLt(
      api->cublasLtMatrixLayoutCreate(&out, DataType(type), rows, cols, rows),
      "cublasLtMatrixLayoutCreate", dims));
  KILN_RETURN_IF_ERROR(
      CheckLt(api->cublasLtMatrixTransformDescCreate(&desc, CUDA_R_32F),
              "cublasLtMatrixTransformDescCreate", dims));
  const cublasOperation_t t = CUBLAS_OP_T;
  KILN_RETURN_IF_ERROR(
      CheckLt(api->cublasLtMatrixTransformDescSetAttribute(
                  desc, CUBLASLT_MATRIX_TRANSFORM_DESC_TRANSA, &t, sizeof(t)),
              "cublasLtMatrixTransformDescSetAttribute", dims));
  const float one = 1, zero = 0;
  return CheckLt(api->cublasLtMatrixTransform(
                     static_cast<cublasLtHandle_t>(handle_), desc, &one, src,
                     in, &zero, nullptr, nullptr, dst, out,
                     static_cast<cudaStream_t>(stream.handle())),
                 "cublasLtMatrixTransform", dims);
}

}  // namespace cuda
}  // namespace kiln
