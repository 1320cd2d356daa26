#include "frontend/freeze_graph.h"

#include <functional>
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

namespace {

// The nodes `outputs` need, each kept or replaced by what `replace` gives
// (replaced nodes' inputs are not followed).
using Replacer = std::function<StatusOr<bool>(
    const tensorflow::NodeDef& node, tensorflow::NodeDef* replacement)>;

StatusOr<tensorflow::GraphDef> Prune(const tensorflow::GraphDef& graph,
                                     const std::vector<std::string>& outputs,
                                     const Replacer& replace,
                                     const char* caller) {
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
      return InvalidArgument(std::string(caller) + ": no node '" + name + "'");
    }
    if (!needed.insert(it->second).second) continue;
    const tensorflow::NodeDef& node = graph.node(it->second);
    tensorflow::NodeDef replacement;
    KILN_ASSIGN_OR_RETURN(bool is_replaced, replace(node, &replacement));
    if (is_replaced) {
      replaced[it->second] = std::move(replacement);
      continue;
    }
    for (const std::string& input : node.input()) work.push_back(NodeOf(input));
  }
  tensorflow::GraphDef pruned;
  *pruned.mutable_versions() = graph.versions();
  *pruned.mutable_library() = graph.library();
  for (int i : needed) {
    auto r = replaced.find(i);
    *pruned.add_node() = r != replaced.end() ? r->second : graph.node(i);
  }
  return pruned;
}

}  // namespace

StatusOr<tensorflow::GraphDef> FreezeGraph(
    const tensorflow::GraphDef& graph, const VariableStore& store,
    const std::vector<std::string>& outputs) {
  std::map<std::string, int> index;
  for (int i = 0; i < graph.node_size(); ++i) index[graph.node(i).name()] = i;
  return Prune(
      graph, outputs,
      [&](const tensorflow::NodeDef& node,
          tensorflow::NodeDef* replacement) -> StatusOr<bool> {
        if (node.op() != "ReadVariableOp" || node.input_size() == 0)
          return false;
        auto handle = index.find(NodeOf(node.input(0)));
        if (handle == index.end() ||
            graph.node(handle->second).op() != "VarHandleOp")
          return false;
        KILN_ASSIGN_OR_RETURN(
            *replacement,
            ConstOfVariable(node, graph.node(handle->second), store));
        return true;
      },
      "FreezeGraph");
}

StatusOr<tensorflow::GraphDef> PruneGraph(
    const tensorflow::GraphDef& graph,
    const std::vector<std::string>& outputs) {
  return Prune(
      graph, outputs,
      [](const tensorflow::NodeDef&, tensorflow::NodeDef*) -> StatusOr<bool> {
        return false;
      },
      "PruneGraph");
}

}  // namespace kiln
