// FunctionDef <-> GraphDef bodies, by the op table's output args.
#include "runtime/graph/function_def_graph.h"

#include <cstdlib>
#include <map>
#include <set>

#include "runtime/graph/op_spec.h"

namespace tf = tensorflow;

namespace kiln {
namespace {

/// Output args of a node Kiln knows, with how many tensors each holds.
std::vector<std::pair<std::string, int>> KnownOutputArgs(
    const kiln::OpSpec& spec, const tf::NodeDef& node) {
  std::vector<std::pair<std::string, int>> args;
  for (const kiln::ArgSpec& arg : spec.outputs) {
    int count = 1;
    if (!arg.number_attr.empty()) {
      auto n = node.attr().find(arg.number_attr);
      count = n == node.attr().end() ? 0 : static_cast<int>(n->second.i());
    }
    args.emplace_back(arg.name, count);
  }
  return args;
}

/// "out_arg:i" of a node to its flat output index.
kiln::StatusOr<int> FlatIndex(const tf::NodeDef& node,
                              const std::string& outArg, int index) {
  const kiln::OpSpec* spec = kiln::FindOpSpec(node.op());
  if (!spec)
    return index;  // Unknown ops: one output arg (checked by the caller).
  int start = 0;
  for (const auto& [name, count] : KnownOutputArgs(*spec, node)) {
    if (name == outArg && index < count) return start + index;
    start += count;
  }
  return kiln::InvalidArgument("node '" + node.name() + "' (" + node.op() +
                               ") has no output '" + outArg + ":" +
                               std::to_string(index) + "'");
}

class BodyBuilder {
 public:
  explicit BodyBuilder(const tf::FunctionDef& fn) : fn_(fn) {}
  kiln::StatusOr<FunctionBody> Build();

 private:
  kiln::Status AddArguments();
  kiln::StatusOr<std::string> GraphInput(const std::string& input);
  kiln::Status AddNodes();
  kiln::Status AddFetches();

  const tf::FunctionDef& fn_;
  FunctionBody body_;
  std::set<std::string> arg_names_;
  std::map<std::string, tf::NodeDef*> nodes_;
};

kiln::Status BodyBuilder::AddArguments() {
  const tf::OpDef& sig = fn_.signature();
  if (sig.attr_size() > 0)
    return kiln::Unimplemented("function '" + sig.name() +
                               "' is polymorphic (its signature has attrs)");
  for (int i = 0; i < sig.input_arg_size(); ++i) {
    const tf::OpDef::ArgDef& arg = sig.input_arg(i);
    if (arg.type() == tf::DT_INVALID || arg.is_ref())
      return kiln::Unimplemented("function '" + sig.name() + "' argument '" +
                                 arg.name() + "' has no fixed dtype");
    tf::NodeDef& node = *body_.graph.add_node();
    node.set_name(arg.name());
    node.set_op("Placeholder");
    if (auto attrs = fn_.arg_attr().find(i); attrs != fn_.arg_attr().end())
      *node.mutable_attr() = attrs->second.attr();
    (*node.mutable_attr())["dtype"].set_type(arg.type());
    auto shapes = node.attr().find("_output_shapes");
    if (shapes != node.attr().end() && shapes->second.list().shape_size() == 1)
      *(*node.mutable_attr())["shape"].mutable_shape() =
          shapes->second.list().shape(0);
    arg_names_.insert(arg.name());
  }
  return kiln::OkStatus();
}

kiln::StatusOr<std::string> BodyBuilder::GraphInput(const std::string& input) {
  if (input.empty() || input[0] == '^' || arg_names_.count(input)) return input;
  size_t first = input.find(':');
  size_t second = input.find(':', first + 1);
  if (first == std::string::npos || second == std::string::npos)
    return kiln::InvalidArgument("input '" + input +
                                 "' names no argument "
                                 "and is not node:output:index");
  std::string nodeName = input.substr(0, first);
  std::string outArg = input.substr(first + 1, second - first - 1);
  int index = std::atoi(input.c_str() + second + 1);
  auto producer = nodes_.find(nodeName);
  if (producer == nodes_.end())
    return kiln::InvalidArgument("input '" + input + "' names no node");
  tf::NodeDef& node = *producer->second;
  if (!kiln::FindOpSpec(node.op())) {
    auto& recorded = (*node.mutable_attr())[kOutputArgAttr];
    if (!recorded.s().empty() && recorded.s() != outArg)
      return kiln::Unimplemented("node '" + nodeName + "' (" + node.op() +
                                 ") is read through two output args");
    recorded.set_s(outArg);
  }
  KILN_ASSIGN_OR_RETURN(int flat, FlatIndex(node, outArg, index));
  return flat == 0 ? nodeName : nodeName + ":" + std::to_string(flat);
}

kiln::Status BodyBuilder::AddNodes() {
  int first = body_.graph.node_size();
  for (const tf::NodeDef& node : fn_.node_def()) {
    if (arg_names_.count(node.name()))
      return kiln::InvalidArgument("node '" + node.name() +
                                   "' has an argument's name");
    *body_.graph.add_node() = node;
  }
  for (int i = first; i < body_.graph.node_size(); ++i)
    nodes_[body_.graph.node(i).name()] = body_.graph.mutable_node(i);
  for (int i = first; i < body_.graph.node_size(); ++i) {
    tf::NodeDef& node = *body_.graph.mutable_node(i);
    for (std::string& input : *node.mutable_input()) {
      KILN_ASSIGN_OR_RETURN(input, GraphInput(input));
    }
  }
  return kiln::OkStatus();
}

kiln::Status BodyBuilder::AddFetches() {
  const tf::OpDef& sig = fn_.signature();
  for (const tf::OpDef::ArgDef& out : sig.output_arg()) {
    auto ret = fn_.ret().find(out.name());
    if (ret == fn_.ret().end())
      return kiln::InvalidArgument("output '" + out.name() + "' has no ret");
    KILN_ASSIGN_OR_RETURN(std::string fetch, GraphInput(ret->second));
    body_.fetches.push_back(fetch);
  }
  for (const std::string& name : sig.control_output()) {
    auto ret = fn_.control_ret().find(name);
    if (ret == fn_.control_ret().end())
      return kiln::InvalidArgument("control output '" + name + "' has no node");
    body_.fetches.push_back("^" + ret->second);
  }
  return kiln::OkStatus();
}

kiln::StatusOr<FunctionBody> BodyBuilder::Build() {
  KILN_RETURN_IF_ERROR(AddArguments());
  KILN_RETURN_IF_ERROR(AddNodes());
  KILN_RETURN_IF_ERROR(AddFetches());
  return std::move(body_);
}

}  // namespace

StatusOr<FunctionBody> FunctionDefToGraph(const tf::FunctionDef& fn) {
  return BodyBuilder(fn).Build();
}

StatusOr<std::string> FunctionOutputName(const tf::NodeDef& producer,
                                         int index) {
  const kiln::OpSpec* spec = kiln::FindOpSpec(producer.op());
  if (!spec) {
    auto outArg = producer.attr().find(kOutputArgAttr);
    std::string name =
        outArg == producer.attr().end() ? "output" : outArg->second.s();
    return producer.name() + ":" + name + ":" + std::to_string(index);
  }
  int start = 0;
  for (const auto& [name, count] : KnownOutputArgs(*spec, producer)) {
    if (index < start + count)
      return producer.name() + ":" + name + ":" + std::to_string(index - start);
    start += count;
  }
  return kiln::InvalidArgument("node '" + producer.name() + "' has no output " +
                               std::to_string(index));
}

namespace {

// A GraphDef edge ("node", "node:k", "^node") as a FunctionDef names it.
StatusOr<std::string> FunctionEdge(
    const std::string& edge, const std::set<std::string>& args,
    const std::map<std::string, const tf::NodeDef*>& nodes) {
  if (edge.empty() || edge[0] == '^') return edge;
  const size_t colon = edge.rfind(':');
  const std::string node =
      colon == std::string::npos ? edge : edge.substr(0, colon);
  const int index =
      colon == std::string::npos ? 0 : std::atoi(edge.c_str() + colon + 1);
  if (args.count(node)) {
    if (index != 0) {
      return InvalidArgument("argument '" + node + "' has one output, not " +
                             std::to_string(index + 1));
    }
    return node;
  }
  auto producer = nodes.find(node);
  if (producer == nodes.end()) {
    return InvalidArgument("edge '" + edge + "' names no node of the graph");
  }
  return FunctionOutputName(*producer->second, index);
}

}  // namespace

StatusOr<tf::FunctionDef> GraphToFunctionDef(
    const tf::GraphDef& graph, const std::string& name,
    const std::vector<std::string>& args,
    const std::vector<std::string>& results,
    const std::vector<std::string>& result_names,
    const std::vector<DataType>& result_types) {
  if (results.size() != result_names.size() ||
      results.size() != result_types.size()) {
    return InvalidArgument(
        "function '" + name + "': " + std::to_string(results.size()) +
        " results but " + std::to_string(result_names.size()) + " names");
  }
  tf::FunctionDef fn;
  tf::OpDef& sig = *fn.mutable_signature();
  sig.set_name(name);
  std::set<std::string> arg_set(args.begin(), args.end());
  std::map<std::string, const tf::NodeDef*> by_name;
  for (const tf::NodeDef& node : graph.node()) by_name[node.name()] = &node;
  for (const std::string& arg : args) {
    auto node = by_name.find(arg);
    if (node == by_name.end() || node->second->op() != "Placeholder") {
      return InvalidArgument("function '" + name + "': argument '" + arg +
                             "' is not a Placeholder of the graph");
    }
    tf::OpDef::ArgDef& in = *sig.add_input_arg();
    in.set_name(arg);
    in.set_type(node->second->attr().at("dtype").type());
    // Other attrs of the Placeholder travel as the argument's attrs.
    for (const auto& [attr, value] : node->second->attr()) {
      if (attr == "dtype" || attr == "shape") continue;
      (*(*fn.mutable_arg_attr())[sig.input_arg_size() - 1]
            .mutable_attr())[attr] = value;
    }
  }
  std::map<std::string, const tf::NodeDef*> nodes;
  for (const tf::NodeDef& node : graph.node()) {
    if (arg_set.count(node.name())) continue;
    if (node.op() == "Placeholder") {
      return InvalidArgument("function '" + name + "': Placeholder '" +
                             node.name() + "' is not an argument");
    }
    nodes[node.name()] = &node;
  }
  for (const tf::NodeDef& node : graph.node()) {
    if (arg_set.count(node.name())) continue;
    tf::NodeDef& copy = *fn.add_node_def();
    copy = node;
    for (std::string& input : *copy.mutable_input()) {
      KILN_ASSIGN_OR_RETURN(input, FunctionEdge(input, arg_set, nodes));
    }
  }
  for (size_t i = 0; i < results.size(); ++i) {
    KILN_ASSIGN_OR_RETURN(std::string ret,
                          FunctionEdge(results[i], arg_set, nodes));
    tf::OpDef::ArgDef& out = *sig.add_output_arg();
    out.set_name(result_names[i]);
    out.set_type(result_types[i]);
    (*fn.mutable_ret())[result_names[i]] = ret;
  }
  return fn;
}

}  // namespace kiln
