// ThreadPool::ParallelFor: exact coverage, block shape, results against a
// serial reference, nested loops and concurrent callers. No timing checks.
#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/threading/thread_pool.h"

namespace kiln {
namespace {

using Block = std::pair<int64_t, int64_t>;

// Runs `body` on its own thread and reports whether it finished within
// `limit`, so a deadlock fails the test instead of hanging it. `body` must own
// everything it touches: on timeout it is abandoned, still running.
template <typename Body>
bool FinishesWithin(std::chrono::seconds limit, Body body) {
  auto* done = new std::future<void>(std::async(std::launch::async, body));
  if (done->wait_for(limit) != std::future_status::ready) {
    return false;  // leaked: the future's destructor would wait forever
  }
  done->get();
  delete done;
  return true;
}

// Runs one ParallelFor and checks every property of its blocks.
void CheckCoverage(ThreadPool& pool, int64_t n, int64_t min_block) {
  INFO("threads=" << pool.NumThreads() << " n=" << n
                  << " min_block=" << min_block);
  std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
  std::mutex mu;
  std::vector<Block> blocks;
  std::vector<std::thread::id> runners;
  pool.ParallelFor(n, min_block, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) hits[i].fetch_add(1);
    std::lock_guard<std::mutex> lock(mu);
    blocks.emplace_back(begin, end);
    runners.push_back(std::this_thread::get_id());
  });

  int64_t wrong = 0;  // one CHECK, not one per index
  for (int64_t i = 0; i < n; ++i) wrong += hits[i].load() != 1 ? 1 : 0;
  REQUIRE(wrong == 0);
  if (n == 0) {
    CHECK(blocks.empty());
    return;
  }
  std::sort(blocks.begin(), blocks.end());
  int64_t expected_begin = 0;
  for (const Block& b : blocks) {
    CHECK(b.first == expected_begin);
    CHECK(b.second > b.first);
    if (blocks.size() > 1) CHECK(b.second - b.first >= min_block);
    expected_begin = b.second;
  }
  CHECK(expected_begin == n);
  CHECK(static_cast<int64_t>(blocks.size()) <= 4 * pool.NumThreads());
  // Splitting only pays when every block gets min_block elements.
  if (n < 2 * min_block || pool.NumThreads() == 1) {
    CHECK(blocks.size() == 1);
    CHECK(runners[0] == std::this_thread::get_id());  // inline, no handoff
  }
}

TEST_CASE("ParallelFor covers every index exactly once", "[parallel_for]") {
  for (int threads : {1, 2, 3, 4, 8, 16}) {
    ThreadPool pool(threads);
    REQUIRE(pool.NumThreads() == threads);
    for (int64_t n : {0, 1, 2, 3, 5, 7, 15, 16, 17, 100, 1000, 100003}) {
      for (int64_t min_block : {-1, 0, 1, 2, 3, 7, 64, 1000, 200000}) {
        CheckCoverage(pool, n, min_block);
      }
    }
  }
}

TEST_CASE("ParallelFor with n smaller than the thread count",
          "[parallel_for]") {
  ThreadPool pool(8);
  for (int64_t n = 1; n < 8; ++n) CheckCoverage(pool, n, 1);
}

TEST_CASE("ParallelFor splits a large range", "[parallel_for]") {
  ThreadPool pool(4);
  std::atomic<int64_t> blocks{0};
  pool.ParallelFor(int64_t{1} << 20, 1,
                   [&](int64_t, int64_t) { blocks.fetch_add(1); });
  CHECK(blocks.load() > 1);
  CHECK(blocks.load() <= 16);
  CheckCoverage(pool, int64_t{1} << 20, 1);
}

TEST_CASE("ParallelFor results match a serial reference", "[parallel_for]") {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> dist(-1000000, 1000000);
  std::vector<int64_t> data(250007);
  for (int64_t& x : data) x = dist(rng);
  const int64_t serial_sum =
      std::accumulate(data.begin(), data.end(), int64_t{0});
  std::vector<int64_t> serial_squares(data.size());
  for (size_t i = 0; i < data.size(); ++i) serial_squares[i] = data[i] * 3 + 1;

  for (int threads : {1, 2, 5}) {
    ThreadPool pool(threads);
    for (int64_t min_block : {1, 100, 5000}) {
      std::atomic<int64_t> sum{0};
      std::vector<int64_t> out(data.size());
      pool.ParallelFor(static_cast<int64_t>(data.size()), min_block,
                       [&](int64_t begin, int64_t end) {
                         int64_t local = 0;
                         for (int64_t i = begin; i < end; ++i) {
                           local += data[i];
                           out[i] = data[i] * 3 + 1;
                         }
                         sum.fetch_add(local);
                       });
      CHECK(sum.load() == serial_sum);
      CHECK(out == serial_squares);
    }
  }
}

TEST_CASE("nested ParallelFor completes", "[parallel_for]") {
  for (int threads : {1, 2, 4}) {
    INFO("threads=" << threads);
    auto pool = std::make_shared<ThreadPool>(threads);
    auto total = std::make_shared<std::atomic<int64_t>>(0);
    bool finished = FinishesWithin(std::chrono::seconds(20), [pool, total] {
      pool->ParallelFor(64, 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          pool->ParallelFor(100, 1, [&](int64_t b, int64_t e) {
            // A third level, to stack waits on waits.
            pool->ParallelFor(e - b, 1, [&](int64_t b2, int64_t e2) {
              total->fetch_add(e2 - b2);
            });
          });
        }
      });
    });
    REQUIRE(finished);
    CHECK(total->load() == 64 * 100);
  }
}

TEST_CASE("ParallelFor from scheduled tasks completes", "[parallel_for]") {
  auto pool = std::make_shared<ThreadPool>(3);
  auto total = std::make_shared<std::atomic<int64_t>>(0);
  bool finished = FinishesWithin(std::chrono::seconds(20), [pool, total] {
    constexpr int kTasks = 16;
    std::atomic<int> left{kTasks};
    std::promise<void> all_ran;
    for (int t = 0; t < kTasks; ++t) {
      pool->Schedule([&] {
        pool->ParallelFor(
            1000, 10, [&](int64_t b, int64_t e) { total->fetch_add(e - b); });
        if (left.fetch_sub(1) == 1) all_ran.set_value();
      });
    }
    all_ran.get_future().wait();
  });
  REQUIRE(finished);
  CHECK(total->load() == 16 * 1000);
}

TEST_CASE("concurrent ParallelFor calls from external threads",
          "[parallel_for]") {
  auto pool = std::make_shared<ThreadPool>(4);
  auto failures = std::make_shared<std::atomic<int>>(0);
  bool finished = FinishesWithin(std::chrono::seconds(30), [pool, failures] {
    std::vector<std::thread> callers;
    for (int c = 0; c < 6; ++c) {
      callers.emplace_back([pool, failures, c] {
        for (int round = 0; round < 50; ++round) {
          int64_t n = 1000 + 37 * c + round;
          std::atomic<int64_t> sum{0};
          pool->ParallelFor(n, 1 + round % 8, [&](int64_t b, int64_t e) {
            int64_t local = 0;
            for (int64_t i = b; i < e; ++i) local += i;
            sum.fetch_add(local);
          });
          if (sum.load() != n * (n - 1) / 2) failures->fetch_add(1);
        }
      });
    }
    for (std::thread& t : callers) t.join();
  });
  REQUIRE(finished);
  CHECK(failures->load() == 0);
}

}  // namespace
}  // namespace kiln
