//===- LinkSharedObject.h - Kernels' object code to a shared library -*- C++ -*-===//
//
// A bundle carries its kernels as an ELF shared object, which the runtime
// maps with the system's dynamic loader (no LLVM in a deployed program).
// The object code is linked with the system's C compiler driver: `cc` on
// PATH, or the one KILN_LINKER names; libm is linked in (f64 math calls).
//
//   KILN_ASSIGN_OR_RETURN(std::string so, linkSharedObject(object));
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_AOT_LINKSHAREDOBJECT_H
#define KILN_COMPILER_AOT_LINKSHAREDOBJECT_H

#include <string>

#include "compiler/Codegen/Codegen.h"
#include "runtime/base/status.h"

namespace kiln::compiler {

/// The bytes of a shared library exporting `object`'s entry points; an
/// error with the linker's output when linking fails.
kiln::StatusOr<std::string> linkSharedObject(const ObjectCode &object);

} // namespace kiln::compiler

#endif // KILN_COMPILER_AOT_LINKSHAREDOBJECT_H
