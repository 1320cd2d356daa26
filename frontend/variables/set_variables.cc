// All-or-nothing variable updates for restores.
#include "frontend/variables/set_variables.h"

namespace kiln {

Status SetVariablesTogether(const std::string& source,
                            std::map<std::string, Tensor> values,
                            VariableStore& store) {
  for (const auto& [name, value] : values) {
    StatusOr<Tensor> current = store.Read(name);
    if (current.ok() && (current->dtype() != value.dtype() ||
                         current->shape() != value.shape())) {
      return InvalidArgument(source + ": variable '" + name + "' is " +
                             DataTypeName(value.dtype()) +
                             value.shape().ToString() + " in the file but " +
                             DataTypeName(current->dtype()) +
                             current->shape().ToString() + " in the model");
    }
  }
  for (auto& [name, value] : values) store.Set(name, std::move(value));
  return OkStatus();
}

}  // namespace kiln
