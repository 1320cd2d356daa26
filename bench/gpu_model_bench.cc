// gpu_model_bench DIR [--quick]: times the whole-model GPU cases that
// kiln_gpu_bench_cases wrote into DIR (the Fashion-MNIST MLP and CNN:
// inference at batch 1 and 1024, the SGD training step at batch 256). Each
// timed step is what a training or serving loop does: the batch comes from
// host memory and the fetched logits or loss go back to it (Executor::Run
// returns once they are there); the variables stay on the GPU. Median
// wall-clock milliseconds over the timed runs after warm-ups; one JSON line
// per case. bench/anchors/gpu_models.py times the same steps in PyTorch and
// JAX; bench/gpu_bench.sh puts them side by side. --profile then prints
// each case's most expensive steps (StepProfile: each GPU step timed to
// the end of its device work) over 10 more runs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "runtime/exec/bundle_loader.h"
#include "runtime/exec/executor.h"
#include "tests/cuda/gpu_case_index.h"

namespace kiln {
namespace {

// The 15 most expensive steps of 10 runs, in ms per run.
Status PrintProfile(const std::string& name, Executor& executor,
                    const LoadedBundle& bundle,
                    const std::vector<Tensor>& feeds) {
  StepProfile profile;
  executor.set_profile(&profile);
  std::vector<Tensor> outputs;
  for (int i = 0; i < 10; ++i) {
    KILN_RETURN_IF_ERROR(executor.Run(feeds, bundle.variables.get(), &outputs));
  }
  executor.set_profile(nullptr);
  double total = 0;
  const std::vector<StepTime> steps = profile.Sorted();
  for (const StepTime& t : steps) total += t.seconds * 1e3 / t.runs;
  std::printf("profile %s: %.3f ms per run in %zu steps (synchronized)\n",
              name.c_str(), total, steps.size());
  for (size_t i = 0; i < steps.size() && i < 15; ++i) {
    const StepTime& t = steps[i];
    std::printf("  %8.3f ms  %-4s %-22s %s\n", t.seconds * 1e3 / t.runs,
                t.on_device ? "gpu" : "host", t.op.c_str(),
                t.node.substr(0, 90).c_str());
  }
  return OkStatus();
}

StatusOr<double> MedianMs(const std::string& name, const LoadedBundle& bundle,
                          const std::vector<Tensor>& feeds, int runs,
                          bool profile) {
  Executor executor(bundle.executable);
  std::vector<Tensor> outputs;
  for (int i = 0; i < 5; ++i) {
    KILN_RETURN_IF_ERROR(executor.Run(feeds, bundle.variables.get(), &outputs));
  }
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    KILN_RETURN_IF_ERROR(executor.Run(feeds, bundle.variables.get(), &outputs));
    ms.push_back(std::chrono::duration<double, std::milli>(
                     std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  if (profile)
    KILN_RETURN_IF_ERROR(PrintProfile(name, executor, bundle, feeds));
  return ms[ms.size() / 2];
}

int Main(const std::string& dir, int runs, bool profile) {
  std::ifstream index(dir + "/index.txt");
  if (!index) {
    std::fprintf(stderr, "gpu_model_bench: no %s/index.txt\n", dir.c_str());
    return 2;
  }
  std::map<std::string, LoadedBundle> bundles;
  std::string text;
  int failed = 0;
  // cuDNN's algorithm choice when not the default (runtime/cuda/dnn.cc).
  const char* env = std::getenv("KILN_CUDNN_ALGO");
  const std::string algo =
      env ? std::string(", \"cudnn_algo\": \"") + env + "\"" : "";
  while (std::getline(index, text)) {
    testing::CaseLine line;
    if (!testing::ParseCaseLine(text, &line)) {
      std::fprintf(stderr, "gpu_model_bench: bad index line: %s\n",
                   text.c_str());
      return 2;
    }
    auto found = bundles.find(line.bundle);
    Status s;
    if (found == bundles.end()) {
      StatusOr<LoadedBundle> loaded = LoadBundle(dir + "/" + line.bundle);
      s = loaded.status();
      if (s.ok())
        found = bundles.emplace(line.bundle, std::move(*loaded)).first;
    }
    StatusOr<std::vector<Tensor>> feeds = testing::ReadCaseFeeds(dir, line);
    if (s.ok()) s = feeds.status();
    StatusOr<double> ms =
        s.ok() ? MedianMs(line.name, found->second, *feeds, runs, profile)
               : StatusOr<double>(s);
    if (!ms.ok()) {
      std::fprintf(stderr, "gpu_model_bench: %s: %s\n", line.name.c_str(),
                   ms.status().ToString().c_str());
      ++failed;
      continue;
    }
    std::printf("{\"framework\": \"kiln\", \"what\": \"%s\", \"ms\": %.6g%s}\n",
                line.name.c_str(), *ms, algo.c_str());
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace kiln

int main(int argc, char** argv) {
  std::string dir;
  bool quick = false, profile = false, bad = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--profile") {
      profile = true;
    } else if (dir.empty()) {
      dir = arg;
    } else {
      bad = true;
    }
  }
  if (dir.empty() || bad) {
    std::fprintf(stderr, "usage: gpu_model_bench DIR [--quick] [--profile]\n");
    return 2;
  }
  return kiln::Main(dir, quick ? 10 : 100, profile);
}
