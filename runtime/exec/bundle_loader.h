// Loads a bundle (proto/kiln/bundle.proto) that kiln-compile wrote: checks
// its format, the CPU features its code needs, maps its kernels' shared
// object from memory with the system's dynamic loader, and returns an
// Executable. No compiler is involved: this is what a deployed program
// links (Kiln::runtime).
//
//   KILN_ASSIGN_OR_RETURN(kiln::LoadedBundle model,
//                         kiln::LoadBundle("out/FashionMlp.kbundle"));
//   kiln::Executor executor(model.executable);
//   KILN_RETURN_IF_ERROR(
//       executor.Run({image}, model.variables.get(), &outputs));
//
// Inputs go in the order of signature.inputs, outputs come back in the
// order of signature.outputs. A bundle is code: load only bundles from
// sources you trust (SECURITY.md).
#ifndef KILN_RUNTIME_EXEC_BUNDLE_LOADER_H_
#define KILN_RUNTIME_EXEC_BUNDLE_LOADER_H_

#include <memory>
#include <string>
#include <string_view>

#include "proto/kiln/bundle.pb.h"
#include "runtime/base/status.h"
#include "runtime/exec/executable.h"
#include "runtime/exec/variable_store.h"

namespace kiln {

struct LoadedBundle {
  std::string name;
  BundleSignature signature;
  BundleTarget target;
  std::shared_ptr<const Executable> executable;
  // The variables the bundle owns, at their starting values; runs that
  // assign them (a training step) update this store.
  std::shared_ptr<VariableStore> variables;
  std::vector<std::string> variable_names;  // in the bundle's order
};

// Reads `path`; a sidecar weights file is looked up next to it.
StatusOr<LoadedBundle> LoadBundle(const std::string& path);

// From bytes in memory; `name_for_errors` prefixes errors, `weights_dir`
// is where a sidecar weights file would be ("" when there is none).
StatusOr<LoadedBundle> LoadBundleFromBytes(std::string_view bytes,
                                           const std::string& name_for_errors,
                                           const std::string& weights_dir);

}  // namespace kiln

#endif  // KILN_RUNTIME_EXEC_BUNDLE_LOADER_H_
