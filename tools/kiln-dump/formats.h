// The output formats of kiln-dump, each rendering a loaded, checked graph to
// a string (nothing is printed until the whole output is ready).
//
//   DumpInput in{path, &loaded, &view, &shapes};
//   KILN_ASSIGN_OR_RETURN(std::string out, FormatText(in));
#ifndef KILN_TOOLS_KILN_DUMP_FORMATS_H_
#define KILN_TOOLS_KILN_DUMP_FORMATS_H_

#include <string>

#include "runtime/base/status.h"
#include "runtime/graph/graph_shapes.h"
#include "runtime/graph/graph_view.h"
#include "tools/kiln-dump/graph_loader.h"

namespace kiln::dump {

struct DumpInput {
  std::string path;
  const LoadedGraph* loaded;
  const GraphView* view;
  const GraphShapes* shapes;
};

StatusOr<std::string> FormatText(const DumpInput& in);   // text_format.cc
StatusOr<std::string> FormatJson(const DumpInput& in);   // json_format.cc
StatusOr<std::string> FormatDot(const DumpInput& in);    // dot_format.cc
StatusOr<std::string> FormatPbtxt(const DumpInput& in);  // pbtxt_format.cc
StatusOr<std::string> FormatMlir(const DumpInput& in);   // mlir_format.cc
// The kiln dialect after a compiler stage ("cleanup"; mlir_format.cc).
StatusOr<std::string> FormatMlirAfter(const DumpInput& in,
                                      const std::string& stage);
// One node's attrs, inputs, outputs and consumers (node_detail.cc).
// lint_format.cc: --lint; `compilable` says whether every node compiles.
StatusOr<std::string> FormatLint(const DumpInput& in, const std::string& cpu,
                                 bool* compilable);
StatusOr<std::string> FormatNodeDetail(const DumpInput& in,
                                       const std::string& node_name);

}  // namespace kiln::dump

#endif  // KILN_TOOLS_KILN_DUMP_FORMATS_H_
