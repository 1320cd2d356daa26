// Reference kernels, element-wise unary family: math (Neg ... Sigmoid, Sin,
// Cos),
// activations (Relu, Elu, Selu, Softplus) and the copies (Identity,
// StopGradient, ZerosLike, OnesLike).
#include <cmath>
#include <cstring>

#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

enum class UnaryOp {
  kNeg, kSquare, kSqrt, kRsqrt, kExp, kLog, kTanh, kSigmoid, kSin, kCos,
  kRelu, kRelu6, kElu, kSelu, kSoftplus,
};

bool FindUnaryOp(const std::string& name, UnaryOp* op) {
  static const std::pair<const char*, UnaryOp> kOps[] = {
      {"Neg", UnaryOp::kNeg},         {"Square", UnaryOp::kSquare},
      {"Sqrt", UnaryOp::kSqrt},       {"Rsqrt", UnaryOp::kRsqrt},
      {"Exp", UnaryOp::kExp},         {"Log", UnaryOp::kLog},
      {"Tanh", UnaryOp::kTanh},       {"Sigmoid", UnaryOp::kSigmoid},
      {"Sin", UnaryOp::kSin},         {"Cos", UnaryOp::kCos},
      {"Relu", UnaryOp::kRelu},       {"Relu6", UnaryOp::kRelu6},
      {"Elu", UnaryOp::kElu},
      {"Selu", UnaryOp::kSelu},       {"Softplus", UnaryOp::kSoftplus},
  };
  for (const auto& [op_name, value] : kOps) {
    if (name == op_name) {
      *op = value;
      return true;
    }
  }
  return false;
}

// Ops that are exact on integers; the rest are floating only in the table.
template <typename C>
C ApplyExact(UnaryOp op, C x) {
  switch (op) {
    case UnaryOp::kNeg: return WrapSub(C(0), x);
    case UnaryOp::kSquare: return WrapMul(x, x);
    // min(max(x, 0), 6): NaN fails both comparisons and stays NaN.
    case UnaryOp::kRelu6: return x < C(0) ? C(0) : (x > C(6) ? C(6) : x);
    // max(x, 0) as std::max(x, 0) computes it, so NaN stays NaN (as in TF).
    default: return x < C(0) ? C(0) : x;  // kRelu
  }
}

double ApplyFloating(UnaryOp op, double x) {
  // TensorFlow's SELU constants (nn_ops.h).
  constexpr double kSeluScale = 1.0507009873554804934193349852946;
  constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
  switch (op) {
    case UnaryOp::kSqrt: return std::sqrt(x);
    case UnaryOp::kRsqrt: return 1.0 / std::sqrt(x);
    case UnaryOp::kExp: return std::exp(x);
    case UnaryOp::kLog: return std::log(x);
    case UnaryOp::kTanh: return std::tanh(x);
    case UnaryOp::kSin: return std::sin(x);
    case UnaryOp::kCos: return std::cos(x);
    case UnaryOp::kSigmoid: return 1.0 / (1.0 + std::exp(-x));
    case UnaryOp::kElu: return x < 0 ? std::expm1(x) : x;
    case UnaryOp::kSelu:
      return x < 0 ? kSeluScale * kSeluAlpha * std::expm1(x) : kSeluScale * x;
    case UnaryOp::kSoftplus:  // log(1 + e^x) without overflow
      return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    default: return ApplyExact(op, x);
  }
}

template <typename T>
Status UnaryKernel(KernelContext& c, UnaryOp op) {
  using C = ComputeT<T>;
  const T* x = c.inputs[0].data<T>();
  T* y = c.outputs[0].data<T>();
  const int64_t n = c.inputs[0].NumElements();
  const bool exact = op == UnaryOp::kNeg || op == UnaryOp::kSquare ||
                     op == UnaryOp::kRelu || op == UnaryOp::kRelu6;
  if (std::is_integral_v<C> && !exact) return c.UnsupportedType(c.inputs[0].dtype());
  for (int64_t i = 0; i < n; ++i) {
    if (exact) {
      Store(y, i, ApplyExact(op, Load(x, i)));
    } else {
      Store(y, i, ApplyFloating(op, static_cast<double>(Load(x, i))));
    }
  }
  return OkStatus();
}

template <typename T>
void FillOnes(Tensor& t) {
  T* p = t.data<T>();
  for (int64_t i = 0; i < t.NumElements(); ++i) p[i] = static_cast<T>(1.0f);
}

// LeakyRelu as TensorFlow's kernel: x > 0 ? x : x * alpha (NaN stays NaN).
template <typename T>
void LeakyReluKernel(const Tensor& x, Tensor& y, double alpha) {
  const T* in = x.data<T>();
  T* out = y.data<T>();
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    const double v = static_cast<double>(Load(in, i));
    Store(out, i, v > 0 ? v : v * alpha);
  }
}

}  // namespace

Status EvalUnary(KernelContext& c) {
  const Tensor& x = c.inputs[0];
  Tensor& y = c.outputs[0];
  if (c.op() == "LeakyRelu") {
    const double alpha = c.attrs.GetFloat("alpha").value_or(0.2f);
    const bool known = VisitFloat(x.dtype(), [&](auto tag) {
      LeakyReluKernel<typename decltype(tag)::type>(x, y, alpha);
    });
    return known ? OkStatus() : c.UnsupportedType(x.dtype());
  }
  if (c.op() == "Identity" || c.op() == "StopGradient") {
    if (x.bytes() > 0) std::memcpy(y.raw_data(), x.raw_data(), x.bytes());
    return OkStatus();
  }
  if (c.op() == "ZerosLike") return OkStatus();  // outputs start as zeros
  if (c.op() == "OnesLike") {
    bool known = VisitDataType(y.dtype(), [&](auto tag) {
      FillOnes<typename decltype(tag)::type>(y);
    });
    return known ? OkStatus() : c.UnsupportedType(y.dtype());
  }
  UnaryOp op;
  if (!FindUnaryOp(c.op(), &op)) return Internal("not unary: " + c.op());
  Status status = c.UnsupportedType(x.dtype());
  VisitNumber(x.dtype(), [&](auto tag) {
    status = UnaryKernel<typename decltype(tag)::type>(c, op);
  });
  return status;
}

}  // namespace reference
}  // namespace kiln
