// pipeline_bench: input-pipeline throughput, TFRecord -> parse -> batch of
// tf.train.Example records shaped like Fashion-MNIST (image: 784 floats,
// label: int64), with 1 and 2 threads; and whether the pipeline keeps the
// MLP's training fed: Model::Fit over the pipeline against Model::Fit over
// the same examples already in memory (a ratio near 1: the training step,
// not input, is the bottleneck). bench/anchors/pipeline_tfdata.py times
// tf.data doing the same on the files this writes.
//
//   pipeline_bench DIR [--quick]   (writes DIR/examples-{0,1}.tfrecord)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "frontend/data/tfrecord_dataset.h"
#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/train/optimizers.h"
#include "runtime/io/example_parsing.h"

namespace {

using namespace kiln;

constexpr int64_t kBatch = 32;

Status WriteFiles(const std::vector<std::string>& files, int64_t per_file) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0, 1);
  for (const std::string& file : files) {
    KILN_ASSIGN_OR_RETURN(auto writer, TFRecordWriter::Open(file));
    std::vector<float> image(784);
    for (int64_t i = 0; i < per_file; ++i) {
      for (float& v : image) v = u(rng);
      tensorflow::Example e;
      SetFloats(&e, "image", image);
      SetInt64s(&e, "label", {static_cast<int64_t>(rng() % 10)});
      KILN_RETURN_IF_ERROR(writer->Write(e.SerializeAsString()));
    }
    KILN_RETURN_IF_ERROR(writer->Close());
  }
  return OkStatus();
}

ExampleSpec Spec() {
  ExampleSpec spec;
  spec.fixed = {{"image", DT_FLOAT, {784}, {}, {}},
                {"label", DT_INT64, {}, {}, {}}};
  return spec;
}

// One file per thread: an interleave reading each on its own worker.
data::Dataset Pipeline(const std::vector<std::string>& files, int threads) {
  if (threads <= 1) {
    return data::TFRecordExamples(files, Compression::kNone, Spec(), kBatch);
  }
  return data::Dataset::Range(0, static_cast<int64_t>(files.size()))
      .Interleave(
          [files](const data::Element& e) -> StatusOr<data::Dataset> {
            const int64_t i = e[0].flat<int64_t>()[0];
            return data::TFRecordExamples({files[i]}, Compression::kNone,
                                          Spec(), kBatch);
          },
          threads, 1, threads);
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// Examples per second of one pass through the pipeline.
double PipelineRate(const data::Dataset& ds, int64_t epoch) {
  const auto start = std::chrono::steady_clock::now();
  int64_t n = 0;
  auto it = ds.MakeIterator(epoch);
  while (true) {
    auto e = it->Next();
    if (!e.ok()) {
      std::fprintf(stderr, "%s\n", e.status().ToString().c_str());
      std::exit(1);
    }
    if (!*e) break;
    n += (**e)[0].dim_size(0);
  }
  return n / Seconds(start);
}

std::unique_ptr<keras::Sequential> Mlp() {
  auto model = std::make_unique<keras::Sequential>(
      std::vector<std::shared_ptr<keras::Layer>>{
          std::make_shared<keras::Dense>(300, "relu"),
          std::make_shared<keras::Dense>(100, "relu"),
          std::make_shared<keras::Dense>(10, "softmax")},
      Shape::Of({784}));
  keras::CompileOptions c;
  c.optimizer = std::make_shared<SGD>();
  c.loss = "sparse_categorical_crossentropy";
  if (!model->Compile(c).ok()) std::exit(1);
  return model;
}

// Model::Fit samples/s for one epoch over `ds`.
double FitRate(keras::Model& model, const data::Dataset& ds, int64_t samples) {
  keras::FitOptions fit;
  fit.verbose = 0;
  const auto start = std::chrono::steady_clock::now();
  if (!model.Fit(ds, fit).ok()) std::exit(1);
  return samples / Seconds(start);
}

// The examples gathered into memory once: the same batches, no I/O.
data::Dataset InMemory(const data::Dataset& ds) {
  std::vector<data::Element> batches;
  auto it = ds.MakeIterator();
  while (true) {
    auto e = it->Next();
    if (!e.ok() || !*e) break;
    batches.push_back(**e);
  }
  return data::Dataset::FromGenerator([batches] {
    auto i = std::make_shared<size_t>(0);
    return [batches, i]() -> StatusOr<std::optional<data::Element>> {
      if (*i == batches.size()) return std::optional<data::Element>();
      return std::optional<data::Element>(batches[(*i)++]);
    };
  });
}

void Row(const std::string& what, double value, const std::string& unit,
         const std::string& json_key, int threads) {
  std::printf("%-10s %-40s %12.0f %s\n", "pipeline", what.c_str(), value,
              unit.c_str());
  std::printf(
      "{\"source\": \"kiln\", \"bench\": \"pipeline\", \"what\": \"%s\", "
      "\"threads\": %d, \"%s\": %.6g}\n",
      what.c_str(), threads, json_key.c_str(), value);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: pipeline_bench DIR [--quick]\n");
    return 2;
  }
  const bool quick = argc > 2 && std::strcmp(argv[2], "--quick") == 0;
  const int64_t per_file = quick ? 4096 : 16384;
  const std::vector<std::string> files = {
      std::string(argv[1]) + "/examples-0.tfrecord",
      std::string(argv[1]) + "/examples-1.tfrecord"};
  Status s = WriteFiles(files, per_file);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("%-10s %-40s %12s %s\n", "bench", "what", "value", "unit");
  // Rounds alternate the configurations (best of each), so a slow moment
  // of a shared machine hits them alike; round 0 is a warm-up.
  const int rounds = quick ? 3 : 6;
  const int64_t samples = 2 * per_file;
  const data::Dataset one = Pipeline(files, 1), two = Pipeline(files, 2);
  const data::Dataset fed = Pipeline(files, 1).Prefetch(4);
  const data::Dataset memory = InMemory(one);
  auto fed_model = Mlp(), inline_model = Mlp(), memory_model = Mlp();
  double best[5] = {0, 0, 0, 0, 0};
  for (int r = 0; r < rounds; ++r) {
    const double rates[5] = {PipelineRate(one, r), PipelineRate(two, r),
                             FitRate(*fed_model, fed, samples),
                             FitRate(*inline_model, one, samples),
                             FitRate(*memory_model, memory, samples)};
    for (int k = 0; r > 0 && k < 5; ++k) best[k] = std::max(best[k], rates[k]);
  }
  Row("TFRecord->parse->batch 1 thread", best[0], "example/s", "examples_per_s",
      1);
  Row("TFRecord->parse->batch 2 threads", best[1], "example/s",
      "examples_per_s", 2);
  Row("Model::Fit over the pipeline (+prefetch)", best[2], "sample/s",
      "samples_per_s", 1);
  Row("Model::Fit over the pipeline (no prefetch)", best[3], "sample/s",
      "samples_per_s", 0);
  Row("Model::Fit over the same batches in memory", best[4], "sample/s",
      "samples_per_s", 1);
  std::printf("%-10s %-40s %12.2f %s\n", "pipeline",
              "fed / in-memory rate (prefetch)", best[2] / best[4], "ratio");
  std::printf("%-10s %-40s %12.2f %s\n", "pipeline",
              "fed / in-memory rate (no prefetch)", best[3] / best[4], "ratio");
  return 0;
}
