#include "tests/train/train_util.h"

#include <catch2/catch.hpp>
#include <random>

namespace kiln {
namespace traintest {

Tensor RandomDoubles(const std::vector<int64_t>& dims, uint64_t seed, double lo,
                     double hi) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  Tensor t =
      Tensor::Allocate(DT_DOUBLE, TensorShape::Create(dims).value()).value();
  for (double& v : t.flat<double>()) v = dist(rng);
  return t;
}

std::vector<double> Doubles(const Tensor& t) {
  auto f = t.flat<double>();
  return std::vector<double>(f.begin(), f.end());
}

std::vector<Tensor> RunGraph(const Scope& root, const Session::Feeds& feeds,
                             const std::vector<Output>& fetches) {
  auto session = Session::Create(root);
  INFO(session.status().ToString());
  REQUIRE(session.ok());
  std::vector<std::string> names;
  for (const Output& f : fetches) names.push_back(f.name());
  std::vector<Tensor> out;
  Status s = (*session)->Run(feeds, names, &out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return out;
}

uint64_t FreshSeed() { return std::random_device{}(); }

}  // namespace traintest
}  // namespace kiln
