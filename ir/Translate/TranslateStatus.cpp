//===- TranslateStatus.cpp - GraphDef translation behind kiln::Status -----===//
//
// The one place where MLIR diagnostics become a kiln::Status: the first
// error, prefixed by the node its location names.
//
//===----------------------------------------------------------------------===//
#include "ir/Translate/GraphDefTranslate.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::ir {
namespace {

/// Collects the first error reported while it is alive.
class FirstErrorHandler {
public:
  explicit FirstErrorHandler(MLIRContext &context)
      : handler(&context, [this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error &&
              message.empty())
            message = format(diag);
          return success();
        }) {}

  kiln::Status status(const char *fallback) const {
    return kiln::InvalidArgument(message.empty() ? fallback : message);
  }

private:
  static std::string format(Diagnostic &diag) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (auto name = dyn_cast<NameLoc>(diag.getLocation())) {
      os << "node '" << name.getName().getValue() << "'";
      if (auto function = dyn_cast<NameLoc>(name.getChildLoc()))
        os << " in function '" << function.getName().getValue() << "'";
      os << ": ";
    } else if (auto file = dyn_cast<FileLineColLoc>(diag.getLocation()))
      os << file.getFilename().getValue() << ":" << file.getLine() << ":"
         << file.getColumn() << ": ";
    os << diag.str();
    return text;
  }

  std::string message;
  ScopedDiagnosticHandler handler;
};

} // namespace

kiln::StatusOr<std::string>
graphDefToMlirText(const tensorflow::GraphDef &graph,
                   const ImportOptions &options) {
  MLIRContext context;
  FirstErrorHandler errors(context);
  auto module = importGraphDef(context, graph, options);
  if (failed(module))
    return errors.status("GraphDef import failed");
  std::string text;
  llvm::raw_string_ostream os(text);
  (*module)->print(os, OpPrintingFlags().enableDebugInfo(/*enable=*/true,
                                                         /*prettyForm=*/false));
  return text;
}

kiln::StatusOr<tensorflow::GraphDef>
mlirTextToGraphDef(const std::string &text) {
  MLIRContext context;
  registerKilnDialects(context);
  FirstErrorHandler errors(context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  if (!module || failed(verify(*module)))
    return errors.status("not a valid kiln module");
  FailureOr<tensorflow::GraphDef> graph = exportGraphDef(*module);
  if (failed(graph))
    return errors.status("GraphDef export failed");
  return *graph;
}

} // namespace kiln::ir
