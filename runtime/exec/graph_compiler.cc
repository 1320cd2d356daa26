// The process-wide default GraphCompiler.
#include "runtime/exec/graph_compiler.h"

#include <mutex>

namespace kiln {
namespace {

std::mutex& DefaultMutex() {
  static std::mutex mu;
  return mu;
}

std::shared_ptr<GraphCompiler>& DefaultSlot() {
  static std::shared_ptr<GraphCompiler> compiler;
  return compiler;
}

}  // namespace

std::shared_ptr<GraphCompiler> DefaultGraphCompiler() {
  std::lock_guard<std::mutex> lock(DefaultMutex());
  return DefaultSlot();
}

void SetDefaultGraphCompiler(std::shared_ptr<GraphCompiler> compiler) {
  std::lock_guard<std::mutex> lock(DefaultMutex());
  DefaultSlot() = std::move(compiler);
}

}  // namespace kiln
