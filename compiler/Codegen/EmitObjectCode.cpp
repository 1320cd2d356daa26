//===- EmitObjectCode.cpp - LLVM-dialect module to an object file ---------===//
//
// translate -> add packed entry points -> set target -> O3 -> codegen. The
// object file is the product for both the JIT and ahead-of-time compilation,
// so both run exactly the same code.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/Codegen.h"

#include "compiler/Codegen/GpuLaunchTable.h"
#include "compiler/Codegen/PackedEntryPoints.h"
#include "compiler/Codegen/TargetMachine.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"

namespace kiln::compiler {

/// Pins every function to the machine's CPU so the inliner and the
/// vectorizer's cost model agree with the code generator. X86 prefers 256-bit
/// vectors on AVX-512 parts (frequency drops); kernels here are long
/// streaming loops where 512 bits win, so ask for them.
static void setFunctionTargetAttributes(llvm::Module &module,
                                        const llvm::TargetMachine &machine) {
  bool wide = hasAvx512(machine);
  for (llvm::Function &function : module.functions()) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr("target-cpu", machine.getTargetCPU());
    if (!machine.getTargetFeatureString().empty())
      function.addFnAttr("target-features", machine.getTargetFeatureString());
    if (wide)
      function.addFnAttr("prefer-vector-width", "512");
  }
}

/// The new pass manager's default pipeline at `level` (0-3).
static void optimize(llvm::Module &module, llvm::TargetMachine &machine,
                     unsigned level) {
  llvm::LoopAnalysisManager loopAM;
  llvm::FunctionAnalysisManager functionAM;
  llvm::CGSCCAnalysisManager cgsccAM;
  llvm::ModuleAnalysisManager moduleAM;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = level >= 2;
  tuning.SLPVectorization = level >= 2;
  tuning.LoopUnrolling = level >= 2;
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(moduleAM);
  builder.registerCGSCCAnalyses(cgsccAM);
  builder.registerFunctionAnalyses(functionAM);
  builder.registerLoopAnalyses(loopAM);
  builder.crossRegisterProxies(loopAM, functionAM, cgsccAM, moduleAM);

  llvm::OptimizationLevel optLevel = llvm::OptimizationLevel::O3;
  switch (level) {
  case 0:
    optLevel = llvm::OptimizationLevel::O0;
    break;
  case 1:
    optLevel = llvm::OptimizationLevel::O1;
    break;
  case 2:
    optLevel = llvm::OptimizationLevel::O2;
    break;
  default:
    break;
  }
  llvm::ModulePassManager passes =
      level == 0 ? builder.buildO0DefaultPipeline(optLevel)
                 : builder.buildPerModuleDefaultPipeline(optLevel);
  passes.run(module, moduleAM);
}

/// The file's text or bytes in ObjectCode::bytes.
static mlir::FailureOr<ObjectCode> emitFile(mlir::ModuleOp module,
                                            const CodegenOptions &options,
                                            llvm::CodeGenFileType fileType) {
  mlir::MLIRContext *context = module.getContext();
  mlir::registerBuiltinDialectTranslation(*context);
  mlir::registerLLVMDialectTranslation(*context);
  // GPU kernels' host code: gpu.binary (the PTX) and its launches, which
  // become calls of the mgpu* functions runtime/cuda exports.
  mlir::DialectRegistry gpuRegistry;
  mlir::registerGPUDialectTranslation(gpuRegistry);
  mlir::registerNVVMDialectTranslation(gpuRegistry);
  mlir::gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(
      gpuRegistry);
  context->appendDialectRegistry(gpuRegistry);

  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(options);
  if (!machine)
    return module.emitError() << llvm::toString(machine.takeError());

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, llvmContext, "kiln_kernels");
  if (!llvmModule)
    return module.emitError("cannot translate the module to LLVM IR");

  ObjectCode file;
  file.entryPoints = addPackedEntryPoints(*llvmModule);
  file.gpuLaunchTable = addGpuLaunchTable(*llvmModule);
  llvmModule->setTargetTriple((*machine)->getTargetTriple().str());
  llvmModule->setDataLayout((*machine)->createDataLayout());
  setFunctionTargetAttributes(*llvmModule, **machine);

  std::string verifierMessage;
  llvm::raw_string_ostream verifierStream(verifierMessage);
  if (llvm::verifyModule(*llvmModule, &verifierStream))
    return module.emitError("LLVM IR does not verify: ") << verifierMessage;

  optimize(*llvmModule, **machine, options.optLevel);

  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager codegen;
  if ((*machine)->addPassesToEmitFile(codegen, stream, /*DwoOut=*/nullptr,
                                      fileType))
    return module.emitError("the target cannot emit this file type");
  codegen.run(*llvmModule);

  file.bytes.assign(buffer.begin(), buffer.end());
  file.triple = (*machine)->getTargetTriple().str();
  file.cpu = (*machine)->getTargetCPU().str();
  file.features = (*machine)->getTargetFeatureString().str();
  return file;
}

mlir::FailureOr<ObjectCode> emitObjectCode(mlir::ModuleOp llvmDialectModule,
                                           const CodegenOptions &options) {
  return emitFile(llvmDialectModule, options,
                  llvm::CodeGenFileType::ObjectFile);
}

mlir::FailureOr<std::string> emitAssembly(mlir::ModuleOp llvmDialectModule,
                                          const CodegenOptions &options) {
  mlir::FailureOr<ObjectCode> file =
      emitFile(llvmDialectModule, options, llvm::CodeGenFileType::AssemblyFile);
  if (mlir::failed(file))
    return mlir::failure();
  return std::move(file->bytes);
}

} // namespace kiln::compiler
