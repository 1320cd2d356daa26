// The plain matmul loop: double, int32, int64, half and bfloat16 (and float
// when oneDNN refuses a problem). Integer arithmetic wraps, as TensorFlow's
// does.
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "runtime/cpu/internal/matmul_problem.h"

namespace kiln {
namespace cpu {
namespace {

// Integers accumulate unsigned so that overflow wraps instead of being UB.
template <typename T, bool = std::is_integral_v<T>>
struct Accumulator {
  using type = T;
};
template <typename T>
struct Accumulator<T, true> {
  using type = std::make_unsigned_t<T>;
};
// half and bfloat16 compute in float, as TensorFlow's CPU kernels do.
template <>
struct Accumulator<half, false> {
  using type = float;
};
template <>
struct Accumulator<bfloat16, false> {
  using type = float;
};
template <typename T>
using AccumulatorOf = typename Accumulator<T>::type;

template <typename T>
T Activate(T x, Activation act) {
  if constexpr (std::is_integral_v<T>) {
    return act == Activation::kRelu && x < 0 ? T(0) : x;
  } else {
    switch (act) {
      case Activation::kRelu:
        return x < 0 ? T(0) : x;
      case Activation::kElu:
        return x < 0 ? std::expm1(x) : x;
      case Activation::kSelu:
        return T(1.0507009873554805) *
               (x < 0 ? T(1.6732632423543772) * std::expm1(x) : x);
      case Activation::kTanh:
        return std::tanh(x);
      case Activation::kSigmoid:
        return T(1) / (T(1) + std::exp(-x));
      case Activation::kNone:
        break;
    }
    return x;
  }
}

// Row-major strides of `dims`, with 0 for broadcast (size-1) batch dims.
void BatchStrides(const int64_t* dims, int rank, int64_t* strides) {
  int64_t stride = dims[rank - 1] * dims[rank - 2];
  for (int i = rank - 3; i >= 0; --i) {
    strides[i] = dims[i] == 1 ? 0 : stride;
    stride *= dims[i];
  }
}

template <typename T>
void Loop(const MatMulProblem& p) {
  using Acc = AccumulatorOf<T>;
  const T* a = static_cast<const T*>(p.a);
  const T* b = static_cast<const T*>(p.b);
  const T* bias = static_cast<const T*>(p.bias);
  T* c = static_cast<T*>(p.c);
  const int r = p.rank;
  int64_t a_strides[kMaxMatMulRank], b_strides[kMaxMatMulRank];
  BatchStrides(p.a_dims, r, a_strides);
  BatchStrides(p.b_dims, r, b_strides);
  int64_t batches = 1;
  for (int i = 0; i < r - 2; ++i) batches *= p.c_dims[i];
  const int64_t m = p.m, n = p.n, k = p.k;
  // Element (i, kk) of op(a): a is [m,k] or, transposed, [k,m].
  const int64_t a_si = p.options.transpose_a ? 1 : k;
  const int64_t a_sk = p.options.transpose_a ? m : 1;
  const int64_t b_sk = p.options.transpose_b ? 1 : n;
  const int64_t b_sj = p.options.transpose_b ? k : 1;
  for (int64_t batch = 0; batch < batches; ++batch) {
    int64_t a_off = 0, b_off = 0, rest = batch;
    for (int i = r - 3; i >= 0; --i) {
      const int64_t idx = rest % p.c_dims[i];
      rest /= p.c_dims[i];
      a_off += idx * a_strides[i];
      b_off += idx * b_strides[i];
    }
    const T* ab = a + a_off;
    const T* bb = b + b_off;
    T* cb = c + batch * m * n;
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        Acc sum = bias != nullptr ? Acc(bias[j]) : Acc(0);
        for (int64_t kk = 0; kk < k; ++kk) {
          sum += Acc(ab[i * a_si + kk * a_sk]) * Acc(bb[kk * b_sk + j * b_sj]);
        }
        if constexpr (std::is_same_v<Acc, T> || std::is_integral_v<T>) {
          cb[i * n + j] = Activate(T(sum), p.options.activation);
        } else {
          cb[i * n + j] = T(Activate(sum, p.options.activation));
        }
      }
    }
  }
}

}  // namespace

Status LoopMatMul(const MatMulProblem& p) {
  const bool integral =
      p.dtype == tensorflow::DT_INT32 || p.dtype == tensorflow::DT_INT64;
  if (integral && p.options.activation != Activation::kNone &&
      p.options.activation != Activation::kRelu) {
    return Unimplemented("matmul activation on " + DataTypeName(p.dtype) +
                         ": only Relu");
  }
  switch (p.dtype) {
    case tensorflow::DT_FLOAT:
      Loop<float>(p);
      return OkStatus();
    case tensorflow::DT_DOUBLE:
      Loop<double>(p);
      return OkStatus();
    case tensorflow::DT_INT32:
      Loop<int32_t>(p);
      return OkStatus();
    case tensorflow::DT_INT64:
      Loop<int64_t>(p);
      return OkStatus();
    case tensorflow::DT_HALF:
      Loop<half>(p);
      return OkStatus();
    case tensorflow::DT_BFLOAT16:
      Loop<bfloat16>(p);
      return OkStatus();
    default:
      return Unimplemented("matmul of " + DataTypeName(p.dtype));
  }
}

}  // namespace cpu
}  // namespace kiln
