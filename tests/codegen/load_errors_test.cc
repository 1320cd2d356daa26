// loadObjectCode turns link failures into Status, naming what is missing.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "compiler/Codegen/Codegen.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "tests/codegen/kernels.h"
#include "tests/codegen/lower_to_llvm.h"

namespace kiln::testing {
namespace {

using compiler::CodegenOptions;
using compiler::ObjectCode;

TEST_CASE("bytes that are not an object file are an error", "[codegen]") {
  ObjectCode object;
  object.bytes = "definitely not ELF";
  object.entryPoints = {"kiln_packed_x"};
  StatusOr<compiler::JitCode> code = compiler::loadObjectCode(object);
  CHECK(!code.ok());
}

TEST_CASE("an unresolved external symbol names itself", "[codegen]") {
  mlir::MLIRContext context;
  // Already in the LLVM dialect: a kernel calling a function nobody defines.
  auto module = ParseKernels(context, R"mlir(
    llvm.func @kiln_test_no_such_function()
    llvm.func @_mlir_ciface_calls_missing(%arg0: !llvm.ptr) {
      llvm.call @kiln_test_no_such_function() : () -> ()
      llvm.return
    }
  )mlir");
  REQUIRE(module);
  mlir::FailureOr<ObjectCode> object =
      compiler::emitObjectCode(*module, CodegenOptions());
  REQUIRE(mlir::succeeded(object));
  REQUIRE(object->entryPoints ==
          std::vector<std::string>{"kiln_packed_calls_missing"});
  StatusOr<compiler::JitCode> code = compiler::loadObjectCode(*object);
  REQUIRE(!code.ok());
  INFO(code.status().ToString());
  CHECK(code.status().message().find("kiln_test_no_such_function") !=
        std::string::npos);
  CHECK(code.status().message().find("kiln_packed_calls_missing") !=
        std::string::npos);
}

TEST_CASE("an object for another architecture is refused", "[codegen]") {
  ObjectCode object;
  object.bytes =
      "\x7f"
      "ELF";
  object.triple = "aarch64-unknown-linux-gnu";
  StatusOr<compiler::JitCode> code = compiler::loadObjectCode(object);
  REQUIRE(!code.ok());
  CHECK(code.status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("baseline x86-64 code loads and runs anywhere", "[codegen]") {
  mlir::MLIRContext context;
  auto module = LowerKernels(context, kContiguousAddKernel);
  REQUIRE(module);
  CodegenOptions options;
  options.cpu = "x86-64";
  mlir::FailureOr<ObjectCode> object =
      compiler::emitObjectCode(*module, options);
  REQUIRE(mlir::succeeded(object));
  StatusOr<compiler::JitCode> code = compiler::loadObjectCode(*object);
  INFO(code.status().ToString());
  REQUIRE(code.ok());
  std::vector<float> a = {1, 2, 3}, b = {10, 20, 30}, out(3);
  MemRef<1> a_desc = Dense1d(a.data(), 3), b_desc = Dense1d(b.data(), 3),
            out_desc = Dense1d(out.data(), 3);
  void* args[] = {&a_desc, &b_desc, &out_desc};
  code->resolve("kiln_packed_vadd")(args);
  CHECK(out == std::vector<float>{11, 22, 33});
}

TEST_CASE("code needing a feature this CPU lacks is refused", "[codegen]") {
  llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  std::string lacking;
  for (const char* feature :
       {"avx512f", "amx-tile", "avx512fp16", "avx10.1-512"}) {
    auto it = host.find(feature);
    if (it != host.end() && !it->second) {
      lacking = feature;
      break;
    }
  }
  if (lacking.empty()) {
    WARN("this CPU has every candidate feature; nothing to check");
    return;
  }
  mlir::MLIRContext context;
  auto module = LowerKernels(context, kContiguousAddKernel);
  REQUIRE(module);
  CodegenOptions options;
  options.cpu = "x86-64";
  mlir::FailureOr<ObjectCode> object =
      compiler::emitObjectCode(*module, options);
  REQUIRE(mlir::succeeded(object));
  object->features = "+" + lacking;  // as if compiled for a richer CPU
  StatusOr<compiler::JitCode> code = compiler::loadObjectCode(*object);
  REQUIRE(!code.ok());
  INFO(code.status().ToString());
  CHECK(code.status().code() == StatusCode::kFailedPrecondition);
  CHECK(code.status().message().find(lacking) != std::string::npos);
}

}  // namespace
}  // namespace kiln::testing
