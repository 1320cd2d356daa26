// Test helpers: parse pbtxt GraphDefs and compare two GraphDefs node by node,
// with tensors compared by decoded values (not by which proto field holds
// them), independently of the code under test.
#ifndef KILN_TESTS_IR_GRAPH_COMPARE_H_
#define KILN_TESTS_IR_GRAPH_COMPARE_H_

#include <string>

#include "proto/tensorflow/graph.pb.h"

namespace kiln::testing {

tensorflow::GraphDef ParseGraph(const std::string& pbtxt);
// Empty when equal; otherwise the first difference, naming the node.
std::string DiffGraphs(const tensorflow::GraphDef& expected,
                       const tensorflow::GraphDef& actual);
// Import + export through the kiln dialect.
tensorflow::GraphDef RoundTrip(const tensorflow::GraphDef& graph);

}  // namespace kiln::testing

#endif  // KILN_TESTS_IR_GRAPH_COMPARE_H_
