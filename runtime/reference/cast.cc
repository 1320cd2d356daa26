// Reference kernel of Cast: floats to integers truncate toward zero, any
// non-zero value is true, bool is 0 or 1.
#include <cmath>
#include <limits>
#include <type_traits>

#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

// x86's float -> int conversion (cvttss2si), which TensorFlow's CPU Cast
// inherits: truncation toward zero, and the "integer indefinite" value
// (the type's lowest) for NaN and out-of-range inputs. Narrower ints go
// through int32, as the compiled static_cast does.
template <typename I, typename From>
I TruncateToInt(From v) {
  const From t = std::trunc(v);
  if (std::isnan(v) ||
      t < static_cast<From>(std::numeric_limits<I>::lowest()) ||
      t >= -static_cast<From>(std::numeric_limits<I>::lowest())) {
    return std::numeric_limits<I>::lowest();
  }
  return static_cast<I>(t);
}

// The conversion of one value.
template <typename To, typename From>
To Convert(From v) {
  using CTo = ComputeT<To>;
  if constexpr (std::is_same_v<CTo, bool>) {
    return static_cast<To>(v != From(0));
  } else if constexpr (std::is_integral_v<CTo> &&
                       std::is_floating_point_v<From>) {
    if constexpr (std::is_same_v<CTo, int64_t> || std::is_same_v<CTo, uint64_t>) {
      return static_cast<To>(TruncateToInt<int64_t>(v));
    } else {
      return static_cast<To>(TruncateToInt<int32_t>(v));
    }
  } else {
    return static_cast<To>(static_cast<CTo>(v));
  }
}

template <typename From, typename To>
void CastKernel(const Tensor& x, Tensor& y) {
  const From* in = x.data<From>();
  To* out = y.data<To>();
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    out[i] = Convert<To>(Load(in, i));
  }
}

// Cast's dtypes: the numbers the other kernels take, plus bool.
template <typename F>
bool VisitCastType(DataType dtype, F&& f) {
  if (dtype == tensorflow::DT_BOOL) {
    f(TypeTag<bool>{});
    return true;
  }
  return VisitNumber(dtype, f);
}

bool IsNarrowingFloat(DataType from, DataType to) {
  auto width = [](DataType t) {
    switch (t) {
      case tensorflow::DT_DOUBLE: return 3;
      case tensorflow::DT_FLOAT: return 2;
      case tensorflow::DT_HALF:
      case tensorflow::DT_BFLOAT16: return 1;
      default: return 0;
    }
  };
  return width(to) > 0 && width(from) > width(to);
}

}  // namespace

Status EvalCast(KernelContext& c) {
  const Tensor& x = c.inputs[0];
  Tensor& y = c.outputs[0];
  if (c.attrs.GetBool("Truncate").value_or(false) &&
      IsNarrowingFloat(x.dtype(), y.dtype())) {
    return Unimplemented("'Cast' has no reference kernel for Truncate=true");
  }
  bool done = false;
  VisitCastType(x.dtype(), [&](auto from) {
    VisitCastType(y.dtype(), [&](auto to) {
      CastKernel<typename decltype(from)::type, typename decltype(to)::type>(
          x, y);
      done = true;
    });
  });
  if (!done) {
    const bool from_ok = VisitCastType(x.dtype(), [](auto) {});
    return c.UnsupportedType(from_ok ? y.dtype() : x.dtype());
  }
  return OkStatus();
}

}  // namespace reference
}  // namespace kiln
