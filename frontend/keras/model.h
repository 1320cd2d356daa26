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
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "frontend/data/dataset.h"
#include "frontend/keras/callback.h"
#include "frontend/keras/layer.h"
#include "frontend/keras/progress.h"
#include "frontend/session.h"
#include "frontend/train/loss_scale.h"
#include "frontend/train/losses.h"
#include "frontend/train/metrics.h"
#include "frontend/train/optimizer.h"
#include "proto/tensorflow/graph.pb.h"

namespace kiln {
namespace keras {

struct CompileOptions {
  std::shared_ptr<Optimizer> optimizer;
  // Per output (several outputs): the weight of its loss in the total
  // (default 1 each).
  std::vector<double> loss_weights;
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

// One input of a model: its placeholder's name, shape (without the batch
// dim) and dtype.
struct InputSpec {
  std::string name;
  Shape shape;
  DataType dtype = DT_FLOAT;
};

class Model {
 public:
  // One input, named "x".
  Model(std::string name, Shape input_shape, DataType input_dtype = DT_FLOAT);
  Model(std::string name, std::vector<InputSpec> inputs);
  virtual ~Model();

  const std::string& name() const { return name_; }
  Status Compile(CompileOptions options);
  StatusOr<History> Fit(const Tensor& x, const Tensor& y,
                        const FitOptions& options = {});
  // The loss and metrics over x/y ("loss", "accuracy", ...).
  StatusOr<Logs> Evaluate(const Tensor& x, const Tensor& y,
                          int64_t batch_size = 32);
  StatusOr<Tensor> Predict(const Tensor& x, int64_t batch_size = 32);

  // Several inputs and outputs (the functional API): one tensor per input
  // and one label tensor per output, all with the same number of rows. The
  // loss is the sum of each output's loss times its loss_weight; with more
  // than one output the logs also hold "output_<i>_loss" and
  // "output_<i>_<metric>".
  StatusOr<History> Fit(const std::vector<Tensor>& xs,
                        const std::vector<Tensor>& ys,
                        const FitOptions& options = {});
  StatusOr<Logs> Evaluate(const std::vector<Tensor>& xs,
                          const std::vector<Tensor>& ys,
                          int64_t batch_size = 32);
  StatusOr<std::vector<Tensor>> Predict(const std::vector<Tensor>& xs,
                                        int64_t batch_size = 32);

  // From a Dataset of batches whose elements are the inputs then the
  // labels (FitOptions' batch_size, shuffle and validation_* do not apply:
  // the pipeline decides). Each epoch iterates the dataset anew
  // (MakeIterator(epoch)).
  StatusOr<History> Fit(const data::Dataset& train,
                        const FitOptions& options = {},
                        const data::Dataset* validation = nullptr);
  StatusOr<Logs> Evaluate(const data::Dataset& dataset);
  // Each output's predictions over the dataset's elements (their first
  // components are the inputs; the rest, such as labels, are ignored).
  StatusOr<std::vector<Tensor>> Predict(const data::Dataset& dataset);

  // Fills the next batch of inputs and labels; false at the end.
  using BatchSource = std::function<StatusOr<bool>(std::vector<Tensor>* xs,
                                                   std::vector<Tensor>* ys)>;

  // Keras' summary table: layers, output shapes, parameter counts.
  StatusOr<std::string> Summary() const;
  virtual std::vector<Layer*> layers() const = 0;
  std::vector<Variable> weights() const;
  StatusOr<std::vector<Tensor>> GetWeights() const;
  Status SetWeights(const std::vector<Tensor>& values);

  // Every variable (the layers' and, with include_optimizer, the
  // optimizer's step, learning rate and slots): a path ending in ".pb" is
  // a weights file (variables/weights_file.h), anything else the prefix of
  // a TensorFlow checkpoint (variables/checkpoint.h), as Keras 2 chose by
  // suffix. LoadWeights restores them, all or none.
  Status SaveWeights(const std::string& path,
                     bool include_optimizer = true) const;
  Status LoadWeights(const std::string& path, bool include_optimizer = true);
  // The variables' names SaveWeights saves: checkpoint keys.
  std::vector<std::string> VariableNames(bool include_optimizer = true) const;

  // The inference pass alone, weights frozen into Consts: the inputs'
  // placeholders ("x" for one input), outputs "predictions" (one output) or
  // "predictions_0", ... (TensorFlow's freeze_graph).
  StatusOr<tensorflow::GraphDef> ExportInferenceGraph() const;

  // The inference pass as a SavedModel directory TensorFlow loads
  // (runtime/io/saved_model_writer.h): variables with their current values,
  // signature "serving_default" from the inputs' names to "predictions"
  // ("predictions_0", ... for several outputs).
  Status ExportSavedModel(const std::string& dir) const;

  // The forward pass built into `scope` (Keras' model(x, training=...)),
  // reading the model's variables: inside a kiln::function they are
  // captured, so a custom training step can be traced around it.
  StatusOr<OutputList> Apply(const Scope& scope, const OutputList& xs,
                             bool training = false) {
    return CallAll(scope, xs, training);
  }

  Optimizer* optimizer() const { return options_.optimizer.get(); }
  // Dynamic loss scaling, when a layer computes in float16 (Keras wraps the
  // optimizer in a LossScaleOptimizer under mixed_float16); else null.
  const DynamicLossScale* loss_scale() const { return loss_scale_.get(); }
  Session* session() const { return session_.get(); }
  bool stop_training = false;

 protected:
  // The forward pass, from the inputs' placeholders to the outputs.
  // Single-input single-output models override Call; others CallAll.
  virtual StatusOr<Output> Call(const Scope& scope, const Output& x,
                                bool training);
  virtual StatusOr<OutputList> CallAll(const Scope& scope, const OutputList& xs,
                                       bool training);
  // Each layer with its output shape (batch dim -1), for Summary.
  virtual StatusOr<std::vector<std::pair<Layer*, Shape>>> LayerShapes() const;
  const std::vector<InputSpec>& inputs() const { return inputs_; }
  const Shape& input_shape() const { return inputs_[0].shape; }
  // CompileOptions::seed, for the layers' initializers.
  uint64_t seed() const { return options_.seed; }

 private:
  Status BuildGraph();
  // The gradients of `loss` and the train step's optimizer update, loss
  // scaled when a layer computes in float16 (its own update added to
  // `steps`).
  Status BuildUpdate(const Scope& root, const Output& loss,
                     std::vector<Operation>* steps);
  bool ComputesInFloat16() const;
  StatusOr<Output> BuildLoss(const Scope& scope, const OutputList& labels,
                             const OutputList& predictions,
                             OutputList* per_output);
  std::vector<std::unique_ptr<metrics::Metric>> MakeMetrics() const;
  Status TrainEpoch(const BatchSource& next, const FitOptions& o, int epoch,
                    ProgressBar* bar, Logs* logs, bool* nan);
  StatusOr<History> FitLoop(const std::function<BatchSource(int epoch)>& train,
                            int64_t steps,
                            const std::function<BatchSource()>& validation,
                            const FitOptions& o);
  StatusOr<Logs> RunEval(const BatchSource& next);
  StatusOr<std::vector<Tensor>> RunPredict(
      const std::function<StatusOr<bool>(std::vector<Tensor>*)>& next);
  std::vector<std::string> StepFetches(const std::string& loss,
                                       const std::string& predictions) const;
  Session::Feeds BatchFeeds(const std::vector<Tensor>& xs,
                            const std::vector<Tensor>& ys) const;
  BatchSource DatasetBatches(const data::Dataset& ds, int64_t epoch) const;
  // xs and ys as the graph's placeholders take them (inputs' dtypes; labels
  // int32 indices or the outputs' dtypes), checked to have equal rows.
  Status PrepareData(const std::vector<Tensor>& xs,
                     const std::vector<Tensor>& ys, std::vector<Tensor>* fxs,
                     std::vector<Tensor>* fys) const;
  // Graph names: "x"/"y"/"predictions" for one input or output, else with
  // "_<i>" appended.
  std::string InputName(size_t i) const;
  std::string Suffixed(const std::string& base, size_t i) const;

  std::string name_;
  std::vector<InputSpec> inputs_;
  size_t num_outputs_ = 0;
  CompileOptions options_;
  std::unique_ptr<DynamicLossScale> loss_scale_;
  losses::LossFn loss_;
  bool sparse_labels_ = false;  // labels hold class indices (int32)
  tensorflow::GraphDef graph_;
  std::unique_ptr<Session> session_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_MODEL_H_
