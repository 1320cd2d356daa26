//===- KilnDialect.cpp - The kiln dialect, its types and attributes -------===//
#include "ir/Dialect/KilnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace kiln::ir;

#include "ir/Dialect/KilnOpsDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "ir/Dialect/KilnOpsTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/Dialect/KilnOpsAttrs.cpp.inc"

void KilnDialect::initialize() {
  registerTypes();
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "ir/Dialect/KilnOps.cpp.inc"
      >();
}

void KilnDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "ir/Dialect/KilnOpsTypes.cpp.inc"
      >();
}

void KilnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ir/Dialect/KilnOpsAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// ShapeAttr: `#kiln.shape<*>`, `#kiln.shape<>`, `#kiln.shape<?x784>`
//===----------------------------------------------------------------------===//

Attribute ShapeAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  if (succeeded(parser.parseOptionalStar())) {
    if (parser.parseGreater())
      return {};
    return ShapeAttr::get(parser.getContext(), {}, /*unranked=*/true);
  }
  SmallVector<int64_t> dims;
  if (succeeded(parser.parseOptionalGreater()))
    return ShapeAttr::get(parser.getContext(), dims, /*unranked=*/false);
  if (parser.parseDimensionList(dims, /*allowDynamic=*/true,
                                /*withTrailingX=*/false) ||
      parser.parseGreater())
    return {};
  // TensorShapeProto's convention: -1 is an unknown dim.
  for (int64_t &dim : dims)
    if (ShapedType::isDynamic(dim))
      dim = -1;
  return ShapeAttr::get(parser.getContext(), dims, /*unranked=*/false);
}

void ShapeAttr::print(AsmPrinter &printer) const {
  printer << "<";
  if (getUnranked()) {
    printer << "*>";
    return;
  }
  llvm::interleave(
      getDims(), printer,
      [&](int64_t dim) {
        if (ShapedType::isDynamic(dim) || dim < 0)
          printer << "?";
        else
          printer << dim;
      },
      "x");
  printer << ">";
}
