//===- OutlineFusions.cpp - kiln.fusion regions to kernel functions -------===//
//
// Each kiln.fusion's body becomes a function of the nested module
// `@kiln_kernels`, which the kernel pipeline compiles on its own; the graph
// keeps a kiln.launch of it.
//
//===----------------------------------------------------------------------===//
#include "compiler/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace kiln::compiler {
#define GEN_PASS_DEF_OUTLINEFUSIONSPASS
#include "compiler/Passes.h.inc"
} // namespace kiln::compiler

using namespace mlir;

namespace kiln::compiler {
namespace {

constexpr llvm::StringLiteral kKernelModule = "kiln_kernels";

/// The nested module of kernels, created at the end of `module` if missing.
ModuleOp getOrCreateKernelModule(ModuleOp module) {
  for (auto nested : module.getOps<ModuleOp>())
    if (nested.getSymName() == kKernelModule)
      return nested;
  OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
  return b.create<ModuleOp>(module.getLoc(), kKernelModule);
}

/// `type` with a `?` dim 0 when `split` says the executor slices it.
Type rowSliceable(Type type, bool split) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!split || !ranked || ranked.getRank() == 0)
    return type;
  SmallVector<int64_t> dims(ranked.getShape());
  dims[0] = ShapedType::kDynamic;
  return RankedTensorType::get(dims, ranked.getElementType());
}

/// Gives split arguments and results a `?` dim 0 (a kernel whose row count
/// is static would ignore the slice's size) with casts to the body's types.
void makeRowsDynamic(func::FuncOp func, ArrayRef<bool> split) {
  Block &entry = func.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  SmallVector<Type> inputs, results;
  for (BlockArgument arg : entry.getArguments()) {
    Type dynamic = rowSliceable(arg.getType(), split[arg.getArgNumber()]);
    inputs.push_back(dynamic);
    if (dynamic == arg.getType())
      continue;
    Type original = arg.getType();
    arg.setType(dynamic);
    auto cast = b.create<tensor::CastOp>(arg.getLoc(), original, arg);
    arg.replaceAllUsesExcept(cast, cast);
  }
  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  b.setInsertionPoint(ret);
  for (OpOperand &operand : ret->getOpOperands()) {
    size_t index = entry.getNumArguments() + operand.getOperandNumber();
    Type dynamic = rowSliceable(operand.get().getType(), split[index]);
    results.push_back(dynamic);
    if (dynamic != operand.get().getType())
      operand.set(
          b.create<tensor::CastOp>(ret.getLoc(), dynamic, operand.get()));
  }
  func.setFunctionType(b.getFunctionType(inputs, results));
}

struct OutlineFusionsPass : impl::OutlineFusionsPassBase<OutlineFusionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<ir::FusionOp> fusions;
    module.walk([&](ir::FusionOp fusion) { fusions.push_back(fusion); });
    if (fusions.empty())
      return;
    ModuleOp kernels = getOrCreateKernelModule(module);
    SymbolTable symbols(kernels);
    unsigned next = 0;
    for (ir::FusionOp fusion : fusions) {
      std::string name;
      do {
        name = "fusion_" + std::to_string(next++);
      } while (symbols.lookup(name));
      OpBuilder b = OpBuilder::atBlockEnd(kernels.getBody());
      auto type = b.getFunctionType(fusion.getInputs().getTypes(),
                                    fusion.getResultTypes());
      auto func = b.create<func::FuncOp>(fusion.getLoc(), name, type);
      symbols.insert(func);

      // The body moves as is; the yield becomes the return.
      func.getBody().takeBody(fusion->getRegion(0));
      Block &entry = func.getBody().front();
      auto yield = cast<ir::YieldOp>(entry.getTerminator());
      b.setInsertionPoint(yield);
      b.create<func::ReturnOp>(yield.getLoc(), yield.getValues());
      yield.erase();
      if (auto split = fusion->getAttrOfType<DenseBoolArrayAttr>("kiln.split"))
        makeRowsDynamic(func, split.asArrayRef());

      b.setInsertionPoint(fusion);
      auto launch = b.create<ir::LaunchOp>(
          fusion.getLoc(), fusion.getResultTypes(),
          SymbolRefAttr::get(b.getContext(), kKernelModule,
                             {FlatSymbolRefAttr::get(func.getSymNameAttr())}),
          fusion.getInputs());
      for (NamedAttribute attr : fusion->getDiscardableAttrs())
        launch->setAttr(attr.getName(), attr.getValue());
      fusion.replaceAllUsesWith(launch.getResults());
      fusion.erase();
    }
  }
};

} // namespace
} // namespace kiln::compiler
