// Reference kernels, element-wise binary family with NumPy broadcasting:
// arithmetic (AddV2 ... Pow), comparisons (Equal, Greater, Less) and the
// three-way broadcast of SelectV2.
#include <cmath>
#include <limits>

#include "runtime/reference/broadcast.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

enum class BinaryOp {
  kAdd, kSub, kMul, kDiv, kMax, kMin, kPow, kEqual, kGreater, kLess,
};

bool FindBinaryOp(const std::string& name, BinaryOp* op) {
  static const std::pair<const char*, BinaryOp> kOps[] = {
      {"AddV2", BinaryOp::kAdd},     {"Sub", BinaryOp::kSub},
      {"Mul", BinaryOp::kMul},       {"RealDiv", BinaryOp::kDiv},
      {"Maximum", BinaryOp::kMax},   {"Minimum", BinaryOp::kMin},
      {"Pow", BinaryOp::kPow},       {"Equal", BinaryOp::kEqual},
      {"Greater", BinaryOp::kGreater}, {"Less", BinaryOp::kLess},
  };
  for (const auto& [op_name, value] : kOps) {
    if (name == op_name) {
      *op = value;
      return true;
    }
  }
  return false;
}

// Integer power by squaring, wrapping on overflow; y >= 0.
template <typename A>
A IntPow(A x, A y) {
  A result = 1;
  while (y > 0) {
    if (y & 1) result = WrapMul(result, x);
    x = WrapMul(x, x);
    y >>= 1;
  }
  return result;
}

// One arithmetic result. A is double for floating types (exact for + - * /
// of floats, then rounded once), the integer type otherwise.
template <typename A>
A Arithmetic(BinaryOp op, A x, A y) {
  switch (op) {
    case BinaryOp::kAdd: return WrapAdd(x, y);
    case BinaryOp::kSub: return WrapSub(x, y);
    case BinaryOp::kMul: return WrapMul(x, y);
    case BinaryOp::kDiv:
      // Integers truncate, as C++ (and TF's RealDiv) do; lowest / -1 wraps.
      if constexpr (std::is_integral_v<A>) {
        if (y == -1) return WrapSub(A(0), x);
      }
      return x / y;
    // TF's Maximum and Minimum propagate NaN.
    case BinaryOp::kMax: return IsNan(x) || IsNan(y) ? x + y : (x < y ? y : x);
    case BinaryOp::kMin: return IsNan(x) || IsNan(y) ? x + y : (y < x ? y : x);
    default:  // kPow
      if constexpr (std::is_integral_v<A>) {
        return IntPow(x, y);
      } else {
        return std::pow(x, y);
      }
  }
}

template <typename A>
bool Compare(BinaryOp op, A x, A y) {
  switch (op) {
    case BinaryOp::kEqual: return x == y;
    case BinaryOp::kGreater: return x > y;
    default: return x < y;  // kLess
  }
}

// z[i] = f(x[bx(i)], y[by(i)]) over z's shape.
template <typename T, typename Out, typename F>
void BroadcastLoop(const Tensor& x, const Tensor& y, Tensor& z, F f) {
  const T* xp = x.data<T>();
  const T* yp = y.data<T>();
  Out* zp = z.data<Out>();
  const std::vector<int64_t>& out = Dims(z);
  IndexWalker w(out, {BroadcastStrides(Dims(x), out),
                      BroadcastStrides(Dims(y), out)});
  for (int64_t i = 0; i < z.NumElements(); ++i, w.Next()) {
    Store(zp, i, f(Load(xp, w.offset(0)), Load(yp, w.offset(1))));
  }
}

template <typename T>
Status BinaryKernel(KernelContext& c, BinaryOp op) {
  using A = AccT<ComputeT<T>>;
  const Tensor& x = c.inputs[0];
  const Tensor& y = c.inputs[1];
  if (op == BinaryOp::kEqual || op == BinaryOp::kGreater ||
      op == BinaryOp::kLess) {
    // Equal with incompatible_shape_error=false: a scalar false.
    if (!BroadcastDims(Dims(x), Dims(y))) return OkStatus();
    BroadcastLoop<T, bool>(x, y, c.outputs[0], [&](auto a, auto b) {
      return Compare(op, static_cast<A>(a), static_cast<A>(b));
    });
    return OkStatus();
  }
  if constexpr (std::is_same_v<T, bool>) {
    return c.UnsupportedType(x.dtype());
  } else {
    if constexpr (std::is_integral_v<A>) {
      const T* yp = y.data<T>();
      for (int64_t i = 0; i < y.NumElements(); ++i) {
        if (op == BinaryOp::kDiv && yp[i] == 0) {
          return c.Error("integer division by zero");
        }
        if (op == BinaryOp::kPow && yp[i] < 0) {
          return c.Error("integers to negative integer powers are not allowed");
        }
      }
    }
    BroadcastLoop<T, T>(x, y, c.outputs[0], [&](auto a, auto b) {
      return Arithmetic(op, static_cast<A>(a), static_cast<A>(b));
    });
    return OkStatus();
  }
}

// Numbers, and bool for Equal.
template <typename F>
bool VisitBinaryType(DataType dtype, F&& f) {
  if (dtype == tensorflow::DT_BOOL) {
    f(TypeTag<bool>{});
    return true;
  }
  return VisitNumber(dtype, f);
}

template <typename T>
void SelectKernel(const std::vector<Tensor>& in, Tensor& out) {
  const bool* cond = in[0].data<bool>();
  const T* t = in[1].data<T>();
  const T* e = in[2].data<T>();
  T* o = out.data<T>();
  const std::vector<int64_t>& dims = Dims(out);
  IndexWalker w(dims, {BroadcastStrides(Dims(in[0]), dims),
                       BroadcastStrides(Dims(in[1]), dims),
                       BroadcastStrides(Dims(in[2]), dims)});
  for (int64_t i = 0; i < out.NumElements(); ++i, w.Next()) {
    o[i] = cond[w.offset(0)] ? t[w.offset(1)] : e[w.offset(2)];
  }
}

}  // namespace

Status EvalBinary(KernelContext& c) {
  BinaryOp op;
  if (!FindBinaryOp(c.op(), &op)) return Internal("not binary: " + c.op());
  Status status = c.UnsupportedType(c.inputs[0].dtype());
  VisitBinaryType(c.inputs[0].dtype(), [&](auto tag) {
    status = BinaryKernel<typename decltype(tag)::type>(c, op);
  });
  return status;
}

Status EvalSelectV2(KernelContext& c) {
  // Copies values, so every storable dtype works.
  const bool known = VisitDataType(c.outputs[0].dtype(), [&](auto tag) {
    SelectKernel<typename decltype(tag)::type>(c.inputs, c.outputs[0]);
  });
  return known ? OkStatus() : c.UnsupportedType(c.outputs[0].dtype());
}

// Select (TensorFlow 1): cond has the values' shape, or is a vector that
// picks whole rows; the rows case is SelectV2 with cond as [n, 1, ...].
Status EvalSelect(KernelContext& c) {
  std::vector<Tensor> in = c.inputs;
  if (in[0].dims() == 1 && in[1].dims() > 1) {
    std::vector<int64_t> dims(in[1].dims(), 1);
    dims[0] = in[0].dim_size(0);
    KILN_ASSIGN_OR_RETURN(TensorShape shape, TensorShape::Create(dims));
    KILN_ASSIGN_OR_RETURN(in[0], in[0].Reshape(shape));
  }
  const bool known = VisitDataType(c.outputs[0].dtype(), [&](auto tag) {
    SelectKernel<typename decltype(tag)::type>(in, c.outputs[0]);
  });
  return known ? OkStatus() : c.UnsupportedType(c.outputs[0].dtype());
}

}  // namespace reference
}  // namespace kiln
