// Keras' activations by name, as graph ops: linear, relu, elu, selu, tanh,
// sigmoid, softmax (last axis), softplus, gelu (the tanh approximation,
// Keras' gelu(approximate=True)).
#ifndef KILN_FRONTEND_KERAS_ACTIVATIONS_H_
#define KILN_FRONTEND_KERAS_ACTIVATIONS_H_

#include <string>

#include "frontend/output.h"
#include "frontend/scope.h"

namespace kiln {
namespace keras {

// InvalidArgument for an unknown name ("" is linear).
StatusOr<Output> Activate(const Scope& scope, const std::string& name,
                          const Output& x);
bool IsActivation(const std::string& name);

}  // namespace keras
}  // namespace kiln

#endif  // KILN_FRONTEND_KERAS_ACTIVATIONS_H_
