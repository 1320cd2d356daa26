// The functional API: models as graphs of layers over symbolic inputs,
// with several inputs and outputs (Keras' functional Model).
//
//   KTensor a = Input(Shape::Of({5}), "wide"), b = Input(Shape::Of({6}),
//   "deep"); KTensor h = *Apply(std::make_shared<Dense>(30, "relu"), b);
//   KTensor both = *Concatenate({a, h});
//   KTensor main = *Apply(std::make_shared<Dense>(1), both);
//   KTensor aux = *Apply(std::make_shared<Dense>(1), h);
//   Functional model({a, b}, {main, aux}, "wide_and_deep");
//   // compile with loss "mse", loss_weights {0.9, 0.1}; Fit({xa, xb}, {y, y})
//
// A layer applied twice shares its weights. Inputs' placeholders are named
// after the inputs.
#ifndef KILN_FRONTEND_KERAS_FUNCTIONAL_H_
#define KILN_FRONTEND_KERAS_FUNCTIONAL_H_

#include <memory>
#include <string>
#include <vector>

#include "frontend/keras/layer.h"
#include "frontend/keras/model.h"

namespace kiln {
namespace keras {

struct FunctionalNode;

// A symbolic tensor: an input, or the output of a layer or merge.
class KTensor {
 public:
  KTensor() = default;
  explicit KTensor(std::shared_ptr<const FunctionalNode> node)
      : node_(std::move(node)) {}
  bool valid() const { return node_ != nullptr; }
  // With the batch dim (-1).
  const Shape& shape() const;
  const std::shared_ptr<const FunctionalNode>& node() const { return node_; }

 private:
  std::shared_ptr<const FunctionalNode> node_;
};

// `shape` leaves out the batch dim; an empty name becomes "input_<k>".
KTensor Input(Shape shape, std::string name = "", DataType dtype = DT_FLOAT);
// The layer applied to x (errors: the layer rejects x's shape).
StatusOr<KTensor> Apply(std::shared_ptr<Layer> layer, const KTensor& x);
// Keras' Concatenate (last axis) and Add merges.
StatusOr<KTensor> Concatenate(const std::vector<KTensor>& xs);
StatusOr<KTensor> Add(const std::vector<KTensor>& xs);

class Functional : public Model {
 public:
  // Every output must depend only on `inputs`.
  Functional(std::vector<KTensor> inputs, std::vector<KTensor> outputs,
             std::string name = "model");
  std::vector<Layer*> layers() const override;

 protected:
  StatusOr<OutputList> CallAll(const Scope& scope, const OutputList& xs,
                               bool training) override;
  StatusOr<std::vector<std::pair<Layer*, Shape>>> LayerShapes() const override;

 private:
  std::vector<KTensor> inputs_, outputs_;
  std::vector<std::shared_ptr<const FunctionalNode>> order_;  // topological
  std::vector<std::shared_ptr<Layer>> layers_;                // unique
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_FUNCTIONAL_H_
