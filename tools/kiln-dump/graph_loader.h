// Loads the graph kiln-dump shows from a binary or text GraphDef, a
// SavedModel directory, a .mlir file of the kiln dialect, or a Kiln bundle
// (the graph it was compiled from; its signature as serving_default).
//
//   KILN_ASSIGN_OR_RETURN(LoadedGraph loaded, LoadGraph("model.pb"));
//   loaded.graph.node_size();
#ifndef KILN_TOOLS_KILN_DUMP_GRAPH_LOADER_H_
#define KILN_TOOLS_KILN_DUMP_GRAPH_LOADER_H_

#include <map>
#include <string>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "proto/tensorflow/meta_graph.pb.h"
#include "runtime/base/status.h"

namespace kiln::dump {

struct LoadedGraph {
  tensorflow::GraphDef graph;
  // How it was read: "GraphDef (binary)", "GraphDef (text)",
  // "SavedModel (binary)", "SavedModel (text)" or "MLIR".
  std::string format;
  // SavedModel only: the first meta graph's tags and signatures.
  std::vector<std::string> tags;
  std::map<std::string, tensorflow::SignatureDef> signatures;
};

// Files above this size are refused before reading (protobuf's own limit is
// 2 GiB).
inline constexpr long long kMaxFileBytes = 1LL << 31;

// Errors do not repeat `path`; the caller prefixes it.
StatusOr<LoadedGraph> LoadGraph(const std::string& path);

// Binary first (when it parses and looks like a GraphDef), then text format;
// `is_text` (optional) tells which one it was.
StatusOr<tensorflow::GraphDef> ParseGraphDef(const std::string& bytes,
                                             bool* is_text = nullptr);

// Implemented in mlir_format.cc: the one piece of the loader that needs the
// kiln dialect.
StatusOr<tensorflow::GraphDef> ParseMlirGraph(const std::string& text);

}  // namespace kiln::dump

#endif  // KILN_TOOLS_KILN_DUMP_GRAPH_LOADER_H_
