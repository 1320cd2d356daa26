// session_bench: Kiln's Session on the benchmarks, each next to its
// anchor measured in the same process:
//   matmul   1024^3 f32 MatMul through Session::Run vs dnnl_sgemm alone
//   chain    tanh(sigmoid(exp(-x*x)*0.5+x))*2-1 on 16M floats, fused vs op by
//            op (the unfused pipeline), GB/s vs a plain copy loop
//   mlp      the Fashion-MNIST MLP at batch 1 and 256 (weights written as
//            .npy into OUT_DIR so bench/anchors/fashion_mlp.py runs the same
//            model in TensorFlow, XLA, JAX and PyTorch)
//   softmax  Softmax and SoftmaxCrossEntropyWithLogits on [16384, 1024]
//            f32, GB/s vs the copy loop, with the executor's cache-sized
//            row blocks and without (SetKernelRowBlockBytes(0))
//   overhead Session::Run of a one-op graph on a scalar
// Prints a table and one JSON line per row (for bench/run.py).
//
//   session_bench OUT_DIR [--quick] [--only=matmul|chain|softmax|mlp|overhead]
#include <dnnl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#include "frontend/session.h"
#include "runtime/exec/executor.h"
#include "runtime/io/npy.h"

namespace kiln {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(const std::function<void()>& fn) {
  auto start = Clock::now();
  fn();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Median(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// Median seconds per call over `runs` calls after `warmup` calls.
double MedianSeconds(const std::function<void()>& fn, int warmup, int runs) {
  for (int i = 0; i < warmup; ++i) fn();
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) times.push_back(Seconds(fn));
  return Median(times);
}

// Medians of a and b timed in alternation, so that a shared machine's load
// changes reach both alike.
std::pair<double, double> InterleavedMedians(const std::function<void()>& a,
                                             const std::function<void()>& b,
                                             int warmup, int runs) {
  for (int i = 0; i < warmup; ++i) {
    a();
    b();
  }
  std::vector<double> ta, tb;
  for (int i = 0; i < runs; ++i) {
    ta.push_back(Seconds(a));
    tb.push_back(Seconds(b));
  }
  return {Median(ta), Median(tb)};
}

Tensor Random(std::vector<int64_t> dims, uint32_t seed, float limit = 1) {
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create(dims).value()).value();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-limit, limit);
  for (float& v : t.flat<float>()) v = dist(rng);
  return t;
}

std::unique_ptr<Session> NewSession(const Scope& root, bool fuse) {
  SessionOptions options;
  options.compile.fuse = fuse;
  auto session = Session::Create(root, options);
  if (!session.ok()) {
    std::fprintf(stderr, "session: %s\n", session.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(session).value();
}

void Check(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "run: %s\n", s.ToString().c_str());
    std::exit(1);
  }
}

struct Row {
  std::string bench, what;
  double value;
  std::string unit;
  double ratio;  // vs the anchor; 0 when none
  std::string anchor;
};

std::vector<Row> rows;

void Report(Row row) {
  std::printf("%-10s %-34s %12.3f %-8s", row.bench.c_str(), row.what.c_str(),
              row.value, row.unit.c_str());
  if (row.ratio > 0) std::printf("  %6.2fx %s", row.ratio, row.anchor.c_str());
  std::printf("\n");
  rows.push_back(std::move(row));
}

void BenchMatMul(bool quick) {
  const int64_t n = 1024;
  Scope root = Scope::NewRootScope();
  auto a = ops::Placeholder(root.WithOpName("a"), DT_FLOAT, Shape::Of({n, n}));
  auto b = ops::Placeholder(root.WithOpName("b"), DT_FLOAT, Shape::Of({n, n}));
  ops::MatMul(root.WithOpName("c"), a, b);
  auto session = NewSession(root, true);
  Tensor ta = Random({n, n}, 1), tb = Random({n, n}, 2);
  std::vector<Tensor> out;
  int runs = quick ? 5 : 20;
  std::vector<float> c(n * n);
  auto [kiln, dnnl] = InterleavedMedians(
      [&] {
        Check(session->Run({{"a", ta}, {"b", tb}}, {"c"}, {}, &out));
      },
      [&] {
        dnnl_sgemm('N', 'N', n, n, n, 1.0f, ta.flat<float>().data(), n,
                   tb.flat<float>().data(), n, 0.0f, c.data(), n);
      },
      3, runs);
  double flops = 2.0 * n * n * n;
  Report({"matmul", "dnnl_sgemm 1024^3 (anchor)", flops / dnnl / 1e9, "GFLOP/s",
          0, ""});
  Report({"matmul", "Session::Run MatMul 1024^3", flops / kiln / 1e9, "GFLOP/s",
          dnnl / kiln, "of dnnl_sgemm"});
}

// y = tanh(sigmoid(exp(-x*x)*0.5+x))*2-1
std::unique_ptr<Session> ChainSession(int64_t n, bool fuse) {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({n}));
  Output y = ops::Neg(root.WithOpName("neg"), ops::Mul(root, x, x));
  y = ops::Mul(root, ops::Exp(root, y), ops::Const(root, 0.5f));
  y = ops::AddV2(root, y, x);
  y = ops::Tanh(root, ops::Sigmoid(root, y));
  y = ops::Mul(root, y, ops::Const(root, 2.0f));
  ops::Sub(root.WithOpName("y"), y, ops::Const(root, 1.0f));
  return NewSession(root, fuse);
}

void BenchChain(bool quick) {
  const int64_t n = std::getenv("KILN_BENCH_CHAIN_N")
                        ? std::atoll(std::getenv("KILN_BENCH_CHAIN_N"))
                        : 16 << 20;
  Tensor x = Random({n}, 3, 2);
  std::vector<Tensor> out;
  int runs = quick ? 3 : 10;
  auto fused = ChainSession(n, true);
  auto unfused = ChainSession(n, false);
  double tf = MedianSeconds(
      [&] {
        Check(fused->Run({{"x", x}}, {"y"}, {}, &out));
      },
      2, runs);
  double tu = MedianSeconds(
      [&] {
        Check(unfused->Run({{"x", x}}, {"y"}, {}, &out));
      },
      2, runs);
  std::vector<float> dst(n);
  const float* src = x.flat<float>().data();
  double tc = MedianSeconds(
      [&] {
        float* d = dst.data();
        for (int64_t i = 0; i < n; ++i) d[i] = src[i];
      },
      2, runs);
  double bytes = 2.0 * n * sizeof(float);
  Report({"chain", "copy loop 16M floats (anchor)", bytes / tc / 1e9, "GB/s", 0,
          ""});
  Report({"chain", "fused 9-op chain, Session::Run", bytes / tf / 1e9, "GB/s",
          tc / tf, "of copy bandwidth"});
  Report({"chain", "unfused (op by op), Session::Run", bytes / tu / 1e9, "GB/s",
          tu / tf, "slower than fused"});
}

// GB/s of a plain copy of `n` floats (read + write).
double CopySeconds(const Tensor& x, int runs) {
  const int64_t n = x.NumElements();
  std::vector<float> dst(n);
  const float* src = x.flat<float>().data();
  return MedianSeconds(
      [&] {
        float* d = dst.data();
        for (int64_t i = 0; i < n; ++i) d[i] = src[i];
      },
      2, runs);
}

// Softmax and cross-entropy read and write each element once at best; their
// kernels loop over a row three times (max, exp-sum, normalize).
void BenchSoftmax(bool quick) {
  const int64_t rows = 16384, classes = 1024;
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({-1, classes}));
  auto labels = ops::Placeholder(root.WithOpName("labels"), DT_FLOAT,
                                 Shape::Of({-1, classes}));
  ops::Softmax(root.WithOpName("softmax"), x);
  auto xent =
      ops::SoftmaxCrossEntropyWithLogits(root.WithOpName("xent"), x, labels);
  auto session = NewSession(root, true);
  Tensor tx = Random({rows, classes}, 4, 4);
  Tensor tl = Random({rows, classes}, 5, 1);
  std::vector<Tensor> out;
  const int runs = quick ? 3 : 10;
  const int64_t blocked = KernelRowBlockBytes();
  // Blocked and unblocked runs alternate, so load changes reach both alike.
  auto compare = [&](const std::string& fetch) {
    auto run = [&](int64_t block) {
      return [&, block] {
        SetKernelRowBlockBytes(block);
        Check(session->Run({{"x", tx}, {"labels", tl}}, {fetch}, {}, &out));
      };
    };
    return InterleavedMedians(run(blocked), run(0), 2, runs);
  };
  const double tc = CopySeconds(tx, runs);
  const double bytes = 2.0 * rows * classes * sizeof(float);
  Report({"softmax", "copy loop 16M floats (anchor)", bytes / tc / 1e9, "GB/s",
          0, ""});
  auto [ts, ts0] = compare("softmax");
  // Cross-entropy reads logits and labels, writes backprop (and a loss per
  // row): 1.5x the bytes.
  auto [tx_, tx0] = compare("xent:1");
  const char* blocks[] = {", row blocks", ", no row blocks"};
  for (int i = 0; i < 2; ++i) {
    const double t_soft = i == 0 ? ts : ts0, t_xent = i == 0 ? tx_ : tx0;
    Report({"softmax", std::string("Softmax [16384,1024]") + blocks[i],
            bytes / t_soft / 1e9, "GB/s", tc / t_soft, "of copy bandwidth"});
    Report({"softmax", std::string("SoftmaxCrossEntropy") + blocks[i],
            1.5 * bytes / t_xent / 1e9, "GB/s", 1.5 * tc / t_xent,
            "of copy bandwidth"});
  }
  SetKernelRowBlockBytes(blocked);
}

std::vector<float> Values(const Tensor& t) {
  auto f = t.flat<float>();
  return std::vector<float>(f.begin(), f.end());
}

// The MLP with weights from a fixed seed; writes them as .npy for the
// Python anchors.
std::unique_ptr<Session> MlpSession(const std::string& dir) {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({kUnknownDim, 784}));
  const int64_t sizes[] = {784, 300, 100, 10};
  Output h = x;
  for (int layer = 0; layer < 3; ++layer) {
    int64_t in = sizes[layer], outn = sizes[layer + 1];
    Tensor w = Random({in, outn}, 10 + layer, std::sqrt(6.0f / (in + outn)));
    Tensor b = Random({outn}, 20 + layer, 0.05f);
    Check(WriteNpy(dir + "/w" + std::to_string(layer + 1) + ".npy", w));
    Check(WriteNpy(dir + "/b" + std::to_string(layer + 1) + ".npy", b));
    h = ops::MatMul(root, h,
                    ops::Const(root, Values(w), Shape::Of({in, outn})));
    h = ops::BiasAdd(root, h, ops::Const(root, Values(b), Shape::Of({outn})));
    if (layer < 2) h = ops::Relu(root, h);
  }
  ops::Softmax(root.WithOpName("probs"), h);
  return NewSession(root, true);
}

void BenchMlp(const std::string& dir, bool quick) {
  auto session = MlpSession(dir);
  for (int64_t batch : {1, 256}) {
    Tensor x = Random({batch, 784}, 99, 1);
    std::vector<Tensor> out;
    double t = MedianSeconds(
        [&] {
          Check(session->Run({{"x", x}}, {"probs"}, {}, &out));
        },
        20, quick ? 50 : (batch == 1 ? 2000 : 300));
    Report({"mlp", "Session::Run batch " + std::to_string(batch), t * 1e6, "us",
            0, ""});
  }
}

void BenchOverhead(bool quick) {
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT, Shape::Of({}));
  ops::Neg(root.WithOpName("y"), x);
  auto session = NewSession(root, true);
  Tensor t = Tensor::Scalar<float>(1.5f).value();
  std::vector<Tensor> out;
  double s = MedianSeconds(
      [&] {
        Check(session->Run({{"x", t}}, {"y"}, {}, &out));
      },
      100, quick ? 1000 : 20000);
  Report({"overhead", "Session::Run one-op graph (Neg)", s * 1e6, "us", 0, ""});
}

}  // namespace
}  // namespace kiln

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: session_bench OUT_DIR [--quick]\n");
    return 2;
  }
  std::string dir = argv[1];
  bool quick = false;
  std::string only;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    if (std::strncmp(argv[i], "--only=", 7) == 0) only = argv[i] + 7;
  }
  auto wanted = [&](const char* name) { return only.empty() || only == name; };
  std::printf("%-10s %-34s %12s %-8s  %s\n", "bench", "what", "value", "unit",
              "ratio");
  if (wanted("overhead")) kiln::BenchOverhead(quick);
  if (wanted("mlp")) kiln::BenchMlp(dir, quick);
  if (wanted("matmul")) kiln::BenchMatMul(quick);
  if (wanted("chain")) kiln::BenchChain(quick);
  if (wanted("softmax")) kiln::BenchSoftmax(quick);
  for (const kiln::Row& row : kiln::rows)
    std::printf(
        "{\"source\": \"kiln\", \"bench\": \"%s\", \"what\": \"%s\", "
        "\"value\": %.6g, \"unit\": \"%s\", \"ratio\": %.6g, "
        "\"anchor\": \"%s\"}\n",
        row.bench.c_str(), row.what.c_str(), row.value, row.unit.c_str(),
        row.ratio, row.anchor.c_str());
  return 0;
}
