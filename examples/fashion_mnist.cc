// fashion_mnist: the seeds' Fashion-MNIST classifier, trained in C++.
// Loads Debian's IDX files, standardizes the pixels (the training set's
// mean and standard deviation), holds out the first 5,000 training images
// for validation, feeds a Dataset pipeline (shuffle, batch, prefetch) to
// train a Sequential MLP (784-300-100-10, or with --deep
// 20 SELU layers of 100 and AlphaDropout, or with --cnn the seeds' CNN:
// Conv 32 -> max pool -> Conv 64 -> max pool -> Dense 128 -> Dropout 0.5 ->
// Dense 10, 3x3 "same" convolutions; --separable: the second convolution a
// SeparableConv2D) for
// 10 epochs (--epochs) with Keras-style
// progress, evaluates on the 10,000 test images, and writes the trained
// inference graph with its weights frozen as a binary GraphDef, TensorBoard
// logs (--logs) and TensorFlow checkpoints each epoch (--checkpoints: the
// newest 3 and the best by validation loss, which the test evaluation and
// the export use). --resume restores the newest checkpoint (weights and
// optimizer state) before training.
//
//   fashion_mnist [--deep | --cnn | --separable] [--epochs N]
//                 [--optimizer adam|sgd] [--data DIR] [--resume]
//                 -o out/fashion_mnist.pb
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "frontend/keras/batching.h"
#include "frontend/keras/callbacks.h"
#include "frontend/keras/conv_layers.h"
#include "frontend/keras/layers.h"
#include "frontend/keras/sequential.h"
#include "frontend/train/optimizers.h"
#include "runtime/io/idx.h"

namespace {

using kiln::Status;
using kiln::StatusOr;
using kiln::Tensor;

struct Args {
  bool deep = false;
  bool cnn = false;
  bool separable = false;
  int epochs = 10;
  std::string optimizer = "adam";
  std::string data = "/usr/share/datasets/fashion-mnist";
  std::string out = "out/fashion_mnist.pb";
  std::string logs = "out/logs";
  std::string checkpoints = "out/checkpoints";
  bool resume = false;
};

struct Split {
  Tensor x, y;
};

// Pixels as floats, standardized with `mean` and `stddev`.
StatusOr<Tensor> Standardized(const Tensor& images, double mean,
                              double stddev) {
  KILN_ASSIGN_OR_RETURN(Tensor x,
                        Tensor::Allocate(kiln::DT_FLOAT, images.shape()));
  const uint8_t* p = images.data<uint8_t>();
  if (p == nullptr) return kiln::InvalidArgument("images are not uint8");
  for (int64_t i = 0; i < images.NumElements(); ++i) {
    x.data<float>()[i] = static_cast<float>((p[i] - mean) / stddev);
  }
  return x;
}

Status Load(const std::string& dir, Split* train, Split* valid, Split* test) {
  KILN_ASSIGN_OR_RETURN(Tensor train_images,
                        kiln::ReadIdx(dir + "/train-images-idx3-ubyte.gz"));
  KILN_ASSIGN_OR_RETURN(Tensor train_labels,
                        kiln::ReadIdx(dir + "/train-labels-idx1-ubyte.gz"));
  KILN_ASSIGN_OR_RETURN(Tensor test_images,
                        kiln::ReadIdx(dir + "/t10k-images-idx3-ubyte.gz"));
  KILN_ASSIGN_OR_RETURN(test->y,
                        kiln::ReadIdx(dir + "/t10k-labels-idx1-ubyte.gz"));
  const uint8_t* p = train_images.data<uint8_t>();
  double sum = 0, squares = 0;
  const int64_t n = train_images.NumElements();
  for (int64_t i = 0; i < n; ++i) {
    sum += p[i];
    squares += double(p[i]) * p[i];
  }
  const double mean = sum / n, stddev = std::sqrt(squares / n - mean * mean);
  KILN_ASSIGN_OR_RETURN(Tensor all, Standardized(train_images, mean, stddev));
  KILN_ASSIGN_OR_RETURN(test->x, Standardized(test_images, mean, stddev));
  const int64_t rows = all.dim_size(0);
  KILN_ASSIGN_OR_RETURN(valid->x, kiln::keras::SliceRows(all, 0, 5000));
  KILN_ASSIGN_OR_RETURN(valid->y,
                        kiln::keras::SliceRows(train_labels, 0, 5000));
  KILN_ASSIGN_OR_RETURN(train->x, kiln::keras::SliceRows(all, 5000, rows));
  KILN_ASSIGN_OR_RETURN(train->y,
                        kiln::keras::SliceRows(train_labels, 5000, rows));
  return kiln::OkStatus();
}

std::unique_ptr<kiln::keras::Sequential> BuildCnn(bool separable) {
  using namespace kiln::keras;
  auto model = std::make_unique<Sequential>(
      kiln::Shape::Of({28, 28}), separable ? "separable_cnn" : "cnn");
  model->Add(std::make_shared<Reshape>(std::vector<int64_t>{28, 28, 1}));
  Conv2DOptions relu;
  relu.activation = "relu";
  relu.padding = "same";
  model->Add(std::make_shared<Conv2D>(32, Window{3, 3}, relu));
  model->Add(std::make_shared<MaxPooling2D>());
  if (separable) {
    model->Add(std::make_shared<SeparableConv2D>(64, Window{3, 3}, relu));
  } else {
    model->Add(std::make_shared<Conv2D>(64, Window{3, 3}, relu));
  }
  model->Add(std::make_shared<MaxPooling2D>());
  model->Add(std::make_shared<Flatten>());
  model->Add(std::make_shared<Dense>(128, "relu"));
  model->Add(std::make_shared<Dropout>(0.5));
  model->Add(std::make_shared<Dense>(10, "softmax"));
  return model;
}

std::unique_ptr<kiln::keras::Sequential> BuildModel(bool deep) {
  using namespace kiln::keras;
  auto model = std::make_unique<Sequential>(kiln::Shape::Of({28, 28}),
                                            deep ? "deep_mlp" : "mlp");
  model->Add(std::make_shared<Flatten>());
  if (deep) {
    DenseOptions selu;
    selu.activation = "selu";
    selu.kernel_initializer = kiln::initializers::LecunNormal();
    for (int i = 0; i < 20; ++i) model->Add(std::make_shared<Dense>(100, selu));
    model->Add(std::make_shared<AlphaDropout>(0.1));
  } else {
    model->Add(std::make_shared<Dense>(300, "relu"));
    model->Add(std::make_shared<Dense>(100, "relu"));
  }
  model->Add(std::make_shared<Dense>(10, "softmax"));
  return model;
}

Status WriteGraph(const tensorflow::GraphDef& graph, const std::string& path) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !graph.SerializeToOstream(&out)) {
      return kiln::Internal("cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return kiln::Internal("cannot rename " + tmp + " to " + path);
  }
  return kiln::OkStatus();
}

Status Run(const Args& args) {
  Split train, valid, test;
  KILN_RETURN_IF_ERROR(Load(args.data, &train, &valid, &test));
  std::unique_ptr<kiln::keras::Sequential> model =
      args.cnn ? BuildCnn(args.separable) : BuildModel(args.deep);
  kiln::keras::CompileOptions compile;
  if (args.optimizer == "sgd") {
    kiln::SGDOptions sgd;
    sgd.learning_rate = args.deep ? 0.005 : 0.01;
    sgd.momentum = 0.9;
    sgd.nesterov = true;
    compile.optimizer = std::make_shared<kiln::SGD>(sgd);
  } else {
    kiln::AdamOptions adam;
    adam.learning_rate = args.deep ? 3e-4 : 1e-3;
    compile.optimizer = std::make_shared<kiln::Adam>(adam);
  }
  compile.loss = "sparse_categorical_crossentropy";
  compile.metrics = {"accuracy"};
  compile.seed = 42;
  KILN_RETURN_IF_ERROR(model->Compile(compile));
  KILN_ASSIGN_OR_RETURN(std::string summary, model->Summary());
  std::printf("%s", summary.c_str());
  // TensorBoard logs (tensorboard --logdir out/logs) and checkpoints.
  kiln::keras::TensorBoard tensorboard(args.logs);
  kiln::CheckpointManagerOptions keep;
  keep.max_to_keep = 3;
  KILN_ASSIGN_OR_RETURN(kiln::CheckpointManager manager,
                        kiln::CheckpointManager::Open(args.checkpoints, keep));
  if (args.resume && !manager.latest().empty()) {
    KILN_RETURN_IF_ERROR(model->LoadWeights(manager.latest()));
    std::printf("resumed from %s\n", manager.latest().c_str());
  }
  kiln::keras::ManagedCheckpoint checkpoint(&manager, "val_loss");
  kiln::keras::FitOptions fit;
  fit.callbacks = {&tensorboard, &checkpoint};
  fit.epochs = args.epochs;
  // The input pipeline: IDX tensors -> shuffle -> batch -> prefetch.
  namespace data = kiln::data;
  data::Dataset train_ds = data::Dataset::FromTensorSlices({train.x, train.y})
                               .Shuffle(train.x.dim_size(0), /*seed=*/42)
                               .Batch(args.cnn ? 64 : 32)
                               .Prefetch(4);
  data::Dataset valid_ds =
      data::Dataset::FromTensorSlices({valid.x, valid.y}).Batch(256);
  KILN_ASSIGN_OR_RETURN(kiln::keras::History history,
                        model->Fit(train_ds, fit, &valid_ds));
  if (history.terminated_on_nan) return kiln::Internal("training diverged");
  KILN_RETURN_IF_ERROR(tensorboard.status());
  KILN_RETURN_IF_ERROR(checkpoint.status());
  KILN_RETURN_IF_ERROR(model->LoadWeights(manager.best()));
  std::printf("restored the best epoch's checkpoint %s (val_loss %.4f)\n",
              manager.best().c_str(), manager.best_metric().value_or(0));
  KILN_ASSIGN_OR_RETURN(kiln::keras::Logs logs,
                        model->Evaluate(test.x, test.y, 256));
  std::printf("test: loss %.4f, accuracy %.4f\n", logs["loss"],
              logs["accuracy"]);
  KILN_ASSIGN_OR_RETURN(tensorflow::GraphDef frozen,
                        model->ExportInferenceGraph());
  KILN_RETURN_IF_ERROR(WriteGraph(frozen, args.out));
  std::printf(
      "wrote %s (%d nodes, weights frozen; input \"x\", output "
      "\"predictions\")\n",
      args.out.c_str(), frozen.node_size());
  return kiln::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--deep") {
      args.deep = true;
    } else if (a == "--cnn") {
      args.cnn = true;
    } else if (a == "--separable") {
      args.cnn = args.separable = true;
    } else if (a == "--epochs" && i + 1 < argc) {
      args.epochs = std::atoi(argv[++i]);
    } else if (a == "--optimizer" && i + 1 < argc) {
      args.optimizer = argv[++i];
    } else if (a == "--data" && i + 1 < argc) {
      args.data = argv[++i];
    } else if (a == "-o" && i + 1 < argc) {
      args.out = argv[++i];
    } else if (a == "--logs" && i + 1 < argc) {
      args.logs = argv[++i];
    } else if (a == "--checkpoints" && i + 1 < argc) {
      args.checkpoints = argv[++i];
    } else if (a == "--resume") {
      args.resume = true;
    } else {
      std::fprintf(
          stderr,
          "usage: fashion_mnist [--deep | --cnn | --separable] [--epochs N] "
          "[--optimizer adam|sgd] [--data DIR] [--logs DIR] "
          "[--checkpoints DIR] [--resume] "
          "[-o out.pb]\n");
      return 2;
    }
  }
  Status s = Run(args);
  if (!s.ok()) {
    std::fprintf(stderr, "fashion_mnist: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
