// internal::Graph: the GraphDef under construction that every Scope derived
// from one root shares, with its sticky status. Private to frontend/.
#ifndef KILN_FRONTEND_INTERNAL_GRAPH_H_
#define KILN_FRONTEND_INTERNAL_GRAPH_H_

#include <string>
#include <string_view>
#include <unordered_map>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

namespace kiln {
namespace internal {

class Graph {
 public:
  const Status& status() const { return status_; }
  void UpdateStatus(const Status& status) {
    if (status_.ok() && !status.ok()) status_ = status;
  }

  const tensorflow::GraphDef& graph_def() const { return graph_def_; }
  const tensorflow::NodeDef* FindNode(std::string_view name) const {
    auto it = index_.find(std::string(name));
    return it == index_.end() ? nullptr : &graph_def_.node(it->second);
  }
  void AddNode(tensorflow::NodeDef node) {
    index_.emplace(node.name(), graph_def_.node_size());
    *graph_def_.add_node() = std::move(node);
  }

 private:
  Status status_;
  tensorflow::GraphDef graph_def_;
  std::unordered_map<std::string, int> index_;
};

}  // namespace internal
}  // namespace kiln

#endif  // KILN_FRONTEND_INTERNAL_GRAPH_H_
