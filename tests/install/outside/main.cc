// Uses an installed Kiln (op table, Status, generated GraphDef) from outside
// its source tree; tests/install/run_install_test.sh checks the line it prints.
#include <iostream>
#include <string>

#include "proto/tensorflow/graph.pb.h"
#include "runtime/base/status.h"
#include "runtime/graph/op_spec.h"

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
            << " status=" << kiln::StatusCodeName(missing.code()) << "\n";
  return missing.code() == kiln::StatusCode::kNotFound ? 0 : 1;
}
