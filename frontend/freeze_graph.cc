#include "frontend/freeze_graph.h"

#include <map>
#include <set>

#include "runtime/tensor/tensor.h"

namespace kiln {
namespace {

// "^name", "name:2" -> "name".
std::string NodeOf(const std::string& input) {
  std::string name = input[0] == '^' ? input.substr(1) : input;
  const size_t colon = name.rfind(':');
  return colon == std::string::npos ? name : name.substr(0, colon);
}

StatusOr<tensorflow::NodeDef> ConstOfVariable(const tensorflow::NodeDef& read,
                                              const tensorflow::NodeDef& handle,
                                              const VariableStore& store) {
  std::string shared = handle.attr().count("shared_name")
                           ? handle.attr().at("shared_name").s()
                           : "";
  if (shared.empty()) shared = handle.name();
  KILN_ASSIGN_OR_RETURN(Tensor value, store.Read(shared));
  tensorflow::NodeDef c;
  c.set_name(read.name());
  c.set_op("Const");
  c.set_device(read.device());
  (*c.mutable_attr())["dtype"].set_type(value.dtype());
  KILN_RETURN_IF_ERROR(
      value.ToProto((*c.mutable_attr())["value"].mutable_tensor()));
  return c;
}

}  // namespace

StatusOr<tensorflow::GraphDef> FreezeGraph(
    const tensorflow::GraphDef& graph, const VariableStore& store,
    const std::vector<std::string>& outputs) {
  std::map<std::string, int> index;
  for (int i = 0; i < graph.node_size(); ++i) index[graph.node(i).name()] = i;
  std::set<int> needed;
  std::map<int, tensorflow::NodeDef> replaced;
  std::vector<std::string> work;
  for (const std::string& out : outputs) work.push_back(NodeOf(out));
  while (!work.empty()) {
    const std::string name = work.back();
    work.pop_back();
    auto it = index.find(name);
    if (it == index.end()) {
      return InvalidArgument("FreezeGraph: no node '" + name + "'");
    }
    if (!needed.insert(it->second).second) continue;
    const tensorflow::NodeDef& node = graph.node(it->second);
    if (node.op() == "ReadVariableOp" && node.input_size() > 0) {
      auto handle = index.find(NodeOf(node.input(0)));
      if (handle != index.end() &&
          graph.node(handle->second).op() == "VarHandleOp") {
        KILN_ASSIGN_OR_RETURN(
            replaced[it->second],
            ConstOfVariable(node, graph.node(handle->second), store));
        continue;
      }
    }
    for (const std::string& input : node.input()) work.push_back(NodeOf(input));
  }
  tensorflow::GraphDef frozen;
  *frozen.mutable_versions() = graph.versions();
  *frozen.mutable_library() = graph.library();
  for (int i : needed) {
    auto r = replaced.find(i);
    *frozen.add_node() = r != replaced.end() ? r->second : graph.node(i);
  }
  return frozen;
}

}  // namespace kiln
