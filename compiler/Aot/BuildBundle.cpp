//===- BuildBundle.cpp - A graph compiled into a bundle -------------------===//
#include "compiler/Aot/BuildBundle.h"

#include "compiler/Aot/SystemToolchain.h"
#include "compiler/Codegen/TargetMachine.h"
#include "runtime/exec/executor.h"
#include "runtime/graph/variable_name.h"

namespace kiln::compiler {
namespace {

kiln::BundleTensor describe(const kiln::Plan &plan, const std::string &name,
                            int value) {
  kiln::BundleTensor tensor;
  tensor.set_name(name);
  tensor.set_dtype(plan.values(value).dtype());
  *tensor.mutable_shape() = plan.values(value).shape();
  return tensor;
}

kiln::BundleSignature signatureOf(const kiln::Plan &plan) {
  kiln::BundleSignature signature;
  for (const kiln::PlanFeed &feed : plan.feeds())
    *signature.add_inputs() = describe(plan, feed.name(), feed.value());
  for (const kiln::PlanFetch &fetch : plan.fetches())
    *signature.add_outputs() = describe(plan, fetch.name(), fetch.value());
  return signature;
}

/// Runs `targets` of `graph` once (JIT-compiled) into `store`.
kiln::Status runInitializers(const tensorflow::GraphDef &graph,
                             const std::vector<std::string> &targets,
                             kiln::VariableStore &store) {
  if (targets.empty())
    return kiln::OkStatus();
  kiln::CompileRequest request;
  request.targets = targets;
  KILN_ASSIGN_OR_RETURN(std::shared_ptr<const kiln::Executable> exe,
                        newCpuCompiler()->Compile(graph, request));
  kiln::Executor executor(exe);
  std::vector<kiln::Tensor> none;
  return executor.Run({}, &store, &none)
      .WithPrefix("running the initializers at compile time: ");
}

/// The bundle's variables with their starting values; an error naming a
/// variable nothing gave a value.
kiln::Status addVariables(const tensorflow::GraphDef &graph,
                          const BundleOptions &options, kiln::Bundle &bundle) {
  std::vector<std::string> names = planVariables(bundle.plan());
  if (names.empty())
    return kiln::OkStatus();
  kiln::VariableStore store;
  KILN_RETURN_IF_ERROR(runInitializers(graph, options.initTargets, store));
  for (const auto &[name, value] : options.variableValues)
    store.Set(name, value);
  for (const std::string &name : names) {
    kiln::StatusOr<kiln::Tensor> value = store.Read(name);
    if (!value.ok())
      return kiln::FailedPrecondition(
          "variable '" + name +
          "' has no value to start from: name its initializer with --init "
          "or restore a checkpoint with --variables");
    kiln::BundleVariable &variable = *bundle.add_variables();
    variable.set_name(name);
    KILN_RETURN_IF_ERROR(value->ToProto(variable.mutable_initial_value()));
  }
  return kiln::OkStatus();
}

} // namespace

std::vector<std::string> planVariables(const kiln::Plan &plan) {
  std::vector<std::string> names;
  for (const kiln::PlanStep &step : plan.steps()) {
    if (step.kind() != kiln::PlanStep::VAR_HANDLE)
      continue;
    const std::string name = kiln::VariableSharedName(step.node());
    if (std::find(names.begin(), names.end(), name) == names.end())
      names.push_back(name);
  }
  return names;
}

kiln::StatusOr<kiln::Bundle> buildBundle(const tensorflow::GraphDef &graph,
                                         const kiln::CompileRequest &request,
                                         const BundleOptions &options) {
  CpuCompilerOptions cpu;
  cpu.cpu = options.cpu;
  KILN_ASSIGN_OR_RETURN(CompiledGraph compiled,
                        compileGraph(graph, request, cpu));
  kiln::Bundle bundle;
  bundle.set_format(kBundleFormat);
  bundle.set_name(options.name);
  bundle.set_producer("kiln-compile");
  *bundle.mutable_signature() = signatureOf(compiled.plan);
  if (compiled.object) {
    const ObjectCode &object = *compiled.object;
    kiln::BundleTarget &target = *bundle.mutable_target();
    target.set_triple(object.triple);
    target.set_cpu(object.cpu);
    for (const std::string &feature :
         requiredIsaFeatures(object.triple, object.cpu, object.features))
      target.add_required_features(feature);
    KILN_ASSIGN_OR_RETURN(*bundle.mutable_shared_object(),
                          linkSharedObject(object));
  }
  *bundle.mutable_plan() = std::move(compiled.plan);
  KILN_RETURN_IF_ERROR(addVariables(graph, options, bundle));
  if (options.keepGraph)
    *bundle.mutable_graph() = graph;
  return bundle;
}

kiln::BundleWeights splitWeights(kiln::Bundle &bundle,
                                 const std::string &weightsFile) {
  kiln::BundleWeights weights;
  // The graph's Consts are the weights again: it stays out.
  bundle.clear_graph();
  weights.mutable_constants()->Swap(bundle.mutable_plan()->mutable_constants());
  weights.mutable_variables()->Swap(bundle.mutable_variables());
  bundle.set_weights_file(weightsFile);
  return weights;
}

} // namespace kiln::compiler
