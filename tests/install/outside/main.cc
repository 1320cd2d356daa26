// Uses an installed Kiln (op table, Status, generated GraphDef) from outside
// its source tree; tests/install/run_install_test.sh checks the line it prints.
#include <iostream>
#include <string>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/graph/op_spec.h"
#ifdef KILN_OUTSIDE_USE_FRONTEND
#include "frontend/ops/ops.h"
#include "frontend/scope.h"
#endif

namespace {

kiln::Status Lookup(const char* name, const kiln::OpSpec** spec) {
  *spec = kiln::FindOpSpec(name);
  if (*spec == nullptr) return kiln::NotFound(std::string("no op ") + name);
  return kiln::OkStatus();
}

}  // namespace

int main() {
  const kiln::OpSpec* matmul = nullptr;
  kiln::Status status = Lookup("MatMul", &matmul);
  if (!status.ok()) {
    std::cerr << status << "\n";
    return 1;
  }
  tensorflow::GraphDef graph;
  tensorflow::NodeDef* node = graph.add_node();
  node->set_name("dense/MatMul");
  node->set_op(matmul->name);
  if (graph.node(0).op() != "MatMul") return 1;

  const kiln::OpSpec* unknown = nullptr;
  kiln::Status missing = Lookup("NoSuchOp", &unknown);
  std::cout << "kiln app: op=" << graph.node(0).op()
            << " inputs=" << matmul->inputs.size()
            << " outputs=" << matmul->outputs.size()
            << " status=" << kiln::StatusCodeName(missing.code());
#ifdef KILN_OUTSIDE_USE_FRONTEND
  // The frontend builds a layer and infers its shape through the op table.
  kiln::Scope root = kiln::Scope::NewRootScope();
  auto x = kiln::ops::Placeholder(root.WithOpName("x"), tensorflow::DT_FLOAT,
                                  kiln::Shape::Of({-1, 4}));
  auto w = kiln::ops::Const(root.WithOpName("w"), {{1.f, 2.f, 3.f}, {4.f, 5.f, 6.f},
                                                   {7.f, 8.f, 9.f}, {1.f, 1.f, 1.f}});
  auto fc = kiln::ops::MatMul(root.WithOpName("fc"), x, w);
  tensorflow::GraphDef built;
  if (!root.ToGraphDef(&built).ok() || built.node_size() != 3) return 1;
  std::cout << " frontend: fc=" << fc.shape().ToString();
#endif
  std::cout << "\n";
  return missing.code() == kiln::StatusCode::kNotFound ? 0 : 1;
}
