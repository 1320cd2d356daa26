//===- DiagnosticStatus.cpp - MLIR diagnostics to kiln::Status ------------===//
#include "ir/Translate/DiagnosticStatus.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::ir {

static std::string formatDiagnostic(Diagnostic &diag) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto name = dyn_cast<NameLoc>(diag.getLocation())) {
    os << "node '" << name.getName().getValue() << "'";
    if (auto function = dyn_cast<NameLoc>(name.getChildLoc()))
      os << " in function '" << function.getName().getValue() << "'";
    os << ": ";
  } else if (auto file = dyn_cast<FileLineColLoc>(diag.getLocation())) {
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn() << ": ";
  }
  os << diag.str();
  return text;
}

FirstErrorHandler::FirstErrorHandler(MLIRContext &context)
    : handler(&context, [this](Diagnostic &diag) {
        if (diag.getSeverity() == DiagnosticSeverity::Error && message.empty())
          message = formatDiagnostic(diag);
        return success();
      }) {}

kiln::Status FirstErrorHandler::status(const char *fallback) const {
  return kiln::InvalidArgument(message.empty() ? fallback : message);
}

} // namespace kiln::ir
