// PaddedBatch, Interleave and named components against plain references on
// random inputs.
#include <catch2/catch.hpp>
#include <random>
#include <stdexcept>

#include "frontend/data/dataset.h"

namespace kiln {
namespace data {
namespace {

std::vector<Element> All(const Dataset& ds, int64_t epoch = 0) {
  std::vector<Element> out;
  auto it = ds.MakeIterator(epoch);
  while (true) {
    StatusOr<std::optional<Element>> e = it->Next();
    REQUIRE(e.ok());
    if (!*e) return out;
    out.push_back(std::move(**e));
  }
}

// Ragged 2-D float elements [rows_i, cols_i] with element i's values
// 1000 * i + 10 * r + c, and an int64 scalar label i.
Dataset Ragged(std::vector<std::pair<int64_t, int64_t>> dims) {
  return Dataset::FromGenerator([dims] {
    auto i = std::make_shared<size_t>(0);
    return [dims, i]() -> StatusOr<std::optional<Element>> {
      if (*i == dims.size()) return std::optional<Element>();
      const auto [rows, cols] = dims[*i];
      std::vector<float> v;
      for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c)
          v.push_back(1000.f * *i + 10 * r + c);
      }
      Tensor t = Tensor::FromVector<float>(
                     v, TensorShape::Create({rows, cols}).value())
                     .value();
      Element e{t, Tensor::Scalar<int64_t>(static_cast<int64_t>(*i)).value()};
      ++*i;
      return std::optional<Element>(std::move(e));
    };
  });
}

TEST_CASE("padded_batch pads each component to the batch's largest", "[data]") {
  std::mt19937 rng(std::random_device{}());
  std::vector<std::pair<int64_t, int64_t>> dims(1 + rng() % 20);
  for (auto& d : dims) d = {rng() % 4, rng() % 5};
  const int64_t batch = 1 + rng() % 6;
  const float pad = -1.5f;
  const std::vector<Element> batches =
      All(Ragged(dims).PaddedBatch(batch, {}, {pad, 0}));
  REQUIRE(static_cast<int64_t>(batches.size()) ==
          (static_cast<int64_t>(dims.size()) + batch - 1) / batch);
  size_t first = 0;
  for (const Element& b : batches) {
    const int64_t n = b[0].dim_size(0);
    int64_t rows = 0, cols = 0;
    for (int64_t i = 0; i < n; ++i) {
      rows = std::max(rows, dims[first + i].first);
      cols = std::max(cols, dims[first + i].second);
    }
    REQUIRE(b[0].shape().ToString() ==
            TensorShape::Create({n, rows, cols}).value().ToString());
    for (int64_t i = 0; i < n; ++i) {
      CHECK(b[1].flat<int64_t>()[i] == static_cast<int64_t>(first + i));
      for (int64_t r = 0; r < rows; ++r) {
        for (int64_t c = 0; c < cols; ++c) {
          const bool inside =
              r < dims[first + i].first && c < dims[first + i].second;
          const float want = inside ? 1000.f * (first + i) + 10 * r + c : pad;
          CHECK(b[0].flat<float>()[(i * rows + r) * cols + c] == want);
        }
      }
    }
    first += n;
  }
}

TEST_CASE("padded_batch with fixed shapes, drop_remainder and errors",
          "[data]") {
  Dataset ds = Ragged({{1, 2}, {2, 1}, {0, 3}});
  std::vector<Element> b = All(ds.PaddedBatch(2, {{4, -1}, {}}, {}, true));
  REQUIRE(b.size() == 1);
  CHECK(b[0][0].shape().ToString() == "[2,4,2]");
  auto too_small = ds.PaddedBatch(3, {{1, 3}, {}}).MakeIterator()->Next();
  CHECK_THAT(
      too_small.status().message(),
      Catch::Contains("padded_batch: element 0: component 0 dim 0 is 2,"));
  auto bad_rank = ds.PaddedBatch(3, {{4}, {}}).MakeIterator()->Next();
  CHECK_THAT(bad_rank.status().message(), Catch::Contains("has rank 1"));
}

// A plain reference of tf.data's interleave order over known inner lengths.
std::vector<int64_t> InterleaveReference(const std::vector<int64_t>& lengths,
                                         int cycle, int block) {
  struct Slot {
    int64_t input = -1, next = 0;
  };
  std::vector<Slot> slots(cycle);
  std::vector<int64_t> out;
  size_t input = 0;
  int open = 0, at = 0, taken = 0;
  while (input < lengths.size() || open > 0) {
    Slot& s = slots[at];
    if (s.input >= 0 && s.next < lengths[s.input]) {
      out.push_back(100 * s.input + s.next++);
      if (++taken < block) continue;
    } else if (s.input >= 0) {
      s.input = -1;
      --open;
    } else if (input < lengths.size()) {
      s = Slot{static_cast<int64_t>(input++), 0};
      ++open;
      continue;
    }
    taken = 0;
    at = (at + 1) % cycle;
  }
  return out;
}

TEST_CASE("interleave follows tf.data's cycle order, in parallel too",
          "[data]") {
  std::mt19937 rng(std::random_device{}());
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<int64_t> lengths(rng() % 9);
    for (int64_t& n : lengths) n = rng() % 6;
    const int cycle = 1 + rng() % 4, block = 1 + rng() % 3;
    INFO("cycle " << cycle << " block " << block);
    // Index the inputs so each inner dataset knows its own.
    Dataset indexed =
        Dataset::FromTensorSlices({Tensor::FromVector<int64_t>(lengths).value(),
                                   Tensor::FromVector<int64_t>([&] {
                                     std::vector<int64_t> idx(lengths.size());
                                     for (size_t i = 0; i < idx.size(); ++i)
                                       idx[i] = i;
                                     return idx;
                                   }())
                                       .value()});
    auto tagged = [](const Element& e) -> StatusOr<Dataset> {
      const int64_t index = e[1].flat<int64_t>()[0];
      return Dataset::Range(0, e[0].flat<int64_t>()[0])
          .Map([index](Element x) -> StatusOr<Element> {
            return Element{
                Tensor::Scalar<int64_t>(100 * index + x[0].flat<int64_t>()[0])
                    .value()};
          });
    };
    for (int parallel : {1, 3}) {
      std::vector<int64_t> got;
      for (const Element& e :
           All(indexed.Interleave(tagged, cycle, block, parallel))) {
        got.push_back(e[0].flat<int64_t>()[0]);
      }
      CHECK(got == InterleaveReference(lengths, cycle, block));
    }
  }
}

TEST_CASE("interleave errors name the input element", "[data]") {
  Dataset ds = Dataset::Range(0, 5).Interleave(
      [](const Element& e) -> StatusOr<Dataset> {
        if (e[0].flat<int64_t>()[0] == 3) return InvalidArgument("no file");
        return Dataset::Range(0, 2);
      },
      2);
  auto it = ds.MakeIterator();
  Status s;
  while (s.ok()) {
    auto e = it->Next();
    s = e.status();
    if (s.ok() && !*e) break;
  }
  CHECK_THAT(s.message(), Catch::Contains("interleave: element 3: no file"));
}

// The first error a full pass over `ds` hits.
Status FirstError(const Dataset& ds) {
  auto it = ds.MakeIterator();
  while (true) {
    auto e = it->Next();
    if (!e.ok()) return e.status();
    if (!*e) return OkStatus();
  }
}

TEST_CASE("a stage that throws is an error naming it, never a crash",
          "[data]") {
  auto boom = [](int64_t at) {
    return [at](Element e) -> StatusOr<Element> {
      if (e[0].flat<int64_t>()[0] == at) throw std::runtime_error("boom");
      return e;
    };
  };
  for (int parallel : {1, 4}) {
    CHECK_THAT(
        FirstError(Dataset::Range(0, 10).Map(boom(6), parallel)).message(),
        Catch::Contains("map: element 6: threw an exception: boom"));
  }
  CHECK_THAT(FirstError(Dataset::Range(0, 10).Filter([](const Element& e)
                                                         -> StatusOr<bool> {
               if (e[0].flat<int64_t>()[0] == 2) throw 42;
               return true;
             })).message(),
             Catch::Contains("filter: element 2: threw an exception that is "
                             "not a std::exception"));
  CHECK_THAT(FirstError(Dataset::FromGenerator([]() -> Dataset::Generator {
               throw std::runtime_error("no source");
             })).message(),
             Catch::Contains("no source"));
  CHECK_THAT(
      FirstError(Dataset::Range(0, 3).Interleave(
                     [](const Element& e) -> StatusOr<Dataset> {
                       if (e[0].flat<int64_t>()[0] == 1) {
                         throw std::out_of_range("bad shard");
                       }
                       return Dataset::Range(0, 2);
                     },
                     2, 1, 2))
          .message(),
      Catch::Contains("interleave: element 1: threw an exception: bad shard"));
  // Prefetched: the worker thread survives and hands the error over.
  CHECK_THAT(
      FirstError(Dataset::Range(0, 10).Map(boom(3)).Prefetch(2)).message(),
      Catch::Contains("map: element 3"));
}

TEST_CASE("named components survive structure-keeping stages", "[data]") {
  Tensor x = Tensor::FromVector<float>({1, 2, 3, 4}).value();
  Tensor y = Tensor::FromVector<int64_t>({0, 1, 0, 1}).value();
  Dataset ds = Dataset::FromTensorSlices({{"pixels", x}, {"label", y}});
  Dataset batched = ds.Shuffle(4, 7).Batch(2).Prefetch(1).Take(1);
  CHECK(batched.component_names() ==
        std::vector<std::string>{"pixels", "label"});
  CHECK(batched.ComponentIndex("label").value() == 1);
  CHECK_THAT(batched.ComponentIndex("image").status().message(),
             Catch::Contains("components: pixels, label"));
  CHECK(ds.Map([](Element e) -> StatusOr<Element> { return e; })
            .component_names()
            .empty());
  const std::vector<Element> all = All(batched);
  REQUIRE(all.size() == 1);
  for (int i = 0; i < 2; ++i) {
    // Each pixel keeps its label: label = (pixel - 1) % 2.
    const float p = all[0][0].flat<float>()[i];
    CHECK(all[0][1].flat<int64_t>()[i] == (static_cast<int64_t>(p) - 1) % 2);
  }
}

}  // namespace
}  // namespace data
}  // namespace kiln
