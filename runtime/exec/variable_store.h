// VariableStore: the resource variables of a Session, by shared name. Runs
// read it concurrently; a Run's writes are staged in a VariableTransaction
// and become visible together when the Run succeeds, so a failed Run changes
// no variable.
//
//   kiln::VariableStore vars;
//   kiln::VariableTransaction txn(&vars);
//   KILN_RETURN_IF_ERROR(txn.Assign("w", new_value));
//   ... KILN_ASSIGN_OR_RETURN(kiln::Tensor w, txn.Read("w"));  // sees
//   new_value txn.Commit();
#ifndef KILN_RUNTIME_EXEC_VARIABLE_STORE_H_
#define KILN_RUNTIME_EXEC_VARIABLE_STORE_H_

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/tensor/tensor.h"

namespace kiln {

class VariableStore {
 public:
  // The current value in host memory (a copy when the variable lives on the
  // GPU); FailedPrecondition naming the variable when it was never assigned
  // (TensorFlow's "uninitialized variable").
  StatusOr<Tensor> Read(const std::string& name) const;
  // The current value where it lives (Tensor::on_device() says which).
  StatusOr<Tensor> ReadStored(const std::string& name) const;
  bool Contains(const std::string& name) const;
  // Sets a value outside any Run (restoring a checkpoint, tests).
  void Set(const std::string& name, Tensor value);
  std::vector<std::string> Names() const;

 private:
  friend class VariableTransaction;
  mutable std::mutex mu_;
  std::map<std::string, Tensor> values_;
};

// The writes of one Run. Reads see the Run's own writes first and return
// values where they live (host or GPU).
class VariableTransaction {
 public:
  explicit VariableTransaction(VariableStore* store) : store_(store) {}
  StatusOr<Tensor> Read(const std::string& name) const;
  // Stages `value` (the caller passes a tensor nothing else will write).
  Status Assign(const std::string& name, Tensor value);
  // Offers `moved`, a copy of `was` elsewhere (a host value uploaded to the
  // GPU that reads it), as the variable's new home: at Commit it replaces
  // the stored value only if that is still `was` (a concurrent Run's write
  // wins) and this Run wrote no value of its own.
  void Move(const std::string& name, const Tensor& was, Tensor moved);
  // Publishes every staged write (and move) at once.
  void Commit();

 private:
  struct Moved {
    Tensor was, now;
  };
  VariableStore* store_;
  std::map<std::string, Tensor> staged_;
  std::map<std::string, Moved> moved_;
};

}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_VARIABLE_STORE_H_
