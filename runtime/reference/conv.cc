// Reference kernels of Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter
// (NHWC or NCHW, HWIO filters, groups, strides, dilations, SAME / VALID /
// EXPLICIT padding), and of DepthwiseConv2dNative and its backprops (the
// grouped convolution with one group per input channel). All three are one walk
// over every multiply-add of the convolution; they differ in which of x, filter
// and y is the sum.
#include <vector>

#include "runtime/graph/internal/shape_fns.h"
#include "runtime/reference/kernels.h"
#include "runtime/reference/window_loops.h"

namespace kiln {
namespace reference {
namespace {

enum class ConvPart { kOutput, kInput, kFilter };

// The convolution of one call, every size checked, with its layouts.
struct ConvProblem {
  WindowProblem window;
  Layout4 x, y;
  int64_t filter_in = 0;  // the filter's dim 2: input channels per group
  int64_t groups = 1;
};

// Calls f(x_index, filter_index, y_index) for every multiply-add.
template <typename F>
void ForEachMac(const ConvProblem& c, F&& f) {
  const WindowProblem& p = c.window;
  const int64_t out_per_group = p.out_c / c.groups;
  ForEachTap(p, [&](int64_t n, int64_t oy, int64_t ox, int64_t iy, int64_t ix,
                    int64_t ky, int64_t kx) {
    for (int64_t oc = 0; oc < p.out_c; ++oc) {
      const int64_t first_in = (oc / out_per_group) * c.filter_in;
      const int64_t yi = c.y.At(n, oy, ox, oc);
      for (int64_t ic = 0; ic < c.filter_in; ++ic) {
        f(c.x.At(n, iy, ix, first_in + ic),
          ((ky * p.k_w + kx) * c.filter_in + ic) * p.out_c + oc, yi);
      }
    }
  });
}

StatusOr<ConvProblem> MakeConvProblem(const KernelContext& c,
                                      const std::vector<int64_t>& x,
                                      const std::vector<int64_t>& filter,
                                      const std::vector<int64_t>& y) {
  KILN_ASSIGN_OR_RETURN(WindowAttrs attrs,
                        ParseWindowAttrs(c.attrs, c.op(), false));
  KILN_ASSIGN_OR_RETURN(ConvGeometry g,
                        MakeConvGeometry(attrs, x, filter, &y, c.op()));
  return ConvProblem{g.window, InputLayout(g.window, attrs.nchw),
                     OutputLayout(g.window, attrs.nchw), g.filter_in, g.groups};
}

template <typename T>
void ConvKernel(const ConvProblem& conv, ConvPart part, const Tensor& a,
                const Tensor& b, Tensor& out) {
  using A = AccT<ComputeT<T>>;
  std::vector<A> acc(out.NumElements(), A(0));
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  // (a, b) are (x, filter), (filter, dy) and (x, dy) for the three parts.
  ForEachMac(conv, [&](int64_t xi, int64_t wi, int64_t yi) {
    switch (part) {
      case ConvPart::kOutput:
        acc[yi] = WrapAdd(acc[yi], WrapMul<A>(Load(pa, xi), Load(pb, wi)));
        break;
      case ConvPart::kInput:
        acc[xi] = WrapAdd(acc[xi], WrapMul<A>(Load(pb, yi), Load(pa, wi)));
        break;
      case ConvPart::kFilter:
        acc[wi] = WrapAdd(acc[wi], WrapMul<A>(Load(pa, xi), Load(pb, yi)));
        break;
    }
  });
  T* po = out.data<T>();
  for (int64_t i = 0; i < out.NumElements(); ++i) Store(po, i, acc[i]);
}

}  // namespace

Status EvalConv(KernelContext& c) {
  ConvPart part = ConvPart::kOutput;
  const Tensor *a = &c.inputs[0], *b = &c.inputs[1];
  Tensor& out = c.outputs[0];
  StatusOr<ConvProblem> conv = InvalidArgument("");
  const std::string& op = c.op();
  auto ends_with = [&](const std::string& suffix) {
    return op.size() >= suffix.size() &&
           op.compare(op.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (!ends_with("BackpropInput") && !ends_with("BackpropFilter")) {
    // The output was sized by the shape function; check it all the same.
    conv = MakeConvProblem(c, Dims(*a), Dims(*b), Dims(out));
  } else if (ends_with("BackpropInput")) {
    part = ConvPart::kInput;
    b = &c.inputs[2];
    a = &c.inputs[1];
    conv = MakeConvProblem(c, Dims(out), Dims(*a), Dims(*b));
  } else {
    part = ConvPart::kFilter;
    b = &c.inputs[2];
    conv = MakeConvProblem(c, Dims(*a), Dims(out), Dims(*b));
  }
  KILN_RETURN_IF_ERROR(conv.status());
  const bool ok = VisitNumber(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    ConvKernel<T>(*conv, part, *a, *b, out);
  });
  return ok ? OkStatus() : c.UnsupportedType(out.dtype());
}

}  // namespace reference
}  // namespace kiln
