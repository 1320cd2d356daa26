// How graphs name variables: a VarHandleOp by its shared name (its node
// name when empty), or a traced function's variable argument: a
// DT_RESOURCE Placeholder tagged with the variable's shared name, dtype and
// shape, so that Variable::HandleIn finds it and a runner can turn it back
// into a VarHandleOp.
#ifndef KILN_FRONTEND_VARIABLES_VARIABLE_HANDLES_H_
#define KILN_FRONTEND_VARIABLES_VARIABLE_HANDLES_H_

#include <string>

#include "proto/tensorflow/node_def.pb.h"
#include "runtime/graph/node_attr_source.h"
#include "runtime/graph/shape_context.h"

namespace kiln {

// kVariableAttr, kVariableDtypeAttr, kVariableShapeAttr: in
// runtime/graph/node_attr_source.h (shape inference reads them too).

// The shared name of the variable `node` stands for; "" for other nodes.
std::string VariableOf(const tensorflow::NodeDef& node);

// A tagged resource Placeholder named `name` for the variable.
tensorflow::NodeDef VariableArgument(const std::string& name,
                                     const std::string& variable,
                                     DataType dtype, const Shape& shape);

// The VarHandleOp a tagged Placeholder stands for (same name); `node`
// unchanged when it is not one.
tensorflow::NodeDef AsVarHandleOp(const tensorflow::NodeDef& node);

}  // namespace kiln

#endif  // KILN_FRONTEND_VARIABLES_VARIABLE_HANDLES_H_
