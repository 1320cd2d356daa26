// VariableStore and VariableTransaction: a Run's variable writes are staged
// and published together, so a failed Run changes no variable.
#include "runtime/exec/variable_store.h"

#include <utility>

#include "runtime/exec/internal/prepared_plan.h"

namespace kiln {

StatusOr<Tensor> VariableStore::Read(const std::string& name) const {
  KILN_ASSIGN_OR_RETURN(Tensor value, ReadStored(name));
  if (!value.on_device()) return value;
  StatusOr<Tensor> host = exec_internal::DownloadFromGpu(value);
  if (!host.ok()) {
    return host.status().WithPrefix("reading variable '" + name +
                                    "' from the GPU: ");
  }
  return host;
}

StatusOr<Tensor> VariableStore::ReadStored(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(name);
  if (it == values_.end()) {
    return FailedPrecondition("variable '" + name +
                              "' is uninitialized (read before any assign)");
  }
  return it->second;
}

bool VariableStore::Contains(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return values_.count(name) != 0;
}

void VariableStore::Set(const std::string& name, Tensor value) {
  std::lock_guard<std::mutex> lock(mu_);
  values_[name] = std::move(value);
}

std::vector<std::string> VariableStore::Names() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  names.reserve(values_.size());
  for (const auto& [name, value] : values_) names.push_back(name);
  return names;
}

StatusOr<Tensor> VariableTransaction::Read(const std::string& name) const {
  auto it = staged_.find(name);
  if (it != staged_.end()) return it->second;
  return store_->ReadStored(name);
}

Status VariableTransaction::Assign(const std::string& name, Tensor value) {
  if (!value.IsInitialized()) {
    return InvalidArgument("assigning an uninitialized tensor to variable '" +
                           name + "'");
  }
  staged_[name] = std::move(value);
  return OkStatus();
}

void VariableTransaction::Move(const std::string& name, const Tensor& was,
                               Tensor moved) {
  moved_[name] = Moved{was, std::move(moved)};
}

void VariableTransaction::Commit() {
  if (staged_.empty() && moved_.empty()) return;
  std::lock_guard<std::mutex> lock(store_->mu_);
  for (auto& [name, value] : staged_) store_->values_[name] = std::move(value);
  for (auto& [name, move] : moved_) {
    auto it = store_->values_.find(name);
    if (staged_.count(name) == 0 && it != store_->values_.end() &&
        it->second.SharesBufferWith(move.was)) {
      it->second = std::move(move.now);
    }
  }
  staged_.clear();
  moved_.clear();
}

}  // namespace kiln
