// What emitObjectCode/emitAssembly produce, and how they fail.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "compiler/Codegen/Codegen.h"
#include "mlir/IR/Diagnostics.h"
#include "tests/codegen/kernels.h"
#include "tests/codegen/lower_to_llvm.h"

namespace kiln::testing {
namespace {

using compiler::CodegenOptions;
using compiler::ObjectCode;

// Collects the context's diagnostics instead of printing them.
class DiagnosticCollector {
 public:
  explicit DiagnosticCollector(mlir::MLIRContext& context)
      : handler_(&context, [this](mlir::Diagnostic& diagnostic) {
          text_ += diagnostic.str() + "\n";
          return mlir::success();
        }) {}
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  mlir::ScopedDiagnosticHandler handler_;
};

// Whether some line of `assembly` has `mnemonic` with a `reg` operand.
bool HasInstructionOn(const std::string& assembly, const std::string& mnemonic,
                      const std::string& reg) {
  std::istringstream lines(assembly);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(mnemonic) != std::string::npos &&
        line.find(reg) != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST_CASE("object code is ELF with the packed entry points", "[codegen]") {
  mlir::MLIRContext context;
  auto module =
      LowerKernels(context, std::string(kTanhScaleKernel) + kAddKernel);
  REQUIRE(module);
  mlir::FailureOr<ObjectCode> object =
      compiler::emitObjectCode(*module, CodegenOptions());
  REQUIRE(mlir::succeeded(object));
  REQUIRE(object->bytes.size() > 4);
  CHECK(object->bytes.compare(0, 4,
                              "\x7f"
                              "ELF") == 0);
  CHECK(object->entryPoints ==
        std::vector<std::string>{"kiln_packed_tanh_scale", "kiln_packed_add"});
  for (const std::string& name : object->entryPoints) {
    CHECK(object->bytes.find(name) != std::string::npos);
  }
  CHECK(object->triple.find("x86_64") != std::string::npos);
  CHECK(!object->cpu.empty());
  CHECK(object->cpu != "host");
}

TEST_CASE("skylake-avx512 vectorizes a float add with zmm", "[codegen]") {
  mlir::MLIRContext context;
  auto module = LowerKernels(context, kContiguousAddKernel);
  REQUIRE(module);
  CodegenOptions options;
  options.cpu = "skylake-avx512";
  mlir::FailureOr<std::string> assembly =
      compiler::emitAssembly(*module, options);
  REQUIRE(mlir::succeeded(assembly));
  INFO(*assembly);
  CHECK(assembly->find("kiln_packed_vadd") != std::string::npos);
  CHECK(HasInstructionOn(*assembly, "vaddps", "%zmm"));
}

TEST_CASE("baseline x86-64 stays within SSE", "[codegen]") {
  mlir::MLIRContext context;
  auto module = LowerKernels(context, kContiguousAddKernel);
  REQUIRE(module);
  CodegenOptions options;
  options.cpu = "x86-64";
  mlir::FailureOr<std::string> assembly =
      compiler::emitAssembly(*module, options);
  REQUIRE(mlir::succeeded(assembly));
  CHECK(assembly->find("%ymm") == std::string::npos);
  CHECK(assembly->find("%zmm") == std::string::npos);
  CHECK(HasInstructionOn(*assembly, "addps", "%xmm"));
}

TEST_CASE("an unknown CPU is a diagnostic", "[codegen]") {
  mlir::MLIRContext context;
  auto module = LowerKernels(context, kContiguousAddKernel);
  REQUIRE(module);
  DiagnosticCollector diagnostics(context);
  CodegenOptions options;
  options.cpu = "not-a-cpu";
  CHECK(mlir::failed(compiler::emitObjectCode(*module, options)));
  CHECK(diagnostics.text().find("not-a-cpu") != std::string::npos);
}

TEST_CASE("a module not in the LLVM dialect is a diagnostic", "[codegen]") {
  mlir::MLIRContext context;
  // Parsed but never lowered: func/scf/memref ops have no LLVM translation.
  auto module = ParseKernels(context, kTanhScaleKernel);
  REQUIRE(module);
  DiagnosticCollector diagnostics(context);
  CHECK(mlir::failed(compiler::emitObjectCode(*module, CodegenOptions())));
  CHECK(!diagnostics.text().empty());
}

}  // namespace
}  // namespace kiln::testing
