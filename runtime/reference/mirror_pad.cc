// Reference kernels of MirrorPad and MirrorPadGrad. Output index o of a dim
// with `before` padding reads input index i = o - before, mirrored into
// [0, n): REFLECT maps -1 to 1 and n to n - 2 (the edge not repeated),
// SYMMETRIC maps -1 to 0 and n to n - 1. MirrorPadGrad sums each padded
// position's gradient into the input position it was read from.
#include <cstring>

#include "runtime/graph/internal/shape_fns.h"
#include "runtime/reference/broadcast.h"
#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

int64_t Mirror(int64_t i, int64_t n, bool reflect) {
  if (i < 0) return reflect ? -i : -i - 1;
  if (i >= n) return reflect ? 2 * n - 2 - i : 2 * n - 1 - i;
  return i;
}

// Calls f(padded_offset, input_offset) for every element of the padded
// tensor of `padded` dims.
template <typename F>
void ForEachRead(const std::vector<int64_t>& input,
                 const std::vector<int64_t>& padded,
                 const std::vector<int64_t>& pads, bool reflect, F&& f) {
  const std::vector<int64_t> in_strides = RowMajorStrides(input);
  IndexWalker w(padded, {RowMajorStrides(padded)});
  int64_t count = 1;
  for (int64_t d : padded) count *= d;
  for (int64_t k = 0; k < count; ++k, w.Next()) {
    int64_t offset = 0;
    for (size_t d = 0; d < padded.size(); ++d) {
      offset +=
          Mirror(w.index()[d] - pads[2 * d], input[d], reflect) * in_strides[d];
    }
    f(k, offset);
  }
}

template <typename T>
void FoldGrad(const Tensor& dy, const std::vector<int64_t>& pads, bool reflect,
              Tensor& out) {
  using A = AccT<ComputeT<T>>;
  std::vector<A> acc(out.NumElements(), A(0));
  const T* g = dy.data<T>();
  ForEachRead(Dims(out), Dims(dy), pads, reflect, [&](int64_t k, int64_t i) {
    acc[i] = WrapAdd<A>(acc[i], Load(g, k));
  });
  for (int64_t i = 0; i < out.NumElements(); ++i)
    Store(out.data<T>(), i, acc[i]);
}

}  // namespace

Status EvalMirrorPad(KernelContext& c) {
  const bool grad = c.op() == "MirrorPadGrad";
  const std::string mode = c.attrs.GetString("mode").value_or("");
  if (mode != "REFLECT" && mode != "SYMMETRIC") {
    return c.Error("mode must be REFLECT or SYMMETRIC, not '" + mode + "'");
  }
  const bool reflect = mode == "REFLECT";
  const Tensor& in = c.inputs[0];
  Tensor& out = c.outputs[0];
  const std::vector<int64_t> pads = IntValues(c.inputs[1]);
  // The unpadded dims: the input's for MirrorPad, the output's for the grad.
  const std::vector<int64_t>& plain = grad ? Dims(out) : Dims(in);
  for (size_t d = 0; d < plain.size(); ++d) {
    const int64_t limit = reflect ? plain[d] - 1 : plain[d];
    if (pads[2 * d] > limit || pads[2 * d + 1] > limit) {
      return c.Error("paddings " + ValuesToString(pads) + " must be at most " +
                     (reflect ? "dim - 1" : "dim") + " for " + mode +
                     " of shape " + ValuesToString(plain));
    }
  }
  if (grad) {
    const bool ok = VisitNumber(out.dtype(), [&](auto tag) {
      FoldGrad<typename decltype(tag)::type>(in, pads, reflect, out);
    });
    return ok ? OkStatus() : c.UnsupportedType(out.dtype());
  }
  const size_t size = DataTypeSize(in.dtype());
  const char* src = static_cast<const char*>(in.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  ForEachRead(Dims(in), Dims(out), pads, reflect, [&](int64_t k, int64_t i) {
    std::memcpy(dst + k * size, src + i * size, size);
  });
  return OkStatus();
}

}  // namespace reference
}  // namespace kiln
