// Augmentation layers: RandomFlip flips each image or leaves it, both
// happening, anew each step, never in inference; RandomCrop takes a window
// of the input at a random offset (the centre in inference); RandomRotation
// turns by fixed quarter and half turns exactly, fills uncovered corners,
// and draws new angles per image and step.
#include "frontend/keras/augmentation.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "frontend/ops/ops.h"
#include "frontend/session.h"

namespace kiln {
namespace keras {
namespace {

constexpr int kN = 64, kH = 5, kW = 6, kC = 2;

Tensor Images(uint64_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1, 1);
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({kN, kH, kW, kC}).value())
          .value();
  for (float& v : t.flat<float>()) v = u(rng);
  return t;
}

float At(const Tensor& t, int n, int h, int w, int c, int H = kH, int W = kW) {
  return t.flat<float>()[((n * H + h) * W + w) * kC + c];
}

struct Graph {
  std::unique_ptr<Session> session;
  std::string train, infer;
};

Graph Build(Layer& layer, int64_t height = kH, int64_t width = kW) {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({-1, height, width, kC}));
  StatusOr<Output> train = layer(root, x, true, 5);
  StatusOr<Output> infer = layer(root, x, false, 5);
  INFO(train.status().ToString());
  REQUIRE(train.ok());
  REQUIRE(infer.ok());
  auto session = Session::Create(root);
  REQUIRE(session.ok());
  return {std::move(*session), train->name(), infer->name()};
}

Tensor Run(Graph& g, const std::string& fetch, const Tensor& x) {
  std::vector<Tensor> out;
  Status s = g.session->Run({{"x", x}}, {fetch}, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return out[0];
}

TEST_CASE("RandomFlip flips about half the images, anew each step",
          "[augmentation]") {
  RandomFlip flip("horizontal");
  Graph g = Build(flip);
  const Tensor x = Images(1);
  std::set<std::vector<bool>> patterns;
  for (int step = 0; step < 3; ++step) {
    const Tensor y = Run(g, g.train, x);
    std::vector<bool> flipped(kN);
    int count = 0;
    for (int n = 0; n < kN; ++n) {
      bool same = true, mirrored = true;
      for (int h = 0; h < kH; ++h)
        for (int w = 0; w < kW; ++w)
          for (int c = 0; c < kC; ++c) {
            same = same && At(y, n, h, w, c) == At(x, n, h, w, c);
            mirrored =
                mirrored && At(y, n, h, w, c) == At(x, n, h, kW - 1 - w, c);
          }
      CHECK(same != mirrored);
      flipped[n] = mirrored;
      count += mirrored;
    }
    CHECK(count > 10);
    CHECK(count < kN - 10);
    patterns.insert(flipped);
  }
  CHECK(patterns.size() == 3);
  const Tensor same = Run(g, g.infer, x);
  for (int64_t i = 0; i < x.NumElements(); ++i)
    CHECK(same.flat<float>()[i] == x.flat<float>()[i]);
  Scope root = Scope::NewRootScope();
  RandomFlip bad("diagonal");
  CHECK_FALSE(
      bad(root, ops::Placeholder(root, DT_FLOAT, Shape::Of({1, 2, 2, 1})), true)
          .ok());
}

TEST_CASE("RandomCrop takes a window at a random offset", "[augmentation]") {
  RandomCrop crop(3, 4);
  Graph g = Build(crop);
  const Tensor x = Images(2);
  std::set<std::pair<int, int>> offsets;
  auto offset_of = [&](const Tensor& y) {
    for (int oy = 0; oy <= kH - 3; ++oy)
      for (int ox = 0; ox <= kW - 4; ++ox) {
        bool match = true;
        for (int n = 0; n < kN && match; ++n)
          for (int h = 0; h < 3; ++h)
            for (int w = 0; w < 4; ++w)
              for (int c = 0; c < kC; ++c)
                match = match &&
                        At(y, n, h, w, c, 3, 4) == At(x, n, oy + h, ox + w, c);
        if (match) return std::make_pair(oy, ox);
      }
    return std::make_pair(-1, -1);
  };
  for (int step = 0; step < 12; ++step) {
    const Tensor y = Run(g, g.train, x);
    REQUIRE(y.shape().dim_sizes() == std::vector<int64_t>{kN, 3, 4, kC});
    const auto offset = offset_of(y);
    CHECK(offset.first >= 0);
    offsets.insert(offset);
  }
  CHECK(offsets.size() >= 3);
  CHECK(offset_of(Run(g, g.infer, x)) == std::make_pair(1, 1));
  CHECK(crop.OutputShape(Shape::Of({-1, kH, kW, kC}))->ToString() ==
        "[?,3,4,2]");
  CHECK_FALSE(RandomCrop(6, 2).OutputShape(Shape::Of({-1, kH, kW, kC})).ok());
}

// A fixed angle: a quarter turn of a square image reads out(y, x) =
// in(x, n - 1 - y); a half turn of any image out(y, x) = in(h-1-y, w-1-x).
TEST_CASE("RandomRotation turns by its angles about the centre",
          "[augmentation]") {
  RandomRotation quarter(0.25, 0.25);
  Graph g = Build(quarter, kW, kW);
  Tensor square =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({kN, kW, kW, kC}).value())
          .value();
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> u(-1, 1);
  for (float& v : square.flat<float>()) v = u(rng);
  const Tensor turned = Run(g, g.train, square);
  for (int n = 0; n < 4; ++n)
    for (int y = 0; y < kW; ++y)
      for (int x = 0; x < kW; ++x)
        for (int c = 0; c < kC; ++c)
          CHECK(At(turned, n, y, x, c, kW, kW) ==
                Approx(At(square, n, x, kW - 1 - y, c, kW, kW)).margin(1e-5));
  RandomRotationOptions o;
  o.interpolation = "nearest";
  RandomRotation half(0.5, 0.5, o);
  Graph h = Build(half);
  const Tensor x = Images(3);
  const Tensor y = Run(h, h.train, x);
  for (int n = 0; n < 4; ++n)
    for (int r = 0; r < kH; ++r)
      for (int col = 0; col < kW; ++col)
        for (int c = 0; c < kC; ++c)
          CHECK(At(y, n, r, col, c) == At(x, n, kH - 1 - r, kW - 1 - col, c));
}

TEST_CASE("RandomRotation fills corners and draws new angles",
          "[augmentation]") {
  // An eighth of a turn with constant fill, nearest: output (0, 0) reads
  // input row round(-0.83) = -1, outside.
  RandomRotationOptions o;
  o.fill_mode = "constant";
  o.fill_value = 7.5;
  o.interpolation = "nearest";
  RandomRotation eighth(0.125, 0.125, o);
  Graph g = Build(eighth, 5, 5);
  Tensor x =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({2, 5, 5, kC}).value())
          .value();
  for (float& v : x.flat<float>()) v = 1;
  const Tensor y = Run(g, g.train, x);
  CHECK(At(y, 0, 0, 0, 0, 5, 5) == 7.5f);
  CHECK(At(y, 1, 2, 2, 1, 5, 5) == 1.0f);  // the centre stays

  RandomRotation random(0.1);
  Graph r = Build(random);
  const Tensor images = Images(5);
  const Tensor a = Run(r, r.train, images), b = Run(r, r.train, images);
  auto differs = [&](const Tensor& p, const Tensor& q, int n, int m) {
    for (int h = 0; h < kH; ++h)
      for (int w = 0; w < kW; ++w)
        if (At(p, n, h, w, 0) != At(q, m, h, w, 0)) return true;
    return false;
  };
  CHECK(differs(a, b, 0, 0));       // a new angle each step
  CHECK(differs(a, images, 0, 0));  // rotated
  const Tensor same = Run(r, r.infer, images);
  for (int64_t i = 0; i < images.NumElements(); ++i)
    CHECK(same.flat<float>()[i] == images.flat<float>()[i]);
  // Per-image angles: the same image twice in a batch turns differently.
  Tensor twice = images;
  for (int64_t i = 0; i < kH * kW * kC; ++i)
    twice.flat<float>()[kH * kW * kC + i] = twice.flat<float>()[i];
  const Tensor t = Run(r, r.train, twice);
  CHECK(differs(t, t, 0, 1));

  Scope root = Scope::NewRootScope();
  RandomRotationOptions bad;
  bad.fill_mode = "mirror";
  RandomRotation wrong(0.1, bad);
  CHECK_FALSE(wrong(root,
                    ops::Placeholder(root, DT_FLOAT, Shape::Of({1, 2, 2, 1})),
                    true)
                  .ok());
}

}  // namespace
}  // namespace keras
}  // namespace kiln
