// kiln-dump's bridge to the kiln dialect: --format=mlir and reading .mlir
// files. The only file of the tool that needs MLIR.
#include "compiler/Pipelines.h"
#include "ir/Translate/GraphDefTranslate.h"
#include "tools/kiln-dump/formats.h"

namespace kiln::dump {

StatusOr<std::string> FormatMlir(const DumpInput& in) {
  return kiln::ir::graphDefToMlirText(in.loaded->graph,
                                      kiln::ir::ImportOptions());
}

StatusOr<std::string> FormatMlirAfter(const DumpInput& in,
                                      const std::string& stage) {
  return kiln::compiler::graphDefToMlirTextAfter(
      in.loaded->graph, kiln::ir::ImportOptions(), stage);
}

StatusOr<tensorflow::GraphDef> ParseMlirGraph(const std::string& text) {
  return kiln::ir::mlirTextToGraphDef(text);
}

}  // namespace kiln::dump
