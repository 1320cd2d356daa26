//===- FeedRewrite.h - Feeds become Placeholders ----------------*- C++ -*-===//
//
// A Session may feed any tensor of the graph, as TensorFlow's does. Before
// import, each fed Placeholder gets the fed shape (merged with the one it
// declares) and every other fed tensor is replaced by a new Placeholder that
// its consumers read instead. GraphDef in, GraphDef out: no MLIR here.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_GRAPH_FEEDREWRITE_H
#define KILN_COMPILER_GRAPH_FEEDREWRITE_H

#include <string>
#include <utility>
#include <vector>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/exec/graph_compiler.h"

namespace kiln::compiler {

struct RewrittenFeeds {
  tensorflow::GraphDef graph;
  /// (feed name as given, the Placeholder that now carries it).
  std::vector<std::pair<std::string, std::string>> placeholders;
};

/// "node" -> "node:0"; other forms unchanged.
std::string canonicalTensorName(const std::string &name);

/// Errors name the feed: an unknown node, a dtype other than the
/// Placeholder's, a rank or known dim the Placeholder contradicts.
kiln::StatusOr<RewrittenFeeds>
rewriteFeeds(const tensorflow::GraphDef &graph,
             const std::vector<kiln::FeedSpec> &feeds);

} // namespace kiln::compiler

#endif // KILN_COMPILER_GRAPH_FEEDREWRITE_H
