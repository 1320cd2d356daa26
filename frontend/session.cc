// Session: an executable cache keyed by the run's signature, and variables.
#include "frontend/session.h"

#include <atomic>
#include <map>
#include <mutex>

#include "frontend/control_flow_runner.h"
#include "frontend/device_placement.h"
#include "runtime/exec/executor.h"
#include "runtime/graph/graph_view.h"
#include "runtime/graph/inline_calls.h"

namespace kiln {
namespace {

// "x" -> "x:0"; "^x" and malformed names stay as they are (the compiler
// reports them).
std::string TensorName(const std::string& name) {
  StatusOr<Edge> edge = ParseEdge(name);
  if (!edge.ok() || edge->is_control()) return name;
  return edge->node + ":" + std::to_string(edge->index);
}

}  // namespace

struct Session::CacheEntry {
  std::unique_ptr<Executor> executor;  // null: control flow on the host
  std::vector<int> feed_order;         // plan feed i -> the caller's feed index
};

struct Session::Cache {
  std::mutex mu;          // guards entries
  std::mutex compile_mu;  // one compilation at a time
  std::map<std::string, std::shared_ptr<CacheEntry>> entries;
  std::atomic<int64_t> compilations{0};
  std::atomic<int64_t> host_runs{0};
};

Session::Session(tensorflow::GraphDef graph, SessionOptions options)
    : graph_(std::move(graph)),
      options_(std::move(options)),
      variables_(options_.variables ? options_.variables
                                    : std::make_shared<VariableStore>()),
      cache_(std::make_unique<Cache>()) {}

Session::~Session() = default;

StatusOr<std::unique_ptr<Session>> Session::Create(tensorflow::GraphDef graph,
                                                   SessionOptions options) {
  if (!options.compiler) options.compiler = DefaultGraphCompiler();
  if (!options.compiler)
    return FailedPrecondition(
        "no graph compiler: link Kiln::compiler or set "
        "SessionOptions::compiler");
  if (!options.variables) options.variables = std::make_shared<VariableStore>();
  KILN_ASSIGN_OR_RETURN(options.compile.gpu, ResolveGpuPlacement(options));
  // Calls of library functions run inlined (their bodies compile with the
  // rest); fetches and targets that name a call are translated.
  std::shared_ptr<InlinedGraph> calls;
  if (HasFunctionCalls(graph)) {
    KILN_ASSIGN_OR_RETURN(InlinedGraph flat, InlineFunctionCalls(graph));
    *flat.graph.mutable_library() = graph.library();  // for control flow
    graph = flat.graph;
    calls = std::make_shared<InlinedGraph>(std::move(flat));
    calls->graph.Clear();
  }
  // Functional control flow (also from inlined bodies) compiles with the
  // library when its bodies can become kernels; else it runs on the host
  // around compiled runs, its branches and bodies from the library.
  if (ControlFlowRunner::HasControlFlow(graph)) {
    std::unique_ptr<Session> session(new Session(graph, options));
    KILN_ASSIGN_OR_RETURN(session->control_,
                          ControlFlowRunner::Create(std::move(graph), options));
    session->calls_ = std::move(calls);
    return session;
  }
  // Nothing refers to the library now; the compiler need not import it.
  graph.clear_library();
  KILN_RETURN_IF_ERROR(GraphView::Build(graph).status());
  std::unique_ptr<Session> session(
      new Session(std::move(graph), std::move(options)));
  session->calls_ = std::move(calls);
  return session;
}

StatusOr<std::unique_ptr<Session>> Session::Create(const Scope& scope,
                                                   SessionOptions options) {
  tensorflow::GraphDef graph;
  KILN_RETURN_IF_ERROR(scope.ToGraphDef(&graph));
  return Create(std::move(graph), std::move(options));
}

int64_t Session::num_compilations() const {
  return cache_->compilations.load();
}

int64_t Session::num_host_control_flow_runs() const {
  return cache_->host_runs.load();
}

namespace {

std::string CacheKey(const Session::Feeds& feeds,
                     const std::vector<std::string>& fetches,
                     const std::vector<std::string>& targets) {
  std::string key;
  for (const auto& [name, tensor] : feeds)
    key += TensorName(name) + "/" + std::to_string(tensor.dtype()) + "/" +
           std::to_string(tensor.dims()) + ";";
  key += "|";
  for (const std::string& f : fetches) key += TensorName(f) + ";";
  key += "|";
  for (const std::string& t : targets) key += t + ";";
  return key;
}

}  // namespace

Status Session::Run(const Feeds& feeds, const std::vector<std::string>& fetches,
                    const std::vector<std::string>& targets,
                    std::vector<Tensor>* outputs) {
  if (outputs == nullptr) return InvalidArgument("Run: outputs is null");
  if (!calls_) {
    return Dispatch(feeds, fetches, targets, outputs);
  }
  std::vector<std::string> flat_fetches, flat_targets;
  for (const std::string& f : fetches)
    flat_fetches.push_back(calls_->Resolve(f));
  for (const std::string& t : targets) {
    for (std::string& n : calls_->ResolveTarget(t)) flat_targets.push_back(n);
  }
  return Dispatch(feeds, flat_fetches, flat_targets, outputs);
}

Status Session::Dispatch(const Feeds& feeds,
                         const std::vector<std::string>& fetches,
                         const std::vector<std::string>& targets,
                         std::vector<Tensor>* outputs) {
  KILN_ASSIGN_OR_RETURN(std::shared_ptr<CacheEntry> entry,
                        Entry(feeds, fetches, targets));
  if (!entry->executor) {
    ++cache_->host_runs;
    return control_->Run(feeds, fetches, targets, outputs);
  }
  std::vector<Tensor> ordered;
  ordered.reserve(entry->feed_order.size());
  for (int index : entry->feed_order) ordered.push_back(feeds[index].second);
  return entry->executor->Run(ordered, variables_.get(), outputs);
}

StatusOr<std::shared_ptr<Session::CacheEntry>> Session::Entry(
    const Feeds& feeds, const std::vector<std::string>& fetches,
    const std::vector<std::string>& targets) {
  const std::string key = CacheKey(feeds, fetches, targets);
  {
    std::lock_guard<std::mutex> lock(cache_->mu);
    auto it = cache_->entries.find(key);
    if (it != cache_->entries.end()) return it->second;
  }
  std::lock_guard<std::mutex> compile_lock(cache_->compile_mu);
  {
    std::lock_guard<std::mutex> lock(cache_->mu);
    auto it = cache_->entries.find(key);
    if (it != cache_->entries.end()) return it->second;
  }
  CompileRequest request;
  request.options = options_.compile;
  for (const auto& [name, tensor] : feeds)
    request.feeds.push_back({TensorName(name), tensor.dtype(),
                             std::vector<int64_t>(tensor.dims(), -1)});
  for (const std::string& f : fetches) request.fetches.push_back(TensorName(f));
  request.targets = targets;
  auto fresh = std::make_shared<CacheEntry>();
  StatusOr<std::shared_ptr<const Executable>> exe =
      options_.compiler->Compile(graph_, request);
  if (!exe.ok() &&
      !(control_ && exe.status().code() == StatusCode::kUnimplemented))
    return exe.status();
  if (exe.ok()) {
    ++cache_->compilations;
    for (const PlanFeed& feed : (*exe)->plan().feeds()) {
      int index = -1;
      for (size_t i = 0; i < request.feeds.size(); ++i)
        if (request.feeds[i].name == feed.name()) index = static_cast<int>(i);
      if (index < 0)
        return Internal("the executable wants feed '" + feed.name() +
                        "', which the run does not give");
      fresh->feed_order.push_back(index);
    }
    fresh->executor = std::make_unique<Executor>(std::move(*exe));
  }
  std::lock_guard<std::mutex> lock(cache_->mu);
  cache_->entries[key] = fresh;
  return fresh;
}

Status Session::Run(const std::vector<std::pair<Output, Tensor>>& feeds,
                    const std::vector<Output>& fetches,
                    std::vector<Tensor>* outputs) {
  Feeds named;
  for (const auto& [output, tensor] : feeds)
    named.emplace_back(output.name(), tensor);
  std::vector<std::string> names;
  for (const Output& output : fetches) names.push_back(output.name());
  return Run(named, names, {}, outputs);
}

}  // namespace kiln
