// Variables: VAR_HANDLE, READ_VARIABLE and ASSIGN_VARIABLE through a
// VariableStore, with all-or-nothing commits.
#include "proto/tensorflow/attr_value.pb.h"
#include "runtime/exec/variable_store.h"
#include "tests/exec/plan_builder.h"

namespace kiln {
namespace testing {
namespace {

void SetAttr(PlanStep* step, const std::string& name,
             const tensorflow::AttrValue& value) {
  (*step->mutable_node()->mutable_attr())[name] = value;
}

tensorflow::AttrValue TypeAttr(DataType t) {
  tensorflow::AttrValue v;
  v.set_type(t);
  return v;
}

// before = read(w); assign(w, x); after = read(w); then, when `fail_after`,
// a matmul whose shapes never match. Fetches before and after.
PlanBuilder ReadAssignRead(bool fail_after) {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {2, 3});
  int h = p.Value("w:0", tensorflow::DT_RESOURCE, {});
  int before = p.Value("read:0", tensorflow::DT_FLOAT, {2, 3});
  int after = p.Value("read_1:0", tensorflow::DT_FLOAT, {2, 3});
  PlanStep* vh = p.Step(PlanStep::VAR_HANDLE, "w", "VarHandleOp", {}, {h});
  tensorflow::AttrValue shared;
  shared.set_s("weights");
  SetAttr(vh, "shared_name", shared);
  SetAttr(
      p.Step(PlanStep::READ_VARIABLE, "read", "ReadVariableOp", {h}, {before}),
      "dtype", TypeAttr(tensorflow::DT_FLOAT));
  SetAttr(p.Step(PlanStep::ASSIGN_VARIABLE, "assign", "AssignVariableOp",
                 {h, x}, {}),
          "dtype", TypeAttr(tensorflow::DT_FLOAT));
  SetAttr(
      p.Step(PlanStep::READ_VARIABLE, "read_1", "ReadVariableOp", {h}, {after}),
      "dtype", TypeAttr(tensorflow::DT_FLOAT));
  if (fail_after) {
    int y = p.Value("bad:0", tensorflow::DT_FLOAT, {-1, -1});
    p.Step(PlanStep::MATMUL, "bad", "MatMul", {x, x}, {y});  // [2,3]x[2,3]
  }
  p.Fetch(before);
  p.Fetch(after);
  return p;
}

std::vector<float> Values(const Tensor& t) {
  return std::vector<float>(t.flat<float>().begin(), t.flat<float>().end());
}

TEST_CASE("reads see the run's own writes; Commit publishes them") {
  Executor executor(ReadAssignRead(false).Build());
  VariableStore vars;
  Tensor w0 = Random<float>({2, 3}), x = Random<float>({2, 3});
  vars.Set("weights", w0);
  std::vector<Tensor> out = MustRun(executor, {x}, &vars);
  CHECK(Values(out[0]) == Values(w0));
  CHECK(Values(out[1]) == Values(x));
  auto now = vars.Read("weights");
  REQUIRE(now.ok());
  CHECK(Values(*now) == Values(x));
  // The store holds a copy: the caller may reuse its feed.
  CHECK(!now->SharesBufferWith(x));
  CHECK(vars.Names() == std::vector<std::string>{"weights"});
}

TEST_CASE("a failed run leaves variables unchanged") {
  Executor executor(ReadAssignRead(true).Build());
  VariableStore vars;
  Tensor w0 = Random<float>({2, 3});
  vars.Set("weights", w0);
  std::vector<Tensor> out;
  Status s = executor.Run({Random<float>({2, 3})}, &vars, &out);
  REQUIRE(s.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::StartsWith("node 'bad' (MatMul)"));
  CHECK(out.empty());
  auto now = vars.Read("weights");
  REQUIRE(now.ok());
  CHECK(Values(*now) == Values(w0));
}

TEST_CASE("reading an uninitialized variable is FailedPrecondition") {
  Executor executor(ReadAssignRead(false).Build());
  VariableStore vars;
  std::vector<Tensor> out;
  Status s = executor.Run({Random<float>({2, 3})}, &vars, &out);
  REQUIRE(s.code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(s.message(), Catch::Contains("node 'read' (ReadVariableOp)"));
  CHECK_THAT(s.message(), Catch::Contains("'weights'"));
  CHECK(!vars.Contains("weights"));
}

TEST_CASE("variable dtypes are checked against the op's dtype attr") {
  Executor executor(ReadAssignRead(false).Build());
  VariableStore vars;
  vars.Set("weights", *Tensor::FromVector<int32_t>({1, 2, 3}));
  std::vector<Tensor> out;
  Status s = executor.Run({Random<float>({2, 3})}, &vars, &out);
  REQUIRE(s.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::Contains("holds int32"));
}

TEST_CASE("VariableTransaction stages writes until Commit") {
  VariableStore vars;
  VariableTransaction txn(&vars);
  Tensor v = Random<float>({4});
  REQUIRE(txn.Assign("v", v).ok());
  auto staged = txn.Read("v");
  REQUIRE(staged.ok());
  CHECK(staged->SharesBufferWith(v));
  CHECK(vars.Read("v").status().code() == StatusCode::kFailedPrecondition);
  txn.Commit();
  CHECK(vars.Contains("v"));
}

// Move offers a value's new home (the GPU's copy of a host value); a write
// made meanwhile, by this run or another, wins.
TEST_CASE("VariableTransaction::Move replaces only the value it copied") {
  VariableStore vars;
  const Tensor host = Random<float>({3});
  vars.Set("a", host);
  vars.Set("b", host);
  vars.Set("c", host);
  const Tensor moved = Random<float>({3});
  VariableTransaction run(&vars);
  run.Move("a", host, moved);
  run.Move("b", host, moved);
  run.Move("c", host, moved);
  // Another run writes b first; this run itself writes c.
  const Tensor other = Random<float>({3});
  vars.Set("b", other);
  const Tensor own = Random<float>({3});
  REQUIRE(run.Assign("c", own).ok());
  run.Commit();
  CHECK(vars.ReadStored("a")->SharesBufferWith(moved));
  CHECK(vars.ReadStored("b")->SharesBufferWith(other));
  CHECK(vars.ReadStored("c")->SharesBufferWith(own));
}

// A fake device allocator: host memory the Tensor calls GPU memory.
class FakeDeviceAllocator : public Allocator {
 public:
  std::string Name() const override { return "fake-gpu"; }
  void* Allocate(size_t bytes, size_t alignment) override {
    return DefaultCpuAllocator()->Allocate(bytes, alignment);
  }
  void Deallocate(void* p, size_t bytes) override {
    DefaultCpuAllocator()->Deallocate(p, bytes);
  }
  int device_ordinal() const override { return 0; }
};

TEST_CASE("GPU tensors say so, and the host refuses to copy them") {
  FakeDeviceAllocator device;
  auto t = Tensor::Allocate(tensorflow::DT_FLOAT, *TensorShape::Create({2, 2}),
                            &device);
  REQUIRE(t.ok());
  CHECK(t->on_device());
  CHECK_FALSE(Random<float>({2}).on_device());
  CHECK(t->DeepCopy().status().code() == StatusCode::kFailedPrecondition);
  CHECK(Random<float>({2}).DeepCopy(&device).status().code() ==
        StatusCode::kFailedPrecondition);
  CHECK_THAT(t->ToString(), Catch::Contains("on the GPU"));
}

}  // namespace
}  // namespace testing
}  // namespace kiln
