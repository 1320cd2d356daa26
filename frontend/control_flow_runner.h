// ControlFlowRunner: how a Session runs graphs with TensorFlow's functional
// control flow (If, StatelessIf, While, StatelessWhile, whose branches and
// bodies are functions of the graph's library). The control-flow nodes run
// on the host: their inputs are computed by a compiled run of the rest of
// the graph (each control-flow output replaced by a Placeholder), the
// branch or body functions run as compiled Sessions of their own (cached,
// sharing the variables), and a last compiled run computes the fetches
// from the control-flow outputs. Branches and bodies may hold control flow
// and calls themselves.
//
// Each compiled run commits its variable writes when it ends, so a failure
// inside a loop leaves the writes of the iterations before it (unlike one
// compiled Run, which commits all or nothing).
#ifndef KILN_FRONTEND_CONTROL_FLOW_RUNNER_H_
#define KILN_FRONTEND_CONTROL_FLOW_RUNNER_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "frontend/session.h"
#include "proto/tensorflow/graph.pb.h"

namespace kiln {

class ControlFlowRunner {
 public:
  static bool IsControlFlow(const tensorflow::NodeDef& node);
  static bool HasControlFlow(const tensorflow::GraphDef& graph);

  // `options.variables` must be set (the owning Session's store).
  static StatusOr<std::unique_ptr<ControlFlowRunner>> Create(
      tensorflow::GraphDef graph, SessionOptions options);

  Status Run(const Session::Feeds& feeds,
             const std::vector<std::string>& fetches,
             const std::vector<std::string>& targets,
             std::vector<Tensor>* outputs);

 private:
  ControlFlowRunner() = default;
  // The control-flow nodes the run needs, producers first.
  StatusOr<std::vector<const tensorflow::NodeDef*>> Needed(
      const std::map<std::string, Tensor>& values,
      const std::vector<std::string>& fetches,
      const std::vector<std::string>& targets) const;
  // A run of the graph without control-flow nodes, fed `values`.
  Status RunFlat(const std::map<std::string, Tensor>& values,
                 const std::vector<std::string>& fetches,
                 const std::vector<std::string>& targets,
                 std::vector<Tensor>* outputs);
  StatusOr<std::vector<Tensor>> Execute(const tensorflow::NodeDef& node,
                                        std::vector<Tensor> inputs);
  StatusOr<std::vector<Tensor>> CallFunction(const std::string& name,
                                             const std::vector<Tensor>& args);

  tensorflow::GraphDef graph_;
  std::map<std::string, const tensorflow::NodeDef*> nodes_;
  std::vector<std::string> order_;  // node names, producers first
  std::unique_ptr<Session> flat_;
  SessionOptions options_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Session>> functions_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_CONTROL_FLOW_RUNNER_H_
