// Tests Shape, broadcasting (against a concrete reference on random shapes)
// and InferOutputTypes' table-driven dtype resolution.
#include <catch2/catch.hpp>
#include <random>

#include "runtime/graph/internal/shape_fns.h"
#include "tests/runtime/test_attr_source.h"

namespace kiln {
namespace testing {
namespace {

using tensorflow::DT_FLOAT;
using tensorflow::DT_INT32;
using tensorflow::DT_INT64;

TEST_CASE("Shape prints, counts and round-trips through TensorShapeProto") {
  CHECK(Shape::Of({-1, 784}).ToString() == "[?,784]");
  CHECK(Shape::Scalar().ToString() == "[]");
  CHECK(Shape::Unknown().ToString() == "<unknown>");
  CHECK(Shape::Of({2, 3}).NumElements() == 6);
  CHECK(Shape::Scalar().NumElements() == 1);
  CHECK(Shape::Of({2, -1}).NumElements() == -1);
  CHECK_FALSE(Shape::Unknown().IsFullyDefined());
  for (const Shape& s : {Shape::Unknown(), Shape::Scalar(), Shape::Of({-1, 3}),
                         Shape::Of({0, 1, 7})}) {
    CHECK(Shape::FromProto(s.ToProto()) == s);
  }
  CHECK(Shape::Unknown().ToProto().unknown_rank());
}

// Concrete NumPy broadcasting, or nullopt when the shapes do not broadcast.
std::optional<std::vector<int64_t>> ConcreteBroadcast(
    const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  const size_t rank = std::max(a.size(), b.size());
  std::vector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t da = i + a.size() < rank ? 1 : a[i + a.size() - rank];
    const int64_t db = i + b.size() < rank ? 1 : b[i + b.size() - rank];
    if (da != db && da != 1 && db != 1) return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

// Every way of replacing the -1s of `dims` by a candidate value.
std::vector<std::vector<int64_t>> Concretizations(
    const std::vector<int64_t>& dims, const std::vector<int64_t>& candidates) {
  std::vector<std::vector<int64_t>> all = {{}};
  for (int64_t d : dims) {
    std::vector<std::vector<int64_t>> next;
    for (const auto& prefix : all) {
      for (int64_t v : d < 0 ? candidates : std::vector<int64_t>{d}) {
        next.push_back(prefix);
        next.back().push_back(v);
      }
    }
    all = std::move(next);
  }
  return all;
}

TEST_CASE("broadcasting agrees with every concretization of unknown dims") {
  std::mt19937 rng(1234);
  std::uniform_int_distribution<int> rank_dist(0, 4);
  const std::vector<int64_t> dim_values = {1, 1, 2, 3, 4, -1, -1};
  std::uniform_int_distribution<size_t> dim_dist(0, dim_values.size() - 1);
  auto random_dims = [&] {
    std::vector<int64_t> dims(rank_dist(rng));
    for (int64_t& d : dims) d = dim_values[dim_dist(rng)];
    return dims;
  };
  const OpSpec& add = *FindOpSpec("AddV2");
  TestAttrSource attrs;
  int errors = 0, unknown_dims = 0;
  for (int trial = 0; trial < 500; ++trial) {
    const std::vector<int64_t> a = random_dims(), b = random_dims();
    ShapeContext c(add, {F32(a), F32(b)}, attrs);
    StatusOr<Shape> symbolic = BroadcastShapes(c, Shape::Of(a), Shape::Of(b));
    INFO(Shape::Of(a).ToString()
         << " + " << Shape::Of(b).ToString() << " -> "
         << (symbolic.ok() ? symbolic->ToString()
                           : symbolic.status().message()));
    std::vector<std::vector<int64_t>> results;
    const std::vector<int64_t> candidates = {1, 2, 3, 4, 5};
    for (const auto& ca : Concretizations(a, candidates)) {
      for (const auto& cb : Concretizations(b, candidates)) {
        if (auto r = ConcreteBroadcast(ca, cb)) results.push_back(*r);
      }
    }
    // An error exactly when no concretization broadcasts.
    REQUIRE(symbolic.ok() == !results.empty());
    if (!symbolic.ok()) {
      ++errors;
      CHECK(symbolic.status().message().find("'AddV2' shapes ") == 0);
      continue;
    }
    REQUIRE(symbolic->rank() == static_cast<int>(std::max(a.size(), b.size())));
    for (size_t i = 0; i < symbolic->dims.size(); ++i) {
      bool all_agree = true;
      for (const auto& r : results) all_agree &= r[i] == results[0][i];
      // Sound: a known dim is what every concretization gives. Precise: a
      // dim that every concretization agrees on is known.
      if (symbolic->dims[i] >= 0) {
        CHECK(all_agree);
        CHECK(symbolic->dims[i] == results[0][i]);
      } else {
        ++unknown_dims;
        CHECK_FALSE(all_agree);
      }
    }
  }
  CHECK(errors > 10);
  CHECK(unknown_dims > 10);
}

TEST_CASE("broadcasting examples and MergeDim") {
  CHECK(OutShape(Infer("AddV2", {F32({2, 1, 3}), F32({4, 1})})) == "[2,4,3]");
  CHECK(OutShape(Infer("Mul", {F32({-1, 784}), F32({784})})) == "[?,784]");
  CHECK(OutShape(Infer("Sub", {F32({}), F32({5})})) == "[5]");
  CHECK(OutShape(Infer("Pow", {UnknownRank(), F32({5})})) == "<unknown>");
  CHECK(OutShape(Infer("AddV2", {F32({2, 3}), F32({4})})) ==
        "error: 'AddV2' shapes [2,3] and [4] are not broadcastable");
  const OpSpec& matmul = *FindOpSpec("MatMul");
  TestAttrSource attrs;
  ShapeContext c(matmul, {}, attrs);
  CHECK(*MergeDim(c, -1, 3, "x") == 3);
  CHECK(*MergeDim(c, 3, -1, "x") == 3);
  CHECK(*MergeDim(c, -1, -1, "x") == -1);
  CHECK(MergeDim(c, 3, 4, "inner dimensions").status().message() ==
        "'MatMul' inner dimensions differ: 3 vs 4");
  CHECK(c.Error("boom").code() == StatusCode::kInvalidArgument);
}

TEST_CASE("type attrs resolve from inputs and must agree") {
  auto r = Infer("AddV2", {F32({2}), F32({2})});
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  CHECK((*r)[0].dtype == DT_FLOAT);
  CHECK(ErrorOf(Infer("AddV2", {F32({2}), I32({2})})) ==
        "'AddV2' input 'y' has dtype int32 but 'T' is float");
  // A T given by the node must agree with the inputs too.
  CHECK(ErrorOf(Infer("AddV2", {I32({2}), I32({2})},
                      TestAttrSource().Type("T", DT_FLOAT))) ==
        "'AddV2' input 'x' has dtype int32 but 'T' is float");
  // TF1 reference dtypes read as their base dtype.
  auto ref =
      Infer("MatMul", {Typed(tensorflow::DT_FLOAT_REF, {2, 3}), F32({3, 4})});
  REQUIRE(ref.ok());
  CHECK((*ref)[0].dtype == DT_FLOAT);
  CHECK(ErrorOf(Infer("ConcatV2", {F32({2}), I32({2}), I32({})},
                      TestAttrSource().Const(2, {0}))) ==
        "'ConcatV2' input 'values[1]' has dtype int32 but 'T' is float");
}

TEST_CASE("allowed dtypes are enforced") {
  std::string message = ErrorOf(Infer("Sqrt", {I32({3})}));
  CHECK(message.find("'Sqrt'") == 0);
  CHECK(message.find("'T'") != std::string::npos);
  CHECK(message.find("int32") != std::string::npos);
  CHECK(ErrorOf(Infer("Sqrt", {F32({3})})) == "ok");
  CHECK(ErrorOf(Infer("MatMul", {Typed(tensorflow::DT_BOOL, {2, 2}),
                                 Typed(tensorflow::DT_BOOL, {2, 2})}))
            .find("'MatMul' attr 'T' does not allow dtype bool") == 0);
  CHECK(ErrorOf(Infer("Reshape", {F32({2}), Typed(tensorflow::DT_INT16, {1})}))
            .find("'Reshape' attr 'Tshape' does not allow dtype int16") == 0);
}

TEST_CASE("attr-typed outputs, defaults and fixed-type inputs") {
  auto cast =
      Infer("Cast", {I32({2, 3})}, TestAttrSource().Type("DstT", DT_FLOAT));
  REQUIRE(cast.ok());
  CHECK((*cast)[0].dtype == DT_FLOAT);
  CHECK((*cast)[0].shape == Shape::Of({2, 3}));
  CHECK(ErrorOf(Infer("Cast", {I32({2})})) == "'Cast' missing attr 'DstT'");
  auto argmax = Infer("ArgMax", {F32({2, 5}), I32({})});
  REQUIRE(argmax.ok());
  CHECK((*argmax)[0].dtype == DT_INT64);  // output_type's default
  auto shape = Infer("Shape", {F32({2, 5})});
  REQUIRE(shape.ok());
  CHECK((*shape)[0].dtype == DT_INT32);
  auto shape64 = Infer("Shape", {F32({2, 5})},
                       TestAttrSource().Type("out_type", DT_INT64));
  CHECK((*shape64)[0].dtype == DT_INT64);
  auto equal = Infer("Equal", {I32({2}), I32({2})});
  CHECK((*equal)[0].dtype == tensorflow::DT_BOOL);
  CHECK(ErrorOf(Infer("Select", {F32({2}), F32({2}), F32({2})})) ==
        "'Select' input 'condition' has dtype float but must be bool");
  CHECK(ErrorOf(Infer("Placeholder", {})) ==
        "'Placeholder' missing attr 'dtype'");
  CHECK(ErrorOf(Infer("AddV2", {F32({2})})) ==
        "'AddV2' expects 2 inputs but got 1");
  CHECK(ErrorOf(Infer("Identity", {})) ==
        "'Identity' expects 1 input but got 0");
}

TEST_CASE("list lengths resolve from the input count") {
  TestAttrSource attrs;
  attrs.Const(3, {0});
  auto r = Infer("ConcatV2", {F32({2}), F32({3}), F32({4}), I32({})}, attrs);
  CHECK(OutShape(r) == "[9]");
  attrs.Int("N", 2);
  CHECK(ErrorOf(Infer("ConcatV2", {F32({2}), F32({3}), F32({4}), I32({})},
                      attrs)) ==
        "'ConcatV2' attr 'N' is 2 but 3 inputs were given for it");
  CHECK(InputName(*FindOpSpec("ConcatV2"), 4, 3) == "axis");
  CHECK(InputName(*FindOpSpec("ConcatV2"), 4, 1) == "values[1]");
}

}  // namespace
}  // namespace testing
}  // namespace kiln
