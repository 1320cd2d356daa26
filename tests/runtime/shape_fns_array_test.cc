// Tests the array ops' shape functions (slices: strided_slice_test.cc) and
// the base and state ops'.
#include <catch2/catch.hpp>

#include "tests/runtime/test_attr_source.h"

namespace kiln {
namespace testing {
namespace {

std::string Reshape(std::vector<int64_t> in, std::vector<int64_t> shape) {
  TestAttrSource attrs;
  attrs.Const(1, shape);
  return OutShape(Infer(
      "Reshape", {F32(in), I32({static_cast<int64_t>(shape.size())})}, attrs));
}

TEST_CASE("Reshape infers -1 from the element count") {
  CHECK(Reshape({2, 3}, {3, 2}) == "[3,2]");
  CHECK(Reshape({2, 3}, {-1}) == "[6]");
  CHECK(Reshape({2, 3, 4}, {-1, 4}) == "[6,4]");
  CHECK(Reshape({2, 3}, {}) ==
        "error: 'Reshape' cannot reshape 6 elements into []");
  CHECK(Reshape({1, 1}, {}) == "[]");
  CHECK(Reshape({6}, {4, -1}) ==
        "error: 'Reshape' cannot reshape 6 elements into [4,-1]");
  CHECK(Reshape({6}, {4, 2}) ==
        "error: 'Reshape' cannot reshape 6 elements into [4,2]");
  CHECK(Reshape({2, 3}, {-1, -1}) ==
        "error: 'Reshape' shape [-1,-1] has more than one -1");
  CHECK(Reshape({2, 3}, {-2, 3}).find("negative dimension") !=
        std::string::npos);
  // Partly known inputs: never a wrong known dim.
  CHECK(Reshape({-1, 784}, {-1, 28, 28, 1}) == "[?,28,28,1]");
  CHECK(Reshape({-1, 3}, {4, 2}) ==
        "error: 'Reshape' cannot reshape a tensor of shape [?,3] into [4,2]");
  CHECK(Reshape({-1, 3}, {4, 3}) == "[4,3]");
  CHECK(Reshape({0, 3}, {0, -1}) == "[0,?]");
  CHECK(Reshape({-1}, {2, 3}) == "[2,3]");
  // Unknown shape values: the rank comes from the shape input's length.
  CHECK(OutShape(Infer("Reshape", {F32({2, 3}), I32({3})})) == "[?,?,?]");
  CHECK(OutShape(Infer("Reshape", {F32({2, 3}), I32({-1})})) == "<unknown>");
  CHECK(OutShape(Infer("Reshape", {UnknownRank(), I32({2})},
                       TestAttrSource().Const(1, {-1, 5}))) == "[?,5]");
}

TEST_CASE("Transpose permutes dims") {
  auto transpose = [](std::vector<int64_t> x, std::vector<int64_t> perm) {
    TestAttrSource attrs;
    attrs.Const(1, perm);
    return OutShape(Infer("Transpose",
                          {F32(x), I32({static_cast<int64_t>(perm.size())})},
                          attrs));
  };
  CHECK(transpose({2, 3, 4}, {2, 0, 1}) == "[4,2,3]");
  CHECK(transpose({-1, 3}, {1, 0}) == "[3,?]");
  CHECK(transpose({2, 3}, {0, 0}) ==
        "error: 'Transpose' perm [0,0] is not a permutation of 0..1");
  CHECK(transpose({2, 3}, {0, 1, 2}).find("has 3 values") != std::string::npos);
  CHECK(OutShape(Infer("Transpose", {F32({2, 3}), I32({2})})) == "[?,?]");
  CHECK(OutShape(Infer("Transpose", {UnknownRank(), I32({3})})) == "[?,?,?]");
}

TEST_CASE("ConcatV2 adds the axis dim and merges the rest") {
  auto concat = [](std::vector<TensorType> values, int64_t axis) {
    values.push_back(I32({}));
    TestAttrSource attrs;
    attrs.Const(static_cast<int>(values.size()) - 1, {axis});
    return OutShape(Infer("ConcatV2", values, attrs));
  };
  CHECK(concat({F32({2, 3}), F32({2, 5})}, 1) == "[2,8]");
  CHECK(concat({F32({2, 3}), F32({4, 3}), F32({1, 3})}, 0) == "[7,3]");
  CHECK(concat({F32({2, 3}), F32({2, 5})}, -1) == "[2,8]");
  CHECK(concat({F32({-1, 3}), F32({2, -1})}, 1) == "[2,?]");
  CHECK(concat({F32({2, 3}), UnknownRank()}, 1) == "[2,?]");
  CHECK(concat({UnknownRank(), UnknownRank()}, 0) == "<unknown>");
  CHECK(concat({F32({2, 3}), F32({4, 5})}, 1) ==
        "error: 'ConcatV2' values[0] and values[1] differ in dimension 0: 2 vs "
        "4");
  CHECK(concat({F32({2, 3}), F32({2})}, 0).find("ranks differ") !=
        std::string::npos);
  CHECK(concat({F32({2, 3}), F32({2, 3})}, 2) ==
        "error: 'ConcatV2' axis 2 is out of range for rank 2");
  CHECK(concat({F32({}), F32({})}, 0) ==
        "error: 'ConcatV2' cannot concatenate scalars");
  CHECK(OutShape(Infer("ConcatV2", {F32({2, 3}), F32({2, 5}), I32({})})) ==
        "[?,?]");
}

TEST_CASE("Pack stacks along a new axis") {
  auto pack = [](std::vector<TensorType> values, int64_t axis) {
    return OutShape(Infer("Pack", values, TestAttrSource().Int("axis", axis)));
  };
  CHECK(OutShape(Infer("Pack", {F32({3}), F32({3})})) == "[2,3]");
  CHECK(pack({F32({3}), F32({3}), F32({3})}, 1) == "[3,3]");
  CHECK(pack({F32({2, -1}), F32({-1, 3})}, -1) == "[2,3,2]");
  CHECK(pack({F32({}), F32({})}, 0) == "[2]");
  CHECK(pack({F32({3}), F32({4})}, 0) ==
        "error: 'Pack' shapes of the values differ: [3] vs [4]");
  CHECK(pack({F32({3}), F32({3})}, 2).find("axis 2 is out of range") !=
        std::string::npos);
  CHECK(pack({UnknownRank(), UnknownRank()}, 0) == "<unknown>");
}

TEST_CASE("ExpandDims, Squeeze and Shape") {
  auto expand = [](std::vector<int64_t> in, int64_t dim) {
    return OutShape(Infer("ExpandDims", {F32(in), I32({})},
                          TestAttrSource().Const(1, {dim})));
  };
  CHECK(expand({2, 3}, 0) == "[1,2,3]");
  CHECK(expand({2, 3}, 2) == "[2,3,1]");
  CHECK(expand({2, 3}, -1) == "[2,3,1]");
  CHECK(expand({2, 3}, 3).find("out of range") != std::string::npos);
  CHECK(OutShape(Infer("ExpandDims", {F32({2}), I32({})})) == "[?,?]");

  auto squeeze = [](std::vector<int64_t> in, std::vector<int64_t> dims) {
    return OutShape(Infer("Squeeze", {F32(in)},
                          TestAttrSource().IntList("squeeze_dims", dims)));
  };
  CHECK(squeeze({1, 2, 1, 3}, {}) == "[2,3]");
  CHECK(squeeze({1, 2, -1}, {}) == "<unknown>");
  CHECK(squeeze({1, 2, -1}, {0}) == "[2,?]");
  CHECK(squeeze({2, 1, -1}, {-2, 2}) == "[2]");
  CHECK(squeeze({2, 3}, {1}) ==
        "error: 'Squeeze' cannot squeeze dimension 1 of shape [2,3]: its size "
        "is not 1");

  CHECK(OutShape(Infer("Shape", {F32({2, -1, 3})})) == "[3]");
  CHECK(OutShape(Infer("Shape", {UnknownRank()})) == "[?]");
}

TEST_CASE("Fill and OneHot") {
  CHECK(OutShape(Infer("Fill", {I32({2}), F32({})},
                       TestAttrSource().Const(0, {2, 3}))) == "[2,3]");
  CHECK(OutShape(Infer("Fill", {I32({3}), F32({})})) == "[?,?,?]");
  CHECK(OutShape(Infer("Fill", {I32({2}), F32({})},
                       TestAttrSource().Const(0, {2, -1})))
            .find("must not be negative") != std::string::npos);

  auto one_hot = [](std::vector<int64_t> indices, int64_t axis) {
    TestAttrSource attrs;
    attrs.Int("axis", axis).Const(1, {10});
    return OutShape(
        Infer("OneHot", {I64(indices), I32({}), F32({}), F32({})}, attrs));
  };
  CHECK(one_hot({4}, -1) == "[4,10]");
  CHECK(one_hot({4}, 0) == "[10,4]");
  CHECK(one_hot({4, 5}, 1) == "[4,10,5]");
  CHECK(one_hot({-1, 5}, 2) == "[?,5,10]");
  CHECK(one_hot({4}, 2).find("out of range") != std::string::npos);
  CHECK(one_hot({4}, -2) ==
        "error: 'OneHot' axis -2 must be -1 or non-negative");
  CHECK(OutShape(Infer("OneHot", {I64({4}), I32({}), F32({}), F32({})})) ==
        "[4,?]");
  CHECK(ErrorOf(Infer("OneHot", {I64({4}), I64({}), F32({}), F32({})})) ==
        "'OneHot' input 'depth' has dtype int64 but must be int32");
}

TEST_CASE("base and state ops") {
  CHECK(OutShape(Infer("Placeholder", {},
                       TestAttrSource().Type("dtype", tensorflow::DT_FLOAT))) ==
        "<unknown>");
  auto ph = Infer("Placeholder", {},
                  TestAttrSource()
                      .Type("dtype", tensorflow::DT_INT64)
                      .ShapeAttr("shape", Shape::Of({-1, 784})));
  CHECK(OutShape(ph) == "[?,784]");
  CHECK((*ph)[0].dtype == tensorflow::DT_INT64);
  TestAttrSource const_attrs;
  const_attrs.Type("dtype", tensorflow::DT_FLOAT).Tensor("value", F32({2, 2}));
  CHECK(OutShape(Infer("Const", {}, const_attrs)) == "[2,2]");
  const_attrs.Tensor("value", I32({2}));
  CHECK(ErrorOf(Infer("Const", {}, const_attrs)) ==
        "'Const' value has dtype int32 but 'dtype' is float");
  CHECK(Infer("NoOp", {}).ok());
  CHECK(Infer("NoOp", {})->empty());

  TestAttrSource var;
  var.Type("dtype", tensorflow::DT_FLOAT).ShapeAttr("shape", Shape::Of({2}));
  auto handle = Infer("VarHandleOp", {}, var);
  CHECK(OutShape(handle) == "[]");
  CHECK((*handle)[0].dtype == tensorflow::DT_RESOURCE);
  const TensorType resource = Typed(tensorflow::DT_RESOURCE, {});
  auto read = Infer("ReadVariableOp", {resource}, var);
  CHECK((*read)[0].dtype == tensorflow::DT_FLOAT);
  auto assign = Infer("AssignVariableOp", {resource, F32({2})});
  REQUIRE(assign.ok());
  CHECK(assign->empty());
  CHECK(
      ErrorOf(Infer("ReadVariableOp", {F32({})}, var)) ==
      "'ReadVariableOp' input 'resource' has dtype float but must be resource");
}

}  // namespace
}  // namespace testing
}  // namespace kiln
