// FunctionDef bodies as GraphDefs and back. A FunctionDef names edges
// "node:out_arg:i" and its arguments by name; a GraphDef names edges
// "node:k". FunctionDefToGraph turns a concrete function's body into a
// GraphDef (arguments become Placeholders, in order) so the graph importer
// and the runtime serve functions too; FunctionOutputName and
// GraphToFunctionDef go the other way (the exporter, traced functions).
#ifndef KILN_RUNTIME_GRAPH_FUNCTION_DEF_GRAPH_H_
#define KILN_RUNTIME_GRAPH_FUNCTION_DEF_GRAPH_H_

#include <map>
#include <string>
#include <vector>

#include "proto/tensorflow/function.pb.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/tensor/types.h"

namespace kiln {

// NodeDef attr (not a TensorFlow attr name: it has a '.') on ops Kiln does
// not know, naming the output arg their consumers use, so that export can
// write "node:<out_arg>:i" again.
inline constexpr const char kOutputArgAttr[] = "kiln.output_arg";

struct FunctionBody {
  // Arguments as Placeholders first (with the function's arg_attr as
  // attrs), then the body's nodes with GraphDef-style inputs.
  tensorflow::GraphDef graph;
  // One fetch per output_arg ("node:k" or an argument), then "^node" per
  // control output.
  std::vector<std::string> fetches;
};

// Fails, saying why, when the function is not a concrete one (typed by
// attrs) or an edge names an output that cannot be located.
StatusOr<FunctionBody> FunctionDefToGraph(const tensorflow::FunctionDef& fn);

// The FunctionDef name of `producer`'s flat output `index`: "node:out:i".
StatusOr<std::string> FunctionOutputName(const tensorflow::NodeDef& producer,
                                         int index);

// A FunctionDef named `name` from a graph whose Placeholders `args` (in
// order) become the arguments and whose tensors `results` ("node:k") the
// outputs, named `result_names` and typed `result_types`. Every other node is
// copied with its inputs renamed; Placeholders not in `args` are an error
// naming them.
StatusOr<tensorflow::FunctionDef> GraphToFunctionDef(
    const tensorflow::GraphDef& graph, const std::string& name,
    const std::vector<std::string>& args,
    const std::vector<std::string>& results,
    const std::vector<std::string>& result_names,
    const std::vector<DataType>& result_types);

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_FUNCTION_DEF_GRAPH_H_
