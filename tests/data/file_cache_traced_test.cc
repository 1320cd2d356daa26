// Cache(filename) and traced map functions: a cache file written on the
// first complete pass and replayed (in later runs too), nothing left by an
// unfinished pass, a damaged file named; traced graphs computing what a
// plain loop computes, traced once per signature.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <random>

#include "frontend/data/dataset.h"
#include "frontend/data/traced_map.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace data {
namespace {

std::string TempPath(const std::string& name) {
  return "/tmp/kiln_data_" + std::to_string(getpid()) + "_" + name;
}

// 0..n-1 as float vectors of length 3 (i, 2i, 3i); counts generator calls.
Dataset Counted(std::shared_ptr<int> calls, int64_t n) {
  return Dataset::FromGenerator([calls, n] {
    auto i = std::make_shared<int64_t>(0);
    return [calls, n, i]() -> StatusOr<std::optional<Element>> {
      ++*calls;
      if (*i == n) return std::optional<Element>();
      const float v = static_cast<float>((*i)++);
      return std::optional<Element>(
          Element{Tensor::FromVector<float>({v, 2 * v, 3 * v}).value()});
    };
  });
}

std::vector<float> Flat(const Dataset& ds, int64_t epoch = 0) {
  std::vector<float> out;
  auto it = ds.MakeIterator(epoch);
  while (true) {
    auto e = it->Next();
    REQUIRE(e.ok());
    if (!*e) return out;
    for (float v : (**e)[0].flat<float>()) out.push_back(v);
  }
}

TEST_CASE("a file cache is written once and replayed", "[data]") {
  const std::string path = TempPath("cache.tfrecord");
  unlink(path.c_str());
  auto calls = std::make_shared<int>(0);
  // An unfinished pass leaves no file.
  {
    auto it = Counted(calls, 6).Cache(path).MakeIterator();
    REQUIRE(it->Next().ok());
  }
  CHECK(access(path.c_str(), F_OK) != 0);
  *calls = 0;
  Dataset ds = Counted(calls, 6).Cache(path);
  const std::vector<float> first = Flat(ds);
  CHECK(first.size() == 18);
  CHECK(*calls == 7);
  CHECK(Flat(ds, 1) == first);
  CHECK(*calls == 7);
  // A later run (a new pipeline over the same file) reads the file.
  auto later_calls = std::make_shared<int>(0);
  CHECK(Flat(Counted(later_calls, 6).Cache(path)) == first);
  CHECK(*later_calls == 0);
  // A damaged file is an error naming it.
  std::string bytes = ReadFileToString(path).value();
  bytes[bytes.size() / 2] ^= 0x20;
  REQUIRE(WriteFileAtomically(path, bytes).ok());
  auto it = Counted(later_calls, 6).Cache(path).MakeIterator();
  Status s;
  while (s.ok()) {
    auto e = it->Next();
    s = e.status();
    if (s.ok() && !*e) break;
  }
  CHECK(s.code() == StatusCode::kDataLoss);
  CHECK_THAT(s.message(), Catch::Contains(path));
  unlink(path.c_str());
}

TEST_CASE("traced maps compute the graph, traced once per signature",
          "[data]") {
  std::mt19937 rng(std::random_device{}());
  TracedMap affine(
      [](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::AddV2(s, ops::Mul(s, in[0], 2.0f), 1.0f),
                          ops::Cast(s, in[1], DT_FLOAT)};
      });
  std::vector<Tensor> xs, ys;
  for (int i = 0; i < 10; ++i) {
    const int64_t n = 1 + rng() % 7;
    std::vector<float> x(n * 3);
    std::vector<int64_t> y(n);
    for (float& v : x) v = std::normal_distribution<float>()(rng);
    for (int64_t& v : y) v = rng() % 100;
    xs.push_back(
        Tensor::FromVector<float>(x, TensorShape::Create({n, 3}).value())
            .value());
    ys.push_back(Tensor::FromVector<int64_t>(y).value());
  }
  auto source = [&] {
    return Dataset::FromGenerator([&] {
      auto i = std::make_shared<size_t>(0);
      return [&, i]() -> StatusOr<std::optional<Element>> {
        if (*i == xs.size()) return std::optional<Element>();
        const size_t k = (*i)++;
        return std::optional<Element>(Element{xs[k], ys[k]});
      };
    });
  };
  for (int parallel : {1, 4}) {
    auto it = source().Map(affine.fn(), parallel).MakeIterator();
    for (size_t k = 0; k < xs.size(); ++k) {
      auto e = it->Next();
      REQUIRE(e.ok());
      REQUIRE(*e);
      const Element& out = **e;
      REQUIRE(out[0].shape() == xs[k].shape());
      for (int64_t j = 0; j < xs[k].NumElements(); ++j) {
        CHECK(out[0].flat<float>()[j] == 2 * xs[k].flat<float>()[j] + 1);
      }
      for (int64_t j = 0; j < ys[k].NumElements(); ++j) {
        CHECK(out[1].flat<float>()[j] ==
              static_cast<float>(ys[k].flat<int64_t>()[j]));
      }
    }
  }
  CHECK(affine.num_traces() == 1);  // every batch size, one graph
  // A new rank traces again.
  auto scalar =
      Dataset::FromTensorSlices({Tensor::FromVector<float>({1, 2}).value(),
                                 Tensor::FromVector<int64_t>({3, 4}).value()});
  auto it = scalar.Map(affine.fn()).MakeIterator();
  auto e = it->Next();
  REQUIRE(e.ok());
  CHECK((**e)[0].flat<float>()[0] == 3);
  CHECK(affine.num_traces() == 2);
  // A graph that cannot be built names the signature.
  auto bad =
      Traced([](const Scope& s, const OutputList& in) -> StatusOr<OutputList> {
        return OutputList{ops::MatMul(s, in[0], in[0])};
      });
  auto err = scalar.Map(bad).MakeIterator()->Next();
  CHECK_THAT(err.status().message(),
             Catch::Contains("traced map for (float[rank 0], int64[rank 0])"));
}

}  // namespace
}  // namespace data
}  // namespace kiln
