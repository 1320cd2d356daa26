// Policy: the named dtype policies and the process-wide default.
#include "frontend/keras/policy.h"

#include <mutex>

namespace kiln {
namespace keras {
namespace {

std::mutex& PolicyMutex() {
  static std::mutex* mu = new std::mutex;
  return *mu;
}

std::string& GlobalName() {
  static std::string* name = new std::string("float32");
  return *name;
}

}  // namespace

StatusOr<Policy> Policy::Named(const std::string& name) {
  struct Known {
    const char* name;
    DataType compute, variable;
  };
  static const Known kKnown[] = {
      {"float32", tensorflow::DT_FLOAT, tensorflow::DT_FLOAT},
      {"float64", tensorflow::DT_DOUBLE, tensorflow::DT_DOUBLE},
      {"float16", tensorflow::DT_HALF, tensorflow::DT_HALF},
      {"bfloat16", tensorflow::DT_BFLOAT16, tensorflow::DT_BFLOAT16},
      {"mixed_float16", tensorflow::DT_HALF, tensorflow::DT_FLOAT},
      {"mixed_bfloat16", tensorflow::DT_BFLOAT16, tensorflow::DT_FLOAT},
  };
  std::string known;
  for (const Known& k : kKnown) {
    if (name == k.name) return Policy(k.name, k.compute, k.variable);
    known += std::string(known.empty() ? "" : ", ") + k.name;
  }
  return InvalidArgument("unknown dtype policy '" + name +
                         "' (known: " + known + ")");
}

Status SetGlobalPolicy(const std::string& name) {
  KILN_RETURN_IF_ERROR(Policy::Named(name).status());
  std::lock_guard<std::mutex> lock(PolicyMutex());
  GlobalName() = name;
  return OkStatus();
}

Policy GlobalPolicy() {
  std::lock_guard<std::mutex> lock(PolicyMutex());
  return *Policy::Named(GlobalName());
}

bool IsPolicyFloat(DataType dtype) {
  return dtype == tensorflow::DT_FLOAT || dtype == tensorflow::DT_DOUBLE ||
         dtype == tensorflow::DT_HALF || dtype == tensorflow::DT_BFLOAT16;
}

}  // namespace keras
}  // namespace kiln
