// kiln-dump --format=pbtxt: the GraphDef in protobuf text format (for a
// SavedModel, its first meta graph's graph_def).
#include <google/protobuf/text_format.h>

#include "tools/kiln-dump/formats.h"

namespace kiln::dump {

StatusOr<std::string> FormatPbtxt(const DumpInput& in) {
  std::string out;
  if (!google::protobuf::TextFormat::PrintToString(in.loaded->graph, &out)) {
    return Internal("could not print the GraphDef as text");
  }
  return out;
}

}  // namespace kiln::dump
