// Reference kernel of ImageProjectiveTransformV3, TensorFlow's sampling in
// float: output point (x, y) reads input point ((a0 x + a1 y + a2) / k,
// (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1 (k == 0: fill_value). The
// point's coordinates are first mapped by fill_mode, as scipy.ndimage:
// REFLECT [dcba|abcd|dcba], WRAP [abcd|abcd|abcd], NEAREST clamps, CONSTANT
// leaves them (taps outside read fill_value). NEAREST interpolation rounds
// half away from zero; BILINEAR weighs the four taps around the point.
#include <cmath>

#include "runtime/reference/kernels.h"

namespace kiln {
namespace reference {
namespace {

enum class FillMode { kReflect, kWrap, kConstant, kNearest };

float Clamp(float v, int64_t len) {
  return std::min(std::max(v, 0.0f), static_cast<float>(len - 1));
}

float Reflect(float in, int64_t len) {
  if (in < 0) {
    if (len <= 1) return 0;
    const int64_t sz2 = 2 * len;
    if (in < sz2) in = sz2 * static_cast<int64_t>(-in / sz2) + in;
    in = in < -len ? in + sz2 : -in - 1;
  } else if (in > len - 1) {
    if (len <= 1) return 0;
    const int64_t sz2 = 2 * len;
    in -= sz2 * static_cast<int64_t>(in / sz2);
    if (in >= len) in = sz2 - in - 1;
  }
  return Clamp(in, len);
}

float Wrap(float in, int64_t len) {
  if (in < 0) {
    if (len <= 1) return 0;
    in += len * (static_cast<int64_t>(-in / (len - 1)) + 1);
  } else if (in > len - 1) {
    if (len <= 1) return 0;
    in -= len * static_cast<int64_t>(in / (len - 1));
  }
  return Clamp(in, len);
}

float MapCoordinate(float in, int64_t len, FillMode mode) {
  switch (mode) {
    case FillMode::kReflect:
      return Reflect(in, len);
    case FillMode::kWrap:
      return Wrap(in, len);
    case FillMode::kNearest:
      return Clamp(in, len);
    case FillMode::kConstant:
      break;
  }
  return in;
}

struct Transform {
  int64_t n, h, w, c, out_h, out_w;
  FillMode mode;
  bool bilinear;
};

template <typename T>
void Apply(const KernelContext& c, const Transform& t, T* out) {
  const T* in = c.inputs[0].data<T>();
  const float* transforms = c.inputs[1].data<float>();
  const bool shared = c.inputs[1].dim_size(0) == 1;
  const T fill = static_cast<T>(c.inputs[3].data<float>()[0]);
  auto read = [&](int64_t b, int64_t y, int64_t x, int64_t ch) {
    return 0 <= y && y < t.h && 0 <= x && x < t.w
               ? in[((b * t.h + y) * t.w + x) * t.c + ch]
               : fill;
  };
  int64_t o = 0;
  for (int64_t b = 0; b < t.n; ++b) {
    const float* m = transforms + (shared ? 0 : 8 * b);
    for (int64_t oy = 0; oy < t.out_h; ++oy)
      for (int64_t ox = 0; ox < t.out_w; ++ox) {
        const float k = m[6] * ox + m[7] * oy + 1.f;
        const float x = MapCoordinate((m[0] * ox + m[1] * oy + m[2]) / k, t.w,
                                      t.mode),
                    y = MapCoordinate((m[3] * ox + m[4] * oy + m[5]) / k, t.h,
                                      t.mode);
        for (int64_t ch = 0; ch < t.c; ++ch, ++o) {
          if (k == 0) {
            out[o] = fill;
          } else if (!t.bilinear) {
            out[o] = read(b, static_cast<int64_t>(std::round(y)),
                          static_cast<int64_t>(std::round(x)), ch);
          } else {
            const float y0 = std::floor(y), x0 = std::floor(x);
            const float y1 = y0 + 1, x1 = x0 + 1;
            auto at = [&](float yy, float xx) {
              return static_cast<float>(read(b, static_cast<int64_t>(yy),
                                             static_cast<int64_t>(xx), ch));
            };
            const float top = (x1 - x) * at(y0, x0) + (x - x0) * at(y0, x1);
            const float bottom = (x1 - x) * at(y1, x0) + (x - x0) * at(y1, x1);
            out[o] = static_cast<T>((y1 - y) * top + (y - y0) * bottom);
          }
        }
      }
  }
}

StatusOr<FillMode> ParseFillMode(const KernelContext& c) {
  const std::string mode = c.attrs.GetString("fill_mode").value_or("CONSTANT");
  if (mode == "REFLECT") return FillMode::kReflect;
  if (mode == "WRAP") return FillMode::kWrap;
  if (mode == "CONSTANT") return FillMode::kConstant;
  if (mode == "NEAREST") return FillMode::kNearest;
  return c.Error("fill_mode must be REFLECT, WRAP, CONSTANT or NEAREST, not '" +
                 mode + "'");
}

}  // namespace

Status EvalImageTransform(KernelContext& c) {
  const Tensor& images = c.inputs[0];
  const Tensor& transforms = c.inputs[1];
  Transform t;
  t.n = images.dim_size(0);
  t.h = images.dim_size(1);
  t.w = images.dim_size(2);
  t.c = images.dim_size(3);
  t.out_h = c.outputs[0].dim_size(1);
  t.out_w = c.outputs[0].dim_size(2);
  if (transforms.dim_size(1) != 8 ||
      (transforms.dim_size(0) != 1 && transforms.dim_size(0) != t.n)) {
    return c.Error("transforms must be [1, 8] or [" + std::to_string(t.n) +
                   ", 8], not " + transforms.shape().ToString());
  }
  if (c.inputs[3].NumElements() != 1) {
    return c.Error("fill_value must be a scalar, not " +
                   c.inputs[3].shape().ToString());
  }
  KILN_ASSIGN_OR_RETURN(t.mode, ParseFillMode(c));
  const std::string interpolation =
      c.attrs.GetString("interpolation").value_or("");
  if (interpolation != "NEAREST" && interpolation != "BILINEAR") {
    return c.Error("interpolation must be NEAREST or BILINEAR, not '" +
                   interpolation + "'");
  }
  t.bilinear = interpolation == "BILINEAR";
  const bool ok = VisitNumber(images.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    Apply<T>(c, t, c.outputs[0].data<T>());
  });
  return ok ? OkStatus() : c.UnsupportedType(images.dtype());
}

}  // namespace reference
}  // namespace kiln
