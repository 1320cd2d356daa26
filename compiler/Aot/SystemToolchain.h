//===- SystemToolchain.h - The system's C toolchain for AOT -----*- C++ -*-===//
//
// Ahead-of-time artifacts are finished with the system's C toolchain: the
// kernels' object code linked into a shared object (which the runtime maps
// with the dynamic loader, no LLVM in a deployed program), a generated C
// source compiled to an object, objects archived into a static library.
// The driver is `cc` on PATH or the one KILN_LINKER names; `ar` likewise
// (KILN_AR). Each runs in a private temporary directory.
//
//   KILN_ASSIGN_OR_RETURN(std::string so, linkSharedObject(object));
//   KILN_ASSIGN_OR_RETURN(std::string o, compileC(source));
//   KILN_ASSIGN_OR_RETURN(std::string a, archiveObjects({{"m.o", o}}));
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_AOT_SYSTEMTOOLCHAIN_H
#define KILN_COMPILER_AOT_SYSTEMTOOLCHAIN_H

#include <string>
#include <utility>
#include <vector>

#include "compiler/Codegen/Codegen.h"
#include "runtime/base/status.h"

namespace kiln::compiler {

/// The bytes of a shared library exporting `object`'s entry points (libm
/// linked in: f64 math calls); an error with the linker's output when
/// linking fails.
kiln::StatusOr<std::string> linkSharedObject(const ObjectCode &object);

/// `source` (C) compiled position-independent to object code.
kiln::StatusOr<std::string> compileC(const std::string &source);

/// A static library (ar archive) of `objects` (file name, bytes).
kiln::StatusOr<std::string>
archiveObjects(const std::vector<std::pair<std::string, std::string>> &objects);

} // namespace kiln::compiler

#endif // KILN_COMPILER_AOT_SYSTEMTOOLCHAIN_H
