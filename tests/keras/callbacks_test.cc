// Callbacks and weights files: early stopping (with best weights put back),
// checkpoints, learning-rate changes, CSV logs, custom callbacks, and
// SaveWeights/LoadWeights with the optimizer's state.
#include "frontend/keras/callbacks.h"

#include <dirent.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "frontend/keras/layers.h"
#include "frontend/keras/model.h"
#include "frontend/train/optimizers.h"
#include "runtime/io/file_util.h"
#include "runtime/io/summary_writer.h"
#include "tests/keras/keras_util.h"

namespace kiln {
namespace keras {
namespace {

std::string TempPath(const std::string& name) {
  return "/tmp/kiln_callbacks_" + std::to_string(getpid()) + "_" + name;
}

// Records the weights at the end of each epoch.
class WeightsRecorder : public Callback {
 public:
  void OnEpochEnd(Model& model, int, const Logs&) override {
    weights.push_back(model.GetWeights().value());
  }
  std::vector<std::vector<Tensor>> weights;
};

bool SameWeights(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    for (int64_t j = 0; j < a[i].NumElements(); ++j) {
      if (a[i].flat<float>()[j] != b[i].flat<float>()[j]) return false;
    }
  }
  return true;
}

// A weights file, or both files of a checkpoint prefix.
void RemoveSaved(const std::string& path) {
  unlink(path.c_str());
  unlink((path + ".index").c_str());
  unlink((path + ".data-00000-of-00001").c_str());
}

TEST_CASE("EarlyStopping stops and restores the best weights", "[callbacks]") {
  Data data = Blobs(120, 1);
  auto model = Mlp(0.01, 1);
  // The loss falls every epoch, so "maximize the loss" is best at epoch 0.
  EarlyStoppingOptions o;
  o.monitor = "loss";
  o.mode = Mode::kMax;
  o.patience = 2;
  o.restore_best_weights = true;
  EarlyStopping stop(o);
  WeightsRecorder recorder;
  FitOptions fit = Quiet(10);
  fit.callbacks = {&recorder, &stop};
  StatusOr<History> h = model->Fit(data.x, data.y, fit);
  REQUIRE(h.ok());
  CHECK(h->epoch.size() == 3);
  CHECK(stop.stopped_epoch() == 2);
  CHECK(stop.best_epoch() == 0);
  CHECK(SameWeights(model->GetWeights().value(), recorder.weights[0]));
  CHECK_FALSE(SameWeights(recorder.weights[2], recorder.weights[0]));
}

// Both formats: a weights file (".pb") and a TensorFlow checkpoint prefix.
TEST_CASE("ModelCheckpoint saves; LoadWeights restores model and optimizer",
          "[callbacks]") {
  const std::string suffix = GENERATE(as<std::string>{}, ".weights.pb", "");
  INFO("suffix '" << suffix << "'");
  Data data = Blobs(120, 2);
  auto model = Mlp(0.01, 2);
  ModelCheckpointOptions o;
  o.monitor = "loss";
  o.save_best_only = true;
  ModelCheckpoint checkpoint(TempPath("ckpt_{epoch}" + suffix), o);
  WeightsRecorder recorder;
  FitOptions fit = Quiet(3);
  fit.callbacks = {&recorder, &checkpoint};
  REQUIRE(model->Fit(data.x, data.y, fit).ok());
  REQUIRE(checkpoint.status().ok());
  REQUIRE(checkpoint.saved().size() == 3);  // the loss improves each epoch
  CHECK(checkpoint.saved()[0] == TempPath("ckpt_01" + suffix));
  const int64_t steps_after_3 = Optimizer::Iterations(
      model->optimizer()->iterations(), model->session()->variables());
  REQUIRE(model->LoadWeights(checkpoint.saved()[0]).ok());
  CHECK(SameWeights(model->GetWeights().value(), recorder.weights[0]));
  CHECK(Optimizer::Iterations(model->optimizer()->iterations(),
                              model->session()->variables()) ==
        steps_after_3 / 3);
  // A file that is not a weights file changes nothing.
  const std::string bad = TempPath("bad" + suffix);
  REQUIRE(
      WriteFileAtomically(suffix.empty() ? bad + ".index" : bad, "not a graph")
          .ok());
  CHECK_THAT(model->LoadWeights(bad).message(), Catch::Contains(bad));
  CHECK(SameWeights(model->GetWeights().value(), recorder.weights[0]));
  // Weights of other shapes are refused, naming the variable.
  auto wider = std::make_unique<Sequential>(
      std::vector<std::shared_ptr<Layer>>{
          std::make_shared<Dense>(5, "relu"),
          std::make_shared<Dense>(3, "softmax")},
      Shape::Of({kFeatures}));
  CompileOptions c;
  c.optimizer = std::make_shared<SGD>();
  c.loss = "sparse_categorical_crossentropy";
  REQUIRE(wider->Compile(c).ok());
  CHECK_THAT(wider->LoadWeights(checkpoint.saved()[1], false).message(),
             Catch::Contains("in the file but"));
  for (const std::string& path : checkpoint.saved()) RemoveSaved(path);
  RemoveSaved(bad);
}

// Maximizing the loss keeps epoch 1's checkpoint as the best, beside the
// newest two.
TEST_CASE("ManagedCheckpoint keeps the newest and the best", "[callbacks]") {
  Data data = Blobs(120, 4);
  auto model = Mlp(0.01, 4);
  const std::string dir = TempPath("managed");
  CheckpointManagerOptions options;
  options.max_to_keep = 2;
  options.higher_is_better = true;
  auto manager = CheckpointManager::Open(dir, options);
  REQUIRE(manager.ok());
  ManagedCheckpoint checkpoints(&*manager, "loss");
  WeightsRecorder recorder;
  FitOptions fit = Quiet(4);
  fit.callbacks = {&recorder, &checkpoints};
  REQUIRE(model->Fit(data.x, data.y, fit).ok());
  REQUIRE(checkpoints.status().ok());
  CHECK(manager->checkpoints() == std::vector<std::string>{dir + "/ckpt-1",
                                                           dir + "/ckpt-3",
                                                           dir + "/ckpt-4"});
  CHECK(manager->best() == dir + "/ckpt-1");
  REQUIRE(model->LoadWeights(manager->best()).ok());
  CHECK(SameWeights(model->GetWeights().value(), recorder.weights[0]));
  REQUIRE(model->LoadWeights(manager->latest()).ok());
  CHECK(SameWeights(model->GetWeights().value(), recorder.weights[3]));
  CHECK(access((dir + "/ckpt-2.index").c_str(), F_OK) != 0);
  for (const std::string& p : manager->checkpoints()) RemoveSaved(p);
  unlink((dir + "/checkpoint").c_str());
  unlink((dir + "/checkpoint_best").c_str());
  rmdir(dir.c_str());
}

// Maximizing the loss: every epoch after the first is a plateau.
TEST_CASE("learning-rate callbacks change the optimizer's rate",
          "[callbacks]") {
  Data data = Blobs(64, 3);
  auto model = Mlp(0.01, 3);
  ReduceLROnPlateauOptions o;
  o.monitor = "loss";
  o.mode = Mode::kMax;
  o.patience = 1;
  o.factor = 0.5;
  ReduceLROnPlateau plateau(o);
  FitOptions fit = Quiet(3);
  fit.callbacks = {&plateau};
  REQUIRE(model->Fit(data.x, data.y, fit).ok());
  CHECK(model->optimizer()->learning_rate() == Approx(0.01 * 0.25));

  LearningRateScheduler scheduler(
      [](int epoch, double) { return 0.001 * (epoch + 1); });
  fit.callbacks = {&scheduler};
  REQUIRE(model->Fit(data.x, data.y, fit).ok());
  CHECK(model->optimizer()->learning_rate() == Approx(0.003));
}

TEST_CASE("CSVLogger writes one row per epoch", "[callbacks]") {
  Data data = Blobs(64, 4);
  auto model = Mlp(0.01, 4);
  const std::string path = TempPath("log.csv");
  CSVLogger logger(path);
  FitOptions fit = Quiet(2);
  fit.callbacks = {&logger};
  REQUIRE(model->Fit(data.x, data.y, fit).ok());
  REQUIRE(logger.status().ok());
  StatusOr<std::string> csv = ReadFileToString(path);
  REQUIRE(csv.ok());
  CHECK(csv->rfind("epoch,accuracy,loss\n0,", 0) == 0);
  CHECK(std::count(csv->begin(), csv->end(), '\n') == 3);
  unlink(path.c_str());
}

// The single events file in `dir`.
std::string EventsFileIn(const std::string& dir) {
  std::string found;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      if (std::string(e->d_name).rfind("events.out.tfevents.", 0) == 0) {
        found = dir + "/" + e->d_name;
      }
    }
    closedir(d);
  }
  return found;
}

// tag -> steps at which it was written.
std::map<std::string, std::vector<int64_t>> Tags(const std::string& dir,
                                                 bool* has_graph) {
  std::map<std::string, std::vector<int64_t>> tags;
  StatusOr<std::vector<tensorflow::Event>> events =
      ReadEvents(EventsFileIn(dir));
  REQUIRE(events.ok());
  for (const auto& e : *events) {
    if (!e.graph_def().empty()) *has_graph = true;
    for (const auto& v : e.summary().value()) tags[v.tag()].push_back(e.step());
  }
  return tags;
}

TEST_CASE("the TensorBoard callback logs epochs, batches, weights, graph",
          "[callbacks]") {
  Data data = Blobs(96, 5);
  auto model = Mlp(0.01, 5);
  const std::string dir = TempPath("tensorboard");
  TensorBoardOptions o;
  o.histogram_freq = 1;
  o.update_freq = 2;
  TensorBoard tb(dir, o);
  FitOptions fit = Quiet(2);
  fit.validation_split = 0.25;
  fit.callbacks = {&tb};
  REQUIRE(model->Fit(data.x, data.y, fit).ok());
  REQUIRE(tb.status().ok());
  bool graph = false, no_graph = false;
  auto train = Tags(dir + "/train", &graph);
  auto validation = Tags(dir + "/validation", &no_graph);
  CHECK(graph);
  CHECK(train["epoch_loss"] == std::vector<int64_t>{0, 1});
  CHECK(train["epoch_accuracy"] == std::vector<int64_t>{0, 1});
  CHECK(train["epoch_learning_rate"].size() == 2);
  // 72 training rows in batches of 16: 5 an epoch; every 2nd of 10 logged.
  CHECK(train["batch_loss"].size() == 5);
  CHECK(train.count(model->weights()[0].name()) == 1);
  CHECK(validation["epoch_loss"] == std::vector<int64_t>{0, 1});
  CHECK(validation.count("epoch_val_loss") == 0);
}

}  // namespace
}  // namespace keras
}  // namespace kiln
