// Reference kernels of MaxPool, AvgPool and their gradients (MaxPoolGrad,
// MaxPoolGradGrad, AvgPoolGrad), NHWC or NCHW. Padding taps never count:
// SAME windows are clipped at the edges and averages divide by the taps
// inside. A max's position is the first maximum in row-major window order,
// as TensorFlow's CPU kernels pick it.
#include <vector>

#include "runtime/graph/internal/shape_fns.h"
#include "runtime/reference/kernels.h"
#include "runtime/reference/window_loops.h"

namespace kiln {
namespace reference {
namespace {

struct PoolProblem {
  WindowProblem window;
  Layout4 x, y;
};

StatusOr<PoolProblem> MakePoolProblem(const KernelContext& c,
                                      const std::vector<int64_t>& x,
                                      const std::vector<int64_t>* y) {
  KILN_ASSIGN_OR_RETURN(WindowAttrs attrs,
                        ParseWindowAttrs(c.attrs, c.op(), true));
  KILN_ASSIGN_OR_RETURN(WindowProblem p, MakePoolGeometry(attrs, x, y, c.op()));
  return PoolProblem{p, InputLayout(p, attrs.nchw),
                     OutputLayout(p, attrs.nchw)};
}

// Calls f(x_index, y_index) for every tap of every window and channel.
template <typename F>
void ForEachPoolTap(const PoolProblem& pool, F&& f) {
  ForEachTap(pool.window, [&](int64_t n, int64_t oy, int64_t ox, int64_t iy,
                              int64_t ix, int64_t, int64_t) {
    for (int64_t ch = 0; ch < pool.window.out_c; ++ch) {
      f(pool.x.At(n, iy, ix, ch), pool.y.At(n, oy, ox, ch));
    }
  });
}

// The input index of each window's first maximum.
template <typename T>
std::vector<int64_t> ArgMaxes(const PoolProblem& pool, const T* x,
                              int64_t outputs) {
  std::vector<int64_t> arg(outputs, -1);
  ForEachPoolTap(pool, [&](int64_t xi, int64_t yi) {
    if (arg[yi] < 0 || Load(x, xi) > Load(x, arg[yi])) arg[yi] = xi;
  });
  return arg;
}

// How many taps of each window lie inside the input.
std::vector<int64_t> TapCounts(const PoolProblem& pool, int64_t outputs) {
  std::vector<int64_t> count(outputs, 0);
  ForEachPoolTap(pool, [&](int64_t, int64_t yi) { ++count[yi]; });
  return count;
}

template <typename T>
void MaxKernel(const std::string& op, const PoolProblem& pool,
               const std::vector<Tensor>& in, Tensor& out) {
  const T* x = in[0].data<T>();
  T* o = out.data<T>();
  if (op == "MaxPool") {
    const std::vector<int64_t> arg = ArgMaxes(pool, x, out.NumElements());
    for (int64_t i = 0; i < out.NumElements(); ++i) o[i] = x[arg[i]];
    return;
  }
  const T* grad = in[2].data<T>();
  const int64_t windows = in[1].NumElements();
  const std::vector<int64_t> arg = ArgMaxes(pool, x, windows);
  if (op == "MaxPoolGradGrad") {
    for (int64_t i = 0; i < windows; ++i) o[i] = grad[arg[i]];
    return;
  }
  using A = AccT<ComputeT<T>>;
  std::vector<A> acc(out.NumElements(), A(0));
  for (int64_t i = 0; i < windows; ++i) {
    acc[arg[i]] = WrapAdd<A>(acc[arg[i]], Load(grad, i));
  }
  for (int64_t i = 0; i < out.NumElements(); ++i) Store(o, i, acc[i]);
}

template <typename T>
void AvgKernel(bool grad, const PoolProblem& pool, const Tensor& in,
               Tensor& out) {
  using A = AccT<ComputeT<T>>;
  const int64_t windows = grad ? in.NumElements() : out.NumElements();
  const std::vector<int64_t> count = TapCounts(pool, windows);
  const T* src = in.data<T>();
  std::vector<A> acc(out.NumElements(), A(0));
  ForEachPoolTap(pool, [&](int64_t xi, int64_t yi) {
    if (grad) {
      acc[xi] += static_cast<A>(Load(src, yi)) / static_cast<A>(count[yi]);
    } else {
      acc[yi] += static_cast<A>(Load(src, xi));
    }
  });
  T* o = out.data<T>();
  for (int64_t i = 0; i < out.NumElements(); ++i) {
    Store(o, i, grad ? acc[i] : acc[i] / static_cast<A>(count[i]));
  }
}

}  // namespace

Status EvalPool(KernelContext& c) {
  const std::string& op = c.op();
  Tensor& out = c.outputs[0];
  const bool avg_grad = op == "AvgPoolGrad";
  // The pooled input's dims: the output's for AvgPoolGrad.
  const std::vector<int64_t>& x = avg_grad ? Dims(out) : Dims(c.inputs[0]);
  const std::vector<int64_t>* y =
      op == "MaxPool" || op == "AvgPool" ? nullptr : &Dims(c.inputs[1]);
  KILN_ASSIGN_OR_RETURN(PoolProblem pool, MakePoolProblem(c, x, y));
  if (op == "MaxPoolGradGrad" && Dims(c.inputs[2]) != x) {
    return c.Error("grad must have orig_input's shape");
  }
  if (op == "MaxPoolGrad" && Dims(c.inputs[2]) != *y) {
    return c.Error("grad must have orig_output's shape");
  }
  bool ok;
  if (op == "AvgPool" || avg_grad) {
    ok = VisitFloat(out.dtype(), [&](auto tag) {
      AvgKernel<typename decltype(tag)::type>(avg_grad, pool,
                                              c.inputs[avg_grad ? 1 : 0], out);
    });
  } else {
    ok = VisitNumber(out.dtype(), [&](auto tag) {
      MaxKernel<typename decltype(tag)::type>(op, pool, c.inputs, out);
    });
  }
  return ok ? OkStatus() : c.UnsupportedType(out.dtype());
}

}  // namespace reference
}  // namespace kiln
