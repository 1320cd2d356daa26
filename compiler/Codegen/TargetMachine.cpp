//===- TargetMachine.cpp - The CPU Kiln generates code for ----------------===//

#include "compiler/Codegen/TargetMachine.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <mutex>

namespace kiln::compiler {

void initializeNativeTarget() {
  // LLVM's target registry is not safe to initialize concurrently.
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

static llvm::CodeGenOptLevel toCodeGenOptLevel(unsigned level) {
  switch (level) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

/// The host's features as "+avx2,-avx512f,..."; empty when undetectable.
static std::string hostFeatures() {
  llvm::SubtargetFeatures features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    features.AddFeature(feature.first(), feature.second);
  return features.getString();
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CodegenOptions &options) {
  initializeNativeTarget();
  std::string triple = llvm::sys::getProcessTriple();
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no LLVM target for '" + triple +
                                       "': " + error);
  bool host = options.cpu.empty() || options.cpu == "host";
  std::string cpu = host ? llvm::sys::getHostCPUName().str() : options.cpu;
  // A named CPU brings its own default features.
  std::string features = host ? hostFeatures() : std::string();
  // Ask a generic subtarget: one built for an unknown CPU warns on stderr.
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!info || !info->isCPUStringValid(cpu))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unknown CPU '" + cpu + "' for " + triple);
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_,
      llvm::CodeModel::Small, toCodeGenOptLevel(options.optLevel)));
  if (!machine)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot create a target machine for " +
                                       triple + " (" + cpu + ")");
  return machine;
}

bool hasAvx512(const llvm::TargetMachine &machine) {
  llvm::StringRef features = machine.getTargetFeatureString();
  if (features.contains("+avx512f"))
    return true;
  if (features.contains("-avx512f"))
    return false;
  // A named CPU without an explicit feature string: ask its subtarget.
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      machine.getTarget().createMCSubtargetInfo(
          machine.getTargetTriple().str(), machine.getTargetCPU(), features));
  return info && info->checkFeatures("+avx512f");
}

/// The subtarget `cpu` + `features` describes on `triple`; null when LLVM
/// has no such target.
static std::unique_ptr<llvm::MCSubtargetInfo>
subtargetInfo(llvm::StringRef triple, llvm::StringRef cpu,
              llvm::StringRef features) {
  initializeNativeTarget();
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return nullptr;
  return std::unique_ptr<llvm::MCSubtargetInfo>(
      target->createMCSubtargetInfo(triple, cpu, features));
}

std::vector<std::string> missingHostFeatures(llvm::StringRef triple,
                                             llvm::StringRef cpu,
                                             llvm::StringRef features) {
  std::unique_ptr<llvm::MCSubtargetInfo> info =
      subtargetInfo(triple, cpu, features);
  if (!info)
    return {};
  // Only features the host detection names count: the rest of the table are
  // tuning flags ("slow-*", "prefer-256-bit"), not instructions.
  llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> missing;
  for (const llvm::SubtargetFeatureKV &feature :
       info->getAllProcessorFeatures()) {
    if (!info->getFeatureBits().test(feature.Value))
      continue;
    auto it = host.find(feature.Key);
    if (it != host.end() && !it->second)
      missing.push_back(feature.Key);
  }
  return missing;
}

std::vector<std::string> requiredIsaFeatures(llvm::StringRef triple,
                                             llvm::StringRef cpu,
                                             llvm::StringRef features) {
  // Kept in step with runtime/cpu/cpu_features.cc.
  static const char *const kChecked[] = {
      "sse4.2",       "avx",        "avx2",       "fma",
      "bmi",          "bmi2",       "avx512f",    "avx512bw",
      "avx512dq",     "avx512vl",   "avx512cd",   "avx512vnni",
      "avx512bf16",   "avx512vbmi", "avx512ifma", "avx512vpopcntdq",
      "avx512bitalg", "avx512vbmi2"};
  std::unique_ptr<llvm::MCSubtargetInfo> info =
      subtargetInfo(triple, cpu, features);
  if (!info)
    return {};
  std::vector<std::string> required;
  for (const char *name : kChecked)
    if (info->checkFeatures(std::string("+") + name))
      required.push_back(name);
  return required;
}

} // namespace kiln::compiler
