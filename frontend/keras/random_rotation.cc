// RandomRotation: Keras' rotation matrices about the image centre, applied
// by ImageProjectiveTransformV3.
#include <cctype>
#include <cmath>

#include "frontend/gradients/grad_helpers.h"
#include "frontend/keras/augmentation.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {
namespace {

std::string Upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(ch));
  return s;
}

}  // namespace

Status RandomRotation::BuildWeights(const Scope&, const Shape& input_shape,
                                    uint64_t seed) {
  if (input_shape.unknown_rank || input_shape.rank() != 4 ||
      input_shape.dims[1] < 0 || input_shape.dims[2] < 0) {
    return InvalidArgument(
        "RandomRotation needs [batch, height, width, channels] with known "
        "height and width, not " +
        input_shape.ToString());
  }
  const std::string mode = options_.fill_mode;
  if (mode != "reflect" && mode != "wrap" && mode != "constant" &&
      mode != "nearest") {
    return InvalidArgument(
        "RandomRotation fill_mode must be \"reflect\", \"wrap\", "
        "\"constant\" or \"nearest\", not \"" +
        mode + "\"");
  }
  if (options_.interpolation != "bilinear" &&
      options_.interpolation != "nearest") {
    return InvalidArgument(
        "RandomRotation interpolation must be \"bilinear\" or \"nearest\", "
        "not \"" +
        options_.interpolation + "\"");
  }
  if (lower_ > upper_) {
    return InvalidArgument("RandomRotation needs lower <= upper, not " +
                           std::to_string(lower_) + " > " +
                           std::to_string(upper_));
  }
  if (options_.seed == 0) options_.seed = seed + 1;
  return OkStatus();
}

// [cos, -sin, x_offset, sin, cos, y_offset, 0, 0] per image, the offsets
// keeping the centre fixed:
//   x_offset = ((w - 1) - (cos (w - 1) - sin (h - 1))) / 2
//   y_offset = ((h - 1) - (sin (w - 1) + cos (h - 1))) / 2
Output RandomRotation::Transforms(const Scope& s, const Output& angles,
                                  int64_t height, int64_t width) const {
  const Output cos = ops::Cos(s, angles), sin = ops::Sin(s, angles);
  const Output h1 = grad::Scalar(s, height - 1, angles),
               w1 = grad::Scalar(s, width - 1, angles),
               half = grad::Scalar(s, 0.5, angles);
  auto offset = [&](const Output& extent, const Output& projected) {
    return ops::Mul(s, ops::Sub(s, extent, projected), half);
  };
  const Output x_offset =
      offset(w1, ops::Sub(s, ops::Mul(s, cos, w1), ops::Mul(s, sin, h1)));
  const Output y_offset =
      offset(h1, ops::AddV2(s, ops::Mul(s, sin, w1), ops::Mul(s, cos, h1)));
  const Output zeros = ops::ZerosLike(s, angles);
  return ops::Pack(
      s, {cos, ops::Neg(s, sin), x_offset, sin, cos, y_offset, zeros, zeros},
      ops::PackAttrs().Axis(1));
}

StatusOr<Output> RandomRotation::CallImpl(const Scope& s, const Output& x,
                                          bool training) {
  if (!training) return x;
  const int64_t height = x.shape().dims[1], width = x.shape().dims[2];
  Output batch = ops::Slice(s, ops::Shape(s, x), {0}, {1});
  Output u =
      ops::RandomUniform(s, batch, DT_FLOAT,
                         ops::RandomUniformAttrs().Seed(
                             static_cast<int64_t>(options_.seed & 0x7fffffff)));
  const double turn = 2 * M_PI;
  Output angles = ops::AddV2(
      s, ops::Mul(s, u, grad::Scalar(s, (upper_ - lower_) * turn, u)),
      grad::Scalar(s, lower_ * turn, u));
  Output y = ops::ImageProjectiveTransformV3(
      s, x, Transforms(s, angles, height, width),
      ops::Const(s,
                 {static_cast<int32_t>(height), static_cast<int32_t>(width)}),
      ops::Const(s, static_cast<float>(options_.fill_value)),
      Upper(options_.interpolation),
      ops::ImageProjectiveTransformV3Attrs().FillMode(
          Upper(options_.fill_mode)));
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

}  // namespace keras
}  // namespace kiln
