#include "frontend/variables/weights_file.h"

#include <map>

#include "frontend/variables/set_variables.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/io/file_util.h"

namespace kiln {

Status SaveVariables(const std::string& path, const VariableStore& store,
                     const std::vector<std::string>& names) {
  tensorflow::GraphDef graph;
  for (const std::string& name : names) {
    KILN_ASSIGN_OR_RETURN(Tensor value, store.Read(name));
    tensorflow::NodeDef* node = graph.add_node();
    node->set_name(name);
    node->set_op("Const");
    (*node->mutable_attr())["dtype"].set_type(value.dtype());
    KILN_RETURN_IF_ERROR(
        value.ToProto((*node->mutable_attr())["value"].mutable_tensor()));
  }
  std::string bytes;
  if (!graph.SerializeToString(&bytes)) {
    return Internal(path + ": cannot serialize the weights");
  }
  return WriteFileAtomically(path, bytes);
}

Status LoadVariables(const std::string& path, VariableStore& store,
                     const std::vector<std::string>& names) {
  KILN_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path));
  tensorflow::GraphDef graph;
  if (!graph.ParseFromString(bytes)) {
    return DataLoss(path + ": not a weights file (a binary GraphDef)");
  }
  std::map<std::string, const tensorflow::NodeDef*> nodes;
  for (const auto& node : graph.node()) nodes[node.name()] = &node;
  std::map<std::string, Tensor> values;
  for (const std::string& name : names) {
    auto it = nodes.find(name);
    if (it == nodes.end() || !it->second->attr().count("value")) {
      return NotFound(path + ": no value for variable '" + name + "'");
    }
    StatusOr<Tensor> value =
        Tensor::FromProto(it->second->attr().at("value").tensor());
    if (!value.ok()) {
      return DataLoss(path + ": variable '" + name +
                      "': " + value.status().message());
    }
    values[name] = *std::move(value);
  }
  return SetVariablesTogether(path, std::move(values), store);
}

}  // namespace kiln
