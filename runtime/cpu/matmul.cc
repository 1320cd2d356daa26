// MatMul's shape rules and dispatch: float goes to oneDNN, the rest (and any
// problem oneDNN refuses) to the plain loop.
#include <string>

#include "runtime/cpu/internal/matmul_problem.h"
#include "runtime/cpu/onednn_matmul.h"

namespace kiln {
namespace cpu {
namespace {

std::string DimsString(int rank, const int64_t* dims) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) {
    if (i > 0) s += ",";
    s += std::to_string(dims[i]);
  }
  return s + "]";
}

}  // namespace

StatusOr<Activation> ParseActivation(std::string_view name) {
  if (name.empty()) return Activation::kNone;
  if (name == "Relu") return Activation::kRelu;
  if (name == "Elu") return Activation::kElu;
  if (name == "Selu") return Activation::kSelu;
  if (name == "Tanh") return Activation::kTanh;
  if (name == "Sigmoid") return Activation::kSigmoid;
  return InvalidArgument("unknown matmul activation '" + std::string(name) +
                         "'");
}

Status DescribeMatMul(DataType dtype, const MatMulOptions& options, int rank_a,
                      const int64_t* dims_a, int rank_b, const int64_t* dims_b,
                      MatMulProblem* p) {
  const std::string shapes =
      DimsString(rank_a, dims_a) + " x " + DimsString(rank_b, dims_b);
  if (options.batched) {
    if (rank_a < 2 || rank_b < 2 || rank_a > kMaxMatMulRank ||
        rank_b > kMaxMatMulRank) {
      return InvalidArgument("batched matmul needs ranks in [2, 12]: " +
                             shapes);
    }
  } else if (rank_a != 2 || rank_b != 2) {
    return InvalidArgument("matmul needs rank-2 operands: " + shapes);
  }
  p->dtype = dtype;
  p->options = options;
  p->rank = rank_a > rank_b ? rank_a : rank_b;
  const int r = p->rank;
  for (int i = 0; i < r; ++i) {
    const int ia = i - (r - rank_a), ib = i - (r - rank_b);
    p->a_dims[i] = ia >= 0 ? dims_a[ia] : 1;
    p->b_dims[i] = ib >= 0 ? dims_b[ib] : 1;
  }
  for (int i = 0; i < r - 2; ++i) {
    const int64_t da = p->a_dims[i], db = p->b_dims[i];
    if (da != db && da != 1 && db != 1) {
      return InvalidArgument("batch dimensions do not broadcast: " + shapes);
    }
    p->c_dims[i] = da == 1 ? db : da;
  }
  const int64_t a0 = p->a_dims[r - 2], a1 = p->a_dims[r - 1];
  const int64_t b0 = p->b_dims[r - 2], b1 = p->b_dims[r - 1];
  p->m = options.transpose_a ? a1 : a0;
  p->k = options.transpose_a ? a0 : a1;
  const int64_t kb = options.transpose_b ? b1 : b0;
  p->n = options.transpose_b ? b0 : b1;
  if (p->k != kb) {
    return InvalidArgument("inner dimensions differ: " + std::to_string(p->k) +
                           " vs " + std::to_string(kb) + " (" + shapes + ")");
  }
  p->c_dims[r - 2] = p->m;
  p->c_dims[r - 1] = p->n;
  return OkStatus();
}

StatusOr<TensorShape> MatMulOutputShape(const TensorShape& a,
                                        const TensorShape& b,
                                        const MatMulOptions& options) {
  MatMulProblem p;
  KILN_RETURN_IF_ERROR(DescribeMatMul(tensorflow::DT_FLOAT, options, a.dims(),
                                      a.dim_sizes().data(), b.dims(),
                                      b.dim_sizes().data(), &p));
  return TensorShape::Create(std::vector<int64_t>(p.c_dims, p.c_dims + p.rank));
}

Status MatMulRaw(DataType dtype, const MatMulOptions& options, int rank_a,
                 const int64_t* dims_a, const void* a, int rank_b,
                 const int64_t* dims_b, const void* b, const void* bias,
                 void* out) {
  MatMulProblem p;
  KILN_RETURN_IF_ERROR(
      DescribeMatMul(dtype, options, rank_a, dims_a, rank_b, dims_b, &p));
  p.a = a;
  p.b = b;
  p.bias = bias;
  p.c = out;
  int64_t out_elements = 1;
  for (int i = 0; i < p.rank; ++i) out_elements *= p.c_dims[i];
  if (out_elements == 0) return OkStatus();
  if (dtype == tensorflow::DT_FLOAT && p.k > 0) {
    Status s = OneDnnMatMul(p);
    // A problem oneDNN refuses still gets an answer from the loop.
    if (s.code() != StatusCode::kUnimplemented) return s;
  }
  return LoopMatMul(p);
}

Status CheckMatMulOperands(const Tensor& a, const Tensor& b,
                           const Tensor* bias, const MatMulOptions& options,
                           const Tensor& out) {
  if (a.dtype() != b.dtype() || out.dtype() != a.dtype()) {
    return InvalidArgument(
        "matmul operands differ in dtype: " + DataTypeName(a.dtype()) + " x " +
        DataTypeName(b.dtype()) + " -> " + DataTypeName(out.dtype()));
  }
  KILN_ASSIGN_OR_RETURN(TensorShape shape,
                        MatMulOutputShape(a.shape(), b.shape(), options));
  if (shape != out.shape()) {
    return InvalidArgument("matmul output has shape " + out.shape().ToString() +
                           ", expected " + shape.ToString());
  }
  if (bias != nullptr) {
    const int64_t n = shape.dim_size(shape.dims() - 1);
    if (bias->dtype() != a.dtype() || bias->dims() != 1 ||
        bias->dim_size(0) != n) {
      return InvalidArgument(
          "bias must be " + DataTypeName(a.dtype()) + "[" + std::to_string(n) +
          "], got " + DataTypeName(bias->dtype()) + bias->shape().ToString());
    }
  }
  return OkStatus();
}

Status MatMul(const Tensor& a, const Tensor& b, const Tensor* bias,
              const MatMulOptions& options, Tensor* out) {
  KILN_RETURN_IF_ERROR(CheckMatMulOperands(a, b, bias, options, *out));
  return MatMulRaw(a.dtype(), options, a.dims(), a.shape().dim_sizes().data(),
                   a.raw_data(), b.dims(), b.shape().dim_sizes().data(),
                   b.raw_data(), bias ? bias->raw_data() : nullptr,
                   out->raw_data());
}

}  // namespace cpu
}  // namespace kiln
