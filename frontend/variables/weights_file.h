// Weights files: variables' values saved as a binary GraphDef of Const
// nodes, one per variable, named as the variable (so TensorFlow and
// kiln-dump read them too). Written to a temporary file and renamed, so a
// crash leaves the previous file whole. For TensorFlow's checkpoint layout
// see variables/checkpoint.h.
//
//   KILN_RETURN_IF_ERROR(SaveVariables("model.weights.pb", store, names));
//   KILN_RETURN_IF_ERROR(LoadVariables("model.weights.pb", store, names));
#ifndef KILN_FRONTEND_VARIABLES_WEIGHTS_FILE_H_
#define KILN_FRONTEND_VARIABLES_WEIGHTS_FILE_H_

#include <string>
#include <vector>

#include "runtime/base/status.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

// Saves the variables `names` that `store` holds (an uninitialized one is
// an error naming it).
Status SaveVariables(const std::string& path, const VariableStore& store,
                     const std::vector<std::string>& names);

// Reads every variable of `names` from `path` and, only when all are
// present and each matches the dtype and shape `store` has for it, sets
// them all: a bad file changes nothing. Errors name the file and variable.
Status LoadVariables(const std::string& path, VariableStore& store,
                     const std::vector<std::string>& names);

}  // namespace kiln

#endif  // KILN_FRONTEND_VARIABLES_WEIGHTS_FILE_H_
