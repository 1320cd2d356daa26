//===- BuildBundle.cpp - A graph compiled into a bundle -------------------===//
#include "compiler/Aot/BuildBundle.h"

#include "compiler/Aot/SystemToolchain.h"
#include "compiler/Codegen/TargetMachine.h"

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

} // namespace

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
  bundle.set_weights_file(weightsFile);
  return weights;
}

} // namespace kiln::compiler
