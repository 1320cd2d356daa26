// Scope: where a C++ graph builder puts the next op (TensorFlow's Scope).
//
// A Scope carries the graph being built, a name scope, the op name, device
// and control dependencies of the ops built through it, and a status shared
// by every scope derived from the same root. The status is sticky: once an
// op fails to build, later ops are not built and the first error is kept, so
// a whole graph can be written without checking each call.
//
//   Scope root = Scope::NewRootScope();
//   auto x = ops::Placeholder(root.WithOpName("x"), DT_FLOAT,
//                             Shape::Of({kUnknownDim, 784}));
//   Scope dense = root.NewSubScope("dense");
//   auto y = ops::MatMul(dense.WithOpName("MatMul"), x, w);  // "dense/MatMul"
//   tensorflow::GraphDef graph;
//   KILN_RETURN_IF_ERROR(root.ToGraphDef(&graph));
//
// Scopes are cheap to copy; they are not safe to use from several threads at
// once.
#ifndef KILN_FRONTEND_SCOPE_H_
#define KILN_FRONTEND_SCOPE_H_

#include <memory>
#include <string>
#include <vector>

#include "frontend/output.h"
#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"

namespace kiln {

// TensorFlow's GraphDef versions that Kiln's graphs declare: a producer
// TensorFlow 2.x reads, and the oldest consumer that may read them.
inline constexpr int kGraphDefProducer = 1994;
inline constexpr int kGraphDefMinConsumer = 12;

class Scope {
 public:
  // A new, empty graph with an OK status.
  static Scope NewRootScope();

  // Ops built through the result are named "<this scope>/<name>/...". The
  // name is made unique among the names used in this scope ("dense",
  // "dense_1").
  Scope NewSubScope(const std::string& name) const;
  // The next op built through the result is called `name` (made unique in
  // the name scope, as op types are: a second "fc" becomes "fc_1").
  Scope WithOpName(const std::string& name) const;
  // Ops built through the result get control inputs ("^name", after their
  // data inputs, sorted by name as TensorFlow writes them) on `deps`, in
  // addition to this scope's.
  Scope WithControlDependencies(const std::vector<Operation>& deps) const;
  Scope WithControlDependencies(const std::vector<Output>& deps) const;
  Scope WithControlDependencies(const Output& dep) const;
  Scope WithNoControlDependencies() const;
  // Ops built through the result are placed on `device`
  // ("/device:CPU:0", "/job:worker/device:GPU:1").
  Scope WithDevice(const std::string& device) const;

  // The graph's sticky status: OK until the first op fails to build.
  bool ok() const;
  Status status() const;
  // Records `status` when it is the graph's first error; OK is ignored.
  void UpdateStatus(const Status& status) const;

  // The graph built so far, with TensorFlow's version stamp; the first error
  // instead when an op failed to build.
  Status ToGraphDef(tensorflow::GraphDef* graph) const;
  int num_nodes() const;

  // ---- For op builders ----------------------------------------------------
  // The full name of the next op: this scope's op name or `default_name`,
  // made unique, prefixed by the name scope. Reserves the name.
  std::string GetUniqueNameForOp(const std::string& default_name) const;
  const std::string& name_scope() const;
  const std::string& device() const;
  const std::vector<Operation>& control_deps() const;
  internal::Graph* graph() const;

 private:
  class Impl;
  explicit Scope(std::shared_ptr<const Impl> impl);

  std::shared_ptr<const Impl> impl_;
};

}  // namespace kiln

#endif  // KILN_FRONTEND_SCOPE_H_
