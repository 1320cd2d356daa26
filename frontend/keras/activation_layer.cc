#include "frontend/keras/activations.h"
#include "frontend/keras/layers.h"

namespace kiln {
namespace keras {

StatusOr<Output> Activation::CallImpl(const Scope& s, const Output& x, bool) {
  return Activate(s, activation_, x);
}

}  // namespace keras
}  // namespace kiln
