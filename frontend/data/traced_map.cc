// Traced map functions: one graph and Session per element signature.
#include "frontend/data/traced_map.h"

#include <map>
#include <mutex>

#include "frontend/ops/const.h"
#include "frontend/session.h"

namespace kiln {
namespace data {

namespace {

// One traced graph: its Session and the feed/fetch names.
struct Trace {
  std::unique_ptr<Session> session;
  std::vector<std::string> feeds;
  std::vector<std::string> fetches;
};

std::string Signature(const Element& e) {
  std::string s = "(";
  for (size_t i = 0; i < e.size(); ++i) {
    s += (i ? ", " : "") + DataTypeName(e[i].dtype()) + "[rank " +
         std::to_string(e[i].dims()) + "]";
  }
  return s + ")";
}

StatusOr<std::unique_ptr<Trace>> BuildTrace(const GraphMapFn& fn,
                                            const Element& e) {
  Scope root = Scope::NewRootScope();
  OutputList inputs;
  auto trace = std::make_unique<Trace>();
  for (size_t i = 0; i < e.size(); ++i) {
    const std::string name = "input_" + std::to_string(i);
    inputs.push_back(ops::Placeholder(
        root.WithOpName(name), e[i].dtype(),
        Shape::Of(std::vector<int64_t>(e[i].dims(), kUnknownDim))));
    trace->feeds.push_back(name);
  }
  KILN_ASSIGN_OR_RETURN(OutputList outputs, fn(root, inputs));
  KILN_RETURN_IF_ERROR(root.status());
  for (const Output& o : outputs) trace->fetches.push_back(o.name());
  KILN_ASSIGN_OR_RETURN(trace->session, Session::Create(root));
  return trace;
}

}  // namespace

struct TracedMap::State {
  GraphMapFn fn;
  std::mutex mu;
  std::map<std::string, std::unique_ptr<Trace>> traces;

  StatusOr<Trace*> Get(const Element& e) {
    const std::string sig = Signature(e);
    std::lock_guard<std::mutex> lock(mu);
    auto it = traces.find(sig);
    if (it != traces.end()) return it->second.get();
    StatusOr<std::unique_ptr<Trace>> trace = BuildTrace(fn, e);
    if (!trace.ok()) {
      return Status(trace.status().code(),
                    "traced map for " + sig + ": " + trace.status().message());
    }
    return (traces[sig] = *std::move(trace)).get();
  }
};

TracedMap::TracedMap(GraphMapFn fn) : state_(std::make_shared<State>()) {
  state_->fn = std::move(fn);
}

Dataset::MapFn TracedMap::fn() const {
  std::shared_ptr<State> state = state_;
  return [state](Element e) -> StatusOr<Element> {
    KILN_ASSIGN_OR_RETURN(Trace * trace, state->Get(e));
    Session::Feeds feeds;
    for (size_t i = 0; i < e.size(); ++i) {
      feeds.emplace_back(trace->feeds[i], std::move(e[i]));
    }
    Element out;
    KILN_RETURN_IF_ERROR(trace->session->Run(feeds, trace->fetches, &out));
    return out;
  };
}

int64_t TracedMap::num_traces() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return static_cast<int64_t>(state_->traces.size());
}

Dataset::MapFn Traced(GraphMapFn fn) { return TracedMap(std::move(fn)).fn(); }

}  // namespace data
}  // namespace kiln
