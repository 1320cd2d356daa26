// kiln-form-fusions on random graphs of fusible ops (Exp, Neg, AddV2, Mul),
// ops it must leave outside (MatMul, ops with control edges) and constants:
// the result must verify (fusions placed in dominance order, no cycle),
// leave no fusible op outside a fusion, and compute the same values, checked
// by inlining the fusions back and folding both graphs with the reference
// kernels.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "compiler/Analysis/FusibleOps.h"
#include "compiler/Passes.h"
#include "compiler/Transforms/KilnOpBuilding.h"
#include "ir/Translate/GraphDefTranslate.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

namespace kiln::testing {
namespace {

using mlir::Value;

// A random graph over 2x2 and 2x1 f32 tensors (row sums, broadcast back by
// AddV2 and Mul), returning every value nobody reads.
mlir::OwningOpRef<mlir::ModuleOp> RandomGraph(mlir::MLIRContext& context,
                                              std::mt19937& rng) {
  mlir::OpBuilder b(&context);
  mlir::Location loc = b.getUnknownLoc();
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto func =
      b.create<mlir::func::FuncOp>(loc, "main", b.getFunctionType({}, {}));
  b.setInsertionPointToStart(func.addEntryBlock());
  auto type = mlir::RankedTensorType::get({2, 2}, b.getF32Type());
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<Value> values;
  std::vector<Value> squares;  // the 2x2 values, which MatMul takes
  std::vector<mlir::Operation*> ops;
  for (int i = 0; i < 3; ++i) {
    std::vector<float> v(4);
    for (float& x : v) x = uniform(rng);
    mlir::OperationState state(loc, "kiln.Const");
    state.addAttribute("dtype", mlir::TypeAttr::get(b.getF32Type()));
    state.addAttribute("value",
                       mlir::DenseElementsAttr::get(type, llvm::ArrayRef(v)));
    state.addTypes({type, kiln::ir::ControlType::get(&context)});
    values.push_back(b.create(state)->getResult(0));
    squares.push_back(values.back());
  }
  const int n = 4 + rng() % 20;
  for (int i = 0; i < n; ++i) {
    auto pick = [&] { return values[rng() % values.size()]; };
    mlir::Operation* op = nullptr;
    auto pick_square = [&] { return squares[rng() % squares.size()]; };
    switch (rng() % 7) {
      case 0:
        op = kiln::compiler::createKilnOp(b, loc, "Exp", {pick()});
        break;
      case 1:
        op = kiln::compiler::createKilnOp(b, loc, "Neg", {pick()});
        break;
      case 2:
        op = kiln::compiler::createKilnOp(b, loc, "AddV2", {pick(), pick()});
        break;
      case 3:
        op = kiln::compiler::createKilnOp(b, loc, "Mul", {pick(), pick()});
        break;
      case 4:
        op = kiln::compiler::createKilnOp(b, loc, "MatMul",
                                          {pick_square(), pick_square()});
        break;
      case 5: {
        // A reduction: its axis must be cloned into the fusion.
        Value axis =
            kiln::compiler::createScalarConst(b, loc, b.getI32Type(), 1);
        op = kiln::compiler::createKilnOp(
            b, loc, "Sum", {pick(), axis},
            {b.getNamedAttr("keep_dims", b.getBoolAttr(true))});
        break;
      }
      default: {
        // A Neg waiting on an earlier op: neither it nor that op is fusible.
        Value control = ops.empty()
                            ? Value()
                            : ops[rng() % ops.size()]->getResults().back();
        llvm::SmallVector<Value> operands = {pick()};
        if (control) operands.push_back(control);
        op = kiln::compiler::createKilnOp(b, loc, "Neg", operands);
      }
    }
    REQUIRE(op != nullptr);
    ops.push_back(op);
    values.push_back(op->getResult(0));
    if (op->getResult(0).getType() == type) squares.push_back(values.back());
  }
  llvm::SmallVector<Value> fetches;
  for (Value v : values)
    if (v.use_empty() && !v.getDefiningOp<kiln::ir::ConstOp>())
      fetches.push_back(v);
  b.create<mlir::func::ReturnOp>(loc, fetches);
  func.setFunctionType(
      b.getFunctionType({}, mlir::ValueRange(fetches).getTypes()));
  return module;
}

// Replaces each kiln.fusion by its body, so the reference kernels can fold.
void InlineFusions(mlir::ModuleOp module) {
  llvm::SmallVector<kiln::ir::FusionOp> fusions;
  module.walk([&](kiln::ir::FusionOp f) { fusions.push_back(f); });
  for (kiln::ir::FusionOp fusion : fusions) {
    mlir::Block& body = fusion.getBody().front();
    mlir::IRMapping mapping;
    for (auto [arg, input] : llvm::zip(body.getArguments(), fusion.getInputs()))
      mapping.map(arg, input);
    mlir::OpBuilder b(fusion);
    for (mlir::Operation& op : body.without_terminator()) b.clone(op, mapping);
    for (auto [result, yielded] :
         llvm::zip(fusion.getResults(), body.getTerminator()->getOperands()))
      result.replaceAllUsesWith(mapping.lookup(yielded));
    fusion.erase();
  }
}

std::vector<std::vector<float>> FoldedFetches(mlir::MLIRContext& context,
                                              mlir::ModuleOp module) {
  mlir::PassManager pm(&context);
  pm.nest<mlir::func::FuncOp>().addPass(
      kiln::compiler::createFoldConstantsPass());
  REQUIRE(mlir::succeeded(pm.run(module)));
  auto func = *module.getOps<mlir::func::FuncOp>().begin();
  std::vector<std::vector<float>> out;
  for (Value v : func.getBody().front().getTerminator()->getOperands()) {
    auto constant = v.getDefiningOp<kiln::ir::ConstOp>();
    REQUIRE(constant);
    auto attr = llvm::cast<mlir::DenseElementsAttr>(constant->getAttr("value"));
    out.emplace_back(attr.getValues<float>().begin(),
                     attr.getValues<float>().end());
  }
  return out;
}

// Equal values, NaN matching NaN (Exp chains may overflow to inf - inf).
bool SameValues(const std::vector<std::vector<float>>& a,
                const std::vector<std::vector<float>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return false;
    for (size_t j = 0; j < a[i].size(); ++j) {
      bool both_nan = std::isnan(a[i][j]) && std::isnan(b[i][j]);
      if (!both_nan && a[i][j] != b[i][j]) return false;
    }
  }
  return true;
}

TEST_CASE("Random graphs fuse without cycles and compute the same values") {
  mlir::MLIRContext context;
  kiln::ir::registerKilnDialects(context);
  std::mt19937 rng(Catch::rngSeed() + 7);
  for (int trial = 0; trial < 1000; ++trial) {
    INFO("trial " << trial);
    mlir::OwningOpRef<mlir::ModuleOp> original = RandomGraph(context, rng);
    mlir::OwningOpRef<mlir::ModuleOp> fused = original->clone();
    std::string text;
    llvm::raw_string_ostream os(text);
    original->print(os);
    INFO(text);
    mlir::PassManager pm(&context);
    pm.nest<mlir::func::FuncOp>().addPass(
        kiln::compiler::createFormFusionsPass());
    std::string diagnostics;
    mlir::ScopedDiagnosticHandler handler(
        &context, [&](mlir::Diagnostic& d) { diagnostics += d.str() + "\n"; });
    bool passed = mlir::succeeded(pm.run(*fused));
    INFO(diagnostics);
    REQUIRE(passed);
    REQUIRE(mlir::succeeded(mlir::verify(*fused)));
    auto func = *fused->getOps<mlir::func::FuncOp>().begin();
    for (mlir::Operation& op : func.getBody().front())
      REQUIRE_FALSE(kiln::compiler::isFusible(&op));

    InlineFusions(*fused);
    REQUIRE(mlir::succeeded(mlir::verify(*fused)));
    std::vector<std::vector<float>> expected =
        FoldedFetches(context, *original);
    std::vector<std::vector<float>> actual = FoldedFetches(context, *fused);
    REQUIRE(SameValues(actual, expected));
  }
}

}  // namespace
}  // namespace kiln::testing
