// Model: Compile's graph, the weights, the summary and the export. The
// training loop is in fit.cc.
#include "frontend/keras/model.h"

#include <sstream>

#include "frontend/freeze_graph.h"
#include "frontend/gradients/gradients.h"
#include "frontend/ops/ops.h"
#include "frontend/variables/checkpoint.h"
#include "frontend/variables/weights_file.h"
#include "runtime/graph/variable_name.h"
#include "runtime/io/saved_model_writer.h"

namespace kiln {
namespace keras {

Model::Model(std::string name, Shape input_shape, DataType input_dtype)
    : Model(std::move(name),
            {InputSpec{"x", std::move(input_shape), input_dtype}}) {}

Model::Model(std::string name, std::vector<InputSpec> inputs)
    : name_(std::move(name)), inputs_(std::move(inputs)) {}

StatusOr<Output> Model::Call(const Scope&, const Output&, bool) {
  return Unimplemented("model '" + name_ +
                       "' defines neither Call nor CallAll");
}

StatusOr<OutputList> Model::CallAll(const Scope& scope, const OutputList& xs,
                                    bool training) {
  if (xs.size() != 1) {
    return InvalidArgument("model '" + name_ + "' takes one input");
  }
  KILN_ASSIGN_OR_RETURN(Output y, Call(scope, xs[0], training));
  return OutputList{y};
}

std::string Model::InputName(size_t i) const { return inputs_[i].name; }

std::string Model::Suffixed(const std::string& base, size_t i) const {
  return num_outputs_ == 1 ? base : base + "_" + std::to_string(i);
}

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

// The weighted sum of each output's loss; `per_output` gets each one.
StatusOr<Output> Model::BuildLoss(const Scope& scope, const OutputList& labels,
                                  const OutputList& predictions,
                                  OutputList* per_output) {
  Output total;
  for (size_t i = 0; i < predictions.size(); ++i) {
    Output loss = loss_.fn(scope.NewSubScope("output_" + std::to_string(i)),
                           labels[i], predictions[i], Output());
    per_output->push_back(loss);
    const double weight =
        i < options_.loss_weights.size() ? options_.loss_weights[i] : 1.0;
    if (weight != 1.0) {
      loss =
          ops::Mul(scope, loss,
                   ops::Cast(scope, ops::Const(scope, weight), loss.dtype()));
    }
    total = total.valid() ? ops::AddV2(scope, total, loss) : loss;
  }
  KILN_RETURN_IF_ERROR(scope.status());
  return total;
}

Status Model::BuildGraph() {
  if (session_) return FailedPrecondition("the model is already compiled");
  Scope root = Scope::NewRootScope();
  OutputList xs;
  for (const InputSpec& in : inputs_) {
    Shape shape = in.shape;
    shape.dims.insert(shape.dims.begin(), kUnknownDim);
    xs.push_back(ops::Placeholder(root.WithOpName(in.name), in.dtype, shape));
  }
  // The inference pass first: the layers' weights are named under the
  // model's name ("sequential/dense/kernel").
  KILN_ASSIGN_OR_RETURN(OutputList predictions,
                        CallAll(root.NewSubScope(name_), xs, false));
  KILN_ASSIGN_OR_RETURN(OutputList trained,
                        CallAll(root.NewSubScope("training"), xs, true));
  num_outputs_ = predictions.size();
  if (num_outputs_ == 0 || trained.size() != num_outputs_) {
    return InvalidArgument("model '" + name_ + "' has no outputs");
  }
  // Losses, metrics and predict see float32 (a mixed policy's 16-bit
  // outputs cast, as Keras' losses do).
  for (OutputList* outs : {&predictions, &trained}) {
    for (Output& out : *outs) {
      if (out.dtype() == tensorflow::DT_HALF ||
          out.dtype() == tensorflow::DT_BFLOAT16) {
        out = ops::Cast(root, out, DT_FLOAT);
      }
    }
  }
  sparse_labels_ = options_.loss == "sparse_categorical_crossentropy";
  OutputList labels;
  for (size_t i = 0; i < num_outputs_; ++i) {
    ops::Identity(root.WithOpName(Suffixed("predictions", i)), predictions[i]);
    ops::Identity(root.WithOpName(Suffixed("train_predictions", i)),
                  trained[i]);
    labels.push_back(sparse_labels_
                         ? ops::Placeholder(root.WithOpName(Suffixed("y", i)),
                                            DT_INT32, Shape::Of({kUnknownDim}))
                         : ops::Placeholder(root.WithOpName(Suffixed("y", i)),
                                            predictions[i].dtype(),
                                            predictions[i].shape()));
  }
  OutputList train_losses, eval_losses;
  KILN_ASSIGN_OR_RETURN(Output loss, BuildLoss(root.NewSubScope("loss_fn"),
                                               labels, trained, &train_losses));
  ops::Identity(root.WithOpName("loss"), loss);
  KILN_ASSIGN_OR_RETURN(Output eval_loss,
                        BuildLoss(root.NewSubScope("eval_loss_fn"), labels,
                                  predictions, &eval_losses));
  ops::Identity(root.WithOpName("eval_loss"), eval_loss);
  for (size_t i = 0; num_outputs_ > 1 && i < num_outputs_; ++i) {
    ops::Identity(root.WithOpName("loss_" + std::to_string(i)),
                  train_losses[i]);
    ops::Identity(root.WithOpName("eval_loss_" + std::to_string(i)),
                  eval_losses[i]);
  }
  // The train step: the update and the layers' own (moving statistics).
  std::vector<Operation> steps;
  KILN_RETURN_IF_ERROR(BuildUpdate(root, loss, &steps));
  for (Layer* layer : layers()) {
    for (const Operation& update : layer->updates()) steps.push_back(update);
  }
  ops::NoOp(root.WithOpName("train_step").WithControlDependencies(steps));
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&graph_));
  KILN_ASSIGN_OR_RETURN(session_, Session::Create(graph_));
  for (const Variable& w : weights()) w.Initialize(session_->variables());
  options_.optimizer->Initialize(session_->variables());
  if (loss_scale_ != nullptr) loss_scale_->Initialize(session_->variables());
  return OkStatus();
}

bool Model::ComputesInFloat16() const {
  for (Layer* layer : layers()) {
    if (layer->compute_dtype() == tensorflow::DT_HALF) return true;
  }
  return false;
}

Status Model::BuildUpdate(const Scope& root, const Output& loss,
                          std::vector<Operation>* steps) {
  OutputList handles;
  std::vector<Variable> trainable;
  for (const Variable& w : weights()) {
    if (!w.trainable()) continue;
    trainable.push_back(w);
    handles.push_back(w.handle());
  }
  Output target = loss, finite;
  if (ComputesInFloat16()) {
    loss_scale_ = std::make_unique<DynamicLossScale>();
    KILN_ASSIGN_OR_RETURN(
        target, loss_scale_->Scale(root.NewSubScope("loss_scale"), loss));
  }
  OutputList grads;
  KILN_RETURN_IF_ERROR(Gradients(root, {target}, handles, &grads));
  if (loss_scale_ != nullptr) {
    const Scope s = root.NewSubScope("loss_scale");
    KILN_ASSIGN_OR_RETURN(DynamicLossScale::Unscaled unscaled,
                          loss_scale_->Unscale(s, grads));
    grads = unscaled.grads;
    finite = unscaled.finite;
    steps->push_back(loss_scale_->Update(s, finite));
  }
  GradsAndVars pairs;
  for (size_t i = 0; i < trainable.size(); ++i) {
    pairs.emplace_back(grads[i], trainable[i]);
  }
  KILN_ASSIGN_OR_RETURN(Operation apply,
                        options_.optimizer->ApplyGradients(
                            root.WithOpName("apply_gradients"), pairs, finite));
  steps->insert(steps->begin(), apply);
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

// One input: each layer applied to the previous one's output.
StatusOr<std::vector<std::pair<Layer*, Shape>>> Model::LayerShapes() const {
  std::vector<std::pair<Layer*, Shape>> out;
  Shape shape = input_shape();
  shape.dims.insert(shape.dims.begin(), kUnknownDim);
  for (Layer* layer : layers()) {
    KILN_ASSIGN_OR_RETURN(shape, layer->OutputShape(shape));
    out.emplace_back(layer, shape);
  }
  return out;
}

StatusOr<std::string> Model::Summary() const {
  std::ostringstream out;
  const std::string rule(65, '_'), thick(65, '=');
  out << "Model: \"" << name_ << "\"\n" << rule << "\n";
  char line[160];
  std::snprintf(line, sizeof(line), " %-28s%-26s%s\n", "Layer (type)",
                "Output Shape", "Param #");
  out << line << thick << "\n";
  int64_t total = 0, trainable = 0;
  KILN_ASSIGN_OR_RETURN(auto layer_shapes, LayerShapes());
  for (const auto& [layer, shape] : layer_shapes) {
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

bool IsWeightsFile(const std::string& path) {
  return path.size() >= 3 && path.compare(path.size() - 3, 3, ".pb") == 0;
}

}  // namespace

std::vector<std::string> Model::VariableNames(bool include_optimizer) const {
  std::vector<std::string> names;
  for (const Variable& w : weights()) names.push_back(w.name());
  if (include_optimizer && optimizer() != nullptr) {
    for (const Variable& v : optimizer()->variables()) {
      names.push_back(v.name());
    }
    if (loss_scale_ != nullptr) {
      for (const Variable& v : loss_scale_->variables()) {
        names.push_back(v.name());
      }
    }
  }
  return names;
}

Status Model::SaveWeights(const std::string& path,
                          bool include_optimizer) const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  const std::vector<std::string> names = VariableNames(include_optimizer);
  if (IsWeightsFile(path)) {
    return SaveVariables(path, session_->variables(), names);
  }
  return SaveCheckpoint(path, session_->variables(), names);
}

Status Model::LoadWeights(const std::string& path, bool include_optimizer) {
  if (!session_) return FailedPrecondition("the model is not compiled");
  const std::vector<std::string> names = VariableNames(include_optimizer);
  if (IsWeightsFile(path)) {
    return LoadVariables(path, session_->variables(), names);
  }
  return RestoreCheckpoint(path, session_->variables(), names);
}

StatusOr<tensorflow::GraphDef> Model::ExportInferenceGraph() const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  std::vector<std::string> outputs;
  for (size_t i = 0; i < num_outputs_; ++i) {
    outputs.push_back(Suffixed("predictions", i));
  }
  return FreezeGraph(graph_, session_->variables(), outputs);
}

Status Model::ExportSavedModel(const std::string& dir) const {
  if (!session_) return FailedPrecondition("the model is not compiled");
  SavedModelExport out;
  std::vector<std::string> outputs;
  for (size_t i = 0; i < num_outputs_; ++i) {
    const std::string name = Suffixed("predictions", i);
    outputs.push_back(name);
    out.outputs[name] = name + ":0";
  }
  for (const InputSpec& input : inputs_)
    out.inputs[input.name] = input.name + ":0";
  KILN_ASSIGN_OR_RETURN(out.graph, PruneGraph(graph_, outputs));
  for (const tensorflow::NodeDef& node : out.graph.node()) {
    if (node.op() != "VarHandleOp") continue;
    const std::string name = VariableSharedName(node);
    KILN_ASSIGN_OR_RETURN(Tensor value, session_->variables().Read(name));
    out.variables.emplace_back(name, std::move(value));
  }
  return WriteSavedModel(dir, out);
}

}  // namespace keras
}  // namespace kiln
