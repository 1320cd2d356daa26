// Scope: name scopes, unique op names, and the shared graph and status.
#include "frontend/scope.h"

#include <unordered_map>
#include <utility>

#include "frontend/internal/graph.h"

namespace kiln {

// Names used so far in one name scope, with the last suffix handed out for
// each ("MatMul" -> 1 after "MatMul_1"). Shared by the scopes of one level.
using NameMap = std::unordered_map<std::string, int>;

class Scope::Impl {
 public:
  std::shared_ptr<internal::Graph> graph;
  std::shared_ptr<NameMap> names;
  std::string name_scope;  // "", "dense", "model/dense"
  std::string op_name;     // from WithOpName, for the next op only
  std::string device;
  std::vector<Operation> control_deps;

  // TensorFlow's rule: the first use of a name keeps it; later uses get the
  // next free "_<n>" suffix.
  std::string GetUniqueName(const std::string& prefix) const {
    auto it = names->find(prefix);
    if (it == names->end()) {
      names->emplace(prefix, 0);
      return prefix;
    }
    std::string unique;
    do {
      unique = prefix + "_" + std::to_string(++it->second);
    } while (names->count(unique) != 0);
    names->emplace(unique, 0);
    return unique;
  }

  std::string Prefixed(const std::string& name) const {
    if (name_scope.empty() || name.empty()) return name_scope + name;
    return name_scope + "/" + name;
  }
};

Scope::Scope(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Scope Scope::NewRootScope() {
  auto impl = std::make_shared<Impl>();
  impl->graph = std::make_shared<internal::Graph>();
  impl->graph->set_self(impl->graph);
  impl->names = std::make_shared<NameMap>();
  return Scope(std::move(impl));
}

Scope Scope::NewSubScope(const std::string& name) const {
  auto impl = std::make_shared<Impl>(*impl_);
  impl->op_name.clear();
  if (!name.empty()) {
    impl->name_scope = impl_->Prefixed(impl_->GetUniqueName(name));
    impl->names = std::make_shared<NameMap>();
  }
  return Scope(std::move(impl));
}

Scope Scope::WithOpName(const std::string& name) const {
  auto impl = std::make_shared<Impl>(*impl_);
  impl->op_name = name;
  return Scope(std::move(impl));
}

Scope Scope::WithControlDependencies(const std::vector<Operation>& deps) const {
  auto impl = std::make_shared<Impl>(*impl_);
  for (const Operation& dep : deps) {
    if (!dep.valid()) {
      UpdateStatus(InvalidArgument("a control dependency is not a valid op"));
      continue;
    }
    bool seen = false;
    for (const Operation& have : impl->control_deps) seen |= have == dep;
    if (!seen) impl->control_deps.push_back(dep);
  }
  return Scope(std::move(impl));
}

Scope Scope::WithControlDependencies(const std::vector<Output>& deps) const {
  std::vector<Operation> ops;
  ops.reserve(deps.size());
  for (const Output& dep : deps) ops.push_back(dep.op());
  return WithControlDependencies(ops);
}

Scope Scope::WithControlDependencies(const Output& dep) const {
  return WithControlDependencies(std::vector<Operation>{dep.op()});
}

Scope Scope::WithNoControlDependencies() const {
  auto impl = std::make_shared<Impl>(*impl_);
  impl->control_deps.clear();
  return Scope(std::move(impl));
}

Scope Scope::WithDevice(const std::string& device) const {
  auto impl = std::make_shared<Impl>(*impl_);
  impl->device = device;
  return Scope(std::move(impl));
}

bool Scope::ok() const { return impl_->graph->status().ok(); }

Status Scope::status() const { return impl_->graph->status(); }

void Scope::UpdateStatus(const Status& status) const {
  impl_->graph->UpdateStatus(status);
}

Status Scope::ToGraphDef(tensorflow::GraphDef* graph) const {
  KILN_RETURN_IF_ERROR(status());
  *graph = impl_->graph->graph_def();
  graph->mutable_versions()->set_producer(kGraphDefProducer);
  graph->mutable_versions()->set_min_consumer(kGraphDefMinConsumer);
  return OkStatus();
}

int Scope::num_nodes() const { return impl_->graph->graph_def().node_size(); }

std::string Scope::GetUniqueNameForOp(const std::string& default_name) const {
  const std::string& base =
      impl_->op_name.empty() ? default_name : impl_->op_name;
  return impl_->Prefixed(impl_->GetUniqueName(base));
}

const std::string& Scope::name_scope() const { return impl_->name_scope; }

const std::string& Scope::device() const { return impl_->device; }

const std::vector<Operation>& Scope::control_deps() const {
  return impl_->control_deps;
}

internal::Graph* Scope::graph() const { return impl_->graph.get(); }

}  // namespace kiln
