// CheckpointManager: keeps the newest N and the best, survives a restart,
// restores all or nothing, and loses nothing when a saving process is
// killed with SIGKILL at random moments.
#include "frontend/train/checkpoint_manager.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "runtime/io/checkpoint_reader.h"
#include "runtime/io/checkpoint_state.h"
#include "runtime/io/checkpoint_writer.h"
#include "runtime/io/file_util.h"

namespace kiln {
namespace {

std::string TempDir(const std::string& name) {
  return "/tmp/kiln_ckpt_manager_" + std::to_string(getpid()) + "_" + name;
}

void RemoveDir(const std::string& dir) {
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      const std::string n = e->d_name;
      if (n != "." && n != "..") unlink((dir + "/" + n).c_str());
    }
    closedir(d);
  }
  rmdir(dir.c_str());
}

// Every variable holds `value` everywhere.
void Fill(VariableStore& store, float value, int64_t elements) {
  for (const char* name : {"dense/kernel", "dense/bias", "opt/m"}) {
    Tensor t = Tensor::Allocate(tensorflow::DT_FLOAT,
                                TensorShape::Create({elements}).value())
                   .value();
    for (float& v : t.flat<float>()) v = value;
    store.Set(name, t);
  }
}

CheckpointManagerOptions Keep(int n) {
  CheckpointManagerOptions o;
  o.max_to_keep = n;
  return o;
}

const std::vector<std::string> kNames = {"dense/kernel", "dense/bias", "opt/m"};

// The one value all variables share; -1 when they disagree.
float Common(const VariableStore& store) {
  float first = store.Read(kNames[0]).value().flat<float>()[0];
  for (const std::string& n : kNames) {
    for (float v : store.Read(n).value().flat<float>()) {
      if (v != first) return -1;
    }
  }
  return first;
}

TEST_CASE("the manager keeps the newest N and the best", "[checkpoint]") {
  const std::string dir = TempDir("keep");
  std::mt19937 rng(std::random_device{}());
  std::vector<double> metrics(8);
  for (double& m : metrics) m = std::uniform_real_distribution<>(0, 1)(rng);
  const int best_step =
      1 + static_cast<int>(std::min_element(metrics.begin(), metrics.end()) -
                           metrics.begin());
  {
    auto manager = CheckpointManager::Open(dir, Keep(3));
    REQUIRE(manager.ok());
    CHECK(manager->latest().empty());
    VariableStore store;
    for (int step = 1; step <= 8; ++step) {
      Fill(store, static_cast<float>(step), 5);
      auto prefix = manager->Save(store, kNames, step, metrics[step - 1]);
      REQUIRE(prefix.ok());
      CHECK(*prefix == dir + "/ckpt-" + std::to_string(step));
    }
    std::vector<std::string> want;
    if (best_step < 6)
      want.push_back(dir + "/ckpt-" + std::to_string(best_step));
    for (int s : {6, 7, 8}) want.push_back(dir + "/ckpt-" + std::to_string(s));
    CHECK(manager->checkpoints() == want);
    CHECK(manager->best() == dir + "/ckpt-" + std::to_string(best_step));
    for (int step = 1; step <= 8; ++step) {
      const bool kept = step >= 6 || step == best_step;
      CHECK((access((dir + "/ckpt-" + std::to_string(step) + ".index").c_str(),
                    F_OK) == 0) == kept);
    }
  }
  // A new manager over the directory takes over the state.
  auto again = CheckpointManager::Open(dir, Keep(3));
  REQUIRE(again.ok());
  CHECK(again->latest() == dir + "/ckpt-8");
  CHECK(again->best() == dir + "/ckpt-" + std::to_string(best_step));
  CHECK(LatestCheckpoint(dir).value() == dir + "/ckpt-8");
  VariableStore store;
  Fill(store, 0, 5);
  REQUIRE(again->RestoreLatest(store, kNames).ok());
  CHECK(Common(store) == 8);
  REQUIRE(RestoreCheckpoint(again->best(), store, kNames).ok());
  CHECK(Common(store) == best_step);
  // Numbering goes on from the newest.
  CHECK(again->SaveNext(store, kNames).value() == dir + "/ckpt-9");
  RemoveDir(dir);
}

TEST_CASE("a failed restore changes no variable", "[checkpoint]") {
  const std::string dir = TempDir("all_or_nothing");
  auto manager = CheckpointManager::Open(dir);
  REQUIRE(manager.ok());
  VariableStore store;
  Fill(store, 1, 7);
  auto prefix = manager->Save(store, kNames, 1);
  REQUIRE(prefix.ok());
  Fill(store, 2, 7);
  // Corrupt the last tensor in the data file: the first ones read fine.
  const std::string data_file = CheckpointDataFile(*prefix, 0, 1);
  std::string data = ReadFileToString(data_file).value();
  data[data.size() - 2] ^= 0x40;
  REQUIRE(WriteFileAtomically(data_file, data).ok());
  Status s = RestoreCheckpoint(*prefix, store, kNames);
  CHECK(s.code() == StatusCode::kDataLoss);
  CHECK(Common(store) == 2);
  // A variable of another shape in the store: refused, nothing set.
  REQUIRE(manager->Save(store, kNames, 2).ok());
  VariableStore other;
  Fill(other, 3, 4);
  CHECK_THAT(manager->RestoreLatest(other, kNames).message(),
             Catch::Contains("in the file but"));
  CHECK(Common(other) == 3);
  // A missing variable names itself.
  CHECK_THAT(RestoreCheckpoint(manager->latest(), store, {"nope"}).message(),
             Catch::Contains("'nope'"));
  RemoveDir(dir);
}

TEST_CASE("killing a saving process loses no checkpoint", "[checkpoint]") {
  const std::string dir = TempDir("sigkill");
  std::mt19937 rng(std::random_device{}());
  int64_t last_seen = 0;
  for (int round = 0; round < 12; ++round) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      // Saves forever, each step's variables all equal to the step.
      auto manager = CheckpointManager::Open(dir, Keep(2));
      if (!manager.ok()) _exit(2);
      int64_t step = 1;
      if (!manager->latest().empty()) {
        step = std::stoll(manager->latest().substr(dir.size() + 6)) + 1;
      }
      VariableStore store;
      for (;; ++step) {
        Fill(store, static_cast<float>(step), 1 << 18);
        if (!manager->Save(store, kNames, step).ok()) _exit(3);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 200));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    auto manager = CheckpointManager::Open(dir, Keep(2));
    REQUIRE(manager.ok());
    if (manager->latest().empty()) continue;  // killed before the first save
    VariableStore store;
    Fill(store, -5, 1 << 18);
    INFO("round " << round << ": " << manager->latest());
    REQUIRE(manager->RestoreLatest(store, kNames).ok());
    const float value = Common(store);
    CHECK(value >= last_seen);
    CHECK(manager->latest() ==
          dir + "/ckpt-" + std::to_string(static_cast<int64_t>(value)));
    for (const std::string& p : manager->checkpoints()) {
      CHECK(CheckpointReader::Open(p).ok());
    }
    last_seen = static_cast<int64_t>(value);
  }
  CHECK(last_seen > 0);
  RemoveDir(dir);
}

}  // namespace
}  // namespace kiln
