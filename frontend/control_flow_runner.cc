// Functional control flow run on the host around compiled runs.
#include "frontend/control_flow_runner.h"

#include <set>

#include "frontend/variables/variable_handles.h"
#include "runtime/graph/function_def_graph.h"
#include "runtime/graph/graph_view.h"

namespace kiln {
namespace {

// "n" -> "n:0"; "n:k" unchanged.
std::string Full(const std::string& tensor) {
  return tensor.find(':') == std::string::npos ? tensor + ":0" : tensor;
}

std::string OutputPlaceholder(const std::string& node, int k) {
  return node + "/_kiln_out_" + std::to_string(k);
}

// The dtypes of a control-flow node's outputs.
std::vector<DataType> OutputTypes(const tensorflow::NodeDef& node) {
  const char* attr =
      node.op().find("While") != std::string::npos ? "T" : "Tout";
  std::vector<DataType> types;
  auto it = node.attr().find(attr);
  if (it == node.attr().end()) return types;
  for (int t : it->second.list().type())
    types.push_back(static_cast<DataType>(t));
  return types;
}

// Which data inputs of a control-flow node are resources (variables): they
// are not computed or fed; the functions find them by name.
std::vector<bool> ResourceInputs(const tensorflow::NodeDef& node) {
  const bool is_if = node.op().find("If") != std::string::npos;
  std::vector<bool> out;
  if (is_if) out.push_back(false);  // the condition
  auto it = node.attr().find(is_if ? "Tin" : "T");
  if (it != node.attr().end()) {
    for (int t : it->second.list().type()) {
      out.push_back(t == tensorflow::DT_RESOURCE);
    }
  }
  return out;
}

// TensorFlow's truth of a cond: a scalar's value, else non-emptiness.
StatusOr<bool> Truth(const Tensor& t) {
  if (t.NumElements() != 1 || t.dims() > 0) return t.NumElements() > 0;
  bool truth = false;
  if (!VisitDataType(t.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        truth = static_cast<float>(t.data<T>()[0]) != 0.0f;
      })) {
    return InvalidArgument("a condition of dtype " + DataTypeName(t.dtype()));
  }
  return truth;
}

// The graph with every control-flow node replaced by one Placeholder per
// output, consumers rewired to them and control edges on it dropped.
tensorflow::GraphDef Flatten(const tensorflow::GraphDef& graph) {
  tensorflow::GraphDef flat;
  *flat.mutable_versions() = graph.versions();
  *flat.mutable_library() = graph.library();
  std::map<std::string, int> cf;  // node -> output count
  for (const tensorflow::NodeDef& node : graph.node()) {
    if (!ControlFlowRunner::IsControlFlow(node)) continue;
    const std::vector<DataType> types = OutputTypes(node);
    cf[node.name()] = static_cast<int>(types.size());
    for (size_t k = 0; k < types.size(); ++k) {
      tensorflow::NodeDef* p = flat.add_node();
      p->set_name(OutputPlaceholder(node.name(), static_cast<int>(k)));
      p->set_op("Placeholder");
      (*p->mutable_attr())["dtype"].set_type(types[k]);
    }
  }
  for (const tensorflow::NodeDef& node : graph.node()) {
    if (cf.count(node.name())) continue;
    tensorflow::NodeDef* copy = flat.add_node();
    *copy = node;
    copy->clear_input();
    for (const std::string& in : node.input()) {
      StatusOr<Edge> e = ParseEdge(in);
      if (!e.ok() || !cf.count(e->node)) {
        copy->add_input(in);
      } else if (!e->is_control()) {
        copy->add_input(OutputPlaceholder(e->node, e->index));
      }
    }
  }
  return flat;
}

}  // namespace

bool ControlFlowRunner::IsControlFlow(const tensorflow::NodeDef& node) {
  return node.op() == "If" || node.op() == "StatelessIf" ||
         node.op() == "While" || node.op() == "StatelessWhile";
}

bool ControlFlowRunner::HasControlFlow(const tensorflow::GraphDef& graph) {
  for (const tensorflow::NodeDef& node : graph.node()) {
    if (IsControlFlow(node)) return true;
  }
  return false;
}

StatusOr<std::unique_ptr<ControlFlowRunner>> ControlFlowRunner::Create(
    tensorflow::GraphDef graph, SessionOptions options) {
  std::unique_ptr<ControlFlowRunner> runner(new ControlFlowRunner());
  runner->graph_ = std::move(graph);
  KILN_ASSIGN_OR_RETURN(GraphView view, GraphView::Build(runner->graph_));
  for (const tensorflow::NodeDef* node : view.topological_order()) {
    runner->nodes_[node->name()] = node;
    runner->order_.push_back(node->name());
  }
  runner->store_ = options.variables;
  runner->scratch_ = std::make_shared<VariableStore>();
  options.variables = runner->scratch_;
  runner->options_ = options;
  KILN_ASSIGN_OR_RETURN(runner->flat_,
                        Session::Create(Flatten(runner->graph_), options));
  return runner;
}

StatusOr<std::vector<const tensorflow::NodeDef*>> ControlFlowRunner::Needed(
    const std::map<std::string, Tensor>& values,
    const std::vector<std::string>& fetches,
    const std::vector<std::string>& targets) const {
  std::set<std::string> seen;
  std::vector<std::string> stack;
  for (const std::string& f : fetches) {
    if (values.count(Full(f))) continue;
    KILN_ASSIGN_OR_RETURN(Edge e, ParseEdge(f));
    stack.push_back(e.node);
  }
  for (const std::string& t : targets) stack.push_back(t);
  while (!stack.empty()) {
    const std::string name = stack.back();
    stack.pop_back();
    auto node = nodes_.find(name);
    if (node == nodes_.end() || !seen.insert(name).second) continue;
    for (const std::string& in : node->second->input()) {
      KILN_ASSIGN_OR_RETURN(Edge e, ParseEdge(in));
      if (!e.is_control() &&
          values.count(e.node + ":" + std::to_string(e.index))) {
        continue;
      }
      stack.push_back(e.node);
    }
  }
  std::vector<const tensorflow::NodeDef*> out;
  for (const std::string& name : order_) {
    if (seen.count(name) && IsControlFlow(*nodes_.at(name))) {
      out.push_back(nodes_.at(name));
    }
  }
  return out;
}

Status ControlFlowRunner::RunFlat(const std::map<std::string, Tensor>& values,
                                  const std::vector<std::string>& fetches,
                                  const std::vector<std::string>& targets,
                                  std::vector<Tensor>* outputs) {
  Session::Feeds feeds;
  for (const auto& [name, value] : values) {
    if (!value.IsInitialized()) continue;  // a variable's place
    KILN_ASSIGN_OR_RETURN(Edge e, ParseEdge(name));
    auto node = nodes_.find(e.node);
    const bool cf = node != nodes_.end() && IsControlFlow(*node->second);
    feeds.emplace_back(cf ? OutputPlaceholder(e.node, e.index) : name, value);
  }
  return flat_->Run(feeds, fetches, targets, outputs);
}

Status ControlFlowRunner::Run(const Session::Feeds& feeds,
                              const std::vector<std::string>& fetches,
                              const std::vector<std::string>& targets,
                              std::vector<Tensor>* outputs) {
  std::lock_guard<std::mutex> lock(run_mu_);
  // The scratch store starts as the Session's; what the run changed (a new
  // value replaces a tensor, never writes into it) is published at the end.
  std::map<std::string, Tensor> before;
  for (const std::string& name : store_->Names()) {
    KILN_ASSIGN_OR_RETURN(Tensor value, store_->Read(name));
    scratch_->Set(name, value);
    before[name] = value;
  }
  KILN_RETURN_IF_ERROR(RunOnScratch(feeds, fetches, targets, outputs));
  for (const std::string& name : scratch_->Names()) {
    KILN_ASSIGN_OR_RETURN(Tensor value, scratch_->Read(name));
    auto old = before.find(name);
    if (old == before.end() || old->second.raw_data() != value.raw_data() ||
        old->second.shape() != value.shape()) {
      store_->Set(name, value);
    }
  }
  return OkStatus();
}

Status ControlFlowRunner::RunOnScratch(const Session::Feeds& feeds,
                                       const std::vector<std::string>& fetches,
                                       const std::vector<std::string>& targets,
                                       std::vector<Tensor>* outputs) {
  std::map<std::string, Tensor> values;
  for (const auto& [name, value] : feeds) values[Full(name)] = value;
  KILN_ASSIGN_OR_RETURN(std::vector<const tensorflow::NodeDef*> needed,
                        Needed(values, fetches, targets));
  for (const tensorflow::NodeDef* node : needed) {
    std::vector<std::string> missing, deps;
    const std::vector<bool> resource = ResourceInputs(*node);
    size_t data = 0;
    for (const std::string& in : node->input()) {
      KILN_ASSIGN_OR_RETURN(Edge e, ParseEdge(in));
      if (e.is_control()) {
        if (!IsControlFlow(*nodes_.at(e.node))) deps.push_back(e.node);
        continue;
      }
      const bool is_resource = data < resource.size() && resource[data];
      ++data;
      if (!is_resource && !values.count(Full(in))) missing.push_back(Full(in));
    }
    std::vector<Tensor> got;
    if (!missing.empty() || !deps.empty()) {
      KILN_RETURN_IF_ERROR(RunFlat(values, missing, deps, &got));
    }
    for (size_t i = 0; i < missing.size(); ++i) values[missing[i]] = got[i];
    std::vector<Tensor> inputs;
    // Resource inputs: the variables' handles (VarHandleOps), by which the
    // functions' resource arguments are bound.
    std::vector<const tensorflow::NodeDef*> handles;
    data = 0;
    for (const std::string& in : node->input()) {
      if (in[0] == '^') continue;
      const bool is_resource = data < resource.size() && resource[data];
      ++data;
      inputs.push_back(is_resource ? Tensor() : values.at(Full(in)));
      const tensorflow::NodeDef* producer =
          is_resource ? nodes_.at(ParseEdge(in).value().node) : nullptr;
      handles.push_back(producer != nullptr && !VariableOf(*producer).empty()
                            ? producer
                            : nullptr);
    }
    StatusOr<std::vector<Tensor>> out =
        Execute(*node, std::move(inputs), std::move(handles));
    if (!out.ok()) {
      return Status(out.status().code(), "node '" + node->name() + "' (" +
                                             node->op() +
                                             "): " + out.status().message());
    }
    for (size_t k = 0; k < out->size(); ++k) {
      values[node->name() + ":" + std::to_string(k)] = (*out)[k];
    }
  }
  // The fetches: control-flow outputs directly, the rest by a flat run.
  std::vector<std::string> rest;
  for (const std::string& f : fetches) {
    if (!values.count(Full(f))) rest.push_back(f);
  }
  std::vector<std::string> flat_targets;
  for (const std::string& t : targets) {
    if (!nodes_.count(t) || !IsControlFlow(*nodes_.at(t)))
      flat_targets.push_back(t);
  }
  std::vector<Tensor> got;
  if (!rest.empty() || !flat_targets.empty()) {
    KILN_RETURN_IF_ERROR(RunFlat(values, rest, flat_targets, &got));
  }
  outputs->clear();
  size_t next = 0;
  for (const std::string& f : fetches) {
    auto it = values.find(Full(f));
    outputs->push_back(it != values.end() ? it->second : got[next++]);
  }
  return OkStatus();
}

StatusOr<std::vector<Tensor>> ControlFlowRunner::Execute(
    const tensorflow::NodeDef& node, std::vector<Tensor> inputs,
    std::vector<const tensorflow::NodeDef*> handles) {
  auto func = [&](const char* attr) -> StatusOr<std::string> {
    auto it = node.attr().find(attr);
    if (it == node.attr().end() || !it->second.has_func()) {
      return InvalidArgument(std::string("no function attr '") + attr + "'");
    }
    return it->second.func().name();
  };
  if (node.op().find("If") != std::string::npos) {
    if (inputs.empty()) return InvalidArgument("no condition input");
    KILN_ASSIGN_OR_RETURN(bool truth, Truth(inputs[0]));
    KILN_ASSIGN_OR_RETURN(std::string branch,
                          func(truth ? "then_branch" : "else_branch"));
    inputs.erase(inputs.begin());
    handles.erase(handles.begin());
    return CallFunction(branch, inputs, handles);
  }
  KILN_ASSIGN_OR_RETURN(std::string cond, func("cond"));
  KILN_ASSIGN_OR_RETURN(std::string body, func("body"));
  while (true) {
    KILN_ASSIGN_OR_RETURN(std::vector<Tensor> c,
                          CallFunction(cond, inputs, handles));
    if (c.size() != 1) return InvalidArgument("the loop's cond has no output");
    KILN_ASSIGN_OR_RETURN(bool go, Truth(c[0]));
    if (!go) return inputs;
    KILN_ASSIGN_OR_RETURN(std::vector<Tensor> next,
                          CallFunction(body, inputs, handles));
    if (next.size() != inputs.size()) {
      return InvalidArgument("the loop's body returns " +
                             std::to_string(next.size()) + " values for " +
                             std::to_string(inputs.size()) + " loop variables");
    }
    for (size_t i = 0; i < next.size(); ++i) {
      if (next[i].dtype() != inputs[i].dtype()) {
        return InvalidArgument("loop variable " + std::to_string(i) +
                               " changes dtype from " +
                               DataTypeName(inputs[i].dtype()) + " to " +
                               DataTypeName(next[i].dtype()));
      }
    }
    inputs = std::move(next);
  }
}

StatusOr<ControlFlowRunner::Compiled*> ControlFlowRunner::Function(
    const std::string& name,
    const std::vector<const tensorflow::NodeDef*>& handles) {
  // One compiled form per binding of the resource arguments to variables.
  std::string key = name;
  for (const tensorflow::NodeDef* h : handles) {
    key += "|" + (h != nullptr ? VariableOf(*h) : std::string());
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<Compiled>& compiled = functions_[key];
  if (compiled) return compiled.get();
  const tensorflow::FunctionDef* fn = nullptr;
  for (const auto& f : graph_.library().function()) {
    if (f.signature().name() == name) fn = &f;
  }
  if (fn == nullptr) {
    functions_.erase(key);
    return NotFound("function '" + name + "' is not in the graph's library");
  }
  KILN_ASSIGN_OR_RETURN(FunctionBody body, FunctionDefToGraph(*fn));
  // Variable arguments become the variables' handles: Kiln's tagged ones
  // by their tags, others (TensorFlow's) by the handle the caller passed.
  for (int i = 0; i < body.graph.node_size(); ++i) {
    tensorflow::NodeDef& node = *body.graph.mutable_node(i);
    const bool argument = i < fn->signature().input_arg_size();
    if (argument &&
        fn->signature().input_arg(i).type() == tensorflow::DT_RESOURCE &&
        VariableOf(node).empty() && i < static_cast<int>(handles.size()) &&
        handles[i] != nullptr) {
      tensorflow::NodeDef bound = AsVarHandleOp(*handles[i]);
      bound.set_name(node.name());
      bound.clear_input();
      node = bound;
      continue;
    }
    node = AsVarHandleOp(node);
  }
  auto c = std::make_unique<Compiled>();
  for (const auto& arg : fn->signature().input_arg()) {
    c->args.push_back(arg.type() == tensorflow::DT_RESOURCE ? "" : arg.name());
  }
  int k = 0;
  for (const std::string& f : body.fetches) {
    if (f[0] == '^') {
      c->targets.push_back(f.substr(1));
      continue;
    }
    // A variable passed through (a loop's handle) is not fetched: it comes
    // back as an empty value in its place.
    const bool resource =
        fn->signature().output_arg(k++).type() == tensorflow::DT_RESOURCE;
    c->resource_outputs.push_back(resource);
    if (!resource) c->fetches.push_back(f);
  }
  *body.graph.mutable_library() = graph_.library();
  *body.graph.mutable_versions() = graph_.versions();
  KILN_ASSIGN_OR_RETURN(c->session, Session::Create(body.graph, options_));
  compiled = std::move(c);
  return compiled.get();
}

StatusOr<std::vector<Tensor>> ControlFlowRunner::CallFunction(
    const std::string& name, const std::vector<Tensor>& args,
    const std::vector<const tensorflow::NodeDef*>& handles) {
  KILN_ASSIGN_OR_RETURN(Compiled * fn, Function(name, handles));
  if (args.size() != fn->args.size()) {
    return InvalidArgument("function '" + name + "' takes " +
                           std::to_string(fn->args.size()) +
                           " arguments, got " + std::to_string(args.size()));
  }
  Session::Feeds feeds;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!fn->args[i].empty()) feeds.emplace_back(fn->args[i], args[i]);
  }
  std::vector<Tensor> got;
  KILN_RETURN_IF_ERROR(fn->session->Run(feeds, fn->fetches, fn->targets, &got));
  std::vector<Tensor> out;
  size_t next = 0;
  for (bool resource : fn->resource_outputs) {
    out.push_back(resource ? Tensor() : got[next++]);
  }
  return out;
}

}  // namespace kiln
