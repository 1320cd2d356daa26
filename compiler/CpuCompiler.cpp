//===- CpuCompiler.cpp - GraphDef to a runnable Executable ----------------===//
#include "compiler/CpuCompiler.h"

#include "compiler/Codegen/Codegen.h"
#include "compiler/CompileStages.h"
#include "compiler/Graph/FeedRewrite.h"
#include "compiler/KernelPipeline.h"
#include "compiler/Passes.h"
#include "compiler/Plan/BuildPlan.h"
#include "compiler/Plan/ChooseLayouts.h"
#include "compiler/Plan/PlaceOnGpu.h"
#include "ir/Translate/DiagnosticStatus.h"
#include "ir/Translate/GraphDefTranslate.h"
#include "mlir/Pass/PassManager.h"
#include "runtime/graph/inline_calls.h"

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Whether control flow is left that only the host can run (the Session
/// then runs the graph with its ControlFlowRunner).
bool hasHostControlFlow(ModuleOp module) {
  WalkResult walk = module.walk([](Operation *op) {
    auto opaque = dyn_cast<ir::OpaqueOp>(op);
    bool functional = opaque && llvm::is_contained({"If", "StatelessIf",
                                                    "While", "StatelessWhile"},
                                                   opaque.getOpType());
    bool scf = isa<scf::WhileOp, scf::IfOp>(op) &&
               isa<func::FuncOp>(op->getParentOp());
    return functional || scf ? WalkResult::interrupt() : WalkResult::advance();
  });
  return walk.wasInterrupted();
}

/// The kernels' object code; nullopt when the plan has no kernel.
kiln::StatusOr<std::optional<ObjectCode>>
generateKernels(ModuleOp module, const CpuCompilerOptions &options,
                const ir::FirstErrorHandler &errors) {
  auto kernels = module.lookupSymbol<ModuleOp>("kiln_kernels");
  if (!kernels || kernels.getBody()->empty())
    return std::optional<ObjectCode>();
  CodegenOptions codegen;
  codegen.cpu = options.cpu;
  FailureOr<ObjectCode> object = emitObjectCode(kernels, codegen);
  if (failed(object))
    return errors.status("machine code generation failed");
  return std::optional<ObjectCode>(std::move(*object));
}

class CpuCompiler : public kiln::GraphCompiler {
public:
  explicit CpuCompiler(CpuCompilerOptions options)
      : options(std::move(options)) {}

  kiln::StatusOr<std::shared_ptr<const kiln::Executable>>
  Compile(const tensorflow::GraphDef &graph,
          const kiln::CompileRequest &request) override {
    KILN_ASSIGN_OR_RETURN(CompiledGraph compiled,
                          compileGraph(graph, request, options));
    if (!compiled.object)
      return kiln::Executable::Create(
          std::move(compiled.plan),
          [](const std::string &) {
            return static_cast<kiln::KernelEntry>(nullptr);
          },
          nullptr);
    KILN_ASSIGN_OR_RETURN(JitCode jit, loadObjectCode(*compiled.object));
    return kiln::Executable::Create(std::move(compiled.plan), jit.resolve,
                                    jit.owner);
  }

private:
  CpuCompilerOptions options;
};

} // namespace

namespace {

/// compileGraph of a graph whose calls of library functions are inlined
/// first (as a Session does); the plan's fetches keep the names asked for.
kiln::StatusOr<CompiledGraph>
compileInlined(const tensorflow::GraphDef &graph,
               const kiln::CompileRequest &request,
               const CpuCompilerOptions &options) {
  KILN_ASSIGN_OR_RETURN(kiln::InlinedGraph flat,
                        kiln::InlineFunctionCalls(graph));
  *flat.graph.mutable_library() = graph.library(); // control flow's bodies
  kiln::CompileRequest inner = request;
  inner.fetches.clear();
  inner.targets.clear();
  for (const std::string &fetch : request.fetches)
    inner.fetches.push_back(flat.Resolve(fetch));
  for (const std::string &target : request.targets)
    for (std::string &node : flat.ResolveTarget(target))
      inner.targets.push_back(std::move(node));
  KILN_ASSIGN_OR_RETURN(CompiledGraph compiled,
                        compileGraph(flat.graph, inner, options));
  for (int i = 0; i < compiled.plan.fetches_size() &&
                  i < static_cast<int>(request.fetches.size());
       ++i)
    compiled.plan.mutable_fetches(i)->set_name(
        canonicalTensorName(request.fetches[i]));
  return compiled;
}

} // namespace

kiln::StatusOr<CompiledGraph> compileGraph(const tensorflow::GraphDef &graph,
                                           const kiln::CompileRequest &request,
                                           const CpuCompilerOptions &options) {
  if (kiln::HasFunctionCalls(graph))
    return compileInlined(graph, request, options);
  if (request.fetches.empty() && request.targets.empty())
    return kiln::InvalidArgument("nothing to run: no fetch and no target");
  KILN_ASSIGN_OR_RETURN(RewrittenFeeds fed, rewriteFeeds(graph, request.feeds));
  ir::ImportOptions import;
  PlanSignature signature;
  signature.feeds = fed.placeholders;
  for (const std::string &fetch : request.fetches) {
    import.fetches.push_back(canonicalTensorName(fetch));
    signature.results.push_back(canonicalTensorName(fetch));
  }
  for (const std::string &target : request.targets) {
    import.fetches.push_back("^" + target);
    signature.results.push_back(target);
  }

  DialectRegistry registry;
  registerKernelDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  ir::FirstErrorHandler errors(context);
  auto module = ir::importGraphDef(context, fed.graph, import);
  if (failed(module))
    return errors.status("GraphDef import failed");
  // Only what the fetches and targets need must compile: a graph may hold
  // ops Kiln does not run (TensorFlow's initialization checks) as long as
  // this run does not use them. Control flow is checked once it had the
  // chance to become kernels.
  if (failed(runStagesBetween(**module, "cleanup", "fusion", request.options)))
    return errors.status("compilation failed");
  PassManager check(&context);
  check.addPass(createCheckSupportedOpsPass());
  if (failed(check.run(**module))) {
    kiln::Status status =
        errors.status("the graph has ops the compiler does not support");
    if (hasHostControlFlow(**module))
      return kiln::Unimplemented(status.message());
    return status;
  }
  if (failed(
          runStagesBetween(**module, "lowering", "lowering", request.options)))
    return errors.status("compilation failed");
  auto main = (*module)->lookupSymbol<func::FuncOp>("main");
  FailureOr<kiln::Plan> plan = buildPlan(main, signature);
  if (failed(plan))
    return errors.status("building the call plan failed");
  // Blocked layouts are oneDNN's: not when the convolutions may go to the
  // GPU.
  if (request.options.blocked_layouts && !request.options.gpu)
    chooseLibraryLayouts(*plan);
  // Placement marks the kernels the GPU runs before they are lowered.
  auto kernels = (*module)->lookupSymbol<ModuleOp>("kiln_kernels");
  if (request.options.gpu)
    placeOnGpu(*plan, kernels, request.options.gpu_chip);
  if (failed(runStagesBetween(**module, "llvm", "llvm", request.options)))
    return errors.status("compilation failed");
  CompiledGraph compiled;
  KILN_ASSIGN_OR_RETURN(compiled.object,
                        generateKernels(**module, options, errors));
  compiled.plan = std::move(*plan);
  return compiled;
}

std::shared_ptr<kiln::GraphCompiler>
newCpuCompiler(const CpuCompilerOptions &options) {
  return std::make_shared<CpuCompiler>(options);
}

} // namespace kiln::compiler
