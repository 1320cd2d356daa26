// Function-call inlining over GraphDefs, by FunctionDefToGraph bodies.
#include "runtime/graph/inline_calls.h"

#include <deque>

#include "runtime/graph/function_def_graph.h"

namespace kiln {
namespace {

constexpr int kMaxDepth = 64;

// "n" and "n:0" are the same tensor; "n:k" stays.
std::string Canonical(const std::string& tensor) {
  if (tensor.size() > 2 && tensor.compare(tensor.size() - 2, 2, ":0") == 0) {
    return tensor.substr(0, tensor.size() - 2);
  }
  return tensor;
}

std::string NodeOf(const std::string& tensor) {
  const std::string t = tensor[0] == '^' ? tensor.substr(1) : tensor;
  return t.substr(0, t.find(':'));
}

class Inliner {
 public:
  explicit Inliner(const tensorflow::GraphDef& graph) {
    for (const tensorflow::FunctionDef& f : graph.library().function()) {
      library_[f.signature().name()] = &f;
    }
  }

  Status Run(const tensorflow::GraphDef& graph, InlinedGraph* out) {
    std::deque<std::pair<tensorflow::NodeDef, int>> work;
    for (const tensorflow::NodeDef& node : graph.node())
      work.push_back({node, 0});
    while (!work.empty()) {
      auto [node, depth] = std::move(work.front());
      work.pop_front();
      if (!IsFunctionCall(node)) {
        *out->graph.add_node() = std::move(node);
        continue;
      }
      if (depth >= kMaxDepth) {
        return InvalidArgument("call '" + node.name() + "': function calls " +
                               "nest deeper than " + std::to_string(kMaxDepth) +
                               " (recursion?)");
      }
      KILN_RETURN_IF_ERROR(Expand(node, depth, &work, out));
    }
    return Rewire(out);
  }

 private:
  // Queues the body of `call`'s function, renamed under the call.
  Status Expand(const tensorflow::NodeDef& call, int depth,
                std::deque<std::pair<tensorflow::NodeDef, int>>* work,
                InlinedGraph* out) {
    auto fail = [&](const std::string& what) {
      return InvalidArgument("call '" + call.name() + "' (" + call.op() +
                             "): " + what);
    };
    auto f = call.attr().find("f");
    if (f == call.attr().end() || !f->second.has_func()) {
      return fail("no function attr 'f'");
    }
    auto fn = library_.find(f->second.func().name());
    if (fn == library_.end()) {
      return fail("function '" + f->second.func().name() +
                  "' is not in the graph's library");
    }
    StatusOr<FunctionBody> body = FunctionDefToGraph(*fn->second);
    if (!body.ok()) return fail(body.status().message());
    std::vector<std::string> data, control;
    for (const std::string& in : call.input()) {
      (in[0] == '^' ? control : data).push_back(in);
    }
    const int num_args = fn->second->signature().input_arg_size();
    if (static_cast<int>(data.size()) != num_args) {
      return fail("passes " + std::to_string(data.size()) +
                  " inputs; the function takes " + std::to_string(num_args));
    }
    const std::string prefix = call.name() + "/";
    std::map<std::string, std::string> args;  // arg name -> call input
    for (int i = 0; i < num_args; ++i)
      args[body->graph.node(i).name()] = data[i];
    auto rename = [&](const std::string& in) {
      const bool ctl = in[0] == '^';
      const std::string t = ctl ? in.substr(1) : in;
      auto arg = args.find(NodeOf(t));
      if (arg != args.end()) {
        return ctl ? "^" + NodeOf(arg->second) : arg->second;
      }
      return (ctl ? "^" : "") + prefix + t;
    };
    for (int i = num_args; i < body->graph.node_size(); ++i) {
      tensorflow::NodeDef node = body->graph.node(i);
      node.set_name(prefix + node.name());
      for (std::string& in : *node.mutable_input()) in = rename(in);
      if (node.input_size() == 0) {
        for (const std::string& c : control) node.add_input(c);
      }
      if (node.device().empty()) node.set_device(call.device());
      work->push_back({std::move(node), depth + 1});
    }
    int k = 0;
    std::vector<std::string>& waits = out->controls[call.name()];
    for (const std::string& fetch : body->fetches) {
      const std::string target = rename(fetch);
      if (fetch[0] == '^') {
        waits.push_back(target.substr(1));
        continue;
      }
      out->outputs[call.name() + ":" + std::to_string(k++)] = target;
      waits.push_back(NodeOf(target));
    }
    return OkStatus();
  }

  // Points every input at the tensors calls stood for.
  Status Rewire(InlinedGraph* out) {
    for (tensorflow::NodeDef& node : *out->graph.mutable_node()) {
      std::vector<std::string> inputs;
      for (const std::string& in : node.input()) {
        if (in[0] == '^') {
          for (const std::string& n : out->ResolveTarget(in.substr(1))) {
            inputs.push_back("^" + n);
          }
        } else {
          inputs.push_back(out->Resolve(in));
        }
      }
      node.clear_input();
      for (std::string& in : inputs) node.add_input(std::move(in));
    }
    return OkStatus();
  }

  std::map<std::string, const tensorflow::FunctionDef*> library_;
};

}  // namespace

bool IsFunctionCall(const tensorflow::NodeDef& node) {
  return node.op() == "PartitionedCall" ||
         node.op() == "StatefulPartitionedCall";
}

bool HasFunctionCalls(const tensorflow::GraphDef& graph) {
  for (const tensorflow::NodeDef& node : graph.node()) {
    if (IsFunctionCall(node)) return true;
  }
  return false;
}

std::string InlinedGraph::Resolve(const std::string& tensor) const {
  std::string t =
      tensor.find(':') == std::string::npos ? tensor + ":0" : tensor;
  // Calls inside calls: follow the chain.
  for (int hops = 0; hops <= kMaxDepth; ++hops) {
    auto it = outputs.find(t);
    if (it == outputs.end()) break;
    t = it->second.find(':') == std::string::npos ? it->second + ":0"
                                                  : it->second;
  }
  return Canonical(t);
}

std::vector<std::string> InlinedGraph::ResolveTarget(
    const std::string& node) const {
  auto it = controls.find(node);
  if (it == controls.end()) return {node};
  std::vector<std::string> out;
  for (const std::string& n : it->second) {
    for (std::string& m : ResolveTarget(n)) out.push_back(std::move(m));
  }
  return out;
}

StatusOr<InlinedGraph> InlineFunctionCalls(const tensorflow::GraphDef& graph) {
  InlinedGraph out;
  *out.graph.mutable_versions() = graph.versions();
  KILN_RETURN_IF_ERROR(Inliner(graph).Run(graph, &out));
  return out;
}

}  // namespace kiln
