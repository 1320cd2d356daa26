#include "frontend/keras/sequential.h"

#include <set>

namespace kiln {
namespace keras {

Sequential::Sequential(Shape input_shape, std::string name)
    : Model(std::move(name), std::move(input_shape)) {}

Sequential::Sequential(std::vector<std::shared_ptr<Layer>> layers,
                       Shape input_shape, std::string name)
    : Model(std::move(name), std::move(input_shape)) {
  for (auto& layer : layers) Add(std::move(layer));
}

// Names are made unique as Keras does: dense, dense_1, dense_2.
void Sequential::Add(std::shared_ptr<Layer> layer) {
  std::set<std::string> taken;
  for (const auto& l : layers_) taken.insert(l->name());
  const std::string base = layer->name();
  for (int i = 1; taken.count(layer->name()); ++i) {
    layer->set_name(base + "_" + std::to_string(i));
  }
  layers_.push_back(std::move(layer));
}

std::vector<Layer*> Sequential::layers() const {
  std::vector<Layer*> out;
  for (const auto& layer : layers_) out.push_back(layer.get());
  return out;
}

StatusOr<Output> Sequential::Call(const Scope& scope, const Output& x,
                                  bool training) {
  Layer::Masked y{x, Output()};
  uint64_t seed = Model::seed();
  for (const auto& layer : layers_) {
    KILN_ASSIGN_OR_RETURN(
        y, layer->CallMasked(scope, y.value, y.mask, training, seed));
    seed += 1000;
  }
  return y.value;
}

}  // namespace keras
}  // namespace kiln
