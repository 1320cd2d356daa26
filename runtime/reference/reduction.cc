// Reference kernels, reductions: Sum, Mean, Max, Min, Prod over a list of
// axes (negative counting from the end, keep_dims), and ArgMax.
#include <limits>

#include "runtime/reference/broadcast.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

enum class Reduce { kSum, kMean, kMax, kMin, kProd };

// The value of an empty reduction (TF's identities).
template <typename A>
A Identity(Reduce op) {
  constexpr bool kFloat = std::numeric_limits<A>::has_infinity;
  switch (op) {
    case Reduce::kProd: return A(1);
    case Reduce::kMax:
      return kFloat ? -std::numeric_limits<A>::infinity()
                    : std::numeric_limits<A>::lowest();
    case Reduce::kMin:
      return kFloat ? std::numeric_limits<A>::infinity()
                    : std::numeric_limits<A>::max();
    default: return A(0);
  }
}

// Max and Min propagate NaN: once acc is NaN it stays NaN.
template <typename A>
A Combine(Reduce op, A acc, A v) {
  if ((op == Reduce::kMax || op == Reduce::kMin) && IsNan(acc)) return acc;
  switch (op) {
    case Reduce::kProd: return WrapMul(acc, v);
    case Reduce::kMax: return IsNan(v) || v > acc ? v : acc;
    case Reduce::kMin: return IsNan(v) || v < acc ? v : acc;
    default: return WrapAdd(acc, v);
  }
}

template <typename T>
void ReduceKernel(Reduce op, const Tensor& in, const std::vector<bool>& reduced,
                  Tensor& out) {
  using A = AccT<ComputeT<T>>;
  // The output with keep_dims, read back as a broadcast of the input.
  std::vector<int64_t> kept = Dims(in);
  int64_t count = 1;
  for (size_t d = 0; d < kept.size(); ++d) {
    if (reduced[d]) {
      count *= kept[d];
      kept[d] = 1;
    }
  }
  std::vector<A> acc(out.NumElements(), Identity<A>(op));
  IndexWalker w(Dims(in), {BroadcastStrides(kept, Dims(in))});
  const T* x = in.data<T>();
  for (int64_t i = 0; i < in.NumElements(); ++i, w.Next()) {
    acc[w.offset(0)] = Combine<A>(op, acc[w.offset(0)], Load(x, i));
  }
  T* y = out.data<T>();
  for (size_t i = 0; i < acc.size(); ++i) {
    A v = acc[i];
    if (op == Reduce::kMean) {
      // Integer means truncate; an empty integer mean is 0 (TF: undefined).
      if constexpr (std::is_integral_v<A>) {
        v = count == 0 ? A(0) : static_cast<A>(v / static_cast<A>(count));
      } else {
        v = v / static_cast<A>(count);
      }
    }
    Store(y, static_cast<int64_t>(i), v);
  }
}

template <typename T, typename Index>
void ArgMaxKernel(const Tensor& in, int axis, Tensor& out) {
  using C = ComputeT<T>;
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= in.dim_size(d);
  for (int d = axis + 1; d < in.dims(); ++d) inner *= in.dim_size(d);
  const int64_t size = in.dim_size(axis);
  const T* x = in.data<T>();
  Index* y = out.data<Index>();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const int64_t base = o * size * inner + i;
      // TensorFlow's (Eigen's) rule: the first value greater than all
      // before it, starting from the lowest value at index 0; NaN never
      // compares greater, so NaNs are skipped and an all-NaN row gives 0.
      int64_t best = 0;
      C best_value = std::numeric_limits<C>::lowest();
      for (int64_t k = 0; k < size; ++k) {
        const C v = Load(x, base + k * inner);
        if (v > best_value) {
          best = k;
          best_value = v;
        }
      }
      y[o * inner + i] = static_cast<Index>(best);
    }
  }
}

}  // namespace

Status EvalReduction(KernelContext& c) {
  static const std::pair<const char*, Reduce> kOps[] = {
      {"Sum", Reduce::kSum}, {"Mean", Reduce::kMean}, {"Max", Reduce::kMax},
      {"Min", Reduce::kMin}, {"Prod", Reduce::kProd}};
  Reduce op = Reduce::kSum;
  for (const auto& [name, value] : kOps) {
    if (c.op() == name) op = value;
  }
  const Tensor& in = c.inputs[0];
  std::vector<bool> reduced(in.dims(), false);
  for (int64_t axis : IntValues(c.inputs[1])) {
    // The table's shape function has checked the range.
    reduced[axis < 0 ? axis + in.dims() : axis] = true;
  }
  const bool known = VisitNumber(in.dtype(), [&](auto tag) {
    ReduceKernel<typename decltype(tag)::type>(op, in, reduced, c.outputs[0]);
  });
  return known ? OkStatus() : c.UnsupportedType(in.dtype());
}

Status EvalArgMax(KernelContext& c) {
  const Tensor& in = c.inputs[0];
  const std::vector<int64_t> dimension = IntValues(c.inputs[1]);
  if (dimension.size() != 1) return c.Error("dimension must be a scalar");
  const int axis = static_cast<int>(dimension[0] < 0 ? dimension[0] + in.dims()
                                                     : dimension[0]);
  if (in.dim_size(axis) == 0 && c.outputs[0].NumElements() > 0) {
    return c.Error("reduces over an empty dim " + std::to_string(axis) +
                   " of shape " + in.shape().ToString());
  }
  bool known = false;
  auto visit = [&](auto index_tag) {
    using Index = typename decltype(index_tag)::type;
    auto run = [&](auto tag) {
      ArgMaxKernel<typename decltype(tag)::type, Index>(in, axis, c.outputs[0]);
      known = true;
    };
    if (in.dtype() == tensorflow::DT_BOOL) {
      run(TypeTag<bool>{});
    } else {
      VisitNumber(in.dtype(), run);
    }
  };
  const DataType out_type = c.outputs[0].dtype();
  if (out_type == tensorflow::DT_INT32) visit(TypeTag<int32_t>{});
  if (out_type == tensorflow::DT_INT64) visit(TypeTag<int64_t>{});
  if (!known) {
    return c.UnsupportedType(out_type == tensorflow::DT_INT32 ||
                                     out_type == tensorflow::DT_INT64
                                 ? in.dtype()
                                 : out_type);
  }
  return OkStatus();
}

}  // namespace reference
}  // namespace kiln
