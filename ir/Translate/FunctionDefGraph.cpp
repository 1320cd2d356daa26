//===- FunctionDefGraph.cpp - FunctionDef bodies as GraphDefs -------------===//
#include "ir/Translate/FunctionDefGraph.h"

#include <set>

#include "runtime/graph/op_spec.h"

namespace tf = tensorflow;

namespace kiln::ir {
namespace {

/// Output args of a node Kiln knows, with how many tensors each holds.
std::vector<std::pair<std::string, int>>
knownOutputArgs(const kiln::OpSpec &spec, const tf::NodeDef &node) {
  std::vector<std::pair<std::string, int>> args;
  for (const kiln::ArgSpec &arg : spec.outputs) {
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
kiln::StatusOr<int> flatIndex(const tf::NodeDef &node,
                              const std::string &outArg, int index) {
  const kiln::OpSpec *spec = kiln::FindOpSpec(node.op());
  if (!spec)
    return index; // Unknown ops: one output arg (checked by the caller).
  int start = 0;
  for (const auto &[name, count] : knownOutputArgs(*spec, node)) {
    if (name == outArg && index < count)
      return start + index;
    start += count;
  }
  return kiln::InvalidArgument("node '" + node.name() + "' (" + node.op() +
                               ") has no output '" + outArg + ":" +
                               std::to_string(index) + "'");
}

class BodyBuilder {
public:
  explicit BodyBuilder(const tf::FunctionDef &fn) : fn(fn) {}
  kiln::StatusOr<FunctionBody> build();

private:
  kiln::Status addArguments();
  kiln::StatusOr<std::string> graphInput(const std::string &input);
  kiln::Status addNodes();
  kiln::Status addFetches();

  const tf::FunctionDef &fn;
  FunctionBody body;
  std::set<std::string> argNames;
  std::map<std::string, tf::NodeDef *> nodes;
};

kiln::Status BodyBuilder::addArguments() {
  const tf::OpDef &sig = fn.signature();
  if (sig.attr_size() > 0)
    return kiln::Unimplemented("function '" + sig.name() +
                               "' is polymorphic (its signature has attrs)");
  for (int i = 0; i < sig.input_arg_size(); ++i) {
    const tf::OpDef::ArgDef &arg = sig.input_arg(i);
    if (arg.type() == tf::DT_INVALID || arg.is_ref())
      return kiln::Unimplemented("function '" + sig.name() + "' argument '" +
                                 arg.name() + "' has no fixed dtype");
    tf::NodeDef &node = *body.graph.add_node();
    node.set_name(arg.name());
    node.set_op("Placeholder");
    if (auto attrs = fn.arg_attr().find(i); attrs != fn.arg_attr().end())
      *node.mutable_attr() = attrs->second.attr();
    (*node.mutable_attr())["dtype"].set_type(arg.type());
    auto shapes = node.attr().find("_output_shapes");
    if (shapes != node.attr().end() && shapes->second.list().shape_size() == 1)
      *(*node.mutable_attr())["shape"].mutable_shape() =
          shapes->second.list().shape(0);
    argNames.insert(arg.name());
  }
  return kiln::OkStatus();
}

kiln::StatusOr<std::string> BodyBuilder::graphInput(const std::string &input) {
  if (input.empty() || input[0] == '^' || argNames.count(input))
    return input;
  size_t first = input.find(':');
  size_t second = input.find(':', first + 1);
  if (first == std::string::npos || second == std::string::npos)
    return kiln::InvalidArgument("input '" + input +
                                 "' names no argument "
                                 "and is not node:output:index");
  std::string nodeName = input.substr(0, first);
  std::string outArg = input.substr(first + 1, second - first - 1);
  int index = std::atoi(input.c_str() + second + 1);
  auto producer = nodes.find(nodeName);
  if (producer == nodes.end())
    return kiln::InvalidArgument("input '" + input + "' names no node");
  tf::NodeDef &node = *producer->second;
  if (!kiln::FindOpSpec(node.op())) {
    auto &recorded = (*node.mutable_attr())[kOutputArgAttr];
    if (!recorded.s().empty() && recorded.s() != outArg)
      return kiln::Unimplemented("node '" + nodeName + "' (" + node.op() +
                                 ") is read through two output args");
    recorded.set_s(outArg);
  }
  KILN_ASSIGN_OR_RETURN(int flat, flatIndex(node, outArg, index));
  return flat == 0 ? nodeName : nodeName + ":" + std::to_string(flat);
}

kiln::Status BodyBuilder::addNodes() {
  int first = body.graph.node_size();
  for (const tf::NodeDef &node : fn.node_def()) {
    if (argNames.count(node.name()))
      return kiln::InvalidArgument("node '" + node.name() +
                                   "' has an argument's name");
    *body.graph.add_node() = node;
  }
  for (int i = first; i < body.graph.node_size(); ++i)
    nodes[body.graph.node(i).name()] = body.graph.mutable_node(i);
  for (int i = first; i < body.graph.node_size(); ++i) {
    tf::NodeDef &node = *body.graph.mutable_node(i);
    for (std::string &input : *node.mutable_input()) {
      KILN_ASSIGN_OR_RETURN(input, graphInput(input));
    }
  }
  return kiln::OkStatus();
}

kiln::Status BodyBuilder::addFetches() {
  const tf::OpDef &sig = fn.signature();
  for (const tf::OpDef::ArgDef &out : sig.output_arg()) {
    auto ret = fn.ret().find(out.name());
    if (ret == fn.ret().end())
      return kiln::InvalidArgument("output '" + out.name() + "' has no ret");
    KILN_ASSIGN_OR_RETURN(std::string fetch, graphInput(ret->second));
    body.fetches.push_back(fetch);
  }
  for (const std::string &name : sig.control_output()) {
    auto ret = fn.control_ret().find(name);
    if (ret == fn.control_ret().end())
      return kiln::InvalidArgument("control output '" + name + "' has no node");
    body.fetches.push_back("^" + ret->second);
  }
  return kiln::OkStatus();
}

kiln::StatusOr<FunctionBody> BodyBuilder::build() {
  KILN_RETURN_IF_ERROR(addArguments());
  KILN_RETURN_IF_ERROR(addNodes());
  KILN_RETURN_IF_ERROR(addFetches());
  return std::move(body);
}

} // namespace

kiln::StatusOr<FunctionBody> functionDefToGraph(const tf::FunctionDef &fn) {
  return BodyBuilder(fn).build();
}

kiln::StatusOr<std::string> functionOutputName(const tf::NodeDef &producer,
                                               int index) {
  const kiln::OpSpec *spec = kiln::FindOpSpec(producer.op());
  if (!spec) {
    auto outArg = producer.attr().find(kOutputArgAttr);
    std::string name =
        outArg == producer.attr().end() ? "output" : outArg->second.s();
    return producer.name() + ":" + name + ":" + std::to_string(index);
  }
  int start = 0;
  for (const auto &[name, count] : knownOutputArgs(*spec, producer)) {
    if (index < start + count)
      return producer.name() + ":" + name + ":" + std::to_string(index - start);
    start += count;
  }
  return kiln::InvalidArgument("node '" + producer.name() + "' has no output " +
                               std::to_string(index));
}

} // namespace kiln::ir
