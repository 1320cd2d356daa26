// The variable a VarHandleOp names: its shared_name, or its node name when
// that is empty. This is Kiln's reading everywhere (the executor's
// VariableStore, checkpoints, bundles, SavedModels); TensorFlow's graph
// mode would make every VarHandleOp with an empty shared_name one
// resource, so graphs written for TensorFlow spell the name out.
#ifndef KILN_RUNTIME_GRAPH_VARIABLE_NAME_H_
#define KILN_RUNTIME_GRAPH_VARIABLE_NAME_H_

#include <string>

#include "proto/tensorflow/node_def.pb.h"

namespace kiln {

inline std::string VariableSharedName(const tensorflow::NodeDef& node) {
  auto shared = node.attr().find("shared_name");
  return shared != node.attr().end() && !shared->second.s().empty()
             ? shared->second.s()
             : node.name();
}

}  // namespace kiln

#endif  // KILN_RUNTIME_GRAPH_VARIABLE_NAME_H_
