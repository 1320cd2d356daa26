// Dataset: each stage's elements against what they should be, determinism
// under seeds and threads, errors naming the element, caching.
#include "frontend/data/dataset.h"

#include <catch2/catch.hpp>
#include <numeric>
#include <set>

namespace kiln {
namespace data {
namespace {

std::vector<int64_t> Values(const Dataset& ds, int64_t epoch = 0) {
  std::vector<int64_t> out;
  auto it = ds.MakeIterator(epoch);
  while (true) {
    StatusOr<std::optional<Element>> e = it->Next();
    REQUIRE(e.ok());
    if (!*e) break;
    for (int64_t v : (**e)[0].flat<int64_t>()) out.push_back(v);
  }
  return out;
}

Tensor Int64s(std::vector<int64_t> v, std::vector<int64_t> dims) {
  Tensor t = Tensor::FromVector<int64_t>(v).value();
  return t.Reshape(TensorShape::Create(dims).value()).value();
}

TEST_CASE("slices, batches, ranges and counting stages", "[data]") {
  Tensor x = Int64s({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {5, 2});
  Tensor y = Int64s({10, 11, 12, 13, 14}, {5});
  Dataset ds = Dataset::FromTensorSlices({x, y}).Batch(2);
  auto it = ds.MakeIterator();
  auto first = it->Next().value();
  REQUIRE(first);
  CHECK((*first)[0].shape().dim_sizes() == std::vector<int64_t>{2, 2});
  CHECK((*first)[1].flat<int64_t>()[1] == 11);
  (void)it->Next();
  auto last = it->Next().value();
  CHECK((*last)[0].shape().dim_sizes() == std::vector<int64_t>{1, 2});
  CHECK_FALSE(it->Next().value());
  CHECK(Values(Dataset::FromTensorSlices({y}).Batch(2, true)) ==
        std::vector<int64_t>{10, 11, 12, 13});
  CHECK(Values(Dataset::Range(0, 10, 3)) == std::vector<int64_t>{0, 3, 6, 9});
  CHECK(Values(Dataset::Range(0, 7).Batch(3).Unbatch().Batch(2)) ==
        std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6});
  CHECK(Values(Dataset::Range(0, 5).Skip(1).Take(2).Repeat(2)) ==
        std::vector<int64_t>{1, 2, 1, 2});
  CHECK(Values(Dataset::Range(0, 3).Repeat().Take(7)).size() == 7);
  CHECK(Values(Dataset::Range(0, 0).Repeat()).empty());
  CHECK(Values(Dataset::Range(0, 10).Filter(
            [](const Element& e) -> StatusOr<bool> {
              return e[0].flat<int64_t>()[0] % 3 == 0;
            })) == std::vector<int64_t>{0, 3, 6, 9});
}

TEST_CASE("shuffle is a seeded permutation, new each epoch", "[data]") {
  Dataset ds = Dataset::Range(0, 100).Shuffle(30, 7);
  std::vector<int64_t> a = Values(ds, 0), b = Values(ds, 0), c = Values(ds, 1);
  CHECK(a == b);
  CHECK(a != c);
  std::vector<int64_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> all(100);
  std::iota(all.begin(), all.end(), 0);
  CHECK(sorted == all);
  CHECK(Values(Dataset::Range(0, 100).Shuffle(30, 7, false), 1) == a);
  CHECK(a != all);
}

TEST_CASE("parallel map and prefetch keep the order", "[data]") {
  auto square = [](Element e) -> StatusOr<Element> {
    int64_t v = e[0].flat<int64_t>()[0];
    return Element{Tensor::Scalar<int64_t>(v * v).value()};
  };
  Dataset base = Dataset::Range(0, 200).Shuffle(50, 3);
  const std::vector<int64_t> sequential = Values(base.Map(square, 1));
  CHECK(Values(base.Map(square, 4)) == sequential);
  CHECK(Values(base.Map(square, 3).Prefetch(5).Batch(7)) == sequential);
}

TEST_CASE("errors name the stage and the element", "[data]") {
  Dataset ds = Dataset::Range(0, 10).Map(
      [](Element e) -> StatusOr<Element> {
        if (e[0].flat<int64_t>()[0] == 4) return InvalidArgument("bad value");
        return e;
      },
      2);
  for (const Dataset& d : {ds, ds.Prefetch(2)}) {
    auto it = d.MakeIterator();
    Status s;
    for (int i = 0; i < 11 && s.ok(); ++i) s = it->Next().status();
    CHECK_THAT(s.message(), Catch::Contains("map: element 4: bad value"));
  }
  Dataset ragged = Dataset::FromGenerator([] {
    auto n = std::make_shared<int>(0);
    return [n]() -> StatusOr<std::optional<Element>> {
      if (*n == 3) return std::optional<Element>();
      return std::optional<Element>(Element{
          Tensor::FromVector<int64_t>(std::vector<int64_t>(1 + (*n)++, 0))
              .value()});
    };
  });
  CHECK_THAT(ragged.Batch(3).MakeIterator()->Next().status().message(),
             Catch::Contains("batch: element 1 component 0 is int64[2]"));
}

TEST_CASE("cache replays the first pass", "[data]") {
  auto calls = std::make_shared<int>(0);
  Dataset ds = Dataset::FromGenerator([calls] {
                 auto n = std::make_shared<int64_t>(0);
                 return [calls, n]() -> StatusOr<std::optional<Element>> {
                   ++*calls;
                   if (*n == 5) return std::optional<Element>();
                   return std::optional<Element>(
                       Element{Tensor::Scalar<int64_t>((*n)++).value()});
                 };
               }).Cache();
  CHECK(Values(ds) == std::vector<int64_t>{0, 1, 2, 3, 4});
  CHECK(Values(ds, 1) == std::vector<int64_t>{0, 1, 2, 3, 4});
  CHECK(*calls == 6);  // one pass: 5 elements and the end
}

}  // namespace
}  // namespace data
}  // namespace kiln
