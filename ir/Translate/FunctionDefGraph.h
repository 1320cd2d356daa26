//===- FunctionDefGraph.h - FunctionDef bodies as GraphDefs -----*- C++ -*-===//
//
// A FunctionDef names edges "node:out_arg:i" and its arguments by name; a
// GraphDef names edges "node:k". These convert a concrete function's body to
// a GraphDef (arguments become Placeholders, in order) and edge names back,
// so the graph importer and exporter serve functions too.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TRANSLATE_FUNCTIONDEFGRAPH_H
#define KILN_IR_TRANSLATE_FUNCTIONDEFGRAPH_H

#include <map>
#include <string>
#include <vector>

#include "proto/tensorflow/function.pb.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

namespace kiln::ir {

/// NodeDef attr (not a TensorFlow attr name: it has a '.') on ops Kiln does
/// not know, naming the output arg their consumers use, so that export can
/// write "node:<out_arg>:i" again.
inline constexpr const char kOutputArgAttr[] = "kiln.output_arg";

struct FunctionBody {
  /// Arguments as Placeholders first (with the function's arg_attr as
  /// attrs), then the body's nodes with GraphDef-style inputs.
  tensorflow::GraphDef graph;
  /// One fetch per output_arg ("node:k" or an argument), then "^node" per
  /// control output.
  std::vector<std::string> fetches;
};

/// Fails, saying why, when the function is not a concrete one (typed by
/// attrs) or an edge names an output that cannot be located.
kiln::StatusOr<FunctionBody>
functionDefToGraph(const tensorflow::FunctionDef &fn);

/// The FunctionDef name of `producer`'s flat output `index`: "node:out:i".
kiln::StatusOr<std::string>
functionOutputName(const tensorflow::NodeDef &producer, int index);

} // namespace kiln::ir

#endif // KILN_IR_TRANSLATE_FUNCTIONDEFGRAPH_H
