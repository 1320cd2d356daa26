// Executor and Executable::Create: feed checks, malformed plans, concurrent
// runs, and the per-run overhead of a one-step plan.
#include <chrono>
#include <cstdio>
#include <thread>

#include "tests/exec/plan_builder.h"

namespace kiln {
namespace testing {
namespace {

// out[i] = a[i] * 2 over a rank-1 float memref.
void Twice(void** args) {
  auto* a = static_cast<MemRef<float, 1>*>(args[0]);
  auto* out = static_cast<MemRef<float, 1>*>(args[1]);
  for (int64_t i = 0; i < out->sizes[0]; ++i) out->at(i) = 2 * a->at(i);
}

PlanBuilder TwicePlan() {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1});
  int y = p.Value("y:0", tensorflow::DT_FLOAT, {-1});
  p.Kernel("twice", Twice);
  PlanStep* s = p.Step(PlanStep::KERNEL, "twice", "Mul", {x}, {y});
  s->set_kernel("twice");
  AddResultDims(s, {ArgDim(0, 0)});
  p.Fetch(y);
  return p;
}

// y = relu(x w + b) (oneDNN), then z = 2 * flatten(y) (a kernel), y in slot 0.
PlanBuilder DensePlan(const Tensor& w, const Tensor& b) {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1, 784});
  int wv = p.Constant("w:0", w), bv = p.Constant("b:0", b);
  int y = p.Value("y:0", tensorflow::DT_FLOAT, {-1, 10}, /*slot=*/0);
  int shape = p.Constant("shape:0", *Tensor::FromVector<int32_t>({-1}));
  int flat = p.Value("flat:0", tensorflow::DT_FLOAT, {-1}, -1);
  int z = p.Value("z:0", tensorflow::DT_FLOAT, {-1});
  PlanStep* mm = p.Step(PlanStep::MATMUL, "dense", "MatMul", {x, wv, bv}, {y});
  mm->mutable_matmul()->set_has_bias(true);
  mm->mutable_matmul()->set_activation("Relu");
  p.Step(PlanStep::ALIAS, "flat", "Reshape", {y, shape}, {flat});
  p.Kernel("twice", Twice);
  PlanStep* k = p.Step(PlanStep::KERNEL, "twice", "Mul", {flat}, {z});
  k->set_kernel("twice");
  AddResultDims(k, {ArgDim(0, 0)});
  p.Fetch(z);
  return p;
}

void CheckDense(const Tensor& x, const Tensor& w, const Tensor& b,
                const Tensor& z) {
  const int64_t m = x.dim_size(0);
  REQUIRE(z.shape().dim_sizes() == std::vector<int64_t>{m * 10});
  for (int64_t i = 0; i < m; ++i) {
    for (int j = 0; j < 10; ++j) {
      double sum = b.data<float>()[j];
      for (int k = 0; k < 784; ++k) {
        sum +=
            double(x.data<float>()[i * 784 + k]) * w.data<float>()[k * 10 + j];
      }
      REQUIRE(z.data<float>()[i * 10 + j] ==
              Approx(2 * std::max(sum, 0.0)).margin(1e-3));
    }
  }
}

Status RunStatus(const Executor& e, const std::vector<Tensor>& feeds) {
  std::vector<Tensor> out;
  return e.Run(feeds, nullptr, &out);
}

TEST_CASE("feeds are checked for count, dtype and known dims") {
  Tensor w = Random<float>({784, 10}), b = Random<float>({10});
  Executor e(DensePlan(w, b).Build());
  Status s = RunStatus(e, {Random<float>({3, 10})});
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() == "feed 'x:0' expects float[?,784] but got float[3,10]");
  s = RunStatus(e, {Random<int32_t>({3, 784})});
  CHECK(s.message() == "feed 'x:0' expects float[?,784] but got int32[3,784]");
  s = RunStatus(e, {Random<float>({784})});
  CHECK(s.message() == "feed 'x:0' expects float[?,784] but got float[784]");
  s = RunStatus(e, {});
  CHECK_THAT(s.message(), Catch::Contains("expected 1 feeds, got 0"));
  CHECK(RunStatus(e, {Random<float>({0, 784})}).ok());
}

TEST_CASE("Executable::Create rejects malformed plans, naming the step") {
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_steps(0)->set_inputs(0, 7);
    Status s = p.Create().status();
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(s.message(), Catch::Contains("step 0 (node 'twice'"));
    CHECK_THAT(s.message(), Catch::Contains("input value 7 out of range"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_steps(0)->set_kernel("missing_kernel");
    Status s = p.Create().status();
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(s.message(), Catch::Contains("node 'twice'"));
    CHECK_THAT(s.message(), Catch::Contains("'missing_kernel' not found"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_steps(0)->clear_result_dims();
    CHECK_THAT(p.Create().status().message(),
               Catch::Contains("0 result_dims for 1 outputs"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_steps(0)->add_split(true);
    CHECK_THAT(p.Create().status().message(),
               Catch::Contains("split has 1 entries for 2 arguments"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_steps(0)->set_kind(PlanStep::MATMUL);
    CHECK_THAT(p.Create().status().message(), Catch::Contains("wrong arity"));
  }
  {
    // A MATMUL step reaches the library through the C entry it names.
    PlanBuilder p = TwicePlan();
    PlanStep* step = p.plan().mutable_steps(0);
    step->set_kind(PlanStep::MATMUL);
    step->add_inputs(step->inputs(0));
    step->set_kernel("kiln_rt_no_such_matmul");
    CHECK_THAT(p.Create().status().message(),
               Catch::Contains("library entry 'kiln_rt_no_such_matmul' not "
                               "found"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_feeds(0)->set_value(-1);
    CHECK_THAT(p.Create().status().message(),
               Catch::Contains("feed 'x:0': value -1 out of range"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_steps(0)->set_inputs(0, 1);  // y, before it exists
    CHECK_THAT(p.Create().status().message(),
               Catch::Contains("reads value 1 ('y:0') before any step"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_steps(0)->set_outputs(0, 0);  // onto the feed
    CHECK_THAT(p.Create().status().message(),
               Catch::Contains("a feed or constant"));
  }
  {
    PlanBuilder p = TwicePlan();
    p.plan().mutable_fetches(0)->set_value(9);
    CHECK_THAT(p.Create().status().message(), Catch::Contains("fetch 'y:0'"));
  }
  {
    PlanBuilder p = TwicePlan();
    int c = p.Constant("c:0", Random<float>({4}));
    p.plan().mutable_constants(0)->mutable_tensor()->set_tensor_content("xyz");
    Status s = p.Create().status();
    CHECK(!s.ok());
    CHECK_THAT(s.message(), Catch::Contains("constant 'c:0'"));
    CHECK(c == 2);
  }
}

TEST_CASE("concurrent runs from 4 threads give the right answers") {
  Tensor w = Random<float>({784, 10}, -0.1, 0.1), b = Random<float>({10});
  Executor e(DensePlan(w, b).Build());
  std::vector<Tensor> inputs;
  for (int t = 0; t < 4; ++t) inputs.push_back(Random<float>({t + 1, 784}));
  std::vector<std::vector<Tensor>> results(4);
  std::vector<Status> failures(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::vector<Tensor> out;
        Status s = e.Run({inputs[t]}, nullptr, &out);
        if (!s.ok()) failures[t] = s;
        results[t].push_back(out.empty() ? Tensor() : out[0]);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 4; ++t) {
    INFO(failures[t].ToString());
    REQUIRE(failures[t].ok());
    CheckDense(inputs[t], w, b, results[t][0]);
    for (const Tensor& z : results[t]) {
      REQUIRE(std::memcmp(z.raw_data(), results[t][0].raw_data(), z.bytes()) ==
              0);
    }
  }
}

TEST_CASE("a one-step run costs a few microseconds") {
  Executor e(TwicePlan().Build());
  std::vector<Tensor> feeds = {Random<float>({16})}, out;
  for (int i = 0; i < 1000; ++i) REQUIRE(e.Run(feeds, nullptr, &out).ok());
  const int runs = 20000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) (void)e.Run(feeds, nullptr, &out);
  const double us = std::chrono::duration<double, std::micro>(
                        std::chrono::steady_clock::now() - start)
                        .count() /
                    runs;
  std::printf("executor: one KERNEL step: %.2f us per Run\n", us);
  CHECK(out[0].data<float>()[3] == 2 * feeds[0].data<float>()[3]);
  CHECK(us < 100);  // loose: shared CI machines; the target is under 10
}

TEST_CASE("a batch-1 dense layer run") {
  Tensor w = Random<float>({784, 10}), b = Random<float>({10});
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1, 784});
  int wv = p.Constant("w:0", w), bv = p.Constant("b:0", b);
  int y = p.Value("y:0", tensorflow::DT_FLOAT, {-1, 10});
  PlanStep* mm = p.Step(PlanStep::MATMUL, "dense", "MatMul", {x, wv, bv}, {y});
  mm->mutable_matmul()->set_has_bias(true);
  mm->mutable_matmul()->set_activation("Relu");
  p.Fetch(y);
  Executor e(p.Build());
  std::vector<Tensor> feeds = {Random<float>({1, 784})}, out;
  for (int i = 0; i < 1000; ++i) REQUIRE(e.Run(feeds, nullptr, &out).ok());
  const int runs = 20000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) (void)e.Run(feeds, nullptr, &out);
  const double us = std::chrono::duration<double, std::micro>(
                        std::chrono::steady_clock::now() - start)
                        .count() /
                    runs;
  std::printf("executor: batch-1 784x10 dense + bias + relu: %.2f us per Run\n",
              us);
  CHECK(us < 1000);
}

}  // namespace
}  // namespace testing
}  // namespace kiln
