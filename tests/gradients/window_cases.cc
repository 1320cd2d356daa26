// Gradient cases of the windowed ops: Conv2D (VALID, SAME with strides and
// dilations, EXPLICIT, NCHW) and both its backprops to second order, which
// covers every conv gradient; DepthwiseConv2dNative likewise through its
// backprops; MaxPool to third order through MaxPoolGrad and
// MaxPoolGradGrad; AvgPool and AvgPoolGrad.
#include "frontend/ops/ops.h"
#include "tests/gradients/grad_check.h"

namespace kiln {
namespace gradcheck {
namespace {

using Attrs = ops::Conv2DAttrs;

GradCase ConvCase(const std::string& name, InputSpec x, InputSpec w,
                  std::vector<int64_t> strides, std::string padding,
                  Attrs attrs = {}) {
  return {name,
          {std::move(x), std::move(w)},
          [=](const Scope& s, const OutputList& in) {
            return ops::Conv2D(s, in[0], in[1], strides, padding, attrs);
          },
          true};
}

Output Sizes(const Scope& s, const std::vector<int64_t>& dims) {
  std::vector<int32_t> v(dims.begin(), dims.end());
  return ops::Const(s, v, Shape::Of({static_cast<int64_t>(v.size())}));
}

const std::vector<int64_t> kOnes = {1, 1, 1, 1};
const std::vector<int64_t> kTwos = {1, 2, 2, 1};

// Max pooling's inputs are spread wide so a finite-difference step never
// changes which tap is the maximum.
InputSpec Spread(std::vector<int64_t> dims) {
  return {std::move(dims), -50, 50};
}

}  // namespace

std::vector<GradCase> WindowCases() {
  std::vector<GradCase> c = {
      ConvCase("conv2d_valid", {{2, 5, 4, 3}}, {{3, 2, 3, 2}}, kOnes, "VALID"),
      ConvCase("conv2d_same_strided_dilated", {{1, 7, 6, 2}}, {{3, 2, 2, 3}},
               {1, 2, 3, 1}, "SAME", Attrs().Dilations({1, 2, 1, 1})),
      ConvCase("conv2d_explicit", {{1, 4, 5, 2}}, {{2, 3, 2, 2}}, kTwos,
               "EXPLICIT", Attrs().ExplicitPaddings({0, 0, 2, 1, 1, 0, 0, 0})),
      ConvCase("conv2d_nchw", {{2, 2, 5, 4}}, {{3, 3, 2, 2}}, {1, 1, 2, 1},
               "SAME", Attrs().DataFormat("NCHW")),
  };
  c.push_back({"conv2d_backprop_input",
               {{{3, 2, 3, 2}}, {{2, 4, 3, 2}}},
               [](const Scope& s, const OutputList& in) {
                 return ops::Conv2DBackpropInput(s, Sizes(s, {2, 7, 5, 3}),
                                                 in[0], in[1], kTwos, "SAME");
               },
               true});
  c.push_back({"conv2d_backprop_filter",
               {{{2, 6, 5, 3}}, {{2, 4, 3, 2}}},
               [](const Scope& s, const OutputList& in) {
                 return ops::Conv2DBackpropFilter(
                     s, in[0], Sizes(s, {3, 3, 3, 2}), in[1], kOnes, "VALID");
               },
               true});
  c.push_back({"depthwise_same_strided",
               {{{2, 6, 5, 3}}, {{3, 2, 3, 2}}},
               [](const Scope& s, const OutputList& in) {
                 return ops::DepthwiseConv2dNative(s, in[0], in[1], kTwos,
                                                   "SAME");
               },
               true});
  c.push_back(
      {"depthwise_nchw_dilated",
       {{{1, 2, 6, 6}}, {{2, 2, 2, 3}}},
       [](const Scope& s, const OutputList& in) {
         return ops::DepthwiseConv2dNative(
             s, in[0], in[1], kOnes, "VALID",
             ops::DepthwiseConv2dNativeAttrs().DataFormat("NCHW").Dilations(
                 {1, 1, 2, 2}));
       },
       true});
  // FusedBatchNormV3 takes float32 only: its float64 inputs are cast in
  // and out, so the differences are taken with a wider step. The mean and
  // variance inputs get no gradient (as in TensorFlow): constants here.
  // Second order through FusedBatchNormGradV3's composed gradient.
  for (const bool training : {true, false}) {
    for (const bool nchw : {false, true}) {
      GradCase bn{
          std::string(training ? "batch_norm_train" : "batch_norm_infer") +
              (nchw ? "_nchw" : ""),
          {{nchw ? std::vector<int64_t>{3, 4, 2, 3}
                 : std::vector<int64_t>{3, 2, 3, 4}},
           {{4}, 0.5, 2},
           {{4}}},
          [training, nchw](const Scope& s, const OutputList& in) {
            OutputList f;
            for (const Output& x : in) f.push_back(ops::Cast(s, x, DT_FLOAT));
            Output mean =
                ops::Const(s, {0.1f, -0.2f, 0.3f, 0.0f}, Shape::Of({4}));
            Output var =
                ops::Const(s, {1.5f, 0.5f, 2.0f, 1.0f}, Shape::Of({4}));
            auto y =
                ops::FusedBatchNormV3(s, f[0], f[1], f[2], mean, var,
                                      ops::FusedBatchNormV3Attrs()
                                          .Epsilon(1e-3f)
                                          .IsTraining(training)
                                          .DataFormat(nchw ? "NCHW" : "NHWC"));
            return ops::Cast(s, y.y, DT_DOUBLE);
          }};
      bn.step = 1e-2;
      bn.tolerance = 2e-3;
      bn.second_order = true;
      c.push_back(bn);
    }
  }
  // Both resizes to second order (their gradients are linear in the
  // gradient; the second order resizes again).
  for (const bool half : {false, true}) {
    c.push_back(
        {half ? "resize_bilinear_half_pixel" : "resize_bilinear_align",
         {{{2, 3, 4, 2}}},
         [half](const Scope& s, const OutputList& in) {
           Output x = ops::Cast(s, in[0], DT_FLOAT);
           Output y = ops::ResizeBilinear(
               s, x, {5, 7},
               ops::ResizeBilinearAttrs().AlignCorners(!half).HalfPixelCenters(
                   half));
           return ops::Cast(s, ops::Square(s, y), DT_DOUBLE);
         },
         false,
         2e-3,
         1e-2});
  }
  c.push_back(
      {"resize_nearest",
       {{{1, 4, 3, 2}}},
       [](const Scope& s, const OutputList& in) {
         return ops::Square(
             s, ops::ResizeNearestNeighbor(
                    s, in[0], {7, 5},
                    ops::ResizeNearestNeighborAttrs().HalfPixelCenters(true)));
       },
       true});
  c.push_back({"max_pool_same",
               {Spread({2, 5, 5, 2})},
               [](const Scope& s, const OutputList& in) {
                 return ops::MaxPool(s, in[0], {1, 3, 3, 1}, kTwos, "SAME");
               },
               true});
  c.push_back({"max_pool_explicit_nchw",
               {Spread({1, 2, 4, 5})},
               [](const Scope& s, const OutputList& in) {
                 return ops::MaxPool(
                     s, in[0], {1, 1, 2, 2}, {1, 1, 2, 2}, "EXPLICIT",
                     ops::MaxPoolAttrs().DataFormat("NCHW").ExplicitPaddings(
                         {0, 0, 0, 0, 1, 0, 0, 1}));
               },
               false});
  // MaxPoolGrad and MaxPoolGradGrad as functions of (x, grad), to second
  // order: each one's gradient is the other.
  c.push_back({"max_pool_grad",
               {Spread({1, 4, 6, 2}), {{1, 2, 3, 2}}},
               [](const Scope& s, const OutputList& in) {
                 Output y = ops::MaxPool(s, in[0], kTwos, kTwos, "VALID");
                 return ops::MaxPoolGrad(s, in[0], y, in[1], kTwos, kTwos,
                                         "VALID");
               },
               true});
  c.push_back({"max_pool_grad_grad",
               {Spread({1, 5, 4, 2}), {{1, 5, 4, 2}}},
               [](const Scope& s, const OutputList& in) {
                 const std::vector<int64_t> k = {1, 3, 2, 1};
                 Output y = ops::MaxPool(s, in[0], k, kTwos, "SAME");
                 return ops::MaxPoolGradGrad(s, in[0], y, in[1], k, kTwos,
                                             "SAME");
               },
               true});
  c.push_back({"avg_pool_same",
               {{{2, 5, 4, 3}}},
               [](const Scope& s, const OutputList& in) {
                 return ops::AvgPool(s, in[0], {1, 3, 2, 1}, kTwos, "SAME");
               },
               true});
  c.push_back({"avg_pool_nchw",
               {{{1, 3, 4, 4}}},
               [](const Scope& s, const OutputList& in) {
                 return ops::AvgPool(s, in[0], {1, 1, 2, 2}, {1, 1, 2, 2},
                                     "VALID",
                                     ops::AvgPoolAttrs().DataFormat("NCHW"));
               },
               true});
  c.push_back({"avg_pool_grad",
               {{{2, 3, 2, 2}}},
               [](const Scope& s, const OutputList& in) {
                 return ops::AvgPoolGrad(s, Sizes(s, {2, 5, 4, 2}), in[0],
                                         {1, 2, 3, 1}, kTwos, "SAME");
               },
               true});
  return c;
}

}  // namespace gradcheck
}  // namespace kiln
