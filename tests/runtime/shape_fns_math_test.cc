// Tests the math ops' shape functions: element-wise ops, matrix products,
// reductions, ArgMax, comparisons and Select.
#include <catch2/catch.hpp>

#include "tests/runtime/test_attr_source.h"

namespace kiln {
namespace testing {
namespace {

TEST_CASE("unary ops keep their input's shape") {
  for (const char* op :
       {"Neg", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Tanh", "Sigmoid", "Sin", "Cos",
        "Identity", "StopGradient", "ZerosLike", "OnesLike"}) {
    INFO(op);
    CHECK(OutShape(Infer(op, {F32({-1, 3})})) == "[?,3]");
    CHECK(OutShape(Infer(op, {UnknownRank()})) == "<unknown>");
  }
}

TEST_CASE("MatMul with transposes") {
  auto matmul = [](std::vector<int64_t> a, std::vector<int64_t> b, bool ta,
                   bool tb) {
    TestAttrSource attrs;
    attrs.Bool("transpose_a", ta).Bool("transpose_b", tb);
    return OutShape(Infer("MatMul", {F32(a), F32(b)}, attrs));
  };
  CHECK(matmul({2, 3}, {3, 4}, false, false) == "[2,4]");
  CHECK(matmul({3, 2}, {3, 4}, true, false) == "[2,4]");
  CHECK(matmul({2, 3}, {4, 3}, false, true) == "[2,4]");
  CHECK(matmul({3, 2}, {4, 3}, true, true) == "[2,4]");
  CHECK(matmul({-1, 784}, {784, 10}, false, false) == "[?,10]");
  CHECK(matmul({-1, -1}, {-1, 10}, false, false) == "[?,10]");
  CHECK(matmul({2, 3}, {4, 5}, false, false) ==
        "error: 'MatMul' inner dimensions differ: 3 vs 4");
  CHECK(matmul({2, 3}, {2, 4}, true, false) == "[3,4]");
  CHECK(OutShape(Infer("MatMul", {UnknownRank(), F32({3, 4})})) == "[?,4]");
  CHECK(OutShape(Infer("MatMul", {F32({2, 3, 4}), F32({4, 5})})) ==
        "error: 'MatMul' input 'a' must have rank 2 but has shape [2,3,4]");
}

TEST_CASE("BatchMatMulV2 with adjoints and broadcast batch dims") {
  auto bmm = [](std::vector<int64_t> x, std::vector<int64_t> y, bool ax,
                bool ay) {
    TestAttrSource attrs;
    attrs.Bool("adj_x", ax).Bool("adj_y", ay);
    return OutShape(Infer("BatchMatMulV2", {F32(x), F32(y)}, attrs));
  };
  CHECK(bmm({8, 2, 3}, {3, 4}, false, false) == "[8,2,4]");
  CHECK(bmm({8, 3, 2}, {8, 3, 4}, true, false) == "[8,2,4]");
  CHECK(bmm({8, 2, 3}, {1, 4, 3}, false, true) == "[8,2,4]");
  CHECK(bmm({5, 1, 3, 2}, {7, 4, 3}, true, true) == "[5,7,2,4]");
  CHECK(bmm({-1, 2, 3}, {3, 4}, false, false) == "[?,2,4]");
  CHECK(bmm({2, 3}, {3, 4}, false, false) == "[2,4]");
  CHECK(bmm({2, 2, 3}, {3, 3, 4}, false, false) ==
        "error: 'BatchMatMulV2' shapes [2] and [3] are not broadcastable");
  CHECK(bmm({2, 3}, {4, 5}, false, false) ==
        "error: 'BatchMatMulV2' inner dimensions differ: 3 vs 4");
  CHECK(OutShape(Infer("BatchMatMulV2", {UnknownRank(), F32({3, 4})})) ==
        "<unknown>");
  CHECK(bmm({3}, {3, 4}, false, false).find("must have rank at least 2") !=
        std::string::npos);
}

TEST_CASE("reductions with keep_dims and negative axes") {
  auto reduce = [](const char* op, std::vector<int64_t> in,
                   std::vector<int64_t> axes, bool keep_dims) {
    TestAttrSource attrs;
    attrs.Bool("keep_dims", keep_dims).Const(1, axes);
    return OutShape(
        Infer(op, {F32(in), I32({static_cast<int64_t>(axes.size())})}, attrs));
  };
  CHECK(reduce("Sum", {2, 3, 4}, {1}, false) == "[2,4]");
  CHECK(reduce("Mean", {2, 3, 4}, {1}, true) == "[2,1,4]");
  CHECK(reduce("Max", {2, 3, 4}, {-1}, false) == "[2,3]");
  CHECK(reduce("Min", {2, 3, 4}, {0, -1}, true) == "[1,3,1]");
  CHECK(reduce("Prod", {2, 3, 4}, {2, -1}, false) == "[2,3]");  // duplicates
  CHECK(reduce("Sum", {-1, 3}, {0}, false) == "[3]");
  CHECK(reduce("Sum", {2, 3}, {}, false) == "[2,3]");
  CHECK(reduce("Sum", {2, 3}, {0, 1}, false) == "[]");
  CHECK(reduce("Sum", {2, 3}, {2}, false) ==
        "error: 'Sum' reduction index 2 is out of range for rank 2");
  CHECK(reduce("Sum", {2, 3}, {-3}, false).find("out of range") !=
        std::string::npos);
  // Without constant indices.
  CHECK(OutShape(Infer("Sum", {F32({2, 3}), I32({1})},
                       TestAttrSource().Bool("keep_dims", true))) == "[?,?]");
  CHECK(OutShape(Infer("Sum", {F32({2, 3}), I32({1})})) == "<unknown>");
  CHECK(OutShape(Infer("Sum", {F32({2, 3}), I32({})})) == "[?]");
  CHECK(OutShape(Infer("Sum", {F32({2, 3}), I32({0})})) == "[2,3]");
  CHECK(OutShape(Infer("Sum", {UnknownRank(), I32({1})},
                       TestAttrSource().Const(1, {0}))) == "<unknown>");
}

TEST_CASE("ArgMax drops its dimension") {
  CHECK(OutShape(Infer("ArgMax", {F32({2, 10}), I32({})},
                       TestAttrSource().Const(1, {1}))) == "[2]");
  CHECK(OutShape(Infer("ArgMax", {F32({2, 10}), I32({})},
                       TestAttrSource().Const(1, {-2}))) == "[10]");
  CHECK(OutShape(Infer("ArgMax", {F32({2, 10, 3}), I32({})})) == "[?,?]");
  CHECK(OutShape(Infer("ArgMax", {F32({2, 10}), I32({})},
                       TestAttrSource().Const(1, {2}))) ==
        "error: 'ArgMax' dimension 2 is out of range for rank 2");
  CHECK(OutShape(Infer("ArgMax", {F32({}), I32({})})).find("rank at least 1") !=
        std::string::npos);
}

TEST_CASE("comparisons broadcast to bool") {
  for (const char* op : {"Equal", "Greater", "Less"}) {
    INFO(op);
    auto r = Infer(op, {F32({2, 1}), F32({3})});
    CHECK(OutShape(r) == "[2,3]");
    CHECK((*r)[0].dtype == tensorflow::DT_BOOL);
  }
  CHECK(ErrorOf(Infer("Greater", {Bool({2}), Bool({2})})).find("'T'") !=
        std::string::npos);
  CHECK(ErrorOf(Infer("Equal", {Bool({2}), Bool({2})})) == "ok");
  TestAttrSource lax;
  lax.Bool("incompatible_shape_error", false);
  CHECK(OutShape(Infer("Equal", {F32({2, 3}), F32({4})}, lax)) == "<unknown>");
  CHECK(OutShape(Infer("Equal", {F32({2, 3}), F32({3})}, lax)) == "[2,3]");
  CHECK(OutShape(Infer("Equal", {F32({2, -1}), F32({3})}, lax)) == "<unknown>");
  CHECK(OutShape(Infer("Equal", {F32({2, 3}), F32({4})})) ==
        "error: 'Equal' shapes [2,3] and [4] are not broadcastable");
}

TEST_CASE("Select: same shape, scalar or rank-1 condition") {
  CHECK(OutShape(Infer("Select", {Bool({2, 3}), F32({2, 3}), F32({2, 3})})) ==
        "[2,3]");
  CHECK(OutShape(Infer("Select", {Bool({2}), F32({2, 3}), F32({-1, 3})})) ==
        "[2,3]");
  CHECK(OutShape(Infer("Select", {Bool({}), F32({2, 3}), F32({2, 3})})) ==
        "[2,3]");
  CHECK(OutShape(Infer("Select", {Bool({-1, -1}), F32({2, -1}),
                                  F32({-1, 3})})) == "[2,3]");
  CHECK(OutShape(Infer("Select", {Bool({4}), F32({2, 3}), F32({2, 3})})) ==
        "error: 'Select' size of condition and first dimension of t differ: "
        "4 vs 2");
  CHECK(OutShape(Infer("Select", {Bool({2, 3}), F32({2, 3}), F32({2, 4})})) ==
        "error: 'Select' shapes of t and e differ: [2,3] vs [2,4]");
  CHECK(OutShape(Infer("Select", {Bool({3, 2}), F32({2, 3}), F32({2, 3})}))
            .find("shapes of t and condition differ") != std::string::npos);
}

TEST_CASE("SelectV2 broadcasts all three inputs") {
  CHECK(OutShape(Infer("SelectV2", {Bool({2, 1}), F32({3}), F32({})})) ==
        "[2,3]");
  CHECK(OutShape(Infer("SelectV2", {Bool({}), F32({-1, 3}), F32({4, 1})})) ==
        "[4,3]");
  CHECK(OutShape(Infer("SelectV2", {Bool({5, 1, 1}), F32({2, 1}), F32({3})})) ==
        "[5,2,3]");
  CHECK(OutShape(Infer("SelectV2", {Bool({4}), F32({3}), F32({3})})) ==
        "error: 'SelectV2' shapes [4] and [3] are not broadcastable");
  CHECK(OutShape(Infer("SelectV2", {UnknownRank(tensorflow::DT_BOOL), F32({3}),
                                    F32({3})})) == "<unknown>");
}

}  // namespace
}  // namespace testing
}  // namespace kiln
