// Tracing callables into graphs, FunctionDefs and compiled Sessions.
#include "frontend/function/function.h"

#include <atomic>
#include <set>

#include "frontend/internal/graph.h"
#include "frontend/ops/const.h"
#include "frontend/ops/ops.h"
#include "frontend/variables/variable_handles.h"
#include "runtime/graph/function_def_graph.h"

namespace kiln {
namespace {

std::string SignatureKey(const std::vector<TensorSpec>& specs) {
  std::string key;
  for (const TensorSpec& s : specs) {
    key += s.ToString() + (s.variable.empty() ? "" : "@" + s.variable) + ";";
  }
  return key;
}

// Copies the VarHandleOps and Consts of other graphs that the callable uses
// into the traced graph, once each, under their own names.
class Captures {
 public:
  explicit Captures(Scope root) : root_(std::move(root)) {}

  StatusOr<Output> Capture(const Output& foreign) {
    const auto key = std::make_pair(foreign.op().graph(), foreign.node_name());
    if (auto it = done_.find(key); it != done_.end()) {
      return it->second.op().output(foreign.index());
    }
    if (!foreign.op().graph_alive()) {
      return InvalidArgument("the traced function uses '" + foreign.name() +
                             "' of a graph that no longer exists");
    }
    const tensorflow::NodeDef* node =
        foreign.op().graph()->FindNode(foreign.node_name());
    if (node == nullptr ||
        (node->op() != "VarHandleOp" && node->op() != "Const")) {
      return InvalidArgument(
          "the traced function uses '" + foreign.name() + "' (" +
          foreign.op().op_type() +
          ") of another graph; only variables and constants are captured, "
          "pass other tensors as arguments");
    }
    tensorflow::NodeDef copy = *node;
    copy.clear_input();
    copy.set_name(
        root_.WithOpName(node->name()).GetUniqueNameForOp(node->name()));
    if (copy.op() == "VarHandleOp") {
      auto& shared = (*copy.mutable_attr())["shared_name"];
      if (shared.s().empty()) shared.set_s(node->name());
    }
    internal::Graph* graph = root_.graph();
    graph->AddNode(copy, foreign.op().output_types());
    Operation op(copy.name(), copy.op(), foreign.op().output_types(), graph);
    done_[key] = op.output(0);
    return op.output(foreign.index());
  }

 private:
  Scope root_;
  std::map<std::pair<const internal::Graph*, std::string>, Output> done_;
};

// (node name, shared name) of each VarHandleOp of the traced graph, in
// order: captured variables and the handles nested calls pass on.
std::vector<std::pair<std::string, std::string>> VariableHandles(
    const tensorflow::GraphDef& graph) {
  std::vector<std::pair<std::string, std::string>> handles;
  for (const tensorflow::NodeDef& node : graph.node()) {
    if (node.op() != "VarHandleOp") continue;
    auto shared = node.attr().find("shared_name");
    handles.emplace_back(node.name(), shared == node.attr().end()
                                          ? node.name()
                                          : shared->second.s());
  }
  return handles;
}

// tf.function's automatic control dependencies: the ops that use one
// variable (take its VarHandleOp as an input) run in the order the callable
// built them, each after the previous one. Returns the updates (assignments
// and stateful calls), which every call runs as targets.
std::vector<std::string> OrderVariableOps(tensorflow::GraphDef* graph) {
  std::map<std::string, std::string> handles;  // VarHandleOp -> last user
  for (const tensorflow::NodeDef& node : graph->node()) {
    if (!VariableOf(node).empty()) handles[node.name()] = "";  // or an argument
  }
  std::vector<std::string> updates;
  for (tensorflow::NodeDef& node : *graph->mutable_node()) {
    std::set<std::string> after;
    bool uses_variable = false;
    for (const std::string& in : node.input()) {
      auto handle = handles.find(in);
      if (handle == handles.end()) continue;
      uses_variable = true;
      if (!handle->second.empty()) after.insert(handle->second);
      handle->second = node.name();
    }
    for (const std::string& n : after) node.add_input("^" + n);
    if (uses_variable && (node.op().rfind("Assign", 0) == 0 ||
                          node.op() == "StatefulPartitionedCall")) {
      updates.push_back(node.name());
    }
  }
  return updates;
}

// The graph with each captured VarHandleOp turned into a DT_RESOURCE
// Placeholder, then as a FunctionDef whose arguments are the inputs and
// then those handles.
StatusOr<tensorflow::FunctionDef> ToFunctionDef(
    tensorflow::GraphDef graph, const std::string& name, size_t num_args,
    const std::vector<std::pair<std::string, std::string>>& handles,
    const std::vector<std::string>& results,
    const std::vector<DataType>& types) {
  std::vector<std::string> args;
  for (size_t i = 0; i < num_args; ++i)
    args.push_back("args_" + std::to_string(i));
  for (const auto& [node_name, shared] : handles) {
    for (tensorflow::NodeDef& node : *graph.mutable_node()) {
      if (node.name() != node_name) continue;
      node.set_op("Placeholder");
      node.clear_attr();
      (*node.mutable_attr())["dtype"].set_type(tensorflow::DT_RESOURCE);
    }
    args.push_back(node_name);
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < results.size(); ++i) {
    names.push_back("output_" + std::to_string(i));
  }
  KILN_ASSIGN_OR_RETURN(
      tensorflow::FunctionDef fn,
      GraphToFunctionDef(graph, name, args, results, names, types));
  fn.mutable_signature()->set_is_stateful(!handles.empty());
  return fn;
}

}  // namespace

StatusOr<std::vector<Tensor>> ConcreteFunction::operator()(
    const std::vector<Tensor>& args) const {
  const std::string& name = body_->function_def.signature().name();
  if (args.size() != body_->inputs.size()) {
    return InvalidArgument(name + " takes " +
                           std::to_string(body_->inputs.size()) +
                           " arguments, got " + std::to_string(args.size()));
  }
  Session::Feeds feeds;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!body_->inputs[i].Accepts(args[i])) {
      return InvalidArgument(
          name + ": argument " + std::to_string(i) + " is " +
          DataTypeName(args[i].dtype()) + args[i].shape().ToString() +
          ", the signature has " + body_->inputs[i].ToString());
    }
    feeds.emplace_back("args_" + std::to_string(i), args[i]);
  }
  std::vector<std::string> fetches;
  for (size_t i = 0; i < body_->outputs.size(); ++i) {
    fetches.push_back(body_->outputs[i].name);
  }
  std::vector<Tensor> out;
  KILN_RETURN_IF_ERROR(
      body_->session->Run(feeds, fetches, body_->updates, &out));
  return out;
}

namespace {

// A VarHandleOp in `scope`'s graph for the variable `handle` (a node of a
// traced body): the graph's own when it has one of that shared name.
Output HandleIn(const Scope& scope, const tensorflow::NodeDef& handle,
                const TensorType& type) {
  internal::Graph* graph = scope.graph();
  const std::string& shared = handle.attr().at("shared_name").s();
  for (const tensorflow::NodeDef& node : graph->graph_def().node()) {
    if (node.op() == "VarHandleOp" && node.attr().count("shared_name") &&
        node.attr().at("shared_name").s() == shared) {
      return Operation(node.name(), node.op(),
                       graph->output_types(graph->FindNodeIndex(node.name())),
                       graph)
          .output(0);
    }
  }
  tensorflow::NodeDef copy = handle;
  copy.clear_input();
  copy.set_name(scope.WithOpName(shared).GetUniqueNameForOp(shared));
  graph->AddNode(copy, {type});
  return Operation(copy.name(), copy.op(), {type}, graph).output(0);
}

}  // namespace

StatusOr<OutputList> ConcreteFunction::Call(const Scope& scope,
                                            const OutputList& args) const {
  const tensorflow::FunctionDef& fdef = body_->function_def;
  const std::string& name = fdef.signature().name();
  if (args.size() != body_->inputs.size()) {
    return InvalidArgument(name + " takes " +
                           std::to_string(body_->inputs.size()) +
                           " arguments, got " + std::to_string(args.size()));
  }
  KILN_RETURN_IF_ERROR(scope.status());
  internal::Graph* graph = scope.graph();
  tensorflow::NodeDef call;
  call.set_name(scope.GetUniqueNameForOp("StatefulPartitionedCall"));
  call.set_op(body_->captured_variables.empty() ? "PartitionedCall"
                                                : "StatefulPartitionedCall");
  call.set_device(scope.device());
  auto& tin = *(*call.mutable_attr())["Tin"].mutable_list();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].op().graph() != graph) {
      return InvalidArgument("call of " + name + ": argument " +
                             std::to_string(i) + " belongs to another graph");
    }
    call.add_input(args[i].name());
    tin.add_type(args[i].dtype());
  }
  for (const tensorflow::NodeDef& node : body_->graph.node()) {
    if (node.op() != "VarHandleOp") continue;
    const TensorType resource{tensorflow::DT_RESOURCE, Shape::Scalar()};
    call.add_input(HandleIn(scope, node, resource).name());
    tin.add_type(tensorflow::DT_RESOURCE);
  }
  for (const Operation& dep : scope.control_deps()) {
    call.add_input("^" + dep.name());
  }
  std::vector<TensorType> types;
  auto& tout = *(*call.mutable_attr())["Tout"].mutable_list();
  for (const TensorSpec& out : body_->outputs) {
    tout.add_type(out.dtype);
    types.push_back(TensorType{out.dtype, out.shape});
  }
  (*call.mutable_attr())["f"].mutable_func()->set_name(name);
  for (const char* attr : {"config", "config_proto", "executor_type"}) {
    (*call.mutable_attr())[attr].set_s("");
  }
  for (const tensorflow::FunctionDef& f : body_->graph.library().function()) {
    graph->AddFunction(f);
  }
  graph->AddFunction(fdef);
  graph->AddNode(call, types);
  Operation op(call.name(), call.op(), types, graph);
  OutputList outputs;
  for (int i = 0; i < op.num_outputs(); ++i) outputs.push_back(op.output(i));
  return outputs;
}

StatusOr<OutputList> Function::Call(const Scope& scope,
                                    const OutputList& args) {
  std::vector<TensorSpec> specs;
  if (options_.input_signature.empty()) {
    for (const Output& a : args)
      specs.push_back(TensorSpec(a.dtype(), a.shape()));
  }
  KILN_ASSIGN_OR_RETURN(ConcreteFunction f, GetConcreteFunction(specs));
  return f.Call(scope, args);
}

Function::Function(std::string name, TraceFn fn, FunctionOptions options)
    : name_(std::move(name)), fn_(std::move(fn)), options_(std::move(options)) {
  if (!options_.variables) {
    options_.variables = std::make_shared<VariableStore>();
  }
}

StatusOr<std::vector<Tensor>> Function::operator()(
    const std::vector<Tensor>& args) {
  std::vector<TensorSpec> specs;
  if (options_.input_signature.empty()) {
    for (const Tensor& t : args) specs.push_back(TensorSpec::Of(t));
  }
  KILN_ASSIGN_OR_RETURN(ConcreteFunction f, GetConcreteFunction(specs));
  return f(args);
}

StatusOr<ConcreteFunction> Function::GetConcreteFunction(
    const std::vector<TensorSpec>& specs_in) {
  const std::vector<TensorSpec>& specs =
      specs_in.empty() ? options_.input_signature : specs_in;
  if (!options_.input_signature.empty() && !specs_in.empty() &&
      SignatureKey(specs_in) != SignatureKey(options_.input_signature)) {
    return InvalidArgument(name_ + " has the input signature (" +
                           SignatureKey(options_.input_signature) +
                           "); asked for (" + SignatureKey(specs_in) + ")");
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = traces_.find(SignatureKey(specs));
  if (it != traces_.end()) return it->second;
  KILN_ASSIGN_OR_RETURN(ConcreteFunction f, Trace(specs));
  traces_.emplace(SignatureKey(specs), f);
  order_.push_back(f);
  return f;
}

StatusOr<ConcreteFunction> Function::Trace(
    const std::vector<TensorSpec>& specs) {
  // Unique in the process, so libraries of several functions never clash.
  static std::atomic<int64_t> next_id{0};
  const std::string fn_name = name_ + "_" + std::to_string(next_id++);
  auto fail = [&](const Status& s) {
    return Status(s.code(), "tracing " + fn_name + " for (" +
                                SignatureKey(specs) + "): " + s.message());
  };
  Scope root = Scope::NewRootScope();
  Captures captures(root);
  root.graph()->set_capture(
      [&captures](const Output& out) { return captures.Capture(out); });
  // Variables the callable creates (an optimizer's slots on the first
  // trace) start with their initial values, unless the store has them.
  std::vector<std::pair<std::string, Tensor>> created;
  root.graph()->set_on_variable(
      [&created](const tensorflow::NodeDef& handle, const Tensor& value) {
        auto shared = handle.attr().find("shared_name");
        created.emplace_back(
            shared == handle.attr().end() || shared->second.s().empty()
                ? handle.name()
                : shared->second.s(),
            value);
      });
  OutputList inputs;
  auto body = std::make_shared<ConcreteFunction::Body>();
  for (size_t i = 0; i < specs.size(); ++i) {
    const std::string arg = "args_" + std::to_string(i);
    if (specs[i].dtype == tensorflow::DT_RESOURCE &&
        !specs[i].variable.empty()) {
      // A variable argument: reads of the variable in the trace use it.
      const TensorType type{tensorflow::DT_RESOURCE, Shape::Scalar()};
      tensorflow::NodeDef node = VariableArgument(
          root.WithOpName(arg).GetUniqueNameForOp(arg), specs[i].variable,
          specs[i].variable_dtype, specs[i].variable_shape);
      root.graph()->AddNode(node, {type});
      inputs.push_back(
          Operation(node.name(), node.op(), {type}, root.graph()).output(0));
    } else {
      inputs.push_back(ops::Placeholder(root.WithOpName(arg), specs[i].dtype,
                                        specs[i].shape));
    }
    body->inputs.push_back(specs[i]);
  }
  StatusOr<OutputList> outputs = fn_(root, inputs);
  if (!outputs.ok()) return fail(outputs.status());
  std::vector<std::string> results;
  std::vector<DataType> result_types;
  for (size_t i = 0; i < outputs->size(); ++i) {
    Output id = ops::Identity(root.WithOpName("Identity"), (*outputs)[i]);
    results.push_back(id.name());
    result_types.push_back(id.dtype());
    body->outputs.push_back(TensorSpec{id.dtype(), id.shape(), id.name()});
  }
  root.graph()->set_capture(nullptr);
  root.graph()->set_on_variable(nullptr);
  if (!root.ok()) return fail(root.status());
  KILN_RETURN_IF_ERROR(root.ToGraphDef(&body->graph));
  body->updates = OrderVariableOps(&body->graph);
  const auto handles = VariableHandles(body->graph);
  StatusOr<tensorflow::FunctionDef> fdef = ToFunctionDef(
      body->graph, fn_name, specs.size(), handles, results, result_types);
  if (!fdef.ok()) return fail(fdef.status());
  body->function_def = *std::move(fdef);
  for (const std::string& update : body->updates) {
    body->function_def.mutable_signature()->add_control_output(update);
    (*body->function_def.mutable_control_ret())[update] = update;
  }
  for (const auto& [node, shared] : handles) {
    body->captured_variables.push_back(shared);
  }
  SessionOptions session = options_.session;
  session.variables = options_.variables;
  StatusOr<std::unique_ptr<Session>> s = Session::Create(body->graph, session);
  if (!s.ok()) return fail(s.status());
  body->session = *std::move(s);
  for (const auto& [name, value] : created) {
    if (!options_.variables->Contains(name)) {
      options_.variables->Set(name, value);
    }
  }
  return ConcreteFunction(std::move(body));
}

int64_t Function::num_traces() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(order_.size());
}

tensorflow::FunctionDefLibrary Function::library() const {
  std::lock_guard<std::mutex> lock(mu_);
  tensorflow::FunctionDefLibrary library;
  for (const ConcreteFunction& f : order_) {
    for (const tensorflow::FunctionDef& nested :
         f.graph().library().function()) {
      *library.add_function() = nested;
    }
    *library.add_function() = f.function_def();
  }
  return library;
}

}  // namespace kiln
