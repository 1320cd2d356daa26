// Tests Slice and StridedSlice, the latter also against Python's slice
// semantics on random specs.
#include <catch2/catch.hpp>
#include <random>

#include "tests/runtime/test_attr_source.h"

namespace kiln {
namespace testing {
namespace {

struct Spec {
  std::vector<int64_t> begin, end, strides;
  int64_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0,
          shrink_axis_mask = 0;
};

StatusOr<std::vector<TensorType>> StridedSlice(const TensorType& x,
                                               const Spec& s) {
  TestAttrSource attrs;
  attrs.Int("begin_mask", s.begin_mask)
      .Int("end_mask", s.end_mask)
      .Int("ellipsis_mask", s.ellipsis_mask)
      .Int("new_axis_mask", s.new_axis_mask)
      .Int("shrink_axis_mask", s.shrink_axis_mask)
      .Const(1, s.begin)
      .Const(2, s.end)
      .Const(3, s.strides);
  const int64_t n = static_cast<int64_t>(s.strides.size());
  return Infer("StridedSlice", {x, I32({n}), I32({n}), I32({n})}, attrs);
}

TEST_CASE("StridedSlice common cases") {
  // x[1:3]
  CHECK(OutShape(StridedSlice(F32({5, 6}), {{1}, {3}, {1}})) == "[2,6]");
  CHECK(OutShape(StridedSlice(F32({-1, 6}), {{1}, {3}, {1}})) == "[?,6]");
  // x[:, 0]
  Spec column{{0, 0}, {0, 1}, {1, 1}, 1, 1, 0, 0, 2};
  CHECK(OutShape(StridedSlice(F32({4, 6}), column)) == "[4]");
  CHECK(OutShape(StridedSlice(F32({-1, 6}), column)) == "[?]");
  CHECK(OutShape(StridedSlice(F32({4, -1}), column)) == "[4]");
  // x[..., ::2]
  Spec every_other{{0, 0}, {0, 0}, {1, 2}, 2, 2, 1, 0, 0};
  CHECK(OutShape(StridedSlice(F32({2, 3, 6}), every_other)) == "[2,3,3]");
  CHECK(OutShape(StridedSlice(F32({2, 3, 7}), every_other)) == "[2,3,4]");
  CHECK(OutShape(StridedSlice(F32({-1, -1, 6}), every_other)) == "[?,?,3]");
  CHECK(OutShape(StridedSlice(F32({6}), every_other)) == "[3]");
  // x[:, tf.newaxis]
  Spec new_axis{{0, 0}, {0, 0}, {1, 1}, 1, 1, 0, 2, 0};
  CHECK(OutShape(StridedSlice(F32({4, 6}), new_axis)) == "[4,1,6]");
  // x[tf.newaxis, ..., 0]
  Spec mixed{{0, 0, 0}, {0, 0, 1}, {1, 1, 1}, 0, 0, 2, 1, 4};
  CHECK(OutShape(StridedSlice(F32({2, 3}), mixed)) == "[1,2]");
  // x[::-1], x[-1], x[-2:], x[10:]
  CHECK(OutShape(StridedSlice(F32({5}), {{0}, {0}, {-1}, 1, 1})) == "[5]");
  CHECK(OutShape(StridedSlice(F32({5, 3}), {{-1}, {0}, {1}, 0, 0, 0, 0, 1})) ==
        "[3]");
  CHECK(OutShape(StridedSlice(F32({5}), {{-2}, {0}, {1}, 0, 1})) == "[2]");
  CHECK(OutShape(StridedSlice(F32({5}), {{10}, {0}, {1}, 0, 1})) == "[0]");
}

TEST_CASE("StridedSlice without constant values or with bad specs") {
  // Unknown begin/end: fully masked dims are still known.
  TestAttrSource attrs;
  attrs.Int("begin_mask", 2).Int("end_mask", 2).Const(3, {1, 1});
  CHECK(OutShape(Infer("StridedSlice",
                       {F32({4, 6}), I32({2}), I32({2}), I32({2})}, attrs)) ==
        "[?,6]");
  // Unknown strides: the rank survives only a plain spec.
  CHECK(OutShape(Infer("StridedSlice", {F32({4, 6}), I32({2}), I32({2}),
                                        I32({2})})) == "[?,?]");
  CHECK(OutShape(
            Infer("StridedSlice", {F32({4, 6}), I32({2}), I32({2}), I32({2})},
                  TestAttrSource().Int("shrink_axis_mask", 1))) == "<unknown>");
  CHECK(OutShape(StridedSlice(UnknownRank(), {{1}, {3}, {1}})) == "<unknown>");
  CHECK(OutShape(StridedSlice(F32({3}), {{5}, {6}, {1}, 0, 0, 0, 0, 1})) ==
        "error: 'StridedSlice' index 5 is out of bounds for dimension 0 of "
        "size 3 (input shape [3])");
  CHECK(OutShape(StridedSlice(F32({3}), {{0}, {3}, {0}})) ==
        "error: 'StridedSlice' strides[0] must be non-zero (input shape "
        "[3])");
  CHECK(OutShape(StridedSlice(F32({3}), {{0, 0}, {0, 0}, {1, 1}, 0, 0, 3}))
            .find("more than one ellipsis") != std::string::npos);
  CHECK(OutShape(StridedSlice(F32({3}), {{0, 0}, {1, 1}, {1, 1}}))
            .find("indexes more dims") != std::string::npos);
  CHECK(OutShape(StridedSlice(F32({3}), {{0, 0}, {1}, {1}}))
            .find("must have the same length") != std::string::npos);
}

// Python's len(range(*slice(start, stop, step).indices(n))), by enumeration.
int64_t PythonSliceLength(int64_t n, std::optional<int64_t> start,
                          std::optional<int64_t> stop, int64_t step) {
  const int64_t lower = step > 0 ? 0 : -1, upper = step > 0 ? n : n - 1;
  auto fix = [&](std::optional<int64_t> v, int64_t if_none) {
    if (!v) return if_none;
    int64_t x = *v < 0 ? *v + n : *v;
    return std::min(std::max(x, lower), upper);
  };
  int64_t i = fix(start, step > 0 ? lower : upper);
  const int64_t end = fix(stop, step > 0 ? upper : lower);
  int64_t count = 0;
  for (; step > 0 ? i < end : i > end; i += step) ++count;
  return count;
}

TEST_CASE("StridedSlice agrees with Python slicing on random specs") {
  std::mt19937 rng(42);
  auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<int64_t> dims(uniform(1, 3));
    for (int64_t& d : dims) d = uniform(0, 5);
    Spec spec;
    std::vector<int64_t> expected;
    const int n = uniform(0, static_cast<int>(dims.size()));
    for (int i = 0; i < n; ++i) {
      const int64_t bit = int64_t{1} << i;
      if (dims[i] > 0 && uniform(0, 3) == 0) {  // x[k]
        spec.begin.push_back(
            uniform(-static_cast<int>(dims[i]), static_cast<int>(dims[i]) - 1));
        spec.end.push_back(0);
        spec.strides.push_back(1);
        spec.shrink_axis_mask |= bit;
        continue;
      }
      std::optional<int64_t> start, stop;
      if (uniform(0, 2) > 0) start = uniform(-7, 7);
      if (uniform(0, 2) > 0) stop = uniform(-7, 7);
      const int64_t step =
          std::vector<int64_t>{-3, -2, -1, 1, 2, 3}[uniform(0, 5)];
      spec.begin.push_back(start.value_or(0));
      spec.end.push_back(stop.value_or(0));
      spec.strides.push_back(step);
      if (!start) spec.begin_mask |= bit;
      if (!stop) spec.end_mask |= bit;
      expected.push_back(PythonSliceLength(dims[i], start, stop, step));
    }
    for (size_t i = n; i < dims.size(); ++i) expected.push_back(dims[i]);
    auto result = StridedSlice(F32(dims), spec);
    INFO("dims " << Shape::Of(dims).ToString() << " begin "
                 << Shape::Of(spec.begin).ToString() << " end "
                 << Shape::Of(spec.end).ToString() << " strides "
                 << Shape::Of(spec.strides).ToString() << " masks "
                 << spec.begin_mask << "/" << spec.end_mask << "/"
                 << spec.shrink_axis_mask);
    CHECK(OutShape(result) == Shape::Of(expected).ToString());
  }
}

TEST_CASE("Slice with sizes, -1 and unknown values") {
  auto slice = [](std::vector<int64_t> in, std::vector<int64_t> begin,
                  std::vector<int64_t> size) {
    TestAttrSource attrs;
    attrs.Const(1, begin).Const(2, size);
    const int64_t n = static_cast<int64_t>(begin.size());
    return OutShape(Infer("Slice", {F32(in), I32({n}), I32({n})}, attrs));
  };
  CHECK(slice({4, 6}, {1, 0}, {2, -1}) == "[2,6]");
  CHECK(slice({4, 6}, {1, 2}, {-1, -1}) == "[3,4]");
  CHECK(slice({-1, 6}, {1, 2}, {-1, 3}) == "[?,3]");
  CHECK(slice({4, 6}, {3, 0}, {2, 1}) ==
        "error: 'Slice' slice of size 2 at 3 is out of range in dimension 0 "
        "of shape [4,6]");
  CHECK(slice({4, 6}, {-1, 0}, {1, 1}).find("begin -1 is out of range") !=
        std::string::npos);
  CHECK(slice({4, 6}, {0}, {1}).find("one value per dim") != std::string::npos);
  CHECK(OutShape(Infer("Slice", {F32({4, 6}), I32({2}), I32({2})},
                       TestAttrSource().Const(2, {2, -1}))) == "[2,?]");
  CHECK(OutShape(Infer("Slice", {UnknownRank(), I32({3}), I32({3})})) ==
        "[?,?,?]");
}

}  // namespace
}  // namespace testing
}  // namespace kiln
