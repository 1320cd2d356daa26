// The kiln dialect is generated from the op table: every OpSpec is a
// registered op with TensorFlow's name, its non-derived attrs as ODS attrs,
// and type inference; nothing in the dialect is missing from the table.
#include <cctype>
#include <catch2/catch.hpp>

#include "ir/Dialect/KilnDialect.h"
#include "ir/Translate/GraphDefTranslate.h"
#include "runtime/graph/op_spec.h"

namespace kiln::testing {
namespace {

TEST_CASE("every op in the table is a registered kiln op with inference") {
  mlir::MLIRContext context;
  kiln::ir::registerKilnDialects(context);
  for (const kiln::OpSpec& spec : kiln::AllOpSpecs()) {
    INFO(spec.name);
    auto name =
        mlir::RegisteredOperationName::lookup("kiln." + spec.name, &context);
    REQUIRE(name.has_value());
    CHECK(name->hasInterface<mlir::InferTypeOpInterface>());
    CHECK(name->hasTrait<mlir::OpTrait::ZeroRegions>());
    llvm::ArrayRef<mlir::StringAttr> odsAttrs = name->getAttributeNames();
    for (const kiln::AttrSpec& attr : spec.attrs) {
      bool inOds = llvm::any_of(odsAttrs, [&](mlir::StringAttr a) {
        return a.getValue() == attr.name;
      });
      INFO(attr.name);
      CHECK(inOds == !spec.IsDerivedAttr(attr.name));
    }
  }
}

TEST_CASE("every kiln op but the Kiln-only ones comes from the table") {
  mlir::MLIRContext context;
  kiln::ir::registerKilnDialects(context);
  auto* dialect = context.getLoadedDialect<kiln::ir::KilnDialect>();
  int count = 0;
  for (mlir::RegisteredOperationName name : context.getRegisteredOperations()) {
    if (&name.getDialect() != dialect) continue;
    ++count;
    llvm::StringRef op = name.stripDialect();
    INFO(op.str());
    // Kiln-only ops (lower-case mnemonics) never come from a GraphDef.
    bool kilnOnly = llvm::is_contained(
        {"opaque", "fused_matmul", "fused_conv2d", "fusion", "yield", "launch"}, op);
    CHECK((kilnOnly || kiln::FindOpSpec(op.str()) != nullptr));
    CHECK(kilnOnly == (std::islower(static_cast<unsigned char>(op.front())) != 0));
  }
  CHECK(count == static_cast<int>(kiln::AllOpSpecs().size()) + 6);
}

}  // namespace
}  // namespace kiln::testing
