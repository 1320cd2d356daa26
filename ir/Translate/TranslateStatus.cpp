//===- TranslateStatus.cpp - GraphDef translation behind kiln::Status -----===//
//
// The one place where MLIR diagnostics become a kiln::Status: the first
// error, prefixed by the node its location names.
//
//===----------------------------------------------------------------------===//
#include "ir/Translate/GraphDefTranslate.h"
#include "ir/Translate/DiagnosticStatus.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace kiln::ir {


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
