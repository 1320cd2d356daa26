// Variables' handles in graphs and traced functions.
#include "frontend/variables/variable_handles.h"

namespace kiln {

std::string VariableOf(const tensorflow::NodeDef& node) {
  if (node.op() == "VarHandleOp") {
    auto shared = node.attr().find("shared_name");
    return shared == node.attr().end() || shared->second.s().empty()
               ? node.name()
               : shared->second.s();
  }
  auto tag = node.attr().find(kVariableAttr);
  if (node.op() == "Placeholder" && tag != node.attr().end()) {
    return tag->second.s();
  }
  return "";
}

tensorflow::NodeDef VariableArgument(const std::string& name,
                                     const std::string& variable,
                                     DataType dtype, const Shape& shape) {
  tensorflow::NodeDef node;
  node.set_name(name);
  node.set_op("Placeholder");
  auto& attrs = *node.mutable_attr();
  attrs["dtype"].set_type(tensorflow::DT_RESOURCE);
  attrs["shape"].mutable_shape();
  attrs[kVariableAttr].set_s(variable);
  attrs[kVariableDtypeAttr].set_type(dtype);
  *attrs[kVariableShapeAttr].mutable_shape() = shape.ToProto();
  return node;
}

tensorflow::NodeDef AsVarHandleOp(const tensorflow::NodeDef& node) {
  auto tag = node.attr().find(kVariableAttr);
  if (node.op() != "Placeholder" || tag == node.attr().end()) return node;
  tensorflow::NodeDef handle;
  handle.set_name(node.name());
  handle.set_op("VarHandleOp");
  handle.set_device(node.device());
  auto& attrs = *handle.mutable_attr();
  attrs["shared_name"].set_s(tag->second.s());
  attrs["container"].set_s("");
  attrs["dtype"] = node.attr().at(kVariableDtypeAttr);
  attrs["shape"] = node.attr().at(kVariableShapeAttr);
  return handle;
}

}  // namespace kiln
