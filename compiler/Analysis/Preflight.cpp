//===- Preflight.cpp - What the compiler would make of a graph ------------===//
#include "compiler/Analysis/Preflight.h"

#include "compiler/CompileStages.h"
#include "compiler/KernelPipeline.h"
#include "compiler/Plan/BuildPlan.h"
#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/DiagnosticStatus.h"
#include "ir/Translate/GraphDefTranslate.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Object/ELFObjectFile.h"

#include <map>
#include <set>

using namespace mlir;

namespace kiln::compiler {
namespace {

/// Every node name a location carries (a fused location has several).
void namesOf(Location loc, std::vector<std::string> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.push_back(name.getName().str());
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      namesOf(inner, names);
}

/// The graph node a location name stands for: itself, or the node a
/// rewrite named its ops after ("loss/Softmax/max" for node "loss/Softmax").
std::string nodeOf(std::string name, const std::set<std::string> &nodes) {
  while (!nodes.count(name)) {
    size_t slash = name.rfind('/');
    if (slash == std::string::npos)
      return "";
    name.resize(slash);
  }
  return name;
}

/// Records `placement` for the nodes `op`'s location names (first one wins).
void place(Operation *op, Placement placement,
           const std::set<std::string> &nodes,
           std::map<std::string, Placement> &placed) {
  std::vector<std::string> names;
  namesOf(op->getLoc(), names);
  for (const std::string &name : names) {
    std::string node = nodeOf(name, nodes);
    if (!node.empty())
      placed.emplace(node, placement);
  }
}

std::map<std::string, Placement>
placements(func::FuncOp main, const std::set<std::string> &nodes) {
  std::map<std::string, Placement> placed;
  for (Operation &op : main.getBody().front()) {
    if (isa<ir::FusionOp>(op)) {
      op.walk([&](Operation *inner) {
        if (isa_and_nonnull<ir::KilnDialect>(inner->getDialect()))
          place(inner, Placement::Kernel, nodes, placed);
      });
    } else if (isa<ir::FusedMatMulOp, ir::FusedConv2DOp>(op) ||
               isLibraryOp(op.getName().stripDialect())) {
      place(&op, Placement::Library, nodes, placed);
    } else if (auto opaque = dyn_cast<ir::OpaqueOp>(op)) {
      StringRef type = opaque.getOpType();
      bool control = type == "If" || type == "StatelessIf" || type == "While" ||
                     type == "StatelessWhile";
      place(&op, control ? Placement::HostControl : Placement::Unsupported,
            nodes, placed);
    } else if (isa<scf::WhileOp, scf::IfOp>(op)) {
      place(&op, Placement::HostControl, nodes, placed);
    } else if (isa_and_nonnull<ir::KilnDialect>(op.getDialect())) {
      place(&op, Placement::Runtime, nodes, placed);
    }
  }
  return placed;
}

/// Each kernel function's machine-code size, from the object's symbols.
std::vector<KernelCode> kernelSizes(const ObjectCode &object) {
  std::vector<KernelCode> kernels;
  auto buffer = llvm::MemoryBufferRef(object.bytes, "kernels.o");
  auto file = llvm::object::ObjectFile::createObjectFile(buffer);
  if (!file) {
    llvm::consumeError(file.takeError());
    return kernels;
  }
  for (const llvm::object::SymbolRef &symbol : (*file)->symbols()) {
    auto name = symbol.getName();
    auto type = symbol.getType();
    if (!name || !type || *type != llvm::object::SymbolRef::ST_Function) {
      if (!name)
        llvm::consumeError(name.takeError());
      if (!type)
        llvm::consumeError(type.takeError());
      continue;
    }
    if (!name->starts_with("fusion_"))
      continue; // packed entries and C wrappers are a few bytes each
    uint64_t size = llvm::object::ELFSymbolRef(symbol).getSize();
    kernels.push_back(KernelCode{name->str(), size});
  }
  return kernels;
}

} // namespace

const char *placementName(Placement placement) {
  switch (placement) {
  case Placement::Kernel:
    return "generated kernel";
  case Placement::Library:
    return "oneDNN";
  case Placement::Runtime:
    return "runtime";
  case Placement::HostControl:
    return "host control flow";
  case Placement::Unsupported:
    return "NOT SUPPORTED";
  }
  return "?";
}

kiln::StatusOr<PreflightReport> preflight(const tensorflow::GraphDef &graph,
                                          const CodegenOptions &options) {
  DialectRegistry registry;
  registerKernelDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  ir::FirstErrorHandler errors(context);
  auto module = ir::importGraphDef(context, graph, ir::ImportOptions());
  if (failed(module))
    return errors.status("GraphDef import failed");
  if (failed(runStagesThrough(**module, "fusion", kiln::CompileOptions())))
    return errors.status("the fusion stage failed");
  auto main = (*module)->lookupSymbol<func::FuncOp>("main");
  std::set<std::string> nodes;
  for (const tensorflow::NodeDef &node : graph.node())
    nodes.insert(node.name());
  std::map<std::string, Placement> placed = placements(main, nodes);
  PreflightReport report;
  bool supported = true;
  for (const tensorflow::NodeDef &node : graph.node()) {
    auto it = placed.find(node.name());
    // Nodes folded away, pruned or merged (constants) run nowhere.
    if (it == placed.end())
      continue;
    report.nodes.push_back(NodePlacement{node.name(), node.op(), it->second});
    supported &= it->second != Placement::Unsupported;
  }
  if (!supported)
    return report;
  if (failed(runStagesBetween(**module, "lowering", "llvm",
                              kiln::CompileOptions())))
    return errors.status("lowering failed");
  auto kernels = (*module)->lookupSymbol<ModuleOp>("kiln_kernels");
  if (!kernels || kernels.getBody()->empty())
    return report;
  FailureOr<ObjectCode> object = emitObjectCode(kernels, options);
  if (failed(object))
    return errors.status("machine code generation failed");
  report.cpu = object->cpu;
  report.codeBytes = object->bytes.size();
  report.kernels = kernelSizes(*object);
  return report;
}

} // namespace kiln::compiler
