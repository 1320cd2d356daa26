// Numerics cases of FusedBatchNormV3 and FusedBatchNormGradV3 (training and
// inference, NHWC and NCHW (replayed as transposed NHWC), epsilon,
// exponential_avg_factor, half inputs, mismatched channel counts) and of the
// image resizing ops.
#include "tests/numerics/numerics_cases.h"

namespace kiln {
namespace numerics {
namespace {

std::vector<Attr> BnAttrs(bool training, bool nchw = false, double eps = 1e-3,
                          double factor = 1) {
  std::vector<Attr> a = {BoolAttr("is_training", training),
                         FloatAttr("epsilon", eps)};
  if (factor != 1) a.push_back(FloatAttr("exponential_avg_factor", factor));
  if (nchw) a.push_back(StringAttr("data_format", "NCHW"));
  return a;
}

// TensorFlow's two CPU kernels disagree on the reserve spaces: with oneDNN
// (its default) reserve_space_3 is [0] and in inference reserve_space_1/2
// are the mean and variance inputs (as Kiln's); its Eigen kernel (what the
// checker runs) makes reserve_space_3 a scalar and leaves 1/2 unwritten in
// inference. Those outputs are not compared.
Case Bn(std::string name, std::vector<Input> in, std::vector<Attr> attrs) {
  const bool training = attrs[0].b;
  Case c{std::move(name), "FusedBatchNormV3", std::move(in), std::move(attrs)};
  c.tol = Tol::kReduction;
  c.unspecified = training ? std::vector<int>{5} : std::vector<int>{3, 4, 5};
  return c;
}

Case BnGrad(std::string name, std::vector<Input> in, std::vector<Attr> attrs) {
  Case c{std::move(name), "FusedBatchNormGradV3", std::move(in),
         std::move(attrs)};
  c.tol = Tol::kReduction;
  return c;
}

// x [n, h, w, c] (or NCHW) and its four [c] vectors; variance positive.
std::vector<Input> Forward(std::vector<int64_t> x, int64_t c,
                           DataType dtype = tensorflow::DT_FLOAT) {
  return {Of(dtype, x), F32({c}).Range(0.5, 2), F32({c}), F32({c}),
          F32({c}).Range(0.5, 2)};
}

std::vector<Input> Backward(std::vector<int64_t> x, int64_t c) {
  return {
      F32(x),  F32(x), F32({c}).Range(0.5, 2), F32({c}), F32({c}).Range(0.5, 2),
      F32({0})};
}

}  // namespace

std::vector<Case> BatchNormCases() {
  std::vector<Case> c;
  c.push_back(Bn("batch_norm_train", Forward({4, 3, 5, 6}, 6), BnAttrs(true)));
  c.push_back(Bn("batch_norm_train_nchw", Forward({3, 4, 5, 2}, 4),
                 BnAttrs(true, true)));
  c.push_back(Bn("batch_norm_train_avg_factor", Forward({2, 3, 3, 5}, 5),
                 BnAttrs(true, false, 1e-4, 0.3)));
  c.push_back(Bn("batch_norm_infer", Forward({2, 4, 4, 3}, 3), BnAttrs(false)));
  c.push_back(Bn("batch_norm_infer_nchw", Forward({2, 3, 4, 4}, 3),
                 BnAttrs(false, true, 1e-2)));
  c.push_back(Bn("batch_norm_train_f16",
                 Forward({2, 3, 4, 3}, 3, tensorflow::DT_HALF), BnAttrs(true)));
  c.push_back(Bn("batch_norm_wrong_channels",
                 {F32({2, 3, 3, 4}), F32({3}), F32({3}), F32({3}), F32({3})},
                 BnAttrs(false)));
  c.push_back(BnGrad("batch_norm_grad_train", Backward({3, 4, 2, 5}, 5),
                     BnAttrs(true)));
  c.push_back(BnGrad("batch_norm_grad_train_nchw", Backward({2, 3, 4, 4}, 3),
                     BnAttrs(true, true)));
  c.push_back(BnGrad("batch_norm_grad_infer", Backward({2, 3, 3, 4}, 4),
                     BnAttrs(false, false, 1e-2)));
  return c;
}

// ResizeBilinear/NearestNeighbor up and down, legacy, align_corners and
// half_pixel_centers sampling, integer images; both gradients.
std::vector<Case> ResizeCases() {
  std::vector<Case> c;
  struct Mode {
    const char* name;
    bool align, half;
  };
  for (const Mode m : {Mode{"legacy", false, false}, Mode{"align", true, false},
                       Mode{"half", false, true}}) {
    const std::vector<Attr> attrs = {BoolAttr("align_corners", m.align),
                                     BoolAttr("half_pixel_centers", m.half)};
    const std::string mode = m.name;
    c.push_back({"resize_bilinear_up_" + mode,
                 "ResizeBilinear",
                 {F32({2, 3, 4, 2}), Ints({7, 5})},
                 attrs});
    c.push_back({"resize_bilinear_down_i32_" + mode,
                 "ResizeBilinear",
                 {I32({1, 7, 6, 3}).Range(0, 255), Ints({3, 4})},
                 attrs});
    c.push_back({"resize_nearest_up_" + mode,
                 "ResizeNearestNeighbor",
                 {F32({2, 3, 4, 1}), Ints({8, 7})},
                 attrs});
    c.push_back({"resize_nearest_down_i64_" + mode,
                 "ResizeNearestNeighbor",
                 {I64({1, 9, 7, 2}), Ints({4, 3})},
                 attrs});
    c.push_back({"resize_bilinear_grad_" + mode,
                 "ResizeBilinearGrad",
                 {F32({2, 7, 5, 2}), F32({2, 3, 4, 2})},
                 attrs});
    c.push_back({"resize_nearest_grad_" + mode,
                 "ResizeNearestNeighborGrad",
                 {F32({1, 8, 7, 3}), Ints({3, 4})},
                 attrs});
  }
  c.push_back({"resize_both_modes",
               "ResizeBilinear",
               {F32({1, 2, 2, 1}), Ints({4, 4})},
               {BoolAttr("align_corners", true),
                BoolAttr("half_pixel_centers", true)}});
  for (Case& k : c) k.tol = Tol::kReduction;
  return c;
}

}  // namespace numerics
}  // namespace kiln
