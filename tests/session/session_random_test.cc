// Random ops in compiled graphs: each run draws anew, a seed reproduces the
// sequence in another session, and the values have their distribution.
#include <catch2/catch.hpp>
#include <cmath>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"

namespace kiln {
namespace {

std::vector<float> Draw(Session& s, const std::string& fetch) {
  std::vector<Tensor> out;
  Status status = s.Run({}, {fetch}, {}, &out);
  INFO(status.ToString());
  REQUIRE(status.ok());
  auto f = out[0].flat<float>();
  return std::vector<float>(f.begin(), f.end());
}

tensorflow::GraphDef RandomGraph() {
  Scope root = Scope::NewRootScope();
  ops::RandomUniform(root.WithOpName("u"), {100, 100}, DT_FLOAT,
                     ops::RandomUniformAttrs().Seed(5));
  ops::RandomStandardNormal(root.WithOpName("n"), {100, 100}, DT_FLOAT,
                            ops::RandomStandardNormalAttrs().Seed(5).Seed2(1));
  ops::TruncatedNormal(root.WithOpName("t"), {100, 100}, DT_FLOAT,
                       ops::TruncatedNormalAttrs().Seed(9));
  tensorflow::GraphDef graph;
  REQUIRE(root.ToGraphDef(&graph).ok());
  return graph;
}

TEST_CASE("random ops draw anew each run, reproducibly under a seed",
          "[random]") {
  auto a = Session::Create(RandomGraph());
  auto b = Session::Create(RandomGraph());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  for (const char* op : {"u", "n", "t"}) {
    INFO(op);
    std::vector<float> first = Draw(**a, op), second = Draw(**a, op);
    CHECK(first != second);
    CHECK(Draw(**b, op) == first);
    CHECK(Draw(**b, op) == second);
  }
}

TEST_CASE("random ops have their distributions", "[random]") {
  auto s = Session::Create(RandomGraph());
  REQUIRE(s.ok());
  struct Want {
    const char* op;
    double mean, stddev, lo, hi;
  };
  // A 2-sigma truncated standard normal has stddev 0.8796.
  for (Want w : {Want{"u", 0.5, std::sqrt(1 / 12.0), 0, 1},
                 Want{"n", 0, 1, -INFINITY, INFINITY},
                 Want{"t", 0, 0.87962566, -2, 2}}) {
    INFO(w.op);
    std::vector<float> v = Draw(**s, w.op);
    double mean = 0, sq = 0, lo = INFINITY, hi = -INFINITY;
    for (float x : v) {
      mean += x;
      lo = std::min<double>(lo, x);
      hi = std::max<double>(hi, x);
    }
    mean /= v.size();
    for (float x : v) sq += (x - mean) * (x - mean);
    const double stddev = std::sqrt(sq / v.size());
    CHECK(std::abs(mean - w.mean) < 6 * w.stddev / 100);
    CHECK(std::abs(stddev - w.stddev) < 6 * w.stddev / std::sqrt(2e4));
    CHECK(lo >= w.lo);
    CHECK(hi < w.hi + (w.hi == 2 ? 1e-6 : 0));
  }
}

}  // namespace
}  // namespace kiln
