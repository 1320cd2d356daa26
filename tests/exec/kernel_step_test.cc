// KERNEL steps: packed-ABI kernels called with memref descriptors, result
// dims, dim equalities, and splitting dim 0 over the thread pool.
#include <atomic>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "tests/exec/plan_builder.h"

namespace kiln {
namespace testing {
namespace {

// Chunks the test kernels saw: their row ranges and threads.
struct ChunkLog {
  std::mutex mu;
  std::vector<std::pair<int64_t, int64_t>> ranges;  // [offset row, rows)
  std::set<std::thread::id> threads;
  void Record(int64_t first_row, int64_t rows) {
    std::lock_guard<std::mutex> lock(mu);
    ranges.emplace_back(first_row, rows);
    threads.insert(std::this_thread::get_id());
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mu);
    ranges.clear();
    threads.clear();
  }
};
ChunkLog& Log() {
  static ChunkLog log;
  return log;
}

// out[i, j] = a[i, j] + b[j]: a [m, n], b [n], out [m, n].
void BroadcastAdd(void** args) {
  auto* a = static_cast<MemRef<float, 2>*>(args[0]);
  auto* b = static_cast<MemRef<float, 1>*>(args[1]);
  auto* out = static_cast<MemRef<float, 2>*>(args[2]);
  Log().Record(out->offset / out->strides[0], out->sizes[0]);
  for (int64_t i = 0; i < out->sizes[0]; ++i) {
    for (int64_t j = 0; j < out->sizes[1]; ++j) {
      out->at(i, j) = a->at(i, j) + b->at(j);
    }
  }
}

// out[i] = sum_j in[i, j]: in [m, n], out [m].
void RowSum(void** args) {
  auto* in = static_cast<MemRef<float, 2>*>(args[0]);
  auto* out = static_cast<MemRef<float, 1>*>(args[1]);
  Log().Record(out->offset, out->sizes[0]);
  for (int64_t i = 0; i < in->sizes[0]; ++i) {
    float sum = 0;
    for (int64_t j = 0; j < in->sizes[1]; ++j) sum += in->at(i, j);
    out->at(i) = sum;
  }
}

// x [?, ?] + b [?] -> y [?, ?] (fetched); row sums of y -> s [?] (fetched).
// y sits in arena slot 0 when `y_in_slot`, and is then not fetched.
PlanBuilder AddThenSum(bool split, bool y_in_slot = false) {
  PlanBuilder p;
  int x = p.Feed("x:0", tensorflow::DT_FLOAT, {-1, -1});
  int b = p.Feed("b:0", tensorflow::DT_FLOAT, {-1});
  int y = p.Value("add:0", tensorflow::DT_FLOAT, {-1, -1}, y_in_slot ? 0 : -1);
  int s = p.Value("sum:0", tensorflow::DT_FLOAT, {-1});
  p.Kernel("add_kernel", BroadcastAdd);
  p.Kernel("sum_kernel", RowSum);
  PlanStep* add = p.Step(PlanStep::KERNEL, "add", "AddV2", {x, b}, {y});
  add->set_kernel("add_kernel");
  AddResultDims(add, {ArgDim(0, 0), ArgDim(0, 1)});
  PlanDimEquality* eq = add->add_dim_equalities();
  eq->set_arg_a(0);
  eq->set_dim_a(1);
  eq->set_arg_b(1);
  eq->set_dim_b(0);
  PlanStep* sum = p.Step(PlanStep::KERNEL, "sum", "Sum", {y}, {s});
  sum->set_kernel("sum_kernel");
  AddResultDims(sum, {ArgDim(0, 0)});
  if (split) {
    for (bool v : {true, false, true}) add->add_split(v);
    for (bool v : {true, true}) sum->add_split(v);
  }
  if (!y_in_slot) p.Fetch(y);
  p.Fetch(s);
  return p;
}

void CheckAddThenSum(const Tensor& x, const Tensor& b, const Tensor& y,
                     const Tensor& s) {
  const int64_t m = x.dim_size(0), n = x.dim_size(1);
  REQUIRE(s.shape().dim_sizes() == std::vector<int64_t>{m});
  for (int64_t i = 0; i < m; ++i) {
    double sum = 0;
    for (int64_t j = 0; j < n; ++j) {
      const float expect = x.data<float>()[i * n + j] + b.data<float>()[j];
      if (y.IsInitialized()) REQUIRE(y.data<float>()[i * n + j] == expect);
      sum += expect;
    }
    REQUIRE(s.data<float>()[i] == Approx(sum).margin(1e-4));
  }
}

TEST_CASE("kernel steps compute with descriptors and result dims") {
  Executor executor(AddThenSum(/*split=*/false).Build());
  for (auto [m, n] : {std::pair<int64_t, int64_t>{3, 5}, {1, 1}, {17, 4}}) {
    Tensor x = Random<float>({m, n}), b = Random<float>({n});
    std::vector<Tensor> out = MustRun(executor, {x, b});
    REQUIRE(out.size() == 2);
    REQUIRE(out[0].shape().dim_sizes() == std::vector<int64_t>{m, n});
    REQUIRE(out[0].IsAligned());
    CheckAddThenSum(x, b, out[0], out[1]);
  }
}

TEST_CASE("kernel steps check dim equalities, naming the node") {
  Executor executor(AddThenSum(false).Build());
  std::vector<Tensor> out;
  Status s =
      executor.Run({Random<float>({2, 3}), Random<float>({4})}, nullptr, &out);
  REQUIRE(s.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(s.message(), Catch::Contains("node 'add' (AddV2)"));
  CHECK_THAT(s.message(), Catch::Contains("is 3"));
  CHECK_THAT(s.message(), Catch::Contains("is 4"));
}

TEST_CASE("empty outputs skip the kernel") {
  Executor executor(AddThenSum(false).Build());
  Log().Clear();
  std::vector<Tensor> out =
      MustRun(executor, {Random<float>({0, 3}), Random<float>({3})});
  CHECK(Log().ranges.empty());
  CHECK(out[0].NumElements() == 0);
  CHECK(out[1].shape().dim_sizes() == std::vector<int64_t>{0});
}

TEST_CASE("splitting dim 0 gives identical results over several chunks") {
  Executor whole(AddThenSum(false).Build());
  Executor split(AddThenSum(true).Build());
  const int64_t m = 4096, n = 64;  // 256K outputs: several 16K chunks
  Tensor x = Random<float>({m, n}), b = Random<float>({n});
  std::vector<Tensor> expect = MustRun(whole, {x, b});
  Log().Clear();
  std::vector<Tensor> got = MustRun(split, {x, b});
  for (int i = 0; i < 2; ++i) {
    REQUIRE(std::memcmp(expect[i].raw_data(), got[i].raw_data(),
                        expect[i].bytes()) == 0);
  }
  CheckAddThenSum(x, b, got[0], got[1]);
  // Each of the two kernels ran in chunks that tile [0, m) exactly.
  std::vector<std::pair<int64_t, int64_t>> ranges = Log().ranges;
  CHECK(ranges.size() > 2);
  int64_t rows = 0;
  for (auto [first, count] : ranges) {
    CHECK(first >= 0);
    CHECK(first + count <= m);
    rows += count;
  }
  CHECK(rows == 2 * m);
  INFO("threads used: " << Log().threads.size());
  CHECK(!Log().threads.empty());
}

TEST_CASE("small inputs are not split") {
  Executor split(AddThenSum(true).Build());
  Log().Clear();
  Tensor x = Random<float>({64, 8}), b = Random<float>({8});
  std::vector<Tensor> got = MustRun(split, {x, b});
  CheckAddThenSum(x, b, got[0], got[1]);
  CHECK(Log().ranges.size() == 2);
}

TEST_CASE("arena slots are reused across runs with the same shapes") {
  Executor executor(AddThenSum(false, /*y_in_slot=*/true).Build());
  Tensor x = Random<float>({8, 16}), b = Random<float>({16});
  std::vector<Tensor> first = MustRun(executor, {x, b});
  auto* cpu = dynamic_cast<CpuAllocator*>(DefaultCpuAllocator());
  REQUIRE(cpu != nullptr);
  const int64_t allocs = cpu->GetStats().num_allocs;
  std::vector<Tensor> second = MustRun(executor, {x, b});
  // Only the fetched row sums are new; y's slot buffer was kept.
  CHECK(cpu->GetStats().num_allocs - allocs == 1);
  CheckAddThenSum(x, b, Tensor(), second[0]);
  // A larger run grows the slot and still computes right.
  Tensor x2 = Random<float>({32, 16});
  CheckAddThenSum(x2, b, Tensor(), MustRun(executor, {x2, b})[0]);
}

}  // namespace
}  // namespace testing
}  // namespace kiln
