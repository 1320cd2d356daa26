// fashion_mnist_tfrecord: the seeds' TFRecord chapter. Converts
// Fashion-MNIST into GZIP'd TFRecord files of tf.train.Example (pixels as
// an int64 list, the label as an int64), then trains the MLP from them
// through a TFRecordExamples -> unbatch -> shuffle -> batch -> map
// (standardize) -> prefetch pipeline and evaluates on the test file.
//
//   fashion_mnist_tfrecord [--data DIR] [--out DIR] [--epochs N]
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "frontend/data/tfrecord_dataset.h"
#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/train/optimizers.h"
#include "runtime/io/idx.h"

namespace {

using kiln::Status;
using kiln::StatusOr;
using kiln::Tensor;
namespace data = kiln::data;

// Pixel statistics of Fashion-MNIST's training images, for standardizing.
constexpr float kMean = 72.94f, kStddev = 90.02f;

Status Convert(const std::string& images_path, const std::string& labels_path,
               const std::string& out) {
  KILN_ASSIGN_OR_RETURN(Tensor images, kiln::ReadIdx(images_path));
  KILN_ASSIGN_OR_RETURN(Tensor labels, kiln::ReadIdx(labels_path));
  KILN_ASSIGN_OR_RETURN(
      auto writer, kiln::TFRecordWriter::Open(out, kiln::Compression::kGzip));
  const int64_t n = labels.NumElements();
  const uint8_t* px = images.data<uint8_t>();
  for (int64_t i = 0; i < n; ++i) {
    tensorflow::Example e;
    kiln::SetInt64s(&e, "pixels",
                    std::vector<int64_t>(px + i * 784, px + (i + 1) * 784));
    kiln::SetInt64s(&e, "label", {labels.data<uint8_t>()[i]});
    KILN_RETURN_IF_ERROR(writer->Write(e.SerializeAsString()));
  }
  KILN_RETURN_IF_ERROR(writer->Close());
  std::printf("wrote %s (%lld examples)\n", out.c_str(),
              static_cast<long long>(n));
  return kiln::OkStatus();
}

// pixels int64 [b, 784] -> float standardized; label int64 [b] unchanged.
StatusOr<data::Element> Standardize(data::Element e) {
  KILN_ASSIGN_OR_RETURN(Tensor x,
                        Tensor::Allocate(kiln::DT_FLOAT, e[0].shape()));
  for (int64_t i = 0; i < x.NumElements(); ++i) {
    x.data<float>()[i] = (e[0].data<int64_t>()[i] - kMean) / kStddev;
  }
  return data::Element{x, e[1]};
}

data::Dataset Examples(const std::string& file) {
  kiln::ExampleSpec spec;
  spec.fixed = {{"pixels", kiln::DT_INT64, {784}, {}, {}},
                {"label", kiln::DT_INT64, {}, {}, {}}};
  return data::TFRecordExamples({file}, kiln::Compression::kGzip, spec, 256);
}

Status Run(const std::string& dir, const std::string& out, int epochs) {
  const std::string train = out + "/fashion_train.tfrecord.gz";
  const std::string test = out + "/fashion_test.tfrecord.gz";
  KILN_RETURN_IF_ERROR(Convert(dir + "/train-images-idx3-ubyte.gz",
                               dir + "/train-labels-idx1-ubyte.gz", train));
  KILN_RETURN_IF_ERROR(Convert(dir + "/t10k-images-idx3-ubyte.gz",
                               dir + "/t10k-labels-idx1-ubyte.gz", test));
  using namespace kiln::keras;
  Sequential model({std::make_shared<Dense>(300, "relu"),
                    std::make_shared<Dense>(100, "relu"),
                    std::make_shared<Dense>(10, "softmax")},
                   kiln::Shape::Of({784}), "mlp_from_tfrecords");
  CompileOptions compile;
  compile.optimizer = std::make_shared<kiln::Adam>();
  compile.loss = "sparse_categorical_crossentropy";
  compile.metrics = {"accuracy"};
  compile.seed = 7;
  KILN_RETURN_IF_ERROR(model.Compile(compile));
  FitOptions fit;
  fit.epochs = epochs;
  // Parse 256 records at a time, then per example: shuffle (a 10000-example
  // buffer), batch, standardize on 2 threads, prefetch.
  data::Dataset train_ds = Examples(train)
                               .Unbatch()
                               .Shuffle(10000, 42)
                               .Batch(32)
                               .Map(Standardize, 2)
                               .Prefetch(4);
  KILN_RETURN_IF_ERROR(model.Fit(train_ds, fit).status());
  KILN_ASSIGN_OR_RETURN(Logs logs,
                        model.Evaluate(Examples(test).Map(Standardize, 2)));
  std::printf("test from TFRecords: loss %.4f, accuracy %.4f\n", logs["loss"],
              logs["accuracy"]);
  return kiln::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/usr/share/datasets/fashion-mnist", out = "out";
  int epochs = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--data") == 0)
      dir = argv[i + 1];
    else if (std::strcmp(argv[i], "--out") == 0)
      out = argv[i + 1];
    else if (std::strcmp(argv[i], "--epochs") == 0)
      epochs = std::atoi(argv[i + 1]);
  }
  Status s = Run(dir, out, epochs);
  if (!s.ok()) {
    std::fprintf(stderr, "fashion_mnist_tfrecord: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
