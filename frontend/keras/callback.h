// Callback: hooks Model::Fit calls around epochs and batches, with the logs
// of the moment ("loss", "accuracy", "val_loss", ...). Subclass it for
// custom callbacks; callbacks.h has Keras' standard ones.
#ifndef KILN_FRONTEND_KERAS_CALLBACK_H_
#define KILN_FRONTEND_KERAS_CALLBACK_H_

#include <cstdint>
#include <map>
#include <string>

namespace kiln {
namespace keras {

using Logs = std::map<std::string, double>;

class Model;

class Callback {
 public:
  virtual ~Callback() = default;
  virtual void OnTrainBegin(Model& model) {}
  virtual void OnTrainEnd(Model& model, const Logs& logs) {}
  virtual void OnEpochBegin(Model& model, int epoch) {}
  virtual void OnEpochEnd(Model& model, int epoch, const Logs& logs) {}
  virtual void OnBatchEnd(Model& model, int64_t batch, const Logs& logs) {}
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_CALLBACK_H_
