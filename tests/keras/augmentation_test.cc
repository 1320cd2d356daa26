// Augmentation layers: RandomFlip flips each image or leaves it, both
// happening, anew each step, never in inference; RandomCrop takes a window
// of the input at a random offset (the centre in inference).
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

Graph Build(Layer& layer) {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({-1, kH, kW, kC}));
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

}  // namespace
}  // namespace keras
}  // namespace kiln
