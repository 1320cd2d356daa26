// Convolution and pooling layers: Conv2D, DepthwiseConv2D and
// SeparableConv2D against host convolutions of their own kernels (SAME,
// strides, bias, relu), channels_first agreeing with
// channels_last, pooling and global pooling against host formulas, Reshape's
// shapes and errors, a small CNN that learns a synthetic image task, and
// Embedding's lookups and training.
#include "frontend/keras/conv_layers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "frontend/train/optimizers.h"
#include "tests/keras/keras_util.h"

namespace kiln {
namespace keras {
namespace {

Tensor RandomTensor(std::vector<int64_t> dims, uint64_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create(dims).value()).value();
  for (float& v : t.flat<float>()) v = u(rng);
  return t;
}

// Builds `layer` on a placeholder "x" of `shape` and runs it on `x`.
Tensor Apply(Layer& layer, const Shape& shape, const Tensor& x) {
  Scope root = Scope::NewRootScope();
  auto in = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, shape);
  StatusOr<Output> y = layer(root, in, false, 7);
  INFO(y.status().ToString());
  REQUIRE(y.ok());
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  for (const Variable& w : layer.weights())
    w.Initialize((*session)->variables());
  std::vector<Tensor> out;
  Status s = (*session)->Run({{"x", x}}, {y->name()}, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return out[0];
}

TEST_CASE("Conv2D computes relu(conv(x, kernel) + bias)", "[layers]") {
  Conv2DOptions o;
  o.strides = {2, 1};
  o.padding = "same";
  o.activation = "relu";
  o.bias_initializer = initializers::Constant(0.25);
  Conv2D conv(4, Window{3, 2}, o);
  const Tensor x = RandomTensor({2, 7, 5, 3}, 1);
  const Tensor y = Apply(conv, Shape::Of({-1, 7, 5, 3}), x);
  CHECK(conv.CountParams() == 3 * 2 * 3 * 4 + 4);
  REQUIRE(y.shape().dim_sizes() == std::vector<int64_t>{2, 4, 5, 4});
  CHECK(conv.OutputShape(Shape::Of({-1, 7, 5, 3}))->ToString() == "[?,4,5,4]");
  const float* k = conv.weights()[0].initial_value().flat<float>().data();
  // SAME: rows pad (3 - 1 + 4*2 - 7 ... ) -> pad_top = 1; columns pad 0/1.
  const int pad_top = ((4 - 1) * 2 + 3 - 7) / 2,
            pad_left = ((5 - 1) + 2 - 5) / 2;
  for (int n = 0; n < 2; ++n)
    for (int oy = 0; oy < 4; ++oy)
      for (int ox = 0; ox < 5; ++ox)
        for (int oc = 0; oc < 4; ++oc) {
          double sum = 0.25;
          for (int ky = 0; ky < 3; ++ky)
            for (int kx = 0; kx < 2; ++kx)
              for (int ic = 0; ic < 3; ++ic) {
                const int iy = oy * 2 - pad_top + ky, ix = ox - pad_left + kx;
                if (iy < 0 || iy >= 7 || ix < 0 || ix >= 5) continue;
                sum += x.flat<float>()[((n * 7 + iy) * 5 + ix) * 3 + ic] *
                       k[((ky * 2 + kx) * 3 + ic) * 4 + oc];
              }
          const float got = y.flat<float>()[((n * 4 + oy) * 5 + ox) * 4 + oc];
          CHECK(got == Approx(std::max(sum, 0.0)).margin(1e-5));
        }
}

// y[n, t, f] = b + sum_k,c x[n, t * stride + k * dilation - pad, c] w[k, c, f]
TEST_CASE("Conv1D convolves along the steps (valid, same, causal)",
          "[layers]") {
  struct Case {
    std::string padding;
    int64_t stride, dilation, out, pad;
  };
  for (const Case& k : {Case{"valid", 1, 1, 7, 0}, Case{"same", 2, 1, 5, 1},
                        Case{"causal", 1, 2, 9, 4}}) {
    INFO(k.padding);
    Conv2DOptions o;
    o.padding = k.padding;
    o.strides = {1, k.stride};
    o.dilation_rate = {1, k.dilation};
    o.bias_initializer = initializers::Constant(0.5);
    Conv1D conv(2, 3, o);
    const Tensor x = RandomTensor({2, 9, 3}, 12);
    const Tensor y = Apply(conv, Shape::Of({-1, 9, 3}), x);
    REQUIRE(y.shape().dim_sizes() == std::vector<int64_t>{2, k.out, 2});
    const float* w = conv.weights()[0].initial_value().flat<float>().data();
    for (int n = 0; n < 2; ++n)
      for (int t = 0; t < k.out; ++t)
        for (int f = 0; f < 2; ++f) {
          double sum = 0.5;
          for (int j = 0; j < 3; ++j)
            for (int c = 0; c < 3; ++c) {
              const int64_t i = t * k.stride + j * k.dilation - k.pad;
              if (i < 0 || i >= 9) continue;
              sum +=
                  x.flat<float>()[(n * 9 + i) * 3 + c] * w[(j * 3 + c) * 2 + f];
            }
          CHECK(y.flat<float>()[(n * k.out + t) * 2 + f] ==
                Approx(sum).margin(1e-5));
        }
  }
}

TEST_CASE("channels_first convolves as channels_last", "[layers]") {
  Conv2DOptions last, first;
  first.data_format = "channels_first";
  Conv2D a(3, Window{2, 2}, last), b(3, Window{2, 2}, first);
  const Tensor x = RandomTensor({1, 4, 5, 2}, 2);  // NHWC
  Tensor x_nchw = RandomTensor({1, 2, 4, 5}, 3);
  for (int c = 0; c < 2; ++c)
    for (int h = 0; h < 4; ++h)
      for (int w = 0; w < 5; ++w)
        x_nchw.flat<float>()[(c * 4 + h) * 5 + w] =
            x.flat<float>()[(h * 5 + w) * 2 + c];
  const Tensor ya = Apply(a, Shape::Of({1, 4, 5, 2}), x);
  const Tensor yb = Apply(b, Shape::Of({1, 2, 4, 5}), x_nchw);  // same seed
  REQUIRE(yb.shape().dim_sizes() == std::vector<int64_t>{1, 3, 3, 4});
  for (int c = 0; c < 3; ++c)
    for (int h = 0; h < 3; ++h)
      for (int w = 0; w < 4; ++w)
        CHECK(yb.flat<float>()[(c * 3 + h) * 4 + w] ==
              Approx(ya.flat<float>()[(h * 4 + w) * 3 + c]).margin(1e-5));
}

TEST_CASE("DepthwiseConv2D convolves each channel with its own filters",
          "[layers]") {
  Conv2DOptions o;
  o.bias_initializer = initializers::Constant(-0.5);
  DepthwiseConv2D dw(Window{2, 3}, /*depth_multiplier=*/2, o);
  const Tensor x = RandomTensor({2, 5, 6, 3}, 8);
  const Tensor y = Apply(dw, Shape::Of({-1, 5, 6, 3}), x);
  REQUIRE(y.shape().dim_sizes() == std::vector<int64_t>{2, 4, 4, 6});
  CHECK(dw.CountParams() == 2 * 3 * 3 * 2 + 6);
  const float* k = dw.weights()[0].initial_value().flat<float>().data();
  for (int n = 0; n < 2; ++n)
    for (int oy = 0; oy < 4; ++oy)
      for (int ox = 0; ox < 4; ++ox)
        for (int c = 0; c < 3; ++c)
          for (int m = 0; m < 2; ++m) {
            double sum = -0.5;
            for (int ky = 0; ky < 2; ++ky)
              for (int kx = 0; kx < 3; ++kx)
                sum +=
                    x.flat<float>()[((n * 5 + oy + ky) * 6 + ox + kx) * 3 + c] *
                    k[((ky * 3 + kx) * 3 + c) * 2 + m];
            const float got =
                y.flat<float>()[((n * 4 + oy) * 4 + ox) * 6 + c * 2 + m];
            CHECK(got == Approx(sum).margin(1e-5));
          }
}

TEST_CASE("SeparableConv2D is a depthwise then a pointwise convolution",
          "[layers]") {
  Conv2DOptions o;
  o.padding = "same";
  SeparableConv2D sep(4, Window{3, 3}, o);
  const Tensor x = RandomTensor({1, 4, 5, 2}, 9);
  const Tensor y = Apply(sep, Shape::Of({-1, 4, 5, 2}), x);
  REQUIRE(y.shape().dim_sizes() == std::vector<int64_t>{1, 4, 5, 4});
  REQUIRE(sep.weights().size() == 3);
  CHECK(sep.CountParams() == 3 * 3 * 2 + 2 * 4 + 4);
  const float* dk = sep.weights()[0].initial_value().flat<float>().data();
  const float* pk = sep.weights()[1].initial_value().flat<float>().data();
  for (int oy = 0; oy < 4; ++oy)
    for (int ox = 0; ox < 5; ++ox) {
      double mid[2] = {0, 0};
      for (int c = 0; c < 2; ++c)
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) {
            const int iy = oy - 1 + ky, ix = ox - 1 + kx;
            if (iy < 0 || iy >= 4 || ix < 0 || ix >= 5) continue;
            mid[c] += x.flat<float>()[(iy * 5 + ix) * 2 + c] *
                      dk[(ky * 3 + kx) * 2 + c];
          }
      for (int f = 0; f < 4; ++f) {
        const double want = mid[0] * pk[f] + mid[1] * pk[4 + f];
        CHECK(y.flat<float>()[(oy * 5 + ox) * 4 + f] ==
              Approx(want).margin(1e-5));
      }
    }
}

TEST_CASE("pooling layers take window maxima and means", "[layers]") {
  const Tensor x = RandomTensor({2, 5, 4, 3}, 4);
  MaxPooling2D max_pool;  // 2x2, stride 2, valid: 5x4 -> 2x2
  AveragePooling2D avg_pool;
  GlobalAveragePooling2D global;
  const Tensor ym = Apply(max_pool, Shape::Of({-1, 5, 4, 3}), x);
  const Tensor ya = Apply(avg_pool, Shape::Of({-1, 5, 4, 3}), x);
  const Tensor yg = Apply(global, Shape::Of({-1, 5, 4, 3}), x);
  REQUIRE(ym.shape().dim_sizes() == std::vector<int64_t>{2, 2, 2, 3});
  REQUIRE(yg.shape().dim_sizes() == std::vector<int64_t>{2, 3});
  auto at = [&](int n, int h, int w, int c) {
    return x.flat<float>()[((n * 5 + h) * 4 + w) * 3 + c];
  };
  for (int n = 0; n < 2; ++n)
    for (int c = 0; c < 3; ++c) {
      double all = 0;
      for (int h = 0; h < 5; ++h)
        for (int w = 0; w < 4; ++w) all += at(n, h, w, c);
      CHECK(yg.flat<float>()[n * 3 + c] == Approx(all / 20).margin(1e-5));
      for (int oy = 0; oy < 2; ++oy)
        for (int ox = 0; ox < 2; ++ox) {
          float m = -1e9f;
          double s = 0;
          for (int dy = 0; dy < 2; ++dy)
            for (int dx = 0; dx < 2; ++dx) {
              m = std::max(m, at(n, oy * 2 + dy, ox * 2 + dx, c));
              s += at(n, oy * 2 + dy, ox * 2 + dx, c);
            }
          const int i = ((n * 2 + oy) * 2 + ox) * 3 + c;
          CHECK(ym.flat<float>()[i] == m);
          CHECK(ya.flat<float>()[i] == Approx(s / 4).margin(1e-5));
        }
    }
  Pooling2DOptions same;
  same.padding = "same";
  same.strides = Window{1, 1};
  CHECK(MaxPooling2D({3, 3}, same)
            .OutputShape(Shape::Of({-1, 5, 4, 3}))
            ->ToString() == "[?,5,4,3]");
  same.padding = "full";
  CHECK_FALSE(
      MaxPooling2D({3, 3}, same).OutputShape(Shape::Of({-1, 5, 4, 3})).ok());
  Pooling2DOptions stride1;
  stride1.strides = Window{1, 1};
  CHECK_FALSE(
      MaxPooling2D({3, 3}, stride1).OutputShape(Shape::Of({-1, 1, 4, 3})).ok());
}

TEST_CASE("Reshape keeps the batch and fills one -1", "[layers]") {
  CHECK(Reshape({28, 28, 1}).OutputShape(Shape::Of({-1, 784}))->ToString() ==
        "[?,28,28,1]");
  CHECK(Reshape({-1, 4}).OutputShape(Shape::Of({5, 2, 6}))->ToString() ==
        "[5,3,4]");
  CHECK_FALSE(Reshape({5, 5}).OutputShape(Shape::Of({-1, 24})).ok());
  CHECK_FALSE(Reshape({-1, -1}).OutputShape(Shape::Of({-1, 24})).ok());
}

// 8x8 images, one bright 2x2 patch; the class is the patch's quadrant.
void Quadrants(int64_t n, uint64_t seed, Tensor* x, Tensor* y) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0, 0.3f);
  *x = Tensor::Allocate(DT_FLOAT, TensorShape::Create({n, 8, 8, 1}).value())
           .value();
  *y = Tensor::Allocate(DT_INT32, TensorShape::Create({n}).value()).value();
  for (int64_t i = 0; i < n; ++i) {
    const int q = rng() % 4, r0 = (q / 2) * 4 + rng() % 3,
              c0 = (q % 2) * 4 + rng() % 3;
    y->flat<int32_t>()[i] = q;
    for (int r = 0; r < 8; ++r)
      for (int c = 0; c < 8; ++c) {
        const bool on = r >= r0 && r < r0 + 2 && c >= c0 && c < c0 + 2;
        x->flat<float>()[(i * 8 + r) * 8 + c] = (on ? 2.f : 0.f) + noise(rng);
      }
  }
}

TEST_CASE("a small CNN learns where the patch is", "[keras]") {
  auto model = std::make_unique<Sequential>(
      std::vector<std::shared_ptr<Layer>>{
          std::make_shared<Conv2D>(8, Window{3, 3},
                                   [] {
                                     Conv2DOptions o;
                                     o.activation = "relu";
                                     o.padding = "same";
                                     return o;
                                   }()),
          std::make_shared<MaxPooling2D>(),
          std::make_shared<AveragePooling2D>(), std::make_shared<Flatten>(),
          std::make_shared<Dense>(4, "softmax")},
      Shape::Of({8, 8, 1}));
  CompileClassifier(*model, 0.01, 5);
  Tensor x, y, tx, ty;
  Quadrants(512, 1, &x, &y);
  Quadrants(256, 2, &tx, &ty);
  CHECK(FitAndScore(*model, x, y, 6, 32, tx, ty) > 0.9);
}

TEST_CASE("Embedding looks rows up and learns them", "[layers]") {
  Embedding embedding(10, 4);
  Tensor ids =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({2, 3}).value()).value();
  const float values[] = {0, 9, 3, 3, 1, 7};
  for (int i = 0; i < 6; ++i) ids.flat<float>()[i] = values[i];
  const Tensor y = Apply(embedding, Shape::Of({-1, 3}), ids);
  REQUIRE(y.shape().dim_sizes() == std::vector<int64_t>{2, 3, 4});
  const float* table =
      embedding.weights()[0].initial_value().flat<float>().data();
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 4; ++j)
      CHECK(y.flat<float>()[i * 4 + j] ==
            table[static_cast<int>(values[i]) * 4 + j]);
  CHECK(embedding.OutputShape(Shape::Of({-1, 3}))->ToString() == "[?,3,4]");

  // Three tokens of ten; the class is the first token mod 3.
  std::mt19937 rng(3);
  Tensor x =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({400, 3}).value()).value();
  Tensor labels =
      Tensor::Allocate(DT_INT32, TensorShape::Create({400}).value()).value();
  for (int i = 0; i < 400; ++i) {
    for (int j = 0; j < 3; ++j) x.flat<float>()[i * 3 + j] = rng() % 10;
    labels.flat<int32_t>()[i] = static_cast<int>(x.flat<float>()[i * 3]) % 3;
  }
  Sequential model(
      {std::make_shared<Embedding>(10, 4), std::make_shared<Flatten>(),
       std::make_shared<Dense>(3, "softmax")},
      Shape::Of({3}));
  CompileClassifier(model, 0.05, 1);
  CHECK(FitAndScore(model, x, labels, 10, 20, x, labels) > 0.95);
}

}  // namespace
}  // namespace keras
}  // namespace kiln
