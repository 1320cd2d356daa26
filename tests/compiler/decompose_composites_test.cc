// kiln-decompose-composites against the composite ops themselves: a module
// of random kiln.Const inputs and one composite op is folded by
// kiln-fold-constants twice, once as is (the reference kernels implement
// Softmax and the losses directly) and once after decomposition (the
// reference kernels evaluate each primitive), and the results must agree.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "compiler/Passes.h"
#include "compiler/Transforms/KilnOpBuilding.h"
#include "ir/Translate/GraphDefTranslate.h"
#include "mlir/Pass/PassManager.h"

namespace kiln::testing {
namespace {

using mlir::Value;

struct Input {
  mlir::RankedTensorType type;
  std::vector<double> values;
};

class DecomposeFixture {
 public:
  DecomposeFixture() { kiln::ir::registerKilnDialects(context_); }

  // func @main() returning the data results of `op` applied to `inputs`,
  // each input a kiln.Const.
  mlir::OwningOpRef<mlir::ModuleOp> Build(const std::string& op,
                                          const std::vector<Input>& inputs) {
    mlir::OpBuilder b(&context_);
    mlir::Location loc = mlir::NameLoc::get(b.getStringAttr(op));
    mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(loc);
    b.setInsertionPointToEnd(module->getBody());
    auto func =
        b.create<mlir::func::FuncOp>(loc, "main", b.getFunctionType({}, {}));
    b.setInsertionPointToStart(func.addEntryBlock());
    std::vector<Value> operands;
    for (const Input& input : inputs) operands.push_back(Const(b, input));
    mlir::Operation* composite =
        kiln::compiler::createKilnOp(b, loc, op, operands);
    REQUIRE(composite != nullptr);
    llvm::SmallVector<Value> results = kiln::compiler::dataResults(composite);
    b.create<mlir::func::ReturnOp>(loc, results);
    func.setFunctionType(
        b.getFunctionType({}, mlir::ValueRange(results).getTypes()));
    return module;
  }

  // Runs the passes `add` adds (nested on functions); REQUIREs success.
  template <typename AddPasses>
  void Run(mlir::ModuleOp module, AddPasses add) {
    mlir::PassManager pm(&context_);
    add(pm.nest<mlir::func::FuncOp>());
    REQUIRE(mlir::succeeded(pm.run(module)));
  }

  mlir::MLIRContext context_;

 private:
  Value Const(mlir::OpBuilder& b, const Input& input) {
    mlir::Type element = input.type.getElementType();
    mlir::DenseElementsAttr value;
    if (element.isF32()) {
      std::vector<float> v(input.values.begin(), input.values.end());
      value = mlir::DenseElementsAttr::get(input.type, llvm::ArrayRef(v));
    } else if (element.isF64()) {
      value = mlir::DenseElementsAttr::get(input.type,
                                           llvm::ArrayRef(input.values));
    } else if (element.isInteger(32)) {
      std::vector<int32_t> v(input.values.begin(), input.values.end());
      value = mlir::DenseElementsAttr::get(input.type, llvm::ArrayRef(v));
    } else {
      std::vector<int64_t> v(input.values.begin(), input.values.end());
      value = mlir::DenseElementsAttr::get(input.type, llvm::ArrayRef(v));
    }
    mlir::OperationState state(b.getUnknownLoc(), "kiln.Const");
    state.addAttribute("dtype", mlir::TypeAttr::get(element));
    state.addAttribute("value", value);
    state.addTypes({input.type, kiln::ir::ControlType::get(b.getContext())});
    return b.create(state)->getResult(0);
  }
};

// The returned values of a module folded to constants, as doubles.
std::vector<std::vector<double>> Returned(mlir::ModuleOp module) {
  auto func = *module.getOps<mlir::func::FuncOp>().begin();
  auto ret =
      llvm::cast<mlir::func::ReturnOp>(func.getBody().front().getTerminator());
  std::vector<std::vector<double>> out;
  for (Value v : ret.getOperands()) {
    mlir::Operation* producer = v.getDefiningOp();
    REQUIRE(producer != nullptr);
    INFO("a returned value is not folded: "
         << producer->getName().getStringRef().str());
    REQUIRE(producer->getName().getStringRef() == "kiln.Const");
    auto attr = llvm::cast<mlir::DenseElementsAttr>(producer->getAttr("value"));
    std::vector<double> values;
    if (attr.getElementType().isF32()) {
      for (float x : attr.getValues<float>()) values.push_back(x);
    } else {
      for (double x : attr.getValues<double>()) values.push_back(x);
    }
    out.push_back(values);
  }
  return out;
}

// Names of the ops in the module's function (the terminator excluded).
std::vector<std::string> OpNames(mlir::ModuleOp module) {
  std::vector<std::string> names;
  module.walk([&](mlir::Operation* op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "kiln")
      names.push_back(op->getName().stripDialect().str());
  });
  return names;
}

bool Contains(const std::vector<std::string>& names, const std::string& op) {
  return std::find(names.begin(), names.end(), op) != names.end();
}

// Decomposes and folds `op` on `inputs`, folds it whole, and compares.
void CheckAgainstComposite(DecomposeFixture& f, const std::string& op,
                           const std::vector<Input>& inputs, double tolerance) {
  mlir::OwningOpRef<mlir::ModuleOp> whole = f.Build(op, inputs);
  mlir::OwningOpRef<mlir::ModuleOp> split = f.Build(op, inputs);
  f.Run(*split, [](mlir::OpPassManager& pm) {
    pm.addPass(kiln::compiler::createDecomposeCompositeOpsPass(
        kiln::compiler::DecomposeCompositeOpsPassOptions{
            /*uncheckedSparseLabels=*/true}));
  });
  // The composite is gone and primitives replace it: the comparison below
  // is not the reference kernel against itself.
  std::vector<std::string> names = OpNames(*split);
  REQUIRE_FALSE(Contains(names, op));
  REQUIRE(Contains(names, "Max"));
  REQUIRE(Contains(names, "Exp"));
  auto fold = [](mlir::OpPassManager& pm) {
    pm.addPass(kiln::compiler::createFoldConstantsPass());
  };
  f.Run(*split, fold);
  f.Run(*whole, fold);
  std::vector<std::vector<double>> expected = Returned(*whole);
  std::vector<std::vector<double>> actual = Returned(*split);
  REQUIRE(actual.size() == expected.size());
  for (size_t r = 0; r < expected.size(); ++r) {
    REQUIRE(actual[r].size() == expected[r].size());
    for (size_t i = 0; i < expected[r].size(); ++i) {
      INFO(op << " result " << r << " element " << i);
      REQUIRE(std::abs(actual[r][i] - expected[r][i]) <=
              tolerance * (1 + std::abs(expected[r][i])));
    }
  }
}

mlir::RankedTensorType TensorOf(const std::vector<int64_t>& dims,
                                mlir::Type element) {
  return mlir::RankedTensorType::get(dims, element);
}

int64_t NumElements(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

// Logits spread wide enough that an unshifted exp() would lose precision.
std::vector<double> Logits(std::mt19937& rng, int64_t n) {
  std::normal_distribution<double> normal(0.0, 4.0);
  std::vector<double> v(n);
  for (double& x : v) x = normal(rng);
  return v;
}

// Rows of probabilities (each row sums to one), as the loss expects.
std::vector<double> Distributions(std::mt19937& rng, int64_t rows,
                                  int64_t classes) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> v(rows * classes);
  for (int64_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (int64_t c = 0; c < classes; ++c)
      sum += v[r * classes + c] = uniform(rng);
    for (int64_t c = 0; c < classes; ++c) v[r * classes + c] /= sum;
  }
  return v;
}

struct DType {
  bool f64;
  double tolerance;
};

mlir::Type ElementType(mlir::MLIRContext& context, DType dtype) {
  if (dtype.f64) return mlir::Float64Type::get(&context);
  return mlir::Float32Type::get(&context);
}

std::vector<int64_t> RandomDims(std::mt19937& rng, int rank) {
  std::vector<int64_t> dims;
  for (int i = 0; i < rank; ++i) dims.push_back(1 + rng() % 7);
  return dims;
}

TEST_CASE("Softmax and LogSoftmax decompose to the same values") {
  DecomposeFixture f;
  std::mt19937 rng(Catch::rngSeed() + 1);
  for (DType dtype : {DType{false, 1e-5}, DType{true, 1e-12}}) {
    mlir::Type element = ElementType(f.context_, dtype);
    for (const char* op : {"Softmax", "LogSoftmax"}) {
      for (int trial = 0; trial < 6; ++trial) {
        std::vector<int64_t> dims = RandomDims(rng, 1 + trial % 3);
        INFO(op << " rank " << dims.size() << " f64 " << dtype.f64);
        CheckAgainstComposite(
            f, op, {{TensorOf(dims, element), Logits(rng, NumElements(dims))}},
            dtype.tolerance);
      }
    }
  }
}

TEST_CASE(
    "SoftmaxCrossEntropyWithLogits decomposes to the same loss and "
    "backprop") {
  DecomposeFixture f;
  std::mt19937 rng(Catch::rngSeed() + 2);
  for (DType dtype : {DType{false, 1e-5}, DType{true, 1e-12}}) {
    mlir::Type element = ElementType(f.context_, dtype);
    for (int trial = 0; trial < 6; ++trial) {
      std::vector<int64_t> dims = RandomDims(rng, 2);
      // Labels broadcast over the batch in one trial of three, as TF allows.
      std::vector<int64_t> label_dims = dims;
      if (trial % 3 == 2) label_dims[0] = 1;
      INFO("dims " << dims[0] << "x" << dims[1] << " f64 " << dtype.f64);
      CheckAgainstComposite(
          f, "SoftmaxCrossEntropyWithLogits",
          {{TensorOf(dims, element), Logits(rng, NumElements(dims))},
           {TensorOf(label_dims, element),
            Distributions(rng, label_dims[0], label_dims[1])}},
          dtype.tolerance);
    }
  }
}

TEST_CASE("SparseSoftmaxCrossEntropyWithLogits decomposes through OneHot") {
  DecomposeFixture f;
  std::mt19937 rng(Catch::rngSeed() + 3);
  for (DType dtype : {DType{false, 1e-5}, DType{true, 1e-12}}) {
    mlir::Type element = ElementType(f.context_, dtype);
    for (int trial = 0; trial < 6; ++trial) {
      std::vector<int64_t> dims = RandomDims(rng, 2);
      std::vector<double> labels(dims[0]);
      for (double& label : labels) label = rng() % dims[1];
      mlir::Type index =
          mlir::IntegerType::get(&f.context_, trial % 2 ? 64 : 32);
      INFO("dims " << dims[0] << "x" << dims[1] << " f64 " << dtype.f64);
      CheckAgainstComposite(
          f, "SparseSoftmaxCrossEntropyWithLogits",
          {{TensorOf(dims, element), Logits(rng, NumElements(dims))},
           {TensorOf({dims[0]}, index), labels}},
          dtype.tolerance);
    }
  }
}

}  // namespace
}  // namespace kiln::testing
