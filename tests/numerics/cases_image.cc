// Numerics cases of ImageProjectiveTransformV3: every fill mode with both
// interpolations, per-image and shared transforms (rotations about the
// centre as Keras' RandomRotation builds them, shears, zooms and projective
// terms that reach far outside the image), other output sizes, integer
// images, and a transform whose denominator vanishes on a row.
#include <cmath>

#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {
namespace {

using tensorflow::DT_FLOAT;

// Keras' rotation by `angle` about the centre of an h x w image.
std::vector<double> Rotation(double angle, int64_t h, int64_t w) {
  const double c = std::cos(angle), s = std::sin(angle);
  const double x_offset = ((w - 1) - (c * (w - 1) - s * (h - 1))) / 2;
  const double y_offset = ((h - 1) - (s * (w - 1) + c * (h - 1))) / 2;
  return {c, -s, x_offset, s, c, y_offset, 0, 0};
}

std::vector<double> Rows(std::vector<std::vector<double>> rows) {
  std::vector<double> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  return flat;
}

}  // namespace

std::vector<Case> ImageTransformCases() {
  std::vector<Case> c;
  const std::vector<double> per_image =
      Rows({Rotation(0.7, 5, 6),
            {1.3, 0.4, -2.5, -0.3, 0.8, 1.7, 0, 0},
            {0.9, 0.1, 0.5, 0.2, 1.1, -0.5, 0.05, -0.04}});
  for (const char* mode : {"REFLECT", "WRAP", "CONSTANT", "NEAREST"}) {
    for (const char* interpolation : {"NEAREST", "BILINEAR"}) {
      const std::string name =
          std::string("image_transform_") + mode + "_" + interpolation;
      const std::vector<Attr> attrs = {
          StringAttr("interpolation", interpolation),
          StringAttr("fill_mode", mode)};
      c.push_back({name,
                   "ImageProjectiveTransformV3",
                   {F32({3, 5, 6, 2}), Values(DT_FLOAT, per_image, {3, 8}),
                    Ints({5, 6}), Values(DT_FLOAT, {0.25}, {})},
                   attrs});
      c.push_back(
          {name + "_shared_resized",
           "ImageProjectiveTransformV3",
           {F32({2, 4, 7, 1}), Values(DT_FLOAT, Rotation(-2.2, 4, 7), {1, 8}),
            Ints({6, 3}), Values(DT_FLOAT, {-1}, {})},
           attrs});
      c.push_back(
          {name + "_i32",
           "ImageProjectiveTransformV3",
           {I32({1, 6, 5, 3}).Range(0, 255),
            Values(DT_FLOAT, {0.6, -0.8, 3.1, 0.8, 0.6, -1.4, 0, 0}, {1, 8}),
            Ints({6, 5}), Values(DT_FLOAT, {7}, {})},
           attrs});
    }
  }
  // c1 = -1/2 makes the denominator 0 on output row 2: fill_value there.
  c.push_back({"image_transform_vanishing_denominator",
               "ImageProjectiveTransformV3",
               {F32({1, 4, 4, 1}),
                Values(DT_FLOAT, {1, 0, 0, 0, 1, 0, 0, -0.5}, {1, 8}),
                Ints({4, 4}), Values(DT_FLOAT, {3}, {})},
               {StringAttr("interpolation", "BILINEAR"),
                StringAttr("fill_mode", "CONSTANT")}});
  for (Case& k : c) k.tol = Tol::kReduction;
  return c;
}

}  // namespace numerics
}  // namespace kiln
