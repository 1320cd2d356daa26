// Model: Keras' training loop over a forward pass made of layers. Compile
// builds one graph holding the inference pass ("predictions"), the
// training pass with its loss, gradients and optimizer update
// ("train_step"), and the evaluation loss; Fit, Evaluate and Predict feed
// it batch by batch through one Session, so each runs as compiled code.
//
//   keras::Sequential model({std::make_shared<keras::Flatten>(),
//                            std::make_shared<keras::Dense>(300, relu),
//                            std::make_shared<keras::Dense>(10, softmax)},
//                           Shape::Of({28, 28}));
//   KILN_RETURN_IF_ERROR(model.Compile({.optimizer = std::make_shared<SGD>(),
//       .loss = "sparse_categorical_crossentropy", .metrics = {"accuracy"}}));
//   KILN_ASSIGN_OR_RETURN(keras::History h, model.Fit(x, y, {.epochs = 10}));
//
// Subclass Model (Call + layers) for models the Sequential list cannot say.
// Errors are Status values: mismatched x/y lengths, labels out of range
// (named by the failing node), shapes the layers reject. A NaN or infinite
// loss stops training with a message, as Keras' TerminateOnNaN.
#ifndef KILN_FRONTEND_KERAS_MODEL_H_
#define KILN_FRONTEND_KERAS_MODEL_H_

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "frontend/keras/callback.h"
#include "frontend/keras/layer.h"
#include "frontend/keras/progress.h"
#include "frontend/session.h"
#include "frontend/train/losses.h"
#include "frontend/train/metrics.h"
#include "frontend/train/optimizer.h"
#include "proto/tensorflow/graph.pb.h"

namespace kiln {
namespace keras {

struct CompileOptions {
  std::shared_ptr<Optimizer> optimizer;
  std::string loss;  // a Keras name (losses::Named)
  bool from_logits = false;
  losses::LossFn custom_loss;  // used when `loss` is empty
  std::vector<std::string> metrics;
  uint64_t seed = 0;  // weights' initializers
};

struct FitOptions {
  int epochs = 1;
  int64_t batch_size = 32;
  // The last fraction of x/y held out (before shuffling), as Keras does.
  double validation_split = 0;
  const Tensor* validation_x = nullptr;  // used when both are set
  const Tensor* validation_y = nullptr;
  bool shuffle = true;
  uint64_t seed = 0;  // batch order
  int verbose = 1;    // 0 silent, 1 progress bar, 2 one line per epoch
  std::vector<Callback*> callbacks;
  std::FILE* out = stdout;
};

struct History {
  std::vector<int> epoch;
  std::map<std::string, std::vector<double>> history;
  bool terminated_on_nan = false;
};

class Model {
 public:
  Model(std::string name, Shape input_shape, DataType input_dtype = DT_FLOAT);
  virtual ~Model();

  const std::string& name() const { return name_; }
  Status Compile(CompileOptions options);
  StatusOr<History> Fit(const Tensor& x, const Tensor& y,
                        const FitOptions& options = {});
  // The loss and metrics over x/y ("loss", "accuracy", ...).
  StatusOr<Logs> Evaluate(const Tensor& x, const Tensor& y,
                          int64_t batch_size = 32);
  StatusOr<Tensor> Predict(const Tensor& x, int64_t batch_size = 32);

  // Keras' summary table: layers, output shapes, parameter counts.
  StatusOr<std::string> Summary() const;
  virtual std::vector<Layer*> layers() const = 0;
  std::vector<Variable> weights() const;
  StatusOr<std::vector<Tensor>> GetWeights() const;
  Status SetWeights(const std::vector<Tensor>& values);

  // Every variable (the layers' and, with include_optimizer, the
  // optimizer's step, learning rate and slots) to a weights file
  // (variables/weights_file.h); LoadWeights restores them, all or none.
  Status SaveWeights(const std::string& path,
                     bool include_optimizer = true) const;
  Status LoadWeights(const std::string& path, bool include_optimizer = true);

  // The inference pass alone, weights frozen into Consts: input "x",
  // output "predictions" (TensorFlow's freeze_graph).
  StatusOr<tensorflow::GraphDef> ExportInferenceGraph() const;

  Optimizer* optimizer() const { return options_.optimizer.get(); }
  Session* session() const { return session_.get(); }
  bool stop_training = false;

 protected:
  // The forward pass from the input placeholder.
  virtual StatusOr<Output> Call(const Scope& scope, const Output& x,
                                bool training) = 0;
  const Shape& input_shape() const { return input_shape_; }
  // CompileOptions::seed, for the layers' initializers.
  uint64_t seed() const { return options_.seed; }

 private:
  Status BuildGraph();
  std::vector<std::unique_ptr<metrics::Metric>> MakeMetrics() const;
  Status TrainEpoch(const Tensor& x, const Tensor& y, const FitOptions& o,
                    int epoch, ProgressBar* bar, Logs* logs, bool* nan);
  StatusOr<Logs> RunEval(const Tensor& x, const Tensor& y, int64_t batch_size);
  // x and y as the graph's placeholders take them (x: the input dtype; y:
  // int32 indices or the predictions' dtype), checked to have equal rows.
  Status PrepareData(const Tensor& x, const Tensor& y, Tensor* fx,
                     Tensor* fy) const;

  std::string name_;
  Shape input_shape_;
  DataType input_dtype_;
  CompileOptions options_;
  losses::LossFn loss_;
  bool sparse_labels_ = false;  // y holds class indices (int32)
  tensorflow::GraphDef graph_;
  std::unique_ptr<Session> session_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_MODEL_H_
