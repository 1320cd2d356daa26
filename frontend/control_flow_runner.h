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
// The compiled runs work on a scratch copy of the variables, published to
// the Session's store together when the whole run succeeds: a failure
// inside a loop changes no variable, as for any Run. Runs of one such
// Session are serialized.
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
  Status RunOnScratch(const Session::Feeds& feeds,
                      const std::vector<std::string>& fetches,
                      const std::vector<std::string>& targets,
                      std::vector<Tensor>* outputs);
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
  // `handles`: per input, the VarHandleOp a resource input comes from.
  StatusOr<std::vector<Tensor>> Execute(
      const tensorflow::NodeDef& node, std::vector<Tensor> inputs,
      std::vector<const tensorflow::NodeDef*> handles);
  StatusOr<std::vector<Tensor>> CallFunction(
      const std::string& name, const std::vector<Tensor>& args,
      const std::vector<const tensorflow::NodeDef*>& handles);

  tensorflow::GraphDef graph_;
  std::map<std::string, const tensorflow::NodeDef*> nodes_;
  std::vector<std::string> order_;  // node names, producers first
  std::unique_ptr<Session> flat_;
  SessionOptions options_;                  // variables: scratch_
  std::shared_ptr<VariableStore> store_;    // the Session's
  std::shared_ptr<VariableStore> scratch_;  // this run's working copy
  std::mutex run_mu_;
  // A library function ready to run: its Session and names.
  struct Compiled {
    std::unique_ptr<Session> session;
    std::vector<std::string> args, fetches, targets;
    std::vector<bool> resource_outputs;  // per output: a variable, not fetched
  };
  StatusOr<Compiled*> Function(
      const std::string& name,
      const std::vector<const tensorflow::NodeDef*>& handles);

  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Compiled>> functions_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_CONTROL_FLOW_RUNNER_H_
