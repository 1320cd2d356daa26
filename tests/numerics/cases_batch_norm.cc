// Numerics cases of FusedBatchNormV3 and FusedBatchNormGradV3: training and
// inference, NHWC and NCHW (replayed as transposed NHWC), epsilon,
// exponential_avg_factor, half inputs, and mismatched channel counts.
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

}  // namespace numerics
}  // namespace kiln
