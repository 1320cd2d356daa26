#include "frontend/keras/augmentation.h"

#include "frontend/gradients/grad_helpers.h"
#include "frontend/ops/ops.h"

namespace kiln {
namespace keras {
namespace {

Status Needs4D(const Shape& input, const std::string& layer) {
  if (input.unknown_rank || input.rank() != 4) {
    return InvalidArgument(layer +
                           " needs [batch, height, width, channels], "
                           "not " +
                           input.ToString());
  }
  return OkStatus();
}

ops::RandomUniformAttrs Seeded(uint64_t seed) {
  return ops::RandomUniformAttrs().Seed(
      static_cast<int64_t>(seed & 0x7fffffff));
}

}  // namespace

Status RandomFlip::BuildWeights(const Scope&, const Shape& input_shape,
                                uint64_t seed) {
  KILN_RETURN_IF_ERROR(Needs4D(input_shape, type()));
  if (mode_ != "horizontal" && mode_ != "vertical" &&
      mode_ != "horizontal_and_vertical") {
    return InvalidArgument(
        "RandomFlip mode must be \"horizontal\", "
        "\"vertical\" or \"horizontal_and_vertical\", not \"" +
        mode_ + "\"");
  }
  if (seed_ == 0) seed_ = seed + 1;
  return OkStatus();
}

Output RandomFlip::FlipSome(const Scope& s, const Output& x, int axis,
                            uint64_t seed) const {
  // One coin per image: uniform [batch] < 0.5, shaped [batch, 1, 1, 1] by a
  // constant Reshape so the compiler sees the dims that broadcast.
  Output batch = ops::Slice(s, ops::Shape(s, x), {0}, {1});
  Output coin = ops::Reshape(
      s, ops::RandomUniform(s, batch, x.dtype(), Seeded(seed)), {-1, 1, 1, 1});
  Output flip = ops::Less(s, coin, grad::Scalar(s, 0.5, x));
  return ops::SelectV2(s, flip, ops::ReverseV2(s, x, {axis}), x);
}

StatusOr<Output> RandomFlip::CallImpl(const Scope& s, const Output& x,
                                      bool training) {
  if (!training) return x;
  Output y = x;
  if (mode_ != "vertical") y = FlipSome(s, y, 2, seed_);
  if (mode_ != "horizontal") y = FlipSome(s, y, 1, seed_ + 7);
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

StatusOr<Shape> RandomCrop::OutputShape(const Shape& input) const {
  KILN_RETURN_IF_ERROR(Needs4D(input, type()));
  if ((input.dims[1] >= 0 && input.dims[1] < height_) ||
      (input.dims[2] >= 0 && input.dims[2] < width_) || height_ <= 0 ||
      width_ <= 0) {
    return InvalidArgument("RandomCrop of " + std::to_string(height_) + "x" +
                           std::to_string(width_) + " does not fit " +
                           input.ToString());
  }
  return Shape::Of({input.dims[0], height_, width_, input.dims[3]});
}

Status RandomCrop::BuildWeights(const Scope&, const Shape& input_shape,
                                uint64_t seed) {
  KILN_RETURN_IF_ERROR(OutputShape(input_shape).status());
  if (input_shape.dims[1] < 0 || input_shape.dims[2] < 0) {
    return InvalidArgument("RandomCrop needs known height and width");
  }
  if (seed_ == 0) seed_ = seed + 1;
  return OkStatus();
}

// begin = [0, oy, ox, 0] with oy uniform in [0, H - height] (the centre in
// inference); size = [-1, height, width, channels].
StatusOr<Output> RandomCrop::CallImpl(const Scope& s, const Output& x,
                                      bool training) {
  KILN_RETURN_IF_ERROR(OutputShape(x.shape()).status());
  const int64_t room_h = x.shape().dims[1] - height_;
  const int64_t room_w = x.shape().dims[2] - width_;
  Output offsets;
  if (training) {
    // floor(u * (room + 1)) for u uniform in [0, 1): each offset equally
    // likely.
    Output u = ops::RandomUniform(s, {2}, DT_FLOAT, Seeded(seed_));
    Output scaled = ops::Mul(s, u,
                             ops::Const(s, {static_cast<float>(room_h + 1),
                                            static_cast<float>(room_w + 1)}));
    offsets = ops::Cast(s, scaled, DT_INT32);  // truncation: floor here
  } else {
    offsets = ops::Const(s, {static_cast<int32_t>(room_h / 2),
                             static_cast<int32_t>(room_w / 2)});
  }
  Output begin =
      ops::ConcatV2(s, {ops::Const(s, {0}), offsets, ops::Const(s, {0})}, 0);
  Output y =
      ops::Slice(s, x, begin,
                 ops::Const(s, {-1, static_cast<int32_t>(height_),
                                static_cast<int32_t>(width_),
                                static_cast<int32_t>(x.shape().dims[3])}));
  KILN_RETURN_IF_ERROR(s.status());
  return y;
}

}  // namespace keras
}  // namespace kiln
