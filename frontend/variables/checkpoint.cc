// Variables to and from TensorFlow V2 checkpoints, all or nothing.
#include "frontend/variables/checkpoint.h"

#include <map>
#include <utility>

#include "frontend/variables/set_variables.h"
#include "runtime/io/checkpoint_reader.h"
#include "runtime/io/checkpoint_writer.h"

namespace kiln {
namespace {

constexpr char kObjectSuffix[] = "/.ATTRIBUTES/VARIABLE_VALUE";

StatusOr<std::string> FindKey(const CheckpointReader& reader,
                              const std::string& name,
                              const RestoreOptions& options) {
  if (options.key_for) return options.key_for(name);
  if (reader.Contains(name)) return name;
  if (reader.Contains(name + kObjectSuffix)) return name + kObjectSuffix;
  return NotFound(reader.prefix() + ": no value for variable '" + name +
                  "' (neither key \"" + name + "\" nor \"" + name +
                  kObjectSuffix + "\")");
}

}  // namespace

Status SaveCheckpoint(const std::string& prefix, const VariableStore& store,
                      const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, Tensor>> tensors;
  for (const std::string& name : names) {
    KILN_ASSIGN_OR_RETURN(Tensor value, store.Read(name));
    tensors.emplace_back(name, std::move(value));
  }
  return WriteCheckpoint(prefix, tensors);
}

Status RestoreCheckpoint(const std::string& prefix, VariableStore& store,
                         const std::vector<std::string>& names,
                         const RestoreOptions& options) {
  KILN_ASSIGN_OR_RETURN(CheckpointReader reader,
                        CheckpointReader::Open(prefix));
  std::map<std::string, Tensor> values;
  for (const std::string& name : names) {
    KILN_ASSIGN_OR_RETURN(std::string key, FindKey(reader, name, options));
    KILN_ASSIGN_OR_RETURN(values[name], reader.ReadTensor(key));
  }
  return SetVariablesTogether(prefix, std::move(values), store);
}

}  // namespace kiln
