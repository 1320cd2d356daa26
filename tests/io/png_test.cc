// PNG: random images of every channel count round-trip bit-exactly, and
// damaged or foreign bytes fail naming the source, never crash.
#include "runtime/io/png.h"

#include <catch2/catch.hpp>
#include <random>

namespace kiln {
namespace {

Tensor RandomImage(std::mt19937& rng, int64_t channels) {
  const int64_t h = 1 + rng() % 40, w = 1 + rng() % 40;
  Tensor t = Tensor::Allocate(tensorflow::DT_UINT8,
                              TensorShape::Create({h, w, channels}).value())
                 .value();
  for (uint8_t& v : t.flat<uint8_t>()) v = static_cast<uint8_t>(rng());
  return t;
}

TEST_CASE("PNG round-trips every channel count", "[png]") {
  std::mt19937 rng(std::random_device{}());
  for (int64_t c = 1; c <= 4; ++c) {
    const Tensor image = RandomImage(rng, c);
    auto png = EncodePng(image);
    REQUIRE(png.ok());
    CHECK(png->substr(1, 3) == "PNG");
    auto back = DecodePng(*png, "mem");
    REQUIRE(back.ok());
    REQUIRE(back->shape() == image.shape());
    CHECK(std::equal(image.flat<uint8_t>().begin(), image.flat<uint8_t>().end(),
                     back->flat<uint8_t>().begin()));
  }
}

TEST_CASE("bad PNG input is an error", "[png]") {
  std::mt19937 rng(std::random_device{}());
  CHECK_FALSE(EncodePng(Tensor::Zeros(tensorflow::DT_UINT8,
                                      TensorShape::Create({2, 2, 5}).value())
                            .value())
                  .ok());
  CHECK_FALSE(EncodePng(Tensor::Zeros(tensorflow::DT_FLOAT,
                                      TensorShape::Create({2, 2, 1}).value())
                            .value())
                  .ok());
  const std::string good = EncodePng(RandomImage(rng, 3)).value();
  CHECK_THAT(DecodePng("GIF89a....", "x.gif").status().message(),
             Catch::Contains("x.gif: not a PNG"));
  for (size_t cut : {size_t{8}, size_t{20}, good.size() / 2, good.size() - 1}) {
    auto r = DecodePng(good.substr(0, cut), "cut.png");
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.status().message(), Catch::Contains("cut.png"));
  }
  for (int trial = 0; trial < 100; ++trial) {
    std::string bad = good;
    bad[8 + rng() % (bad.size() - 8)] ^= static_cast<char>(1 + rng() % 255);
    (void)DecodePng(bad, "flipped.png");  // an error or an image; no crash
  }
}

}  // namespace
}  // namespace kiln
