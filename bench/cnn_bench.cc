// cnn_bench: convolutions and the seeds' Fashion-MNIST CNN.
//   conv2d    Conv2D 3x3 SAME on [8, 56, 56, 64] -> 64 channels through
//             Session::Run, interleaved with oneDNN's own convolution
//             primitive alone (NHWC in and out, weights reordered once to the
//             primitive's layout: oneDNN's best case), in GFLOP/s
//   train     Model::Fit of the CNN (Conv 32 -> pool -> Conv 64 -> pool ->
//             Dense 128 -> Dense 10, 3x3 "same" convs, SGD lr 0.01) on
//             random 28x28 images at batch 64: samples/s over timed epochs
//             after a warm-up epoch (which compiles)
//   infer     the trained CNN's frozen inference graph through Session::Run
//             at batch 1 (median latency) and 256 (samples/s), interleaved
//             with the same graph compiled without blocked layouts (every
//             activation plain NHWC)
// bench/anchors/cnn.py times the same model in Keras (with and without XLA),
// JAX and PyTorch. Prints a table and one JSON line per row (bench/run.py).
//
//   cnn_bench [--quick]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "bench/interleaved.h"
#include "frontend/keras/conv_layers.h"
#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/ops/ops.h"
#include "frontend/session.h"
#include "frontend/train/optimizers.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace {

using namespace kiln;

void Check(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "cnn_bench: %s\n", s.ToString().c_str());
    std::exit(1);
  }
}

Tensor Random(std::vector<int64_t> dims, uint64_t seed, float lo = -1,
              float hi = 1) {
  Tensor t =
      Tensor::Allocate(DT_FLOAT, TensorShape::Create(dims).value()).value();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(lo, hi);
  for (float& v : t.flat<float>()) v = u(rng);
  return t;
}

void Row(const char* bench, const std::string& what, double value,
         const char* unit, double ratio = 0, const char* anchor = "") {
  std::printf("%-10s %-40s %12.3f %-9s", bench, what.c_str(), value, unit);
  if (ratio > 0) std::printf(" %6.2fx %s", ratio, anchor);
  std::printf(
      "\n{\"bench\": \"%s\", \"what\": \"%s\", \"value\": %.6g, "
      "\"unit\": \"%s\"}\n",
      bench, what.c_str(), value, unit);
}

// oneDNN's convolution alone on the same problem: the anchor.
struct OneDnnConv {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  dnnl::convolution_forward conv;
  dnnl::memory src, weights, dst;

  OneDnnConv(const Tensor& x, const Tensor& w, Tensor& y, int64_t n, int64_t hw,
             int64_t c, int64_t k) {
    using tag = dnnl::memory::format_tag;
    using dt = dnnl::memory::data_type;
    dnnl::memory::desc src_md({n, c, hw, hw}, dt::f32, tag::nhwc);
    dnnl::memory::desc dst_md({n, k, hw, hw}, dt::f32, tag::nhwc);
    dnnl::memory::desc any({k, c, 3, 3}, dt::f32, tag::any);
    dnnl::convolution_forward::primitive_desc pd(
        dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference,
                                        dnnl::algorithm::convolution_direct,
                                        src_md, any, dst_md, {1, 1}, {1, 1},
                                        {1, 1}),
        engine);
    conv = dnnl::convolution_forward(pd);
    src = dnnl::memory(src_md, engine, x.raw_data());
    dst = dnnl::memory(dst_md, engine, y.raw_data());
    dnnl::memory hwio({{k, c, 3, 3}, dt::f32, tag::hwio}, engine, w.raw_data());
    weights = dnnl::memory(pd.weights_desc(), engine);
    dnnl::reorder(hwio, weights).execute(stream, hwio, weights);
    stream.wait();
  }
  void Run() {
    conv.execute(stream, {{DNNL_ARG_SRC, src},
                          {DNNL_ARG_WEIGHTS, weights},
                          {DNNL_ARG_DST, dst}});
    stream.wait();
  }
};

void BenchConv(bool quick) {
  const int64_t n = 8, hw = 56, c = 64, k = 64;
  Scope root = Scope::NewRootScope();
  auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
                            Shape::Of({n, hw, hw, c}));
  const Tensor w = Random({3, 3, c, k}, 2);
  const std::vector<float> wv(w.flat<float>().begin(), w.flat<float>().end());
  ops::Conv2D(root.WithOpName("y"), x,
              ops::Const(root, wv, Shape::Of({3, 3, c, k})), {1, 1, 1, 1},
              "SAME");
  auto session = Session::Create(root);
  Check(session.status());
  const Tensor tx = Random({n, hw, hw, c}, 1);
  Tensor ty = Random({n, hw, hw, k}, 3);
  OneDnnConv anchor(tx, w, ty, n, hw, c, k);
  std::vector<Tensor> out;
  auto [kiln, dnnl] = bench::Interleaved(
      [&] {
        Check((*session)->Run({{"x", tx}}, {"y"}, {}, &out));
      },
      [&] { anchor.Run(); }, quick ? 5 : 30);
  const double flops = 2.0 * n * hw * hw * k * c * 9;
  Row("conv2d", "oneDNN convolution alone (anchor)", flops / dnnl / 1e9,
      "GFLOP/s");
  Row("conv2d", "Session::Run Conv2D 3x3 [8,56,56,64]", flops / kiln / 1e9,
      "GFLOP/s", dnnl / kiln, "of oneDNN alone");
}

std::unique_ptr<keras::Sequential> Cnn() {
  using namespace keras;
  Conv2DOptions relu;
  relu.activation = "relu";
  relu.padding = "same";
  auto model = std::make_unique<Sequential>(
      std::vector<std::shared_ptr<Layer>>{
          std::make_shared<Conv2D>(32, Window{3, 3}, relu),
          std::make_shared<MaxPooling2D>(),
          std::make_shared<Conv2D>(64, Window{3, 3}, relu),
          std::make_shared<MaxPooling2D>(), std::make_shared<Flatten>(),
          std::make_shared<Dense>(128, "relu"),
          std::make_shared<Dense>(10, "softmax")},
      Shape::Of({28, 28, 1}));
  keras::CompileOptions c;
  SGDOptions sgd;
  sgd.learning_rate = 0.01;
  c.optimizer = std::make_shared<SGD>(sgd);
  c.loss = "sparse_categorical_crossentropy";
  Check(model->Compile(c));
  return model;
}

void BenchCnn(bool quick) {
  const int64_t samples = quick ? 2048 : 8192, batch = 64;
  const Tensor x = Random({samples, 28, 28, 1}, 4, 0, 1);
  Tensor y = Tensor::Allocate(DT_INT32, TensorShape::Create({samples}).value())
                 .value();
  std::mt19937 rng(5);
  for (int32_t& v : y.flat<int32_t>()) v = static_cast<int32_t>(rng() % 10);
  auto model = Cnn();
  keras::FitOptions fit;
  fit.batch_size = batch;
  fit.verbose = 0;
  fit.epochs = 1;
  Check(model->Fit(x, y, fit).status());  // warm-up: compiles
  fit.epochs = quick ? 1 : 2;
  auto start = std::chrono::steady_clock::now();
  Check(model->Fit(x, y, fit).status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  Row("cnn", "Model::Fit batch 64", fit.epochs * samples / seconds, "sample/s");

  auto graph = model->ExportInferenceGraph();
  Check(graph.status());
  auto session = Session::Create(*graph);
  Check(session.status());
  SessionOptions plain_options;
  plain_options.compile.blocked_layouts = false;
  auto plain = Session::Create(*graph, plain_options);
  Check(plain.status());
  std::vector<Tensor> out;
  const Tensor one = Random({1, 28, 28, 1}, 6, 0, 1);
  const Tensor many = Random({256, 28, 28, 1}, 7, 0, 1);
  auto run = [&](Session& s, const Tensor& x) {
    return [&s, &x, &out] {
      Check(s.Run({{"x", x}}, {"predictions"}, {}, &out));
    };
  };
  auto [latency, plain_latency] = bench::Interleaved(
      run(**session, one), run(**plain, one), quick ? 200 : 2000);
  Row("cnn", "inference batch 1 (median)", latency * 1e6, "us",
      plain_latency / latency, "vs plain NHWC");
  Row("cnn", "inference batch 1, plain NHWC (median)", plain_latency * 1e6,
      "us");
  auto [big, plain_big] = bench::Interleaved(
      run(**session, many), run(**plain, many), quick ? 10 : 50);
  Row("cnn", "inference batch 256", 256 / big, "sample/s", plain_big / big,
      "vs plain NHWC");
  Row("cnn", "inference batch 256, plain NHWC", 256 / plain_big, "sample/s");
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::printf("%-10s %-40s %12s %s\n", "bench", "what", "value", "unit");
  BenchConv(quick);
  BenchCnn(quick);
  return 0;
}
