// kiln-dump's bridge to the kiln dialect: --format=mlir and reading .mlir
// files. The only file of the tool that needs MLIR.
#include "ir/Translate/GraphDefTranslate.h"
#include "tools/kiln-dump/formats.h"

namespace kiln::dump {

StatusOr<std::string> FormatMlir(const DumpInput& in) {
  return kiln::ir::graphDefToMlirText(in.loaded->graph,
                                      kiln::ir::ImportOptions());
}

StatusOr<tensorflow::GraphDef> ParseMlirGraph(const std::string& text) {
  return kiln::ir::mlirTextToGraphDef(text);
}

}  // namespace kiln::dump
