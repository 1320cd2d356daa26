//===- GpuLaunchTable.cpp - GPU host code calls through a table -----------===//
#include "compiler/Codegen/GpuLaunchTable.h"

#include "runtime/cuda/launch_abi.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"

#include <utility>
#include <vector>

namespace kiln::compiler {

bool addGpuLaunchTable(llvm::Module &module) {
  const std::vector<const char *> &names = kiln::cuda::LaunchAbiNames();
  std::vector<std::pair<llvm::Function *, unsigned>> used;
  for (unsigned i = 0; i < names.size(); ++i) {
    llvm::Function *function = module.getFunction(names[i]);
    if (function && function->isDeclaration())
      used.emplace_back(function, i);
  }
  if (used.empty())
    return false;
  llvm::LLVMContext &context = module.getContext();
  auto *ptr = llvm::PointerType::get(context, 0);
  auto *tableType = llvm::ArrayType::get(ptr, names.size());
  auto *table = new llvm::GlobalVariable(
      module, tableType, /*isConstant=*/false,
      llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantAggregateZero::get(tableType), kiln::cuda::kLaunchAbiTable);
  for (auto [function, index] : used) {
    function->setLinkage(llvm::GlobalValue::InternalLinkage);
    llvm::IRBuilder<> builder(
        llvm::BasicBlock::Create(context, "entry", function));
    llvm::Value *slot =
        builder.CreateConstInBoundsGEP2_32(tableType, table, 0, index);
    llvm::Value *callee = builder.CreateLoad(ptr, slot);
    llvm::SmallVector<llvm::Value *> args;
    for (llvm::Argument &arg : function->args())
      args.push_back(&arg);
    llvm::CallInst *call =
        builder.CreateCall(function->getFunctionType(), callee, args);
    if (function->getReturnType()->isVoidTy())
      builder.CreateRetVoid();
    else
      builder.CreateRet(call);
  }
  return true;
}

} // namespace kiln::compiler
