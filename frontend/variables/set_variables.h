// SetVariablesTogether: the last step of every restore (weights files,
// checkpoints): checks each value against the variable the store already
// has (same dtype and shape) and sets them all, or none on any mismatch.
#ifndef KILN_FRONTEND_VARIABLES_SET_VARIABLES_H_
#define KILN_FRONTEND_VARIABLES_SET_VARIABLES_H_

#include <map>
#include <string>

#include "runtime/base/status.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

// `source` names the file in errors: "<source>: variable 'w' is float[3] in
// the file but float[4] in the model".
Status SetVariablesTogether(const std::string& source,
                            std::map<std::string, Tensor> values,
                            VariableStore& store);

}  // namespace kiln

#endif  // KILN_FRONTEND_VARIABLES_SET_VARIABLES_H_
