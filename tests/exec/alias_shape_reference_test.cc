// ALIAS (views with a new shape), SHAPE and REFERENCE steps.
#include <cmath>

#include "proto/tensorflow/attr_value.pb.h"
#include "tests/exec/plan_builder.h"

namespace kiln {
namespace testing {
namespace {

template <typename T>
Tensor Vector(const std::vector<T>& v) {
  auto t = Tensor::FromVector<T>(v);
  REQUIRE(t.ok());
  return *t;
}

TEST_CASE("Reshape with -1 views the feed's buffer") {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1, -1});
  int shape = p.Constant("shape:0", Vector<int32_t>({-1, 3}));
  int y = p.Value("r:0", tensorflow::DT_FLOAT, {-1, 3});
  p.plan().mutable_values(y)->set_is_alias(true);
  p.Step(PlanStep::ALIAS, "r", "Reshape", {x, shape}, {y});
  p.Fetch(y);
  Executor executor(p.Build());
  Tensor in = Random<float>({2, 6});
  std::vector<Tensor> out = MustRun(executor, {in});
  CHECK(out[0].shape().dim_sizes() == std::vector<int64_t>{4, 3});
  CHECK(out[0].SharesBufferWith(in));
  CHECK(out[0].raw_data() == in.raw_data());
  std::vector<Tensor> bad;
  Status s = executor.Run({Random<float>({1, 5})}, nullptr, &bad);
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::StartsWith("node 'r' (Reshape): "));
}

TEST_CASE("ExpandDims, Squeeze and Identity compute their shapes") {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1, 1, 4});
  int axis = p.Constant("axis:0", Vector<int64_t>({-1}));
  int e = p.Value("e:0", tensorflow::DT_FLOAT, {-1, 1, 4, 1});
  int s = p.Value("s:0", tensorflow::DT_FLOAT, {-1, 4, 1});
  int i = p.Value("i:0", tensorflow::DT_FLOAT, {-1, 4, 1});
  p.Step(PlanStep::ALIAS, "e", "ExpandDims", {x, axis}, {e});
  PlanStep* sq = p.Step(PlanStep::ALIAS, "s", "Squeeze", {e}, {s});
  tensorflow::AttrValue dims;
  dims.mutable_list()->add_i(1);
  (*sq->mutable_node()->mutable_attr())["squeeze_dims"] = dims;
  p.Step(PlanStep::ALIAS, "i", "Identity", {s}, {i});
  p.Fetch(e);
  p.Fetch(s);
  p.Fetch(i);
  Executor executor(p.Build());
  Tensor in = Random<float>({3, 1, 4});
  std::vector<Tensor> out = MustRun(executor, {in});
  CHECK(out[0].shape().dim_sizes() == std::vector<int64_t>{3, 1, 4, 1});
  CHECK(out[1].shape().dim_sizes() == std::vector<int64_t>{3, 4, 1});
  CHECK(out[2].shape().dim_sizes() == std::vector<int64_t>{3, 4, 1});
  for (const Tensor& t : out) CHECK(t.raw_data() == in.raw_data());
}

TEST_CASE("an alias of an arena value is copied out when fetched") {
  PlanBuilder p;
  int a = p.Feed("a:0", tensorflow::DT_FLOAT, {-1, 4});
  int w = p.Constant("w:0", Random<float>({4, 6}));
  int y = p.Value("y:0", tensorflow::DT_FLOAT, {-1, 6}, /*slot=*/0);
  int shape = p.Constant("shape:0", Vector<int32_t>({-1}));
  int flat = p.Value("flat:0", tensorflow::DT_FLOAT, {-1});
  p.plan().mutable_values(flat)->set_is_alias(true);
  p.Step(PlanStep::MATMUL, "mm", "MatMul", {a, w}, {y});
  p.Step(PlanStep::ALIAS, "flat", "Reshape", {y, shape}, {flat});
  p.Fetch(flat);
  Executor executor(p.Build());
  Tensor a1 = Random<float>({2, 4}), a2 = Random<float>({2, 4});
  Tensor first = MustRun(executor, {a1})[0];
  std::vector<float> saved(first.flat<float>().begin(),
                           first.flat<float>().end());
  Tensor second = MustRun(executor, {a2})[0];
  CHECK(!first.SharesBufferWith(second));
  // The second run did not overwrite the first run's result.
  for (int i = 0; i < 12; ++i) CHECK(first.data<float>()[i] == saved[i]);
  CHECK(first.shape().dim_sizes() == std::vector<int64_t>{12});
}

TEST_CASE("Shape gives input 0's dims as int32 or int64") {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1, -1, 5});
  int s32 = p.Value("s32:0", tensorflow::DT_INT32, {3});
  int s64 = p.Value("s64:0", tensorflow::DT_INT64, {3}, /*slot=*/0);
  p.Step(PlanStep::SHAPE, "s32", "Shape", {x}, {s32});
  PlanStep* s = p.Step(PlanStep::SHAPE, "s64", "Shape", {x}, {s64});
  tensorflow::AttrValue out_type;
  out_type.set_type(tensorflow::DT_INT64);
  (*s->mutable_node()->mutable_attr())["out_type"] = out_type;
  p.Fetch(s32);
  p.Fetch(s64);
  Executor executor(p.Build());
  std::vector<Tensor> out = MustRun(executor, {Random<float>({7, 0, 5})});
  REQUIRE(out[0].dtype() == tensorflow::DT_INT32);
  REQUIRE(out[1].dtype() == tensorflow::DT_INT64);
  CHECK(std::vector<int32_t>(out[0].flat<int32_t>().begin(),
                             out[0].flat<int32_t>().end()) ==
        std::vector<int32_t>{7, 0, 5});
  CHECK(std::vector<int64_t>(out[1].flat<int64_t>().begin(),
                             out[1].flat<int64_t>().end()) ==
        std::vector<int64_t>{7, 0, 5});
}

TEST_CASE("reference steps run runtime/reference's kernels") {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1, 3});
  int b = p.Feed("b:0", tensorflow::DT_FLOAT, {3});
  int axis = p.Constant("axis:0", Vector<int32_t>({1}));
  int sum = p.Value("add:0", tensorflow::DT_FLOAT, {-1, 3});
  int red = p.Value("max:0", tensorflow::DT_FLOAT, {-1, 1});
  p.Step(PlanStep::REFERENCE, "add", "AddV2", {x, b}, {sum});
  PlanStep* m = p.Step(PlanStep::REFERENCE, "max", "Max", {sum, axis}, {red});
  tensorflow::AttrValue keep;
  keep.set_b(true);
  (*m->mutable_node()->mutable_attr())["keep_dims"] = keep;
  p.Fetch(red);
  Executor executor(p.Build());
  Tensor xt = Random<float>({5, 3}), bt = Random<float>({3});
  Tensor out = MustRun(executor, {xt, bt})[0];
  REQUIRE(out.shape().dim_sizes() == std::vector<int64_t>{5, 1});
  for (int i = 0; i < 5; ++i) {
    float expect = -INFINITY;
    for (int j = 0; j < 3; ++j) {
      expect =
          std::max(expect, xt.data<float>()[i * 3 + j] + bt.data<float>()[j]);
    }
    CHECK(out.data<float>()[i] == expect);
  }
}

}  // namespace
}  // namespace testing
}  // namespace kiln
