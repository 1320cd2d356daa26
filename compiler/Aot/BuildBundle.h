//===- BuildBundle.h - A graph compiled into a bundle -----------*- C++ -*-===//
//
// Ahead-of-time compilation: the graph's call plan and its kernels (linked
// into a shared object) in one kiln::Bundle (proto/kiln/bundle.proto),
// which runtime/exec/bundle_loader.h loads without MLIR or LLVM.
//
//   BundleOptions options;
//   options.name = "FashionMlp";
//   options.cpu = "x86-64-v3";
//   KILN_ASSIGN_OR_RETURN(kiln::Bundle bundle,
//                         buildBundle(graph, request, options));
//
//===----------------------------------------------------------------------===//
#ifndef KILN_COMPILER_AOT_BUILDBUNDLE_H
#define KILN_COMPILER_AOT_BUILDBUNDLE_H

#include <map>
#include <string>
#include <vector>

#include "compiler/CpuCompiler.h"
#include "proto/kiln/bundle.pb.h"

namespace kiln::compiler {

inline constexpr const char *kBundleFormat = "kiln.bundle.v1";

struct BundleOptions {
  std::string name = "model";
  /// "host", or an LLVM CPU name ("x86-64", "x86-64-v3", "x86-64-v4").
  std::string cpu = "host";
  /// Keep the source graph in the bundle (kiln-dump shows it).
  bool keepGraph = true;
  /// Nodes run once at compile time (an initializer: TensorFlow's "init")
  /// to give the plan's variables the values the bundle starts from.
  std::vector<std::string> initTargets;
  /// Values for variables by shared name (a restored checkpoint); they
  /// override what initTargets computed.
  std::map<std::string, kiln::Tensor> variableValues;
};

kiln::StatusOr<kiln::Bundle> buildBundle(const tensorflow::GraphDef &graph,
                                         const kiln::CompileRequest &request,
                                         const BundleOptions &options);

/// The shared names of the variables `plan` uses (its VAR_HANDLE steps).
std::vector<std::string> planVariables(const kiln::Plan &plan);

/// Moves the plan's constants out of `bundle` into the returned sidecar,
/// recording `weightsFile` (relative to the bundle) as where they live; the
/// bundle's copy of the graph (whose Consts hold the weights too) goes.
kiln::BundleWeights splitWeights(kiln::Bundle &bundle,
                                 const std::string &weightsFile);

} // namespace kiln::compiler

#endif // KILN_COMPILER_AOT_BUILDBUNDLE_H
