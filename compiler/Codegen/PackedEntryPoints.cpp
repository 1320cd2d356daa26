//===- PackedEntryPoints.cpp - One calling convention for kernels ---------===//

#include "compiler/Codegen/PackedEntryPoints.h"

#include "compiler/Codegen/Codegen.h"
#include "llvm/IR/IRBuilder.h"

namespace kiln::compiler {

static constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";

/// Emits the body of `packed`: args[i] points at argument i. A pointer
/// parameter (a memref descriptor, or a memref result the wrapper writes) is
/// that pointer itself; any other parameter is loaded from it. A result is
/// stored through args[n].
static void buildPackedBody(llvm::Function &packed, llvm::Function &callee) {
  llvm::LLVMContext &context = packed.getContext();
  llvm::IRBuilder<> builder(
      llvm::BasicBlock::Create(context, "entry", &packed));
  llvm::Type *ptrType = builder.getPtrTy();
  llvm::Value *args = packed.getArg(0);
  llvm::SmallVector<llvm::Value *> operands;
  for (auto [index, param] : llvm::enumerate(callee.args())) {
    llvm::Value *slot =
        builder.CreateConstInBoundsGEP1_64(ptrType, args, index);
    llvm::Value *pointer = builder.CreateLoad(ptrType, slot);
    operands.push_back(param.getType()->isPointerTy()
                           ? pointer
                           : builder.CreateLoad(param.getType(), pointer));
  }
  llvm::CallInst *call = builder.CreateCall(&callee, operands);
  if (!callee.getReturnType()->isVoidTy()) {
    llvm::Value *slot =
        builder.CreateConstInBoundsGEP1_64(ptrType, args, callee.arg_size());
    builder.CreateStore(call, builder.CreateLoad(ptrType, slot));
  }
  builder.CreateRetVoid();
}

std::vector<std::string> addPackedEntryPoints(llvm::Module &module) {
  // Collect first: adding functions while iterating invalidates the list.
  llvm::SmallVector<llvm::Function *> wrappers;
  for (llvm::Function &function : module.functions())
    if (!function.isDeclaration() &&
        function.getName().starts_with(kCInterfacePrefix))
      wrappers.push_back(&function);

  std::vector<std::string> names;
  llvm::LLVMContext &context = module.getContext();
  auto *packedType = llvm::FunctionType::get(
      llvm::Type::getVoidTy(context), {llvm::PointerType::get(context, 0)},
      /*isVarArg=*/false);
  for (llvm::Function *wrapper : wrappers) {
    std::string name =
        kPackedPrefix +
        wrapper->getName().drop_front(kCInterfacePrefix.size()).str();
    auto *packed = llvm::Function::Create(
        packedType, llvm::GlobalValue::ExternalLinkage, name, module);
    packed->addFnAttr(llvm::Attribute::NoUnwind);
    buildPackedBody(*packed, *wrapper);
    names.push_back(packed->getName().str());
  }
  return names;
}

} // namespace kiln::compiler
