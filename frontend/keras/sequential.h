// Sequential: a Model whose forward pass calls its layers in order.
//
//   keras::Sequential model(Shape::Of({28, 28}));
//   model.Add(std::make_shared<keras::Flatten>());
//   model.Add(std::make_shared<keras::Dense>(10,
//   keras::DenseOptions{"softmax"}));
#ifndef KILN_FRONTEND_KERAS_SEQUENTIAL_H_
#define KILN_FRONTEND_KERAS_SEQUENTIAL_H_

#include <memory>
#include <vector>

#include "frontend/keras/model.h"

namespace kiln {
namespace keras {

class Sequential : public Model {
 public:
  // `input_shape` leaves out the batch dim.
  explicit Sequential(Shape input_shape, std::string name = "sequential");
  Sequential(std::vector<std::shared_ptr<Layer>> layers, Shape input_shape,
             std::string name = "sequential");
  // Layers are added before Compile.
  void Add(std::shared_ptr<Layer> layer);
  std::vector<Layer*> layers() const override;

 protected:
  StatusOr<Output> Call(const Scope& scope, const Output& x,
                        bool training) override;

 private:
  std::vector<std::shared_ptr<Layer>> layers_;
};

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_SEQUENTIAL_H_
