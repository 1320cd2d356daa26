//===- DiagnosticStatus.h - MLIR diagnostics to kiln::Status ----*- C++ -*-===//
//
// The one place diagnostics become a kiln::Status (house style: at the
// compiler's entry): the first error, prefixed by the node its location
// names ("node 'fc' in function 'f': ...") or by its file position.
//
//   FirstErrorHandler errors(context);
//   if (failed(pm.run(module))) return errors.status("compilation failed");
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TRANSLATE_DIAGNOSTICSTATUS_H
#define KILN_IR_TRANSLATE_DIAGNOSTICSTATUS_H

#include <string>

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "runtime/base/status.h"

namespace kiln::ir {

/// Collects the first error reported while it is alive.
class FirstErrorHandler {
public:
  explicit FirstErrorHandler(mlir::MLIRContext &context);

  /// InvalidArgument with the first error, or `fallback` when none came.
  kiln::Status status(const char *fallback) const;

private:
  std::string message;
  mlir::ScopedDiagnosticHandler handler;
};

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_DIAGNOSTICSTATUS_H
