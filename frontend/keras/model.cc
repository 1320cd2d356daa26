// Model: Compile's graph, the weights, the summary and the export. The
// training loop is in fit.cc.
#include "frontend/keras/model.h"

#include <sstream>

#include "frontend/freeze_graph.h"
#include "frontend/gradients/gradients.h"
#include "frontend/ops/ops.h"
#include "frontend/variables/weights_file.h"

namespace kiln {
namespace keras {

Model::Model(std::string name, Shape input_shape, DataType input_dtype)
    : name_(std::move(name)),
      input_shape_(std::move(input_shape)),
      input_dtype_(input_dtype) {}

Model::~Model() = default;

Status Model::Compile(CompileOptions options) {
  if (!options.optimizer) return InvalidArgument("Compile needs an optimizer");
  loss_ = options.loss.empty()
              ? options.custom_loss
              : losses::Named(options.loss, options.from_logits);
  if (!loss_.fn) {
    return InvalidArgument("unknown loss '" + options.loss + "'");
  }
  options_ = std::move(options);
  for (const std::string& m : options_.metrics) {
    if (!metrics::Named(m, options_.loss)) {
      return InvalidArgument("unknown metric '" + m + "'");
    }
  }
  return BuildGraph();
}

Status Model::BuildGraph() {
  if (session_) return FailedPrecondition("the model is already compiled");
  Scope root = Scope::NewRootScope();
  Shape x_shape = input_shape_;
  x_shape.dims.insert(x_shape.dims.begin(), kUnknownDim);
  Output x = ops::Placeholder(root.WithOpName("x"), input_dtype_, x_shape);
  // The inference pass first: the layers' weights are named under the
  // model's name ("sequential/dense/kernel").
  KILN_ASSIGN_OR_RETURN(Output predictions,
                        Call(root.NewSubScope(name_), x, /*training=*/false));
  ops::Identity(root.WithOpName("predictions"), predictions);
  KILN_ASSIGN_OR_RETURN(
      Output trained, Call(root.NewSubScope("training"), x, /*training=*/true));
  ops::Identity(root.WithOpName("train_predictions"), trained);
  sparse_labels_ = options_.loss == "sparse_categorical_crossentropy";
  Output y = sparse_labels_
                 ? ops::Placeholder(root.WithOpName("y"), DT_INT32,
                                    Shape::Of({kUnknownDim}))
                 : ops::Placeholder(root.WithOpName("y"), predictions.dtype(),
                                    predictions.shape());
  Output loss = ops::Identity(
      root.WithOpName("loss"),
      loss_.fn(root.NewSubScope("loss_fn"), y, trained, Output()));
  ops::Identity(
      root.WithOpName("eval_loss"),
      loss_.fn(root.NewSubScope("eval_loss_fn"), y, predictions, Output()));
  OutputList handles;
  std::vector<Variable> trainable;
  for (const Variable& w : weights()) {
    if (!w.trainable()) continue;
    trainable.push_back(w);
    handles.push_back(w.handle());
  }
  OutputList grads;
  KILN_RETURN_IF_ERROR(Gradients(root, {loss}, handles, &grads));
  GradsAndVars pairs;
  for (size_t i = 0; i < trainable.size(); ++i) {
    pairs.emplace_back(grads[i], trainable[i]);
  }
  KILN_ASSIGN_OR_RETURN(Operation apply,
                        options_.optimizer->ApplyGradients(
                            root.WithOpName("apply_gradients"), pairs));
  // The train step: the update and the layers' own (moving statistics).
  std::vector<Operation> steps = {apply};
  for (Layer* layer : layers()) {
    for (const Operation& update : layer->updates()) steps.push_back(update);
  }
  ops::NoOp(root.WithOpName("train_step").WithControlDependencies(steps));
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&graph_));
  KILN_ASSIGN_OR_RETURN(session_, Session::Create(graph_));
  for (const Variable& w : weights()) w.Initialize(session_->variables());
  options_.optimizer->Initialize(session_->variables());
  return OkStatus();
}

std::vector<std::unique_ptr<metrics::Metric>> Model::MakeMetrics() const {
  std::vector<std::unique_ptr<metrics::Metric>> out;
  for (const std::string& m : options_.metrics) {
    out.push_back(metrics::Named(m, options_.loss));
  }
  return out;
}

std::vector<Variable> Model::weights() const {
  std::vector<Variable> out;
  for (Layer* layer : layers()) {
    for (const Variable& w : layer->weights()) out.push_back(w);
  }
  return out;
}

StatusOr<std::vector<Tensor>> Model::GetWeights() const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  std::vector<Tensor> out;
  for (const Variable& w : weights()) {
    KILN_ASSIGN_OR_RETURN(Tensor t, session_->variables().Read(w.name()));
    out.push_back(t);
  }
  return out;
}

Status Model::SetWeights(const std::vector<Tensor>& values) {
  if (!session_) return FailedPrecondition("the model is not compiled");
  const std::vector<Variable> ws = weights();
  if (values.size() != ws.size()) {
    return InvalidArgument("SetWeights got " + std::to_string(values.size()) +
                           " tensors for " + std::to_string(ws.size()) +
                           " weights");
  }
  for (size_t i = 0; i < ws.size(); ++i) {
    if (values[i].dtype() != ws[i].dtype() ||
        values[i].shape().dim_sizes() != ws[i].shape().dims) {
      return InvalidArgument("weight '" + ws[i].name() + "' is " +
                             ws[i].shape().ToString() + ", not " +
                             values[i].shape().ToString());
    }
  }
  for (size_t i = 0; i < ws.size(); ++i) {
    session_->variables().Set(ws[i].name(), values[i]);
  }
  return OkStatus();
}

StatusOr<std::string> Model::Summary() const {
  std::ostringstream out;
  const std::string rule(65, '_'), thick(65, '=');
  out << "Model: \"" << name_ << "\"\n" << rule << "\n";
  char line[160];
  std::snprintf(line, sizeof(line), " %-28s%-26s%s\n", "Layer (type)",
                "Output Shape", "Param #");
  out << line << thick << "\n";
  Shape shape = input_shape_;
  shape.dims.insert(shape.dims.begin(), kUnknownDim);
  int64_t total = 0, trainable = 0;
  for (Layer* layer : layers()) {
    KILN_ASSIGN_OR_RETURN(shape, layer->OutputShape(shape));
    std::string dims = "(None";
    for (size_t d = 1; d < shape.dims.size(); ++d) {
      dims += ", " + std::to_string(shape.dims[d]);
    }
    dims += ")";
    const std::string label = layer->name() + " (" + layer->type() + ")";
    std::snprintf(line, sizeof(line), " %-28s%-26s%lld\n", label.c_str(),
                  dims.c_str(), static_cast<long long>(layer->CountParams()));
    out << line;
    total += layer->CountParams();
    for (const Variable& w : layer->trainable_weights()) {
      trainable += w.num_elements();
    }
  }
  out << thick << "\nTotal params: " << total
      << "\nTrainable params: " << trainable
      << "\nNon-trainable params: " << total - trainable << "\n"
      << rule << "\n";
  return out.str();
}

namespace {

std::vector<std::string> VariableNames(const std::vector<Variable>& layers,
                                       const Optimizer* optimizer) {
  std::vector<std::string> names;
  for (const Variable& w : layers) names.push_back(w.name());
  if (optimizer != nullptr) {
    for (const Variable& v : optimizer->variables()) names.push_back(v.name());
  }
  return names;
}

}  // namespace

Status Model::SaveWeights(const std::string& path,
                          bool include_optimizer) const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  return SaveVariables(
      path, session_->variables(),
      VariableNames(weights(), include_optimizer ? optimizer() : nullptr));
}

Status Model::LoadWeights(const std::string& path, bool include_optimizer) {
  if (!session_) return FailedPrecondition("the model is not compiled");
  return LoadVariables(
      path, session_->variables(),
      VariableNames(weights(), include_optimizer ? optimizer() : nullptr));
}

StatusOr<tensorflow::GraphDef> Model::ExportInferenceGraph() const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  return FreezeGraph(graph_, session_->variables(), {"predictions"});
}

}  // namespace keras
}  // namespace kiln
