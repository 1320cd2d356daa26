// The TensorBoard callback: two SummaryWriters, train and validation.
#include "frontend/keras/callbacks.h"
#include "frontend/keras/model.h"

namespace kiln {
namespace keras {

TensorBoard::TensorBoard(std::string log_dir, TensorBoardOptions options)
    : log_dir_(std::move(log_dir)), options_(options) {}

TensorBoard::~TensorBoard() = default;

void TensorBoard::Keep(const Status& s) {
  if (!s.ok() && status_.ok()) status_ = s;
}

void TensorBoard::OnTrainBegin(Model& model) {
  batches_ = 0;
  auto train = SummaryWriter::Create(log_dir_ + "/train");
  auto validation = SummaryWriter::Create(log_dir_ + "/validation");
  if (!train.ok() || !validation.ok()) {
    Keep(train.ok() ? validation.status() : train.status());
    return;
  }
  train_ = *std::move(train);
  validation_ = *std::move(validation);
  if (options_.write_graph) {
    StatusOr<tensorflow::GraphDef> graph = model.ExportInferenceGraph();
    if (graph.ok()) Keep(train_->Graph(*graph));
  }
}

void TensorBoard::OnBatchEnd(Model&, int64_t, const Logs& logs) {
  ++batches_;
  if (!train_ || options_.update_freq <= 0 ||
      batches_ % options_.update_freq != 0) {
    return;
  }
  for (const auto& [name, value] : logs) {
    Keep(train_->Scalar("batch_" + name, value, batches_));
  }
}

void TensorBoard::OnEpochEnd(Model& model, int epoch, const Logs& logs) {
  if (!train_) return;
  for (const auto& [name, value] : logs) {
    const bool val = name.rfind("val_", 0) == 0;
    SummaryWriter& w = val ? *validation_ : *train_;
    Keep(w.Scalar("epoch_" + (val ? name.substr(4) : name), value, epoch));
  }
  if (model.optimizer() != nullptr) {
    Keep(train_->Scalar("epoch_learning_rate",
                        model.optimizer()->learning_rate(), epoch));
  }
  if (options_.histogram_freq > 0 && epoch % options_.histogram_freq == 0) {
    StatusOr<std::vector<Tensor>> weights = model.GetWeights();
    const std::vector<Variable> vars = model.weights();
    for (size_t i = 0; weights.ok() && i < vars.size(); ++i) {
      std::vector<double> values;
      for (int64_t k = 0; k < (*weights)[i].NumElements(); ++k) {
        values.push_back((*weights)[i].flat<float>()[k]);
      }
      Keep(train_->Histogram(vars[i].name(), values, epoch));
    }
  }
  Keep(train_->Flush());
  Keep(validation_->Flush());
}

void TensorBoard::OnTrainEnd(Model&, const Logs&) {
  if (train_) Keep(train_->Close());
  if (validation_) Keep(validation_->Close());
}

}  // namespace keras
}  // namespace kiln
