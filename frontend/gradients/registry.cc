// GradientRegistry: the map from op type to gradient function.
#include "frontend/gradients/registry.h"

namespace kiln {

const GradientRegistry& GradientRegistry::Global() {
  static const GradientRegistry* registry = [] {
    auto* r = new GradientRegistry();
    RegisterMathGradients(*r);
    RegisterArrayGradients(*r);
    RegisterNNGradients(*r);
    RegisterBatchNormGradients(*r);
    RegisterConvGradients(*r);
    RegisterIndexingGradients(*r);
    RegisterStateGradients(*r);
    return r;
  }();
  return *registry;
}

void GradientRegistry::Register(const std::string& op, GradFunc fn) {
  funcs_[op] = fn;
}

void GradientRegistry::RegisterNoGradient(const std::string& op) {
  funcs_[op] = nullptr;
}

StatusOr<GradFunc> GradientRegistry::Lookup(const std::string& op) const {
  auto it = funcs_.find(op);
  if (it == funcs_.end()) {
    return NotFound("no gradient is registered for op '" + op + "'");
  }
  return it->second;
}

}  // namespace kiln
