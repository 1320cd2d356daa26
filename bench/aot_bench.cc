// aot_bench: the Fashion-MNIST MLP compiled ahead of time against the same
// graph JIT-compiled by a Session, in one run: latency at batch 1 and
// throughput at batch 256 (interleaved medians), the bundle's size with and
// without its weights, and load + first inference in a fresh process
// (this program re-run with --load-once, median of 9).
//
//   aot_bench DIR [--quick]        DIR holds session_bench's w1..b3.npy
//   aot_bench --load-once BUNDLE   prints one load + first inference (ms)
//
// Prints a table and one JSON line per row (bench/run.py puts TensorFlow's
// SavedModel of the same model next to it: bench/anchors/savedmodel_load.py).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench/interleaved.h"
#include "compiler/Aot/BuildBundle.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "runtime/exec/bundle_loader.h"
#include "runtime/exec/executor.h"
#include "runtime/io/file_util.h"
#include "runtime/io/npy.h"

namespace {

using namespace kiln;
using Clock = std::chrono::steady_clock;

void Check(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "aot_bench: %s\n", s.ToString().c_str());
    std::exit(1);
  }
}

template <typename T>
T Value(StatusOr<T> v) {
  Check(v.status());
  return std::move(*v);
}

using bench::Interleaved;
using bench::Median;

void Row(const std::string& what, double value, const std::string& unit,
         double ratio, const std::string& anchor) {
  std::printf("%-9s %-40s %12.3f %-8s", "aot", what.c_str(), value,
              unit.c_str());
  if (ratio > 0) std::printf(" %6.2fx %s", ratio, anchor.c_str());
  std::printf(
      "\n{\"source\": \"kiln\", \"bench\": \"aot\", \"what\": \"%s\", "
      "\"value\": %.6g, \"unit\": \"%s\"}\n",
      what.c_str(), value, unit.c_str());
}

// The MLP of session_bench with its weights from DIR.
tensorflow::GraphDef MlpGraph(const std::string& dir) {
  Scope root = Scope::NewRootScope();
  Output h = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                              Shape::Of({kUnknownDim, 784}));
  for (int layer = 1; layer <= 3; ++layer) {
    const std::string k = std::to_string(layer);
    Tensor w = Value(ReadNpy(dir + "/w" + k + ".npy"));
    Tensor b = Value(ReadNpy(dir + "/b" + k + ".npy"));
    tensorflow::TensorProto wp, bp;
    Check(w.ToProto(&wp));
    Check(b.ToProto(&bp));
    h = ops::MatMul(root, h, ops::ConstFromProto(root, wp));
    h = ops::BiasAdd(root, h, ops::ConstFromProto(root, bp));
    if (layer < 3) h = ops::Relu(root, h);
  }
  ops::Softmax(root.WithOpName("probs"), h);
  tensorflow::GraphDef graph;
  Check(root.ToGraphDef(&graph));
  return graph;
}

Tensor Images(int64_t rows) {
  Tensor t = Value(
      Tensor::Allocate(DT_FLOAT, TensorShape::Create({rows, 784}).value()));
  for (int64_t i = 0; i < t.NumElements(); ++i)
    t.flat<float>()[i] = static_cast<float>((i * 7919) % 256) / 255.0f;
  return t;
}

// One load of `path` and its first inference at batch 1, in milliseconds.
double LoadOnce(const std::string& path) {
  const Tensor x = Images(1);
  const auto start = Clock::now();
  LoadedBundle bundle = Value(LoadBundle(path));
  Executor executor(bundle.executable);
  std::vector<Tensor> out;
  Check(executor.Run({x}, bundle.variables.get(), &out));
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

// Median of `n` fresh processes' LoadOnce.
double ColdLoadMs(const char* self, const std::string& path, int n) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    int pipefd[2];
    if (pipe(pipefd) != 0) return -1;
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(pipefd[1], STDOUT_FILENO);
      execl(self, self, "--load-once", path.c_str(), nullptr);
      _exit(127);
    }
    close(pipefd[1]);
    char text[64] = {};
    const ssize_t got = read(pipefd[0], text, sizeof text - 1);
    close(pipefd[0]);
    waitpid(pid, nullptr, 0);
    if (got > 0) ms.push_back(std::atof(text));
  }
  return ms.empty() ? -1 : Median(ms);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--load-once") == 0) {
    std::printf("%.4f\n", LoadOnce(argv[2]));
    return 0;
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: aot_bench DIR [--quick]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const bool quick = argc > 2 && std::strcmp(argv[2], "--quick") == 0;
  const tensorflow::GraphDef graph = MlpGraph(dir);
  CompileRequest request;
  request.feeds = {{"x:0", DT_FLOAT, {-1, 784}}};
  request.fetches = {"probs:0"};
  compiler::BundleOptions options;
  options.name = "FashionMlp";
  options.keepGraph = false;
  Bundle bundle = Value(compiler::buildBundle(graph, request, options));
  const std::string path = dir + "/FashionMlp.kbundle";
  Check(WriteFileAtomically(path, bundle.SerializeAsString()));
  Bundle light = bundle;
  compiler::splitWeights(light, "FashionMlp.weights");

  auto session = Value(Session::Create(graph));
  LoadedBundle loaded = Value(LoadBundle(path));
  Executor executor(loaded.executable);
  std::printf("%-9s %-40s %12s %-8s %s\n", "bench", "what", "value", "unit",
              "ratio");
  for (int64_t batch : {1, 256}) {
    const Tensor x = Images(batch);
    std::vector<Tensor> a, b;
    auto [aot, jit] = Interleaved(
        [&] { Check(executor.Run({x}, loaded.variables.get(), &a)); },
        [&] {
          Check(session->Run({{"x", x}}, {"probs:0"}, {}, &b));
        },
        quick ? 50 : (batch == 1 ? 2000 : 300));
    const std::string b_text = "batch " + std::to_string(batch);
    Row("AOT bundle " + b_text, aot * 1e6, "us", jit / aot,
        "JIT's time / AOT's");
    Row("JIT Session::Run " + b_text, jit * 1e6, "us", 0, "");
  }
  Row("bundle size (weights included)", bundle.ByteSizeLong() / 1024.0, "KiB",
      0, "");
  Row("bundle size without weights", light.ByteSizeLong() / 1024.0, "KiB", 0,
      "");
  Row("  of which kernels' code", bundle.shared_object().size() / 1024.0, "KiB",
      0, "");
  Row("load + first inference (fresh process)",
      ColdLoadMs(argv[0], path, quick ? 3 : 9), "ms", 0, "");
  return 0;
}
