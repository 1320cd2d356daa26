//===- RegisterCpuCompiler.cpp - The CPU compiler as the default ----------===//
//
// Compiled into every target that links kiln_compiler (an INTERFACE source,
// so a static library cannot drop it): Sessions created without a compiler
// use the CPU compiler.
//
//===----------------------------------------------------------------------===//
#include "compiler/CpuCompiler.h"

namespace {

const bool kRegistered = [] {
  if (!kiln::DefaultGraphCompiler())
    kiln::SetDefaultGraphCompiler(kiln::compiler::newCpuCompiler());
  return true;
}();

} // namespace
