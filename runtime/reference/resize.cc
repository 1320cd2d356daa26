// Reference kernels of ResizeBilinear, ResizeNearestNeighbor and their
// gradients, with TensorFlow's sampling in float: scale = in / out, or
// (in - 1) / (out - 1) with align_corners; a source coordinate is
// (o + 0.5) scale - 0.5 with half_pixel_centers (bilinear; nearest drops the
// - 0.5), o scale otherwise. Bilinear reads floor/ceil of it (clamped) with
// weight frac; nearest floors it (rounds with align_corners) and clamps.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

struct Sampling {
  bool align = false, half = false;
};

float Scale(int64_t in, int64_t out, bool align) {
  return align && out > 1 ? (in - 1) / static_cast<float>(out - 1)
                          : in / static_cast<float>(out);
}

// The two source indices and the weight of the second, per output index.
struct Taps {
  std::vector<int64_t> lo, hi;
  std::vector<float> frac;
};

Taps BilinearTaps(int64_t in, int64_t out, const Sampling& s) {
  Taps t;
  const float scale = Scale(in, out, s.align);
  for (int64_t o = 0; o < out; ++o) {
    const float src = s.half ? (o + 0.5f) * scale - 0.5f : o * scale;
    const float base = std::floor(src);
    t.lo.push_back(std::max<int64_t>(static_cast<int64_t>(base), 0));
    t.hi.push_back(
        std::min<int64_t>(static_cast<int64_t>(std::ceil(src)), in - 1));
    t.frac.push_back(src - base);
  }
  return t;
}

std::vector<int64_t> NearestTaps(int64_t in, int64_t out, const Sampling& s) {
  std::vector<int64_t> t;
  const float scale = Scale(in, out, s.align);
  for (int64_t o = 0; o < out; ++o) {
    const float src = s.half ? (o + 0.5f) * scale : o * scale;
    int64_t i = std::min<int64_t>(
        static_cast<int64_t>(s.align ? std::round(src) : std::floor(src)),
        in - 1);
    if (s.half) i = std::max<int64_t>(i, 0);
    t.push_back(i);
  }
  return t;
}

// [n, h, w, c] index arithmetic.
struct Image {
  int64_t n, h, w, c;
  int64_t At(int64_t b, int64_t y, int64_t x, int64_t ch) const {
    return ((b * h + y) * w + x) * c + ch;
  }
};

Image Of(const Tensor& t) {
  return {t.dim_size(0), t.dim_size(1), t.dim_size(2), t.dim_size(3)};
}

// Calls f(out_index, in_index, weight) for every tap of every output pixel
// of a bilinear resize from `in` to `out`.
template <typename F>
void ForEachBilinearTap(const Image& in, const Image& out, const Sampling& s,
                        F&& f) {
  const Taps ty = BilinearTaps(in.h, out.h, s),
             tx = BilinearTaps(in.w, out.w, s);
  for (int64_t b = 0; b < out.n; ++b)
    for (int64_t y = 0; y < out.h; ++y)
      for (int64_t x = 0; x < out.w; ++x)
        for (int64_t ch = 0; ch < out.c; ++ch) {
          const int64_t o = out.At(b, y, x, ch);
          const float fy = ty.frac[y], fx = tx.frac[x];
          f(o, in.At(b, ty.lo[y], tx.lo[x], ch), (1 - fy) * (1 - fx));
          f(o, in.At(b, ty.lo[y], tx.hi[x], ch), (1 - fy) * fx);
          f(o, in.At(b, ty.hi[y], tx.lo[x], ch), fy * (1 - fx));
          f(o, in.At(b, ty.hi[y], tx.hi[x], ch), fy * fx);
        }
}

// Calls f(out_index, in_index) for every pixel of a nearest resize.
template <typename F>
void ForEachNearest(const Image& in, const Image& out, const Sampling& s,
                    F&& f) {
  const std::vector<int64_t> ty = NearestTaps(in.h, out.h, s),
                             tx = NearestTaps(in.w, out.w, s);
  for (int64_t b = 0; b < out.n; ++b)
    for (int64_t y = 0; y < out.h; ++y)
      for (int64_t x = 0; x < out.w; ++x)
        for (int64_t ch = 0; ch < out.c; ++ch)
          f(out.At(b, y, x, ch), in.At(b, ty[y], tx[x], ch));
}

// TensorFlow interpolates in float: top = tl + (tr - tl) fx, bottom likewise,
// out = top + (bottom - top) fy.
template <typename T>
void Bilinear(const Tensor& in, const Sampling& s, Tensor& out) {
  const Image src = Of(in), dst = Of(out);
  const Taps ty = BilinearTaps(src.h, dst.h, s),
             tx = BilinearTaps(src.w, dst.w, s);
  const T* p = in.data<T>();
  for (int64_t b = 0; b < dst.n; ++b)
    for (int64_t y = 0; y < dst.h; ++y)
      for (int64_t x = 0; x < dst.w; ++x)
        for (int64_t ch = 0; ch < dst.c; ++ch) {
          auto at = [&](int64_t yy, int64_t xx) {
            return static_cast<float>(Load(p, src.At(b, yy, xx, ch)));
          };
          const float tl = at(ty.lo[y], tx.lo[x]), tr = at(ty.lo[y], tx.hi[x]);
          const float bl = at(ty.hi[y], tx.lo[x]), br = at(ty.hi[y], tx.hi[x]);
          const float top = tl + (tr - tl) * tx.frac[x];
          const float bottom = bl + (br - bl) * tx.frac[x];
          out.data<float>()[dst.At(b, y, x, ch)] =
              top + (bottom - top) * ty.frac[y];
        }
}

// Sums each gradient into the pixels it was read from; `in` is the smaller
// (original) image, `grads` the resized one.
template <typename T, typename G>
void Scatter(const Tensor& grads, const Sampling& s, bool bilinear,
             Tensor& out) {
  using A = AccT<ComputeT<T>>;
  std::vector<A> acc(out.NumElements(), A(0));
  const G* g = grads.data<G>();
  if (bilinear) {
    ForEachBilinearTap(Of(out), Of(grads), s,
                       [&](int64_t o, int64_t i, float w) {
                         acc[i] += static_cast<A>(Load(g, o)) * w;
                       });
  } else {
    ForEachNearest(Of(out), Of(grads), s, [&](int64_t o, int64_t i) {
      acc[i] = WrapAdd<A>(acc[i], static_cast<A>(Load(g, o)));
    });
  }
  for (int64_t i = 0; i < out.NumElements(); ++i)
    Store(out.data<T>(), i, acc[i]);
}

}  // namespace

Status EvalResize(KernelContext& c) {
  const std::string& op = c.op();
  Sampling s;
  s.align = c.attrs.GetBool("align_corners").value_or(false);
  s.half = c.attrs.GetBool("half_pixel_centers").value_or(false);
  if (s.align && s.half) {
    return c.Error("align_corners and half_pixel_centers cannot both be true");
  }
  const Tensor& in = c.inputs[0];
  Tensor& out = c.outputs[0];
  if (in.dim_size(1) == 0 || in.dim_size(2) == 0) {
    return c.Error("cannot resize an image of zero height or width");
  }
  bool ok = true;
  if (op == "ResizeBilinear") {
    ok = VisitNumber(in.dtype(), [&](auto tag) {
      Bilinear<typename decltype(tag)::type>(in, s, out);
    });
  } else if (op == "ResizeNearestNeighbor") {
    const size_t size = DataTypeSize(in.dtype());
    ForEachNearest(Of(in), Of(out), s, [&](int64_t o, int64_t i) {
      std::memcpy(static_cast<char*>(out.raw_data()) + o * size,
                  static_cast<const char*>(in.raw_data()) + i * size, size);
    });
  } else if (op == "ResizeBilinearGrad") {
    ok = VisitFloat(out.dtype(), [&](auto tag) {
      Scatter<typename decltype(tag)::type, float>(in, s, true, out);
    });
  } else {
    ok = VisitNumber(out.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      Scatter<T, T>(in, s, false, out);
    });
  }
  return ok ? OkStatus() : c.UnsupportedType(in.dtype());
}

}  // namespace reference
}  // namespace kiln
