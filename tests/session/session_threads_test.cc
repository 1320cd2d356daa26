// Concurrent Session::Run calls from several threads, with different batch
// sizes, each checked against the reference.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "frontend/session.h"
#include "tests/session/mlp_graph.h"
#include "tests/session/reference_graph.h"

namespace kiln {
namespace testing {
namespace {

TEST_CASE("Run is thread-safe") {
  tensorflow::GraphDef graph = MlpGraph(21);
  auto created = Session::Create(graph);
  REQUIRE(created.ok());
  Session& session = **created;
  constexpr int kThreads = 4, kRuns = 8;
  std::vector<Tensor> inputs, expected;
  for (int t = 0; t < kThreads; ++t) {
    inputs.push_back(RandomFloats({1 + 37 * t, 784}, 300 + t, 0, 1));
    auto want = EvaluateGraphWithReference(graph, {{"x", inputs.back()}},
                                           {"probs:0"});
    INFO(want.status().ToString());
    REQUIRE(want.ok());
    expected.push_back((*want)[0]);
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRuns; ++r) {
        std::vector<Tensor> out;
        if (!session.Run({{"x", inputs[t]}}, {"probs"}, {}, &out).ok() ||
            CloseRatio(out[0], expected[t], 1e-4, 1e-6) > 1)
          ++failures;
      }
    });
  for (std::thread& thread : threads) thread.join();
  CHECK(failures.load() == 0);
  CHECK(session.num_compilations() == 1);
}

}  // namespace
}  // namespace testing
}  // namespace kiln
