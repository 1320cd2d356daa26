//===- LoadObjectCode.cpp - An object file linked into this process -------===//
//
// One ORC LLJIT per object: it owns the linked memory, so a kernel's code
// lives exactly as long as the Executable holding the JIT as its owner.
//
//===----------------------------------------------------------------------===//

#include "compiler/Codegen/Codegen.h"

#include "compiler/Codegen/TargetMachine.h"
#include "runtime/cuda/launch_abi.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>
#include <unordered_map>

namespace kiln::compiler {

static kiln::Status toStatus(llvm::Error error, const std::string &context) {
  return kiln::Internal(context + ": " + llvm::toString(std::move(error)));
}

namespace {
/// ORC reports why linking failed (say, "Symbols not found: [ f ]") to the
/// session's error reporter; the failed lookup only says that it failed.
/// Keep those messages so the Status can name the missing symbol.
class LinkErrors {
public:
  void add(llvm::Error error) {
    std::lock_guard<std::mutex> lock(mutex);
    text += "; " + llvm::toString(std::move(error));
  }
  std::string take() {
    std::lock_guard<std::mutex> lock(mutex);
    return std::move(text);
  }

private:
  std::mutex mutex;
  std::string text;
};
} // namespace

kiln::StatusOr<JitCode> loadObjectCode(const ObjectCode &object) {
  initializeNativeTarget();
  llvm::Triple host(llvm::sys::getProcessTriple());
  llvm::Triple target(object.triple);
  if (!object.triple.empty() && target.getArch() != host.getArch())
    return kiln::InvalidArgument("object code for " + object.triple +
                                 " cannot run on " + host.str());
  if (!object.triple.empty() && !object.cpu.empty()) {
    std::vector<std::string> missing =
        missingHostFeatures(object.triple, object.cpu, object.features);
    if (!missing.empty())
      return kiln::FailedPrecondition("object code for CPU '" + object.cpu +
                                      "' needs " + llvm::join(missing, ", ") +
                                      ", which this machine lacks");
  }

  llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> created =
      llvm::orc::LLJITBuilder().create();
  if (!created)
    return toStatus(created.takeError(), "cannot create a JIT");
  std::shared_ptr<llvm::orc::LLJIT> jit = std::move(*created);
  auto linkErrors = std::make_shared<LinkErrors>();
  jit->getExecutionSession().setErrorReporter(
      [linkErrors](llvm::Error error) { linkErrors->add(std::move(error)); });

  // Kernels call libc (malloc, memcpy), libm and the runtime's kiln_rt_*
  // functions: resolve them against what this process has loaded.
  llvm::orc::JITDylib &dylib = jit->getMainJITDylib();
  auto generator =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
          jit->getDataLayout().getGlobalPrefix());
  if (!generator)
    return toStatus(generator.takeError(), "cannot search the process");
  dylib.addGenerator(std::move(*generator));

  if (llvm::Error error = jit->addObjectFile(
          dylib,
          llvm::MemoryBuffer::getMemBufferCopy(object.bytes, "kiln_kernels.o")))
    return toStatus(std::move(error), "cannot add the object code");

  // Look everything up now: linking happens here, so an unresolved symbol
  // is an error of this call rather than a crash in the first run.
  auto entries =
      std::make_shared<std::unordered_map<std::string, kiln::KernelEntry>>();
  for (const std::string &name : object.entryPoints) {
    llvm::Expected<llvm::orc::ExecutorAddr> address = jit->lookup(dylib, name);
    if (!address)
      return kiln::Internal("cannot link entry point '" + name +
                            "': " + llvm::toString(address.takeError()) +
                            linkErrors->take());
    (*entries)[name] = address->toPtr<kiln::KernelEntry>();
  }

  // GPU kernels' host code calls runtime/cuda through its own table.
  if (object.gpuLaunchTable) {
    llvm::Expected<llvm::orc::ExecutorAddr> table =
        jit->lookup(dylib, kiln::cuda::kLaunchAbiTable);
    if (!table)
      return kiln::Internal(std::string("cannot find the GPU launch table: ") +
                            llvm::toString(table.takeError()));
    KILN_RETURN_IF_ERROR(kiln::cuda::BindLaunchAbi(table->toPtr<void **>()));
  }

  JitCode code;
  code.owner = jit;
  code.resolve = [entries](const std::string &symbol) -> kiln::KernelEntry {
    auto it = entries->find(symbol);
    return it == entries->end() ? nullptr : it->second;
  };
  return code;
}

} // namespace kiln::compiler
